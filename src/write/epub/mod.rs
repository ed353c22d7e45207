//! The EPUB 3 writer: one XHTML file per note in table-of-contents order, a title page, the
//! Résumé as front matter, `nav.xhtml` (nested table of contents and landmarks), `toc.ncx` for
//! older readers, accessibility metadata, CSS from `styles/epub.css`. Pure but for reading the
//! CSS and images; returns the zip bytes, identical for the same inputs and date.

mod package;
pub mod xhtml;

use std::fmt::Write as _;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::date::BuildDate;
use crate::diag::Diagnostics;
use crate::model::{Block, Image, Note};
use crate::plan::{EntryKind, TitlePage};
use crate::resolve::Resolved;
use crate::write::pages::{Markers, PageBreak, TextId};
use crate::write::zip::{self, ZipEntry};
use xhtml::{escape, id, note_file, NoteWriter, Targets};

/// Path of the EPUB style sheet in the project.
pub const CSS_PATH: &str = "styles/epub.css";

/// Path of an image inside the EPUB, from the note that shows it: its path under `content/`
/// in `images/`, stored once — `content/images/x.png` is `images/x.png`, not
/// `images/images/x.png`. A file straight under `content/` goes to `images/_contenu/`, so that
/// it never meets one of `content/images/`.
pub fn image_path(note: &Note, img: &Image) -> String {
    let source = note.image_source_slashed(img);
    let rel = source.strip_prefix("content/").unwrap_or(&source);
    match rel.strip_prefix("images/") {
        Some(inside) => format!("images/{inside}"),
        None if !rel.contains('/') => format!("images/_contenu/{rel}"),
        None => format!("images/{rel}"),
    }
}

/// One entry of the navigation tree.
struct NavEntry {
    label: String,
    href: String,
    children: Vec<NavEntry>,
}

/// A file of the spine.
struct Page {
    file: String,
    body: String,
    title: String,
}

/// A stable identifier from the mémoire's title and author: `urn:uuid:` of their SHA-256.
pub fn identifier(title: &str, author: &str) -> String {
    let h = Sha256::digest(format!("memoire\n{title}\n{author}").as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&h[..16]);
    b[6] = (b[6] & 0x0f) | 0x50; // version 5 style (name-based)
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("urn:uuid:{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

fn page(lang: &str, title: &str, body_type: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>{}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"../styles/epub.css\"/>\n</head>\n<body epub:type=\"{body_type}\">\n{body}</body>\n</html>\n",
        escape(title)
    )
}

/// The EPUB writer. After the PDF of the same build (`after_pdf`), it marks the PDF's pages.
pub struct EpubWriter {
    /// Whether the PDF is made in the same build: the EPUB then waits for its page breaks.
    pub after_pdf: bool,
}

/// The pages of the PDF edition, for the EPUB: where each begins, and the PDF's identifier.
pub struct PdfPages<'a> {
    /// Where each page begins.
    pub breaks: &'a [PageBreak],
    /// The PDF's identifier (`sha256:…`, as the archive's manifest names it by its checksum).
    pub source: String,
}

impl super::Writer for EpubWriter {
    fn name(&self) -> &'static str {
        "EPUB"
    }

    fn needs_earlier(&self) -> bool {
        self.after_pdf
    }

    fn write(
        &mut self,
        input: &super::Input<'_>,
        earlier: &[super::OutFile],
        stages: &mut super::Stages,
        diags: &mut Diagnostics,
    ) -> Option<Vec<super::OutFile>> {
        let t = std::time::Instant::now();
        let pdf = earlier.iter().find_map(|f| {
            let breaks = f.page_breaks.as_ref()?;
            Some(PdfPages { breaks, source: format!("sha256:{:x}", Sha256::digest(&f.bytes)) })
        });
        let bytes = write(input.resolved, input.assets, input.date, pdf.as_ref(), diags)?;
        let stage = if self.after_pdf { "EPUB" } else { "EPUB (en parallèle)" };
        stages.times.push((stage, t.elapsed()));
        Some(vec![super::OutFile::new(input.resolved.doc().config.build.epub.clone(), bytes)])
    }
}

/// Builds the EPUB of `r`, its stylesheet and images taken from `assets`; with `pdf`, the PDF
/// edition's pages marked and listed.
pub fn write(
    r: &Resolved,
    assets: &crate::model::Assets,
    date: BuildDate,
    pdf: Option<&PdfPages<'_>>,
    diags: &mut Diagnostics,
) -> Option<Vec<u8>> {
    let doc = r.doc();
    let meta = &doc.config.memoire;
    let lang = escape(&meta.language);
    let Some(css) = assets.get(CSS_PATH).map(|b| b.0.to_vec()) else {
        diags.error(Path::new(CSS_PATH), None, "feuille de style de l’EPUB introuvable");
        return None;
    };
    let bibliography_note = r.plan.bibliography;
    let targets = Targets { bibliography_file: bibliography_note.map(note_file) };

    // Spine: title page, Résumé, table of contents, then the table of contents' items.
    let mut pages: Vec<Page> = Vec::new();
    let mut nav: Vec<NavEntry> = Vec::new();
    let mut stack: Vec<(usize, Vec<NavEntry>)> = Vec::new();
    let title = &r.plan.title_page.title;
    pages.push(Page { file: "titre.xhtml".into(), body: title_page(&r.plan.title_page), title: title.clone() });
    let mut images: Vec<(String, Vec<u8>)> = Vec::new();
    let mut lists: Lists = (Vec::new(), Vec::new());
    let mut markers = pdf.map(|p| Markers::new(p.breaks)).unwrap_or_default();
    let mut note_page = |i: usize,
                         depth: usize,
                         pages: &mut Vec<Page>,
                         images: &mut Vec<(String, Vec<u8>)>,
                         markers: &mut Markers|
     -> NavEntry {
        let note = &doc.notes[i];
        let mut w = NoteWriter::new(doc, i, &targets);
        w.markers = std::mem::take(markers);
        let level = depth.min(6);
        let role =
            if bibliography_note == Some(i) { " epub:type=\"bibliography\" role=\"doc-bibliography\"" } else { "" };
        let _ = write!(w.out, "<section id=\"top\"{role}>\n<h{level}>");
        if let Some(n) = &note.meta.number {
            let shown = w.markers.text(TextId::of(n), 0, &n.to_string(), escape);
            let _ = write!(w.out, "<span class=\"numero\">{shown}</span> ");
        }
        let title = w.markers.text(TextId::of(&note.meta.title), 0, &note.meta.title, escape);
        let _ = writeln!(w.out, "{title}</h{level}>");
        if let Some(notice) = crate::plan::notice(note.status()) {
            let _ = write!(w.out, "<div class=\"a-importer\" role=\"note\"><p>{}", escape(notice));
            if let Some(url) = &note.meta.url {
                let _ =
                    write!(w.out, "\u{a0}: <a href=\"{}\">{}</a>", escape(&crate::write::encode_url(url)), escape(url));
            }
            w.out.push_str(".</p></div>\n");
        }
        w.blocks(&note.blocks, depth);
        if bibliography_note == Some(i) && !r.bibliography.items.is_empty() {
            w.out.push_str("<ul class=\"bibliographie\">\n");
            for item in &r.bibliography.items {
                let _ = write!(w.out, "<li id=\"{}\">", id("bib-", &item.key));
                w.inlines(&item.content);
                w.out.push_str("</li>\n");
            }
            w.out.push_str("</ul>\n");
        }
        w.footnotes();
        w.out.push_str("</section>\n");
        collect_images(assets, note, images);
        let file = note_file(i);
        crate::text::visit_blocks(&note.blocks, &mut |b| match b {
            Block::Figure(img) => {
                let n = img.number.clone().unwrap_or_default();
                lists.0.push((format!("{file}#{}", id("fig-", &n)), crate::text::figure_line(img)));
            }
            Block::Table(t) => {
                if let (Some(n), Some(line)) = (&t.number, crate::text::table_line(t)) {
                    lists.1.push((format!("{file}#{}", id("tab-", n)), line));
                }
            }
            _ => {}
        });
        let children = heading_entries(&file, &note.blocks);
        *markers = std::mem::take(&mut w.markers);
        pages.push(Page { file: file.clone(), body: w.out, title: note.display_title() });
        NavEntry { label: note.display_title(), href: file, children }
    };
    for &i in &r.plan.front {
        let entry = note_page(i, 1, &mut pages, &mut images, &mut markers);
        nav.push(entry);
    }
    let nav_index = pages.len();
    if !r.plan.sigles.is_empty() {
        let mut body = String::from(
            "<section id=\"top\">\n<h1>Liste des abréviations, sigles et acronymes</h1>\n<dl class=\"sigles\">\n",
        );
        for s in &r.plan.sigles {
            let _ = writeln!(body, "<dt>{}</dt><dd>{}</dd>", escape(&s.short), escape(&s.long));
        }
        body.push_str("</dl>\n</section>\n");
        let title = "Liste des abréviations, sigles et acronymes".to_string();
        pages.push(Page { file: "sigles.xhtml".into(), body, title: title.clone() });
        nav.push(NavEntry { label: title, href: "sigles.xhtml".into(), children: Vec::new() });
    }
    for &i in &r.plan.after_toc {
        let entry = note_page(i, 1, &mut pages, &mut images, &mut markers);
        nav.push(entry);
    }
    // Title page, front-matter notes and (once inserted) the nav: the EPUB's front matter.
    let front_pages = pages.len() + 1;
    let mut first_body = None;
    for item in &r.plan.body {
        let entry = match &item.kind {
            EntryKind::Part { title, rank, .. } => {
                let file = format!("partie-{rank}.xhtml");
                let level = item.depth.min(6);
                let shown = markers.text(TextId::of(title), 0, title, escape);
                let body = format!("<section id=\"top\" class=\"partie\">\n<h{level}>{shown}</h{level}>\n</section>\n");
                pages.push(Page { file: file.clone(), body, title: title.clone() });
                NavEntry { label: title.clone(), href: file, children: Vec::new() }
            }
            EntryKind::Note(i) => note_page(*i, item.depth, &mut pages, &mut images, &mut markers),
        };
        first_body.get_or_insert_with(|| entry.href.clone());
        while stack.last().is_some_and(|(d, _)| *d >= item.depth) {
            let (_, children) = stack.pop().expect("checked");
            attach(&mut nav, &mut stack, children);
        }
        stack.push((item.depth, vec![entry]));
    }
    while let Some((_, children)) = stack.pop() {
        attach(&mut nav, &mut stack, children);
    }

    let nav_body = nav_document(&nav, &targets, first_body.as_deref(), &lists);
    let nav_page = Page { file: "nav.xhtml".into(), body: nav_body, title: "Table des matières".into() };
    pages.insert(nav_index, nav_page);
    if let Some(pdf) = pdf {
        page_list(&mut pages, nav_index, &mut markers, pdf.breaks);
    }
    images.sort();
    images.dedup_by(|a, b| a.0 == b.0);

    let uid = identifier(title, &meta.author);
    let mut entries = vec![
        ZipEntry { path: "mimetype".into(), bytes: b"application/epub+zip".to_vec(), compress: false },
        ZipEntry {
            path: "META-INF/container.xml".into(),
            bytes: package::CONTAINER.as_bytes().to_vec(),
            compress: true,
        },
        ZipEntry {
            path: "EPUB/package.opf".into(),
            bytes: package::package(r, &pages, &images, &uid, date, pdf.map(|p| p.source.as_str())).into_bytes(),
            compress: true,
        },
        ZipEntry { path: "EPUB/toc.ncx".into(), bytes: package::ncx(&nav, &uid, title).into_bytes(), compress: true },
        ZipEntry { path: "EPUB/styles/epub.css".into(), bytes: css, compress: true },
    ];
    for (k, p) in pages.iter().enumerate() {
        let body_type = match p.file.as_str() {
            "titre.xhtml" => "frontmatter titlepage",
            _ if k < front_pages => "frontmatter",
            _ => "bodymatter",
        };
        let html = page(&lang, &p.title, body_type, &p.body);
        entries.push(ZipEntry { path: format!("EPUB/text/{}", p.file), bytes: html.into_bytes(), compress: true });
    }
    for (path, bytes) in images {
        entries.push(ZipEntry { path: format!("EPUB/{path}"), bytes, compress: false });
    }
    match zip::write(&entries, date) {
        Ok(b) => Some(b),
        Err(e) => {
            diags.error(Path::new(""), None, format!("EPUB : {e}"));
            None
        }
    }
}

/// Places the markers of generated pages (title page, table of contents and lists, sigles) by
/// their words, then adds the `page-list` to the navigation document (`pages[nav]`): every page
/// of the PDF whose marker was placed, in page order, hidden as DAISY advises (reading systems
/// offer it as « go to page »).
fn page_list(pages: &mut [Page], nav: usize, markers: &mut Markers, breaks: &[PageBreak]) {
    for p in pages.iter_mut() {
        if matches!(p.file.as_str(), "titre.xhtml" | "nav.xhtml" | "sigles.xhtml") {
            p.body = markers.words_in(&p.body);
        }
    }
    let mut placed = std::collections::HashMap::new();
    for p in pages.iter() {
        for (at, _) in p.body.match_indices("epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"") {
            let rest = &p.body[at..];
            let id = rest.split("id=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or_default();
            placed.insert(id.to_string(), p.file.clone());
        }
    }
    let mut list = String::from("<nav epub:type=\"page-list\" role=\"doc-pagelist\" aria-label=\"Pages\" hidden=\"hidden\">\n<h2>Pages du PDF</h2>\n<ol>\n");
    for b in breaks {
        let id = format!("page-{}", escape(&b.folio));
        if let Some(file) = placed.get(&id) {
            let _ = writeln!(list, "<li><a href=\"{}#{id}\">{}</a></li>", escape(file), escape(&b.folio));
        }
    }
    list.push_str("</ol>\n</nav>\n");
    pages[nav].body.push_str(&list);
}

/// The bytes of every image `note` shows, from `assets` (a missing or refused
/// one was reported by the loader).
fn collect_images(assets: &crate::model::Assets, note: &Note, out: &mut Vec<(String, Vec<u8>)>) {
    for img in crate::text::images(&note.blocks) {
        if let Some(bytes) = assets.get(&note.image_source_slashed(img)) {
            out.push((image_path(note, img), bytes.0.to_vec()));
        }
    }
}

/// Attaches `children` (entries at one depth) to the entry above them, or to the top level.
fn attach(nav: &mut Vec<NavEntry>, stack: &mut [(usize, Vec<NavEntry>)], children: Vec<NavEntry>) {
    match stack.last_mut() {
        Some((_, parent)) => parent.last_mut().expect("never empty").children.extend(children),
        None => nav.extend(children),
    }
}

/// The numbered sub-headings of a note, nested by level, for the navigation.
fn heading_entries(file: &str, blocks: &[Block]) -> Vec<NavEntry> {
    let mut out: Vec<NavEntry> = Vec::new();
    for b in blocks {
        if let Block::Heading(h) = b {
            let number = h.number.as_ref().map(|n| format!("{n} ")).unwrap_or_default();
            let entry = NavEntry {
                label: format!("{number}{}", crate::text::plain_text(&h.content)),
                href: format!("{file}#{}", id("h-", &h.anchor)),
                children: Vec::new(),
            };
            // Level 2 at the top, deeper levels under the last entry of the level above.
            let mut level = &mut out;
            for _ in 2..h.level {
                if level.is_empty() {
                    break;
                }
                level = &mut level.last_mut().expect("checked").children;
            }
            level.push(entry);
        }
    }
    out
}

fn nav_list(entries: &[NavEntry], out: &mut String) {
    out.push_str("<ol>\n");
    for e in entries {
        let _ = write!(out, "<li><a href=\"{}\">{}</a>", escape(&e.href), escape(&e.label));
        if !e.children.is_empty() {
            nav_list(&e.children, out);
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
}

/// The lists of figures and of tables: (href, label), in reading order.
type Lists = (Vec<(String, String)>, Vec<(String, String)>);

fn nav_document(nav: &[NavEntry], targets: &Targets, first_body: Option<&str>, lists: &Lists) -> String {
    let mut out = String::from("<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\">\n<h1>Table des matières</h1>\n");
    nav_list(nav, &mut out);
    out.push_str("</nav>\n");
    // Each list only when it has entries (the same rule as the PDF's).
    for (kind, id, title, entries) in
        [("loi", "loi", "Liste des figures", &lists.0), ("lot", "lot", "Liste des tableaux", &lists.1)]
    {
        if entries.is_empty() {
            continue;
        }
        let _ = write!(out, "<nav epub:type=\"{kind}\" id=\"{id}\">\n<h2>{title}</h2>\n<ol>\n");
        for (href, label) in entries {
            let _ = writeln!(out, "<li><a href=\"{}\">{}</a></li>", escape(href), escape(label));
        }
        out.push_str("</ol>\n</nav>\n");
    }
    out.push_str("<nav epub:type=\"landmarks\" hidden=\"hidden\">\n<h2>Repères</h2>\n<ol>\n");
    out.push_str("<li><a epub:type=\"titlepage\" href=\"titre.xhtml\">Page de titre</a></li>\n");
    out.push_str("<li><a epub:type=\"toc\" href=\"nav.xhtml#toc\">Table des matières</a></li>\n");
    if !lists.0.is_empty() {
        out.push_str("<li><a epub:type=\"loi\" href=\"nav.xhtml#loi\">Liste des figures</a></li>\n");
    }
    if !lists.1.is_empty() {
        out.push_str("<li><a epub:type=\"lot\" href=\"nav.xhtml#lot\">Liste des tableaux</a></li>\n");
    }
    if let Some(f) = first_body {
        let _ = writeln!(out, "<li><a epub:type=\"bodymatter\" href=\"{}\">Début du texte</a></li>", escape(f));
    }
    if let Some(f) = &targets.bibliography_file {
        let _ = writeln!(out, "<li><a epub:type=\"bibliography\" href=\"{}\">Références</a></li>", escape(f));
    }
    out.push_str("</ol>\n</nav>\n");
    out
}

fn title_page(page: &TitlePage) -> String {
    let class = match page.presentation {
        crate::presentation::Preset::Uqam => "titre majuscules",
        _ => "titre",
    };
    let mut out = format!("<section class=\"{class}\" id=\"top\">\n");
    if let Some(i) = &page.institution {
        let _ = writeln!(out, "<p class=\"etablissement\">{}</p>", escape(i));
    }
    let _ = writeln!(out, "<h1 class=\"titre-memoire\">{}</h1>", escape(&page.title));
    if let Some(s) = &page.subtitle {
        let _ = writeln!(out, "<p class=\"sous-titre\">{}</p>", escape(s));
    }
    if let Some(k) = page.kind {
        let _ = writeln!(out, "<p class=\"genre\">{}</p>", escape(k));
    }
    if let Some(d) = &page.degree {
        let _ = writeln!(out, "<p class=\"grade\">{}</p>", escape(d));
    }
    match page.by {
        Some(by) => {
            let _ = writeln!(out, "<p class=\"auteur\">{by}<br/>{}</p>", escape(&page.author));
        }
        None => {
            let _ = writeln!(out, "<p class=\"auteur\">{}</p>", escape(&page.author));
        }
    }
    if let Some(d) = &page.date {
        let _ = writeln!(out, "<p class=\"date\">{}</p>", escape(d));
    }
    out.push_str("</section>\n");
    out
}
