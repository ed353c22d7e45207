//! What the author should know of the library once the citations are known: what the entries
//! the mémoire prints lack, and how many it never cites (one note, not one line each).

use std::collections::BTreeSet;
use std::path::Path;

use crate::diag::Diagnostics;
use crate::model::Bibliography;

/// What the author should know of the library: each entry the mémoire prints that lacks a
/// field the style needs (a warning at its line), and the entries never cited, in one note —
/// a Zotero library of hundreds of entries is no problem of the mémoire's.
pub(super) fn report_entries(
    bib: &Bibliography,
    cited: &BTreeSet<String>,
    print_all: bool,
    uncited: &[&str],
    diags: &mut Diagnostics,
) {
    for (key, (file, pos)) in super::sorted_origins(bib) {
        let printed = print_all || cited.contains(key);
        if let Some(missing) = bib.incomplete.get(key).filter(|_| printed) {
            diags
                .warning(
                    file,
                    Some(*pos),
                    format!(
                        "entrée « {key} » incomplète : {} {}",
                        missing.join(", "),
                        crate::fr::plural(missing.len(), "manquant", "manquants")
                    ),
                )
                .with_hint("complétez l’entrée (le style APA imprime ces champs)");
        }
    }
    let Some(first) = uncited.first().filter(|_| !print_all) else { return };
    let file = bib.origins.get(*first).map(|(f, _)| f.clone()).unwrap_or_default();
    let shown: Vec<&str> = uncited.iter().take(3).copied().collect();
    let more = if uncited.len() > 3 { ", …" } else { "" };
    let n = uncited.len();
    diags
        .note(
            Path::new(if n == 1 { file.as_path() } else { Path::new("bibliography") }),
            None,
            format!(
                "{} de la bibliographie {} pas {} ({}{more}) : {} pas dans la liste des références",
                crate::fr::count(n, "entrée", "entrées"),
                if n == 1 { "n’est" } else { "ne sont" },
                if n == 1 { "citée" } else { "citées" },
                shown.join(", "),
                if n == 1 { "elle n’est" } else { "elles ne sont" },
            ),
        )
        .with_hint("la liste complète : memoire check --verbose ; pour toutes les imprimer : bibliography_all = true dans [build]");
}
