//! `memoire check` end to end: the fixture carnets, one broken fixture per diagnostic (golden
//! stderr), the mémoire's own content/, and the synthetic carnet generator.

use crate::support::*;

/// Each folder of `tests/fixtures/broken/` overlays `_base/` with one mistake; its
/// `expected.stderr` is what `memoire check` prints (`make golden` rewrites them).
#[test]
fn each_broken_fixture_reports_its_diagnostic() {
    let broken = fixture("broken");
    let mut cases: Vec<_> = std::fs::read_dir(&broken)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() && !p.ends_with("_base"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 19, "expected one fixture per diagnostic, found {}", cases.len());
    for case in cases {
        let tmp = tempfile::tempdir().unwrap();
        copy_tree(&broken.join("_base"), tmp.path());
        for dir in ["content", "bibliography", "styles"] {
            if case.join(dir).is_dir() {
                copy_tree(&case.join(dir), &tmp.path().join(dir));
            }
        }
        let mut args = vec!["check".to_string()];
        if let Ok(extra) = std::fs::read_to_string(case.join("args")) {
            args.extend(extra.split_whitespace().map(str::to_string));
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = memoire(tmp.path(), &args);
        let stderr = String::from_utf8(out.stderr).unwrap();
        golden(&case.join("expected.stderr"), &stderr);
        let has_error = stderr.lines().any(|l| l.contains(": erreur:"));
        assert_eq!(out.status.code(), Some(if has_error { 1 } else { 0 }), "{}: exit status", case.display());
        assert!(!stderr.is_empty(), "{}: no diagnostic printed", case.display());
    }
}

#[test]
fn the_base_of_the_broken_fixtures_is_clean() {
    let out = memoire(&fixture("broken/_base"), &["check"]);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert!(out.status.success());
}

#[test]
fn fixture_carnet_checks_clean_and_counts_everything() {
    let out = memoire(&fixture("carnet"), &["check"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    // Its bibliography holds only the facts known of the mémoire's works: incomplete entries
    // are its only warnings.
    for line in stderr.lines().filter(|l| l.contains("avertissement:") || l.contains("erreur:")) {
        assert!(line.contains("avertissement: entrée « ") && line.contains("incomplète"), "{line}");
    }
    assert!(out.status.success());
    golden(&fixture("carnet.check.stdout"), &stdout);
}

#[test]
fn the_memoire_checks_and_lists_its_notes_in_order() {
    let out = memoire(&repo(), &["check"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains(": erreur:"), "{stderr}");
    // Notes in table-of-contents order, numbers compared numerically (4.9, 4.10, 4.12).
    let order = [
        "Table des matières",
        "Résumé",
        "0.2 Introduction",
        "1.1 ",
        "2.2.5.5 ",
        "3.0 ",
        "4.9 ",
        "4.10 ",
        "4.12 ",
        "4.13 ",
        "5.2.2 ",
        "Références",
    ];
    let mut from = 0;
    for title in order {
        let at = stdout[from..].find(title).unwrap_or_else(|| panic!("{title} missing or out of order in\n{stdout}"));
        from += at + title.len();
    }
    assert!(stdout.contains("27 sur 65 attendues (écart : 38 à ajouter)"), "{stdout}");
}

/// The body of the seed page: between the « Table des matières | Résumé | Références » bar and
/// the « Suite : » line.
fn seed_body() -> String {
    let seed = std::fs::read_to_string(fixture("seed/4.13-un-climat-de-confiance.txt")).unwrap();
    let start = seed.find("Table des matières | Résumé | Références").unwrap();
    let start = start + seed[start..].find('\n').unwrap();
    let end = seed.find("\nSuite : ").unwrap();
    seed[start..end].to_string()
}

#[test]
fn note_4_13_holds_every_word_of_the_seed_in_order() {
    let note =
        std::fs::read_to_string(repo().join("content/notes/4.13-un-climat-de-confiance-propice-aux-echanges.md"))
            .unwrap();
    let body = &note[note[3..].find("---\n").unwrap() + 7..];
    let seed: Vec<String> = words(&seed_body()).into_iter().filter(|w| w != "4.13.1.").collect();
    let ours: Vec<String> = words(body);
    assert_eq!(ours, seed, "note 4.13 must hold the seed's words exactly, in order");
    assert!(seed.len() > 900, "the seed body has {} words", seed.len());
    for form in ["acteur·trices", "seul·e", "«\u{2009}comme", "CdP\u{a0}1", "d’attache", "prenantes. Par"] {
        assert!(body.contains(form), "{form}");
    }
    assert!(body.contains("\n## Diversité des organisations d’attache\n"));
}

#[test]
fn generated_carnets_are_deterministic_and_valid() {
    let spec = crate::generator::Spec { notes: 30, words_per_note: 300, seed: 7 };
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    crate::generator::write_carnet(a.path(), spec).unwrap();
    crate::generator::write_carnet(b.path(), spec).unwrap();
    let list = |d: &std::path::Path| {
        let mut files = Vec::new();
        for e in walk(d) {
            files.push((e.strip_prefix(d).unwrap().to_path_buf(), std::fs::read(&e).unwrap()));
        }
        files
    };
    assert_eq!(list(a.path()), list(b.path()), "same seed, same files");
    let out = memoire(a.path(), &["check", "--strict"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("30 sur 30 attendues"), "{stdout}");
    let count = |label: &str| -> usize {
        // The first number after the label, thousands apart in French (« 9 876 »).
        let line = stdout.lines().find(|l| l.trim_start().starts_with(label)).unwrap();
        let value = line.trim_start()[label.len()..].trim_start();
        let digits: String = value.chars().take_while(|c| c.is_ascii_digit() || *c == '\u{202f}').collect();
        digits.replace('\u{202f}', "").parse().unwrap()
    };
    assert!(count("mots") > 30 * 250, "{stdout}");
    assert!(count("citations") > 0 && count("renvois") > 0 && count("notes de bas de page") > 0, "{stdout}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn part_titles_get_french_typography_like_note_titles() {
    let tmp = project("carnet");
    let toc = tmp.path().join("content/table-des-matieres.md");
    let text = std::fs::read_to_string(&toc).unwrap();
    std::fs::write(&toc, text.replace("- Problématique\n", "- L'enjeu : une problématique ?\n")).unwrap();
    let (resolved, diags) = memoire::check::run(tmp.path(), false);
    assert!(!diags.has_errors(), "{:?}", diags.sorted());
    let parts: Vec<String> = resolved
        .unwrap()
        .doc()
        .toc
        .iter()
        .filter_map(|i| match &i.kind {
            memoire::model::TocKind::Part(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(parts[0], "L’enjeu\u{a0}: une problématique\u{202f}?");
}

#[test]
fn without_a_references_note_the_bibliography_goes_at_the_end() {
    let tmp = project("carnet");
    // The Références note loses its role (and its TOC line): check said nothing, build failed.
    let toc = tmp.path().join("content/table-des-matieres.md");
    let text = std::fs::read_to_string(&toc).unwrap().replace("- [Références](notes/references.md)\n", "");
    std::fs::write(&toc, text).unwrap();
    std::fs::remove_file(tmp.path().join("content/notes/references.md")).unwrap();
    let check = memoire(tmp.path(), &["check"]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(stderr.contains("content/table-des-matieres.md: avertissement: aucune note « Références » (`role: references`) : la bibliographie est ajoutée à la fin"), "{stderr}");
    let build = memoire(tmp.path(), &["build", "--date", "2026-11-26", "--quiet"]);
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    // The PDF ends with « Références » and the entries; the EPUB passes EPUBCheck.
    let text = tool("pdftotext", &[tmp.path().join("dist/memoire.pdf").to_str().unwrap(), "-"]);
    let at = text.rfind("Références").expect("a Références heading");
    assert!(text[at..].contains("Wenger, E.") || text[at..].contains("Wenger"), "{}", &text[at..]);
    let report = epubcheck(&tmp.path().join("dist/memoire.epub"));
    assert!(report.contains("No errors or warnings detected"), "{report}");
}

#[test]
fn what_an_author_may_type_builds_as_checked() {
    let tmp = project("carnet");
    append(tmp.path(), "content/notes/1.1-contexte.md", "\n### Sous-section sans ##\n\nTexte.\n\n##### Très profond\n\nTexte.\n\n<!-- une remarque -->*gardé* aussi.\n\nÉcrire à foo\\+@bar.example.com.\n\n- ## Dans une liste\n- ## Dans une liste\n\n> ##### Dans une citation\n");
    let check = memoire(tmp.path(), &["check"]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(stderr.contains("avertissement: texte collé après un commentaire HTML"), "{stderr}");
    assert!(!stderr.contains("bar.example.com"), "an address, not a citation: {stderr}");
    // Headings that skip levels are leveled relative to the note, those in lists and quotations
    // too, and two headings alike in a list get distinct labels: PDF/UA and Typst accept it.
    let build = memoire(tmp.path(), &["build", "--date", "2026-11-26", "--quiet"]);
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    let text = tool("pdftotext", &[tmp.path().join("dist/memoire.pdf").to_str().unwrap(), "-"]);
    assert!(text.contains("gardé aussi"), "the text after the comment is printed");
}
