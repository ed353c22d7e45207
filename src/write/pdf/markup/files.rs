//! The generated Typst files, and the source map from each back to the notes: Typst's messages
//! and a click on the preview's pages are placed in the author's files with it.

use std::path::{Path, PathBuf};

use crate::diag::Pos;

/// Folder of the generated note files, which exist only in memory (Typst's world serves them).
pub const GENERATED_DIR: &str = "memoire-genere";

/// The generated Typst files: the main file, which includes one file per note. One file per
/// note lets Typst keep what it made of every other note when one is edited (`memoire watch`).
#[derive(Debug, Clone)]
pub struct Generated {
    /// The main file: settings, parts, table of contents, `#include` of each note.
    pub main: TypstFile,
    /// One file per note, in reading order.
    pub notes: Vec<TypstFile>,
}

impl Generated {
    /// The generated file at `path` (relative to the project root), if there is one.
    pub fn file(&self, path: &str) -> Option<&TypstFile> {
        std::iter::once(&self.main).chain(&self.notes).find(|f| f.path == path)
    }
}

/// One generated Typst file and where its parts came from.
#[derive(Debug, Clone)]
pub struct TypstFile {
    /// Its path in Typst's world, relative to the project root.
    pub path: String,
    /// Typst source.
    pub text: String,
    /// `(byte offset in text, note file, position)`, in increasing offset order.
    pub origins: Vec<(usize, PathBuf, Pos)>,
}

impl TypstFile {
    /// The note file and position a byte offset of the generated file came from.
    pub fn origin_of(&self, offset: usize) -> Option<(&Path, Pos)> {
        let i = self.origins.partition_point(|(o, _, _)| *o <= offset);
        i.checked_sub(1).map(|i| (self.origins[i].1.as_path(), self.origins[i].2))
    }
}
