//! The Word writer (`memoire build --docx`): the same plan as the PDF and the EPUB, in
//! WordprocessingML written here (no crate: identifiers are given in document order, so the
//! same mémoire and date give the same bytes). Title page, front matter in roman folios, table
//! of contents and lists, body in arabic folios; real footnotes; figures, tables and captions;
//! bibliography with hanging indent. The table of contents, the lists and the renvois are Word
//! fields whose results are filled in from the PDF of the same build (its folios), so the file
//! opens complete, without « mettre à jour les champs ». Word paginates on its own: its pages
//! may differ from the PDF's; the fields print the PDF's numbers until the reader updates them.

pub mod body;
pub mod front;
pub mod package;
pub mod runs;
pub mod styles;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use body::{open_par, run, BodyWriter, RunStyle};
use package::{Lists, Media, Package, Rels, NAMESPACES};

use crate::date::BuildDate;
use crate::diag::Diagnostics;
use crate::model::Block;
use crate::plan::EntryKind;
use crate::resolve::Resolved;
use crate::write::pdf::folios::Folios;
use crate::write::zip::{self, ZipEntry};

/// Bookmark names, and the PDF's folios by label.
pub struct Targets<'a> {
    /// The PDF's folio of each labelled place.
    pub folios: &'a Folios,
    /// Whether the bibliography is printed (citations link to its entries).
    pub has_bibliography: bool,
    /// Index of each heading in its note, by (note, anchor).
    headings: HashMap<(usize, &'a str), usize>,
    /// Index of each printed bibliography entry, by key.
    entries: HashMap<&'a str, usize>,
}

impl<'a> Targets<'a> {
    fn new(r: &'a Resolved, folios: &'a Folios) -> Self {
        let mut headings = HashMap::new();
        for (i, note) in r.doc().notes.iter().enumerate() {
            // Every heading, nested ones too (a heading in a quotation or a list), each its own
            // bookmark.
            let mut k = 0;
            crate::text::visit_blocks(&note.blocks, &mut |b| {
                if let Block::Heading(h) = b {
                    k += 1;
                    headings.entry((i, h.anchor.as_str())).or_insert(k);
                }
            });
        }
        let entries = r.bibliography.items.iter().enumerate().map(|(k, e)| (e.key.as_str(), k + 1)).collect();
        Targets { folios, has_bibliography: r.plan.bibliography.is_some(), headings, entries }
    }

    /// The bookmark of note `i`'s title.
    pub fn note_bookmark(&self, i: usize) -> String {
        format!("_n{i}")
    }

    /// The bookmark of the heading `anchor` of note `i` (the note's when there is none).
    pub fn heading_bookmark(&self, i: usize, anchor: &str) -> String {
        match self.headings.get(&(i, anchor)) {
            Some(k) => format!("_n{i}h{k}"),
            None => self.note_bookmark(i),
        }
    }

    /// The bookmark of bibliography entry `key`.
    pub fn entry_bookmark(&self, key: &str) -> String {
        format!("_bib{}", self.entries.get(key).copied().unwrap_or(0))
    }

    /// The PDF's folio of `label` (« ? » for a place the PDF does not have).
    pub fn folio(&self, label: &str) -> String {
        self.folios.get(label).cloned().unwrap_or_else(|| "?".into())
    }
}

/// The Word writer. It runs after the PDF, whose folios it prints; built alone, it lays the
/// PDF out without writing it.
pub struct DocxWriter;

impl super::Writer for DocxWriter {
    fn name(&self) -> &'static str {
        "Word"
    }

    fn needs_earlier(&self) -> bool {
        true
    }

    fn write(
        &mut self,
        input: &super::Input<'_>,
        earlier: &[super::OutFile],
        stages: &mut super::Stages,
        diags: &mut Diagnostics,
    ) -> Option<Vec<super::OutFile>> {
        let r = input.resolved;
        let t = std::time::Instant::now();
        let computed;
        let folios = match earlier.iter().find_map(|f| f.folios.as_deref()) {
            Some(f) => f,
            None => {
                computed = crate::write::pdf::folios_only(r, input.root, input.assets, input.date, diags)?;
                stages.times.push(("pages du PDF (pour Word)", t.elapsed()));
                &computed
            }
        };
        let t = std::time::Instant::now();
        let bytes = write(r, input.assets, folios, input.date, diags)?;
        stages.times.push(("Word", t.elapsed()));
        Some(vec![super::OutFile::new(r.doc().config.build.docx.clone(), bytes)])
    }
}

/// A section break closing the section before it: `folio` is `None` for the title page (no
/// header or footer), else the page numbering format and the first number.
fn section(geometry: &styles::Geometry, top: bool, folio: Option<(&str, u32)>) -> String {
    let mut s = String::from("<w:sectPr>");
    if folio.is_some() {
        s.push_str("<w:headerReference w:type=\"default\" r:id=\"rId6\"/>");
        if !top {
            s.push_str("<w:footerReference w:type=\"default\" r:id=\"rId7\"/>");
        }
    }
    let [t, r, b, l] = geometry.margins;
    let _ = write!(
        s,
        "<w:type w:val=\"nextPage\"/><w:pgSz w:w=\"{}\" w:h=\"{}\"/><w:pgMar w:top=\"{t}\" w:right=\"{r}\" w:bottom=\"{b}\" w:left=\"{l}\" w:header=\"{}\" w:footer=\"{}\" w:gutter=\"0\"/>",
        geometry.page.0,
        geometry.page.1,
        t / 2,
        b / 2
    );
    if let Some((format, start)) = folio {
        let _ = write!(s, "<w:pgNumType w:fmt=\"{format}\" w:start=\"{start}\"/>");
    }
    s.push_str("</w:sectPr>");
    s
}

/// Writes note `i` at `depth`: its title, its notice, its text, the bibliography under the
/// Références note.
fn note(w: &mut BodyWriter<'_, '_>, r: &Resolved, i: usize, depth: usize) {
    let doc = r.doc();
    let n = &doc.notes[i];
    w.start_note(i);
    open_par(&mut w.out, &format!("Heading{}", depth.clamp(1, 9)), "");
    let number = n.meta.number.as_ref().map(|n| n.to_string());
    let name = w.targets.note_bookmark(i);
    // The English abstract's title is English too (its text is a passage in English).
    let lang = (n.role() == crate::model::Role::AbstractEn).then(|| body::regional("en", &doc.config.memoire.language));
    let style = BodyWriter::base(lang.as_deref());
    w.numbered_title(&name, number.as_deref(), &style, |w| run(&mut w.out, &style, &n.meta.title));
    w.out.push_str("</w:p>");
    if let Some(notice) = crate::plan::notice(n.status()) {
        open_par(&mut w.out, "Avertissement", "");
        run(&mut w.out, &RunStyle::default(), notice);
        if let Some(url) = &n.meta.url {
            run(&mut w.out, &RunStyle::default(), "\u{a0}: ");
            let id = w.pkg.rels.hyperlink(&crate::write::encode_url(url));
            let _ = write!(w.out, "<w:hyperlink r:id=\"{id}\">");
            run(&mut w.out, &RunStyle::hyperlink(), url);
            w.out.push_str("</w:hyperlink>");
        }
        run(&mut w.out, &RunStyle::default(), ".");
        w.out.push_str("</w:p>");
    }
    w.blocks(&n.blocks, depth, "BodyText", None);
    if r.plan.bibliography == Some(i) {
        front::bibliography(w, r);
    }
}

/// The Word document of `r`, its page fields filled from `folios`.
pub fn write(
    r: &Resolved,
    assets: &crate::model::Assets,
    folios: &Folios,
    date: BuildDate,
    diags: &mut Diagnostics,
) -> Option<Vec<u8>> {
    let doc = r.doc();
    let plan = &r.plan;
    let geometry = styles::Geometry::of(&plan.layout);
    let top = plan.layout.folio == crate::presentation::Folio::TopRight;
    let targets = Targets::new(r, folios);
    let text_width_emu = u64::from(geometry.text_width()) * 635;
    let mut pkg = Package {
        rels: Rels::new(true),
        footnote_rels: Rels::new(false),
        media: Media::new(assets, text_width_emu),
        lists: Lists::default(),
    };
    let mut w = BodyWriter::new(doc, &targets, &mut pkg);
    w.text_width = u64::from(geometry.text_width());

    front::title_page(&mut w.out, &plan.title_page, date.year);
    let _ = write!(w.out, "<w:p><w:pPr>{}</w:pPr></w:p>", section(&geometry, top, None));
    for &i in &plan.front {
        note(&mut w, r, i, 1);
    }
    let toc_at = w.out.len();
    for &i in &plan.after_toc {
        note(&mut w, r, i, 1);
    }
    // The title page counts as i: the front matter starts at ii, as in the PDF.
    let _ = write!(w.out, "<w:p><w:pPr>{}</w:pPr></w:p>", section(&geometry, top, Some(("lowerRoman", 2))));
    for entry in &plan.body {
        match &entry.kind {
            EntryKind::Part { title, toc, .. } => {
                open_par(&mut w.out, &format!("Heading{}", entry.depth.clamp(1, 9)), "");
                w.bookmarked(&format!("_partie{toc}"), |w| run(&mut w.out, &RunStyle::default(), title));
                w.out.push_str("</w:p>");
            }
            EntryKind::Note(i) => note(&mut w, r, *i, entry.depth),
        }
    }
    let body_end = w.out.len();
    front::contents(&mut w, r, &plan.toc_lines(doc));
    let contents = w.out.split_off(body_end);
    w.out.insert_str(toc_at, &contents);
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {NAMESPACES}><w:body>{}{}</w:body></w:document>",
        w.out,
        section(&geometry, top, Some(("decimal", 1)))
    );
    let footnotes = package::footnotes(&w.footnotes);
    drop(w);

    let styles = match assets.get(styles::REFERENCE_DOCX) {
        Some(bytes) => match styles::from_reference(&bytes.0) {
            Ok(s) => s,
            Err(e) => {
                diags.error(Path::new(styles::REFERENCE_DOCX), None, format!("document de référence illisible : {e}"));
                return None;
            }
        },
        None => styles::xml(&plan.layout, r.bibliography.hanging_indent),
    };
    let m = &doc.config.memoire;
    let mut entries = vec![
        xml_entry("[Content_Types].xml", package::content_types(&pkg.media.files)),
        xml_entry("_rels/.rels", package::PACKAGE_RELS.to_string()),
        xml_entry(
            "docProps/core.xml",
            package::core(&plan.title_page.title, &m.author, &m.keywords, &date.to_string()),
        ),
        xml_entry("docProps/app.xml", package::app()),
        xml_entry("word/document.xml", document),
        xml_entry("word/_rels/document.xml.rels", pkg.rels.xml()),
        xml_entry("word/_rels/footnotes.xml.rels", pkg.footnote_rels.xml()),
        xml_entry("word/styles.xml", styles),
        xml_entry("word/settings.xml", package::settings()),
        xml_entry("word/numbering.xml", pkg.lists.xml()),
        xml_entry("word/footnotes.xml", footnotes),
        xml_entry("word/fontTable.xml", package::font_table(styles::BODY_FONT, styles::CODE_FONT)),
        xml_entry("word/header1.xml", package::header(top, geometry.text_width())),
        xml_entry("word/footer1.xml", package::footer()),
        xml_entry("word/theme/theme1.xml", package::theme(styles::BODY_FONT)),
    ];
    for (path, bytes) in std::mem::take(&mut pkg.media.files) {
        entries.push(ZipEntry { path: format!("word/{path}"), bytes, compress: false });
    }
    match zip::write(&entries, date) {
        Ok(b) => Some(b),
        Err(e) => {
            diags.error(Path::new(""), None, format!("Word : {e}"));
            None
        }
    }
}

fn xml_entry(path: &str, text: String) -> ZipEntry {
    ZipEntry { path: path.to_string(), bytes: text.into_bytes(), compress: true }
}
