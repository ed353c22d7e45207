//! Hostile input, round 2 (issue 25): the commands added since the first round keep the
//! author's files and the machine safe. Each test names the issue's item it covers.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::hostile::{run, stderr, stdout, tree};
use crate::support::*;

const DATE: &str = "2026-12-04";
const NOTE_49: &str = "content/notes/4.9-animation.md";
const NOTE_414: &str = "content/notes/4.14-a-importer.md";

/// A page copy of note `number` (« 4.14. Une note à importer »…), in the platform's shape.
fn page_copy(number: &str, title: &str, part: &str, body: &str) -> String {
    format!(
        "{number}. {title} | Mémoire sur les communautés de pratique / {part}\n\nℹ️ Contexte \nCette note fait partie du carnet \"Essai\", un mémoire d’essai écrit pour les tests de memoire.\nTable des matières | Résumé | Références\n\n{body}\n\nSuite : 5.1. Autre | Mémoire sur les communautés de pratique / discussion\n"
    )
}

fn backups(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("sauvegardes"))
        .map(|rd| rd.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

// 1. No report of `diff` is written in a protected folder of the current project, of OLD or NEW.
#[test]
fn diff_reports_never_replace_a_source() {
    let tmp = project("carnet");
    let d = tmp.path();
    run(d, &["build", "--archive", "--date", "2026-11-01", "--quiet"], 0);
    append(d, NOTE_49, "\nUne phrase ajoutée.\n");
    run(d, &["build", "--archive", "--date", "2026-11-02", "--quiet"], 0);
    std::fs::create_dir_all(d.join("sauvegardes")).unwrap();
    std::fs::write(d.join("sauvegardes/x.md.2026-11-01"), "ancien").unwrap();
    let protected = ["content", "bibliography", "sauvegardes"];
    let before: Vec<_> = protected.iter().map(|p| tree(&d.join(p))).collect();
    let (a, b) = ("dist/memoire-2026-11-01.zip", "dist/memoire-2026-11-02.zip");
    for target in [NOTE_49, "content/memoire.toml", "bibliography/references.bib", "sauvegardes/x.md.2026-11-01"] {
        for flag in ["--markdown", "--pdf"] {
            let out = run(d, &["diff", a, b, flag, target], 1);
            assert!(stderr(&out).contains("refusé, c’est un dossier de sources"), "{target}: {}", stderr(&out));
        }
    }
    // Nor over one of the archives compared.
    let out = run(d, &["diff", a, b, "--markdown", a], 1);
    assert!(stderr(&out).contains("une des deux versions comparées"), "{}", stderr(&out));
    // Two project folders: neither's sources.
    let other = project("carnet");
    let (old, new) = (other.path().to_str().unwrap(), d.to_str().unwrap());
    let inside_old = other.path().join(NOTE_49);
    let elsewhere = tempfile::tempdir().unwrap();
    let out = run(elsewhere.path(), &["diff", old, new, "--markdown", inside_old.to_str().unwrap()], 1);
    assert!(stderr(&out).contains("dossier de sources"), "{}", stderr(&out));
    let after: Vec<_> = protected.iter().map(|p| tree(&d.join(p))).collect();
    assert!(before == after, "a protected file changed");
    assert_eq!(std::fs::read(&inside_old).unwrap(), std::fs::read(fixture("carnet").join(NOTE_49)).unwrap());
    // Elsewhere, the report is written.
    run(d, &["diff", a, b, "--markdown", "dist/changements.md"], 0);
    assert!(std::fs::read_to_string(d.join("dist/changements.md")).unwrap().contains("Une phrase ajoutée"));
}

// 2 and 15. Two copies of one note in one command: the second sees the first's text.
#[test]
fn one_command_importing_a_note_twice_loses_nothing() {
    let tmp = project("carnet");
    let d = tmp.path();
    let first = page_copy("4.14", "Une note à importer", "résultats", "Un premier paragraphe de soixante-cinq mots.");
    let second = page_copy("4.14", "Une note à importer", "résultats", "Un second texte, autre.");
    std::fs::write(d.join("a.txt"), &first).unwrap();
    std::fs::write(d.join("b.txt"), &second).unwrap();
    let out = run(d, &["import", "--date", DATE, "a.txt", "b.txt"], 1);
    assert!(stderr(&out).contains("la note a déjà du texte"), "{}", stderr(&out));
    assert!(stdout(&out).contains("b.txt : refusée"), "{}", stdout(&out));
    assert!(std::fs::read_to_string(d.join(NOTE_414)).unwrap().contains("Un premier paragraphe"));
    // With --force, each replaced text is kept.
    run(d, &["import", "--force", "--date", DATE, "b.txt", "a.txt"], 0);
    let kept: Vec<String> = backups(d)
        .iter()
        .filter(|n| n.starts_with("4.14"))
        .map(|n| std::fs::read_to_string(d.join("sauvegardes").join(n)).unwrap())
        .collect();
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(kept[0].contains("Un premier paragraphe") && kept[1].contains("Un second texte"), "{kept:?}");
    // The same copy again, even with --force: « inchangée », nothing written, no backup.
    let count = backups(d).len();
    let out = run(d, &["import", "--force", "--date", "2026-12-05", "a.txt", "a.txt"], 0);
    assert_eq!(stdout(&out).matches("inchangée").count(), 2, "{}", stdout(&out));
    assert_eq!(backups(d).len(), count);
}

// 3. Any body is the author's, whatever its status says; `check` warns about the mismatch.
#[test]
fn text_under_a_to_import_status_is_kept() {
    for body in ["Un paragraphe écrit à la main.", "<!-- une remarque -->", "[ref]: https://example.org"] {
        let tmp = project("carnet");
        let d = tmp.path();
        append(d, NOTE_414, &format!("\n{body}\n"));
        let check = memoire(d, &["check"]);
        assert!(
            stderr(&check)
                .contains("4.14-a-importer.md:6:1: avertissement: « status: à importer », mais la note a du texte"),
            "{body}: {}",
            stderr(&check)
        );
        std::fs::write(d.join("p.txt"), page_copy("4.14", "Une note à importer", "résultats", "Texte de la page."))
            .unwrap();
        let original = std::fs::read_to_string(d.join(NOTE_414)).unwrap();
        run(d, &["import", "--date", DATE, "p.txt"], 1);
        assert_eq!(std::fs::read_to_string(d.join(NOTE_414)).unwrap(), original);
        run(d, &["import", "--force", "--date", DATE, "p.txt"], 0);
        let backup = d.join(format!("sauvegardes/4.14-a-importer.md.{DATE}"));
        assert_eq!(std::fs::read_to_string(backup).unwrap(), original, "{body}");
    }
}

// 4. --url names a note of the platform, and does not silently replace the known one.
#[test]
fn page_addresses_are_checked() {
    let tmp = project("carnet");
    let d = tmp.path();
    std::fs::write(d.join("p.txt"), page_copy("4.14", "Une note à importer", "résultats", "Texte.")).unwrap();
    let out = run(d, &["import", "--date", DATE, "--url", "https://example.org/piege", "p.txt"], 1);
    assert!(stderr(&out).contains("n’est pas l’adresse d’une note de la plateforme"), "{}", stderr(&out));
    let other = "https://praxis.encommun.io/n/une-autre-note/";
    let out = run(d, &["import", "--date", DATE, "--url", other, "p.txt"], 1);
    assert!(
        stderr(&out)
            .contains("--url diffère de l’adresse connue de la note (https://praxis.encommun.io/n/essai-a-importer/)"),
        "{}",
        stderr(&out)
    );
    run(d, &["import", "--force", "--date", DATE, "--url", other, "p.txt"], 0);
    let note = std::fs::read_to_string(d.join(NOTE_414)).unwrap();
    assert!(note.contains(other));
    let backup = std::fs::read_to_string(d.join(format!("sauvegardes/4.14-a-importer.md.{DATE}"))).unwrap();
    assert!(backup.contains("https://praxis.encommun.io/n/essai-a-importer/"), "the old address is kept");
    // A batch adding notes to the TOC says which have no address yet; one TOC backup in all.
    std::fs::write(d.join("n1.txt"), page_copy("4.15", "Une note nouvelle", "résultats", "Texte.")).unwrap();
    std::fs::write(d.join("n2.txt"), page_copy("4.16", "Une autre nouvelle", "résultats", "Texte.")).unwrap();
    let out = run(d, &["import", "--date", DATE, "n1.txt", "n2.txt"], 0);
    assert_eq!(stdout(&out).matches("sans adresse de page").count(), 2, "{}", stdout(&out));
    assert_eq!(backups(d).iter().filter(|n| n.starts_with("table-des-matieres")).count(), 1, "{:?}", backups(d));
    run(d, &["check"], 0);
}

// 5. Builds and imports running at the same time each leave a consistent set.
#[test]
fn concurrent_builds_and_imports_do_not_mix() {
    let tmp = project("carnet");
    let d = tmp.path();
    let bin = env!("CARGO_BIN_EXE_memoire");
    let date_of = |epub: &[u8]| {
        let opf = String::from_utf8(unzip(epub)["EPUB/package.opf"].clone()).unwrap();
        opf.split("<dc:date>").nth(1).unwrap()[..10].to_string()
    };
    for pair in 0..4 {
        let spawn = |date: &str| {
            std::process::Command::new(bin)
                .args(["build", "--pdf", "--epub", "--quiet", "--date", date])
                .current_dir(d)
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn("2026-01-01"), spawn("2026-02-02"));
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "pair {pair}: {}", String::from_utf8_lossy(&out.stderr));
        }
        let epub_date = date_of(&std::fs::read(d.join("dist/memoire.epub")).unwrap());
        let info = tool("pdfinfo", &[d.join("dist/memoire.pdf").to_str().unwrap()]);
        let year_month = if epub_date == "2026-01-01" { "Jan  1" } else { "Feb  2" };
        assert!(info.contains(year_month), "pair {pair}: EPUB of {epub_date} beside PDF\n{info}");
        assert!(memoire::commit::temporaries(&d.join("dist")).is_empty());
    }
    // Two imports adding notes at once: both TOC lines are there.
    for pair in 0..2 {
        let n = |k: usize| format!("4.{}", 20 + 2 * pair + k);
        for k in 0..2 {
            let text = page_copy(&n(k), &format!("Note simultanée {}", n(k)), "résultats", "Texte.");
            std::fs::write(d.join(format!("s{k}.txt")), text).unwrap();
        }
        let spawn = |k: usize| {
            std::process::Command::new(bin)
                .args(["import", "--date", DATE, &format!("s{k}.txt")])
                .current_dir(d)
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(0), spawn(1));
        for child in [a, b] {
            assert!(child.wait_with_output().unwrap().status.success());
        }
        let toc = std::fs::read_to_string(d.join("content/table-des-matieres.md")).unwrap();
        assert!(toc.contains(&format!("[{} Note", n(0))) && toc.contains(&format!("[{} Note", n(1))), "{toc}");
    }
    run(d, &["check"], 0);
}

/// Runs `memoire check` and `build`: both refused with `expected` in the messages, in bounded time.
fn refused_by_check_and_build(d: &Path, expected: &str) {
    for args in [&["check"][..], &["build", "--date", DATE, "--quiet"]] {
        let started = Instant::now();
        let out = run(d, args, 1);
        assert!(stderr(&out).contains(expected), "{args:?}: {}", stderr(&out));
        assert!(started.elapsed() < Duration::from_secs(30), "{args:?} took {:?}", started.elapsed());
    }
}

// 6. A CSL macro that calls itself, or two that call each other.
#[test]
fn csl_macro_loops_are_refused_at_their_line() {
    let tmp = project("carnet");
    let d = tmp.path();
    let apa = memoire::load::style::load(Path::new("."), "apa", &mut memoire::diag::Diagnostics::new()).unwrap();
    let xml = hayagriva::citationberg::Style::Independent(apa.0).to_xml().unwrap();
    let first = xml.find("<macro name=\"").unwrap();
    let name_end = xml[first + 13..].find('"').unwrap() + first + 13;
    let name = &xml[first + 13..name_end];
    let body_at = xml[first..].find('>').unwrap() + first + 1;
    let looped = format!("{}<text macro=\"{name}\"/>{}", &xml[..body_at], &xml[body_at..]);
    std::fs::write(d.join("styles/boucle.csl"), &looped).unwrap();
    append(d, "content/memoire.toml", "\n[build]\ncitation_style = \"boucle.csl\"\n");
    let line = looped[..first].matches('\n').count() + 1;
    refused_by_check_and_build(
        d,
        &format!("styles/boucle.csl:{line}:1: erreur: la macro « {name} » s’appelle elle-même"),
    );
}

// 7 and 8. Loops and bombs in a .bib: refused at the entry's line.
#[test]
fn bibliography_loops_and_bombs_are_refused_at_their_line() {
    let mut bomb = String::from("@string{s0 = \"0123456789\"}\n");
    for i in 1..=8 {
        let prev = format!("s{}", i - 1);
        bomb += &format!("@string{{s{i} = {}}}\n", [prev.as_str(); 10].join(" # "));
    }
    bomb += "@book{bombe, title = s8, author = {A, B}, year = {2000}}\n";
    for (bib, expected) in [
        (
            "@book{boucle, crossref = {boucle}, title = {T}}\n",
            "probe.bib:2:1: erreur: entrée « boucle » : boucle de crossref",
        ),
        (
            "@book{a1, crossref = {a2}}\n@book{a2, crossref = {a1}}\n",
            "probe.bib:2:1: erreur: entrée « a1 » : boucle de crossref ou xdata (a1 → a2 → a1)",
        ),
        ("@book{x1, xdata = {x2}}\n@xdata{x2, xdata = {x1}}\n", "boucle de crossref ou xdata"),
        (
            "@string{ra = rb # \"x\"}\n@string{rb = ra # \"y\"}\n",
            "probe.bib:2:1: erreur: @string « ra » se contient lui-même",
        ),
        (bomb.as_str(), "plus de 100\u{202f}000 caractères une fois développé"),
    ] {
        let tmp = project("carnet");
        std::fs::write(tmp.path().join("bibliography/probe.bib"), format!("% essai\n{bib}")).unwrap();
        refused_by_check_and_build(tmp.path(), expected);
    }
}

// 9. Keys are located in one pass: a large library keeps every entry's line.
#[test]
fn a_large_library_is_read_with_every_key_located() {
    let tmp = project("carnet");
    let entries: String = (0..20_000)
        .map(|i| format!("@book{{k{i}, author = {{Auteur, A.}}, title = {{T{i}}}, year = {{2000}}}}\n"))
        .collect();
    std::fs::write(tmp.path().join("bibliography/grande.bib"), entries).unwrap();
    std::fs::write(tmp.path().join("bibliography/zz.bib"), "@book{k15000, title = {double}}\n").unwrap();
    let out = run(tmp.path(), &["check"], 1);
    let err = stderr(&out);
    assert!(err.contains("bibliography/zz.bib:1:1: erreur: la clé « k15000 » est définie deux fois"), "{err}");
    assert!(err.contains("première définition : bibliography/grande.bib:15001"), "{err}");
}

// 11. Sizes no mémoire reaches are refused by `check` at their line.
#[test]
fn sizes_beyond_the_documented_limits_are_refused() {
    let cases = [
        (format!("\n{}\n", "mot ".repeat(13_000)), "caractères (50\u{202f}000 au plus)".to_string()),
        (format!("\n## {}\n", "titre ".repeat(1_500)), "intertitre de".to_string()),
        (
            format!("\n<https://example.org/{}>\n", "a".repeat(8_000)),
            "adresse web de 8\u{202f}020 caractères".to_string(),
        ),
        (format!("\n```\n{}\n```\n", "x".repeat(40_000)), "ligne de code de 40\u{202f}000 caractères".to_string()),
        (format!("\n![{}](images/figure.png)\n", "alt ".repeat(9_000)), "texte de remplacement d’image".to_string()),
        (
            (0..1_001).map(|i| format!("\nAppel[^n{i}].\n\n[^n{i}]: Note {i}.\n")).collect(),
            "plus de 1\u{202f}000 notes de bas de page dans une note".to_string(),
        ),
    ];
    for (text, expected) in cases {
        let tmp = project("carnet");
        std::fs::copy(fixture("pages/image.png"), tmp.path().join("content/notes/images/figure.png")).unwrap();
        append(tmp.path(), NOTE_49, &text);
        refused_by_check_and_build(tmp.path(), "4.9-animation.md:");
        let err = stderr(&memoire(tmp.path(), &["check"]));
        assert!(err.contains(&expected), "{expected}: {err}");
    }
}

// 12. A bibliography address that is not a web one prints as text, with a warning.
#[test]
fn unsafe_bibliography_addresses_print_as_text() {
    let tmp = project("carnet");
    let d = tmp.path();
    std::fs::write(
        d.join("bibliography/liens.bib"),
        "@online{piege1, author = {Piège, A.}, title = {Un}, year = {2020}, url = {javascript:alert(1)}}\n\
         @online{piege2, author = {Piège, B.}, title = {Deux}, year = {2021}, url = {file:///etc/passwd}}\n",
    )
    .unwrap();
    append(d, NOTE_49, "\nVoir [@piege1] et [@piege2].\n");
    let out = run(d, &["build", "--date", DATE], 0);
    assert!(
        stderr(&out)
            .contains("liens.bib:1:1: avertissement: entrée « piege1 » : adresse « javascript:alert(1) » refusée"),
        "{}",
        stderr(&out)
    );
    let epub = unzip(&std::fs::read(d.join("dist/memoire.epub")).unwrap());
    let xhtml: String = epub.values().map(|b| String::from_utf8_lossy(b).into_owned()).collect();
    assert!(!xhtml.contains("href=\"javascript:") && !xhtml.contains("href=\"file:"), "a live unsafe link in the EPUB");
    let report = epubcheck(&d.join("dist/memoire.epub"));
    assert!(report.contains("Messages: 0 fatals / 0 errors / 0 warnings"), "EPUBCheck:\n{report}");
    let (pdf, qdf) = (d.join("dist/memoire.pdf"), d.join("dist/qdf.pdf"));
    tool("qpdf", &["--qdf", "--object-streams=disable", pdf.to_str().unwrap(), qdf.to_str().unwrap()]);
    let pdf = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned();
    assert!(!pdf.contains("/URI (javascript:") && !pdf.contains("/URI (file:"), "a live unsafe link in the PDF");
}

// 13. What `check` accepts, `build` builds; what `build` would refuse, `check` refuses at its line.
#[test]
fn check_refuses_at_its_line_what_build_would_fail_on() {
    let svg_cases = [
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">\n<image href=\"file:///etc/hostname\" width=\"10\" height=\"10\"/></svg>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">\n<image href=\"../../memoire.toml\"/></svg>",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&x;</text></svg>",
    ];
    for svg in svg_cases {
        let tmp = project("carnet");
        std::fs::write(tmp.path().join("content/notes/images/piege.svg"), svg).unwrap();
        append(tmp.path(), NOTE_49, "\n![Un schéma](images/piege.svg)\n");
        refused_by_check_and_build(tmp.path(), "image SVG refusée");
    }
    // Language tags: malformed ones at the span's line; well-formed ones build.
    let tmp = project("carnet");
    let lines = std::fs::read_to_string(tmp.path().join(NOTE_49)).unwrap().lines().count();
    append(tmp.path(), NOTE_49, "\nUn mot <span lang=\"english\">here</span>.\n");
    refused_by_check_and_build(
        tmp.path(),
        &format!("4.9-animation.md:{}:8: erreur: langue « english » : code de langue invalide", lines + 2),
    );
    let tmp = project("carnet");
    append(
        tmp.path(),
        NOTE_49,
        "\nUn mot <span lang=\"en-Latn-US\">here</span> et <span lang=\"es-419\">aquí</span>.\n",
    );
    run(tmp.path(), &["build", "--date", DATE, "--quiet"], 0);
    // memoire.toml values Typst would stumble on.
    let tmp = project("carnet");
    append(tmp.path(), "content/memoire.toml", "\n[layout]\nmargin = \"5.cm\"\n");
    refused_by_check_and_build(tmp.path(), "content/memoire.toml:19:1: erreur: [layout] margin : marge « 5.cm »");
    let tmp = project("carnet");
    let toml = tmp.path().join("content/memoire.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let long = "A".repeat(40_000);
    std::fs::write(&toml, text.replace("author = \"Autrice d’Essai\"", &format!("author = \"{long}\""))).unwrap();
    refused_by_check_and_build(
        tmp.path(),
        "content/memoire.toml:5:1: erreur: author trop long (40\u{202f}000 caractères, 300 au plus)",
    );
}

// 14. Page titles reach the TOC as text, bounded, and in the part their number says.
#[test]
fn imported_titles_are_text_in_their_numbered_part() {
    let tmp = project("carnet");
    let d = tmp.path();
    let title = "Titre](../../../../tmp/x) [x";
    std::fs::write(d.join("p.txt"), page_copy("4.15", title, "discussion", "Texte.")).unwrap();
    let out = run(d, &["import", "--date", DATE, "p.txt"], 0);
    assert!(
        stderr(&out).contains("les notes 4.x sont dans « résultats » : rangée dans « résultats »"),
        "{}",
        stderr(&out)
    );
    let toc = std::fs::read_to_string(d.join("content/table-des-matieres.md")).unwrap();
    assert!(toc.contains("  - [4.15 Titre\\](../../../../tmp/x) \\[x](notes/4.15-"), "{toc}");
    let check = run(d, &["check"], 0);
    assert!(stdout(&check).contains(&format!("4.15 {title}")), "{}", stdout(&check));
    std::fs::write(d.join("long.txt"), page_copy("4.16", &"mot ".repeat(160), "résultats", "Texte.")).unwrap();
    let out = run(d, &["import", "--date", DATE, "long.txt"], 1);
    assert!(
        stderr(&out).contains("long.txt:1:1: erreur: titre de page trop long (639 caractères, 300 au plus)"),
        "{}",
        stderr(&out)
    );
    run(d, &["check"], 0);
}

// 15. --dry-run counts what the real run would refuse.
#[test]
fn a_dry_run_counts_its_refusals() {
    let tmp = project("carnet");
    let d = tmp.path();
    std::fs::write(d.join("p.txt"), page_copy("4.9", "Une animation soutenue", "résultats", "Texte.")).unwrap();
    let out = run(d, &["import", "--dry-run", "--date", DATE, "p.txt"], 1);
    assert!(stdout(&out).contains("p.txt : serait refusée (1 erreur)"), "{}", stdout(&out));
    assert!(stdout(&out).contains("1 serait refusée") && !stdout(&out).contains("aucune"), "{}", stdout(&out));
}

// 16. Smaller defects.
#[test]
fn smaller_defects_of_the_first_probes() {
    // `diff content` and `diff content/` read the project above.
    let tmp = project("carnet");
    let d = tmp.path();
    for arg in ["content", "content/"] {
        run(d, &["diff", arg], 0);
    }
    // A named pipe is refused, not waited on.
    let fifo = d.join("tube");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let started = Instant::now();
    let out = run(d, &["diff", "tube"], 1);
    assert!(stderr(&out).contains("ni un fichier ni un dossier"), "{}", stderr(&out));
    assert!(started.elapsed() < Duration::from_secs(30));
    // A CSL error names its place.
    std::fs::write(
        d.join("styles/faux.csl"),
        "<?xml version=\"1.0\"?>\n<style xmlns=\"http://purl.org/net/xbiblio/csl\" class=\"in-text\" version=\"1.0\">\n<info><title>x</title><id>x</id><updated>2020-01-01T00:00:00+00:00</updated></info>\n<citation>\n<layout>\n<texte variable=\"title\"/>\n</layout>\n</citation>\n<bibliography><layout><text variable=\"title\"/></layout></bibliography>\n</style>\n",
    )
    .unwrap();
    append(d, "content/memoire.toml", "\n[build]\ncitation_style = \"faux.csl\"\n");
    let out = run(d, &["check"], 1);
    assert!(
        stderr(&out).contains("styles/faux.csl:5:1: erreur: style CSL invalide dans <citation> › <layout>"),
        "{}",
        stderr(&out)
    );
    // A template that asks for 10 GB of text: an error, not an aborted process.
    let tmp = project("carnet");
    append(tmp.path(), "styles/memoire.typ", "\n#let trop = \"a\" * 10000000000\n");
    let out = run(tmp.path(), &["build", "--pdf", "--date", DATE], 1);
    assert!(stderr(&out).contains("cannot repeat this string"), "{}", stderr(&out));
}

// Round 1 (issue 18's review): styles, bibliographies and terms out of all measure.
#[test]
fn citation_styles_bibliographies_and_terms_out_of_all_measure_are_refused() {
    let tmp = project("probe");
    let config = tmp.path().join("content/memoire.toml");
    let original = std::fs::read_to_string(&config).unwrap();
    // A style nested deeper than any real one (it overflowed the stack before it was refused).
    let depth = 5_000;
    let csl = format!("<style>\n{}<text value=\"x\"/>{}</style>\n", "<group>".repeat(depth), "</group>".repeat(depth));
    std::fs::write(tmp.path().join("styles/deep.csl"), csl).unwrap();
    std::fs::write(&config, format!("{original}\n[build]\ncitation_style = \"deep.csl\"\n")).unwrap();
    let err = stderr(&run(tmp.path(), &["check"], 1));
    assert!(err.contains("styles/deep.csl:2:") && err.contains("imbriqué sur plus de 100 niveaux"), "{err}");
    // Braces nested 100,000 deep in a .bib (the reader took 51 s on them).
    std::fs::write(&config, &original).unwrap();
    let braces =
        format!("\n@book{{deep2020, title = {{{}x{}}}, year = {{2020}}}}\n", "{".repeat(100_000), "}".repeat(100_000));
    let bib = tmp.path().join("bibliography/probe.bib");
    let bib_original = std::fs::read_to_string(&bib).unwrap();
    append(tmp.path(), "bibliography/probe.bib", &braces);
    let err = stderr(&run(tmp.path(), &["check"], 1));
    assert!(err.contains("bibliography/probe.bib:") && err.contains("accolades imbriquées sur plus de 64"), "{err}");
    // A term of a million characters, printed in every citation.
    std::fs::write(&bib, bib_original).unwrap();
    std::fs::write(&config, format!("{original}\n[build]\net_al = \"{}\"\n", "x".repeat(1_000_000))).unwrap();
    let err = stderr(&run(tmp.path(), &["check"], 1));
    assert!(
        err.contains("memoire.toml:") && err.contains("et_al : un mot ou une abréviation"),
        "{}",
        &err[..err.len().min(500)]
    );
}
