//! The project's files: one place decides what a project file is (sorted walks, hidden entries
//! skipped, symbolic links reported but never followed) and what may be read (a path inside the
//! project once every symbolic link is followed, of bounded size).

use std::fs::Metadata;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The project's source folders: what the author writes, what the archive keeps, what `watch`
/// watches. Outputs never go there.
pub const SOURCES: &[&str] = &["content", "bibliography", "styles"];

/// The folders no output, report or temporary file may be written into: the sources and the
/// backups of replaced notes (`sauvegardes/`).
pub const PROTECTED: &[&str] = &["content", "bibliography", "styles", "sauvegardes"];

/// The protected folder of the project at `root` (see [`PROTECTED`]) that holds `real_dir`, a
/// folder whose every link is already followed (`canonicalize`d).
pub fn protected_folder(root: &Path, real_dir: &Path) -> Option<&'static str> {
    let real_root = root.canonicalize().ok()?;
    PROTECTED.iter().copied().find(|p| {
        let folder = real_root.join(p);
        real_dir.starts_with(folder.canonicalize().unwrap_or(folder))
    })
}

/// The largest source file read (a note, a bibliography, a style, an image): 64 MiB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

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

/// Why a project path may not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Nothing at that path (or a dangling link).
    Missing,
    /// Written as an absolute path or climbing out with `..`.
    Escapes,
    /// Inside as written, but a symbolic link leads to this place outside the project.
    LeadsOutside(PathBuf),
    /// Not a regular file (a folder, a device…).
    NotAFile,
    /// Larger than the limit (size in bytes).
    TooLarge(u64),
    /// Any other input/output error.
    Io(String),
}

impl Refused {
    /// The reason in French, naming `rel` (never the content of anything).
    pub fn message(&self, rel: &Path) -> String {
        let rel = rel.display();
        match self {
            Refused::Missing => format!("fichier introuvable : {rel}"),
            Refused::Escapes => format!("chemin hors du projet : {rel} (chemin absolu ou `..`)"),
            Refused::LeadsOutside(real) => {
                format!("{rel} est un lien symbolique qui mène hors du projet ({}) : refusé", real.display())
            }
            Refused::NotAFile => format!("{rel} n’est pas un fichier ordinaire"),
            Refused::TooLarge(n) => {
                format!("{rel} est trop grand ({} Mio ; {} Mio au plus)", n.div_ceil(1 << 20), MAX_FILE_BYTES >> 20)
            }
            Refused::Io(e) => format!("lecture impossible de {rel} : {e}"),
        }
    }
}

/// True when `rel` is written as a path below the root: relative, without `..`.
pub fn stays_below(rel: &Path) -> bool {
    rel.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir)) && !rel.as_os_str().is_empty()
}

/// Where `rel` really is once every link is followed, when that place is a regular file inside
/// the project at `root`.
pub fn confined(root: &Path, rel: &Path) -> Result<PathBuf, Refused> {
    if !stays_below(rel) {
        return Err(Refused::Escapes);
    }
    let real = match root.join(rel).canonicalize() {
        Ok(p) => p,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // The same name in another Unicode form (macOS writes names decomposed).
            return match unicode_equivalent(root, rel) {
                Some(other) => confined(root, &other),
                None => Err(Refused::Missing),
            };
        }
        Err(e) => return Err(Refused::Io(e.to_string())),
    };
    let real_root = root.canonicalize().map_err(|e| Refused::Io(e.to_string()))?;
    if !real.starts_with(&real_root) {
        return Err(Refused::LeadsOutside(real));
    }
    let meta = std::fs::metadata(&real).map_err(|e| Refused::Io(e.to_string()))?;
    if !meta.is_file() {
        return Err(Refused::NotAFile);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Refused::TooLarge(meta.len()));
    }
    Ok(real)
}

/// Reads the project file `rel` after [`confined`] allowed it, never more than
/// [`MAX_FILE_BYTES`] (a file that grows while being read is refused too).
pub fn read(root: &Path, rel: &Path) -> Result<Vec<u8>, Refused> {
    let real = confined(root, rel)?;
    let file = std::fs::File::open(&real).map_err(|e| Refused::Io(e.to_string()))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| Refused::Io(e.to_string()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Refused::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// [`read`] as UTF-8 text; invalid UTF-8 is reported with its line.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Refused> {
    let bytes = read(root, rel)?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        Refused::Io(format!("le fichier n’est pas en UTF-8 (ligne {line})"))
    })
}

/// `rel` as the disk spells it when only the Unicode form of its names differs: macOS writes
/// names decomposed (NFD: « e » + accent), a link typed elsewhere is composed (NFC: « é »). Each
/// missing component is looked up among its folder's entries by its composed form. `None` when
/// nothing matches or the disk already has `rel`.
pub fn unicode_equivalent(root: &Path, rel: &Path) -> Option<PathBuf> {
    use unicode_normalization::UnicodeNormalization as _;
    let mut found = PathBuf::new();
    for c in rel.components() {
        let Component::Normal(name) = c else { return None };
        let candidate = found.join(name);
        if root.join(&candidate).symlink_metadata().is_ok() {
            found = candidate;
            continue;
        }
        let want: String = name.to_str()?.nfc().collect();
        let entries = std::fs::read_dir(root.join(&found)).ok()?;
        let entry = entries.flatten().find(|e| e.file_name().to_str().is_some_and(|n| n.nfc().eq(want.chars())))?;
        found.push(entry.file_name());
    }
    (found != rel).then_some(found)
}

/// `path` with its names composed (NFC), the form paths are compared in.
pub fn nfc(path: &Path) -> PathBuf {
    use unicode_normalization::UnicodeNormalization as _;
    PathBuf::from(path.to_string_lossy().nfc().collect::<String>())
}

/// `path` with `/` between its names, whatever the platform (`C:/Users/…` on Windows; the root
/// of an absolute Unix path is left out: `home/…`).
pub fn slashed(path: &Path) -> String {
    let names = path.components().filter(|c| !matches!(c, Component::RootDir));
    names.map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

/// `to` relative to the folder `from` (both relative to the project root), with `/`:
/// from `content/notes` to `content/images/a.png`, `../images/a.png`.
pub fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to_c: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to_c).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".into(); from.len() - common];
    parts.extend(to_c[common..].iter().map(|c| c.as_os_str().to_string_lossy().to_string()));
    parts.join("/")
}

/// Removes `.` and folds `..` in a relative path (without touching the disk).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.last(), Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push(c);
                }
            }
            other => out.push(other),
        }
    }
    out.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalize() {
        assert_eq!(normalize(Path::new("content/a/../b.md")), PathBuf::from("content/b.md"));
        assert_eq!(normalize(Path::new("content/../../b.md")), PathBuf::from("../b.md"));
    }

    #[test]
    fn paths_that_climb_out_are_refused_before_any_read() {
        for p in ["../x.md", "content/../../x.md", "/etc/passwd", ""] {
            assert!(!stays_below(Path::new(p)), "{p}");
            assert_eq!(confined(Path::new("."), Path::new(p)), Err(Refused::Escapes), "{p}");
        }
        assert!(stays_below(Path::new("content/notes/a.md")));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_then_judged() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "secret").unwrap();
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("content")).unwrap();
        std::fs::write(root.path().join("content/a.md"), "a").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.md"), root.path().join("content/out.md")).unwrap();
        std::os::unix::fs::symlink("a.md", root.path().join("content/in.md")).unwrap();
        assert_eq!(read(root.path(), Path::new("content/in.md")).unwrap(), b"a");
        let err = read(root.path(), Path::new("content/out.md")).unwrap_err();
        assert!(matches!(&err, Refused::LeadsOutside(p) if p.ends_with("secret.md")), "{err:?}");
        let msg = err.message(Path::new("content/out.md"));
        assert!(msg.contains("content/out.md") && msg.contains("secret.md") && !msg.contains("secret\n"), "{msg}");
        assert_eq!(read(root.path(), Path::new("content")), Err(Refused::NotAFile));
        assert_eq!(read(root.path(), Path::new("content/none.md")), Err(Refused::Missing));
    }
}
