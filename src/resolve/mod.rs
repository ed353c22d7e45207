//! Resolve: the pure step between loading and writing. Links between notes are checked and
//! pointed at their target, sub-headings are numbered under their note, and the counts of
//! `memoire check` are taken. Only this module can build a [`Resolved`].

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

pub mod citations;
pub mod sigles;
pub mod typography;

use crate::diag::Diagnostics;
use crate::model::{Block, Document, Inline, LinkTarget, Note, Role, Status, TocKind};
use crate::text::{count_words, visit_inlines, visit_text};

/// A document every writer can print as is: links resolved, headings numbered.
#[derive(Debug, Clone)]
pub struct Resolved {
    doc: Document,
    /// What `memoire check` summarises.
    pub stats: Stats,
    /// The bibliography as the style prints it, for the Références note.
    pub bibliography: crate::resolve::citations::PrintedBibliography,
    /// What the mémoire prints, in order: every writer walks it.
    pub plan: crate::plan::Plan,
}

impl Resolved {
    /// The resolved document.
    pub fn doc(&self) -> &Document {
        &self.doc
    }
}

/// Counts over the whole carnet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Notes in `content/`, the table of contents included.
    pub notes: usize,
    /// Notes whose text is present.
    pub with_text: usize,
    /// Notes still to import.
    pub to_import: usize,
    /// Notes imported from a partial copy (counted in `with_text` too).
    pub partial: usize,
    /// Words of prose (headings, paragraphs, lists, tables, footnotes; code excluded).
    pub words: usize,
    /// Those of the body only, introduction to conclusion, as presentation guides count them
    /// (without the front matter, the table of contents and the references).
    pub body_words: usize,
    /// Citations (a `[@a; @b]` counts once).
    pub citations: usize,
    /// Distinct works cited.
    pub cited_works: usize,
    /// Links from one note to another (or to a heading of the same note).
    pub cross_refs: usize,
    /// Footnotes.
    pub footnotes: usize,
    /// The number of notes expected, from `memoire.toml`.
    pub expected: Option<usize>,
}

/// Resolves `doc`, reporting links to missing notes or anchors into `diags`.
pub fn resolve(
    mut doc: Document,
    citations: &mut crate::resolve::citations::CitationCache,
    diags: &mut Diagnostics,
) -> Resolved {
    // Paths compared with their names composed (NFC): a link and a file may differ in form only.
    let index: HashMap<PathBuf, usize> =
        doc.notes.iter().enumerate().map(|(i, n)| (crate::files::nfc(&n.path), i)).collect();
    let anchors: Vec<HashSet<String>> = doc.notes.iter().map(note_anchors).collect();
    let content = crate::load::paths::ContentFiles { all: &doc.content_files };
    let (unlisted, mistyped) = (&doc.unlisted, &doc.mistyped);

    for note in &mut doc.notes {
        number_headings(note);
        note.meta.title = crate::resolve::typography::french(&note.meta.title);
        if note.role() == Role::AbstractEn {
            // English: its own hyphenation and quotes, no French spaces.
            let blocks = std::mem::take(&mut note.blocks);
            note.blocks = vec![Block::Lang { lang: "en".into(), blocks }];
        } else {
            crate::resolve::typography::apply(&mut note.blocks);
            note.footnotes.iter_mut().for_each(|f| crate::resolve::typography::apply(&mut f.blocks));
        }
        if note.role() == Role::Toc {
            continue; // its links are the table of contents, checked by the loader
        }
        let file = note.path.clone();
        let resolve_link = &mut |inline: &mut Inline| {
            let Inline::Link(link) = inline else { return true };
            let pos = link.pos;
            let LinkTarget::Note { path, anchor } = &mut link.target else { return true };
            let Some(&i) = index.get(&crate::files::nfc(path)) else {
                if mistyped.contains(path) {
                    return true; // one mistake, one error: the table's line says it
                }
                if unlisted.contains(path) {
                    // The file is there but the table does not list it: reported as such already.
                    diags
                        .error(
                            &file,
                            Some(pos),
                            format!("lien vers une note absente de la table des matières : {}", path.display()),
                        )
                        .with_hint(
                            "ajoutez-la à content/table-des-matieres.md (ou corrigez la ligne qui la nomme mal)",
                        );
                    return true;
                }
                let from = file.parent().unwrap_or(std::path::Path::new(""));
                let d = diags.error(&file, Some(pos), format!("lien vers une note inexistante : {}", path.display()));
                d.with_hint(content.hint(path, from).unwrap_or_else(|| {
                    "le lien doit viser un fichier listé dans la table des matières ; il est relatif à la note".into()
                }));
                return true;
            };
            if let Some(a) = anchor {
                if !anchors[i].contains(a.as_str()) {
                    let d = diags.error(&file, Some(pos), format!("ancre #{a} introuvable dans {}", path.display()));
                    let known: Vec<&str> = anchors[i].iter().map(String::as_str).collect();
                    if let Some(close) = crate::util::closest(a, &known) {
                        d.hint = Some(format!("vouliez-vous dire #{close} ?"));
                    }
                    return true;
                }
            }
            link.target = LinkTarget::Internal { note: i, anchor: anchor.take() };
            true
        };
        crate::text::visit_inlines_mut(&mut note.blocks, resolve_link);
        for f in &mut note.footnotes {
            crate::text::visit_inlines_mut(&mut f.blocks, resolve_link);
        }
    }
    front_and_back_matter(&mut doc);
    number_figures_and_tables(&mut doc, diags);
    for item in &mut doc.toc {
        if let TocKind::Part(title) = &mut item.kind {
            *title = crate::resolve::typography::french(title);
        }
    }
    let bibliography = crate::resolve::citations::format(&mut doc, citations, diags);
    let stats = stats(&doc);
    append_references(&mut doc, &bibliography, diags);
    let mut plan = crate::plan::Plan::of(&doc, typography::french(&doc.config.memoire.title));
    plan.sigles = sigles::collect(&doc, &plan.reading_order(), diags);
    Resolved { doc, stats, bibliography, plan }
}

/// Each note's annex letter (A, B… in reading order; 27, 28… past Z), `None` for other notes.
fn appendix_letters(doc: &Document) -> Vec<Option<String>> {
    let mut k = 0;
    doc.notes
        .iter()
        .map(|n| {
            (n.role() == Role::Appendix).then(|| {
                k += 1;
                if k <= 26 {
                    char::from(b'A' + (k - 1) as u8).to_string()
                } else {
                    k.to_string()
                }
            })
        })
        .collect()
}

/// The label of the Résumé's keywords line.
pub const KEYWORDS_LABEL: &str = "Mots-clés";

/// True for the Résumé's keywords line as [`front_and_back_matter`] writes it: the PDF sets it
/// without hyphens or stretched spaces.
pub fn is_keywords_line(inlines: &[Inline]) -> bool {
    matches!(inlines.first(), Some(Inline::Emph(e)) if matches!(e.as_slice(), [Inline::Text(t)] if t == KEYWORDS_LABEL))
}

/// What the roles add to their notes, once for every writer: annexes are lettered in reading
/// order (« Annexe A — Guide d’entretien »), and the Résumé ends with its « Mots-clés : » line
/// (the `keywords` of `memoire.toml`) unless the author wrote one.
fn front_and_back_matter(doc: &mut Document) {
    let keywords = doc.config.memoire.keywords.join(", ");
    let letters = appendix_letters(doc);
    for (note, letter) in doc.notes.iter_mut().zip(letters) {
        match note.role() {
            Role::Appendix => {
                let l = letter.unwrap_or_default();
                note.meta.title = format!("Annexe\u{a0}{l}\u{a0}— {}", note.meta.title);
            }
            // A Résumé still to import stays so: its keywords wait for its text.
            Role::Abstract if !keywords.is_empty() && note.status() != Status::ToImport => {
                let mut written = false;
                crate::text::visit_text(&note.blocks, &mut |t: &str| written |= t.contains("Mots-clés"));
                if !written {
                    note.blocks.push(Block::Paragraph(vec![
                        Inline::Emph(vec![Inline::Text(KEYWORDS_LABEL.into())]),
                        Inline::Text(format!("\u{a0}: {}", typography::french(&keywords))),
                    ]));
                }
            }
            _ => {}
        }
    }
}

/// Numbers figures and captioned tables by chapter, in reading order: « 4.1 » for the first of
/// chapter 4 (the first number of the note's), « A.1 » in Annexe A, plain « 1 » elsewhere.
fn number_figures_and_tables(doc: &mut Document, diags: &mut Diagnostics) {
    let ua = doc.config.build.pdf_standards.iter().any(|s| s == "ua-1");
    let mut counters: HashMap<(String, bool), usize> = HashMap::new();
    let letters = appendix_letters(doc);
    for (note, letter) in doc.notes.iter_mut().zip(letters) {
        let prefix = letter.or_else(|| note.meta.number.as_ref().map(|n| n.parts()[0].to_string()));
        let mut give = |is_table: bool| {
            let key = (prefix.clone().unwrap_or_default(), is_table);
            let n = counters.entry(key).or_insert(0);
            *n += 1;
            match &prefix {
                Some(p) => format!("{p}.{n}"),
                None => n.to_string(),
            }
        };
        let path = note.path.clone();
        crate::text::visit_blocks_mut(&mut note.blocks, &mut |b| match b {
            Block::Figure(img) => {
                img.number = Some(give(false));
                if crate::text::plain_text(&img.alt).trim().is_empty() {
                    let why = "figure sans texte de remplacement";
                    let hint = "décrivez l’image entre les crochets : ![description](chemin.png \"Légende\")";
                    if ua {
                        diags
                            .error(&path, Some(img.pos), format!("{why} : la norme PDF/UA-1 (pdf_standards) l’exige"))
                            .with_hint(hint);
                    } else {
                        diags.warning(&path, Some(img.pos), why).with_hint(hint);
                    }
                }
            }
            Block::Table(t) if !t.caption.is_empty() => t.number = Some(give(true)),
            _ => {}
        });
    }
}

/// A bibliography needs a place: without a note of role `references`, it goes at the end under
/// « Références », as Pandoc does, in a note made here (every writer then prints it like the
/// others). Said once, as a warning: the author may want the note in the table of contents.
fn append_references(
    doc: &mut Document,
    printed: &crate::resolve::citations::PrintedBibliography,
    diags: &mut Diagnostics,
) {
    if printed.items.is_empty() || doc.notes.iter().any(|n| n.role() == Role::Bibliography) {
        return;
    }
    let toc = doc.notes[0].path.clone();
    diags
        .warning(&toc, None, "aucune note « Références » (`role: references`) : la bibliographie est ajoutée à la fin")
        .with_hint(
            "pour la placer ailleurs, ajoutez à la table des matières une note dont l’en-tête porte `role: references`",
        );
    let meta = crate::model::NoteMeta {
        title: "Références".into(),
        role: Some(Role::Bibliography),
        status: Some(Status::Complete),
        ..Default::default()
    };
    doc.notes.push(Note::empty(toc, meta, 1));
    let pos = crate::diag::Pos::new(1, 1);
    doc.toc.push(crate::model::TocItem { depth: 1, kind: TocKind::Note(doc.notes.len() - 1), pos });
}

fn note_anchors(note: &Note) -> HashSet<String> {
    let mut set = HashSet::new();
    fn walk(blocks: &[Block], set: &mut HashSet<String>) {
        for b in blocks {
            match b {
                Block::Heading(h) => {
                    set.insert(h.anchor.clone());
                }
                Block::BlockQuote(bs) | Block::Lang { blocks: bs, .. } => walk(bs, set),
                _ => {}
            }
        }
    }
    walk(&note.blocks, &mut set);
    set
}

/// Levels a note's headings relative to the note, without gaps: a first `###` is its first
/// sub-level (as `##`), and `#####` under it the next one. What the author nests stays nested;
/// no output then meets a heading that skips a level (PDF/UA refuses those).
fn level_headings(note: &mut Note) {
    let mut open: Vec<u8> = Vec::new();
    // The level of the last heading printed (1: the note's title).
    let mut last: u8 = 1;
    for b in &mut note.blocks {
        match b {
            Block::Heading(h) => {
                while open.last().is_some_and(|&l| l >= h.level) {
                    open.pop();
                }
                open.push(h.level);
                h.level = ((open.len() + 1).min(6) as u8).min(last + 1);
                last = h.level;
            }
            // A heading inside a list or a quotation goes at most one level below the last
            // heading printed before it (and takes no number).
            _ => crate::text::visit_blocks_mut(std::slice::from_mut(b), &mut |inner| {
                if let Block::Heading(h) = inner {
                    h.level = h.level.clamp(2, last + 1).min(6);
                    last = h.level;
                }
            }),
        }
    }
}

/// Numbers `##` headings as note.1, note.2, `###` as note.1.1 … (unnumbered notes stay so, and
/// so do headings marked `{-}`).
fn number_headings(note: &mut Note) {
    level_headings(note);
    let Some(base) = note.meta.number.clone() else { return };
    let mut counters: Vec<u32> = Vec::new();
    for b in &mut note.blocks {
        if let Block::Heading(h) = b {
            if h.unnumbered {
                continue;
            }
            let depth = usize::from(h.level - 1);
            counters.resize(depth, 0);
            counters[depth - 1] += 1;
            h.number = Some(base.child(&counters));
        }
    }
}

fn stats(doc: &Document) -> Stats {
    let mut s = Stats { notes: doc.notes.len(), expected: doc.config.memoire.expected_notes, ..Stats::default() };
    let mut keys = BTreeSet::new();
    for note in &doc.notes {
        match (note.role(), note.status()) {
            (_, Status::ToImport) => s.to_import += 1,
            (_, Status::Complete) => s.with_text += 1,
            (_, Status::Partial) => {
                s.with_text += 1;
                s.partial += 1;
            }
        }
        if note.role() == Role::Toc {
            continue;
        }
        let before = s.words;
        s.words += count_words(&note.meta.title);
        s.footnotes += note.footnotes.len();
        let mut count = |text: &str| s.words += count_words(text);
        visit_text(&note.blocks, &mut count);
        for f in &note.footnotes {
            visit_text(&f.blocks, &mut count);
        }
        if note.role() == Role::Body {
            s.body_words += s.words - before;
        }
        let mut inline = |i: &Inline| match i {
            Inline::Cite(c) => {
                s.citations += 1;
                keys.extend(c.items.iter().map(|it| it.key.clone()));
            }
            Inline::Link(l) if matches!(l.target, LinkTarget::Internal { .. } | LinkTarget::Note { .. }) => {
                s.cross_refs += 1
            }
            _ => {}
        };
        visit_inlines(&note.blocks, &mut inline);
        for f in &note.footnotes {
            visit_inlines(&f.blocks, &mut inline);
        }
    }
    s.cited_works = keys.len();
    s
}
