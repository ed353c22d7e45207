//! Internal links, attached after layout.
//!
//! A Typst link to a label (`#link(<bib-wenger2005>)`) asks Typst where its target is while the
//! paragraph is laid out (for the link's alternative text, « page 142 »). Typst therefore lays
//! out every paragraph holding such a link again once the targets have been placed, and once
//! more when pages move: about a sixth of the compile time of a 65-note carnet.
//!
//! Citations, renvois and the lines of the table of contents link to a placeholder address
//! instead, [`LINK_SCHEME`]`bib-wenger2005` (the template's `lien`), which Typst lays out once.
//! After layout, [`attach`] points each such link at its label in the finished document and
//! gives it the alternative text Typst gives (« page 142 »). No placeholder address reaches the
//! PDF: one whose label is missing is an error.

use std::collections::HashMap;

use typst::foundations::Label;
use typst::introspection::{Introspector as _, Location, Tag};
use typst::layout::{Frame, FrameItem};
use typst::model::{Destination, Document as _, LinkMarker};
use typst::utils::PicoStr;
use typst_layout::{Page, PagedDocument};

/// Address scheme of an internal link in the generated file, followed by the target's label.
/// `styles/memoire.typ` writes the same (`lien`).
pub const LINK_SCHEME: &str = "memoire-lien:";

/// Points every placeholder link of `doc` at its label. `Err` names the labels
/// that are not in the document (nothing is written then).
pub fn attach(doc: PagedDocument) -> Result<PagedDocument, Vec<String>> {
    let mut targets = Targets { doc: &doc, found: HashMap::new(), missing: Vec::new() };
    if !doc.pages().iter().any(|p| has_placeholder(&p.frame)) {
        return Ok(doc);
    }
    let mut pages: Vec<Page> = doc.pages().to_vec();
    for page in &mut pages {
        rewrite(&mut page.frame, &mut targets);
    }
    if !targets.missing.is_empty() {
        let mut missing = targets.missing;
        missing.sort();
        missing.dedup();
        return Err(missing);
    }
    Ok(PagedDocument::new(pages.into_iter().collect(), doc.info().clone()))
}

/// Where each label is: its location and the alternative text of links to it.
struct Targets<'a> {
    doc: &'a PagedDocument,
    found: HashMap<String, Option<(Location, String)>>,
    missing: Vec<String>,
}

impl Targets<'_> {
    fn get(&mut self, label: &str) -> Option<(Location, String)> {
        let doc = self.doc;
        let found = self.found.entry(label.to_string()).or_insert_with(|| {
            let l = Label::new(PicoStr::intern(label))?;
            let loc = doc.introspector().query_label(l).ok()?.location()?;
            let page = doc.introspector().page(loc)?;
            let number = doc.pages().get(page.get() - 1).map_or(page.get() as u64, |p| p.number);
            Some((loc, format!("page {number}")))
        });
        if found.is_none() {
            self.missing.push(label.to_string());
        }
        found.clone()
    }
}

fn placeholder(url: &str) -> Option<&str> {
    url.strip_prefix(LINK_SCHEME)
}

fn has_placeholder(frame: &Frame) -> bool {
    frame.items().any(|(_, item)| match item {
        FrameItem::Group(g) => has_placeholder(&g.frame),
        FrameItem::Link(Destination::Url(u), _) => placeholder(u.as_str()).is_some(),
        _ => false,
    })
}

/// Rewrites the placeholder links of `frame` (and of its groups), and the alternative text of
/// their link tags, which tagged PDF gives to screen readers.
fn rewrite(frame: &mut Frame, targets: &mut Targets) {
    if !has_placeholder(frame) && !has_placeholder_tag(frame) {
        return;
    }
    frame.retain(|item| {
        match item {
            FrameItem::Group(g) => rewrite(&mut g.frame, targets),
            FrameItem::Link(dest, _) => {
                if let Destination::Url(u) = dest {
                    if let Some(label) = placeholder(u.as_str()) {
                        if let Some((loc, _)) = targets.get(label) {
                            *dest = Destination::Location(loc);
                        }
                    }
                }
            }
            FrameItem::Tag(Tag::Start(content, _)) => {
                if let Some(marker) = content.to_packed_mut::<LinkMarker>() {
                    let label = marker.alt.as_deref().and_then(placeholder).map(str::to_string);
                    if let Some(label) = label {
                        if let Some((_, alt)) = targets.get(&label) {
                            marker.alt = Some(alt.into());
                        }
                    }
                }
            }
            _ => {}
        }
        true
    });
}

fn has_placeholder_tag(frame: &Frame) -> bool {
    frame.items().any(|(_, item)| match item {
        FrameItem::Group(g) => has_placeholder_tag(&g.frame),
        FrameItem::Tag(Tag::Start(content, _)) => {
            content.to_packed::<LinkMarker>().and_then(|m| m.alt.as_deref()).is_some_and(|a| placeholder(a).is_some())
        }
        _ => false,
    })
}
