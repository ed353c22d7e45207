//! `memoire check`: load and resolve the carnet, then describe it (notes in order and counts).

use std::fmt::Write as _;
use std::path::Path;

use crate::diag::Diagnostics;
use crate::load;
use crate::model::{Status, TocKind};
use crate::resolve::{resolve, Resolved};

/// Loads and resolves the project at `root`. With `strict`, warnings count as errors.
pub fn run(root: &Path, strict: bool) -> (Option<Resolved>, Diagnostics) {
    let (doc, mut diags) = load::load(root);
    let resolved = doc.map(|d| resolve(d, &mut diags));
    if strict {
        diags.make_warnings_errors();
    }
    (resolved, diags)
}

/// The notes in reading order, indented by depth, with those still to import marked.
pub fn note_list(r: &Resolved) -> String {
    let doc = r.doc();
    let mut out = String::new();
    let mark = |s: Status| if s == Status::ToImport { "  [à importer]" } else { "" };
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

/// The summary printed after the diagnostics.
pub fn summary(r: &Resolved) -> String {
    let s = &r.stats;
    let mut out = String::new();
    let _ = writeln!(out, "Résumé du carnet");
    let _ = match s.expected {
        Some(e) => writeln!(
            out,
            "  notes              {} sur {e} attendues (écart : {})",
            s.notes,
            if s.notes <= e { format!("{} à ajouter", e - s.notes) } else { format!("{} en trop", s.notes - e) }
        ),
        None => writeln!(out, "  notes              {}", s.notes),
    };
    let _ = writeln!(out, "    avec texte       {}", s.with_text);
    let _ = writeln!(out, "    à importer       {}", s.to_import);
    let _ = writeln!(out, "  mots               {}", s.words);
    let _ = writeln!(out, "  citations          {} ({} œuvres citées)", s.citations, s.cited_works);
    let _ = writeln!(out, "  renvois            {}", s.cross_refs);
    let _ = writeln!(out, "  notes de bas de page {}", s.footnotes);
    out
}
