//! `memoire watch`: each kind of change is rebuilt into the outputs, a broken edit leaves the
//! previous outputs as they were, and the command line reports what it rebuilt.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::*;
use memoire::date::BuildDate;
use memoire::watch::Watcher;
use memoire::write::Outputs;

const NOTE: &str = "content/notes/1.1-contexte.md";

fn pdf_text(root: &Path) -> String {
    tool("pdftotext", &[root.join("dist/memoire.pdf").to_str().unwrap(), "-"])
}

fn epub_text(root: &Path) -> String {
    let files = unzip(&std::fs::read(root.join("dist/memoire.epub")).unwrap());
    files.values().map(|b| xhtml_text(&String::from_utf8_lossy(b))).collect::<Vec<_>>().join("\n")
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) -> Vec<PathBuf> {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no « {from} »");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    vec![PathBuf::from(rel)]
}

/// Rebuilds after `edit` changed files (the watcher finds what changed by itself).
fn rebuild_after(w: &mut Watcher, _edited: Vec<PathBuf>) -> memoire::watch::Rebuild {
    w.rebuild()
}

#[test]
fn each_kind_of_change_is_rebuilt_and_a_broken_edit_keeps_the_outputs() {
    let tmp = project("carnet");
    let root = tmp.path();
    let date = BuildDate::parse("2026-11-26").unwrap();
    // A warning found while parsing another note, which this test never edits.
    edit(root, "content/notes/1.2-definitions.md", "\nnumber:", "\nhumeur: gaie\nnumber:");
    let mut w = Watcher::new(root, Outputs { pdf: true, epub: true, docx: false, archive: false }, date);
    let first = w.rebuild();
    assert!(first.ok, "{:?}", first.diags.sorted());
    let warnings: Vec<String> = first.diags.sorted().iter().map(|d| d.to_string()).collect();
    assert!(warnings.iter().any(|w| w.contains("« humeur »")), "{warnings:?}");

    // A note: its new words are in both outputs; the other notes' warnings are still reported
    // (an unchanged note is not parsed again, its diagnostics are kept with it).
    let r = rebuild_after(&mut w, edit(root, NOTE, "plus de 5000 membres", "plus de 5000 membres zéphyrins"));
    assert!(r.ok, "{:?}", r.diags.sorted());
    assert!(pdf_text(root).contains("zéphyrins"));
    assert!(epub_text(root).contains("zéphyrins"));
    let again: Vec<String> = r.diags.sorted().iter().map(|d| d.to_string()).collect();
    assert_eq!(again, warnings, "the same warnings as the first build");

    // A broken edit: an error on the note's line, and the previous outputs unchanged.
    let pdf_before = std::fs::read(root.join("dist/memoire.pdf")).unwrap();
    let epub_before = std::fs::read(root.join("dist/memoire.epub")).unwrap();
    let r = rebuild_after(&mut w, edit(root, NOTE, "zéphyrins", "zéphyrins [@cle-inconnue]"));
    assert!(!r.ok);
    let errors: Vec<String> = r.diags.sorted().iter().map(|d| d.to_string()).collect();
    assert!(errors.iter().any(|e| e.starts_with(&format!("{NOTE}:8:")) && e.contains("cle-inconnue")), "{errors:?}");
    assert!(std::fs::read(root.join("dist/memoire.pdf")).unwrap() == pdf_before, "PDF replaced by a failed build");
    assert!(std::fs::read(root.join("dist/memoire.epub")).unwrap() == epub_before, "EPUB replaced by a failed build");

    // Fixed again, then the template, the bibliography and memoire.toml.
    assert!(rebuild_after(&mut w, edit(root, NOTE, " [@cle-inconnue]", "")).ok);
    let r = rebuild_after(&mut w, edit(root, "styles/memoire.typ", "[ (voir #numero", "[ (cf. #numero"));
    assert!(r.ok, "{:?}", r.diags.sorted());
    assert!(pdf_text(root).contains("(cf. "), "template change not seen");
    let r = rebuild_after(
        &mut w,
        edit(root, "bibliography/references.bib", "Apprentissage, sens et identité", "Sens et identité"),
    );
    assert!(r.ok, "{:?}", r.diags.sorted());
    assert!(pdf_text(root).contains("Sens et identité") && !pdf_text(root).contains("Apprentissage, sens"));
    let r =
        rebuild_after(&mut w, edit(root, "content/memoire.toml", "Carnet d’essai pour memoire", "Carnet surveillé"));
    assert!(r.ok, "{:?}", r.diags.sorted());
    let info = tool("pdfinfo", &[root.join("dist/memoire.pdf").to_str().unwrap()]);
    assert!(info.contains("Title:           Carnet surveillé"), "{info}");
}

#[test]
fn the_command_reports_each_rebuild() {
    let tmp = project("carnet");
    let root = tmp.path().to_path_buf();
    let mut child = Command::new(env!("CARGO_BIN_EXE_memoire"))
        .args(["--project", root.to_str().unwrap(), "watch", "--pdf", "--date", "2026-11-26", "--max-rebuilds", "3"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut next = || lines.next().expect("watch stopped early").unwrap();
    assert!(next().starts_with("surveillance de "));
    let first = next();
    assert!(first.starts_with("PDF à jour en ") && first.ends_with(" s"), "{first}");
    edit(&root, NOTE, "plus de 5000 membres", "plus de 5000 membres surveillés");
    let line = next();
    assert!(line.starts_with(&format!("{NOTE} : PDF à jour en ")) && !line.contains("ms"), "{line}");
    // A mistake, then another save that keeps it: its error is printed once.
    edit(&root, NOTE, "plus de 5000 membres surveillés", "plus de 5000 membres [@inconnu2099]");
    assert_eq!(next(), format!("{NOTE} : échec : sorties précédentes conservées (erreurs ci-dessus)"));
    edit(&root, NOTE, "plus de 5000 membres", "plus de 6000 membres");
    assert_eq!(next(), format!("{NOTE} : toujours les mêmes erreurs : sorties précédentes conservées"));
    assert!(child.wait().unwrap().success(), "watch stops after --max-rebuilds");
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(stderr.matches("clé de bibliographie inconnue « inconnu2099 »").count(), 1, "{stderr}");
    assert!(pdf_text(&root).contains("surveillés"));
}

/// A rebuild starts its layout from what the previous build knew: one pass when no page moves,
/// more when they do. Either way it writes the very bytes a fresh `memoire build` writes.
#[test]
fn a_rebuild_writes_what_a_fresh_build_writes() {
    let tmp = project("carnet");
    let root = tmp.path();
    let date = BuildDate::parse("2026-11-26").unwrap();
    let mut w = Watcher::new(root, Outputs { pdf: true, epub: true, docx: false, archive: false }, date);
    assert!(w.rebuild().ok);
    let outputs = || ["dist/memoire.pdf", "dist/memoire.epub"].map(|f| std::fs::read(root.join(f)).unwrap());
    let fresh = || {
        let out = memoire(root, &["build", "--pdf", "--epub", "--date", "2026-11-26", "-q"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        outputs()
    };

    // One word: no page moves.
    let r = rebuild_after(&mut w, edit(root, NOTE, "plus de 5000 membres", "plus de 5000 membres actifs"));
    assert!(r.ok, "{:?}", r.diags.sorted());
    assert_eq!(r.timings.writers.passes, Some(1), "a one-word edit is laid out once");
    let rebuilt = outputs();
    assert!(rebuilt == fresh(), "a one-pass rebuild differs from a fresh build");

    // Forty lines more in the first note: the pages after it move, and with them the page
    // numbers of the table of contents and of the renvois.
    let long = "Une phrase de plus pour pousser les pages suivantes. ".repeat(60);
    let r = rebuild_after(&mut w, edit(root, NOTE, "Les enjeux relevés", &format!("{long}\n\nLes enjeux relevés")));
    assert!(r.ok, "{:?}", r.diags.sorted());
    assert!(r.timings.writers.passes >= Some(2), "pages moved, yet {:?} pass", r.timings.writers.passes);
    let rebuilt = outputs();
    assert!(rebuilt == fresh(), "a rebuild whose pages moved differs from a fresh build");
}
