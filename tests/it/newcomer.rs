//! A newcomer's first hour (issue 26): `memoire init`, the built-in styles, and messages a
//! French-speaking author who is not a programmer understands, each with its exact text.

use std::path::Path;

use crate::hostile::{run, stderr, stdout};
use crate::support::*;

const DATE: &str = "2026-12-04";

/// A new mémoire made by `memoire init` in a temporary folder, with `args`.
fn new_memoire(args: &[&str]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let mut all = vec!["init", "these"];
    all.extend_from_slice(args);
    run(tmp.path(), &all, 0);
    tmp
}

fn sha(path: &Path) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(std::fs::read(path).unwrap()).to_vec()
}

#[test]
fn a_new_memoire_builds_at_once_without_a_warning_with_each_preset() {
    for preset in ["standard", "uqam", "laval"] {
        let tmp =
            new_memoire(&["--presentation", preset, "--titre", "Un essai : « titre »", "--auteur", "Camille Tremblay"]);
        let d = tmp.path().join("these");
        let out = run(&d, &["build", "--date", DATE], 0);
        assert_eq!(stderr(&out), "", "{preset}: a warning or an error");
        for f in ["memoire.pdf", "memoire.epub", &format!("memoire-{DATE}.zip")] {
            assert!(d.join("dist").join(f).is_file(), "{preset}: {f}");
        }
        assert!(!d.join("styles").exists(), "{preset}: styles/ was written");
        let check = run(&d, &["check"], 0);
        assert!(stdout(&check).contains("Styles : memoire.typ intégré, epub.css intégré"), "{}", stdout(&check));
        let text = tool("pdftotext", &[d.join("dist/memoire.pdf").to_str().unwrap(), "-"]);
        let lower = text.to_lowercase();
        assert!(lower.contains("camille tremblay") && lower.contains("wenger"), "{preset}: {text}");
        assert!(!text.contains("à importer"), "{preset}: a placeholder above the references");
    }
    // Never into a folder's existing files.
    let tmp = new_memoire(&[]);
    let out = run(tmp.path(), &["init", "these"], 1);
    assert!(stderr(&out).contains("contient déjà content/memoire.toml"), "{}", stderr(&out));
}

#[test]
fn written_styles_build_the_same_bytes_and_a_broken_template_is_refused() {
    let tmp = new_memoire(&[]);
    let d = tmp.path().join("these");
    run(&d, &["build", "--date", DATE, "--quiet"], 0);
    let outputs = ["memoire.pdf", "memoire.epub", "memoire-2026-12-04.zip"];
    let before: Vec<Vec<u8>> = outputs.iter().map(|f| sha(&d.join("dist").join(f))).collect();
    let out = run(&d, &["styles"], 0);
    assert_eq!(stdout(&out), "écrit styles/memoire.typ\nécrit styles/epub.css\n");
    run(&d, &["build", "--date", DATE, "--quiet"], 0);
    let after: Vec<Vec<u8>> = outputs.iter().map(|f| sha(&d.join("dist").join(f))).collect();
    assert!(before == after, "the written styles changed the outputs");
    let out = run(&d, &["styles"], 0);
    assert!(stdout(&out).contains("styles/memoire.typ existe déjà : laissé tel quel"));
    std::fs::write(d.join("styles/memoire.typ"), "#let reglages = (\n  papier: \"us-letter\",\n").unwrap();
    let out = run(&d, &["check"], 1);
    assert!(
        stderr(&out).starts_with("styles/memoire.typ:1:17: erreur: gabarit illisible pour Typst"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("styles/memoire.typ (remplace le style intégré)"), "{}", stdout(&out));
}

/// Words that say a message came in English from a dependency.
const ENGLISH: &[&str] =
    &[" the ", "not allowed", "expected", "found", "while ", "invalid", "unknown", "missing", "duplicate", "mapping"];

fn assert_french(message: &str) {
    for w in ENGLISH {
        assert!(!message.contains(w), "English « {w} » in: {message}");
    }
}

#[test]
fn header_and_settings_mistakes_are_said_in_french_with_the_fix() {
    let tmp = new_memoire(&[]);
    let d = tmp.path().join("these");
    let note = d.join("content/notes/1.2-seconde-note.md");
    let original = std::fs::read_to_string(&note).unwrap();
    let exact = [
        (
            "title: Une note : la suite",
            "content/notes/1.2-seconde-note.md:2:17: erreur: « : » dans une valeur de l’en-tête\n  aide : mettez la valeur entre guillemets : elle contient « : » (title: \"…\")",
        ),
        (
            "title: \"Une note",
            "content/notes/1.2-seconde-note.md:2:8: erreur: guillemet fermant manquant dans l’en-tête\n  aide : fermez le guillemet ouvert sur cette ligne (une valeur entre \"…\" tient sur une ligne)",
        ),
    ];
    for (line, expected) in exact {
        std::fs::write(&note, original.replace("title: Une seconde note", line)).unwrap();
        let err = stderr(&run(&d, &["check"], 1));
        assert!(err.starts_with(expected), "{line}:\n{err}");
    }
    // Every kind of YAML mistake: French, with a fix.
    for line in [
        "title: &a Titre",
        "title: *a",
        "title: [Titre",
        "title: {Titre",
        "title: - Titre",
        "title: \"Titre\" suite",
        "title: \"\\q\"",
        "title:\tTitre",
        "title: Titre #x\n  - a",
        "  title: Titre\nnumber: 1",
        "title: |x\n  a",
        "title: a: b: c",
    ] {
        std::fs::write(&note, original.replace("title: Une seconde note", line)).unwrap();
        let out = memoire(&d, &["check"]);
        let err = stderr(&out);
        assert!(err.contains("1.2-seconde-note.md:") && err.contains("aide :"), "{line:?}: {err}");
        assert_french(&err);
    }
    std::fs::write(&note, &original).unwrap();
    let toml = d.join("content/memoire.toml");
    let settings = std::fs::read_to_string(&toml).unwrap();
    let exact = [
        (
            settings.replace("presentation = ", "presentaton = "),
            "content/memoire.toml:13:1: erreur: clé inconnue « presentaton »\n  aide : vouliez-vous dire « presentation » ?",
        ),
        (
            settings.replace("author = \"Prénom Nom\"", "author = \"Prénom Nom"),
            "content/memoire.toml:10:21: erreur: texte mal fermé : guillemet fermant manquant, ou valeur sans guillemets\n  aide : écrivez la valeur entre guillemets sur une ligne : title = \"Mon titre\"",
        ),
    ];
    for (text, expected) in exact {
        std::fs::write(&toml, text).unwrap();
        let err = stderr(&run(&d, &["check"], 1));
        assert!(err.starts_with(expected), "{err}");
    }
    for broken in [
        settings.replace("author = \"Prénom Nom\"", "author = Prénom"),
        settings.replace("language = \"fr-CA\"", "language = 3"),
        settings.replace("language = \"fr-CA\"", "language = \"fr-CA\"\nlanguage = \"en\""),
        settings.replace("[build]", "[build"),
        settings.replace("keywords = [\"premier mot-clé\", \"second mot-clé\"]", "keywords = [\"a\","),
        settings.replace("title = ", "titre = "),
        settings.replace("[build]", "[construction]"),
        settings.replace("author = \"Prénom Nom\"", "author = \"\\q\""),
        settings.replace("language = \"fr-CA\"", "language \"fr-CA\""),
        settings.replace("language = \"fr-CA\"", "language = \"fr-CA\" x"),
    ] {
        std::fs::write(&toml, &broken).unwrap();
        let err = stderr(&run(&d, &["check"], 1));
        assert!(err.starts_with("content/memoire.toml:") && err.contains("aide :"), "{err}");
        assert_french(&err);
    }
}

#[test]
fn paths_get_the_file_they_meant_and_one_mistake_one_error() {
    let tmp = new_memoire(&[]);
    let d = tmp.path().join("these");
    let note = d.join("content/notes/1.1-premiere-note.md");
    let original = std::fs::read_to_string(&note).unwrap();
    std::fs::create_dir_all(d.join("content/images")).unwrap();
    std::fs::rename(d.join("content/notes/images/schema.svg"), d.join("content/images/schema.svg")).unwrap();
    std::fs::write(&note, original.replace("(1.2-seconde-note.md)", "(notes/1.2-seconde-note.md)")).unwrap();
    let err = stderr(&run(&d, &["check"], 1));
    assert_eq!(
        err,
        "content/notes/1.1-premiere-note.md:10:1: erreur: lien vers une note inexistante : content/notes/notes/1.2-seconde-note.md\n  aide : vouliez-vous dire 1.2-seconde-note.md ?\n\
         content/notes/1.1-premiere-note.md:16:1: erreur: image introuvable : content/notes/images/schema.svg\n  aide : vouliez-vous dire ../images/schema.svg ?\n\
         2 erreurs, 0 avertissement\n"
    );
    std::fs::write(&note, original.replace("(1.2-seconde-note.md)", "(1.2-seconde-notes.md)")).unwrap();
    let err = stderr(&run(&d, &["check"], 1));
    assert!(err.contains("aide : vouliez-vous dire 1.2-seconde-note.md ?"), "{err}");
    // One typo in the table of contents: one error, naming the file it meant.
    std::fs::write(&note, &original).unwrap();
    std::fs::rename(d.join("content/images/schema.svg"), d.join("content/notes/images/schema.svg")).unwrap();
    let toc = d.join("content/table-des-matieres.md");
    let text = std::fs::read_to_string(&toc).unwrap();
    std::fs::write(&toc, text.replace("notes/1.2-seconde-note.md", "notes/1.2-seconde-notes.md")).unwrap();
    let err = stderr(&run(&d, &["check"], 1));
    assert_eq!(
        err,
        "content/table-des-matieres.md:11:5: erreur: note introuvable : content/notes/1.2-seconde-notes.md\n  aide : vouliez-vous dire notes/1.2-seconde-note.md ? (memoire ne crée jamais de note manquante)\n1 erreur, 0 avertissement\n"
    );
}

#[test]
fn a_large_library_costs_three_lines_at_most() {
    let tmp = new_memoire(&[]);
    let d = tmp.path().join("these");
    let entries: String = (0..500)
        .map(|i| format!("@book{{e{i}, author = {{Auteur{i}, A.}}, title = {{Titre {i}}}, year = {{2000}}, publisher = {{Éditeur}}}}\n"))
        .collect();
    std::fs::write(d.join("bibliography/zotero.bib"), entries).unwrap();
    let cites: String = (0..19).map(|i| format!(" [@e{i}]")).collect();
    append(&d, "content/notes/1.2-seconde-note.md", &format!("\nDes citations{cites}.\n"));
    let out = run(&d, &["check", "--strict"], 0);
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("bibliograph") || l.contains("entrée")).collect();
    assert!(lines.len() <= 3, "{err}");
    assert!(
        err.contains("bibliography: note: 481 entrées de la bibliographie ne sont pas citées (e19, e20, e21, …) : elles ne sont pas dans la liste des références"),
        "{err}"
    );
    let verbose = run(&d, &["check", "--verbose"], 0);
    assert!(
        stdout(&verbose).contains("Entrées de la bibliographie jamais citées (481) :\n  e19\n"),
        "{}",
        stdout(&verbose)
    );
}

#[test]
fn one_author_written_two_ways_is_one_person() {
    let tmp = new_memoire(&[]);
    let d = tmp.path().join("these");
    std::fs::write(
        d.join("bibliography/references.bib"),
        "@book{wenger2000, author = {Wenger, Etienne}, title = {Premier}, year = {2000}, publisher = {Sage}}\n\
         @book{wenger2005, author = {Wenger, E.}, title = {Second}, year = {2005}, publisher = {PUL}}\n",
    )
    .unwrap();
    append(&d, "content/notes/1.2-seconde-note.md", "\nDeux œuvres [@wenger2005; @wenger2000].\n");
    let out = run(&d, &["build", "--date", DATE, "--epub"], 0);
    assert_eq!(
        stderr(&out),
        "bibliography/references.bib:1:1: avertissement: une même personne écrite de deux façons : « Wenger, Etienne » (wenger2000) et « Wenger, E. » (wenger2005)\n  aide : memoire les traite comme une seule personne ; harmonisez les entrées (« Wenger, Etienne » partout)\n0 erreur, 1 avertissement\n"
    );
    let epub = unzip(&std::fs::read(d.join("dist/memoire.epub")).unwrap());
    let text: String = epub.values().map(|b| xhtml_text(&String::from_utf8_lossy(b))).collect();
    assert!(text.contains("(Wenger, 2000, 2005)"), "{text}");
    let first = text.find("Wenger, E. (2000)").expect("2000 in the list");
    let second = text.find("Wenger, E. (2005)").expect("2005 in the list");
    assert!(first < second, "the list in year order");
}

#[test]
fn the_references_note_needs_no_status_and_a_repeated_degree_is_noticed() {
    let tmp = new_memoire(&["--presentation", "uqam"]);
    let d = tmp.path().join("these");
    let refs = d.join("content/notes/references.md");
    std::fs::write(&refs, "---\ntitle: Références\nrole: references\nstatus: à importer\n---\n").unwrap();
    let toml = d.join("content/memoire.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        text.replace(
            "degree = \"maîtrise en (votre programme)\"",
            "degree = \"Mémoire présenté comme exigence partielle de la maîtrise en éducation\"",
        ),
    )
    .unwrap();
    let out = run(&d, &["build", "--strict", "--date", DATE, "--pdf"], 1);
    assert!(
        stderr(&out).starts_with("content/memoire.toml:18:1: erreur: degree répète ce que la présentation « uqam » imprime déjà : « Mémoire présenté comme exigence partielle de la »"),
        "{}",
        stderr(&out)
    );
    std::fs::write(&toml, text).unwrap();
    run(&d, &["build", "--strict", "--date", DATE, "--pdf", "--quiet"], 0);
    let pdf = tool("pdftotext", &[d.join("dist/memoire.pdf").to_str().unwrap(), "-"]);
    assert!(!pdf.contains("à importer") && pdf.contains("Wenger"), "{pdf}");
}

#[test]
fn an_image_no_output_can_hold_is_refused_at_its_line() {
    let tmp = new_memoire(&[]);
    let d = tmp.path().join("these");
    let note = d.join("content/notes/1.1-premiere-note.md");
    let original = std::fs::read_to_string(&note).unwrap();
    for (name, bytes) in [("schema.pdf", &b"%PDF-1.7\n"[..]), ("schema.tiff", &b"II*\0"[..])] {
        std::fs::write(d.join("content/notes/images").join(name), bytes).unwrap();
        std::fs::write(&note, original.replace("images/schema.svg", &format!("images/{name}"))).unwrap();
        let err = stderr(&run(&d, &["check"], 1));
        assert!(
            err.starts_with(&format!(
                "content/notes/1.1-premiere-note.md:16:1: erreur: format d’image non pris en charge : images/{name}\n  aide : le PDF, l’EPUB et Word lisent les images PNG, JPEG, GIF, WebP et SVG"
            )),
            "{err}"
        );
        // Whatever check refuses, build refuses too, before writing anything.
        run(&d, &["build", "--quiet"], 1);
        assert!(!d.join("dist").exists());
    }
}
