//! One side of `memoire diff`: a dated archive (checked as `memoire verify` does, then its
//! sources unpacked in a temporary folder) or a project folder, loaded and resolved.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::resolve::Resolved;

/// A version of the carnet, resolved.
pub struct Snapshot {
    /// How the report names it: the archive's date (`2026-11-01`) or the folder.
    pub name: String,
    pub resolved: Resolved,
    /// The project folder it was read from (a temporary one for an archive, removed on drop).
    pub root: PathBuf,
    _unpacked: Option<tempfile::TempDir>,
}

/// The folders of an archive that make a project.
const SOURCES: &[&str] = &["content/", "bibliography/", "styles/"];

/// Opens `path`: a `.zip` archive made by `memoire build`, or a project folder.
pub fn open(path: &Path) -> Result<Snapshot, String> {
    if !path.exists() {
        return Err(format!(
            "{} : introuvable (une archive dist/memoire-AAAA-MM-JJ.zip ou un dossier de projet)",
            path.display()
        ));
    }
    if path.is_dir() {
        // The project folder, or its `content/` (`content`, `content/`: its parent is « . »).
        let named_content = path.components().next_back().is_some_and(|c| c.as_os_str() == "content");
        let root = match path.parent() {
            Some(p) if !path.join("content").is_dir() && named_content => {
                if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                }
            }
            _ => path,
        };
        if !root.join("content").is_dir() {
            return Err(format!("{} : ni une archive .zip ni un dossier de projet (sans content/)", path.display()));
        }
        let name = if path.as_os_str().is_empty() { ".".into() } else { path.display().to_string() };
        return resolved(root, name, None);
    }
    if !path.is_file() {
        // A named pipe or a device would block the reader, or never end.
        return Err(format!("{} : ni un fichier ni un dossier (tube, périphérique ?) : refusé", path.display()));
    }
    let v = crate::write::archive::verify(path);
    if !v.intact() {
        let mut why: Vec<String> = v.problems.clone();
        why.extend(v.changed.iter().map(|f| format!("{f} : modifié depuis l’archivage")));
        why.extend(v.missing.iter().map(|f| format!("{f} : absent")));
        why.extend(v.added.iter().map(|f| format!("{f} : ajouté après l’archivage")));
        return Err(format!("{} : archive refusée (memoire verify) : {}", path.display(), why.join(" ; ")));
    }
    let dir = tempfile::Builder::new()
        .prefix("memoire-diff-")
        .tempdir()
        .map_err(|e| format!("dossier temporaire impossible : {e}"))?;
    let top = unpack(path, dir.path())?;
    let name = top.strip_prefix("memoire-").unwrap_or(&top).trim_end_matches('/');
    // The name comes from the archive: control characters (terminal escapes) are shown, not sent.
    let name = crate::diag::excerpt(&name.escape_debug().to_string(), 80);
    let root = dir.path().to_path_buf();
    resolved(&root, name, Some(dir))
}

fn resolved(root: &Path, name: String, unpacked: Option<tempfile::TempDir>) -> Result<Snapshot, String> {
    let (r, diags) = crate::check::run(root, false);
    match r {
        Some(resolved) if !diags.has_errors() => {
            Ok(Snapshot { name, resolved, root: root.to_path_buf(), _unpacked: unpacked })
        }
        _ => {
            let sorted = diags.sorted();
            let first = sorted.iter().find(|d| d.severity == crate::diag::Severity::Error).or(sorted.first());
            let first = first.map(|d| d.to_string()).unwrap_or_default();
            Err(format!("{name} : le carnet a des erreurs ({first})"))
        }
    }
}

/// The most the sources unpacked from one archive may weigh together: 1 GiB (each file is
/// bounded by the project's own limit, [`crate::files::MAX_FILE_BYTES`]).
const MAX_SOURCES_BYTES: u64 = 1 << 30;

/// Unpacks the sources of a verified archive into `dir`, streaming each entry to its file
/// within the project's limits; returns its top folder name. On an error, what was written
/// stays in `dir`, which its owner removes.
fn unpack(path: &Path, dir: &Path) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{} : {e}", path.display()))?;
    let mut zip =
        zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| format!("{} : {e}", path.display()))?;
    let mut top = String::new();
    let mut total = 0u64;
    let limit = crate::files::MAX_FILE_BYTES;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| format!("{} : {e}", path.display()))?;
        let name = entry.name().map_err(|e| format!("{} : {e}", path.display()))?.to_string();
        let (head, rel) = name.split_once('/').unwrap_or(("", &name));
        top = format!("{head}/");
        if name.ends_with('/') || !SOURCES.iter().any(|s| rel.starts_with(s)) {
            continue;
        }
        let too_large = || {
            format!(
                "{} : {rel} dépasse {} Mio une fois décompressé, la limite d’un fichier du projet : refusé",
                path.display(),
                limit >> 20
            )
        };
        if entry.size() > limit {
            return Err(too_large());
        }
        // Names were checked by verify (no `..`, not absolute).
        let target = dir.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{} : {e}", parent.display()))?;
        }
        let mut out = std::fs::File::create(&target).map_err(|e| format!("{} : {e}", target.display()))?;
        let copied =
            std::io::copy(&mut entry.by_ref().take(limit + 1), &mut out).map_err(|e| format!("{name} : {e}"))?;
        if copied > limit {
            return Err(too_large());
        }
        total += copied;
        if total > MAX_SOURCES_BYTES {
            return Err(format!(
                "{} : sources de plus de {} Mio une fois décompressées : refusé",
                path.display(),
                MAX_SOURCES_BYTES >> 20
            ));
        }
    }
    Ok(top)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zip whose one source entry inflates past the project's file limit (issue 25, item 10):
    /// refused while streaming, never held in memory, nothing larger than the limit written.
    #[test]
    fn an_entry_past_the_file_limit_is_refused_while_unpacking() {
        let t = tempfile::tempdir().unwrap();
        let zip_path = t.path().join("bombe.zip");
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("memoire-2026-12-04/content/notes/a.md", options).unwrap();
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..(crate::files::MAX_FILE_BYTES >> 20) + 1 {
            std::io::Write::write_all(&mut zip, &chunk).unwrap();
        }
        zip.finish().unwrap();
        assert!(std::fs::metadata(&zip_path).unwrap().len() < 1 << 20, "a small archive");
        let out = t.path().join("sortie");
        let err = unpack(&zip_path, &out).unwrap_err();
        assert!(err.contains("content/notes/a.md dépasse 64 Mio"), "{err}");
        let written = std::fs::metadata(out.join("content/notes/a.md")).map_or(0, |m| m.len());
        assert!(written <= crate::files::MAX_FILE_BYTES, "{written} bytes written");
    }
}
