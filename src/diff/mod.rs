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
/// blocks; citations as the mémoire prints them (« (Wenger, 1998, p. 5) »).
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
            Block::Paragraph(i) => out.push_str(&crate::text::printed_text(i)),
            Block::Heading(h) => out.push_str(&crate::text::printed_text(&h.content)),
            Block::BlockQuote(bs) | Block::Lang { blocks: bs, .. } => blocks_text(bs, out),
            Block::List(l) => l.items.iter().for_each(|item| blocks_text(item, out)),
            Block::CodeBlock { text, .. } => out.push_str(text),
            Block::Table(t) => {
                for row in std::iter::once(&t.header).chain(&t.rows) {
                    let cells: Vec<String> = row.iter().map(|c| crate::text::printed_text(c)).collect();
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

/// A note's file as the report names it (`content/notes/4.13-….md`).
pub fn note_file(note: &Note) -> String {
    note.path.to_string_lossy().replace('\\', "/")
}

fn bibliography_keys(r: &Resolved) -> BTreeSet<String> {
    r.doc().bibliography.iter().flat_map(|b| b.library.iter().map(|e| e.key().to_string())).collect()
}

/// One note compared: `before` absent for an added note, `after` for a removed one.
fn note_diff(before: Option<&Note>, after: Option<&Note>, moved: bool) -> NoteDiff {
    let text = |n: Option<&Note>| n.map(note_text).unwrap_or_default();
    let cites = |n: Option<&Note>| n.map(cited).unwrap_or_default();
    let number = |n: &Note| n.meta.number.as_ref().map(|x| x.to_string());
    let (passages, words_removed, words_added) = words::passages(&text(before), &text(after));
    let (old_cites, new_cites) = (cites(before), cites(after));
    let shown = after.or(before).expect("one side at least");
    let (change, old_title, old_number) = match (before, after) {
        (Some(b), Some(a)) => (
            Change::Changed,
            (words::tokens(&b.meta.title) != words::tokens(&a.meta.title)).then(|| b.meta.title.clone()),
            number(b).filter(|n| Some(n) != number(a).as_ref()),
        ),
        (None, _) => (Change::Added, None, None),
        (_, None) => (Change::Removed, None, None),
    };
    NoteDiff {
        change,
        file: note_file(shown),
        number: number(shown),
        title: shown.meta.title.clone(),
        old_title,
        old_number,
        moved,
        words_removed,
        words_added,
        passages,
        citations_added: new_cites.keys().filter(|k| !old_cites.contains_key(*k)).cloned().collect(),
        citations_removed: old_cites.keys().filter(|k| !new_cites.contains_key(*k)).cloned().collect(),
        page: None,
    }
}

impl Report {
    /// Gives each note of the report the page it starts on in the new mémoire (`pages`, by
    /// note index of `new`, from [`crate::write::pdf::note_pages`]).
    pub fn set_pages(&mut self, new: &Resolved, pages: &[Option<u64>]) {
        let index: HashMap<String, usize> =
            new.doc().notes.iter().enumerate().map(|(i, n)| (note_file(n), i)).collect();
        for d in &mut self.notes {
            d.page = index.get(&d.file).and_then(|&i| pages.get(i).copied().flatten()).map(|p| p as usize);
        }
    }
}

/// Compares two resolved versions of the carnet.
pub fn compare(old: &Resolved, new: &Resolved, old_name: &str, new_name: &str) -> Report {
    let (old_notes, new_notes) = (notes(old), notes(new));
    let old_by_file: HashMap<String, usize> = old_notes.iter().map(|&i| (note_file(&old.doc().notes[i]), i)).collect();
    let new_files: BTreeSet<String> = new_notes.iter().map(|&i| note_file(&new.doc().notes[i])).collect();
    // Moved: the common notes outside the longest common order.
    let old_order: Vec<String> =
        old_notes.iter().map(|&i| note_file(&old.doc().notes[i])).filter(|f| new_files.contains(f)).collect();
    let new_order: Vec<String> =
        new_notes.iter().map(|&i| note_file(&new.doc().notes[i])).filter(|f| old_by_file.contains_key(f)).collect();
    let mut moved: BTreeSet<String> = BTreeSet::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Patience, &old_order, &new_order) {
        if let similar::DiffOp::Insert { new_index, new_len, .. }
        | similar::DiffOp::Replace { new_index, new_len, .. } = op
        {
            moved.extend(new_order[new_index..new_index + new_len].iter().cloned());
        }
    }
    let mut out: Vec<NoteDiff> = Vec::new();
    for &i in &new_notes {
        let note = &new.doc().notes[i];
        let f = note_file(note);
        let before = old_by_file.get(&f).map(|&j| &old.doc().notes[j]);
        let diff = note_diff(before, Some(note), moved.contains(&f));
        let same = diff.change == Change::Changed
            && diff.old_title.is_none()
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
        new_notes.iter().enumerate().map(|(p, &i)| (note_file(&new.doc().notes[i]), p + 1)).collect();
    let mut keyed: Vec<((usize, usize), NoteDiff)> = out.into_iter().map(|d| ((new_pos[&d.file], 0), d)).collect();
    for (k, &j) in old_notes.iter().enumerate() {
        let note = &old.doc().notes[j];
        let f = note_file(note);
        if new_files.contains(&f) {
            continue;
        }
        let after = old_notes[..k].iter().rev().find_map(|&p| new_pos.get(&note_file(&old.doc().notes[p])));
        let diff = note_diff(Some(note), None, false);
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
