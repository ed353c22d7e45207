//! The publication plan: what the mémoire prints, in order, decided once for every writer — the
//! title page (French typography already applied), the front-matter notes, then the parts and
//! notes of the body at their depth. Writers walk it; none re-decides roles, order or wording.

use crate::model::{Document, Role, TocKind};

/// The notice printed where a note's text is still to be imported (every output prints it,
/// followed by the note's address on the platform when known).
pub const TO_IMPORT_NOTICE: &str = "Texte de cette note à importer depuis la plateforme En commun";

/// The notice printed above a note imported from a partial copy of its page.
pub const PARTIAL_NOTICE: &str =
    "Texte partiel : la copie importée s’arrête avant la fin de la note ; la suite est à importer depuis la plateforme En commun";

/// The notice a note of this status carries in every output, if any.
pub fn notice(status: crate::model::Status) -> Option<&'static str> {
    match status {
        crate::model::Status::Complete => None,
        crate::model::Status::ToImport => Some(TO_IMPORT_NOTICE),
        crate::model::Status::Partial => Some(PARTIAL_NOTICE),
    }
}

/// Headings deeper than this are not in the table of contents.
pub const TOC_DEPTH: usize = 4;

/// A generated list printed after the table of contents, with a line of its own in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeneratedList {
    /// « Liste des figures ».
    Figures,
    /// « Liste des tableaux ».
    Tables,
    /// « Liste des abréviations, sigles et acronymes ».
    Sigles,
}

impl GeneratedList {
    /// Its title, as printed.
    pub fn title(self) -> &'static str {
        match self {
            GeneratedList::Figures => "Liste des figures",
            GeneratedList::Tables => "Liste des tableaux",
            GeneratedList::Sigles => "Liste des abréviations, sigles et acronymes",
        }
    }
}

/// What a line of the table of contents points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TocTarget {
    /// A note's title, by index in [`Document::notes`].
    Note(usize),
    /// A heading inside a note, by its anchor.
    Heading {
        /// The note.
        note: usize,
        /// The heading's anchor.
        anchor: String,
    },
    /// A part title: its index in [`Document::toc`].
    Part(usize),
    /// A generated list.
    List(GeneratedList),
}

/// A line of the table of contents: its level (1 = top) and what it points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocLine {
    /// Level, from 1 to [`TOC_DEPTH`].
    pub level: usize,
    /// Its target.
    pub target: TocTarget,
}

/// What the title page says, typography applied.
#[derive(Debug, Clone, PartialEq)]
pub struct TitlePage {
    /// The mémoire's title.
    pub title: String,
    /// Its subtitle.
    pub subtitle: Option<String>,
    /// The author.
    pub author: String,
    /// University and faculty.
    pub institution: Option<String>,
    /// The degree sentence.
    pub degree: Option<String>,
    /// Submission date as printed.
    pub date: Option<String>,
    /// The presentation preset, which lays the page out (the wording above is already its own).
    pub presentation: crate::presentation::Preset,
    /// The word before the author (« par »), if the preset prints one.
    pub by: Option<&'static str>,
    /// The kind of work (« Mémoire »), if the preset prints it on a line of its own.
    pub kind: Option<&'static str>,
}

/// One entry of the « Liste des abréviations, sigles et acronymes » (made by
/// `resolve::sigles`).
#[derive(Debug, Clone, PartialEq)]
pub struct Sigle {
    /// The sigle (`TC`).
    pub short: String,
    /// Its long form (« transfert de connaissances »).
    pub long: String,
}

/// One entry of the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Depth in the table of contents (1 = top level).
    pub depth: usize,
    /// A part title or a note.
    pub kind: EntryKind,
}

/// What a body entry prints.
#[derive(Debug, Clone, PartialEq)]
pub enum EntryKind {
    /// A part title (« Résultats »): its text, its place in the table of contents (`toc`,
    /// index in [`Document::toc`]) and its rank among the parts (`rank`, from 1).
    Part {
        /// The title, typography applied.
        title: String,
        /// Index of the line in [`Document::toc`].
        toc: usize,
        /// 1 for the first part, 2 for the second…
        rank: usize,
    },
    /// A note, by index in [`Document::notes`].
    Note(usize),
}

/// What the mémoire prints, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The title page.
    pub title_page: TitlePage,
    /// Notes of the front matter printed before the table of contents, in the preset's order.
    pub front: Vec<usize>,
    /// Notes of the front matter printed after the table of contents (and its lists), still in
    /// roman folios: the Résumé at UQAM, the Remerciements at Laval.
    pub after_toc: Vec<usize>,
    /// The page layout of the PDF (preset, then `[layout]`).
    pub layout: crate::presentation::Layout,
    /// The body after the table of contents: parts and notes in reading order (the front
    /// matter's notes and the table-of-contents note are not repeated here).
    pub body: Vec<Entry>,
    /// The note under which the bibliography is printed (the Références note), if any.
    pub bibliography: Option<usize>,
    /// The « Liste des abréviations, sigles et acronymes », sorted (empty: no list).
    pub sigles: Vec<Sigle>,
}

impl Plan {
    /// The notes the mémoire prints, in reading order: front matter, then the body.
    pub fn reading_order(&self) -> Vec<usize> {
        let body = self.body.iter().filter_map(|e| match e.kind {
            EntryKind::Note(i) => Some(i),
            EntryKind::Part { .. } => None,
        });
        self.front.iter().chain(&self.after_toc).copied().chain(body).collect()
    }

    /// The lines of the table of contents, in order: the front matter before it, the generated
    /// lists that have entries (figures, tables, sigles), the front matter after it, then the
    /// body's parts, notes and headings down to [`TOC_DEPTH`].
    pub fn toc_lines(&self, doc: &Document) -> Vec<TocLine> {
        let mut out = Vec::new();
        let note = |out: &mut Vec<TocLine>, i: usize, depth: usize| {
            out.push(TocLine { level: depth, target: TocTarget::Note(i) });
            for b in &doc.notes[i].blocks {
                if let crate::model::Block::Heading(h) = b {
                    let level = depth + usize::from(h.level) - 1;
                    if level <= TOC_DEPTH {
                        out.push(TocLine { level, target: TocTarget::Heading { note: i, anchor: h.anchor.clone() } });
                    }
                }
            }
        };
        self.front.iter().for_each(|&i| note(&mut out, i, 1));
        let (mut figures, mut tables) = (false, false);
        for i in self.reading_order() {
            crate::text::visit_blocks(&doc.notes[i].blocks, &mut |b| match b {
                crate::model::Block::Figure(_) => figures = true,
                crate::model::Block::Table(t) if t.number.is_some() => tables = true,
                _ => {}
            });
        }
        for (present, list) in [
            (figures, GeneratedList::Figures),
            (tables, GeneratedList::Tables),
            (!self.sigles.is_empty(), GeneratedList::Sigles),
        ] {
            if present {
                out.push(TocLine { level: 1, target: TocTarget::List(list) });
            }
        }
        self.after_toc.iter().for_each(|&i| note(&mut out, i, 1));
        for e in &self.body {
            match e.kind {
                EntryKind::Part { toc, .. } if e.depth <= TOC_DEPTH => {
                    out.push(TocLine { level: e.depth, target: TocTarget::Part(toc) })
                }
                EntryKind::Part { .. } => {}
                EntryKind::Note(i) if e.depth <= TOC_DEPTH => note(&mut out, i, e.depth),
                EntryKind::Note(_) => {}
            }
        }
        out
    }

    /// The plan of `doc`, whose note and part titles are already typeset; `title` is the
    /// mémoire's title, typeset too (resolve does both).
    pub fn of(doc: &Document, title: String) -> Plan {
        let m = &doc.config.memoire;
        let preset = m.preset();
        let title_page = TitlePage {
            title,
            subtitle: m.subtitle.clone(),
            author: m.author.clone(),
            institution: m.institution.clone().or_else(|| preset.institution().map(str::to_string)),
            degree: m.degree.as_deref().map(|d| preset.degree_line(d)),
            date: m.date.clone(),
            presentation: preset,
            by: preset.by(),
            kind: preset.kind(),
        };
        let (before, after) = preset.front_matter();
        let in_order = |roles: &[&str]| -> Vec<usize> {
            roles
                .iter()
                .filter_map(|name| Role::parse(name))
                .flat_map(|r| doc.notes.iter().enumerate().filter(move |(_, n)| n.role() == r).map(|(i, _)| i))
                .collect()
        };
        let front = in_order(before);
        let after_toc = in_order(after);
        let mut body = Vec::new();
        let mut rank = 0;
        for (k, item) in doc.toc.iter().enumerate() {
            let kind = match &item.kind {
                TocKind::Part(title) => {
                    rank += 1;
                    EntryKind::Part { title: title.clone(), toc: k, rank }
                }
                TocKind::Note(i) if doc.notes[*i].role().is_front_matter() || doc.notes[*i].role() == Role::Toc => {
                    continue
                }
                TocKind::Note(i) => EntryKind::Note(*i),
            };
            body.push(Entry { depth: item.depth, kind });
        }
        let bibliography = doc.notes.iter().position(|n| n.role() == Role::Bibliography);
        let layout = crate::presentation::Layout::of(preset, &doc.config.layout);
        Plan { title_page, front, after_toc, layout, body, bibliography, sigles: Vec::new() }
    }
}
