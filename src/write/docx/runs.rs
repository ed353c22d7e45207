//! The smallest pieces of WordprocessingML: run properties, runs, complex fields with their
//! result, paragraph openings, language tags, the paragraphs' anchor names.

use std::fmt::Write as _;

use crate::write::epub::xhtml::escape;

/// Run properties: what an inline's context adds to its text.
#[derive(Debug, Clone, Default)]
pub struct RunStyle {
    /// Italic (emphasis; emphasis inside emphasis turns it off).
    pub italic: bool,
    /// Bold.
    pub bold: bool,
    /// Struck out.
    pub strike: bool,
    /// Code: the template's monospaced font.
    pub code: bool,
    /// A character style (`Hyperlink`, `FootnoteReference`).
    pub style: Option<&'static str>,
    /// A language other than the document's (`en-CA`).
    pub lang: Option<String>,
}

impl RunStyle {
    /// The style of a link's text.
    pub fn hyperlink() -> Self {
        RunStyle { style: Some("Hyperlink"), ..RunStyle::default() }
    }

    /// The `w:rPr` element of this style (empty when there is nothing to say).
    pub fn props(&self) -> String {
        let mut p = String::new();
        if let Some(s) = self.style {
            let _ = write!(p, "<w:rStyle w:val=\"{s}\"/>");
        }
        if self.code {
            p.push_str("<w:rFonts w:ascii=\"DejaVu Sans Mono\" w:hAnsi=\"DejaVu Sans Mono\"/>");
        }
        if self.bold {
            p.push_str("<w:b/>");
        }
        if self.italic {
            p.push_str("<w:i/>");
        }
        if self.strike {
            p.push_str("<w:strike/>");
        }
        if let Some(l) = &self.lang {
            let _ = write!(p, "<w:lang w:val=\"{}\"/>", escape(l));
        }
        if p.is_empty() {
            p
        } else {
            format!("<w:rPr>{p}</w:rPr>")
        }
    }
}

/// A language tag as Word's spelling and hyphenation want it: a bare language takes the region of
/// the mémoire's own (`en` in a `fr-CA` mémoire is `en-CA`, the abstract's).
pub fn regional(tag: &str, document: &str) -> String {
    match document.split_once('-') {
        Some((_, region)) if !tag.contains('-') => format!("{tag}-{region}"),
        _ => tag.to_string(),
    }
}

/// The bookmark around the text of paragraph `rank` of note `note`: `_p12_3`.
pub fn paragraph_bookmark(note: usize, rank: usize) -> String {
    format!("_p{note}_{rank}")
}

/// A run of `text` in `style`: tabs and line ends as Word's own elements.
pub fn run(out: &mut String, style: &RunStyle, text: &str) {
    if text.is_empty() {
        return;
    }
    let _ = write!(out, "<w:r>{}<w:t xml:space=\"preserve\">{}</w:t></w:r>", style.props(), escape(text));
}

/// A complex field: `instruction`, and `result` already computed (Word shows it as is until the
/// reader updates the fields). `locked` fields keep their result even then.
pub fn field(out: &mut String, style: &RunStyle, instruction: &str, result: &str, locked: bool) {
    let lock = if locked { " w:fldLock=\"true\"" } else { "" };
    let props = style.props();
    let _ = write!(
        out,
        "<w:r>{props}<w:fldChar w:fldCharType=\"begin\"{lock}/></w:r><w:r>{props}<w:instrText xml:space=\"preserve\"> {} </w:instrText></w:r><w:r>{props}<w:fldChar w:fldCharType=\"separate\"/></w:r>",
        escape(instruction)
    );
    run(out, style, result);
    let _ = write!(out, "<w:r>{props}<w:fldChar w:fldCharType=\"end\"/></w:r>");
}

/// A paragraph opening with style `style` and extra properties `extra` (already XML).
pub fn open_par(out: &mut String, style: &str, extra: &str) {
    let _ = write!(out, "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/>{extra}</w:pPr>");
}
