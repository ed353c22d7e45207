//! The folio — the page number as printed, « iii » or « 57 » — of every labelled place of the
//! PDF: note titles, headings, parts, figures, tables, the lists. The Word document prints them
//! as the cached results of its page fields (table of contents, lists, renvois), so that its
//! numbers are those of the deposited PDF.

use std::collections::BTreeMap;

use typst::introspection::Introspector as _;
use typst::model::Numbering;
use typst_layout::{Page, PagedDocument};

/// Folio by Typst label (`n12`, `n12-diversite`, `fig-3`, `partie-4`), for the first place
/// carrying the label.
pub type Folios = BTreeMap<String, String>;

/// The folios of `doc`'s labelled places, as the template's `page-de` prints them: the page's
/// numbering applied to its logical number, the bare number where the page has none.
pub fn of(doc: &PagedDocument) -> Folios {
    let introspector = doc.introspector();
    let mut out = Folios::new();
    for content in introspector.query_labelled() {
        let (Some(label), Some(loc)) = (content.label(), content.location()) else { continue };
        let Some(page) = introspector.page(loc).and_then(|p| doc.pages().get(p.get() - 1)) else { continue };
        out.entry(label.resolve().to_string()).or_insert_with(|| folio(page));
    }
    out
}

/// The folio of `page`: its numbering applied to its logical number, the bare number where the
/// page has none (the title page counts, unprinted).
pub fn folio(page: &Page) -> String {
    folio_as(page, page.numbering.as_ref())
}

/// The folio `page` would have under `numbering`.
pub fn folio_as(page: &Page, numbering: Option<&Numbering>) -> String {
    match numbering {
        Some(Numbering::Pattern(pattern)) => {
            pattern.apply(None, &[page.number]).map_or_else(|_| page.number.to_string(), |f| f.to_string())
        }
        _ => page.number.to_string(),
    }
}
