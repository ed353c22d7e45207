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

/// The text of `inlines` as the outputs print it: [`plain_text`], citations as the style
/// formatted them (« (Wenger, 1998) ») once resolved, as written before.
pub fn printed_text(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Cite(c) if !c.rendered.is_empty() => s.push_str(&printed_text(&c.rendered)),
            Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => s.push_str(&printed_text(c)),
            Inline::Lang { content, .. } => s.push_str(&printed_text(content)),
            Inline::Link(l) => s.push_str(&printed_text(&l.content)),
            other => push_plain(std::slice::from_ref(other), &mut s),
        }
    }
    s
}

/// A figure's caption: its title when it has one, else its alternative text (as Pandoc).
pub fn caption(img: &crate::model::Image) -> String {
    if img.title.trim().is_empty() {
        plain_text(&img.alt)
    } else {
        img.title.clone()
    }
}

/// A figure's line in captions and lists: « Figure 4.1 — Les trois cas étudiés ».
pub fn figure_line(img: &crate::model::Image) -> String {
    format!("Figure {}\u{a0}— {}", img.number.as_deref().unwrap_or_default(), caption(img))
}

/// A captioned table's line in lists: « Tableau A.1 — Les membres des cas » (`None` when the
/// table has no caption, hence no number).
pub fn table_line(t: &crate::model::Table) -> Option<String> {
    t.number.as_ref().map(|n| format!("Tableau {n}\u{a0}— {}", plain_text(&t.caption)))
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

/// Every block of `blocks`, nested ones included, depth first (a block before its children).
pub fn visit_blocks<'d>(blocks: &'d [Block], f: &mut dyn FnMut(&'d Block)) {
    for b in blocks {
        f(b);
        match b {
            Block::BlockQuote(bs) | Block::Lang { blocks: bs, .. } => visit_blocks(bs, f),
            Block::List(l) => l.items.iter().for_each(|item| visit_blocks(item, f)),
            _ => {}
        }
    }
}

/// [`visit_blocks`], mutably, in the same order.
pub fn visit_blocks_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Block)) {
    for b in blocks {
        f(b);
        match b {
            Block::BlockQuote(bs) | Block::Lang { blocks: bs, .. } => visit_blocks_mut(bs, f),
            Block::List(l) => l.items.iter_mut().for_each(|item| visit_blocks_mut(item, f)),
            _ => {}
        }
    }
}

/// Every inline of `blocks`, depth first: paragraphs, headings, table cells, figure alt texts,
/// and the content of emphasis, links, images and language spans (not of citations).
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
    visit_blocks(blocks, &mut |b| match b {
        Block::Paragraph(i) => walk(i, f),
        Block::Heading(h) => walk(&h.content, f),
        Block::Table(t) => {
            t.header.iter().chain(t.rows.iter().flatten()).chain(std::iter::once(&t.caption)).for_each(|c| walk(c, f))
        }
        Block::Figure(img) => walk(&img.alt, f),
        _ => {}
    });
}

/// [`visit_inlines`], mutably and in the same order; `f` returns whether to go into the
/// inline's content.
pub fn visit_inlines_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Inline) -> bool) {
    fn walk(inlines: &mut [Inline], f: &mut dyn FnMut(&mut Inline) -> bool) {
        for i in inlines {
            if !f(i) {
                continue;
            }
            match i {
                Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => walk(c, f),
                Inline::Lang { content, .. } => walk(content, f),
                Inline::Link(l) => walk(&mut l.content, f),
                Inline::Image(img) => walk(&mut img.alt, f),
                _ => {}
            }
        }
    }
    visit_blocks_mut(blocks, &mut |b| match b {
        Block::Paragraph(i) => walk(i, f),
        Block::Heading(h) => walk(&mut h.content, f),
        Block::Table(t) => t
            .header
            .iter_mut()
            .chain(t.rows.iter_mut().flatten())
            .chain(std::iter::once(&mut t.caption))
            .for_each(|c| walk(c, f)),
        Block::Figure(img) => walk(&mut img.alt, f),
        _ => {}
    });
}

/// Every piece of prose text in `blocks` (code and citations excluded), figure captions included.
pub fn visit_text(blocks: &[Block], f: &mut dyn FnMut(&str)) {
    visit_blocks(blocks, &mut |b| {
        if let Block::Figure(img) = b {
            f(&img.title);
        }
    });
    visit_inlines(blocks, &mut |i| {
        if let Inline::Text(t) = i {
            f(t);
        }
    });
}

/// Every image of `blocks`: figures, then inline images.
pub fn images(blocks: &[Block]) -> Vec<&crate::model::Image> {
    let mut out = Vec::new();
    visit_blocks(blocks, &mut |b| {
        if let Block::Figure(img) = b {
            out.push(img);
        }
    });
    visit_inlines(blocks, &mut |i| {
        if let Inline::Image(img) = i {
            out.push(img);
        }
    });
    out
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
