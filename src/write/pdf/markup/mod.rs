//! Resolved document → the Typst main file that imports `styles/memoire.typ`. Pure: no I/O.
//! All note text goes through [`escape`]; a source map remembers which note (and line) each
//! part of the generated file came from, so that Typst errors point at the author's files.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::PathBuf;

use super::escape;

mod inlines;
use crate::date::BuildDate;
use crate::diag::Pos;
use crate::model::{Align, Block, Document, Image, Note};
use crate::plan::{EntryKind, TitlePage};
use crate::resolve::Resolved;

mod files;
use crate::write::pages::TextId;
pub use files::{Generated, TextSpan, TypstFile, GENERATED_DIR};

/// Label of a note, or of one of its headings.
pub fn label(note: usize, anchor: Option<&str>) -> String {
    match anchor {
        Some(a) => format!("n{note}-{}", escape::label(a)),
        None => format!("n{note}"),
    }
}

/// Label of a bibliography entry.
pub fn entry_label(key: &str) -> String {
    format!("bib-{}", escape::label(key))
}

/// Writes the Typst files for `r`, dated `date`.
pub fn generate(r: &Resolved, date: BuildDate) -> Generated {
    let doc = r.doc();
    let mut w = Writer {
        bibliography: &r.bibliography,
        plan: &r.plan,
        out: String::with_capacity(64 * 1024),
        origins: Vec::new(),
        doc,
        note: 0,
        seen_footnotes: HashSet::new(),
        open_parens: 0,
        toc: Vec::new(),
        figures: Vec::new(),
        tables: Vec::new(),
        plain: false,
        notes: Vec::new(),
        paragraph_rank: 0,
        in_footnote: false,
        texts: Vec::new(),
    };
    w.preamble(doc, &r.plan.title_page, date);
    // Front matter: the Résumé (and any other abstract-like note), then the generated TOC.
    w.out.push_str("#show: liminaire\n\n");
    for &i in &r.plan.front {
        w.note(i, 1);
    }
    let toc_at = w.out.len();
    let toc_lines_before = w.toc.len();
    for &i in &r.plan.after_toc {
        w.note(i, 1);
    }
    w.out.push_str("#show: corps-du-texte\n\n");
    for entry in &r.plan.body {
        match &entry.kind {
            EntryKind::Part { title, toc, .. } => {
                let label = format!("partie-{toc}");
                let _ = write!(w.out, "#heading(level: {})[", entry.depth);
                w.text_run(TextId::of(title), 0, title);
                let _ = write!(w.out, "]<{label}>\n\n");
                w.toc_line(entry.depth, label, escape::markup(title));
            }
            EntryKind::Note(i) => w.note(*i, entry.depth),
        }
    }
    // The table of contents goes before the body, whose headings it lists: it is inserted now.
    let toc = w.toc_call(toc_lines_before);
    w.out.insert_str(toc_at, &toc);
    for origin in &mut w.origins {
        if origin.0 >= toc_at {
            origin.0 += toc.len();
        }
    }
    for span in &mut w.texts {
        if span.at >= toc_at {
            span.at += toc.len();
            span.end += toc.len();
        }
    }
    let main = TypstFile { path: super::world::MAIN_PATH.to_string(), text: w.out, origins: w.origins, texts: w.texts };
    Generated { main, notes: w.notes }
}

/// The layout as a Typst dictionary for the template (`mise-en-page`).
fn layout_dict(l: &crate::presentation::Layout) -> String {
    let folio = match l.folio {
        crate::presentation::Folio::TopRight => "haut-droite",
        crate::presentation::Folio::BottomCenter => "bas-centre",
    };
    format!(
        "(papier: \"{}\", marges: (top: {}, right: {}, bottom: {}, left: {}), taille: {}pt, interligne: {}, folio: \"{folio}\", couleur-liens: rgb(\"{}\"))",
        escape::string(&l.paper),
        l.margins[0],
        l.margins[1],
        l.margins[2],
        l.margins[3],
        l.font_size,
        l.line_spacing,
        escape::string(&l.link_color),
    )
}

struct Writer<'d> {
    bibliography: &'d crate::resolve::citations::PrintedBibliography,
    plan: &'d crate::plan::Plan,
    out: String,
    origins: Vec<(usize, PathBuf, Pos)>,
    doc: &'d Document,
    note: usize,
    seen_footnotes: HashSet<String>,
    /// Parentheses opened and not yet closed in the current paragraph.
    open_parens: i32,
    /// Lines of the table of contents, `(level, label, title)`, in document order.
    toc: Vec<(usize, String, String)>,
    /// Lines of the list of figures, `(label, number, caption)`.
    figures: Vec<(String, String, String)>,
    /// Lines of the list of tables, `(label, number, caption)`.
    tables: Vec<(String, String, String)>,
    /// Writing a title for the table of contents: no footnotes, links as their text.
    plain: bool,
    /// The notes' files written so far.
    notes: Vec<TypstFile>,
    /// Rank in the note of the next paragraph of its text ([`Note::paragraphs`]).
    paragraph_rank: usize,
    /// Writing a footnote: its paragraphs are not ranked among the text's.
    in_footnote: bool,
    /// Where the file being written prints values of the resolved document.
    texts: Vec<TextSpan>,
}

fn opt_string(v: Option<&str>) -> String {
    match v {
        Some(s) if !s.trim().is_empty() => format!("\"{}\"", escape::string(s)),
        _ => "none".into(),
    }
}

impl Writer<'_> {
    fn preamble(&mut self, doc: &Document, page: &TitlePage, date: BuildDate) {
        let m = &doc.config.memoire;
        let keywords: Vec<String> = m.keywords.iter().map(|k| format!("\"{}\"", escape::string(k))).collect();
        let _ = write!(
            self.out,
            "// Généré par memoire : ne pas modifier. Le gabarit est styles/memoire.typ.\n\
             #import \"/styles/memoire.typ\": *\n\
             #show: memoire.with(\n  titre: {},\n  sous-titre: {},\n  auteur: {},\n  etablissement: {},\n  grade: {},\n  date-depot: {},\n  date: datetime(year: {}, month: {}, day: {}),\n  mots-cles: ({}),\n  presentation: \"{}\",\n  mot-par: {},\n  genre: {},\n  mise-en-page: {},\n)\n\n",
            opt_string(Some(&page.title)),
            opt_string(page.subtitle.as_deref()),
            opt_string(Some(&page.author)),
            opt_string(page.institution.as_deref()),
            opt_string(page.degree.as_deref()),
            opt_string(page.date.as_deref()),
            date.year,
            date.month,
            date.day,
            keywords.join(", ") + if keywords.len() == 1 { "," } else { "" },
            page.presentation.name(),
            opt_string(page.by),
            opt_string(page.kind),
            layout_dict(&self.plan.layout),
        );
    }

    /// Writes note `i` in a file of its own, included from the main file.
    fn note(&mut self, i: usize, depth: usize) {
        let path = format!("{GENERATED_DIR}/note-{i}.typ");
        let main = std::mem::replace(&mut self.out, String::from("#import \"/styles/memoire.typ\": *\n\n"));
        let main_origins = std::mem::take(&mut self.origins);
        let main_texts = std::mem::take(&mut self.texts);
        self.note_body(i, depth);
        let text = std::mem::replace(&mut self.out, main);
        let origins = std::mem::replace(&mut self.origins, main_origins);
        let texts = std::mem::replace(&mut self.texts, main_texts);
        let _ = write!(self.out, "#include \"/{path}\"\n\n");
        self.notes.push(TypstFile { path, text, origins, texts });
    }

    fn note_body(&mut self, i: usize, depth: usize) {
        self.note = i;
        self.seen_footnotes.clear();
        self.paragraph_rank = 0;
        let note: &Note = &self.doc.notes[i];
        self.origin(Pos::new(1, 1));
        let _ = write!(self.out, "#heading(level: {depth})[");
        let number = note.meta.number.as_ref().map(|n| self.number(n));
        // A numbered title that wraps goes on under its text, not under its number.
        if number.is_some() {
            self.out.push_str("#suite-titre[");
        }
        self.text_run(TextId::of(&note.meta.title), 0, &note.meta.title);
        if number.is_some() {
            self.out.push(']');
        }
        let _ = write!(self.out, "]<{}>\n\n", label(i, None));
        let title = number.unwrap_or_default() + &escape::markup(&note.meta.title);
        self.toc_line(depth, label(i, None), title);
        if let Some(notice) = crate::plan::notice(note.status()) {
            let notice = opt_string(Some(notice));
            let url = note.meta.url.as_deref().map(crate::write::encode_url);
            let _ = write!(self.out, "#a-importer({notice}, {})\n\n", opt_string(url.as_deref()));
        }
        let blocks = &note.blocks;
        self.blocks(blocks, depth);
        if self.plan.bibliography == Some(i) {
            let hanging = self.bibliography.hanging_indent;
            for item in &self.bibliography.items {
                let _ = write!(self.out, "#entree-bibliographie(retrait-suspendu: {hanging})[");
                self.inlines(&item.content);
                let _ = write!(self.out, "]<{}>\n\n", entry_label(&item.key));
            }
        }
    }

    fn blocks(&mut self, blocks: &[Block], depth: usize) {
        for b in blocks {
            self.block(b, depth);
        }
    }

    fn block(&mut self, b: &Block, depth: usize) {
        self.open_parens = 0;
        match b {
            Block::Paragraph(inl) if crate::resolve::is_keywords_line(inl) => {
                self.paragraph_origin();
                self.out.push_str("#ligne-mots-cles[");
                self.inlines(inl);
                self.out.push_str("]\n\n");
            }
            Block::Paragraph(inl) => {
                // An explicit paragraph: Typst then handles its text only when it lays the
                // paragraph out (and keeps that), not on each pass over the whole document.
                self.paragraph_origin();
                self.out.push_str("#par[");
                self.inlines(inl);
                self.out.push_str("]\n\n");
            }
            Block::Heading(h) => {
                self.origin(h.pos);
                let level = depth + usize::from(h.level) - 1;
                let anchor = label(self.note, Some(&h.anchor));
                let _ = write!(self.out, "#heading(level: {level})[");
                let number = h.number.as_ref().map(|n| self.number(n)).unwrap_or_default();
                if number.is_empty() {
                    self.inlines(&h.content);
                } else {
                    self.out.push_str("#suite-titre[");
                    self.inlines(&h.content);
                    self.out.push(']');
                }
                let _ = write!(self.out, "]<{anchor}>\n\n");
                let title = number + &self.plain_markup(&h.content);
                self.toc_line(level, anchor, title);
            }
            Block::BlockQuote(bs) => {
                self.out.push_str("#quote(block: true)[\n");
                self.blocks(bs, depth);
                self.out.push_str("]\n\n");
            }
            Block::List(l) => {
                if l.ordered {
                    let _ = write!(self.out, "#enum(start: {}", l.start);
                } else {
                    self.out.push_str("#list(");
                }
                for (k, item) in l.items.iter().enumerate() {
                    if k > 0 || l.ordered {
                        self.out.push_str(", ");
                    }
                    self.out.push('[');
                    self.item_blocks(item, depth);
                    self.out.push(']');
                }
                self.out.push_str(")\n\n");
            }
            Block::CodeBlock { info, text } => {
                let lang = info.split_whitespace().next().filter(|l| l.chars().all(|c| c.is_ascii_alphanumeric()));
                let _ = write!(
                    self.out,
                    "#raw(block: true, lang: {}, \"{}\")\n\n",
                    opt_string(lang),
                    escape::string(text.trim_end_matches('\n'))
                );
            }
            Block::Table(t) => {
                let aligns: Vec<&str> = t
                    .aligns
                    .iter()
                    .map(|a| match a {
                        Align::None | Align::Left => "left",
                        Align::Center => "center",
                        Align::Right => "right",
                    })
                    .collect();
                // A captioned table is a numbered figure of kind table, its title above it.
                let captioned = t.number.clone().map(|n| {
                    let caption = self.plain_markup(&t.caption);
                    let anchor = format!("tab-{}", self.tables.len() + 1);
                    self.tables.push((anchor.clone(), n.clone(), caption.clone()));
                    (n, caption, anchor)
                });
                if let Some((n, caption, _)) = &captioned {
                    let _ = write!(
                        self.out,
                        "#figure(kind: table, numbering: none, caption: figure.caption(position: top, legende(\"Tableau\", \"{}\")[{caption}]), ",
                        escape::string(n)
                    );
                }
                let hash = if captioned.is_some() { "" } else { "#" }; // code inside #figure(…)
                let _ = write!(
                    self.out,
                    "{hash}align(center, table(columns: {}, align: ({},), table.header(",
                    t.aligns.len().max(1),
                    aligns.join(", ")
                );
                for cell in &t.header {
                    self.out.push_str("strong[");
                    self.inlines(cell);
                    self.out.push_str("], ");
                }
                self.out.push_str("), ");
                for row in &t.rows {
                    for k in 0..t.aligns.len().max(1) {
                        self.out.push('[');
                        if let Some(cell) = row.get(k) {
                            self.inlines(cell);
                        }
                        self.out.push_str("], ");
                    }
                }
                self.out.push_str("))");
                match captioned {
                    Some((_, _, anchor)) => {
                        let _ = write!(self.out, ")<{anchor}>\n\n");
                    }
                    None => self.out.push_str("\n\n"),
                }
            }
            Block::Figure(img) => {
                self.origin(img.pos);
                let caption = crate::text::caption(img);
                let n = img.number.clone().unwrap_or_default();
                let anchor = format!("fig-{}", self.figures.len() + 1);
                let _ = write!(
                    self.out,
                    "#figure({}, numbering: none, caption: legende(\"Figure\", \"{}\")[",
                    self.image_call(img, None),
                    escape::string(&n)
                );
                // The caption stands for the figure: a page that begins with it is marked before
                // the figure in the EPUB.
                self.text_run(TextId::of(img), 0, &caption);
                let _ = write!(self.out, "])<{anchor}>\n\n");
                let caption = escape::markup(&caption);
                self.figures.push((anchor, n, caption));
            }
            Block::Rule => self.out.push_str("#align(center, line(length: 30%, stroke: 0.5pt))\n\n"),
            Block::Lang { lang, blocks } => {
                let _ = writeln!(self.out, "#text({})[", lang_args(lang));
                self.blocks(blocks, depth);
                self.out.push_str("]\n\n");
            }
        }
    }

    /// The blocks of a list item: paragraphs separated by blank lines inside `[…]`.
    fn item_blocks(&mut self, blocks: &[Block], depth: usize) {
        for (k, b) in blocks.iter().enumerate() {
            if k > 0 {
                self.out.push_str("\n\n");
            }
            match b {
                Block::Paragraph(inl) => {
                    self.paragraph_origin();
                    self.inlines(inl);
                }
                other => self.block(other, depth),
            }
        }
    }

    fn image_call(&self, img: &Image, height: Option<&str>) -> String {
        let path = self.doc.notes[self.note].image_source_slashed(img);
        let alt = crate::text::plain_text(&img.alt);
        format!(
            "image(\"/{}\", alt: {}{})",
            escape::string(&path),
            opt_string(Some(&alt)),
            height.map(|h| format!(", height: {h}")).unwrap_or_default()
        )
    }

    /// A line of the table of contents, for a heading written at `level`.
    fn toc_line(&mut self, level: usize, label: String, title: String) {
        if level <= crate::plan::TOC_DEPTH {
            self.toc.push((level, label, title));
        }
    }

    /// The call that prints the table of contents and the lists of figures and of tables.
    /// The lists that follow it are lines of the table too, after the `before` lines of the
    /// front matter that precedes it (the guides: UQAM, Laval's FESP « Contenu des sections »).
    fn toc_call(&self, before: usize) -> String {
        let mut out = String::from("#table-des-matieres((\n");
        let line = |out: &mut String, (level, label, title): &(usize, String, String)| {
            let _ = writeln!(out, "  ({level}, <{label}>, [{title}]),");
        };
        self.toc[..before].iter().for_each(|l| line(&mut out, l));
        for (present, label, title) in [
            (!self.figures.is_empty(), "liste-figures", "titre-liste-figures"),
            (!self.tables.is_empty(), "liste-tableaux", "titre-liste-tableaux"),
            (!self.plan.sigles.is_empty(), "liste-sigles", "titre-liste-sigles"),
        ] {
            if present {
                let _ = writeln!(out, "  (1, <{label}>, {title}),");
            }
        }
        self.toc[before..].iter().for_each(|l| line(&mut out, l));
        out.push_str("), figures: (\n");
        for (label, n, caption) in &self.figures {
            let _ = writeln!(out, "  (<{label}>, \"{}\", [{caption}]),", escape::string(n));
        }
        out.push_str("), tableaux: (\n");
        for (label, n, caption) in &self.tables {
            let _ = writeln!(out, "  (<{label}>, \"{}\", [{caption}]),", escape::string(n));
        }
        out.push_str("), sigles: (\n");
        for s in &self.plan.sigles {
            let _ = writeln!(out, "  ([{}], [{}]),", escape::markup(&s.short), escape::markup(&s.long));
        }
        out.push_str("))\n\n");
        out
    }
}

/// What a renvoi to `target` (at `anchor`) prints after the link: the number of the target (its
/// title when it has none), and whether the link's `content` already names it (« [la note
/// 4.9](…) »: then the page alone follows). Every output prints renvois this way.
pub fn renvoi(target: &Note, anchor: Option<&str>, content: &[crate::model::Inline]) -> (String, bool) {
    let shown = match anchor {
        Some(a) => heading_number(target, a).or_else(|| target.meta.number.as_ref().map(|n| n.to_string())),
        None => target.meta.number.as_ref().map(|n| n.to_string()),
    }
    .unwrap_or_else(|| target.meta.title.clone());
    let text = crate::text::plain_text(content);
    let named = text.split(|c: char| c.is_whitespace() || ",;:()«»".contains(c)).any(|w| w == shown);
    (shown, named)
}

/// The number of the heading with `anchor` in `note` (« 4.13.1 »), if it has one.
fn heading_number(note: &Note, anchor: &str) -> Option<String> {
    note.blocks.iter().find_map(|b| match b {
        Block::Heading(h) if h.anchor == anchor => h.number.as_ref().map(|n| n.to_string()),
        _ => None,
    })
}

/// Typst's `text` arguments for a BCP 47 tag: `lang` (the language subtag) and, when the tag
/// names one, `region` (a two-letter subtag): `en-Latn-US` → `lang: "en", region: "US"`.
pub(super) fn lang_args(tag: &str) -> String {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("").to_ascii_lowercase();
    let region = parts.find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()));
    match region {
        Some(r) => {
            format!("lang: \"{}\", region: \"{}\"", escape::string(&lang), escape::string(&r.to_ascii_uppercase()))
        }
        None => format!("lang: \"{}\"", escape::string(&lang)),
    }
}
