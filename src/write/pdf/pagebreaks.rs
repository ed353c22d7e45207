//! Where each page of the PDF begins, for the EPUB's page markers ([`crate::write::pages`]):
//! the first glyph of the page's text block — the frame's items in order, skipping what Typst
//! tags as artifacts (running heads, folios) and footnote entries — traced through its span to
//! the generated file, then to the value of the resolved document it printed.

use std::collections::HashSet;

use typst::introspection::{Location, Tag};
use typst::layout::{Frame, FrameItem};
use typst::model::FootnoteEntry;
use typst::pdf::ArtifactElem;
use typst::WorldExt as _;
use typst_layout::{Page, PagedDocument};

use super::markup::{Generated, GENERATED_DIR};
use super::world::MemoireWorld;
use crate::write::pages::{words, Anchor, PageBreak};

/// How many words of generated text make an [`Anchor::Words`].
const WORDS: usize = 6;

/// The page breaks of `document`, laid out in `world` from `files`.
pub fn of(document: &PagedDocument, world: &MemoireWorld, files: &Generated) -> Vec<PageBreak> {
    let pages = document.pages();
    let mut used = HashSet::new();
    pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let mut folio = folio(pages, i);
            // Folios repeat only where a preset restarts the count without changing the style.
            if !used.insert(folio.clone()) {
                folio = format!("{folio}-{}", i + 1);
                used.insert(folio.clone());
            }
            let mut walk = Walk { world, files, skipped: Vec::new(), anchor: None, words: Vec::new(), line: None };
            walk.frame(&page.frame, 0.0);
            let anchor = walk.anchor.or_else(|| (!walk.words.is_empty()).then_some(Anchor::Words(walk.words)));
            PageBreak { folio, anchor }
        })
        .collect()
}

/// The folio of page `i`: its numbering applied to its number; a page without numbering (the
/// title page) counts in the style of the next numbered page (« i » before « ii »).
fn folio(pages: &[Page], i: usize) -> String {
    let numbering = pages[i].numbering.as_ref().or_else(|| pages[i..].iter().find_map(|p| p.numbering.as_ref()));
    super::folios::folio_as(&pages[i], numbering)
}

/// The walk of one page.
struct Walk<'a> {
    world: &'a MemoireWorld,
    files: &'a Generated,
    /// The artifacts and footnote entries the walk is inside.
    skipped: Vec<Location>,
    /// The first glyph traced to the resolved document.
    anchor: Option<Anchor>,
    /// The first words of the text block's first line, for a page of generated text only.
    words: Vec<String>,
    /// The baseline of that line (points), `NAN` once it is over.
    line: Option<f64>,
}

impl Walk<'_> {
    fn frame(&mut self, frame: &Frame, y: f64) {
        for (pos, item) in frame.items() {
            if self.anchor.is_some() {
                return;
            }
            match item {
                FrameItem::Tag(Tag::Start(content, _))
                    if content.is::<ArtifactElem>() || content.is::<FootnoteEntry>() =>
                {
                    self.skipped.extend(content.location());
                }
                FrameItem::Tag(Tag::End(loc, ..)) if self.skipped.last() == Some(loc) => {
                    self.skipped.pop();
                }
                FrameItem::Group(g) => self.frame(&g.frame, y + pos.y.to_pt() + g.transform.ty.to_pt()),
                FrameItem::Text(text) if self.skipped.is_empty() => self.text(text, y + pos.y.to_pt()),
                _ => {}
            }
        }
    }

    /// A run of the text block: its first glyph traced if it can be (then the walk ends), else
    /// its words kept while they are on the first line of generated text.
    fn text(&mut self, text: &typst::text::TextItem, baseline: f64) {
        let Some(glyph) = text.glyphs.iter().find(|g| !text.text[g.range()].trim().is_empty()) else { return };
        let (span, within) = glyph.span;
        let traced = span.id().and_then(|id| {
            let file = self.files.file(id.vpath().get_without_slash())?;
            let range = self.world.range(span)?;
            file.text_at(range.start + usize::from(within))
        });
        if let Some((id, at)) = traced {
            self.anchor = Some(Anchor::Text { id, at });
            return;
        }
        // Words are for pages of generated text (title page, table of contents, lists): a page
        // whose first text is a note's, untraced (a figure's caption alone on its page), is no
        // such page — it shares the next page's place rather than match a list's line.
        let in_note = span.id().is_some_and(|id| id.vpath().get_without_slash().starts_with(GENERATED_DIR));
        if self.line.is_none() && in_note {
            self.line = Some(f64::NAN);
        }
        let line = *self.line.get_or_insert(baseline);
        // The first line ends at the dot leaders of a table of contents (no letters).
        if (baseline - line).abs() < 1.0 && text.text.chars().any(char::is_alphanumeric) {
            self.words.extend(words(&text.text[glyph.range().start..]));
            self.words.truncate(WORDS);
        } else {
            self.line = Some(f64::NAN);
        }
    }
}
