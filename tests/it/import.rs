//! `memoire import`: the seed page gives back note 4.13 as it is in content/, and page copies
//! written for these tests cover every rule, citation form and refusal.

use std::path::Path;

use crate::support::*;

const DATE: &str = "2026-11-26";

fn page(name: &str) -> std::path::PathBuf {
    fixture("pages").join(name)
}

/// Copies a page file into the project (so messages name it by a short relative path).
fn put_page(dir: &Path, from: &Path, as_name: &str) {
    std::fs::copy(from, dir.join(as_name)).unwrap();
}

#[test]
fn importing_the_seed_gives_back_note_4_13() {
    let tmp = memoire_project();
    put_page(tmp.path(), &fixture("seed/4.13-un-climat-de-confiance.txt"), "seed.txt");
    let note = "content/notes/4.13-un-climat-de-confiance-propice-aux-echanges.md";
    let before = std::fs::read_to_string(tmp.path().join(note)).unwrap();
    let out = memoire(tmp.path(), &["import", "--force", "--date", DATE, "seed.txt"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let after = std::fs::read_to_string(tmp.path().join(note)).unwrap();
    assert_eq!(after, before, "the imported note equals content/'s, front matter and body");
    let check = memoire(tmp.path(), &["check"]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    // The replaced text was kept.
    let backup = tmp.path().join(format!("sauvegardes/4.13-un-climat-de-confiance-propice-aux-echanges.md.{DATE}"));
    assert_eq!(std::fs::read_to_string(backup).unwrap(), before);
}

#[test]
fn a_test_page_converts_every_rule_and_citation_form() {
    let tmp = project("carnet");
    put_page(tmp.path(), &page("4.10-un-langage-commun.txt"), "page.txt");
    let out = memoire(
        tmp.path(),
        &["import", "--force", "--date", DATE, "--url", "https://praxis.encommun.io/n/essai-4-10/", "page.txt"],
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stderr}");
    let note = std::fs::read_to_string(tmp.path().join("content/notes/4.10-langage.md")).unwrap();
    golden(&page("4.10-un-langage-commun.expected.md"), &note);
    golden(&page("4.10-un-langage-commun.expected.stderr"), &stderr);
    // Facts of the platform chrome went into the front matter (read back as YAML).
    let split = memoire::load::frontmatter::split(&note);
    let entries = memoire::load::frontmatter::entries(split.yaml).unwrap();
    let value = |key: &str| match entries.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v.clone()) {
        Some(memoire::load::frontmatter::Value::Text(t)) => t,
        other => panic!("{key}: {other:?} in\n{note}"),
    };
    for (key, expected) in [
        ("url", "https://praxis.encommun.io/n/essai-4-10/"),
        ("author", "Autrice d’Essai"),
        ("category", "Résultats"),
        ("published", "2024-03-03 14:05"),
        ("modified", "2024-03-04 09:10"),
        ("visibility", "public"),
        ("next", "4.11. Une note suivante"),
        ("imported", "2026-11-26"),
    ] {
        assert_eq!(value(key), expected, "{key}");
    }
    let sha = tool("sha256sum", &[page("4.10-un-langage-commun.txt").to_str().unwrap()]);
    assert!(note.contains(&format!("source_sha256: {}\n", &sha[..64])));
    // Nothing of the chrome is left in the body.
    for chrome in ["Contexte", "Table des matières | Résumé", "Suite :", "Intégré par", "lock_open", "Note(s) liée(s)"]
    {
        assert!(!note.contains(chrome), "{chrome} left in the note");
    }
    // The imported note checks and builds: its citations resolve against bibliography/.
    let check = memoire(tmp.path(), &["check"]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
}

#[test]
fn an_ambiguous_citation_stays_text_with_a_warning() {
    let tmp = project("carnet");
    std::fs::write(
        tmp.path().join("bibliography/homonyme.bib"),
        "@book{tremblay2006b,\n  author = {Tremblay},\n  year = {2006},\n  title = {Un homonyme},\n  publisher = {Ailleurs},\n}\n",
    )
    .unwrap();
    put_page(tmp.path(), &page("2.1-ambigue.txt"), "page.txt");
    let out = memoire(tmp.path(), &["import", "--force", "--date", DATE, "page.txt"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "page.txt:7:18: avertissement: citation « (Tremblay, 2006) » ambiguë (tremblay2006, tremblay2006b)"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("page.txt:7:47: avertissement: citation « (2006) » ambiguë"), "{stderr}");
    assert_eq!(stderr.matches(": avertissement:").count(), 2, "one warning per citation: {stderr}");
    let note = std::fs::read_to_string(tmp.path().join("content/notes/2.1-transfert.md")).unwrap();
    assert!(note.contains("Une seule source (Tremblay, 2006) et Tremblay (2006)"), "{note}");
}

#[test]
fn a_page_not_in_the_table_of_contents_is_reported_not_guessed() {
    let tmp = project("carnet");
    put_page(tmp.path(), &page("4.99-absente.txt"), "page.txt");
    let before = std::fs::read_dir(tmp.path().join("content/notes")).unwrap().count();
    let out = memoire(tmp.path(), &["import", "--date", DATE, "page.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr
            .contains("page.txt:1:1: erreur: la note « 4.99. Une note absente » n’est pas dans la table des matières"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(tmp.path().join("content/notes")).unwrap().count(), before, "no file created");
}

#[test]
fn dry_run_shows_a_diff_and_writes_nothing() {
    let tmp = project("carnet");
    put_page(tmp.path(), &page("4.10-un-langage-commun.txt"), "page.txt");
    let note = tmp.path().join("content/notes/4.10-langage.md");
    let before = std::fs::read(&note).unwrap();
    let out = memoire(tmp.path(), &["import", "--dry-run", "--date", DATE, "page.txt"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("+Selon @graham2006, le transfert est un processus."), "{stdout}");
    assert!(stdout.contains("-Un vocabulaire clair facilite"), "{stdout}");
    assert!(stdout.contains("rien n’a été écrit"));
    assert_eq!(std::fs::read(&note).unwrap(), before);
    assert!(!tmp.path().join("sauvegardes").exists());
}

#[test]
fn a_note_with_text_is_replaced_only_with_force() {
    let tmp = project("carnet");
    put_page(tmp.path(), &page("4.10-un-langage-commun.txt"), "page.txt");
    let note = tmp.path().join("content/notes/4.10-langage.md");
    let before = std::fs::read(&note).unwrap();
    let out = memoire(tmp.path(), &["import", "--date", DATE, "page.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("la note a déjà du texte : rien n’est remplacé sans --force"));
    assert_eq!(std::fs::read(&note).unwrap(), before);
    // A note still to import is filled without --force.
    let to_import = memoire_project();
    put_page(to_import.path(), &fixture("seed/4.13-un-climat-de-confiance.txt"), "seed.txt");
    let path = to_import.path().join("content/notes/4.13-un-climat-de-confiance-propice-aux-echanges.md");
    std::fs::write(
        &path,
        "---\ntitle: \"Un climat de confiance propice aux échanges\"\nnumber: \"4.13\"\nstatus: à importer\n---\n",
    )
    .unwrap();
    let out = memoire(to_import.path(), &["import", "--date", DATE, "seed.txt"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read_to_string(&path).unwrap().contains("## Diversité des organisations d’attache"));
}

#[test]
fn files_that_are_not_page_copies_are_refused() {
    let tmp = project("carnet");
    for (name, why) in [
        ("image.png", "refusé : fichier binaire"),
        ("page.html", "refusé : page HTML"),
        ("autre-carnet.txt", "refusé : page d’un autre carnet (« Un autre carnet »)"),
        ("vide.txt", "refusé : fichier vide"),
    ] {
        put_page(tmp.path(), &page(name), name);
        let out = memoire(tmp.path(), &["import", "--date", DATE, name]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&format!("{name}: erreur: {why}")), "{name}: {stderr}");
    }
}
