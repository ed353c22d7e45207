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

/// Address scheme of an internal link in the generated file, followed by the target's label:
/// what `lien` in `styles/memoire.typ` writes (a test checks that the two agree).
pub const LINK_SCHEME: &str = "memoire-lien:";

/// Points every placeholder link of `doc` at its label. `Err` names the labels that are not in
/// the document (nothing is written then).
pub fn attach(doc: PagedDocument) -> Result<PagedDocument, Vec<String>> {
    let mut targets = Targets { doc: &doc, found: HashMap::new(), missing: Vec::new() };
    let mut pages: Vec<Page> = Vec::with_capacity(doc.pages().len());
    let mut changed = false;
    for page in doc.pages() {
        let mut page = page.clone();
        if let Some(frame) = rewrite(&page.frame, &mut targets) {
            page.frame = frame;
            changed = true;
        }
        pages.push(page);
    }
    if !targets.missing.is_empty() {
        let mut missing = targets.missing;
        missing.sort();
        missing.dedup();
        return Err(missing);
    }
    if !changed {
        return Ok(doc);
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

/// `frame` with its placeholder links (and those of its groups) pointed at their labels, and the
/// alternative text of their link tags (read by screen readers in tagged PDF) set; `None` when
/// it has none. Frames are shared: only those that change are copied, each once.
fn rewrite(frame: &Frame, targets: &mut Targets) -> Option<Frame> {
    let mut changes: Vec<(usize, FrameItem)> = Vec::new();
    for (i, (_, item)) in frame.items().enumerate() {
        match item {
            FrameItem::Group(g) => {
                if let Some(inner) = rewrite(&g.frame, targets) {
                    let mut g = g.clone();
                    g.frame = inner;
                    changes.push((i, FrameItem::Group(g)));
                }
            }
            FrameItem::Link(Destination::Url(u), size) => {
                if let Some((loc, _)) = placeholder(u.as_str()).and_then(|label| targets.get(label)) {
                    changes.push((i, FrameItem::Link(Destination::Location(loc), *size)));
                }
            }
            FrameItem::Tag(Tag::Start(content, flags)) => {
                let Some(marker) = content.to_packed::<LinkMarker>() else { continue };
                let Some(label) = marker.alt.as_deref().and_then(placeholder) else { continue };
                if let Some((_, alt)) = targets.get(label) {
                    let mut content = content.clone();
                    if let Some(m) = content.to_packed_mut::<LinkMarker>() {
                        m.alt = Some(alt.into());
                    }
                    changes.push((i, FrameItem::Tag(Tag::Start(content, *flags))));
                }
            }
            _ => {}
        }
    }
    if changes.is_empty() {
        return None;
    }
    let mut frame = frame.clone();
    let mut changes = changes.into_iter().peekable();
    let mut i = 0;
    frame.retain(|item| {
        if changes.peek().is_some_and(|(k, _)| *k == i) {
            *item = changes.next().expect("peeked").1;
        }
        i += 1;
        true
    });
    Some(frame)
}
