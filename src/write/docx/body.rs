//! Blocks and inlines → WordprocessingML: paragraphs in Word's built-in styles, runs, real
//! footnotes, hyperlinks, bookmarks, and fields whose results are already filled in (renvois:
//! REF to the target's number and PAGEREF to its page in the PDF). Everything from the notes is
//! XML-escaped here.

use std::fmt::Write as _;

use super::package::Package;
pub use super::runs::{field, open_par, paragraph_bookmark, regional, run, RunStyle};
use super::Targets;
use crate::model::{Align, Block, Document, Image, Inline, LinkTarget};
use crate::write::epub::xhtml::escape;

/// Writes one note's blocks, and its footnotes into the footnotes part.
pub struct BodyWriter<'a, 'p> {
    /// The document.
    pub doc: &'a Document,
    /// Bookmarks, folios and link targets.
    pub targets: &'a Targets<'a>,
    /// Relationships, images and list numberings.
    pub pkg: &'a mut Package<'p>,
    /// `word/document.xml`'s body so far.
    pub out: String,
    /// `word/footnotes.xml`'s notes so far.
    pub footnotes: String,
    /// Footnotes written (their ids are 1, 2…: the number Word prints, as in the PDF).
    pub footnote_count: usize,
    /// Bookmark ids given (each start has a unique numeric id).
    pub bookmark_count: usize,
    /// The note being written.
    pub note: usize,
    /// The width of the text block, in twips.
    pub text_width: u64,
    /// The figures written so far, `(number, caption)`: the k-th is bookmarked `_fig{k}`, and
    /// labelled `fig-{k}` in the PDF.
    pub figures: Vec<(String, String)>,
    /// The captioned tables written so far, likewise (`_tab{k}`, `tab-{k}`).
    pub tables: Vec<(String, String)>,
    /// This note's footnote labels already called: (label, number, bookmark).
    calls: Vec<(String, usize, String)>,
    /// Parentheses opened and not yet closed in the current paragraph (a renvoi inside them
    /// takes the short form, as in the PDF).
    open_parens: i32,
    /// Paragraphs of the note's text written so far.
    paragraph_rank: usize,
    /// Footnotes whose text is being written inside another footnote.
    inlining: Vec<String>,
    /// Writing a footnote's text: a call there writes the called note's text in parentheses.
    in_footnote: bool,
}

impl<'a, 'p> BodyWriter<'a, 'p> {
    /// A writer over `doc`.
    pub fn new(doc: &'a Document, targets: &'a Targets<'a>, pkg: &'a mut Package<'p>) -> Self {
        BodyWriter {
            doc,
            targets,
            pkg,
            out: String::new(),
            footnotes: String::new(),
            footnote_count: 0,
            bookmark_count: 0,
            note: 0,
            text_width: 9000,
            figures: Vec::new(),
            tables: Vec::new(),
            calls: Vec::new(),
            open_parens: 0,
            inlining: Vec::new(),
            paragraph_rank: 0,
            in_footnote: false,
        }
    }

    /// Starts note `i`: its footnote calls and paragraph ranks are its own.
    pub fn start_note(&mut self, i: usize) {
        self.note = i;
        self.calls.clear();
        self.paragraph_rank = 0;
    }

    /// A bookmark named `name` around what `inner` writes.
    pub fn bookmarked(&mut self, name: &str, inner: impl FnOnce(&mut Self)) {
        self.bookmark_count += 1;
        let id = self.bookmark_count;
        let _ = write!(self.out, "<w:bookmarkStart w:id=\"{id}\" w:name=\"{}\"/>", escape(name));
        inner(self);
        let _ = write!(self.out, "<w:bookmarkEnd w:id=\"{id}\"/>");
    }

    /// A title bookmarked as `name`, its number (or, without one, its text) bookmarked as
    /// `name_num` for the renvois' REF fields; an en space between number and text.
    pub fn numbered_title(&mut self, name: &str, number: Option<&str>, style: &RunStyle, text: impl FnOnce(&mut Self)) {
        self.bookmarked(name, |w| match number {
            Some(n) => {
                w.bookmarked(&format!("{name}_num"), |w| run(&mut w.out, style, n));
                run(&mut w.out, style, "\u{2002}"); // the PDF's 0.6 em between number and text
                text(w);
            }
            None => w.bookmarked(&format!("{name}_num"), text),
        });
    }

    /// Writes `blocks`, headings starting at `depth`.
    pub fn blocks(&mut self, blocks: &[Block], depth: usize, style: &str, lang: Option<&str>) {
        for b in blocks {
            self.block(b, depth, style, lang);
        }
    }

    /// The plain style of text in `lang` (the document's language when `None`).
    pub fn base(lang: Option<&str>) -> RunStyle {
        RunStyle { lang: lang.map(str::to_string), ..RunStyle::default() }
    }

    fn block(&mut self, b: &Block, depth: usize, style: &str, lang: Option<&str>) {
        self.open_parens = 0;
        match b {
            Block::Paragraph(i) => {
                let style = if crate::resolve::is_keywords_line(i) { "MotsCles" } else { style };
                open_par(&mut self.out, style, "");
                self.paragraph_text(i, &Self::base(lang));
                self.out.push_str("</w:p>");
            }
            Block::Heading(h) => {
                let level = (depth + usize::from(h.level) - 1).clamp(1, 9);
                open_par(&mut self.out, &format!("Heading{level}"), "");
                let name = self.targets.heading_bookmark(self.note, &h.anchor);
                let number = h.number.as_ref().map(|n| n.to_string());
                self.numbered_title(&name, number.as_deref(), &Self::base(lang), |w| {
                    w.inlines(&h.content, &Self::base(lang))
                });
                self.out.push_str("</w:p>");
            }
            Block::BlockQuote(bs) => self.blocks(bs, depth, "Quote", lang),
            Block::List(l) => self.list(l, depth, lang, 0),
            Block::CodeBlock { text, .. } => {
                for line in text.trim_end_matches('\n').split('\n') {
                    open_par(&mut self.out, "SourceCode", "");
                    run(&mut self.out, &RunStyle { code: true, ..Self::base(lang) }, line);
                    self.out.push_str("</w:p>");
                }
            }
            Block::Table(t) => self.table(t, lang),
            Block::Figure(img) => self.figure(img, lang),
            Block::Rule => {
                open_par(&mut self.out, "Rule", "");
                self.out.push_str("</w:p>");
            }
            Block::Lang { lang, blocks } => {
                let lang = regional(lang, &self.doc.config.memoire.language);
                self.blocks(blocks, depth, style, Some(&lang))
            }
        }
    }

    fn list(&mut self, l: &crate::model::List, depth: usize, lang: Option<&str>, level: usize) {
        let num = self.pkg.lists.list(l.ordered, l.start);
        for item in &l.items {
            for (k, b) in item.iter().enumerate() {
                match b {
                    Block::Paragraph(i) => {
                        let numbered = if k == 0 {
                            format!("<w:numPr><w:ilvl w:val=\"{}\"/><w:numId w:val=\"{num}\"/></w:numPr>", level.min(8))
                        } else {
                            format!("<w:ind w:left=\"{}\"/>", 720 * (level + 1))
                        };
                        open_par(&mut self.out, "ListParagraph", &numbered);
                        self.paragraph_text(i, &Self::base(lang));
                        self.out.push_str("</w:p>");
                    }
                    Block::List(inner) => self.list(inner, depth, lang, level + 1),
                    other => self.block(other, depth, "ListParagraph", lang),
                }
            }
        }
    }

    fn table(&mut self, t: &crate::model::Table, lang: Option<&str>) {
        if let Some(n) = &t.number {
            open_par(&mut self.out, "TableCaption", "<w:keepNext/>");
            self.tables.push((n.clone(), crate::text::printed_text(&t.caption)));
            let name = format!("_tab{}", self.tables.len());
            self.bookmarked(&name, |w| {
                run(&mut w.out, &Self::base(lang), "Tableau ");
                field(&mut w.out, &Self::base(lang), "SEQ Tableau \\* ARABIC", n, true);
            });
            run(&mut self.out, &Self::base(lang), "\u{a0}— ");
            self.inlines(&t.caption, &Self::base(lang));
            self.out.push_str("</w:p>");
        }
        let columns = t.aligns.len().max(t.header.len()).max(1);
        // As wide as its content and centred, as in the PDF.
        self.out.push_str("<w:tbl><w:tblPr><w:tblStyle w:val=\"Tableau\"/><w:tblW w:w=\"0\" w:type=\"auto\"/><w:jc w:val=\"center\"/><w:tblLook w:val=\"0020\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>");
        // Columns as wide as their longest cell (0.7 em a character, room for a bold header and
        // the margins of the cell), within the text.
        let chars = |k: usize| {
            let cells = std::iter::once(&t.header).chain(&t.rows).filter_map(|r| r.get(k));
            cells.map(|c| crate::text::printed_text(c).chars().count()).max().unwrap_or(1)
        };
        let mut widths: Vec<u64> = (0..columns).map(|k| 170 * chars(k).max(3) as u64 + 400).collect();
        let total: u64 = widths.iter().sum();
        if total > self.text_width {
            widths.iter_mut().for_each(|w| *w = *w * self.text_width / total);
        }
        for w in widths {
            let _ = write!(self.out, "<w:gridCol w:w=\"{w}\"/>");
        }
        self.out.push_str("</w:tblGrid>");
        let rows = std::iter::once((true, &t.header)).chain(t.rows.iter().map(|r| (false, r)));
        for (header, row) in rows {
            self.out.push_str("<w:tr>");
            if header {
                self.out.push_str("<w:trPr><w:tblHeader/></w:trPr>");
            }
            for k in 0..columns {
                let jc = match t.aligns.get(k) {
                    Some(Align::Center) => "<w:jc w:val=\"center\"/>",
                    Some(Align::Right) => "<w:jc w:val=\"right\"/>",
                    _ => "",
                };
                let border = if header {
                    "<w:tcBorders><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"0\" w:color=\"000000\"/></w:tcBorders>"
                } else {
                    ""
                };
                let _ = write!(self.out, "<w:tc><w:tcPr><w:tcW w:w=\"0\" w:type=\"auto\"/>{border}</w:tcPr>");
                open_par(&mut self.out, "Compact", jc);
                if let Some(cell) = row.get(k) {
                    let style = RunStyle { bold: header, ..Self::base(lang) };
                    self.inlines(cell, &style);
                }
                self.out.push_str("</w:p></w:tc>");
            }
            self.out.push_str("</w:tr>");
        }
        self.out.push_str("</w:tbl>");
    }

    fn figure(&mut self, img: &Image, lang: Option<&str>) {
        open_par(&mut self.out, "CaptionedFigure", "<w:keepNext/><w:jc w:val=\"center\"/>");
        self.image(img, true);
        self.out.push_str("</w:p>");
        let n = img.number.clone().unwrap_or_default();
        open_par(&mut self.out, "ImageCaption", "");
        self.figures.push((n.clone(), crate::text::caption(img)));
        let name = format!("_fig{}", self.figures.len());
        self.bookmarked(&name, |w| {
            run(&mut w.out, &Self::base(lang), "Figure ");
            field(&mut w.out, &Self::base(lang), "SEQ Figure \\* ARABIC", &n, true);
        });
        run(&mut self.out, &Self::base(lang), &format!("\u{a0}— {}", crate::text::caption(img)));
        self.out.push_str("</w:p>");
    }

    fn image(&mut self, img: &Image, figure: bool) {
        let note = &self.doc.notes[self.note];
        let rels = if self.in_footnote { &mut self.pkg.footnote_rels } else { &mut self.pkg.rels };
        let Some(placed) = self.pkg.media.place(note, img, rels, figure) else {
            // A missing image was reported by `check`; its description stands in.
            run(&mut self.out, &RunStyle::default(), &crate::text::plain_text(&img.alt));
            return;
        };
        self.out.push_str(&placed);
    }

    /// The text of a paragraph of the note's text, inside a bookmark `_p{note}_{rank}` when the
    /// loader knows where it starts ([`crate::model::Note::paragraphs`]): Word and LibreOffice
    /// keep bookmarks when they save, so a returned review can be placed in the sources.
    fn paragraph_text(&mut self, inlines: &[Inline], style: &RunStyle) {
        if self.in_footnote {
            return self.inlines(inlines, style); // a footnote's paragraphs are not the text's
        }
        let rank = self.paragraph_rank;
        self.paragraph_rank += 1;
        if rank >= self.doc.notes[self.note].paragraphs.len() {
            self.inlines(inlines, style);
            return;
        }
        self.bookmarked(&paragraph_bookmark(self.note, rank), |w| w.inlines(inlines, style));
    }

    /// Writes `inlines` in `style`.
    pub fn inlines(&mut self, inlines: &[Inline], style: &RunStyle) {
        for i in inlines {
            self.inline(i, style);
        }
    }

    fn inline(&mut self, i: &Inline, style: &RunStyle) {
        match i {
            Inline::Text(t) => {
                self.open_parens += t.matches('(').count() as i32 - t.matches(')').count() as i32;
                run(&mut self.out, style, t)
            }
            Inline::Emph(c) => self.inlines(c, &RunStyle { italic: !style.italic, ..style.clone() }),
            Inline::Strong(c) => self.inlines(c, &RunStyle { bold: true, ..style.clone() }),
            Inline::Strike(c) => self.inlines(c, &RunStyle { strike: true, ..style.clone() }),
            Inline::Code(c) => run(&mut self.out, &RunStyle { code: true, ..style.clone() }, c),
            Inline::SoftBreak => run(&mut self.out, style, " "),
            Inline::LineBreak => self.out.push_str("<w:r><w:br/></w:r>"),
            Inline::Lang { lang, content } => {
                let lang = regional(lang, &self.doc.config.memoire.language);
                self.inlines(content, &RunStyle { lang: Some(lang), ..style.clone() })
            }
            Inline::Link(l) => self.link(l, style),
            Inline::Image(img) => self.image(img, false),
            Inline::FootnoteRef { label, .. } => self.footnote_call(label, style),
            Inline::Cite(c) if c.rendered.is_empty() => run(&mut self.out, style, &c.source),
            Inline::Cite(c) => self.inlines(&c.rendered, style),
        }
    }

    fn link(&mut self, l: &crate::model::Link, style: &RunStyle) {
        let linked = RunStyle { style: Some("Hyperlink"), ..style.clone() };
        match &l.target {
            LinkTarget::External(url) => {
                let rels = if self.in_footnote { &mut self.pkg.footnote_rels } else { &mut self.pkg.rels };
                let id = rels.hyperlink(&crate::write::encode_url(url));
                let _ = write!(self.out, "<w:hyperlink r:id=\"{id}\">");
                self.inlines(&l.content, &linked);
                self.out.push_str("</w:hyperlink>");
            }
            LinkTarget::Internal { note, anchor } => {
                let target = &self.doc.notes[*note];
                let (bookmark, label) = match anchor {
                    Some(a) if target.blocks.iter().any(|b| matches!(b, Block::Heading(h) if &h.anchor == a)) => {
                        (self.targets.heading_bookmark(*note, a), crate::write::pdf::markup::label(*note, Some(a)))
                    }
                    _ => (self.targets.note_bookmark(*note), crate::write::pdf::markup::label(*note, None)),
                };
                let _ = write!(self.out, "<w:hyperlink w:anchor=\"{}\">", escape(&bookmark));
                self.inlines(&l.content, &linked);
                // The PDF's renvoi (styles/memoire.typ, `forme-renvoi`), a link too: « (voir
                // 4.14, p. 57) », « , 4.14, p. 57 » inside parentheses, the page alone when the
                // link names the note; the number and the page as fields.
                let (shown, named) = crate::write::pdf::markup::renvoi(target, anchor.as_deref(), &l.content);
                let page = self.targets.folio(&label);
                let inside = self.open_parens > 0;
                if !named {
                    run(&mut self.out, &linked, if inside { ", " } else { " (voir " });
                    field(&mut self.out, &linked, &format!("REF {bookmark}_num \\h"), &shown, false);
                    run(&mut self.out, &linked, ", p.\u{a0}");
                } else {
                    run(&mut self.out, &linked, if inside { ", p.\u{a0}" } else { " (p.\u{a0}" });
                }
                field(&mut self.out, &linked, &format!("PAGEREF {bookmark} \\h"), &page, false);
                if !inside {
                    run(&mut self.out, &linked, ")");
                }
                self.out.push_str("</w:hyperlink>");
            }
            LinkTarget::Entry(key) if self.targets.has_bibliography => {
                let _ = write!(self.out, "<w:hyperlink w:anchor=\"{}\">", escape(&self.targets.entry_bookmark(key)));
                self.inlines(&l.content, style);
                self.out.push_str("</w:hyperlink>");
            }
            LinkTarget::Entry(_) | LinkTarget::Note { .. } => self.inlines(&l.content, style),
        }
    }

    fn footnote_call(&mut self, label: &str, style: &RunStyle) {
        let reference = RunStyle { style: Some("FootnoteReference"), ..style.clone() };
        if let Some((_, number, bookmark)) = self.calls.iter().find(|(l, _, _)| l == label).cloned() {
            // A second call of the same note: its number, as a field to the first call.
            field(&mut self.out, &reference, &format!("NOTEREF {bookmark} \\h"), &number.to_string(), false);
            return;
        }
        if self.in_footnote {
            // A footnote called from a footnote: Word cannot nest them; its text follows in
            // parentheses, where the call is (each paragraph's text, once).
            let blocks =
                self.doc.notes[self.note].footnotes.iter().find(|f| f.label == label).map(|f| f.blocks.clone());
            if self.inlining.iter().any(|l| l == label) {
                return; // a note that calls itself, through others
            }
            self.inlining.push(label.to_string());
            run(&mut self.out, style, " (");
            for b in blocks.unwrap_or_default() {
                if let Block::Paragraph(i) = b {
                    self.inlines(&i, style);
                }
            }
            run(&mut self.out, style, ")");
            self.inlining.pop();
            return;
        }
        self.footnote_count += 1;
        let id = self.footnote_count;
        let bookmark = format!("_fn{id}");
        self.calls.push((label.to_string(), id, bookmark.clone()));
        self.bookmarked(&bookmark, |w| {
            let _ = write!(w.out, "<w:r>{}<w:footnoteReference w:id=\"{id}\"/></w:r>", reference.props());
        });
        let blocks = self.doc.notes[self.note]
            .footnotes
            .iter()
            .find(|f| f.label == label)
            .map(|f| f.blocks.clone())
            .unwrap_or_default();
        let body = std::mem::take(&mut self.out);
        self.in_footnote = true;
        let _ = write!(self.out, "<w:footnote w:id=\"{id}\">");
        let mark = "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r>";
        match blocks.split_first() {
            Some((Block::Paragraph(first), rest)) => {
                open_par(&mut self.out, "FootnoteText", "");
                self.out.push_str(mark);
                self.inlines(first, &Self::base(style.lang.as_deref()));
                self.out.push_str("</w:p>");
                self.blocks(rest, 6, "FootnoteText", style.lang.as_deref());
            }
            _ => {
                open_par(&mut self.out, "FootnoteText", "");
                self.out.push_str(mark);
                self.out.push_str("</w:p>");
                self.blocks(&blocks, 6, "FootnoteText", style.lang.as_deref());
            }
        }
        self.out.push_str("</w:footnote>");
        self.in_footnote = false;
        let note = std::mem::replace(&mut self.out, body);
        self.footnotes.push_str(&note);
    }
}
