//! Markdown body → owned blocks and inlines. The only module that touches comrak: its arena
//! lives and dies inside [`parse_body`].

use std::path::Path;

use comrak::nodes::{AstNode, ListType, NodeValue, TableAlignment};
use comrak::{parse_document, Arena, Options};

use crate::diag::{Diagnostics, Pos};
use crate::model::{Align, Block, Footnote, Heading, Inline, List, Table};

/// What the body of one note holds once converted.
#[derive(Debug, Default)]
pub struct Body {
    /// Blocks in order (footnote definitions taken out).
    pub blocks: Vec<Block>,
    /// Footnote definitions, in order.
    pub footnotes: Vec<Footnote>,
    /// Where each word in capitals first appears (see [`crate::model::Note::capitals`]).
    pub capitals: Vec<(String, Pos)>,
    /// Where each paragraph starts (see [`crate::model::Note::paragraphs`]).
    pub paragraphs: Vec<Pos>,
}

/// The comrak options for note bodies: CommonMark + GFM tables, footnotes, strikethrough, autolinks.
fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.footnotes = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o.parse.leave_footnote_definitions = true;
    o.parse.sourcepos_chars = true;
    o.parse.escaped_char_spans = true;
    o
}

/// Stand-ins for characters the author escaped (`\@`, `\[`): they take no part in citation
/// syntax and are put back afterwards.
const PROTECTED: &[(char, char)] = &[('@', '\u{E000}'), ('[', '\u{E001}'), (']', '\u{E002}')];

fn protect(c: &str) -> String {
    c.chars().map(|ch| PROTECTED.iter().find(|(from, _)| *from == ch).map_or(ch, |(_, to)| *to)).collect()
}

fn unprotect(s: &str) -> String {
    s.chars().map(|ch| PROTECTED.iter().find(|(_, to)| *to == ch).map_or(ch, |(from, _)| *from)).collect()
}

/// Parses `body` (the Markdown after the front matter of `file`, starting at file line
/// `first_line`) into blocks and footnotes. `dir` is the note's folder relative to the
/// project root, against which relative links are resolved.
pub fn parse_body(file: &Path, body: &str, first_line: usize, diags: &mut Diagnostics) -> Body {
    let arena = Arena::new();
    let root = parse_document(&arena, body, &options());
    let mut conv = Converter {
        file,
        line_offset: first_line - 1,
        diags,
        footnotes: Vec::new(),
        depth: 0,
        inline_depth: 0,
        too_deep: false,
        capitals: Vec::new(),
        paragraphs: Vec::new(),
        in_footnote: 0,
    };
    let blocks = conv.blocks(root);
    let footnotes = std::mem::take(&mut conv.footnotes);
    let capitals = std::mem::take(&mut conv.capitals);
    let paragraphs = std::mem::take(&mut conv.paragraphs);
    let body = Body { blocks, footnotes, capitals, paragraphs };
    limits::check_counts(file, &body, conv.diags);
    body
}

/// How deep blocks may nest in a note (block quotes, list items, `<div lang>` passages,
/// footnotes): what Typst lays out without reaching its own limits, with room to spare. A
/// mémoire needs three or four.
pub const MAX_NESTING: usize = 12;

/// How deep inline markup may nest (emphasis in a link in bold…).
pub const MAX_INLINE_NESTING: usize = 12;

struct Converter<'d> {
    file: &'d Path,
    line_offset: usize,
    diags: &'d mut Diagnostics,
    footnotes: Vec<Footnote>,
    /// Current block nesting, and inline nesting.
    depth: usize,
    inline_depth: usize,
    /// Set once the note's nesting error is reported (one per note).
    too_deep: bool,
    /// Words in capitals and where each first appears.
    capitals: Vec<(String, Pos)>,
    /// Where each paragraph of the text starts (see [`crate::model::Note::paragraphs`]).
    paragraphs: Vec<Pos>,
    /// Inside a footnote's definition (whose paragraphs are not the text's).
    in_footnote: usize,
}

/// `lang` attribute of an opening `<div lang="en">` / `<span lang="en">` tag, if it is one.
fn lang_open(html: &str, tag: &str) -> Option<String> {
    let h = html.trim();
    let rest = h.strip_prefix('<')?.strip_prefix(tag)?;
    let rest = rest.strip_suffix('>')?.trim();
    let value = rest.strip_prefix("lang=")?;
    let value = value.trim_matches(|c| c == '"' || c == '\'');
    let ok = !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    ok.then(|| value.to_string())
}

/// The text after an HTML comment that opens `html` (an HTML block or inline HTML), `None` when
/// `html` is not a comment. CommonMark 0.31 ends a comment at the first `-->`, and also takes
/// `<!-->` and `<!--->` as (empty) comments.
fn after_comment(html: &str) -> Option<&str> {
    let rest = html.trim_start().strip_prefix("<!--")?;
    let end = if rest.starts_with('>') {
        1
    } else if rest.starts_with("->") {
        2
    } else {
        rest.find("-->")? + 3
    };
    Some(&rest[end..])
}

fn is_close(html: &str, tag: &str) -> bool {
    html.trim() == format!("</{tag}>")
}

impl Converter<'_> {
    fn pos(&self, node: &AstNode<'_>) -> Pos {
        let sp = node.data().sourcepos;
        Pos::new(sp.start.line + self.line_offset, sp.start.column)
    }

    fn blocks<'a>(&mut self, parent: &'a AstNode<'a>) -> Vec<Block> {
        let children: Vec<&'a AstNode<'a>> = parent.children().collect();
        self.nested_blocks(parent, &children)
    }

    /// [`Self::block_list`] one level deeper; past [`MAX_NESTING`] the blocks are reported
    /// (once) and left out, so that no stage after the loader recurses without bound.
    fn nested_blocks<'a>(&mut self, at: &'a AstNode<'a>, children: &[&'a AstNode<'a>]) -> Vec<Block> {
        if self.depth > MAX_NESTING {
            self.report_depth(at, "niveaux de citations, de listes ou de passages en langue étrangère", MAX_NESTING);
            return Vec::new();
        }
        self.depth += 1;
        let out = self.block_list(children);
        self.depth -= 1;
        out
    }

    fn report_depth(&mut self, at: &AstNode<'_>, what: &str, max: usize) {
        if !self.too_deep {
            self.too_deep = true;
            let pos = self.pos(at);
            self.diags
                .error(self.file, Some(pos), format!("imbrication trop profonde : plus de {max} {what}"))
                .with_hint("aplatissez ce passage : ni le PDF ni l’EPUB n’impriment une telle profondeur");
        }
    }

    fn block_list<'a>(&mut self, children: &[&'a AstNode<'a>]) -> Vec<Block> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < children.len() {
            let node = children[i];
            let value = node.data().value.clone();
            match value {
                NodeValue::HtmlBlock(h) => {
                    if let Some(lang) = lang_open(&h.literal, "div") {
                        let pos = self.pos(node);
                        self.check_lang(&lang, pos);
                        // Gather the siblings up to the matching `</div>`.
                        let close = children[i + 1..].iter().position(
                            |n| matches!(&n.data().value, NodeValue::HtmlBlock(c) if is_close(&c.literal, "div")),
                        );
                        match close {
                            Some(c) => {
                                let inner = self.nested_blocks(node, &children[i + 1..i + 1 + c]);
                                out.push(Block::Lang { lang, blocks: inner });
                                i += c + 2;
                                continue;
                            }
                            None => {
                                let pos = self.pos(node);
                                self.diags.error(self.file, Some(pos), "`<div lang=…>` sans `</div>` correspondant");
                            }
                        }
                    } else if let Some(after) = after_comment(&h.literal) {
                        // A comment prints nothing, but the text after its `-->` on the same
                        // line is the author's: it is kept (CommonMark puts it in the HTML block).
                        if !after.trim().is_empty() {
                            let pos = self.pos(node);
                            let end_line = pos.line + h.literal.trim_end().lines().count().saturating_sub(1);
                            self.diags.warning(
                                self.file,
                                Some(Pos::new(end_line, 1)),
                                "texte collé après un commentaire HTML : gardé, mais mettez-le sur sa propre ligne",
                            );
                            let arena = Arena::new();
                            let fragment = parse_document(&arena, after.trim_start(), &options());
                            let offset = self.line_offset;
                            self.line_offset = end_line - 1;
                            let kept = self.blocks(fragment);
                            self.line_offset = offset;
                            out.extend(kept);
                        }
                    } else {
                        // Any other HTML block, a `</div>` without its `<div lang>` included,
                        // is printed as the author typed it (see docs/format.md, « HTML »).
                        let pos = self.pos(node);
                        self.diags.warning(
                            self.file,
                            Some(pos),
                            "bloc HTML imprimé tel quel (seul `<div lang=\"…\">` est compris)",
                        );
                        out.push(Block::CodeBlock { info: String::new(), text: h.literal.trim_end().to_string() });
                    }
                }
                _ => {
                    if let Some(b) = self.block(node) {
                        let pos = self.pos(node);
                        self.check_size(pos, &b);
                        // `Table: …` or `: …` right after a table is its caption (Pandoc).
                        if let (Block::Paragraph(p), Some(Block::Table(t))) = (&b, out.last_mut()) {
                            if t.caption.is_empty() {
                                if let Some(caption) = table_caption(p) {
                                    t.caption = caption;
                                    i += 1;
                                    continue;
                                }
                            }
                        }
                        if matches!(b, Block::Paragraph(_)) && self.in_footnote == 0 {
                            self.paragraphs.push(pos);
                        }
                        out.push(b);
                    }
                }
            }
            i += 1;
        }
        out
    }

    fn block<'a>(&mut self, node: &'a AstNode<'a>) -> Option<Block> {
        let value = node.data().value.clone();
        Some(match value {
            NodeValue::Paragraph => {
                let inlines = self.inlines(node, false);
                if let [Inline::Image(img)] = inlines.as_slice() {
                    return Some(Block::Figure(img.clone()));
                }
                Block::Paragraph(inlines)
            }
            NodeValue::Heading(h) => {
                let pos = self.pos(node);
                let mut level = h.level;
                if level == 1 {
                    self.diags
                        .warning(self.file, Some(pos), "titre de niveau 1 (`#`) dans une note : traité comme `##`")
                        .with_hint("le titre de la note vient de son en-tête ; les intertitres commencent à `##`");
                    level = 2;
                }
                let mut content = self.inlines(node, false);
                let unnumbered = strip_unnumbered_mark(&mut content);
                if crate::text::plain_text(&content).trim().is_empty() {
                    // Nothing to print, nothing to list (PDF/UA refuses an empty heading).
                    self.diags.warning(self.file, Some(pos), "intertitre vide : ignoré");
                    return None;
                }
                Block::Heading(Heading { level, content, anchor: String::new(), number: None, unnumbered, pos })
            }
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) => Block::BlockQuote(self.blocks(node)),
            NodeValue::List(l) => Block::List(List {
                ordered: l.list_type == ListType::Ordered,
                start: l.start,
                items: node.children().map(|item| self.blocks(item)).collect(),
            }),
            NodeValue::CodeBlock(c) => Block::CodeBlock { info: c.info.clone(), text: c.literal.clone() },
            NodeValue::ThematicBreak => Block::Rule,
            NodeValue::Table(t) => {
                let aligns = t
                    .alignments
                    .iter()
                    .map(|a| match a {
                        TableAlignment::None => Align::None,
                        TableAlignment::Left => Align::Left,
                        TableAlignment::Center => Align::Center,
                        TableAlignment::Right => Align::Right,
                    })
                    .collect();
                let mut header = Vec::new();
                let mut rows = Vec::new();
                for row in node.children() {
                    let is_header = matches!(row.data().value, NodeValue::TableRow(true));
                    let cells: Vec<Vec<Inline>> = row.children().map(|c| self.inlines(c, false)).collect();
                    if is_header {
                        header = cells;
                    } else {
                        rows.push(cells);
                    }
                }
                // A `Table: …` line typed right under the rows is read by GFM as one more row.
                let mut caption = Vec::new();
                if let Some(last) = rows.last() {
                    let rest_empty = last.iter().skip(1).all(|c| crate::text::plain_text(c).trim().is_empty());
                    if let Some(c) = last.first().filter(|_| rest_empty).and_then(|c| table_caption(c)) {
                        caption = c;
                        rows.pop();
                    }
                }
                Block::Table(Table { aligns, header, rows, caption, number: None })
            }
            NodeValue::FootnoteDefinition(def) => {
                let pos = self.pos(node);
                if def.total_references == 0 {
                    self.diags
                        .warning(
                            self.file,
                            Some(pos),
                            format!("la note de bas de page [^{}] n’est appelée nulle part", def.name),
                        )
                        .with_hint(format!("ajoutez l’appel [^{}] dans le texte, ou retirez la définition", def.name));
                }
                self.in_footnote += 1;
                let blocks = self.blocks(node);
                self.in_footnote -= 1;
                self.footnotes.push(Footnote { label: def.name.clone(), blocks, pos });
                return None;
            }
            NodeValue::HtmlBlock(_) => unreachable!("handled in block_list"),
            other => {
                let pos = self.pos(node);
                self.diags.warning(
                    self.file,
                    Some(pos),
                    format!("élément Markdown non pris en charge : {}", other.xml_node_name()),
                );
                return None;
            }
        })
    }
}

mod inlines;
mod limits;

/// The caption of a `Table: Résultats` or `: Résultats` paragraph, without its mark.
fn table_caption(p: &[Inline]) -> Option<Vec<Inline>> {
    let Some(Inline::Text(first)) = p.first() else { return None };
    let rest = first.strip_prefix("Table:").or_else(|| first.strip_prefix(':'))?;
    if !rest.starts_with([' ', '\u{a0}']) {
        return None;
    }
    let mut caption = p.to_vec();
    caption[0] = Inline::Text(rest.trim_start().to_string());
    if caption.len() == 1 && rest.trim().is_empty() {
        return None;
    }
    Some(caption)
}

/// Pandoc's mark of an unnumbered heading, `{-}` or `{.unnumbered}` at its end: removed from
/// `content`; true when it was there.
fn strip_unnumbered_mark(content: &mut Vec<Inline>) -> bool {
    let Some(Inline::Text(last)) = content.last_mut() else { return false };
    let trimmed = last.trim_end();
    let Some(rest) = trimmed.strip_suffix("{-}").or_else(|| trimmed.strip_suffix("{.unnumbered}")) else {
        return false;
    };
    let rest = rest.trim_end().to_string();
    if rest.is_empty() {
        content.pop();
        if let Some(Inline::Text(t)) = content.last_mut() {
            let kept = t.trim_end().len();
            t.truncate(kept);
        }
    } else {
        *last = rest;
    }
    true
}

#[cfg(test)]
mod tests;
