//! « Vouliez-vous dire … ? » for paths: a note, an image or a table-of-contents line naming a
//! file that is not there gets the file of `content/` it most likely meant, written relative to
//! where the author writes it (links in a note are relative to the note).

use std::path::{Path, PathBuf};

/// The files of the project's sources, walked once per load (links listed, never followed).
pub fn source_files(root: &Path) -> Vec<crate::files::Found> {
    crate::files::SOURCES.iter().flat_map(|dir| crate::files::walk(root, Path::new(dir))).collect()
}

/// The regular files under `content/` among `sources`.
pub fn content_files(sources: &[crate::files::Found]) -> Vec<PathBuf> {
    sources.iter().filter(|f| !f.symlink && f.path.starts_with("content")).map(|f| f.path.clone()).collect()
}

/// The files under `content/`, where a missing one's likely meaning is looked for.
#[derive(Debug, Clone, Copy)]
pub struct ContentFiles<'a> {
    /// Every regular file.
    pub all: &'a [PathBuf],
}

impl<'a> ContentFiles<'a> {
    /// The file `wanted` most likely meant: one with the same file name elsewhere, else the
    /// closest file name among those with the same extension.
    pub fn closest(&self, wanted: &Path) -> Option<&'a Path> {
        let name = wanted.file_name()?.to_string_lossy().to_string();
        if let Some(same) = self.all.iter().find(|p| p.file_name().is_some_and(|n| n.to_string_lossy() == name)) {
            return Some(same);
        }
        let ext = wanted.extension();
        let names: Vec<String> = self
            .all
            .iter()
            .filter(|p| p.extension() == ext)
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
            .collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let close = crate::util::closest(&name, &refs)?;
        self.all.iter().find(|p| p.file_name().is_some_and(|n| n.to_string_lossy() == close)).map(PathBuf::as_path)
    }

    /// [`Self::closest`], as the author would write it from the folder `from`.
    pub fn hint(&self, wanted: &Path, from: &Path) -> Option<String> {
        let found = self.closest(wanted)?;
        (found != wanted).then(|| format!("vouliez-vous dire {} ?", crate::files::relative(from, found)))
    }
}

/// Names Windows refuses whatever the extension (`con.md`, `aux.png`).
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2",
    "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// What makes a file name impossible on Windows or macOS, if anything.
fn unportable(name: &str) -> Option<String> {
    let stem = name.split('.').next().unwrap_or("").to_lowercase();
    if RESERVED.contains(&stem.trim_end()) {
        return Some(format!("nom réservé sous Windows : « {name} »"));
    }
    if name.ends_with(['.', ' ']) {
        return Some(format!("nom qui finit par un point ou une espace : « {name} »"));
    }
    if let Some(c) = name.chars().find(|c| "<>:\"|?*\\".contains(*c) || c.is_control()) {
        return Some(format!("caractère « {} » dans le nom « {name} »", c.escape_debug()));
    }
    None
}

/// Refuses what would not survive a copy to Windows or macOS, the author's likely computers:
/// names Windows reserves or cannot write, and two names that differ only by case (one file
/// there). Every file of the project's sources is looked at.
pub fn check_portable(sources: &[crate::files::Found], diags: &mut crate::diag::Diagnostics) {
    let mut seen: std::collections::HashMap<String, PathBuf> = std::collections::HashMap::new();
    for f in sources {
        for c in f.path.components() {
            if let Some(why) = unportable(&c.as_os_str().to_string_lossy()) {
                diags
                    .error(&f.path, None, format!("{why} : Windows ne peut pas l’écrire"))
                    .with_hint("renommez le fichier ou le dossier (et ce qui le nomme)");
                break;
            }
        }
        let key = crate::files::nfc(&f.path).to_string_lossy().to_lowercase();
        match seen.get(&key) {
            Some(first) => {
                diags
                    .error(
                        &f.path,
                        None,
                        format!(
                            "{} et {} ne diffèrent que par la casse : un seul fichier sous Windows et macOS",
                            first.display(),
                            f.path.display()
                        ),
                    )
                    .with_hint("renommez l’un des deux");
            }
            None => {
                seen.insert(key, f.path.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_meant_file_is_found_and_written_from_the_note() {
        let files = ContentFiles {
            all: &["content/images/schema.png", "content/notes/4.9-animation.md", "content/notes/4.10-langage.md"]
                .map(PathBuf::from),
        };
        let from = Path::new("content/notes");
        assert_eq!(
            files.hint(Path::new("content/notes/images/schema.png"), from).unwrap(),
            "vouliez-vous dire ../images/schema.png ?"
        );
        assert_eq!(
            files.hint(Path::new("content/notes/notes/4.9-animation.md"), from).unwrap(),
            "vouliez-vous dire 4.9-animation.md ?"
        );
        assert_eq!(
            files.hint(Path::new("content/notes/4.9-animaton.md"), from).unwrap(),
            "vouliez-vous dire 4.9-animation.md ?"
        );
        assert_eq!(files.hint(Path::new("content/notes/autre.md"), from), None);
    }

    #[test]
    fn names_windows_refuses_are_found() {
        for bad in ["con.md", "AUX.png", "nul", "com1.txt", "note.", "note ", "a:b.md", "a?.md"] {
            assert!(unportable(bad).is_some(), "{bad}");
        }
        for ok in ["contexte.md", "auxiliaire.md", "4.13-un-climat.md", "été 2024.md", "console.png"] {
            assert!(unportable(ok).is_none(), "{ok}");
        }
    }
}
