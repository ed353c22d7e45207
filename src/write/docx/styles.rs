//! `word/styles.xml`: Word's built-in style ids (Heading1…, BodyText, Caption, FootnoteText,
//! Bibliography, TOC1…) set to the PDF template's font, sizes and spacing for the preset's
//! layout, so that the document looks like the PDF and a supervisor's Word applies its own
//! habits to styles it knows. `styles/reference.docx`, when the project has one, gives its own
//! styles instead (as Pandoc's `--reference-doc`).

use std::fmt::Write as _;

use super::package::NAMESPACES;
use crate::presentation::Layout;
use crate::write::epub::xhtml::escape;

/// The template's body font (styles/memoire.typ, `police`).
pub const BODY_FONT: &str = "Libertinus Serif";
/// The template's code font (`police-code`).
pub const CODE_FONT: &str = "DejaVu Sans Mono";

/// Path of the optional reference document in the project.
pub const REFERENCE_DOCX: &str = "styles/reference.docx";

/// Page size and margins in twentieths of a point (twips), from the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    /// Width and height of the page.
    pub page: (u32, u32),
    /// Top, right, bottom, left.
    pub margins: [u32; 4],
}

impl Geometry {
    /// The geometry of `layout` (an unknown paper name is read as US Letter, the guides' paper).
    pub fn of(layout: &Layout) -> Geometry {
        let page = match layout.paper.as_str() {
            "a4" => (11906, 16838),
            "us-legal" => (12240, 20160),
            "a5" => (8391, 11906),
            _ => (12240, 15840),
        };
        let m = |k: usize| twips(&layout.margins[k]).unwrap_or(1440);
        Geometry { page, margins: [m(0), m(1), m(2), m(3)] }
    }

    /// The width of the text block, in twips.
    pub fn text_width(&self) -> u32 {
        self.page.0.saturating_sub(self.margins[1] + self.margins[3]).max(1440)
    }
}

/// A Typst length (`2.5cm`, `25mm`, `1in`, `72pt`) in twips.
pub fn twips(len: &str) -> Option<u32> {
    let units = [("cm", 1440.0 / 2.54), ("mm", 144.0 / 2.54), ("in", 1440.0), ("pt", 20.0)];
    units.iter().find_map(|(unit, factor)| {
        let n: f64 = len.strip_suffix(unit)?.parse().ok()?;
        Some((n * factor).round() as u32)
    })
}

/// The styles part for `layout`; `hanging` when the bibliography's style wants hanging indents.
pub fn xml(layout: &Layout, hanging: bool) -> String {
    let g = Geometry::of(layout);
    let size = |factor: f64| (layout.font_size * factor * 2.0).round() as u32; // half-points
    let line = (240.0 * layout.line_spacing).round() as u32;
    let em = (layout.font_size * 20.0).round() as u32; // one em, in twips
    let after = (layout.font_size * 0.4 * 20.0).round() as u32;
    let link = layout.link_color.trim_start_matches('#');
    let tab = g.text_width();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles {NAMESPACES}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"{f}\" w:hAnsi=\"{f}\" w:eastAsia=\"{f}\" w:cs=\"{f}\"/><w:sz w:val=\"{s}\"/><w:szCs w:val=\"{s}\"/><w:lang w:val=\"fr-CA\" w:eastAsia=\"fr-CA\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>",
        f = escape(BODY_FONT),
        s = size(1.0)
    );
    let mut style = |kind: &str, id: &str, name: &str, based: Option<&str>, ppr: &str, rpr: &str| {
        let default = if id == "Normal" || id == "DefaultParagraphFont" { " w:default=\"1\"" } else { "" };
        let _ = write!(out, "<w:style w:type=\"{kind}\" w:styleId=\"{id}\"{default}><w:name w:val=\"{name}\"/>");
        if let Some(b) = based {
            let _ = write!(out, "<w:basedOn w:val=\"{b}\"/>");
        }
        if id.starts_with("Heading") {
            out.push_str("<w:next w:val=\"BodyText\"/>");
        }
        out.push_str("<w:qFormat/>");
        if !ppr.is_empty() {
            let _ = write!(out, "<w:pPr>{ppr}</w:pPr>");
        }
        if !rpr.is_empty() {
            let _ = write!(out, "<w:rPr>{rpr}</w:rPr>");
        }
        out.push_str("</w:style>");
    };
    let p = "paragraph";
    style(p, "Normal", "Normal", None, "", "");
    style("character", "DefaultParagraphFont", "Default Paragraph Font", None, "", "");
    let body = format!("<w:spacing w:after=\"{after}\" w:line=\"{line}\" w:lineRule=\"auto\"/><w:ind w:firstLine=\"{}\"/><w:jc w:val=\"both\"/>", em * 3 / 2);
    style(p, "BodyText", "Body Text", Some("Normal"), &body, "");
    for (level, factor, before) in [
        (1, 17.0 / 12.0, 850),
        (2, 14.0 / 12.0, 380),
        (3, 12.5 / 12.0, 380),
        (4, 1.0, 300),
        (5, 1.0, 300),
        (6, 1.0, 300),
    ] {
        let breaks = if level == 1 { "<w:pageBreakBefore/>" } else { "" };
        let ppr = format!(
            "<w:keepNext/><w:keepLines/>{breaks}<w:spacing w:before=\"{before}\" w:after=\"{}\"/><w:outlineLvl w:val=\"{}\"/>",
            em * 9 / 10,
            level - 1
        );
        let rpr = format!("<w:b/><w:bCs/><w:sz w:val=\"{s}\"/><w:szCs w:val=\"{s}\"/>", s = size(factor));
        style(p, &format!("Heading{level}"), &format!("heading {level}"), Some("Normal"), &ppr, &rpr);
    }
    let big = format!("<w:b/><w:bCs/><w:sz w:val=\"{s}\"/><w:szCs w:val=\"{s}\"/>", s = size(17.0 / 12.0));
    style(p, "TOCHeading", "TOC Heading", Some("Heading1"), "<w:outlineLvl w:val=\"9\"/>", &big);
    for level in 1..=4 {
        let ppr = format!(
            "<w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"{tab}\"/></w:tabs><w:spacing w:before=\"{}\" w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:left=\"{}\" w:right=\"{}\"/>",
            em * 2 / 3,
            (level - 1) * em * 6 / 5,
            em * 2
        );
        style(p, &format!("TOC{level}"), &format!("toc {level}"), Some("Normal"), &ppr, "");
    }
    let figures_list = format!("<w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"{tab}\"/></w:tabs><w:spacing w:before=\"{}\"/><w:ind w:right=\"{}\"/>", em * 2 / 3, em * 2);
    style(p, "TableofFigures", "table of figures", Some("Normal"), &figures_list, "");
    let caption = format!("<w:spacing w:before=\"{after}\" w:after=\"{}\"/><w:jc w:val=\"center\"/>", after * 2);
    style(p, "Caption", "caption", Some("Normal"), &caption, "");
    style(p, "ImageCaption", "Image Caption", Some("Caption"), "", "");
    style(p, "TableCaption", "Table Caption", Some("Caption"), "<w:keepNext/>", "");
    style(p, "CaptionedFigure", "Captioned Figure", Some("Normal"), "<w:keepNext/><w:jc w:val=\"center\"/>", "");
    let small = |f: f64| format!("<w:sz w:val=\"{s}\"/><w:szCs w:val=\"{s}\"/>", s = size(f));
    style(
        p,
        "FootnoteText",
        "footnote text",
        Some("Normal"),
        "<w:spacing w:after=\"60\"/><w:jc w:val=\"both\"/>",
        &small(0.85),
    );
    style("character", "FootnoteReference", "footnote reference", None, "", "<w:vertAlign w:val=\"superscript\"/>");
    style("character", "Hyperlink", "Hyperlink", None, "", &format!("<w:color w:val=\"{}\"/>", escape(link)));
    let quote = format!("<w:spacing w:before=\"{after}\" w:after=\"{after}\"/><w:ind w:left=\"{em2}\" w:right=\"{em2}\"/><w:jc w:val=\"both\"/>", em2 = em * 2);
    style(p, "Quote", "Quote", Some("Normal"), &quote, &small(0.92));
    style(
        p,
        "ListParagraph",
        "List Paragraph",
        Some("Normal"),
        &format!("<w:spacing w:after=\"{}\"/><w:ind w:left=\"720\"/>", after / 2),
        "",
    );
    let code =
        format!("<w:rFonts w:ascii=\"{c}\" w:hAnsi=\"{c}\" w:cs=\"{c}\"/>{}", small(0.85), c = escape(CODE_FONT));
    style(p, "SourceCode", "Source Code", Some("Normal"), "<w:ind w:left=\"360\"/>", &code);
    style(p, "Compact", "Compact", Some("Normal"), "<w:spacing w:before=\"60\" w:after=\"60\"/>", "");
    let hang = if hanging { em * 2 } else { 0 };
    let bibliography = format!("<w:spacing w:after=\"{after}\" w:line=\"{line}\" w:lineRule=\"auto\"/><w:ind w:left=\"{hang}\" w:hanging=\"{hang}\"/>");
    style(p, "Bibliography", "Bibliography", Some("Normal"), &bibliography, "");
    style(p, "MotsCles", "Mots-clés", Some("BodyText"), "<w:ind w:firstLine=\"0\"/><w:jc w:val=\"left\"/>", "");
    let notice = "<w:pBdr><w:left w:val=\"single\" w:sz=\"12\" w:space=\"8\" w:color=\"8C8C8C\"/></w:pBdr><w:spacing w:before=\"120\" w:after=\"120\"/><w:ind w:left=\"200\"/>";
    style(
        p,
        "Avertissement",
        "Avertissement",
        Some("Normal"),
        notice,
        &format!("<w:i/><w:iCs/><w:color w:val=\"464646\"/>{}", small(0.85)),
    );
    let rule = format!("<w:pBdr><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"1\" w:color=\"000000\"/></w:pBdr><w:spacing w:before=\"{after}\" w:after=\"{after}\"/><w:ind w:left=\"{m}\" w:right=\"{m}\"/>", m = tab * 35 / 100);
    style(p, "Rule", "Horizontal Rule", Some("Normal"), &rule, "");
    style(p, "TitlePage", "Page de titre", Some("Normal"), "<w:jc w:val=\"center\"/>", "");
    style(p, "Header", "header", Some("Normal"), "", &small(10.0 / 12.0));
    style(p, "Footer", "footer", Some("Normal"), "", &small(10.0 / 12.0));
    out.push_str("<w:style w:type=\"table\" w:styleId=\"Tableau\"><w:name w:val=\"Tableau\"/><w:tblPr><w:tblCellMar><w:left w:w=\"100\" w:type=\"dxa\"/><w:right w:w=\"100\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>");
    out.push_str("</w:styles>");
    out
}

/// The styles part of a reference document (`styles/reference.docx`): its `word/styles.xml`.
pub fn from_reference(bytes: &[u8]) -> Result<String, String> {
    use std::io::Read as _;
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| format!("pas un fichier Word lisible : {e}"))?;
    let file = archive.by_name("word/styles.xml").map_err(|_| "aucun word/styles.xml dans ce fichier".to_string())?;
    let mut text = String::new();
    file.take(16 * 1024 * 1024).read_to_string(&mut text).map_err(|e| format!("word/styles.xml illisible : {e}"))?;
    Ok(text)
}
