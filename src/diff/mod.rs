//! `memoire diff`: what changed between two states of the carnet (dated archives or project
//! folders). Both are loaded and resolved as a build would; notes are matched by their file;
//! the comparison is pure ([`compare`]) and printed by [`render`] (terminal, Markdown, JSON,
//! Typst for the PDF).

pub mod render;
pub mod snapshot;
pub mod words;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::model::{Block, Inline, Note, Role};
use crate::resolve::Resolved;
use words::Piece;

/// What happened to a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// In the new version only.
    Added,
    /// In the old version only.
    Removed,
    /// In both, with a different text, title or place.
    Changed,
}

/// One note that is not the same in both versions.
#[derive(Debug, Clone, Serialize)]
pub struct NoteDiff {
    pub change: Change,
    /// Its file, relative to the project (`content/notes/4.13-….md`).
    pub file: String,
    /// Number and title in the new version (the old one for a removed note).
    pub number: Option<String>,
    pub title: String,
    /// The old title, when it changed.
    pub old_title: Option<String>,
    /// The old number, when it changed.
    pub old_number: Option<String>,
    /// Moved in the table of contents (its order among the notes of both versions changed).
    pub moved: bool,
    pub words_removed: usize,
    pub words_added: usize,
    /// The changed passages, word by word.
    pub passages: Vec<Vec<Piece>>,
    pub citations_added: Vec<String>,
    pub citations_removed: Vec<String>,
    /// The page of the new PDF the note starts on (filled in for `--pdf`).
    pub page: Option<usize>,
}

/// Everything `memoire diff` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// How each side is named (`2026-11-01`, `content/`).
    pub old: String,
    pub new: String,
    /// The notes that differ, in reading order (a removed note where it stood).
    pub notes: Vec<NoteDiff>,
    pub bibliography_added: Vec<String>,
    pub bibliography_removed: Vec<String>,
}

impl Report {
    /// Notes added, removed, moved, retitled, with a changed text.
    pub fn counts(&self) -> [usize; 5] {
        let n = |f: &dyn Fn(&NoteDiff) -> bool| self.notes.iter().filter(|d| f(d)).count();
        [
            n(&|d| d.change == Change::Added),
            n(&|d| d.change == Change::Removed),
            n(&|d| d.moved),
            n(&|d| d.old_title.is_some()),
            n(&|d| d.change == Change::Changed && !d.passages.is_empty()),
        ]
    }
}

/// The text of a note as a reader sees it: its blocks and footnotes, a blank line between
/// blocks; citations as written (`[@wenger1998, p. 5]`).
pub fn note_text(note: &Note) -> String {
    let mut out = String::new();
    blocks_text(&note.blocks, &mut out);
    for f in &note.footnotes {
        blocks_text(&f.blocks, &mut out);
    }
    out.trim_end().to_string()
}

fn blocks_text(blocks: &[Block], out: &mut String) {
    for b in blocks {
        match b {
            Block::Paragraph(i) => out.push_str(&crate::text::plain_text(i)),
            Block::Heading(h) => out.push_str(&crate::text::plain_text(&h.content)),
            Block::BlockQuote(bs) | Block::Lang { blocks: bs, .. } => blocks_text(bs, out),
            Block::List(l) => l.items.iter().for_each(|item| blocks_text(item, out)),
            Block::CodeBlock { text, .. } => out.push_str(text),
            Block::Table(t) => {
                for row in std::iter::once(&t.header).chain(&t.rows) {
                    let cells: Vec<String> = row.iter().map(|c| crate::text::plain_text(c)).collect();
                    out.push_str(&cells.join(" | "));
                    out.push('\n');
                }
                out.push_str(&crate::text::plain_text(&t.caption));
            }
            Block::Figure(img) => out.push_str(&crate::text::caption(img)),
            Block::Rule => {}
        }
        out.push_str("\n\n");
    }
}

/// The keys a note cites, with how many times.
fn cited(note: &Note) -> BTreeMap<String, usize> {
    let mut keys = BTreeMap::new();
    let mut count = |i: &Inline| {
        if let Inline::Cite(c) = i {
            for item in &c.items {
                *keys.entry(item.key.clone()).or_default() += 1;
            }
        }
    };
    crate::text::visit_inlines(&note.blocks, &mut count);
    for f in &note.footnotes {
        crate::text::visit_inlines(&f.blocks, &mut count);
    }
    keys
}

/// The notes of a version that count: every note but the table of contents, in reading order.
fn notes(r: &Resolved) -> Vec<usize> {
    r.plan.reading_order().into_iter().filter(|&i| r.doc().notes[i].role() != Role::Toc).collect()
}

fn file(note: &Note) -> String {
    note.path.to_string_lossy().replace('\\', "/")
}

fn bibliography_keys(r: &Resolved) -> BTreeSet<String> {
    r.doc().bibliography.iter().flat_map(|b| b.library.iter().map(|e| e.key().to_string())).collect()
}

/// Compares two resolved versions of the carnet.
pub fn compare(old: &Resolved, new: &Resolved, old_name: &str, new_name: &str) -> Report {
    let (old_notes, new_notes) = (notes(old), notes(new));
    let old_by_file: HashMap<String, usize> = old_notes.iter().map(|&i| (file(&old.doc().notes[i]), i)).collect();
    let new_files: BTreeSet<String> = new_notes.iter().map(|&i| file(&new.doc().notes[i])).collect();
    // Moved: the common notes outside the longest common order.
    let old_order: Vec<String> =
        old_notes.iter().map(|&i| file(&old.doc().notes[i])).filter(|f| new_files.contains(f)).collect();
    let new_order: Vec<String> =
        new_notes.iter().map(|&i| file(&new.doc().notes[i])).filter(|f| old_by_file.contains_key(f)).collect();
    let mut moved: BTreeSet<String> = BTreeSet::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Patience, &old_order, &new_order) {
        if let similar::DiffOp::Insert { new_index, new_len, .. } = op {
            moved.extend(new_order[new_index..new_index + new_len].iter().cloned());
        }
        if let similar::DiffOp::Replace { new_index, new_len, .. } = op {
            moved.extend(new_order[new_index..new_index + new_len].iter().cloned());
        }
    }
    let mut out: Vec<NoteDiff> = Vec::new();
    for &i in &new_notes {
        let note = &new.doc().notes[i];
        let f = file(note);
        let number = note.meta.number.as_ref().map(|n| n.to_string());
        let Some(&j) = old_by_file.get(&f) else {
            let text = note_text(note);
            let (passages, _, added) = words::passages("", &text);
            out.push(NoteDiff {
                change: Change::Added,
                file: f,
                number,
                title: note.meta.title.clone(),
                old_title: None,
                old_number: None,
                moved: false,
                words_removed: 0,
                words_added: added,
                passages,
                citations_added: cited(note).into_keys().collect(),
                citations_removed: Vec::new(),
                page: None,
            });
            continue;
        };
        let before = &old.doc().notes[j];
        let (passages, removed, added) = words::passages(&note_text(before), &note_text(note));
        let old_number = before.meta.number.as_ref().map(|n| n.to_string());
        let (old_cites, new_cites) = (cited(before), cited(note));
        let diff = NoteDiff {
            change: Change::Changed,
            file: f.clone(),
            title: note.meta.title.clone(),
            old_title: (words::tokens(&before.meta.title) != words::tokens(&note.meta.title))
                .then(|| before.meta.title.clone()),
            old_number: (old_number != number).then_some(old_number).flatten(),
            number,
            moved: moved.contains(&f),
            words_removed: removed,
            words_added: added,
            passages,
            citations_added: new_cites.keys().filter(|k| !old_cites.contains_key(*k)).cloned().collect(),
            citations_removed: old_cites.keys().filter(|k| !new_cites.contains_key(*k)).cloned().collect(),
            page: None,
        };
        let same = diff.old_title.is_none()
            && diff.old_number.is_none()
            && !diff.moved
            && diff.passages.is_empty()
            && diff.citations_added.is_empty()
            && diff.citations_removed.is_empty();
        if !same {
            out.push(diff);
        }
    }
    // Reading order: a removed note goes after the note that preceded it in the old version.
    let new_pos: HashMap<String, usize> =
        new_notes.iter().enumerate().map(|(p, &i)| (file(&new.doc().notes[i]), p + 1)).collect();
    let mut keyed: Vec<((usize, usize), NoteDiff)> = out.into_iter().map(|d| ((new_pos[&d.file], 0), d)).collect();
    for (k, &j) in old_notes.iter().enumerate() {
        let note = &old.doc().notes[j];
        let f = file(note);
        if new_files.contains(&f) {
            continue;
        }
        let text = note_text(note);
        let (passages, removed, _) = words::passages(&text, "");
        let after = old_notes[..k].iter().rev().find_map(|&p| new_pos.get(&file(&old.doc().notes[p])));
        let diff = NoteDiff {
            change: Change::Removed,
            file: f,
            number: note.meta.number.as_ref().map(|n| n.to_string()),
            title: note.meta.title.clone(),
            old_title: None,
            old_number: None,
            moved: false,
            words_removed: removed,
            words_added: 0,
            passages,
            citations_added: Vec::new(),
            citations_removed: cited(note).into_keys().collect(),
            page: None,
        };
        keyed.push(((after.copied().unwrap_or(0), k + 1), diff));
    }
    keyed.sort_by_key(|(key, _)| *key);
    let out: Vec<NoteDiff> = keyed.into_iter().map(|(_, d)| d).collect();
    let (old_bib, new_bib) = (bibliography_keys(old), bibliography_keys(new));
    Report {
        old: old_name.to_string(),
        new: new_name.to_string(),
        notes: out,
        bibliography_added: new_bib.difference(&old_bib).cloned().collect(),
        bibliography_removed: old_bib.difference(&new_bib).cloned().collect(),
    }
}
