//! The PDF writer: the resolved document becomes a Typst main file ([`markup`]), compiled in our
//! own [`world::MemoireWorld`] and exported by `typst-pdf` (PDF/A-2a and PDF/UA-1 by default).

pub mod escape;
pub mod folios;
pub mod glyphs;
pub mod incremental;
pub mod links;
pub mod markup;
pub mod pagebreaks;
pub mod world;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::{World as _, WorldExt};
use typst_layout::{PagedDocument, PagedIntrospector};
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::date::BuildDate;
use crate::diag::{pos_of_offset, Diagnostics, Severity};
use crate::resolve::Resolved;
use world::MemoireWorld;

/// Timings of one PDF build, for benchmarks.
#[derive(Debug, Clone, Copy, Default)]
pub struct PdfTimings {
    /// Writing the Typst files (our code).
    pub markup: std::time::Duration,
    /// Typst: parsing the generated files, then compiling (layout).
    pub compile: std::time::Duration,
    /// Attaching the internal links after layout (our code, [`links`]).
    pub links: std::time::Duration,
    /// Typst: PDF export.
    pub export: std::time::Duration,
    /// Layout passes of a rebuild started from the previous build (`None` when compiled from
    /// scratch: Typst does not say how many it made then).
    pub passes: Option<usize>,
}

/// The typst date of a build date.
pub fn typst_date(date: BuildDate) -> Datetime {
    Datetime::from_ymd(date.year, date.month, date.day).expect("BuildDate is always valid")
}

/// The PDF writer: Typst embedded, its session kept for as long as the writer lives.
#[derive(Default)]
pub struct PdfWriter {
    session: PdfSession,
}

impl PdfWriter {
    /// A PDF writer that also says where each page begins when `page_breaks` (the EPUB of the
    /// same build marks them).
    pub fn new(page_breaks: bool) -> Self {
        PdfWriter { session: PdfSession { page_breaks, ..PdfSession::default() } }
    }
}

/// What [`PdfSession::write`] made.
pub struct Written {
    /// The PDF.
    pub bytes: Vec<u8>,
    /// The folio of each labelled place.
    pub folios: folios::Folios,
    /// Where each page begins, when the session was asked.
    pub page_breaks: Option<Vec<crate::write::pages::PageBreak>>,
    /// Stage times.
    pub timings: PdfTimings,
}

impl super::Writer for PdfWriter {
    fn name(&self) -> &'static str {
        "PDF"
    }

    fn write(
        &mut self,
        input: &super::Input<'_>,
        _earlier: &[super::OutFile],
        stages: &mut super::Stages,
        diags: &mut Diagnostics,
    ) -> Option<Vec<super::OutFile>> {
        let r = input.resolved;
        let written = self.session.write(r, input.assets, input.root, input.date, diags)?;
        let t = written.timings;
        stages.times.extend([
            ("source Typst", t.markup),
            ("compilation Typst", t.compile),
            ("liens", t.links),
            ("export PDF", t.export),
        ]);
        stages.passes = t.passes;
        let mut file = super::OutFile::new(r.doc().config.build.pdf.clone(), written.bytes);
        file.folios = Some(Arc::new(written.folios));
        file.page_breaks = written.page_breaks.map(Arc::new);
        Some(vec![file])
    }
}

/// A Typst world kept between builds (`memoire watch`): a rebuild after an edit reparses the
/// generated file incrementally, Typst's memoized layout of unchanged parts is reused, and the
/// layout starts from what the previous build knew ([`incremental`]).
#[derive(Default)]
pub struct PdfSession {
    /// Fonts and library, loaded by the first build.
    shared: Option<Arc<world::Shared>>,
    world: Option<MemoireWorld>,
    /// The introspector of the last document Typst laid out.
    seed: Option<Arc<PagedIntrospector>>,
    /// Whether [`Self::write`] says where each page begins.
    page_breaks: bool,
}

impl PdfSession {
    /// Builds the PDF bytes of `r` in this session's world, with the folio of each labelled place.
    /// Typst errors and warnings are reported into `diags` against the note file they came from;
    /// `None` when the PDF could not be made.
    pub fn write(
        &mut self,
        r: &Resolved,
        assets: &crate::model::Assets,
        root: &Path,
        date: BuildDate,
        diags: &mut Diagnostics,
    ) -> Option<Written> {
        let (world, files, t) = self.prepare(r, assets, root, date);
        let result = compile(&world, &mut self.seed, r, date, &files, self.page_breaks, diags);
        self.world = Some(world);
        // Bound the memoization cache as typst-cli does: entries unused for 10 compilations go.
        typst::comemo::evict(10);
        result.map(|mut w| {
            w.timings.compile += t.compile;
            w.timings.markup = t.markup;
            w
        })
    }

    /// Lays the mémoire out without exporting it (`memoire preview`): Typst's pages, with what
    /// maps them back to the notes. Same world, same incremental layout as [`Self::write`].
    pub fn layout(
        &mut self,
        r: &Resolved,
        assets: &crate::model::Assets,
        root: &Path,
        date: BuildDate,
        diags: &mut Diagnostics,
    ) -> Option<(Layout, PdfTimings)> {
        let (world, files, mut t) = self.prepare(r, assets, root, date);
        let t0 = std::time::Instant::now();
        let laid_out = lay_out(&world, &mut self.seed, &files, diags);
        t.compile += t0.elapsed();
        let sources = world.generated_sources();
        self.world = Some(world);
        typst::comemo::evict(10);
        let (document, passes) = laid_out?;
        t.passes = passes;
        Some((Layout { document, files, sources }, t))
    }

    /// The generated files of `r` and the world to compile them in: the session's, updated, when
    /// it is of the same project and date; timings of the markup and of the parse.
    fn prepare(
        &mut self,
        r: &Resolved,
        assets: &crate::model::Assets,
        root: &Path,
        date: BuildDate,
    ) -> (MemoireWorld, markup::Generated, PdfTimings) {
        let t0 = std::time::Instant::now();
        let files = markup::generate(r, date);
        let t1 = std::time::Instant::now();
        let world = match self.world.take() {
            Some(mut w) if w.root() == root && w.today_date() == typst_date(date) => {
                w.set_files(&files);
                w.set_assets(assets);
                w
            }
            _ => {
                let shared = self.shared.get_or_insert_with(world::Shared::new).clone();
                MemoireWorld::new(shared, root, &files, assets, typst_date(date))
            }
        };
        let t = PdfTimings { markup: t1 - t0, compile: t1.elapsed(), ..PdfTimings::default() };
        (world, files, t)
    }
}

/// A laid-out mémoire ([`PdfSession::layout`]).
pub struct Layout {
    /// Typst's pages.
    pub document: PagedDocument,
    /// The generated Typst files, with where each part came from in the notes.
    pub files: markup::Generated,
    /// Those files as Typst parsed them: a glyph's span gives its offset in them.
    pub sources: Vec<typst::syntax::Source>,
}

/// Lays `world` out, from `seed` when there is one (then replaced by the new document's
/// introspector); Typst's messages go to `diags`. The layout passes of an incremental layout.
fn lay_out(
    world: &MemoireWorld,
    seed: &mut Option<Arc<PagedIntrospector>>,
    files: &markup::Generated,
    diags: &mut Diagnostics,
) -> Option<(PagedDocument, Option<usize>)> {
    let (compiled, passes) = seed
        .as_ref()
        .and_then(|s| incremental::compile_from(world, s.as_ref()))
        .map_or_else(|| (typst::compile::<PagedDocument>(world), None), |(c, n)| (c, Some(n)));
    if let Ok(document) = &compiled.output {
        *seed = Some(document.introspector().clone());
    }
    report(world, files, &compiled.warnings, diags);
    match compiled.output {
        Ok(d) => Some((d, passes)),
        Err(errors) => {
            report(world, files, &errors, diags);
            None
        }
    }
}

/// Compiles `world`, from `seed` when there is one (then replaced by the new document's
/// introspector), and exports the PDF (timings of compile, links and export).
fn compile(
    world: &MemoireWorld,
    seed: &mut Option<Arc<PagedIntrospector>>,
    r: &Resolved,
    date: BuildDate,
    files: &markup::Generated,
    page_breaks: bool,
    diags: &mut Diagnostics,
) -> Option<Written> {
    let t0 = std::time::Instant::now();
    let (document, passes) = lay_out(world, seed, files, diags)?;
    let t1 = std::time::Instant::now();
    let folios = folios::of(&document);
    let page_breaks = page_breaks.then(|| pagebreaks::of(&document, world, files));
    let document = match links::attach(document) {
        Ok(d) => d,
        Err(missing) => {
            diags.error(
                Path::new("bibliography"),
                None,
                format!("cibles de liens absentes du PDF : {}", missing.join(", ")),
            );
            return None;
        }
    };
    let t2 = std::time::Instant::now();
    let options = pdf_options(r, date, diags);
    let exported = typst_pdf::pdf(&document, &options);
    crate::util::drop_later(document);
    match exported {
        Ok(bytes) => {
            let timings =
                PdfTimings { compile: t1 - t0, links: t2 - t1, export: t2.elapsed(), passes, ..PdfTimings::default() };
            Some(Written { bytes, folios, page_breaks, timings })
        }
        Err(errors) => {
            report(world, files, &errors, diags);
            None
        }
    }
}

fn pdf_options(r: &Resolved, date: BuildDate, diags: &mut Diagnostics) -> PdfOptions {
    let build = &r.doc().config.build;
    let mut list = Vec::new();
    for s in &build.pdf_standards {
        match s.as_str() {
            "a-2a" => list.push(PdfStandard::A_2a),
            "a-2b" => list.push(PdfStandard::A_2b),
            "a-3b" => list.push(PdfStandard::A_3b),
            "ua-1" => list.push(PdfStandard::Ua_1),
            _ => {} // reported when memoire.toml was read
        }
    }
    let standards = PdfStandards::new(&list).unwrap_or_else(|e| {
        diags.error(Path::new(crate::config::CONFIG_PATH), None, format!("normes PDF incompatibles : {}", e.message()));
        PdfStandards::default()
    });
    let meta = &r.doc().config.memoire;
    PdfOptions {
        ident: Smart::Custom(format!("memoire:{}:{}", meta.author, meta.title)),
        timestamp: Some(Timestamp::new_utc(typst_date(date))),
        standards,
        tagged: true,
        ..PdfOptions::default()
    }
}

/// Turns Typst diagnostics into ours, located in the note the generated text came from.
fn report(world: &MemoireWorld, files: &markup::Generated, list: &[SourceDiagnostic], diags: &mut Diagnostics) {
    for d in list {
        let severity = if d.severity == TypstSeverity::Error { Severity::Error } else { Severity::Warning };
        let mut file = PathBuf::new();
        let mut pos = None;
        let mut where_ = String::new();
        if let Some(id) = d.span.id() {
            if let Some(range) = world.range(d.span) {
                if let Some(generated) = files.file(id.vpath().get_without_slash()) {
                    if let Some((f, p)) = generated.origin_of(range.start) {
                        file = f.to_path_buf();
                        pos = Some(p);
                    }
                    let gen = pos_of_offset(generated.text.as_str(), range.start);
                    where_ = format!(" (fichier généré {}, ligne {})", generated.path, gen.line);
                } else if let Ok(src) = world.source(id) {
                    file = PathBuf::from(id.vpath().get_without_slash());
                    pos = Some(pos_of_offset(src.text(), range.start));
                }
            }
        }
        let message = format!("Typst : {}{where_}", d.message);
        let entry = match severity {
            Severity::Error => diags.error(&file, pos, message),
            Severity::Warning | Severity::Note => diags.warning(&file, pos, message),
        };
        if let Some(h) = d.hints.first() {
            entry.hint = Some(h.v.to_string());
        }
    }
}

/// Compiles `files` in a world of the project at `root`; Typst's messages go to `diags`.
fn compile_once(
    root: &Path,
    files: &markup::Generated,
    assets: &crate::model::Assets,
    date: BuildDate,
    diags: &mut Diagnostics,
) -> Option<PagedDocument> {
    let world = MemoireWorld::new(world::Shared::new(), root, files, assets, typst_date(date));
    let compiled = typst::compile::<PagedDocument>(&world);
    report(&world, files, &compiled.warnings, diags);
    compiled.output.map_err(|errors| report(&world, files, &errors, diags)).ok()
}

/// The folio of the page each note starts on in the PDF of `r` (`None` for a note the PDF does
/// not print), for `memoire diff --pdf`. Compiles the whole mémoire once.
pub fn note_pages(
    r: &Resolved,
    root: &Path,
    assets: &crate::model::Assets,
    date: BuildDate,
    diags: &mut Diagnostics,
) -> Option<Vec<Option<u64>>> {
    use typst::introspection::Introspector as _;
    // Its warnings are those of the mémoire's own build, not of this report; its errors are.
    let mut messages = Diagnostics::new();
    let Some(doc) = compile_once(root, &markup::generate(r, date), assets, date, &mut messages) else {
        diags.extend(messages);
        return None;
    };
    let page_of = |i: usize| {
        let label = typst::foundations::Label::new(typst::utils::PicoStr::intern(&markup::label(i, None)))?;
        let loc = doc.introspector().query_label(label).ok()?.location()?;
        let page = doc.introspector().page(loc)?;
        Some(doc.pages().get(page.get() - 1).map_or(page.get() as u64, |p| p.number))
    };
    Some((0..r.doc().notes.len()).map(page_of).collect())
}

/// The folios of the PDF of `r` without exporting it: a Word document built without the PDF
/// still prints the deposited PDF's page numbers.
pub fn folios_only(
    r: &Resolved,
    root: &Path,
    assets: &crate::model::Assets,
    date: BuildDate,
    diags: &mut Diagnostics,
) -> Option<folios::Folios> {
    let doc = compile_once(root, &markup::generate(r, date), assets, date, diags)?;
    Some(folios::of(&doc))
}

/// A PDF of the Typst `source`, compiled in the world of the project at `root` (its template
/// and `assets`, the embedded fonts), dated `date`: `memoire diff --pdf`.
pub fn standalone(
    source: String,
    root: &Path,
    assets: &crate::model::Assets,
    date: BuildDate,
    diags: &mut Diagnostics,
) -> Option<Vec<u8>> {
    let files = markup::Generated {
        main: markup::TypstFile { path: world::MAIN_PATH.into(), text: source, origins: Vec::new(), texts: Vec::new() },
        notes: Vec::new(),
    };
    let document = compile_once(root, &files, assets, date, diags)?;
    let options = PdfOptions { timestamp: Some(Timestamp::new_utc(typst_date(date))), ..PdfOptions::default() };
    typst_pdf::pdf(&document, &options)
        .map_err(|errors| {
            for e in &errors {
                diags.error(Path::new(""), None, format!("Typst : {}", e.message));
            }
        })
        .ok()
}
