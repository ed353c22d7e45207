//! `memoire diff`: a dated archive of the fixture carnet against the carnet edited after it.

use std::path::Path;

use serde_json::Value;

use crate::support::*;

/// Replaces `from` by `to` in the file `rel` of `dir` (which must hold `from`).
fn edit(dir: &Path, rel: &str, from: &str, to: &str) {
    let path = dir.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} does not hold {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

const TOC: &str = "content/table-des-matieres.md";

/// The fixture archived on 2026-11-01, then edited: one change of each kind.
fn edited_carnet() -> tempfile::TempDir {
    let p = project("carnet");
    let out = memoire(p.path(), &["build", "--archive", "--date", "2026-11-01", "--quiet"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let d = p.path();
    // 1.1: a word replaced, a paragraph removed.
    edit(d, "content/notes/1.1-contexte.md", "plus de 5000 membres", "plus de 5000 participants");
    edit(d, "content/notes/1.1-contexte.md", "\nLa suite est présentée plus loin", "\n<!-- retiré -->");
    // 4.9: a sentence added, with a citation.
    edit(d, "content/notes/4.9-animation.md", "p. 41].", "p. 41]. Une phrase ajoutée pour l’essai [@wenger2002].");
    // 3.0: a space re-typed as a non-breaking one — no change to a reader.
    edit(d, "content/notes/3.0-methodologie.md", "est qualitative", "est\u{a0}qualitative");
    // 2.1: a new title.
    edit(
        d,
        "content/notes/2.1-transfert.md",
        "title: Le transfert de connaissances",
        "title: Le transfert des savoirs",
    );
    edit(d, TOC, "[2.1 Le transfert de connaissances]", "[2.1 Le transfert des savoirs]");
    // 2.2.2 removed; 4.11 added; 1.2 moved to the results, after it, as 4.12.
    edit(d, TOC, "    - [2.2.2 Typologies](notes/2.2.2-typologies.md)\n", "");
    // Its cross-reference in 2.2 becomes text (2.2's words stay the same: 2.2 is not listed).
    edit(d, "content/notes/2.2-communautes.md", "[typologies](2.2.2-typologies.md)", "typologies");
    std::fs::remove_file(d.join("content/notes/2.2.2-typologies.md")).unwrap();
    edit(d, TOC, "  - [1.2 Définitions](notes/1.2-definitions.md)\n", "");
    edit(
        d,
        TOC,
        "  - [4.14",
        "  - [4.11 Une note ajoutée](notes/4.11-ajout.md)\n  - [4.12 Définitions](notes/1.2-definitions.md)\n  - [4.14",
    );
    edit(d, "content/notes/1.2-definitions.md", "number: \"1.2\"", "number: \"4.12\"");
    std::fs::write(
        d.join("content/notes/4.11-ajout.md"),
        "---\ntitle: Une note ajoutée\nnumber: \"4.11\"\nstatus: texte\n---\n\nUn texte nouveau de cinq mots.\n",
    )
    .unwrap();
    p
}

fn note<'a>(report: &'a Value, file: &str) -> &'a Value {
    report["notes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["file"].as_str().unwrap().ends_with(file))
        .unwrap_or_else(|| panic!("{file} not in the report: {report:#}"))
}

/// The texts of a note's pieces of one kind (`deleted`, `inserted`).
fn pieces(n: &Value, kind: &str) -> Vec<String> {
    let mut out = Vec::new();
    for p in n["passages"].as_array().unwrap() {
        for piece in p.as_array().unwrap() {
            if piece["kind"] == kind {
                out.push(piece["text"].as_str().unwrap().to_string());
            }
        }
    }
    out
}

#[test]
fn every_kind_of_change_is_reported_and_nothing_else() {
    let p = edited_carnet();
    let out = memoire(p.path(), &["diff", "dist/memoire-2026-11-01.zip", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<&str> = report["notes"].as_array().unwrap().iter().map(|n| n["file"].as_str().unwrap()).collect();
    // Reading order of the new carnet, the removed 2.2.2 where it stood; 3.0 (a re-typed space)
    // and the unchanged notes are not listed.
    assert_eq!(
        files,
        [
            "content/notes/1.1-contexte.md",
            "content/notes/2.1-transfert.md",
            "content/notes/2.2.2-typologies.md",
            "content/notes/4.9-animation.md",
            "content/notes/4.11-ajout.md",
            "content/notes/1.2-definitions.md",
        ]
    );
    let n11 = note(&report, "1.1-contexte.md");
    assert_eq!(pieces(n11, "deleted")[0], "membres");
    assert_eq!(pieces(n11, "inserted"), ["participants"]);
    assert!(pieces(n11, "deleted").iter().any(|t| t.contains("La suite est présentée plus loin")), "{n11:#}");
    assert_eq!(n11["moved"], false);
    let n49 = note(&report, "4.9-animation.md");
    // Citations as the mémoire prints them, not as written (issue 27).
    assert!(
        pieces(n49, "inserted").concat().contains("Une phrase ajoutée pour l’essai (Wenger et al., 2002)"),
        "{n49:#}"
    );
    assert_eq!(n49["citations_added"], serde_json::json!(["wenger2002"]));
    assert!(pieces(n49, "deleted").is_empty());
    assert_eq!(note(&report, "2.1-transfert.md")["old_title"], "Le transfert de connaissances");
    assert_eq!(note(&report, "2.1-transfert.md")["title"], "Le transfert des savoirs");
    assert_eq!(note(&report, "1.2-definitions.md")["moved"], true);
    assert_eq!(note(&report, "1.2-definitions.md")["old_number"], "1.2");
    assert_eq!(note(&report, "1.2-definitions.md")["words_added"], 0);
    assert_eq!(note(&report, "2.2.2-typologies.md")["change"], "removed");
    let added = note(&report, "4.11-ajout.md");
    assert_eq!((added["change"].as_str(), added["words_added"].as_u64()), (Some("added"), Some(6)));
    assert_eq!(report["bibliography_added"], serde_json::json!([]));

    // The text report (not a terminal): marks as `git diff --word-diff`.
    let out = memoire(p.path(), &["diff", "dist/memoire-2026-11-01.zip"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("[-membres-]{+participants+}"), "{text}");
    assert!(text.contains("1 ajoutée, 1 retirée, 1 déplacée, 1 renommée, 2 modifiées"), "{text}");
    assert!(text.contains("ancien titre « Le transfert de connaissances »"), "{text}");
    assert!(!text.contains("3.0 Méthodologie"), "{text}");
}

#[test]
fn the_corrections_pdf_is_valid_and_shows_what_was_inserted_and_deleted() {
    let p = edited_carnet();
    let out = memoire(
        p.path(),
        &["diff", "dist/memoire-2026-11-01.zip", "--pdf", "dist/corrections.pdf", "--markdown", "dist/c.md"],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = p.path().join("dist/corrections.pdf");
    tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    for word in ["participants", "membres", "Une phrase ajoutée", "Retirés", "4.11", "Le transfert des savoirs"] {
        assert!(text.contains(word), "{word} not in the PDF:\n{text}");
    }
    let md = std::fs::read_to_string(p.path().join("dist/c.md")).unwrap();
    assert!(md.contains("{--membres--}{++participants++}"), "{md}");
    // Writing a report over a source is refused.
    let out =
        memoire(p.path(), &["diff", "dist/memoire-2026-11-01.zip", "--markdown", "content/notes/1.1-contexte.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(std::fs::read_to_string(p.path().join("content/notes/1.1-contexte.md")).unwrap().contains("participants"));
}

#[test]
fn a_tampered_archive_is_refused_with_the_file_that_fails() {
    let p = edited_carnet();
    let zip = p.path().join("dist/memoire-2026-11-01.zip");
    // The archive rewritten with one source changed (its manifest left as it was).
    let mut entries = unzip(&std::fs::read(&zip).unwrap());
    let note = entries.get_mut("memoire-2026-11-01/content/notes/1.1-contexte.md").unwrap();
    *note = String::from_utf8(note.clone()).unwrap().replace("membres", "membres !").into_bytes();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in &entries {
        w.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut w, bytes).unwrap();
    }
    std::fs::write(&zip, w.finish().unwrap().into_inner()).unwrap();
    let out = memoire(p.path(), &["diff", "dist/memoire-2026-11-01.zip"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("memoire-2026-11-01.zip : archive refusée"), "{err}");
    assert!(err.contains("content/notes/1.1-contexte.md : modifié"), "{err}");
}
