//! The parts of the Word document that are not a note's text: the title page of the preset, the
//! table of contents and the lists (figures, tables, sigles) as Word fields whose results are
//! already those of the PDF, and the bibliography.

use std::fmt::Write as _;

use super::body::{field, open_par, run, BodyWriter, RunStyle};
use crate::plan::{GeneratedList, TitlePage, TocLine, TocTarget};
use crate::presentation::Preset;
use crate::resolve::Resolved;
use crate::write::epub::xhtml::escape;
use crate::write::pdf::markup::label;

/// A centred title-page paragraph of `text`, `before` twips below the previous one, in `size`
/// points (the body size when `None`), bold or not.
fn title_line(out: &mut String, text: &str, before: u32, size: Option<f64>, bold: bool) {
    let size =
        size.map(|s| format!("<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/>", (s * 2.0).round())).unwrap_or_default();
    let b = if bold { "<w:b/><w:bCs/>" } else { "" };
    let _ = write!(
        out,
        "<w:p><w:pPr><w:pStyle w:val=\"TitlePage\"/><w:spacing w:before=\"{before}\"/></w:pPr><w:r><w:rPr>{b}{size}</w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        escape(text)
    );
}

/// The title page, laid out as the PDF template lays out the preset's (three spaces that share
/// the page become three fixed gaps).
pub fn title_page(out: &mut String, page: &TitlePage, year: i32) {
    const GAP: u32 = 2600;
    match page.presentation {
        Preset::Uqam => {
            let up = |s: &str| s.to_uppercase();
            title_line(out, &up(page.institution.as_deref().unwrap_or_default()), 0, None, false);
            title_line(out, &up(&page.title), GAP, None, true);
            if let Some(s) = &page.subtitle {
                title_line(out, &up(s), 120, None, false);
            }
            if let Some(d) = &page.degree {
                title_line(out, &up(d), GAP, None, false);
            }
            let by = page.by.map(|b| format!("{}\n", up(b))).unwrap_or_default();
            for (k, line) in format!("{by}{}", up(&page.author)).lines().enumerate() {
                title_line(out, line, if k == 0 { GAP } else { 0 }, None, false);
            }
            if let Some(d) = &page.date {
                title_line(out, &up(d), GAP, None, false);
            }
        }
        Preset::Laval => {
            title_line(out, &page.title, 0, Some(18.0), true);
            if let Some(s) = &page.subtitle {
                title_line(out, s, 120, Some(14.0), false);
            }
            if let Some(k) = page.kind {
                title_line(out, k, GAP, Some(13.0), false);
            }
            if let Some(d) = &page.degree {
                title_line(out, d, 160, None, false);
            }
            title_line(out, &page.author, GAP, Some(13.0), false);
            if let Some(d) = &page.date {
                title_line(out, d, GAP, None, false);
            }
            if let Some(i) = &page.institution {
                title_line(out, i, 80, None, false);
            }
            title_line(out, "Québec, Canada", 0, None, false);
            title_line(out, &format!("© {}, {year}", page.author), 360, None, false);
        }
        Preset::Standard => {
            if let Some(i) = &page.institution {
                title_line(out, &i.to_uppercase(), 0, Some(11.0), false);
            }
            title_line(out, &page.title, GAP, Some(18.0), true);
            if let Some(s) = &page.subtitle {
                title_line(out, s, 120, Some(14.0), false);
            }
            if let Some(d) = &page.degree {
                title_line(out, d, GAP, Some(11.0), false);
            }
            if let Some(by) = page.by {
                title_line(out, by, 360, None, false);
            }
            title_line(out, &page.author, 0, Some(13.0), false);
            if let Some(d) = &page.date {
                title_line(out, d, GAP, None, false);
            }
        }
    }
}

/// Where a line of the table of contents points: its bookmark, its PDF label (for the folio) and
/// its text.
fn target(w: &BodyWriter<'_, '_>, r: &Resolved, line: &TocLine) -> (String, String, String) {
    let doc = r.doc();
    match &line.target {
        TocTarget::Note(i) => {
            let n = &doc.notes[*i];
            let number = n.meta.number.as_ref().map(|n| format!("{n} ")).unwrap_or_default();
            (w.targets.note_bookmark(*i), label(*i, None), format!("{number}{}", n.meta.title))
        }
        TocTarget::Heading { note, anchor } => {
            let h = doc.notes[*note].blocks.iter().find_map(|b| match b {
                crate::model::Block::Heading(h) if &h.anchor == anchor => Some(h),
                _ => None,
            });
            let text = h.map_or_else(String::new, |h| {
                let number = h.number.as_ref().map(|n| format!("{n} ")).unwrap_or_default();
                format!("{number}{}", crate::text::printed_text(&h.content))
            });
            (w.targets.heading_bookmark(*note, anchor), label(*note, Some(anchor)), text)
        }
        TocTarget::Part(toc) => {
            let title = match &doc.toc[*toc].kind {
                crate::model::TocKind::Part(t) => t.clone(),
                crate::model::TocKind::Note(_) => String::new(),
            };
            (format!("_partie{toc}"), format!("partie-{toc}"), title)
        }
        TocTarget::List(list) => (list_bookmark(*list), list_label(*list).to_string(), list.title().to_string()),
    }
}

fn list_label(list: GeneratedList) -> &'static str {
    match list {
        GeneratedList::Figures => "liste-figures",
        GeneratedList::Tables => "liste-tableaux",
        GeneratedList::Sigles => "liste-sigles",
    }
}

fn list_bookmark(list: GeneratedList) -> String {
    format!("_{}", list_label(list).replace('-', "_"))
}

/// One line of a table or list field: a link to `bookmark`, `text`, a dotted tab, the folio as
/// a PAGEREF field. `begin` opens the whole field (`instruction`) before it, `end` closes it.
fn entry(
    w: &mut BodyWriter<'_, '_>,
    style: &str,
    bookmark: &str,
    text: &str,
    folio: &str,
    field_at: (Option<&str>, bool),
) {
    open_par(&mut w.out, style, "");
    let plain = RunStyle::default();
    if let Some(instruction) = field_at.0 {
        let _ = write!(
            w.out,
            "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> {} </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>",
            escape(instruction)
        );
    }
    let _ = write!(w.out, "<w:hyperlink w:anchor=\"{}\" w:history=\"1\">", escape(bookmark));
    run(&mut w.out, &plain, text);
    w.out.push_str("<w:r><w:tab/></w:r>");
    field(&mut w.out, &plain, &format!("PAGEREF {bookmark} \\h"), folio, false);
    w.out.push_str("</w:hyperlink>");
    if field_at.1 {
        w.out.push_str("<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>");
    }
    w.out.push_str("</w:p>");
}

/// A heading of the front matter that is not itself in the table (« Table des matières »), or
/// one that is (the lists), bookmarked then.
fn list_heading(w: &mut BodyWriter<'_, '_>, text: &str, bookmark: Option<&str>) {
    open_par(&mut w.out, "TOCHeading", "");
    match bookmark {
        Some(b) => w.bookmarked(b, |w| run(&mut w.out, &RunStyle::default(), text)),
        None => run(&mut w.out, &RunStyle::default(), text),
    }
    w.out.push_str("</w:p>");
}

/// Writes the table of contents and the lists at the end of `w.out` (the caller moves them to
/// their place, after the front matter that precedes them).
pub fn contents(w: &mut BodyWriter<'_, '_>, r: &Resolved, lines: &[TocLine]) {
    list_heading(w, "Table des matières", None);
    let n = lines.len();
    for (k, line) in lines.iter().enumerate() {
        let (bookmark, label, text) = target(w, r, line);
        let folio = w.targets.folio(&label);
        let style = format!("TOC{}", line.level.clamp(1, 4));
        let begin = (k == 0).then_some("TOC \\o \"1-4\" \\h \\z \\u");
        entry(w, &style, &bookmark, &text, &folio, (begin, k + 1 == n));
    }
    let figures = std::mem::take(&mut w.figures);
    let tables = std::mem::take(&mut w.tables);
    for (list, kind, prefix, items) in
        [(GeneratedList::Figures, "Figure", "fig", &figures), (GeneratedList::Tables, "Tableau", "tab", &tables)]
    {
        if items.is_empty() {
            continue;
        }
        list_heading(w, list.title(), Some(&list_bookmark(list)));
        for (k, (number, caption)) in items.iter().enumerate() {
            let folio = w.targets.folio(&format!("{prefix}-{}", k + 1));
            let text = format!("{kind}\u{a0}{number}\u{a0}\u{a0}{caption}");
            let instruction = format!("TOC \\h \\z \\c \"{kind}\"");
            let begin = (k == 0).then_some(instruction.as_str());
            entry(w, "TableofFigures", &format!("_{prefix}{}", k + 1), &text, &folio, (begin, k + 1 == items.len()));
        }
    }
    w.figures = figures;
    w.tables = tables;
    let sigles = &r.plan.sigles;
    if !sigles.is_empty() {
        list_heading(w, GeneratedList::Sigles.title(), Some(&list_bookmark(GeneratedList::Sigles)));
        w.out.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblLook w:val=\"0000\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"1800\"/><w:gridCol w:w=\"7200\"/></w:tblGrid>");
        for s in sigles {
            w.out.push_str("<w:tr>");
            for text in [&s.short, &s.long] {
                w.out.push_str("<w:tc><w:tcPr><w:tcW w:w=\"0\" w:type=\"auto\"/></w:tcPr>");
                open_par(&mut w.out, "Compact", "");
                run(&mut w.out, &RunStyle::default(), text);
                w.out.push_str("</w:p></w:tc>");
            }
            w.out.push_str("</w:tr>");
        }
        w.out.push_str("</w:tbl>");
    }
}

/// The printed bibliography, each entry bookmarked for the citations that link to it.
pub fn bibliography(w: &mut BodyWriter<'_, '_>, r: &Resolved) {
    for item in &r.bibliography.items {
        open_par(&mut w.out, "Bibliography", "");
        let name = w.targets.entry_bookmark(&item.key);
        w.bookmarked(&name, |w| w.inlines(&item.content, &RunStyle::default()));
        w.out.push_str("</w:p>");
    }
}
