//! Blocks and inlines → XHTML for the EPUB. Everything from the notes is XML-escaped here.

use std::fmt::Write as _;

use crate::write::pages::{Markers, TextId};

use crate::model::{Align, Block, Document, Image, Inline, LinkTarget, Note};

/// Escapes text for XML content and attribute values; drops characters XML 1.0 forbids.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// An XML id from free text: letters, digits, `-`, `_`, `.`; starts with a letter.
pub fn id(prefix: &str, text: &str) -> String {
    let body: String =
        text.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect();
    format!("{prefix}{body}")
}

/// File name of note `i` inside `EPUB/text/`.
pub fn note_file(i: usize) -> String {
    format!("n{i:03}.xhtml")
}

/// Where links go: the file of the Références note (for citations) and image paths.
pub struct Targets {
    /// File holding the bibliography, if any.
    pub bibliography_file: Option<String>,
}

/// Writes one note's body (blocks then its footnotes) as XHTML.
pub struct NoteWriter<'d> {
    /// The whole document (for link targets).
    pub doc: &'d Document,
    /// Index of the note being written.
    pub note: usize,
    /// Link targets.
    pub targets: &'d Targets,
    /// Output.
    pub out: String,
    /// Footnote labels in order of first call, and how many calls each had.
    pub calls: Vec<(String, usize)>,
    /// The PDF's page breaks still to mark ([`crate::write::pages`]).
    pub markers: Markers,
}

impl<'d> NoteWriter<'d> {
    /// A writer for note `note`.
    pub fn new(doc: &'d Document, note: usize, targets: &'d Targets) -> Self {
        NoteWriter { doc, note, targets, out: String::new(), calls: Vec::new(), markers: Markers::default() }
    }

    fn current(&self) -> &'d Note {
        &self.doc.notes[self.note]
    }

    /// Writes `blocks`, headings starting at `depth`.
    pub fn blocks(&mut self, blocks: &[Block], depth: usize) {
        for b in blocks {
            self.block(b, depth);
        }
    }

    fn block(&mut self, b: &Block, depth: usize) {
        match b {
            Block::Paragraph(i) => {
                self.out.push_str("<p>");
                self.inlines(i);
                self.out.push_str("</p>\n");
            }
            Block::Heading(h) => {
                let level = (depth + usize::from(h.level) - 1).min(6);
                let _ = write!(self.out, "<h{level} id=\"{}\">", id("h-", &h.anchor));
                if let Some(n) = &h.number {
                    let shown = self.markers.text(TextId::of(n), 0, &n.to_string(), escape);
                    let _ = write!(self.out, "<span class=\"numero\">{shown}</span> ");
                }
                self.inlines(&h.content);
                let _ = writeln!(self.out, "</h{level}>");
            }
            Block::BlockQuote(bs) => {
                self.out.push_str("<blockquote>\n");
                self.blocks(bs, depth);
                self.out.push_str("</blockquote>\n");
            }
            Block::List(l) => {
                let tag = if l.ordered { "ol" } else { "ul" };
                if l.ordered && l.start != 1 {
                    let _ = writeln!(self.out, "<ol start=\"{}\">", l.start);
                } else {
                    let _ = writeln!(self.out, "<{tag}>");
                }
                for item in &l.items {
                    self.out.push_str("<li>");
                    match item.as_slice() {
                        [Block::Paragraph(i)] => self.inlines(i),
                        blocks => self.blocks(blocks, depth),
                    }
                    self.out.push_str("</li>\n");
                }
                let _ = writeln!(self.out, "</{tag}>");
            }
            Block::CodeBlock { text, .. } => {
                let _ = writeln!(self.out, "<pre><code>{}</code></pre>", escape(text.trim_end_matches('\n')));
            }
            Block::Table(t) => {
                let class = |k: usize| match t.aligns.get(k) {
                    Some(Align::Center) => " class=\"centre\"",
                    Some(Align::Right) => " class=\"droite\"",
                    _ => "",
                };
                match &t.number {
                    Some(n) => {
                        let _ = write!(
                            self.out,
                            "<table id=\"{}\">\n<caption>Tableau {}\u{a0}— ",
                            id("tab-", n),
                            escape(n)
                        );
                        self.inlines(&t.caption);
                        self.out.push_str("</caption>\n<thead><tr>");
                    }
                    None => self.out.push_str("<table>\n<thead><tr>"),
                }
                for (k, cell) in t.header.iter().enumerate() {
                    let _ = write!(self.out, "<th scope=\"col\"{}>", class(k));
                    self.inlines(cell);
                    self.out.push_str("</th>");
                }
                self.out.push_str("</tr></thead>\n<tbody>\n");
                for row in &t.rows {
                    self.out.push_str("<tr>");
                    for k in 0..t.aligns.len().max(row.len()) {
                        let _ = write!(self.out, "<td{}>", class(k));
                        if let Some(cell) = row.get(k) {
                            self.inlines(cell);
                        }
                        self.out.push_str("</td>");
                    }
                    self.out.push_str("</tr>\n");
                }
                self.out.push_str("</tbody>\n</table>\n");
            }
            Block::Figure(img) => {
                let before = self.markers.before(TextId::of(img));
                self.out.push_str(&before);
                let n = img.number.clone().unwrap_or_default();
                let _ = writeln!(self.out, "<figure id=\"{}\">", id("fig-", &n));
                self.image(img);
                let _ = write!(self.out, "\n<figcaption>{}</figcaption>", escape(&crate::text::figure_line(img)));
                self.out.push_str("\n</figure>\n");
            }
            Block::Rule => self.out.push_str("<hr/>\n"),
            Block::Lang { lang, blocks } => {
                let _ = writeln!(self.out, "<div lang=\"{0}\" xml:lang=\"{0}\">", escape(lang));
                self.blocks(blocks, depth);
                self.out.push_str("</div>\n");
            }
        }
    }

    fn image(&mut self, img: &Image) {
        let alt = crate::text::plain_text(&img.alt);
        let _ = write!(
            self.out,
            "<img src=\"../{}\" alt=\"{}\"/>",
            escape(&super::image_path(self.current(), img)),
            escape(&alt)
        );
    }

    /// Writes inlines.
    pub fn inlines(&mut self, inlines: &[Inline]) {
        for i in inlines {
            self.inline(i);
        }
    }

    fn wrapped(&mut self, open: &str, close: &str, content: &[Inline]) {
        self.out.push_str(open);
        self.inlines(content);
        self.out.push_str(close);
    }

    fn inline(&mut self, i: &Inline) {
        match i {
            Inline::Text(t) => {
                let id = TextId::of(t);
                for (run, inclusive) in crate::resolve::typography::inclusive_words(t) {
                    let from = run.as_ptr() as usize - t.as_ptr() as usize;
                    let shown = self.markers.text(id, from, run, escape);
                    if inclusive {
                        let _ = write!(self.out, "<span class=\"inclusif\">{shown}</span>");
                    } else {
                        self.out.push_str(&shown);
                    }
                }
            }
            Inline::Emph(c) => self.wrapped("<em>", "</em>", c),
            Inline::Strong(c) => self.wrapped("<strong>", "</strong>", c),
            Inline::Strike(c) => self.wrapped("<del>", "</del>", c),
            Inline::Code(c) => {
                let _ = write!(self.out, "<code>{}</code>", escape(c));
            }
            Inline::SoftBreak => self.out.push(' '),
            Inline::LineBreak => self.out.push_str("<br/>"),
            Inline::Lang { lang, content } => {
                let open = format!("<span lang=\"{0}\" xml:lang=\"{0}\">", escape(lang));
                self.wrapped(&open, "</span>", content);
            }
            Inline::Link(l) => match &l.target {
                LinkTarget::External(url) => {
                    let open = format!("<a href=\"{}\">", escape(&crate::write::encode_url(url)));
                    self.wrapped(&open, "</a>", &l.content);
                }
                LinkTarget::Internal { note, anchor } => {
                    let file = if *note == self.note { String::new() } else { note_file(*note) };
                    let href = match anchor {
                        Some(a) => format!("{file}#{}", id("h-", a)),
                        None if file.is_empty() => format!("{}#top", note_file(*note)),
                        None => file,
                    };
                    let open = format!("<a href=\"{}\">", escape(&href));
                    self.wrapped(&open, "</a>", &l.content);
                }
                LinkTarget::Entry(key) => match &self.targets.bibliography_file {
                    Some(file) => {
                        let href = if *file == note_file(self.note) { String::new() } else { file.clone() };
                        let open = format!("<a href=\"{href}#{}\">", id("bib-", key));
                        self.wrapped(&open, "</a>", &l.content);
                    }
                    None => self.inlines(&l.content),
                },
                LinkTarget::Note { .. } => self.inlines(&l.content),
            },
            Inline::Image(img) => self.image(img),
            Inline::FootnoteRef { label, .. } => {
                let (number, nth) = match self.calls.iter().position(|(l, _)| l == label) {
                    Some(k) => {
                        self.calls[k].1 += 1;
                        (k + 1, self.calls[k].1)
                    }
                    None => {
                        self.calls.push((label.clone(), 1));
                        (self.calls.len(), 1)
                    }
                };
                let back = if nth == 1 { format!("fnref{number}") } else { format!("fnref{number}-{nth}") };
                let _ = write!(
                    self.out,
                    "<a epub:type=\"noteref\" role=\"doc-noteref\" id=\"{back}\" href=\"#fn{number}\"><sup>{number}</sup></a>"
                );
            }
            Inline::Cite(c) if c.rendered.is_empty() => self.out.push_str(&escape(&c.source)),
            Inline::Cite(c) => {
                self.out.push_str("<span class=\"citation\">");
                self.inlines(&c.rendered);
                self.out.push_str("</span>");
            }
        }
    }

    /// Writes the note's footnotes, in order of first call, each with a link back.
    pub fn footnotes(&mut self) {
        let note = self.current();
        let mut k = 0;
        while k < self.calls.len() {
            let label = self.calls[k].0.clone();
            let number = k + 1;
            let blocks = note.footnotes.iter().find(|f| f.label == label).map(|f| f.blocks.clone()).unwrap_or_default();
            let _ = write!(
                self.out,
                "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn{number}\" class=\"note\">\n<p><a href=\"#fnref{number}\" role=\"doc-backlink\" title=\"Retour au texte\">{number}.</a> "
            );
            // The footnote's first paragraph continues the line of its number.
            for (j, b) in blocks.iter().enumerate() {
                match (j, b) {
                    (0, Block::Paragraph(i)) => {
                        self.inlines(i);
                        self.out.push_str("</p>\n");
                    }
                    (0, other) => {
                        self.out.push_str("</p>\n");
                        self.block(other, 6);
                    }
                    (_, other) => self.block(other, 6),
                }
            }
            if blocks.is_empty() {
                self.out.push_str("</p>\n");
            }
            self.out.push_str("</aside>\n");
            k += 1; // a footnote may call another: the list can grow while we write
        }
    }
}
