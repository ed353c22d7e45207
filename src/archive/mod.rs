//! The dated Markdown archive (`memoire-YYYY-MM-DD.zip`): the sources as they stand, the whole
//! mémoire as one Markdown file, the PDF and EPUB of the same build, a manifest with every
//! file's size and SHA-256, and `SHA256SUMS`. Deterministic; [`verify`] checks one.

pub mod markdown;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::date::BuildDate;
use crate::diag::Diagnostics;
use crate::resolve::Resolved;
use crate::zipout::ZipBuilder;

/// Folders of the project that go into the archive, as they stand.
pub const SOURCES: &[&str] = &["content", "bibliography", "styles"];

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
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The top folder of the archive for `date`.
pub fn top_folder(date: BuildDate) -> String {
    format!("memoire-{date}")
}

/// Collects the source files under `root`: regular files only (a symbolic link is never
/// followed, and is reported), no hidden files, names valid UTF-8, sorted.
pub fn source_files(root: &Path, diags: &mut Diagnostics) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for dir in SOURCES {
        for f in crate::files::walk(root, Path::new(dir)) {
            let Some(name) = f.path.to_str().map(|n| n.replace('\\', "/")) else {
                diags.warning(&f.path, None, "nom de fichier qui n’est pas de l’UTF-8 : laissé hors de l’archive");
                continue;
            };
            if f.symlink {
                diags.warning(&f.path, None, "lien symbolique laissé hors de l’archive (jamais suivi)");
                continue;
            }
            match std::fs::read(root.join(&f.path)) {
                Ok(bytes) => out.push((name, bytes)),
                Err(err) => {
                    diags.error(&f.path, None, format!("lecture impossible : {err}"));
                }
            }
        }
    }
    out.sort();
    out
}

/// An archive with everything but the outputs of the run: the sources and `memoire.md`, already
/// compressed. `memoire build` makes it while Typst lays out the PDF.
pub struct Prepared {
    zip: ZipBuilder,
    top: String,
    facts: BTreeMap<String, FileFacts>,
}

/// Starts the archive: the sources (sorted by path), then `memoire.md`.
pub fn prepare(r: &Resolved, root: &Path, date: BuildDate, diags: &mut Diagnostics) -> Option<Prepared> {
    let mut files: Vec<(String, Vec<u8>)> = source_files(root, diags);
    files.push(("memoire.md".into(), markdown::write(r).into_bytes()));
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

/// Checks every file of an archive against its manifest.
pub fn verify(path: &Path) -> Verification {
    use std::io::Read;
    let mut v = Verification::default();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            v.problems.push(format!("{} : lecture impossible : {e}", path.display()));
            return v;
        }
    };
    let mut zip = match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(z) => z,
        Err(e) => {
            v.problems.push(format!("{} : pas une archive zip lisible ({e})", path.display()));
            return v;
        }
    };
    let mut contents: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for i in 0..zip.len() {
        let Ok(mut f) = zip.by_index(i) else {
            v.problems.push(format!("entrée {i} illisible"));
            continue;
        };
        if f.is_dir() {
            continue;
        }
        let name = f.name().map(|n| n.to_string()).unwrap_or_else(|_| format!("(entrée {i})"));
        let mut buf = Vec::new();
        if f.read_to_end(&mut buf).is_err() {
            v.problems.push(format!("{name} : contenu illisible (archive abîmée)"));
            continue;
        }
        contents.insert(name, buf);
    }
    let Some(manifest_name) = contents.keys().find(|k| k.ends_with(&format!("/{MANIFEST}"))).cloned() else {
        v.problems.push(format!("aucun {MANIFEST} dans l’archive"));
        return v;
    };
    let top = manifest_name.trim_end_matches(MANIFEST).to_string();
    let manifest: Manifest = match serde_json::from_slice(&contents[&manifest_name]) {
        Ok(m) => m,
        Err(e) => {
            v.problems.push(format!("{manifest_name} illisible : {e}"));
            return v;
        }
    };
    for (rel, facts) in &manifest.files {
        match contents.get(&format!("{top}{rel}")) {
            None => v.missing.push(rel.clone()),
            Some(b) if b.len() as u64 != facts.size || sha256_hex(b) != facts.sha256 => v.changed.push(rel.clone()),
            Some(_) => v.ok += 1,
        }
    }
    for name in contents.keys() {
        let rel = name.strip_prefix(&top).unwrap_or(name);
        if rel != MANIFEST && rel != "SHA256SUMS" && !manifest.files.contains_key(rel) {
            v.added.push(rel.to_string());
        }
    }
    let expected: String = manifest.files.iter().map(|(p, f)| format!("{}  {p}\n", f.sha256)).collect();
    match contents.get(&format!("{top}SHA256SUMS")) {
        Some(s) if s == expected.as_bytes() => {}
        Some(_) => v.problems.push("SHA256SUMS ne correspond pas au manifeste".into()),
        None => v.missing.push("SHA256SUMS".into()),
    }
    v
}

/// The snapshot date written in `MANIFEST.json` at the project root, when the project is an
/// extracted archive: rebuilding it then gives the same bytes without `--date`.
pub fn snapshot_date(root: &Path) -> Option<BuildDate> {
    let text = std::fs::read(root.join(MANIFEST)).ok()?;
    let m: Manifest = serde_json::from_slice(&text).ok()?;
    BuildDate::parse(&m.date).ok()
}

/// Path of the archive for `date`, from the configured pattern.
pub fn file_name(pattern: &str, date: BuildDate) -> PathBuf {
    PathBuf::from(pattern.replace("{date}", &date.to_string()))
}
