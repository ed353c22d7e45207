//! The PDF, judged by external validators (qpdf, pdffonts, pdfinfo, pdftotext): nothing lost,
//! valid, archival, reproducible, and no output replaced by a failed build.

use crate::support::*;
use memoire::model::{Inline, Role, TocKind};

const DATE: &str = "2026-11-26";

fn build(dir: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", "--pdf", "--date", DATE];
    args.extend_from_slice(extra);
    memoire(dir, &args)
}

fn built_pdf(dir: &std::path::Path) -> std::path::PathBuf {
    let out = build(dir, &[]);
    assert!(out.status.success(), "build failed:\n{}", String::from_utf8_lossy(&out.stderr));
    dir.join("dist/memoire.pdf")
}

#[test]
fn every_word_of_every_note_is_in_the_pdf_in_order() {
    let tmp = project("carnet");
    let pdf = built_pdf(tmp.path());
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let words = pdf_words(&text);
    let (resolved, diags) = memoire::check::run(tmp.path(), false);
    assert!(!diags.has_errors());
    let doc = resolved.unwrap();
    let doc = doc.doc();
    // Reading order of the PDF: the Résumé, then the table of contents' items.
    let mut order: Vec<Vec<String>> = Vec::new();
    let mut footnotes: Vec<(usize, Vec<String>)> = Vec::new();
    let mut push_note = |i: usize, order: &mut Vec<Vec<String>>| {
        let n = &doc.notes[i];
        for f in &n.footnotes {
            let mut w = Vec::new();
            printed_words(&f.blocks, &mut w);
            footnotes.push((order.len(), w));
        }
        order.push(note_words(n));
    };
    for (i, n) in doc.notes.iter().enumerate() {
        if n.role() == Role::Abstract {
            push_note(i, &mut order);
        }
    }
    for item in &doc.toc {
        match &item.kind {
            TocKind::Part(t) => order.push(t.split_whitespace().map(normalize).collect()),
            TocKind::Note(i) if doc.notes[*i].role() != Role::Abstract => push_note(*i, &mut order),
            TocKind::Note(_) => {}
        }
    }
    let mut at = 0;
    let mut starts = Vec::new();
    for (k, expected) in order.iter().enumerate() {
        starts.push(at);
        at = find_in_order(&words, expected, at).unwrap_or_else(|e| panic!("item {k} of the reading order: {e}"));
    }
    assert!(footnotes.len() >= 8, "the fixture has footnotes");
    for (item, words_expected) in &footnotes {
        find_in_order(&words, words_expected, starts[*item]).unwrap_or_else(|e| panic!("footnote of item {item}: {e}"));
    }
    // URLs shown as text (they may break at any slash or dot).
    let flat: String = text.split_whitespace().collect();
    assert!(flat.contains("https://praxis.encommun.io/@carnet"));
    // Headings carry the author's numbers, sub-headings are numbered under them.
    for heading in [
        "0.2 Introduction",
        "4.10 Un langage commun",
        "4.10.1 Un glossaire",
        "2.2.5.5.1 Objets frontières",
        "3.1 Approche méthodologique",
    ] {
        assert!(text.contains(heading), "heading « {heading} » missing");
    }
}

#[test]
fn the_pdf_is_valid_archival_and_reproducible() {
    let tmp = project("carnet");
    let pdf = built_pdf(tmp.path());
    let first = std::fs::read(&pdf).unwrap();
    let path = pdf.to_str().unwrap();
    tool("qpdf", &["--check", path]);
    let fonts = tool("pdffonts", &[path]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty());
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "font not embedded: {row}");
    }
    let info = tool("pdfinfo", &[path]);
    assert!(info.contains("Title:           Carnet d’essai pour memoire"), "{info}");
    assert!(info.contains("Author:          Autrice d’Essai"), "{info}");
    assert!(info.contains("Page size:       612 x 792 pts (letter)"), "{info}");
    assert!(info.contains("Tagged:          yes"), "{info}");
    let meta = tool("pdfinfo", &["-meta", path]);
    assert!(meta.contains("<pdfaid:part>2</pdfaid:part><pdfaid:conformance>A</pdfaid:conformance>"), "PDF/A-2a");
    assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"), "PDF/UA-1");
    assert!(meta.contains("<rdf:li>fr-CA</rdf:li>"), "language");
    // A second build, in another folder, gives the same bytes.
    let again = project("carnet");
    let second = std::fs::read(built_pdf(again.path())).unwrap();
    assert!(first == second, "two builds differ");
}

#[test]
fn note_text_cannot_run_typst_code() {
    let tmp = project("carnet");
    let text = tool("pdftotext", &[built_pdf(tmp.path()).to_str().unwrap(), "-"]);
    // Lines may break inside a path or URL: compare without white space.
    let flat: String = text.split_whitespace().collect();
    for literal in [
        "#read(\"/etc/passwd\")",
        "#import \"@preview/x:0.1.0\"",
        "] [ * _ $x$ @x <x>",
        "= titre, 1. en tête, // pas un commentaire.",
    ] {
        let literal: String = literal.split_whitespace().collect();
        assert!(flat.contains(&literal), "« {literal} » not printed literally in:\n{flat}");
    }
    assert!(!flat.contains("root:x:0"), "a file was read");
}

#[test]
fn a_failed_build_leaves_the_previous_pdf_untouched() {
    let tmp = project("carnet");
    let pdf = built_pdf(tmp.path());
    let before = std::fs::read(&pdf).unwrap();
    let note = tmp.path().join("content/notes/4.9-animation.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(&note, text.replace("(4.10-langage.md)", "(4.11-absente.md)")).unwrap();
    std::fs::write(
        tmp.path().join("content/notes/1.1-contexte.md"),
        "---\ntitle: Contexte\nnumber: \"1.1\"\n---\nNouveau texte.\n",
    )
    .unwrap();
    let out = build(tmp.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("content/notes/4.9-animation.md:"), "{stderr}");
    assert_eq!(std::fs::read(&pdf).unwrap(), before, "the previous PDF must stay as it was");
    let leftovers: Vec<_> =
        std::fs::read_dir(tmp.path().join("dist")).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers, [std::ffi::OsString::from("memoire.pdf")], "no temporary file left behind");
}

#[test]
fn strict_refuses_notes_still_to_import() {
    let tmp = project("carnet");
    let out = build(tmp.path(), &["--strict"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("content/notes/4.14-a-importer.md: erreur: texte à importer"), "{stderr}");
    assert!(!tmp.path().join("dist/memoire.pdf").exists());
}

#[test]
fn a_typst_error_points_at_the_note() {
    let tmp = project("carnet");
    std::fs::write(tmp.path().join("content/notes/images/schema.png"), b"not a PNG").unwrap();
    let out = build(tmp.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("content/notes/4.9-animation.md:14:1: erreur: Typst"), "{stderr}");
}

#[test]
fn the_memoire_builds_with_its_notes_to_import_marked() {
    let tmp = memoire_project();
    let pdf = built_pdf(tmp.path());
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("4.13 Un climat de confiance propice aux échanges"));
    assert!(text.contains("4.13.1 Diversité des organisations d’attache"));
    let markers = text.matches("Texte de cette note à importer").count();
    // The Références note, whose text is the list, says nothing of the kind (issue 26).
    assert_eq!(markers, 24, "every note without text says so");
    let flat: String = text.split_whitespace().collect();
    assert!(flat.contains("https://praxis.encommun.io/n/U5nYK1J3-brxEHckrcCl9R0wtjs/"), "the marker shows the URL");
}

#[test]
fn internal_links_are_attached_and_citations_land_on_the_references() {
    // Internal links are attached to their targets after layout (src/pdf/links.rs): no
    // placeholder address may remain, and each citation must land on the Références pages.
    let tmp = project("carnet");
    let pdf = built_pdf(tmp.path());
    let qdf = tmp.path().join("qdf.pdf");
    tool("qpdf", &["--qdf", "--object-streams=disable", pdf.to_str().unwrap(), qdf.to_str().unwrap()]);
    let raw = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).to_string();
    let scheme = memoire::write::pdf::links::LINK_SCHEME;
    let template = std::fs::read_to_string(tmp.path().join("styles/memoire.typ")).unwrap();
    assert!(template.contains(&format!("\"{scheme}\" + str(cible)")), "the template's `lien` writes {scheme}");
    assert!(!raw.contains(scheme), "a placeholder address reached the PDF");

    // Objects of the uncompressed file: number → text; page objects → physical page (from 1).
    let mut objects = std::collections::HashMap::new();
    let mut page_of = std::collections::HashMap::new();
    for chunk in raw.split("endobj") {
        let page = chunk.lines().find_map(|l| l.strip_prefix("%% Page ")).and_then(|n| n.trim().parse::<usize>().ok());
        let Some(num) = chunk.lines().find_map(|l| l.strip_suffix(" 0 obj")).and_then(|n| n.parse::<u32>().ok()) else {
            continue;
        };
        if let Some(p) = page {
            page_of.insert(num, p);
        }
        objects.insert(num, chunk.to_string());
    }
    let first_ref = |text: &str, after: &str| -> Option<u32> {
        let rest = &text[text.find(after)? + after.len()..];
        rest.split_whitespace().next()?.parse().ok()
    };
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let page_text: Vec<&str> = text.split('\x0c').collect();

    let mut landed = 0;
    for obj in objects.values() {
        if !obj.contains("/Subtype /Link") || !obj.contains("/Contents (page ") {
            continue;
        }
        // Labelled headings are named destinations (`/Dest (n12)`); entries are direct ones.
        if obj.contains("/Dest (") {
            continue;
        }
        let dest = first_ref(obj, "/Dest ").expect("an internal link has a destination");
        let array = &objects[&dest];
        let target = first_ref(array, "[").expect("a destination names its page");
        if page_text[page_of[&target] - 1].contains("Références") {
            landed += 1;
        }
    }
    let (resolved, _) = memoire::check::run(tmp.path(), false);
    let mut cited = 0;
    for note in &resolved.unwrap().doc().notes {
        let mut count = |i: &Inline| {
            if let Inline::Cite(c) = i {
                cited += c.items.len();
            }
        };
        memoire::text::visit_inlines(&note.blocks, &mut count);
        for f in &note.footnotes {
            memoire::text::visit_inlines(&f.blocks, &mut count);
        }
    }
    assert!(cited > 5, "the fixture cites works");
    assert!(landed >= cited, "{landed} links land on the Références for {cited} cited works");
}
