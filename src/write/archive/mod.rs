//! The dated Markdown archive (`memoire-YYYY-MM-DD.zip`): the sources as they stand, the whole
//! mémoire as one Markdown file, the PDF and EPUB of the same build, a manifest with every
//! file's size and SHA-256, and `SHA256SUMS`. Deterministic; [`verify`] checks one.

pub mod escape;
mod lists;
pub mod markdown;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::date::BuildDate;
use crate::diag::{excerpt, Diagnostics};
use crate::resolve::Resolved;
use crate::write::zip::ZipBuilder;

/// Name of the manifest inside the archive's top folder.
pub const MANIFEST: &str = "MANIFEST.json";

/// The manifest: what the snapshot is and what it holds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    /// `memoire` version that made the snapshot.
    pub tool: String,
    /// Snapshot date (the build date), `YYYY-MM-DD`.
    pub date: String,
    /// Title of the mémoire.
    pub title: String,
    /// Author.
    pub author: String,
    /// Language tag.
    pub language: String,
    /// Notes in the carnet.
    pub notes: usize,
    /// Words of prose.
    pub words: usize,
    /// Every file of the archive but the manifest and `SHA256SUMS`, by path inside the top folder.
    pub files: BTreeMap<String, FileFacts>,
}

/// Size and checksum of one file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FileFacts {
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, lower-case hex.
    pub sha256: String,
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The top folder of the archive for `date`.
pub fn top_folder(date: BuildDate) -> String {
    format!("memoire-{date}")
}

/// The archive writer: it keeps the files of the writers before it (the PDF and the EPUB). Its
/// sources and `memoire.md` are compressed while those writers work ([`super::Writer::prepare`]).
#[derive(Default)]
pub struct ArchiveWriter {
    prepared: Option<Prepared>,
}

impl super::Writer for ArchiveWriter {
    fn name(&self) -> &'static str {
        "archive"
    }

    fn needs_earlier(&self) -> bool {
        true
    }

    fn prepare(&mut self, input: &super::Input<'_>, stages: &mut super::Stages, diags: &mut Diagnostics) {
        let t = std::time::Instant::now();
        self.prepared = prepare(input.resolved, input.assets, input.date, diags);
        stages.times.push(("sources de l’archive (en parallèle)", t.elapsed()));
    }

    fn write(
        &mut self,
        input: &super::Input<'_>,
        earlier: &[super::OutFile],
        stages: &mut super::Stages,
        diags: &mut Diagnostics,
    ) -> Option<Vec<super::OutFile>> {
        let t = std::time::Instant::now();
        let (r, date) = (input.resolved, input.date);
        let prepared = match self.prepared.take() {
            Some(p) => p,
            None => prepare(r, input.assets, date, diags)?,
        };
        let built: Vec<(String, &[u8])> = earlier.iter().map(|f| (f.name.clone(), f.bytes.as_slice())).collect();
        let bytes = finish(prepared, r, date, &built, diags)?;
        stages.times.push(("fin de l’archive", t.elapsed()));
        let name = file_name(&r.doc().config.build.archive, date).to_string_lossy().into_owned();
        Some(vec![super::OutFile::new(name, bytes)])
    }
}

/// An archive with everything but the outputs of the run: the sources and `memoire.md`, already
/// compressed. `memoire build` makes it while Typst lays out the PDF.
pub struct Prepared {
    zip: ZipBuilder,
    top: String,
    facts: BTreeMap<String, FileFacts>,
}

/// Starts the archive: the sources (sorted by path), then `memoire.md`.
pub fn prepare(
    r: &Resolved,
    assets: &crate::model::Assets,
    date: BuildDate,
    diags: &mut Diagnostics,
) -> Option<Prepared> {
    // The sources as they were read (sorted by path), then memoire.md.
    let sources = assets.sources.iter().map(|(p, b)| (p.clone(), b.0.as_slice()));
    let memoire_md = markdown::write(r).into_bytes();
    let files: Vec<(String, &[u8])> = sources.chain([("memoire.md".to_string(), memoire_md.as_slice())]).collect();
    let mut prepared =
        Prepared { zip: zip_or_report(ZipBuilder::new(date), diags)?, top: top_folder(date), facts: BTreeMap::new() };
    for (path, bytes) in &files {
        prepared.add(path, bytes, diags)?;
    }
    Some(prepared)
}

impl Prepared {
    fn add(&mut self, path: &str, bytes: &[u8], diags: &mut Diagnostics) -> Option<()> {
        // Files already compressed are stored as they are.
        let compress = ![".pdf", ".epub", ".png", ".jpg"].iter().any(|ext| path.ends_with(ext));
        zip_or_report(self.zip.add(&format!("{}/{path}", self.top), bytes, compress), diags)?;
        self.facts.insert(path.to_string(), FileFacts { size: bytes.len() as u64, sha256: sha256_hex(bytes) });
        Some(())
    }
}

/// Ends the archive: the outputs of the run, then `MANIFEST.json` and `SHA256SUMS`, which list
/// every file of the archive.
pub fn finish(
    mut prepared: Prepared,
    r: &Resolved,
    date: BuildDate,
    outputs: &[(String, &[u8])],
    diags: &mut Diagnostics,
) -> Option<Vec<u8>> {
    for (path, bytes) in outputs {
        prepared.add(path, bytes, diags)?;
    }
    let m = &r.doc().config.memoire;
    let manifest = Manifest {
        tool: format!("memoire {}", env!("CARGO_PKG_VERSION")),
        date: date.to_string(),
        title: m.title.clone(),
        author: m.author.clone(),
        language: m.language.clone(),
        notes: r.stats.notes,
        words: r.stats.words,
        files: std::mem::take(&mut prepared.facts),
    };
    let sums: String = manifest.files.iter().map(|(p, f)| format!("{}  {p}\n", f.sha256)).collect();
    let manifest_json = serde_json::to_string_pretty(&manifest).expect("a manifest serialises") + "\n";
    let top = prepared.top.clone();
    for (name, bytes) in [(MANIFEST, manifest_json.into_bytes()), ("SHA256SUMS", sums.into_bytes())] {
        zip_or_report(prepared.zip.add(&format!("{top}/{name}"), &bytes, true), diags)?;
    }
    zip_or_report(prepared.zip.finish(), diags)
}

fn zip_or_report<T>(result: Result<T, String>, diags: &mut Diagnostics) -> Option<T> {
    result.map_err(|e| diags.error(Path::new(""), None, format!("archive : {e}"))).ok()
}

/// What [`verify`] found.
#[derive(Debug, Default, PartialEq)]
pub struct Verification {
    /// Files of the manifest that are intact.
    pub ok: usize,
    /// Files of the manifest missing from the archive.
    pub missing: Vec<String>,
    /// Files whose size or checksum differs.
    pub changed: Vec<String>,
    /// Files in the archive the manifest does not list.
    pub added: Vec<String>,
    /// Problems with the archive itself (unreadable, no manifest, SHA256SUMS disagreeing).
    pub problems: Vec<String>,
}

impl Verification {
    /// True when every file is as the manifest says and nothing was added.
    pub fn intact(&self) -> bool {
        self.missing.is_empty() && self.changed.is_empty() && self.added.is_empty() && self.problems.is_empty()
    }
}

/// The most one entry of a verified archive may inflate to: 2 GiB.
pub const MAX_ENTRY_BYTES: u64 = 2 << 30;
/// The most all entries of a verified archive may inflate to together: 8 GiB.
pub const MAX_TOTAL_BYTES: u64 = 8 << 30;
/// The most `MANIFEST.json` or `SHA256SUMS` may hold (they are read into memory): 16 MiB.
const MAX_LIST_BYTES: u64 = 16 << 20;

/// True for an entry name that stays inside the folder it is extracted to: relative, `/`
/// separators, no empty, `.` or `..` part, no drive letter.
pub fn safe_entry_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains(['\\', '\0', ':'])
        && name.trim_end_matches('/').split('/').all(|part| !part.is_empty() && part != "." && part != "..")
}

/// What one entry of the zip holds, as read once, in a stream.
enum Read {
    /// Size and SHA-256 of the inflated bytes.
    Hashed(u64, String),
    /// A list kept in memory (`MANIFEST.json`, `SHA256SUMS`).
    Kept(Vec<u8>),
}

/// Checks every file of an archive against its manifest. Entries are inflated in a stream
/// through the hash, never held in memory, and bounded ([`MAX_ENTRY_BYTES`],
/// [`MAX_TOTAL_BYTES`]); unsafe or duplicate names make the archive not intact, whatever the
/// manifest says.
pub fn verify(path: &Path) -> Verification {
    let mut v = Verification::default();
    let file = match std::fs::File::open(path) {
        Ok(f) => std::io::BufReader::new(f),
        Err(e) => {
            v.problems.push(format!("{} : lecture impossible : {e}", path.display()));
            return v;
        }
    };
    if let Err(why) = whole_zip(path) {
        v.problems.push(format!("{} : {why}", path.display()));
        return v;
    }
    let mut zip = match zip::ZipArchive::new(file) {
        Ok(z) => z,
        Err(e) => {
            v.problems.push(format!("{} : pas une archive zip lisible (tronquée ou abîmée ?) : {e}", path.display()));
            return v;
        }
    };
    if zip.has_duplicate_names() {
        v.problems.push("des entrées portent le même nom : archive falsifiée ou abîmée".into());
    }
    let Some(manifest_name) = zip_manifest_name(&zip) else {
        v.problems.push(format!("aucun {MANIFEST} dans l’archive"));
        return v;
    };
    let top = manifest_name.trim_end_matches(MANIFEST).to_string();
    let sums_name = format!("{top}SHA256SUMS");
    let mut contents: BTreeMap<String, Read> = BTreeMap::new();
    let mut total = 0u64;
    for i in 0..zip.len() {
        let name = match zip.name_for_index(i) {
            Some(Ok(n)) => n.to_string(),
            _ => {
                v.problems.push(format!("entrée n° {} : nom illisible", i + 1));
                continue;
            }
        };
        if !safe_entry_name(&name) {
            v.problems.push(format!("entrée « {} » : nom dangereux (absolu ou avec `..`)", excerpt(&name, 80)));
            continue;
        }
        if name.ends_with('/') {
            continue;
        }
        let is_list = name == manifest_name || name == sums_name;
        let read = read_entry(&mut zip, i, is_list, MAX_TOTAL_BYTES.saturating_sub(total));
        match read {
            Ok(r) => {
                if let Read::Hashed(size, _) = &r {
                    total += size;
                }
                contents.insert(name, r);
            }
            Err(why) => v.problems.push(format!("{} : {why}", excerpt(&name, 80))),
        }
    }
    let manifest: Manifest = match contents.get(&manifest_name) {
        Some(Read::Kept(bytes)) => match serde_json::from_slice(bytes) {
            Ok(m) => m,
            Err(e) => {
                v.problems.push(format!("{manifest_name} illisible : {e}"));
                return v;
            }
        },
        _ => {
            v.problems.push(format!("{manifest_name} illisible (archive tronquée ou abîmée)"));
            return v;
        }
    };
    for (rel, facts) in &manifest.files {
        if !safe_entry_name(rel) {
            v.problems.push(format!("le manifeste liste un nom dangereux : « {} »", excerpt(rel, 80)));
            continue;
        }
        match contents.get(&format!("{top}{rel}")) {
            None => v.missing.push(rel.clone()),
            Some(Read::Hashed(size, sha)) if *size == facts.size && *sha == facts.sha256 => v.ok += 1,
            Some(_) => v.changed.push(rel.clone()),
        }
    }
    for name in contents.keys() {
        let rel = name.strip_prefix(&top).unwrap_or(name);
        if rel != MANIFEST && rel != "SHA256SUMS" && !manifest.files.contains_key(rel) {
            v.added.push(rel.to_string());
        }
    }
    let expected: String = manifest.files.iter().map(|(p, f)| format!("{}  {p}\n", f.sha256)).collect();
    match contents.get(&sums_name) {
        Some(Read::Kept(s)) if s == expected.as_bytes() => {}
        Some(_) => v.problems.push("SHA256SUMS ne correspond pas au manifeste".into()),
        None => v.missing.push("SHA256SUMS".into()),
    }
    v
}

/// Checks that the file ends where its zip structure says: the end-of-central-directory record
/// (`PK\x05\x06`, 22 bytes and its comment) closes it. A cut copy fails here, before a reader
/// could mistake what is left for a smaller archive.
fn whole_zip(path: &Path) -> Result<(), String> {
    use std::io::{Read as _, Seek, SeekFrom};
    let truncated = || "archive tronquée ou abîmée : sa fin (le répertoire central du zip) manque".to_string();
    let mut f = std::fs::File::open(path).map_err(|e| format!("lecture impossible : {e}"))?;
    let len = f.metadata().map_err(|e| e.to_string())?.len();
    let tail_len = len.min(22 + 65_535);
    f.seek(SeekFrom::Start(len - tail_len)).map_err(|e| e.to_string())?;
    let mut tail = Vec::with_capacity(tail_len as usize);
    f.take(tail_len).read_to_end(&mut tail).map_err(|e| e.to_string())?;
    let closes = (0..tail.len().saturating_sub(21)).rev().any(|i| {
        tail[i..].starts_with(b"PK\x05\x06")
            && i + 22 + usize::from(u16::from_le_bytes([tail[i + 20], tail[i + 21]])) == tail.len()
    });
    if closes {
        Ok(())
    } else {
        Err(truncated())
    }
}

/// The name of the first `…/MANIFEST.json` entry, read from the central directory.
fn zip_manifest_name<R: std::io::Read + std::io::Seek>(zip: &zip::ZipArchive<R>) -> Option<String> {
    zip.file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .find(|n| n.ends_with(&format!("/{MANIFEST}")) && safe_entry_name(n))
}

/// Reads entry `i` once: kept in memory when `keep` (bounded by 16 MiB), else hashed in a
/// stream, bounded by [`MAX_ENTRY_BYTES`] and by `budget` (what the total allows).
fn read_entry<R: std::io::Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    i: usize,
    keep: bool,
    budget: u64,
) -> Result<Read, String> {
    use std::io::Read as _;
    let limit = if keep { MAX_LIST_BYTES } else { MAX_ENTRY_BYTES.min(budget) };
    let mut f = zip.by_index(i).map_err(|e| format!("entrée illisible (archive tronquée ou abîmée ?) : {e}"))?;
    let too_large = || format!("plus de {} Mio une fois décompressé : refusé", limit >> 20);
    if f.size() > limit {
        return Err(too_large());
    }
    let mut hasher = Sha256::new();
    let mut kept = Vec::new();
    let mut size = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = f.read(&mut buf).map_err(|e| format!("contenu illisible (archive abîmée) : {e}"))?;
        if n == 0 {
            break;
        }
        size += n as u64;
        if size > limit {
            return Err(too_large());
        }
        if keep {
            kept.extend_from_slice(&buf[..n]);
        } else {
            hasher.update(&buf[..n]);
        }
    }
    Ok(if keep { Read::Kept(kept) } else { Read::Hashed(size, hex(&hasher.finalize())) })
}

/// The snapshot date written in `MANIFEST.json` at the project root, when the project is an
/// extracted archive: rebuilding it then gives the same bytes without `--date`.
pub fn snapshot_date(root: &Path) -> Option<BuildDate> {
    let text = crate::files::read(root, Path::new(MANIFEST)).ok()?;
    let m: Manifest = serde_json::from_slice(&text).ok()?;
    BuildDate::parse(&m.date).ok()
}

/// Path of the archive for `date`, from the configured pattern.
pub fn file_name(pattern: &str, date: BuildDate) -> PathBuf {
    PathBuf::from(pattern.replace("{date}", &date.to_string()))
}
