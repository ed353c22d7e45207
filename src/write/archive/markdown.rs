//! The whole mémoire as one Markdown file (`memoire.md` of the archive): readable on its own,
//! headings with the author's numbers, cross-references to in-file anchors, footnotes numbered
//! through the whole file, citations and bibliography as formatted text. Pure.

use std::fmt::Write as _;

use crate::model::{Align, Block, Inline, LinkTarget, Note};
use crate::plan::EntryKind;
use crate::resolve::Resolved;

/// Escapes text inside a line so that CommonMark reads it back as the same plain text. Only
/// the characters that can start markup anywhere are escaped; see [`escape_block_start`] for
/// the ones that matter at the start of a block.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '&' if chars.peek().is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') => out.push_str("\\&"),
            // GFM autolinks: e-mail addresses, `scheme://`, `www.`.
            '@' => out.push_str("\\@"),
            ':' if chars.clone().take(2).eq("//".chars()) => out.push_str("\\:"),
            '.' if out.ends_with("www") || out.ends_with("WWW") => out.push_str("\\."),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Escapes what would start a block at the beginning of a line of text: `#`, `>`, `=`, a list
/// marker (`-`, `+`, `*` and a space, `1.` or `1)`).
pub fn escape_block_start(line: &str) -> String {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let after = line[digits..].chars().next();
    if digits > 0 && digits < 10 && matches!(after, Some('.' | ')')) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    let mut chars = line.chars();
    match (chars.next(), chars.next()) {
        (Some('#' | '=' | '+' | '-'), _)
            if line.trim_start_matches(['#', '=', '+', '-']).starts_with([' ', '\t'])
                || line.chars().all(|c| "#=+-".contains(c)) =>
        {
            format!("\\{line}")
        }
        (Some('#' | '='), _) => format!("\\{line}"),
        _ => line.to_string(),
    }
}

/// Anchor of a note (or of one of its headings) inside `memoire.md`.
pub fn anchor(note: usize, heading: Option<&str>) -> String {
    match heading {
        Some(h) => format!("n{note}-{h}"),
        None => format!("n{note}"),
    }
}

/// A link destination inside `<…>`: backslashes and angle brackets escaped, as CommonMark reads
/// backslash escapes there (`https://a.org/\\[\\` would otherwise lose its closing `>`).
fn destination(url: &str) -> String {
    url.replace('\\', "\\\\").replace('<', "\\<").replace('>', "\\>")
}

/// The longest run of `c` in `text`.
fn longest_run(text: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// Writes `memoire.md`.
pub fn write(r: &Resolved) -> String {
    let doc = r.doc();
    let page = &r.plan.title_page;
    let mut w = Writer { r, out: String::with_capacity(64 * 1024), note: 0, footnote_base: 0, calls: Vec::new() };
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
        for b in blocks {
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
                let text = escape_block_start(&w.out[start..]);
                w.out.truncate(start);
                w.out.push_str(&text);
            }),
            Block::Heading(h) => {
                let number = h.number.as_ref().map(|n| format!("{n} ")).unwrap_or_default();
                let hashes = "#".repeat((level + usize::from(h.level) - 1).min(6));
                let id = anchor(self.note, Some(&h.anchor));
                self.line_block(prefix, |w| {
                    let _ = write!(w.out, "<a id=\"{id}\"></a>\n\n{hashes} {}", escape(&number));
                    w.inlines(&h.content);
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
                for (k, item) in l.items.iter().enumerate() {
                    let marker = if l.ordered { format!("{}. ", l.start + k) } else { "- ".to_string() };
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
        for i in inlines {
            self.inline(i);
        }
    }

    fn wrapped(&mut self, mark: &str, content: &[Inline]) {
        self.out.push_str(mark);
        self.inlines(content);
        self.out.push_str(mark);
    }

    fn inline(&mut self, i: &Inline) {
        match i {
            Inline::Text(t) => self.out.push_str(&escape(t)),
            Inline::Emph(c) => self.wrapped("*", c),
            Inline::Strong(c) => self.wrapped("**", c),
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Plain text of a CommonMark document made of one paragraph.
    fn reparse(md: &str) -> String {
        let arena = comrak::Arena::new();
        let mut o = comrak::Options::default();
        o.extension.strikethrough = true;
        o.extension.table = true;
        o.extension.autolink = true;
        o.extension.footnotes = true;
        let root = comrak::parse_document(&arena, md, &o);
        let mut s = String::new();
        for n in root.descendants() {
            match &n.data().value {
                comrak::nodes::NodeValue::Text(t) => s.push_str(t),
                comrak::nodes::NodeValue::SoftBreak => s.push(' '),
                comrak::nodes::NodeValue::Paragraph | comrak::nodes::NodeValue::Document => {}
                other => s.push_str(&format!("<{}>", other.xml_node_name())),
            }
        }
        s
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        #[test]
        fn escaped_text_reads_back_as_itself(s in "([a-zA-Zé0-9 !-/:-@\\[-`{-~«»’·]|www\\.|https?://){1,40}") {
            let trimmed = s.trim();
            prop_assume!(!trimmed.is_empty());
            prop_assert_eq!(reparse(&escape_block_start(&escape(trimmed))), trimmed);
        }
    }

    #[test]
    fn markdown_syntax_stays_text() {
        for s in [
            "# titre",
            "- tiret",
            "1. un",
            "*gras* _it_",
            "[lien](x)",
            "<b>",
            "`code`",
            "a | b",
            "~~x~~",
            "[^1]",
            "> cité",
            "@cle [@k]",
            "+ plus",
            "=",
            "&amp; x",
            "12) douze",
            "-- tiret long",
        ] {
            assert_eq!(reparse(&escape_block_start(&escape(s))), s, "{s}");
        }
    }
}
