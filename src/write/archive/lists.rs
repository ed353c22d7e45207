//! The generated lists of `memoire.md` (figures, tables, sigles), after its table of contents,
//! each only when it has entries.

use std::fmt::Write as _;

use super::escape::escape;
use crate::model::Block;
use crate::resolve::Resolved;

/// The lists of figures and of tables, after the table of contents, each only when it has
/// entries.
pub(super) fn write(out: &mut String, r: &Resolved) {
    let (mut figures, mut tables) = (Vec::new(), Vec::new());
    for i in r.plan.reading_order() {
        crate::text::visit_blocks(&r.doc().notes[i].blocks, &mut |b| match b {
            Block::Figure(img) => figures.push(crate::text::figure_line(img)),
            Block::Table(t) => tables.extend(crate::text::table_line(t)),
            _ => {}
        });
    }
    let sigles: Vec<String> = r.plan.sigles.iter().map(|s| format!("{} : {}", s.short, s.long)).collect();
    for (title, entries) in [
        ("Liste des figures", figures),
        ("Liste des tableaux", tables),
        ("Liste des abréviations, sigles et acronymes", sigles),
    ] {
        if entries.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {title}\n");
        for e in entries {
            let _ = writeln!(out, "- {}", escape(&e));
        }
        out.push('\n');
    }
}
