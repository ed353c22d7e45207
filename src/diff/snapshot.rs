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
        // The project folder, or its `content/`.
        let root = match path.parent() {
            Some(p) if !path.join("content").is_dir() && path.file_name().is_some_and(|n| n == "content") => p,
            _ => path,
        };
        if !root.join("content").is_dir() {
            return Err(format!("{} : ni une archive .zip ni un dossier de projet (sans content/)", path.display()));
        }
        let name = if path.as_os_str().is_empty() { ".".into() } else { path.display().to_string() };
        return resolved(root, name, None);
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
    let name = top.strip_prefix("memoire-").unwrap_or(&top).trim_end_matches('/').to_string();
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

/// Unpacks the sources of a verified archive into `dir`; returns its top folder name.
fn unpack(path: &Path, dir: &Path) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{} : {e}", path.display()))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| format!("{} : {e}", path.display()))?;
    let mut top = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| format!("{} : {e}", path.display()))?;
        let name = entry.name().map_err(|e| format!("{} : {e}", path.display()))?.to_string();
        let (head, rel) = name.split_once('/').unwrap_or(("", &name));
        top = format!("{head}/");
        if name.ends_with('/') || !SOURCES.iter().any(|s| rel.starts_with(s)) {
            continue;
        }
        // Names were checked by verify (no `..`, not absolute); sizes bounded there too.
        let target = dir.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{} : {e}", parent.display()))?;
        }
        let mut bytes = Vec::new();
        entry
            .by_ref()
            .take(crate::write::archive::MAX_ENTRY_BYTES)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{name} : {e}"))?;
        std::fs::write(&target, bytes).map_err(|e| format!("{} : {e}", target.display()))?;
    }
    Ok(top)
}
