//! What the author's own computer does to a carnet, simulated here (issue 28): Windows line ends,
//! macOS decomposed names, names Windows refuses or folds together, spaces and accents, long
//! paths.

use std::path::Path;

use crate::hostile::{run, stderr, stdout};
use crate::support::*;

const DATE: &str = "2026-12-04";
const TOC: &str = "content/table-des-matieres.md";

/// Adds note `file` (title `title`, number 4.15) to the carnet at `d`, listed in the TOC as `link`.
fn add_note(d: &Path, file: &str, link: &str, title: &str) {
    std::fs::write(
        d.join("content/notes").join(file),
        format!("---\ntitle: {title}\nnumber: \"4.15\"\npart: résultats\n---\n\nUn texte.\n"),
    )
    .unwrap();
    let toc = std::fs::read_to_string(d.join(TOC)).unwrap();
    let line = format!("  - [4.15 {title}](notes/{link})\n- [Références]");
    std::fs::write(d.join(TOC), toc.replace("- [Références]", &line)).unwrap();
}

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.file_type().unwrap().is_dir() {
            out.extend(files_under(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

#[test]
fn windows_line_ends_read_as_unix_ones() {
    let unix = project("carnet");
    let windows = project("carnet");
    for f in files_under(&windows.path().join("content")) {
        if f.extension().is_some_and(|e| e == "md" || e == "toml") {
            let text = std::fs::read_to_string(&f).unwrap();
            std::fs::write(&f, text.replace('\n', "\r\n")).unwrap();
        }
    }
    let (a, b) = (memoire(unix.path(), &["check"]), memoire(windows.path(), &["check"]));
    assert_eq!(stdout(&a), stdout(&b));
    assert_eq!(stderr(&a), stderr(&b));
    for d in [unix.path(), windows.path()] {
        run(d, &["build", "--pdf", "--date", DATE, "--quiet"], 0);
    }
    let text = |d: &Path| tool("pdftotext", &[d.join("dist/memoire.pdf").to_str().unwrap(), "-"]);
    assert_eq!(text(unix.path()), text(windows.path()));
}

#[test]
fn decomposed_and_composed_names_are_one_name() {
    use unicode_normalization::UnicodeNormalization as _;
    for (on_disk, in_toc) in [("nfd", "nfc"), ("nfc", "nfd")] {
        let tmp = project("carnet");
        let d = tmp.path();
        let name = "4.15-réseau-été.md";
        let form = |f: &str| if f == "nfd" { name.nfd().collect::<String>() } else { name.nfc().collect::<String>() };
        add_note(d, &form(on_disk), &form(in_toc), "Un réseau l’été");
        append(d, "content/notes/4.9-animation.md", &format!("\nVoir [ce réseau]({}).\n", form(in_toc)));
        let out = run(d, &["check"], 0);
        assert!(stdout(&out).contains("4.15 Un réseau l’été"), "{on_disk} on disk: {}", stdout(&out));
        assert!(!stderr(&out).contains(": erreur:"), "{}", stderr(&out));
        run(d, &["build", "--date", DATE, "--quiet"], 0);
    }
}

#[test]
fn names_windows_cannot_hold_are_refused() {
    for (file, expected) in [
        (
            "con.md",
            "content/notes/con.md: erreur: nom réservé sous Windows : « con.md » : Windows ne peut pas l’écrire",
        ),
        ("aux.md", "nom réservé sous Windows : « aux.md »"),
        ("note.", "nom qui finit par un point ou une espace : « note. »"),
        ("note ", "nom qui finit par un point ou une espace"),
    ] {
        let tmp = project("carnet");
        add_note(tmp.path(), file, file, "Une note");
        let out = run(tmp.path(), &["check"], 1);
        assert!(stderr(&out).contains(expected), "{file}: {}", stderr(&out));
    }
    let tmp = project("carnet");
    let d = tmp.path();
    std::fs::copy(d.join("content/notes/4.9-animation.md"), d.join("content/notes/4.9-Animation.md")).unwrap();
    let out = run(d, &["check"], 1);
    assert!(
        stderr(&out).contains("content/notes/4.9-animation.md et content/notes/4.9-Animation.md ne diffèrent que par la casse : un seul fichier sous Windows et macOS")
            || stderr(&out).contains("content/notes/4.9-Animation.md et content/notes/4.9-animation.md ne diffèrent que par la casse"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn spaces_accents_and_long_paths_build() {
    let outer = tempfile::tempdir().unwrap();
    // A project folder with spaces and accents, deep enough that its outputs' paths pass 260
    // characters (Windows' old limit).
    let mut d = outer.path().join("Mon mémoire à l’université");
    while d.to_string_lossy().len() < 280 {
        d = d.join("un dossier de plus, avec des accents éèà");
    }
    copy_tree(&fixture("carnet"), &d);
    add_note(
        &d,
        "4.15 une note à l’été.md",
        "4.15%20une%20note%20%C3%A0%20l%E2%80%99%C3%A9t%C3%A9.md",
        "Une note à l’été",
    );
    let out = run(&d, &["build", "--date", DATE], 0);
    assert!(stdout(&out).contains("écrit dist/memoire.pdf"), "{}", stdout(&out));
    assert!(d.join("dist/memoire.pdf").to_string_lossy().len() > 260);
}
