//! Values the outputs cannot take (language tags that are not BCP 47), and sizes no mémoire
//! reaches, refused at their line so that `build` never meets them: Typst's
//! layout time grows faster than a paragraph's length (one paragraph of 1 MB took 22 s), PDF
//! strings hold 32,767 bytes at most (a heading becomes a bookmark, an address a link, an alt
//! text an attribute), and 100,000 footnotes took 45 s and 4.8 GB. Documented in
//! docs/format.md, « Limites ».

use crate::diag::Pos;
use crate::model::{Block, Inline, LinkTarget};
use crate::text::plain_text;

/// The longest paragraph (or table cell): 50,000 characters, about 8,000 words.
pub const MAX_PARAGRAPH_CHARS: usize = 50_000;
/// The longest heading: 1,000 characters.
pub const MAX_HEADING_CHARS: usize = 1_000;
/// The longest line of a code block: 10,000 characters.
pub const MAX_CODE_LINE_CHARS: usize = 10_000;
/// The longest alternative text of an image: 5,000 characters.
pub const MAX_ALT_CHARS: usize = 5_000;
/// The longest web address: 2,000 characters (what browsers keep).
pub const MAX_URL_CHARS: usize = 2_000;
/// The most footnotes in one note.
pub const MAX_FOOTNOTES: usize = 1_000;
/// The most citations in one note.
pub const MAX_CITATIONS: usize = 2_000;

impl super::Converter<'_> {
    /// A language tag must be well formed (BCP 47: a language of two or three letters, then
    /// subtags of one to eight letters or digits): the PDF and the EPUB both need one.
    pub(super) fn check_lang(&mut self, lang: &str, pos: Pos) {
        if !lang_tag_ok(lang) {
            self.diags
                .error(
                    self.file,
                    Some(pos),
                    format!("langue « {} » : code de langue invalide", crate::diag::excerpt(lang, 40)),
                )
                .with_hint("un code BCP 47 : en, es, de, en-US, pt-BR…");
        }
    }

    /// Refuses a block larger than the limits above, at `pos` (the block's line).
    pub(super) fn check_size(&mut self, pos: Pos, block: &Block) {
        let chars = |inl: &[Inline]| plain_text(inl).chars().count();
        let n = crate::fr::number;
        let mut problems: Vec<String> = Vec::new();
        match block {
            Block::Paragraph(p) if chars(p) > MAX_PARAGRAPH_CHARS => {
                problems.push(format!("paragraphe de {} caractères ({} au plus)", n(chars(p)), n(MAX_PARAGRAPH_CHARS)))
            }
            Block::Heading(h) if chars(&h.content) > MAX_HEADING_CHARS => problems.push(format!(
                "intertitre de {} caractères ({} au plus)",
                n(chars(&h.content)),
                n(MAX_HEADING_CHARS)
            )),
            Block::CodeBlock { text, .. } => {
                if let Some(k) = text.lines().map(|l| l.chars().count()).max().filter(|k| *k > MAX_CODE_LINE_CHARS) {
                    problems.push(format!("ligne de code de {} caractères ({} au plus)", n(k), n(MAX_CODE_LINE_CHARS)));
                }
            }
            Block::Table(t) => {
                if let Some(k) = t.header.iter().chain(t.rows.iter().flatten()).map(|c| chars(c)).max() {
                    if k > MAX_PARAGRAPH_CHARS {
                        problems.push(format!(
                            "cellule de tableau de {} caractères ({} au plus)",
                            n(k),
                            n(MAX_PARAGRAPH_CHARS)
                        ));
                    }
                }
            }
            _ => {}
        }
        // Inlines of this block only (nested blocks are checked on their own).
        let own: Vec<&[Inline]> = match block {
            Block::Paragraph(p) => vec![p],
            Block::Heading(h) => vec![&h.content],
            Block::Table(t) => t.header.iter().chain(t.rows.iter().flatten()).map(Vec::as_slice).collect(),
            _ => Vec::new(),
        };
        let mut images = Vec::new();
        if let Block::Figure(img) = block {
            images.push(img);
        }
        let mut urls = Vec::new();
        fn walk<'a>(inl: &'a [Inline], urls: &mut Vec<&'a str>, images: &mut Vec<&'a crate::model::Image>) {
            for i in inl {
                match i {
                    Inline::Link(l) => {
                        if let LinkTarget::External(u) = &l.target {
                            urls.push(u);
                        }
                        walk(&l.content, urls, images);
                    }
                    Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => walk(c, urls, images),
                    Inline::Lang { content, .. } => walk(content, urls, images),
                    Inline::Image(img) => images.push(img),
                    _ => {}
                }
            }
        }
        for inl in own {
            walk(inl, &mut urls, &mut images);
        }
        if let Some(k) = urls.iter().map(|u| u.chars().count()).max().filter(|k| *k > MAX_URL_CHARS) {
            problems.push(format!("adresse web de {} caractères ({} au plus)", n(k), n(MAX_URL_CHARS)));
        }
        if let Some(k) = images.iter().map(|i| chars(&i.alt)).max().filter(|k| *k > MAX_ALT_CHARS) {
            problems.push(format!(
                "texte de remplacement d’image de {} caractères ({} au plus)",
                n(k),
                n(MAX_ALT_CHARS)
            ));
        }
        for p in problems {
            self.diags
                .error(self.file, Some(pos), p)
                .with_hint("aucun mémoire n’en demande tant : découpez ou raccourcissez (limites : docs/format.md)");
        }
    }
}

/// A well-formed BCP 47 tag as the outputs need it: a language of two or three letters, then
/// subtags of one to eight letters or digits (`en`, `en-US`, `en-Latn-US`, `es-419`).
pub fn lang_tag_ok(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

impl super::Converter<'_> {
    /// Records the first place of each word in capitals of `text` (a text node at `pos`).
    pub(super) fn note_capitals(&mut self, text: &str, pos: Pos) {
        let mut offset = 0;
        for word in text.split(|c: char| !c.is_alphabetic()) {
            let caps = (2..=6).contains(&word.chars().count()) && word.chars().all(char::is_uppercase);
            if caps && !self.capitals.iter().any(|(w, _)| w == word) && self.capitals.len() < 10_000 {
                let at = Pos::new(pos.line, pos.col + text[..offset].chars().count());
                self.capitals.push((word.to_string(), at));
            }
            offset += word.len() + text[offset + word.len()..].chars().next().map_or(0, char::len_utf8);
        }
    }
}

/// Refuses a note with more footnotes or citations than [`MAX_FOOTNOTES`] and
/// [`MAX_CITATIONS`], at the first one past the limit.
pub(super) fn check_counts(file: &std::path::Path, body: &super::Body, diags: &mut crate::diag::Diagnostics) {
    if let Some(f) = body.footnotes.get(MAX_FOOTNOTES) {
        diags
            .error(
                file,
                Some(f.pos),
                format!("plus de {} notes de bas de page dans une note", crate::fr::number(MAX_FOOTNOTES)),
            )
            .with_hint("répartissez ce texte en plusieurs notes du carnet");
    }
    let mut cites = Vec::new();
    crate::text::visit_inlines(&body.blocks, &mut |i| {
        if let Inline::Cite(c) = i {
            cites.push(c.pos);
        }
    });
    for f in &body.footnotes {
        crate::text::visit_inlines(&f.blocks, &mut |i| {
            if let Inline::Cite(c) = i {
                cites.push(c.pos);
            }
        });
    }
    if let Some(pos) = cites.get(MAX_CITATIONS) {
        diags
            .error(file, Some(*pos), format!("plus de {} citations dans une note", crate::fr::number(MAX_CITATIONS)))
            .with_hint("répartissez ce texte en plusieurs notes du carnet");
    }
}
