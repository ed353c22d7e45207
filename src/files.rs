//! Walking the project's folders: one place decides what a project file is (sorted, hidden
//! entries skipped, symbolic links reported but never followed).

use std::fs::Metadata;
use std::path::{Path, PathBuf};

/// A file or symbolic link found below a project folder.
#[derive(Debug)]
pub struct Found {
    /// Path relative to the project root.
    pub path: PathBuf,
    /// True for a symbolic link (never followed), false for a regular file.
    pub symlink: bool,
    /// The entry's own metadata (a link's, not its target's).
    pub metadata: Metadata,
}

/// Every regular file and symbolic link below `rel` (relative to `root`), sorted by path.
pub fn walk(root: &Path, rel: &Path) -> Vec<Found> {
    let mut out = Vec::new();
    walk_into(root, rel, &mut out);
    out
}

fn walk_into(root: &Path, rel: &Path, out: &mut Vec<Found>) {
    let Ok(entries) = std::fs::read_dir(root.join(rel)) else { return };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = rel.join(e.file_name());
        let Ok(metadata) = e.metadata() else { continue }; // DirEntry::metadata does not follow links
        let kind = metadata.file_type();
        if kind.is_dir() {
            walk_into(root, &path, out);
        } else if kind.is_file() || kind.is_symlink() {
            out.push(Found { path, symlink: kind.is_symlink(), metadata });
        }
    }
}
