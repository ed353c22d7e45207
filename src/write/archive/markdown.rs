//! The whole mémoire as one Markdown file (`memoire.md` of the archive): readable on its own,
//! headings with the author's numbers, cross-references to in-file anchors, footnotes numbered
//! through the whole file, citations and bibliography as formatted text. Pure.

use std::fmt::Write as _;

use crate::model::{Align, Block, Inline, LinkTarget, Note};
use crate::plan::EntryKind;
use crate::resolve::Resolved;

use super::escape::{destination, keep_spaces, longest_run};
pub use super::escape::{escape, escape_block_start};

/// Anchor of a note (or of one of its headings) inside `memoire.md`.
pub fn anchor(note: usize, heading: Option<&str>) -> String {
    match heading {
        Some(h) => format!("n{note}-{h}"),
        None => format!("n{note}"),
    }
}

/// The first character `memoire.md` holds for `i`, when it can be a letter.
fn first_char(i: &Inline) -> Option<char> {
    match i {
        Inline::Text(t) => escape(t).chars().next(),
        Inline::Cite(c) if c.rendered.is_empty() => escape(&c.source).chars().next(),
        Inline::Cite(c) => c.rendered.first().and_then(first_char),
        _ => None,
    }
}

/// Writes `memoire.md`.
pub fn write(r: &Resolved) -> String {
    let doc = r.doc();
    let page = &r.plan.title_page;
    let mut w = Writer {
        r,
        out: String::with_capacity(64 * 1024),
        note: 0,
        footnote_base: 0,
        calls: Vec::new(),
        alternate_marker: false,
        emphasis_mark: '*',
        emphasis_context: Parent::default(),
    };
    let _ = writeln!(w.out, "# {}\n", escape(&page.title));
    if let Some(s) = &page.subtitle {
        let _ = writeln!(w.out, "*{}*\n", escape(s));
    }
    let _ = writeln!(w.out, "{}\n", escape(&page.author));
    if let Some(k) = page.kind {
        let _ = writeln!(w.out, "{}\n", escape(k));
    }
    for line in [&page.degree, &page.institution, &page.date].into_iter().flatten() {
        let _ = writeln!(w.out, "{}\n", escape(line));
    }
    for &i in &r.plan.front {
        w.note(i, 2);
    }
    // The table of contents, as links into this file.
    w.out.push_str("## Table des matières\n\n");
    for item in &r.plan.body {
        let indent = "  ".repeat(item.depth - 1);
        match &item.kind {
            EntryKind::Part { title, .. } => {
                let _ = writeln!(w.out, "{indent}- {}", escape(title));
            }
            EntryKind::Note(i) => {
                let _ =
                    writeln!(w.out, "{indent}- [{}](#{})", escape(&doc.notes[*i].display_title()), anchor(*i, None));
            }
        }
    }
    w.out.push('\n');
    super::lists::write(&mut w.out, r);
    for &i in &r.plan.after_toc {
        w.note(i, 2);
    }
    for item in &r.plan.body {
        match &item.kind {
            EntryKind::Part { title, .. } => {
                let _ = writeln!(w.out, "{} {}\n", "#".repeat((item.depth + 1).min(6)), escape(title));
            }
            EntryKind::Note(i) => w.note(*i, item.depth + 1),
        }
    }
    w.out
}

struct Writer<'r> {
    r: &'r Resolved,
    out: String,
    note: usize,
    /// Footnotes of earlier notes: numbers continue through the file.
    footnote_base: usize,
    /// This note's footnote labels, in order of first call.
    calls: Vec<String>,
    /// The next list follows another: `*` or `1)` instead of `-` or `1.`.
    alternate_marker: bool,
    /// The character of the next emphasis (`*`, or `_` at the edge of another emphasis).
    emphasis_mark: char,
    /// What surrounds the next emphasis.
    emphasis_context: Parent,
}

/// An emphasis being written: its character, and whether a letter touches it outside.
#[derive(Clone, Copy, Default)]
struct Parent {
    mark: char,
    letter_before: bool,
    letter_after: bool,
}

impl Writer<'_> {
    fn current(&self) -> &Note {
        &self.r.doc().notes[self.note]
    }

    fn note(&mut self, i: usize, level: usize) {
        self.note = i;
        self.calls.clear();
        let note = self.current().clone();
        let number = note.meta.number.as_ref().map(|n| format!("{n} ")).unwrap_or_default();
        let _ = writeln!(
            self.out,
            "<a id=\"{}\"></a>\n\n{} {}{}\n",
            anchor(i, None),
            "#".repeat(level.min(6)),
            escape(&number),
            escape(&note.meta.title)
        );
        if let Some(notice) = crate::plan::notice(note.status()) {
            let url = note.meta.url.as_deref().map(|u| format!(" : <{u}>")).unwrap_or_default();
            let _ = writeln!(self.out, "> *{notice}{url}.*\n");
        }
        self.blocks(&note.blocks, level, "");
        if self.r.plan.bibliography == Some(i) {
            for item in &self.r.bibliography.items {
                let _ = write!(self.out, "<a id=\"bib-{}\"></a>", item.key);
                self.inlines(&item.content);
                self.out.push_str("\n\n");
            }
        }
        // Footnotes of this note, numbered after those of the notes before it.
        let mut k = 0;
        while k < self.calls.len() {
            let label = self.calls[k].clone();
            let blocks = note.footnotes.iter().find(|f| f.label == label).map(|f| f.blocks.clone()).unwrap_or_default();
            let _ = write!(self.out, "[^{}]: ", self.footnote_base + k + 1);
            let mut body = std::mem::take(&mut self.out);
            self.blocks(&blocks, 6, "");
            let text = std::mem::replace(&mut self.out, std::mem::take(&mut body));
            let mut lines = text.trim_end().lines();
            if let Some(first) = lines.next() {
                self.out.push_str(first);
            }
            for line in lines {
                self.out.push('\n');
                if !line.is_empty() {
                    self.out.push_str("    ");
                    self.out.push_str(line);
                }
            }
            self.out.push_str("\n\n");
            k += 1;
        }
        self.footnote_base += self.calls.len();
    }

    fn blocks(&mut self, blocks: &[Block], level: usize, prefix: &str) {
        let mut alternate = false;
        for (k, b) in blocks.iter().enumerate() {
            // Two lists in a row would read back as one: the second takes the other marker.
            let follows_list = matches!((k.checked_sub(1).map(|p| &blocks[p]), b),
                (Some(Block::List(a)), Block::List(l)) if a.ordered == l.ordered);
            alternate = follows_list && !alternate;
            self.alternate_marker = alternate;
            self.block(b, level, prefix);
        }
    }

    fn line_block(&mut self, prefix: &str, f: impl FnOnce(&mut Self)) {
        let start = self.out.len();
        f(self);
        let text = self.out.split_off(start);
        for (k, line) in text.trim_end_matches('\n').split('\n').enumerate() {
            if k > 0 {
                self.out.push('\n');
            }
            self.out.push_str(prefix);
            self.out.push_str(line);
        }
        self.out.push_str("\n\n");
    }

    fn block(&mut self, b: &Block, level: usize, prefix: &str) {
        match b {
            Block::Paragraph(i) => self.line_block(prefix, |w| {
                let start = w.out.len();
                w.inlines(i);
                let text = w.out.split_off(start);
                let lines: Vec<String> = text.split('\n').map(|l| escape_block_start(&keep_spaces(l))).collect();
                w.out.push_str(&lines.join("\n"));
            }),
            Block::Heading(h) => {
                let number = h.number.as_ref().map(|n| format!("{n} ")).unwrap_or_default();
                let hashes = "#".repeat((level + usize::from(h.level) - 1).min(6));
                let id = anchor(self.note, Some(&h.anchor));
                self.line_block(prefix, |w| {
                    let _ = write!(w.out, "<a id=\"{id}\"></a>\n\n{hashes} {}", escape(&number));
                    let start = w.out.len();
                    w.inlines(&h.content);
                    let mut text = keep_spaces(&w.out.split_off(start));
                    if text.ends_with('#') {
                        // Not a closing sequence of `#`: the first one escaped.
                        text.insert(text.trim_end_matches('#').len(), '\\');
                    }
                    w.out.push_str(&text);
                });
            }
            Block::BlockQuote(bs) => {
                let inner = format!("{prefix}> ");
                let start = self.out.len();
                self.blocks(bs, level, "");
                let text = self.out.split_off(start);
                for line in text.trim_end().split('\n') {
                    self.out.push_str(if line.is_empty() { inner.trim_end() } else { &inner });
                    self.out.push_str(line);
                    self.out.push('\n');
                }
                self.out.push('\n');
            }
            Block::List(l) => {
                let (dot, bullet) = if std::mem::take(&mut self.alternate_marker) { (')', '*') } else { ('.', '-') };
                for (k, item) in l.items.iter().enumerate() {
                    let marker = if l.ordered { format!("{}{dot} ", l.start + k) } else { format!("{bullet} ") };
                    let start = self.out.len();
                    self.blocks(item, level, "");
                    let text = self.out.split_off(start);
                    let pad = " ".repeat(marker.len());
                    for (j, line) in text.trim_end().split('\n').enumerate() {
                        self.out.push_str(prefix);
                        if j == 0 {
                            self.out.push_str(&marker);
                        } else if !line.is_empty() {
                            self.out.push_str(&pad);
                        }
                        self.out.push_str(line);
                        self.out.push('\n');
                    }
                }
                self.out.push('\n');
            }
            Block::CodeBlock { info, text } => {
                // A fence longer than any run of its character inside, tildes when the info
                // string holds a backtick, closed on a line of its own.
                let (c, inside) = if info.contains('`') { ('~', text.as_str()) } else { ('`', text.as_str()) };
                let fence = c.to_string().repeat(longest_run(inside, c).max(2) + 1);
                let newline = if text.is_empty() || text.ends_with('\n') { "" } else { "\n" };
                let body = format!("{fence}{info}\n{text}{newline}{fence}");
                let _ = write!(
                    self.out,
                    "{}\n\n",
                    body.lines().map(|l| format!("{prefix}{l}")).collect::<Vec<_>>().join("\n")
                );
            }
            Block::Table(t) => {
                let start = self.out.len();
                self.out.push('|');
                for cell in &t.header {
                    self.out.push(' ');
                    self.inlines(cell);
                    self.out.push_str(" |");
                }
                self.out.push_str("\n|");
                for a in &t.aligns {
                    self.out.push_str(match a {
                        Align::None => "---|",
                        Align::Left => ":--|",
                        Align::Center => ":-:|",
                        Align::Right => "--:|",
                    });
                }
                for row in &t.rows {
                    self.out.push_str("\n|");
                    for cell in row {
                        self.out.push(' ');
                        self.inlines(cell);
                        self.out.push_str(" |");
                    }
                }
                let text = self.out.split_off(start);
                self.line_block(prefix, |w| w.out.push_str(&text));
                if let Some(n) = &t.number {
                    // Pandoc's caption line, so that the archive reads back with its caption.
                    self.line_block(prefix, |w| {
                        let _ = write!(w.out, "Table: Tableau {}\u{a0}— ", escape(n));
                        w.inlines(&t.caption);
                    });
                }
            }
            Block::Figure(img) => {
                let src = self.current().image_source_slashed(img);
                self.line_block(prefix, |w| {
                    w.out.push_str("![");
                    w.inlines(&img.alt);
                    let title = crate::text::figure_line(img).replace('"', "\\\"");
                    let _ = write!(w.out, "](<{}> \"{title}\")", destination(&src));
                });
            }
            Block::Rule => {
                let _ = write!(self.out, "{prefix}* * *\n\n");
            }
            Block::Lang { lang, blocks } => {
                let _ = write!(self.out, "{prefix}<div lang=\"{lang}\">\n\n");
                self.blocks(blocks, level, prefix);
                let _ = write!(self.out, "{prefix}</div>\n\n");
            }
        }
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        self.inlines_in(inlines, None);
    }

    /// `inlines` inside emphasis written with `parent` (`*` or `_`), or elsewhere. Emphasis inside
    /// `*` emphasis, or whose delimiters would touch another run of the same character (right
    /// after another emphasis), takes the other character: `*_a_*`, `*a*_b_`
    /// — CommonMark reads `*a**b*` as other runs. But `_` is no delimiter next to a letter,
    /// and a `*` followed by `_` no opener after a letter: there the runs merge (`foo***bar***`
    /// is emphasis around strong emphasis).
    fn inlines_in(&mut self, inlines: &[Inline], parent: Option<Parent>) {
        for (k, i) in inlines.iter().enumerate() {
            if let Inline::Emph(_) | Inline::Strong(_) = i {
                let (first, last) = (k == 0, k + 1 == inlines.len());
                let letter_before = self.out.ends_with(char::is_alphanumeric);
                let letter_after = inlines.get(k + 1).and_then(first_char).is_some_and(char::is_alphanumeric);
                let (at_start, at_end) = match parent {
                    Some(p) => (first.then_some(p), last.then_some(p)),
                    None => (None, None),
                };
                // Where the other character would break the parent's own delimiter.
                let must_merge = at_start.is_some_and(|p| p.letter_before) || at_end.is_some_and(|p| p.letter_after);
                let same_as_parent = at_start.or(at_end).map(|p| p.mark);
                let touches = |c: char| same_as_parent == Some(c) || (c == '*' && self.out.ends_with('*'));
                let underscore_ok = !letter_before && !letter_after && !touches('_');
                self.emphasis_mark = match same_as_parent {
                    Some(p) if must_merge => p,
                    _ if touches('*') && underscore_ok => '_',
                    // Inside `*` emphasis, `_` wherever it can go: a `*` between two punctuation
                    // marks could close the parent (`*\`*\[*…*`).
                    _ if parent.is_some_and(|p| p.mark == '*') && underscore_ok => '_',
                    _ => '*',
                };
                // Merged with the parent's run, the letters outside that run touch this one too.
                let merged = |p: Option<Parent>| p.is_some_and(|p| p.mark == self.emphasis_mark);
                self.emphasis_context = Parent {
                    mark: self.emphasis_mark,
                    letter_before: letter_before || merged(at_start) && at_start.is_some_and(|p| p.letter_before),
                    letter_after: letter_after || merged(at_end) && at_end.is_some_and(|p| p.letter_after),
                };
            }
            self.inline(i);
        }
    }

    fn wrapped(&mut self, mark: &str, content: &[Inline]) {
        let context = self.emphasis_context;
        self.out.push_str(mark);
        let start = self.out.len();
        let parent = matches!(mark.chars().next(), Some('*' | '_')).then_some(context);
        self.inlines_in(content, parent);
        // Emphasis does not begin or end with a space in CommonMark: entities keep them.
        let text = self.out.split_off(start);
        self.out.push_str(&keep_spaces(&text));
        self.out.push_str(mark);
    }

    fn inline(&mut self, i: &Inline) {
        match i {
            Inline::Text(t) => self.out.push_str(&escape(t)),
            Inline::Emph(c) => {
                let mark = std::mem::replace(&mut self.emphasis_mark, '*');
                self.wrapped(&mark.to_string(), c)
            }
            Inline::Strong(c) => {
                let mark = std::mem::replace(&mut self.emphasis_mark, '*');
                self.wrapped(&mark.to_string().repeat(2), c)
            }
            Inline::Strike(c) => self.wrapped("~~", c),
            Inline::Code(c) => {
                // Delimiters longer than any backtick run inside; spaces when the content starts
                // or ends with a backtick (CommonMark strips one space on each side).
                let ticks = "`".repeat(longest_run(c, '`') + 1);
                let spaced = c.starts_with(' ') && c.ends_with(' ') && !c.trim().is_empty();
                let pad = if c.starts_with('`') || c.ends_with('`') || spaced { " " } else { "" };
                let _ = write!(self.out, "{ticks}{pad}{c}{pad}{ticks}");
            }
            Inline::SoftBreak => self.out.push(' '),
            Inline::LineBreak => self.out.push_str("\\\n"),
            Inline::Lang { lang, content } => {
                let _ = write!(self.out, "<span lang=\"{lang}\">");
                self.inlines(content);
                self.out.push_str("</span>");
            }
            Inline::Link(l) => {
                let target = match &l.target {
                    LinkTarget::External(u) => u.clone(),
                    LinkTarget::Internal { note, anchor: a } => format!("#{}", anchor(*note, a.as_deref())),
                    LinkTarget::Entry(k) => format!("#bib-{k}"),
                    LinkTarget::Note { .. } => {
                        self.inlines(&l.content);
                        return;
                    }
                };
                // A `!` just before would make it an image.
                let backslashes = self.out.strip_suffix('!').map(|t| t.len() - t.trim_end_matches('\\').len());
                if backslashes.is_some_and(|n| n % 2 == 0) {
                    self.out.insert(self.out.len() - 1, '\\');
                }
                self.out.push('[');
                self.inlines(&l.content);
                let _ = write!(self.out, "](<{}>)", destination(&target));
            }
            Inline::Image(img) => {
                let src = self.current().image_source_slashed(img);
                self.out.push_str("![");
                self.inlines(&img.alt);
                let _ = write!(self.out, "](<{}>)", destination(&src));
            }
            Inline::FootnoteRef { label, .. } => {
                let k = match self.calls.iter().position(|l| l == label) {
                    Some(k) => k,
                    None => {
                        self.calls.push(label.clone());
                        self.calls.len() - 1
                    }
                };
                let _ = write!(self.out, "[^{}]", self.footnote_base + k + 1);
            }
            Inline::Cite(c) if c.rendered.is_empty() => self.out.push_str(&escape(&c.source)),
            Inline::Cite(c) => self.inlines(&c.rendered),
        }
    }
}
