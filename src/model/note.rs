//! A note: its front matter, role and status, body and footnotes.

use std::path::PathBuf;

use super::{Block, Image};
use crate::diag::Pos;
use crate::number::NoteNumber;

/// The special role a note plays in the mémoire, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// An ordinary note of the body.
    Body,
    /// The table of contents (`table-des-matieres.md`).
    Toc,
    /// The Résumé (front matter), with its « Mots-clés : » line.
    Abstract,
    /// The English abstract (front matter), printed and tagged as English.
    AbstractEn,
    /// The Remerciements (front matter).
    Acknowledgements,
    /// The Dédicace (front matter).
    Dedication,
    /// The Avant-propos (front matter).
    Foreword,
    /// An annex (back matter), lettered in TOC order: « Annexe A — Guide d’entretien ».
    Appendix,
    /// The Références note, where the bibliography is printed.
    Bibliography,
}

impl Role {
    /// Every role an author can write, with its `role:` value (English names are Rust's).
    pub const WRITTEN: [(&'static str, Role); 8] = [
        ("table-des-matieres", Role::Toc),
        ("resume", Role::Abstract),
        ("abstract", Role::AbstractEn),
        ("remerciements", Role::Acknowledgements),
        ("dedicace", Role::Dedication),
        ("avant-propos", Role::Foreword),
        ("annexe", Role::Appendix),
        ("references", Role::Bibliography),
    ];

    /// The role a `role:` value names.
    pub fn parse(text: &str) -> Option<Role> {
        Role::WRITTEN.iter().find(|(name, _)| *name == text).map(|(_, r)| *r)
    }

    /// The `role:` value of this role (`None` for an ordinary note).
    pub fn written(self) -> Option<&'static str> {
        Role::WRITTEN.iter().find(|(_, r)| *r == self).map(|(name, _)| *name)
    }

    /// Printed before the table of contents or just after it, depending on the presentation.
    pub fn is_front_matter(self) -> bool {
        matches!(self, Role::Abstract | Role::AbstractEn | Role::Acknowledgements | Role::Dedication | Role::Foreword)
    }
}

/// Whether a note's text is in `content/` or still to be brought in from the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The note's text is present.
    Complete,
    /// Only the front matter is known; the text is to be imported.
    ToImport,
    /// The text was imported from a copy that stops before the end of the page: what is there
    /// is printed, marked as partial.
    Partial,
}

/// One note of the carnet.
#[derive(Debug, Clone)]
pub struct Note {
    /// Path relative to the project root, e.g. `content/4.13-un-climat-de-confiance.md`.
    pub path: PathBuf,
    /// The note's front matter.
    pub meta: NoteMeta,
    /// Depth in the table of contents (1 = top level).
    pub depth: usize,
    /// The body, as blocks.
    pub blocks: Vec<Block>,
    /// The note's footnotes, in order of definition; labels are scoped to this note.
    pub footnotes: Vec<Footnote>,
    /// Where each word in capitals (a possible sigle) first appears, for messages about it.
    pub capitals: Vec<(String, crate::diag::Pos)>,
    /// Where each paragraph of `blocks` starts in the note's file, in the order a depth-first
    /// walk of `blocks` meets them (footnotes' paragraphs apart; a paragraph the resolver adds,
    /// the Résumé's keywords line, has none). The Word document anchors each paragraph with its
    /// rank, so that a returned review can be placed in the sources.
    pub paragraphs: Vec<crate::diag::Pos>,
}

/// The front matter of a note.
#[derive(Debug, Clone, Default)]
pub struct NoteMeta {
    /// The title, without number.
    pub title: String,
    /// The author's number, absent for Résumé, Table des matières, Références.
    pub number: Option<NoteNumber>,
    /// The part the note belongs to on the platform (« résultats »).
    pub part: Option<String>,
    /// Where the note lives on the En commun platform.
    pub url: Option<String>,
    /// Whether the text is present.
    pub status: Option<Status>,
    /// Role of the note in the mémoire.
    pub role: Option<Role>,
    /// The platform category (« Résultats »).
    pub category: Option<String>,
    /// Author as shown on the platform.
    pub author: Option<String>,
    /// Publication date and time on the platform, as written there.
    pub published: Option<String>,
    /// Last modification on the platform, as written there.
    pub modified: Option<String>,
    /// Platform visibility (« public »).
    pub visibility: Option<String>,
    /// Title of the next note, from the page's « Suite : » line.
    pub next: Option<String>,
    /// When the text was imported.
    pub imported: Option<String>,
    /// SHA-256 of the page copy the text was imported from.
    pub source_sha256: Option<String>,
    /// Line of the `number:` key in the file, for diagnostics.
    pub number_pos: Option<Pos>,
}

impl Note {
    /// A note without text: its file, front matter and depth (a placeholder, a note `import` is
    /// about to write, the generated table of contents).
    pub fn empty(path: std::path::PathBuf, meta: NoteMeta, depth: usize) -> Note {
        Note {
            path,
            meta,
            depth,
            blocks: Vec::new(),
            footnotes: Vec::new(),
            capitals: Vec::new(),
            paragraphs: Vec::new(),
        }
    }

    /// The note's role (ordinary body note unless the front matter says otherwise).
    pub fn role(&self) -> Role {
        self.meta.role.unwrap_or(Role::Body)
    }

    /// The note's status: a note with no body text counts as still to import, except the
    /// Références note, whose text is the list memoire makes: with no text of its own it is
    /// complete, whatever its `status:` says (no « à importer » notice above the list).
    pub fn status(&self) -> Status {
        if self.role() == Role::Bibliography && self.blocks.is_empty() {
            return Status::Complete;
        }
        self.meta.status.unwrap_or(if self.blocks.is_empty() { Status::ToImport } else { Status::Complete })
    }

    /// Where an image this note shows lives, relative to the project root (`content/…`).
    pub fn image_source(&self, img: &Image) -> PathBuf {
        let dir = self.path.parent().unwrap_or(std::path::Path::new(""));
        crate::files::normalize(&dir.join(&img.src))
    }

    /// [`Note::image_source`] with `/` separators, as the writers print it.
    pub fn image_source_slashed(&self, img: &Image) -> String {
        self.image_source(img).to_string_lossy().replace('\\', "/")
    }

    /// « 4.13 Un climat de confiance… » or just the title for unnumbered notes.
    pub fn display_title(&self) -> String {
        match &self.meta.number {
            Some(n) => format!("{n} {}", self.meta.title),
            None => self.meta.title.clone(),
        }
    }
}

/// A footnote of one note.
#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    /// The label as written (`1` in `[^1]`), unique within the note only.
    pub label: String,
    /// The footnote's content.
    pub blocks: Vec<Block>,
    /// Where it is defined.
    pub pos: Pos,
}
