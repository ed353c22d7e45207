//! The generated Typst files, and the source map from each back to the notes: Typst's messages
//! and a click on the preview's pages are placed in the author's files with it.

use std::path::{Path, PathBuf};

use super::super::escape;
use super::Writer;
use crate::diag::Pos;
use crate::write::pages::TextId;

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
    /// Where the file prints text of the resolved document, in increasing offset order: the
    /// EPUB marks the PDF's page breaks with it ([`crate::write::pages`]).
    pub texts: Vec<TextSpan>,
}

/// A piece of a generated file that prints a value of the resolved document: bytes `at..end`
/// of the file are `id`'s text from its byte `from`, escaped ([`super::escape::markup`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextSpan {
    /// Start in the generated file.
    pub at: usize,
    /// End in the generated file.
    pub end: usize,
    /// The value printed.
    pub id: TextId,
    /// Where in the value's text the piece starts (bytes).
    pub from: usize,
}

impl TypstFile {
    /// The note file and position a byte offset of the generated file came from.
    pub fn origin_of(&self, offset: usize) -> Option<(&Path, Pos)> {
        let i = self.origins.partition_point(|(o, _, _)| *o <= offset);
        i.checked_sub(1).map(|i| (self.origins[i].1.as_path(), self.origins[i].2))
    }

    /// The value of the resolved document printed at `offset`, and the byte of its text there.
    pub fn text_at(&self, offset: usize) -> Option<(TextId, usize)> {
        let i = self.texts.partition_point(|t| t.at <= offset).checked_sub(1)?;
        let span = self.texts[i];
        let escaped = self.text.get(span.at..offset.min(span.end))?;
        // Undo the escaping: a backslash stands before one ASCII punctuation character.
        let mut bytes = 0;
        let mut chars = escaped.chars();
        while let Some(c) = chars.next() {
            bytes += if c == '\\' { chars.next().map_or(0, char::len_utf8) } else { c.len_utf8() };
        }
        (offset < span.end).then_some((span.id, span.from + bytes))
    }
}

/// The source map, as the markup writer records it.
impl Writer<'_> {
    /// Writes `run`, bytes `from..` of the text of `id`, escaped, and remembers where it went
    /// (see [`TextSpan`]); not in a title copied for the table of contents.
    pub(super) fn text_run(&mut self, id: TextId, from: usize, run: &str) {
        let at = self.out.len();
        escape::markup_into(&mut self.out, run);
        if !self.plain {
            self.texts.push(TextSpan { at, end: self.out.len(), id, from });
        }
    }

    /// Writes a heading's number (`#numero[1.2]`), remembered as its text; returns that markup.
    pub(super) fn number(&mut self, n: &crate::number::NoteNumber) -> String {
        let start = self.out.len();
        self.out.push_str("#numero[");
        let shown = n.to_string();
        let at = self.out.len();
        escape::markup_into(&mut self.out, &shown);
        self.texts.push(TextSpan { at, end: self.out.len(), id: TextId::of(n), from: 0 });
        self.out.push(']');
        self.out[start..].to_string()
    }

    /// Records where the next paragraph of the note's text starts ([`Note::paragraphs`]), so that
    /// Typst's messages and a click on the preview's pages reach its line.
    pub(super) fn paragraph_origin(&mut self) {
        if self.in_footnote {
            return;
        }
        self.paragraph_rank += 1;
        if let Some(&pos) = self.doc.notes[self.note].paragraphs.get(self.paragraph_rank - 1) {
            self.origin(pos);
        }
    }

    pub(super) fn origin(&mut self, pos: Pos) {
        let path = self.doc.notes[self.note].path.clone();
        self.origins.push((self.out.len(), path, pos));
    }
}
