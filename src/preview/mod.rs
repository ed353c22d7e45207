//! `memoire preview`: the mémoire in the browser as it is written. Each rebuild lays the mémoire
//! out in the PDF writer's own Typst session ([`crate::write::pdf::PdfSession::layout`]), without
//! exporting a PDF; each page gets a hash of its content, and the browser is told which pages
//! changed ([`server`]) and fetches only those, drawn as SVG by `typst-svg` when first asked
//! for. A click on a page is traced back to the note's file, line and column ([`click`]).
//!
//! Nothing is written: `memoire watch` writes the outputs.

pub mod click;
mod http;
pub mod server;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use typst_layout::Page;

use crate::build::Timings;
use crate::date::BuildDate;
use crate::watch::Rebuild;
use crate::write::pdf::{Layout, PdfSession};

/// One page as the browser knows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PageInfo {
    /// The folio as the PDF prints it (« iii », « 42 »).
    pub folio: String,
    /// A hash of the page's content: the page changed when it did.
    pub hash: String,
    /// Width and height in PostScript points.
    pub width: f64,
    /// Height in points.
    pub height: f64,
}

/// What the last successful layout left for the server: its pages and what maps them back to
/// the notes.
pub struct Pages {
    /// The project the pages are of.
    pub root: PathBuf,
    /// What the browser is told of each.
    pub info: Vec<PageInfo>,
    /// The layout (for clicks): generated files and their parsed sources.
    layout: Layout,
    /// The first page of each note, by the author's number (« 4.13 ») and by file name.
    notes: HashMap<String, usize>,
}

impl Pages {
    /// The pages, in order.
    pub fn pages(&self) -> &[Page] {
        self.layout.document.pages()
    }

    /// The SVG drawing of page `index` (0-based).
    pub fn svg(&self, index: usize) -> Option<String> {
        let options = typst_svg::SvgOptions::default();
        self.pages().get(index).map(|p| typst_svg::svg(p, &options))
    }

    /// The text of page `index` (0-based), a line per baseline.
    pub fn text(&self, index: usize) -> Option<String> {
        self.pages().get(index).map(|p| click::page_text(&p.frame))
    }

    /// The 0-based page a note starts on, by its number (« 4.13 ») or file name
    /// (« 4.13-titre.md », or without « .md »).
    pub fn note_page(&self, note: &str) -> Option<usize> {
        self.notes.get(note).or_else(|| self.notes.get(&format!("{note}.md"))).copied()
    }

    /// Where the word at (`x`, `y`) points of page `index` came from: see [`click::locate`].
    pub fn locate(&self, index: usize, x: f64, y: f64) -> Option<click::Source> {
        click::locate(&self.root, &self.layout, self.pages().get(index)?, x, y)
    }
}

/// The outcome of one rebuild, for the server and the terminal.
pub struct Update {
    /// What the terminal prints (as `watch` does).
    pub rebuild: Rebuild,
    /// The new pages, when the layout succeeded.
    pub pages: Option<Pages>,
}

/// Keeps what a rebuild can reuse, as [`crate::watch::Watcher`] does for the outputs.
pub struct Previewer {
    root: PathBuf,
    date: BuildDate,
    session: PdfSession,
    caches: crate::check::Caches,
}

impl Previewer {
    /// A previewer of the project at `root`, dated `date`.
    pub fn new(root: &Path, date: BuildDate) -> Self {
        Previewer {
            root: root.to_path_buf(),
            date,
            session: PdfSession::default(),
            caches: crate::check::Caches::with_pdf(true),
        }
    }

    /// Lays the project out as it is now.
    pub fn rebuild(&mut self) -> Update {
        let start = Instant::now();
        let mut timings = Timings::default();
        let (resolved, mut diags) = crate::check::run_with(&self.root, false, &mut self.caches);
        let mut pages = None;
        if let Some(r) = resolved.filter(|_| !diags.has_errors()) {
            let assets = crate::load::assets::read(&self.root, &r.doc().notes, &mut diags);
            timings.load_resolve = start.elapsed();
            if !diags.has_errors() {
                let laid_out = self.session.layout(&r, &assets, &self.root, self.date, &mut diags);
                if let Some((layout, t)) = laid_out.filter(|_| !diags.has_errors()) {
                    timings.writers.times.push(("mise en page Typst", t.compile));
                    timings.writers.passes = t.passes;
                    pages = Some(pages_of(&self.root, &r, layout));
                }
            }
            crate::util::drop_later(r);
        }
        let rebuild = Rebuild { ok: pages.is_some(), diags, elapsed: start.elapsed(), timings };
        Update { rebuild, pages }
    }
}

/// The pages of `layout`, with their folios, hashes and the notes' first pages.
fn pages_of(root: &Path, r: &crate::resolve::Resolved, layout: Layout) -> Pages {
    use typst::introspection::Introspector as _;
    let info = layout
        .document
        .pages()
        .iter()
        .map(|p| PageInfo {
            folio: crate::write::pdf::folios::folio(p),
            hash: format!("{:032x}", typst::utils::hash128(p)),
            width: p.frame.width().to_pt(),
            height: p.frame.height().to_pt(),
        })
        .collect();
    let mut notes = HashMap::new();
    let introspector = layout.document.introspector();
    for (i, note) in r.doc().notes.iter().enumerate() {
        let name = crate::write::pdf::markup::label(i, None);
        let Some(label) = typst::foundations::Label::new(typst::utils::PicoStr::intern(&name)) else { continue };
        let page = introspector.query_label(label).ok().and_then(|c| c.location()).and_then(|l| introspector.page(l));
        let Some(page) = page else { continue };
        if let Some(number) = &note.meta.number {
            notes.insert(number.to_string(), page.get() - 1);
        }
        if let Some(file) = note.path.file_name() {
            notes.insert(file.to_string_lossy().into_owned(), page.get() - 1);
        }
    }
    Pages { root: root.to_path_buf(), info, layout, notes }
}

/// The 1-based numbers of the pages of `new` that differ from the page at the same place in
/// `old` (every page when there was none).
pub fn changed_pages(old: &[PageInfo], new: &[PageInfo]) -> Vec<usize> {
    new.iter().enumerate().filter(|(i, p)| old.get(*i) != Some(p)).map(|(i, _)| i + 1).collect()
}

/// Runs the preview of the project at `root`: a first layout, then one after each change of
/// its sources (as `watch` decides them), each published to `server` and reported with
/// `report`. Stops after `max_rebuilds` rebuilds when given.
pub fn run(
    root: &Path,
    date: BuildDate,
    server: &Arc<server::Server>,
    max_rebuilds: Option<usize>,
    report: &mut dyn FnMut(&[PathBuf], &Rebuild),
) {
    let mut previewer = Previewer::new(root, date);
    let settle = std::time::Duration::from_millis(5);
    crate::watch::each_change(root, settle, max_rebuilds, &mut |changes, seen| {
        let Update { rebuild, pages } = previewer.rebuild();
        // An editor that saves in place empties the file, then writes it: a rebuild that read it
        // in between fails. When the sources moved during a failed rebuild, its errors are not
        // shown: the loop sees the change and builds again at once.
        if !rebuild.ok {
            std::thread::sleep(std::time::Duration::from_millis(20));
            if crate::watch::snapshot(root) != *seen {
                return;
            }
        }
        server.publish(pages, &rebuild.diags);
        report(changes, &rebuild);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(hash: &str) -> PageInfo {
        PageInfo { folio: "1".into(), hash: hash.into(), width: 612.0, height: 792.0 }
    }

    #[test]
    fn changed_pages_are_those_whose_hash_moved_or_that_are_new() {
        let old = [page("a"), page("b"), page("c")];
        assert_eq!(changed_pages(&old, &[page("a"), page("x"), page("c")]), [2]);
        assert_eq!(changed_pages(&old, &[page("a"), page("b"), page("c"), page("d")]), [4]);
        assert_eq!(changed_pages(&old, &[page("a"), page("b")]), Vec::<usize>::new());
        assert_eq!(changed_pages(&[], &old), [1, 2, 3]);
    }
}
