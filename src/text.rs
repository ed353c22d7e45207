//! Small text helpers shared by every stage: plain text of inlines, anchors, word counts.

use crate::model::{Block, Inline};

/// The text of `inlines` without markup (citations as written, breaks as spaces).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut s = String::new();
    push_plain(inlines, &mut s);
    s
}

fn push_plain(inlines: &[Inline], s: &mut String) {
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => s.push_str(t),
            Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => push_plain(c, s),
            Inline::Lang { content, .. } => push_plain(content, s),
            Inline::Link(l) => push_plain(&l.content, s),
            Inline::Image(img) => push_plain(&img.alt, s),
            Inline::Cite(c) => s.push_str(&c.source),
            Inline::FootnoteRef { .. } => {}
            Inline::SoftBreak | Inline::LineBreak => s.push(' '),
        }
    }
}

/// An anchor from a heading's text: lower case, accents folded, words joined by `-`
/// (« Diversité des organisations d’attache » → `diversite-des-organisations-dattache`).
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded: &str = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => "a",
            'ç' => "c",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'î' | 'ï' | 'í' | 'ì' => "i",
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => "o",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'ÿ' => "y",
            'ñ' => "n",
            'œ' => "oe",
            'æ' => "ae",
            _ => "",
        };
        if !folded.is_empty() {
            out.push_str(folded);
            dash = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            dash = false;
        } else if (c.is_whitespace() || c == '-' || c == '_') && !out.is_empty() && !dash {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// Counts words: runs of characters separated by white space that hold a letter or digit.
pub fn count_words(text: &str) -> usize {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// Every piece of prose text in `blocks` (code excluded), passed to `f`.
pub fn visit_text(blocks: &[Block], f: &mut dyn FnMut(&str)) {
    for b in blocks {
        match b {
            Block::Paragraph(i) => visit_inline_text(i, f),
            Block::Heading(h) => visit_inline_text(&h.content, f),
            Block::BlockQuote(bs) | Block::Lang { blocks: bs, .. } => visit_text(bs, f),
            Block::List(l) => l.items.iter().for_each(|item| visit_text(item, f)),
            Block::Table(t) => {
                t.header.iter().chain(t.rows.iter().flatten()).for_each(|c| visit_inline_text(c, f));
            }
            Block::Figure(img) => {
                visit_inline_text(&img.alt, f);
                f(&img.title);
            }
            Block::CodeBlock { .. } | Block::Rule => {}
        }
    }
}

fn visit_inline_text(inlines: &[Inline], f: &mut dyn FnMut(&str)) {
    for i in inlines {
        match i {
            Inline::Text(t) => f(t),
            Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => visit_inline_text(c, f),
            Inline::Lang { content, .. } => visit_inline_text(content, f),
            Inline::Link(l) => visit_inline_text(&l.content, f),
            Inline::Image(img) => visit_inline_text(&img.alt, f),
            Inline::Code(_) | Inline::Cite(_) | Inline::FootnoteRef { .. } | Inline::SoftBreak | Inline::LineBreak => {}
        }
    }
}

/// Every image of `blocks`: figures and inline images, in reading order.
pub fn images(blocks: &[Block]) -> Vec<&crate::model::Image> {
    let mut out = Vec::new();
    fn walk<'d>(blocks: &'d [Block], out: &mut Vec<&'d crate::model::Image>) {
        for b in blocks {
            match b {
                Block::Figure(img) => out.push(img),
                Block::BlockQuote(bs) | Block::Lang { blocks: bs, .. } => walk(bs, out),
                Block::List(l) => l.items.iter().for_each(|i| walk(i, out)),
                _ => {}
            }
        }
    }
    walk(blocks, &mut out);
    visit_inlines(blocks, &mut |i| {
        if let Inline::Image(img) = i {
            out.push(img);
        }
    });
    out
}

/// Every inline of `blocks`, depth first, passed to `f` (for counting and checking).
pub fn visit_inlines<'d>(blocks: &'d [Block], f: &mut dyn FnMut(&'d Inline)) {
    fn walk<'d>(inlines: &'d [Inline], f: &mut dyn FnMut(&'d Inline)) {
        for i in inlines {
            f(i);
            match i {
                Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => walk(c, f),
                Inline::Lang { content, .. } => walk(content, f),
                Inline::Link(l) => walk(&l.content, f),
                Inline::Image(img) => walk(&img.alt, f),
                _ => {}
            }
        }
    }
    for b in blocks {
        match b {
            Block::Paragraph(i) => walk(i, f),
            Block::Heading(h) => walk(&h.content, f),
            Block::BlockQuote(bs) | Block::Lang { blocks: bs, .. } => visit_inlines(bs, f),
            Block::List(l) => l.items.iter().for_each(|item| visit_inlines(item, f)),
            Block::Table(t) => t.header.iter().chain(t.rows.iter().flatten()).for_each(|c| walk(c, f)),
            Block::Figure(img) => walk(&img.alt, f),
            Block::CodeBlock { .. } | Block::Rule => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        let cases = [
            ("Diversité des organisations d’attache", "diversite-des-organisations-dattache"),
            ("  Objets frontières ", "objets-frontieres"),
            ("Œuvre — et cœur", "oeuvre-et-coeur"),
            ("1.4.1.  Portée", "141-portee"),
            ("???", "section"),
        ];
        for (text, slug) in cases {
            assert_eq!(slugify(text), slug, "{text}");
        }
    }

    #[test]
    fn words() {
        assert_eq!(count_words("Un climat de confiance « propice » aux échanges : acteur·trices !"), 8);
        assert_eq!(count_words(""), 0);
    }
}
