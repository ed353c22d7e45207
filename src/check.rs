//! `memoire check`: load and resolve the carnet, then describe it (notes in order and counts).

use std::fmt::Write as _;
use std::path::Path;

use crate::diag::Diagnostics;
use crate::load;
use crate::model::{Status, TocKind};
use crate::resolve::{resolve, Resolved};

/// What loading and resolving may keep between runs of one process (`memoire watch` keeps
/// them): parsed notes and formatted citations. A value, passed along, never a global.
#[derive(Default)]
pub struct Caches {
    /// Notes parsed, by file and text.
    pub parsed: load::ParseCache,
    /// CSL locales and the last build's citations.
    pub citations: crate::resolve::citations::CitationCache,
    /// The PDF fonts' coverage, when the PDF is to be made: characters they lack are then
    /// reported at their line.
    pub pdf_fonts: Option<crate::write::pdf::glyphs::Coverage>,
}

impl Caches {
    /// Caches for a run that makes (or checks for) the PDF.
    pub fn with_pdf(pdf: bool) -> Caches {
        Caches { pdf_fonts: pdf.then(crate::write::pdf::glyphs::Coverage::embedded), ..Caches::default() }
    }
}

/// Loads and resolves the project at `root`, checking also what the PDF could not print. With
/// `strict`, warnings count as errors.
pub fn run(root: &Path, strict: bool) -> (Option<Resolved>, Diagnostics) {
    run_with(root, strict, &mut Caches::with_pdf(true))
}

/// [`run`], reusing and filling `caches`.
pub fn run_with(root: &Path, strict: bool, caches: &mut Caches) -> (Option<Resolved>, Diagnostics) {
    let (doc, mut diags) = load::load_with(root, Some(&caches.parsed));
    let resolved = doc.map(|d| resolve(d, &mut caches.citations, &mut diags));
    if let (Some(r), Some(fonts)) = (&resolved, &caches.pdf_fonts) {
        crate::write::pdf::glyphs::report_missing(r.doc(), fonts, root, &mut diags);
    }
    if strict {
        diags.make_warnings_errors();
    }
    (resolved, diags)
}

/// The notes in reading order, indented by depth, with those still to import marked.
pub fn note_list(r: &Resolved) -> String {
    let doc = r.doc();
    let mut out = String::new();
    let mark = |s: Status| match s {
        Status::ToImport => "  [à importer]",
        Status::Partial => "  [partielle]",
        Status::Complete => "",
    };
    let toc = &doc.notes[0];
    let _ = writeln!(out, "{}{}", toc.display_title(), mark(toc.status()));
    for item in &doc.toc {
        let indent = "  ".repeat(item.depth - 1);
        match &item.kind {
            TocKind::Part(title) => {
                let _ = writeln!(out, "{indent}{title}");
            }
            TocKind::Note(i) => {
                let n = &doc.notes[*i];
                let _ = writeln!(out, "{indent}{}{}", n.display_title(), mark(n.status()));
            }
        }
    }
    out
}

/// Which styles the project uses: built in, or its own file in `styles/` (an override).
pub fn styles_line(root: &Path) -> String {
    use crate::load::styles::{uses, Use};
    let parts: Vec<String> = uses(root)
        .into_iter()
        .map(|(path, u)| match u {
            Use::Builtin => format!("{} intégré", path.trim_start_matches("styles/")),
            Use::Same => format!("{path} (identique au style intégré)"),
            Use::Override => format!("{path} (remplace le style intégré)"),
        })
        .collect();
    format!("Styles : {}", parts.join(", "))
}

/// The summary printed after the diagnostics.
pub fn summary(r: &Resolved) -> String {
    let s = &r.stats;
    let notes = match s.expected {
        Some(e) if s.notes <= e => format!("{} sur {e} attendues (écart : {} à ajouter)", s.notes, e - s.notes),
        Some(e) => format!("{} sur {e} attendues (écart : {} en trop)", s.notes, s.notes - e),
        None => s.notes.to_string(),
    };
    let rows = [
        ("  notes", notes),
        (
            "    avec texte",
            match s.partial {
                0 => s.with_text.to_string(),
                p => format!("{} (dont {})", s.with_text, crate::fr::count(p, "partielle", "partielles")),
            },
        ),
        ("    à importer", s.to_import.to_string()),
        ("  mots", format!("{} (corps du texte : {})", crate::fr::number(s.words), crate::fr::number(s.body_words))),
        (
            "  citations",
            format!("{} ({})", s.citations, crate::fr::count(s.cited_works, "œuvre citée", "œuvres citées")),
        ),
        ("  renvois", s.cross_refs.to_string()),
        ("  notes de bas de page", s.footnotes.to_string()),
    ];
    let width = rows.iter().map(|(label, _)| label.chars().count()).max().unwrap_or(0) + 2;
    let mut out = String::from("Résumé du carnet\n");
    for (label, value) in rows {
        let _ = writeln!(out, "{label:width$}{value}");
    }
    out
}
