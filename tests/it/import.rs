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
    // The page gives the note back as it is: nothing was written, so nothing needed keeping.
    assert!(String::from_utf8_lossy(&out.stdout).contains("inchangée"), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(!tmp.path().join("sauvegardes").exists());
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
fn a_page_not_in_the_table_of_contents_goes_in_at_its_numeric_place() {
    let tmp = project("carnet");
    put_page(tmp.path(), &page("4.99-absente.txt"), "page.txt");
    let toc_path = tmp.path().join("content/table-des-matieres.md");
    let toc_before = std::fs::read_to_string(&toc_path).unwrap();
    let out = memoire(tmp.path(), &["import", "--date", DATE, "page.txt"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("4.99 Une note absente ← page.txt : 2 mots")
            && stdout.contains("ajoutée à la table des matières"),
        "{stdout}"
    );
    // One line more in the TOC, after the last 4.x note; the old TOC kept.
    let toc = std::fs::read_to_string(&toc_path).unwrap();
    assert_eq!(toc.lines().count(), toc_before.lines().count() + 1, "{toc}");
    let added: Vec<&str> = toc.lines().filter(|l| !toc_before.lines().any(|b| b == *l)).collect();
    assert_eq!(added, vec!["  - [4.99 Une note absente](notes/4.99-une-note-absente.md)"], "{toc}");
    let lines: Vec<&str> = toc.lines().collect();
    let at = lines.iter().position(|l| l.contains("4.99")).unwrap();
    assert!(lines[at - 1].contains("[4.") && !lines[at + 1].contains("[4."), "{toc}");
    let backups: Vec<String> = std::fs::read_dir(tmp.path().join("sauvegardes"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(backups, vec![format!("table-des-matieres.md.{DATE}")]);
    assert_eq!(std::fs::read_to_string(tmp.path().join("sauvegardes").join(&backups[0])).unwrap(), toc_before);
    let note = std::fs::read_to_string(tmp.path().join("content/notes/4.99-une-note-absente.md")).unwrap();
    assert!(
        note.contains("number: \"4.99\"") && note.contains("part: résultats") && note.ends_with("Un texte.\n"),
        "{note}"
    );
    let check = memoire(tmp.path(), &["check"]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    assert!(String::from_utf8_lossy(&check.stdout).contains("4.99 Une note absente"));
}

#[test]
fn dry_run_shows_a_diff_and_writes_nothing() {
    let tmp = project("carnet");
    put_page(tmp.path(), &page("4.10-un-langage-commun.txt"), "page.txt");
    let note = tmp.path().join("content/notes/4.10-langage.md");
    let before = std::fs::read(&note).unwrap();
    let out = memoire(tmp.path(), &["import", "--dry-run", "--force", "--date", DATE, "page.txt"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("+Selon @graham2006, le transfert est un processus."), "{stdout}");
    assert!(stdout.contains("-Un vocabulaire clair facilite"), "{stdout}");
    assert!(stdout.contains("rien n’a été écrit"));
    assert_eq!(std::fs::read(&note).unwrap(), before);
    assert!(!tmp.path().join("sauvegardes").exists());
    // Without --force, the dry run says what the real run would refuse, and fails like it.
    let out = memoire(tmp.path(), &["import", "--dry-run", "--date", DATE, "page.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("la note a déjà du texte : rien n’est remplacé sans --force"));
    assert_eq!(std::fs::read(&note).unwrap(), before);
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

/// Runs `memoire import` with `args` in `dir`; returns (exit code, stdout, stderr).
fn import(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let mut all = vec!["import", "--date", DATE];
    all.extend_from_slice(args);
    let out = memoire(dir, &all);
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn the_repeated_title_footnotes_and_unnumbered_headings_are_rebuilt() {
    let tmp = project("carnet");
    put_page(tmp.path(), &page("2.1-titre-repete.txt"), "page.txt");
    let (code, stdout, stderr) = import(tmp.path(), &["--force", "page.txt"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("2 notes de bas de page"), "{stdout}");
    let note = std::fs::read_to_string(tmp.path().join("content/notes/2.1-transfert.md")).unwrap();
    let body = note.split("\n---\n").nth(1).unwrap();
    // Defect 6: the title line is not kept, its added « (TC) » is reported.
    assert!(!body.contains("Le transfert de connaissances (TC)\n"), "{body}");
    assert!(stderr.contains("page.txt:7:1: avertissement: première ligne « 2.1. Le transfert de connaissances (TC) » : le titre répété, retiré ; ajout « (TC) »"), "{stderr}");
    // Defect 5: glued digits matching the numbered lines after the body are footnotes.
    assert!(body.contains("du transfert de connaissances[^1] (TC[^2]) sans rien citer."), "{body}");
    assert!(body.contains("[^1]: Une première note d’essai.\n\n[^2]: Une deuxième note d’essai.\n"), "{body}");
    // Defect 7: a short line alone between paragraphs is an unnumbered heading, reported.
    assert!(body.contains("\n## Objets partagés {-}\n"), "{body}");
    assert!(
        stderr.contains("page.txt:11:1: avertissement: ligne « Objets partagés » lue comme un intertitre non numéroté"),
        "{stderr}"
    );
    // The carnet checks, the heading prints without number, the footnotes print.
    let check = memoire(tmp.path(), &["check"]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    let build = memoire(tmp.path(), &["build", "--epub", "--date", DATE, "--quiet"]);
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    let files = unzip(&std::fs::read(tmp.path().join("dist/memoire.epub")).unwrap());
    let xhtml = files
        .iter()
        .filter(|(name, _)| name.ends_with(".xhtml"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).to_string())
        .find(|s| s.contains("Objets partagés"))
        .unwrap();
    assert!(xhtml.contains(">Objets partagés</h"), "no number before the heading: {xhtml}");
    assert!(xhtml.contains("Une première note d’essai."), "{xhtml}");
}

#[test]
fn glued_digits_without_footnote_texts_are_reported_and_kept() {
    let tmp = project("carnet");
    put_page(tmp.path(), &page("2.1-appel-sans-note.txt"), "page.txt");
    let (code, _, stderr) = import(tmp.path(), &["--force", "page.txt"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("page.txt:7:30: avertissement: « connaissances1 » : appel de note 1 probable, laissé en texte"),
        "{stderr}"
    );
    let note = std::fs::read_to_string(tmp.path().join("content/notes/2.1-transfert.md")).unwrap();
    assert!(note.contains("Le transfert de connaissances1 reste ici"), "{note}");
}

#[test]
fn a_partial_copy_is_refused_unless_asked_and_then_marked_everywhere() {
    let tmp = project("carnet");
    put_page(tmp.path(), &page("4.14-partielle.txt"), "page.txt");
    let note = tmp.path().join("content/notes/4.14-a-importer.md");
    let before = std::fs::read(&note).unwrap();
    // Defect 2: refused, by the dry run too, with the reason and the remedy.
    for args in [&["page.txt"][..], &["--dry-run", "page.txt"]] {
        let (code, _, stderr) = import(tmp.path(), args);
        assert_eq!(code, Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("page.txt:7:1: erreur: copie partielle : ni la ligne « Suite : » ni le pied de page"),
            "{stderr}"
        );
        assert!(stderr.contains("--partial"), "{stderr}");
        assert_eq!(std::fs::read(&note).unwrap(), before);
    }
    let (code, stdout, stderr) = import(tmp.path(), &["--partial", "page.txt"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("PARTIELLE"), "{stdout}");
    assert!(std::fs::read_to_string(&note).unwrap().contains("status: partiel\n"));
    let check = memoire(tmp.path(), &["check"]);
    let check_out = String::from_utf8_lossy(&check.stdout);
    assert!(
        check_out.contains("4.14 Une note à importer  [partielle]") && check_out.contains("(dont 1 partielle)"),
        "{check_out}"
    );
    let strict = memoire(tmp.path(), &["build", "--strict", "--date", DATE, "--quiet"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&strict.stderr)
        .contains("texte partiel (copie incomplète de la page) : --strict refuse"));
    let build = memoire(tmp.path(), &["build", "--archive", "--date", DATE, "--quiet"]);
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    let files = unzip(&std::fs::read(tmp.path().join(format!("dist/memoire-{DATE}.zip"))).unwrap());
    let md = String::from_utf8_lossy(&files[&format!("memoire-{DATE}/memoire.md")]).to_string();
    assert!(md.contains("> *Texte partiel : la copie importée s’arrête avant la fin de la note"), "{md}");
}

#[test]
fn special_pages_import_by_title_or_address() {
    let tmp = project("carnet");
    // Defect 4: the Résumé copy has no title line: found by --url, once the note records it.
    put_page(tmp.path(), &page("resume-sans-titre.txt"), "resume.txt");
    let (code, _, stderr) = import(tmp.path(), &["--force", "resume.txt"]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("resume.txt:1:1: erreur: copie sans ligne de titre") && stderr.contains("--url"),
        "{stderr}"
    );
    let resume = tmp.path().join("content/notes/resume.md");
    let text = std::fs::read_to_string(&resume).unwrap().replacen(
        "role: resume\n",
        "role: resume\nurl: https://praxis.encommun.io/n/essai-resume/\n",
        1,
    );
    std::fs::write(&resume, text).unwrap();
    let (code, stdout, stderr) =
        import(tmp.path(), &["--force", "--url", "https://praxis.encommun.io/en/n/essai-resume", "resume.txt"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.starts_with("Résumé ← resume.txt : 16 mots"), "{stdout}");
    assert!(std::fs::read_to_string(&resume).unwrap().contains("role: resume\n"));
    assert!(std::fs::read_to_string(&resume)
        .unwrap()
        .ends_with("Un résumé d’essai copié sans la ligne de titre de la page, comme sur la plateforme.\n"));
    // The Table des matières page brings the notes the TOC lacks, as placeholders.
    put_page(tmp.path(), &page("table-des-matieres.txt"), "tdm.txt");
    let (code, stdout, stderr) = import(tmp.path(), &["tdm.txt"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.starts_with("Table des matières ← tdm.txt : 1 note ajoutée à la table des matières, à importer"),
        "{stdout}"
    );
    let toc = std::fs::read_to_string(tmp.path().join("content/table-des-matieres.md")).unwrap();
    assert!(toc.contains("  - [4.10 Un langage commun](notes/4.10-langage.md)\n  - [4.11 Une note listée par la table](notes/4.11-une-note-listee-par-la-table.md)\n  - [4.14"), "{toc}");
    let placeholder =
        std::fs::read_to_string(tmp.path().join("content/notes/4.11-une-note-listee-par-la-table.md")).unwrap();
    assert!(placeholder.contains("status: à importer") && placeholder.contains("part: résultats"), "{placeholder}");
    let check = memoire(tmp.path(), &["check"]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
}

#[test]
fn several_pages_print_one_line_each_and_a_total() {
    let tmp = project("carnet");
    put_page(tmp.path(), &page("4.99-absente.txt"), "a.txt");
    put_page(tmp.path(), &page("4.14-partielle.txt"), "b.txt");
    put_page(tmp.path(), &page("2.1-titre-repete.txt"), "c.txt");
    let (code, stdout, _) = import(tmp.path(), &["--force", "a.txt", "b.txt", "c.txt"]);
    assert_eq!(code, Some(1), "b.txt is partial");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines.iter().any(|l| l.starts_with("4.99 Une note absente ← a.txt : 2 mots")), "{stdout}");
    assert!(lines.iter().any(|l| l.starts_with("b.txt : refusée (1 erreur)")), "{stdout}");
    assert!(lines.iter().any(|l| l.starts_with("2.1 Le transfert de connaissances ← c.txt :")), "{stdout}");
    assert!(
        stdout.contains("Total : 2 notes importées sur 3 ;")
            && stdout.contains("Refusées (rien d’écrit pour elles) : b.txt"),
        "{stdout}"
    );
    // The note added to the TOC by a.txt is in the carnet that c.txt was imported into.
    let check = memoire(tmp.path(), &["check"]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
}

#[test]
fn a_table_des_matieres_page_longer_than_any_carnet_is_refused_quickly() {
    let tmp = project("carnet");
    let mut page = String::from(
        "Table des matières | Mémoire sur les communautés de pratique\n\nTable des matières | Résumé | Références\n\n",
    );
    for i in 0..2_001 {
        page.push_str(&format!("4.{}. Note {i}\n", i + 100));
    }
    page.push_str("\nIntégré par X, le 3 mars 2024 14:05\n");
    std::fs::write(tmp.path().join("tdm.txt"), page).unwrap();
    let toc = std::fs::read(tmp.path().join("content/table-des-matieres.md")).unwrap();
    let (code, _, stderr) = import(tmp.path(), &["tdm.txt"]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("page Table des matières de 2002 lignes : plus de 2000"), "{stderr}");
    assert_eq!(std::fs::read(tmp.path().join("content/table-des-matieres.md")).unwrap(), toc);
}
