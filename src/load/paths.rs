//! « Vouliez-vous dire … ? » for paths: a note, an image or a table-of-contents line naming a
//! file that is not there gets the file of `content/` it most likely meant, written relative to
//! where the author writes it (links in a note are relative to the note).

use std::path::{Path, PathBuf};

/// The files under `content/` (links never followed), by kind.
#[derive(Debug, Default)]
pub struct ContentFiles {
    /// Every regular file.
    pub all: Vec<PathBuf>,
}

impl ContentFiles {
    /// Walks `content/` of the project at `root`.
    pub fn of(root: &Path) -> ContentFiles {
        let all =
            crate::files::walk(root, Path::new("content")).into_iter().filter(|f| !f.symlink).map(|f| f.path).collect();
        ContentFiles { all }
    }

    /// The file `wanted` most likely meant: one with the same file name elsewhere, else the
    /// closest file name among those with the same extension.
    pub fn closest(&self, wanted: &Path) -> Option<&Path> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_meant_file_is_found_and_written_from_the_note() {
        let files = ContentFiles {
            all: ["content/images/schema.png", "content/notes/4.9-animation.md", "content/notes/4.10-langage.md"]
                .map(PathBuf::from)
                .to_vec(),
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
}
