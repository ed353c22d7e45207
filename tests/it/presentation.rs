//! Presentation presets and the roles of the front and back matter: the title page's wording
//! read back from the PDF, the order of the front matter, roman then arabic folios read from
//! the PDF's page labels, lettered annexes, the English abstract tagged as English.

use std::path::Path;

use crate::support::*;

const DATE: &str = "2026-11-26";

/// The fixture carnet with a note of each front- and back-matter role, under `preset`.
fn carnet_with_every_role(preset: &str) -> tempfile::TempDir {
    let tmp = project("carnet");
    let notes = tmp.path().join("content/notes");
    for (file, role, title, text) in [
        ("remerciements.md", "remerciements", "Remerciements", "Merci à la direction de recherche, texte d’essai."),
        ("dedicace.md", "dedicace", "Dédicace", "À mes proches, texte d’essai."),
        ("avant-propos.md", "avant-propos", "Avant-propos", "Un avant-propos d’essai."),
        ("abstract.md", "abstract", "Abstract", "This test abstract is written in English: \"quoted\" words."),
        (
            "annexe-guide.md",
            "annexe",
            "Guide d’entretien",
            "Les questions d’essai.\n\n| Cas | Membres |\n|---|--:|\n| CdP 1 | 12 |\n\nTable: Les membres des cas\n\n| Cas | Durée |\n|---|---|\n| CdP 2 | 3 ans |\n: La durée des cas\n\n| Sans | légende |\n|---|---|\n| a | b |",
        ),
        ("annexe-grille.md", "annexe", "Grille d’observation", "La grille d’essai."),
    ] {
        std::fs::write(notes.join(file), format!("---\ntitle: {title}\nrole: {role}\n---\n\n{text}\n")).unwrap();
    }
    let toc_path = tmp.path().join("content/table-des-matieres.md");
    let toc = std::fs::read_to_string(&toc_path).unwrap();
    let toc = toc.replace(
        "- [Résumé](notes/resume.md)\n",
        "- [Remerciements](notes/remerciements.md)\n- [Dédicace](notes/dedicace.md)\n- [Avant-propos](notes/avant-propos.md)\n- [Résumé](notes/resume.md)\n- [Abstract](notes/abstract.md)\n",
    ) + "- [Guide d’entretien](notes/annexe-guide.md)\n- [Grille d’observation](notes/annexe-grille.md)\n";
    std::fs::write(&toc_path, toc).unwrap();
    let config_path = tmp.path().join("content/memoire.toml");
    let config = std::fs::read_to_string(&config_path).unwrap();
    let config = config
        .replace("[memoire]\n", &format!("[memoire]\npresentation = \"{preset}\"\n"))
        .lines()
        .map(|l| if l.starts_with("degree") { "degree = \"maîtrise en éducation\"" } else { l })
        .filter(|l| !l.starts_with("expected_notes") && !l.starts_with("institution"))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    std::fs::write(&config_path, config).unwrap();
    tmp
}

fn build(dir: &Path) {
    let out = memoire(dir, &["build", "--date", DATE, "--quiet"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The PDF's text with runs of spaces and line breaks made one space.
fn pdf_text(dir: &Path, first: usize, last: usize) -> String {
    let pdf = dir.join("dist/memoire.pdf");
    let text = tool("pdftotext", &["-f", &first.to_string(), "-l", &last.to_string(), pdf.to_str().unwrap(), "-"]);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The page label styles of the PDF, page by page: `-` none, `r` roman, `D` arabic.
fn label_styles(dir: &Path) -> Vec<(usize, String)> {
    let pdf = dir.join("dist/memoire.pdf");
    let json = tool("qpdf", &["--json", "--json-key=pagelabels", pdf.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["pagelabels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let style = l["label"]["/S"].as_str().unwrap_or("-").trim_start_matches('/').to_string();
            (l["index"].as_u64().unwrap() as usize, style)
        })
        .collect()
}

/// Where each of `words` first appears in `text`, which must be in that order.
fn in_order(text: &str, words: &[&str]) {
    let mut at = 0;
    for w in words {
        let found = text[at..].find(w).unwrap_or_else(|| panic!("« {w} » not found after byte {at}: {text}"));
        at += found + w.len();
    }
}

#[test]
fn uqam_title_page_front_matter_order_and_folios() {
    let tmp = carnet_with_every_role("uqam");
    let check = memoire(tmp.path(), &["check"]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    build(tmp.path());
    let title = pdf_text(tmp.path(), 1, 1);
    assert_eq!(
        title,
        "UNIVERSITÉ DU QUÉBEC À MONTRÉAL CARNET D’ESSAI POUR MEMOIRE TOUTES LES SYNTAXES DU FORMAT MÉMOIRE PRÉSENTÉ COMME EXIGENCE PARTIELLE DE LA MAÎTRISE EN ÉDUCATION PAR AUTRICE D’ESSAI NOVEMBRE 2026"
    );
    // UQAM: remerciements, dédicace, avant-propos, table des matières, résumé, abstract, then
    // the introduction; the annexes lettered in reading order.
    let all = pdf_text(tmp.path(), 2, 99);
    in_order(
        &all,
        &[
            "Remerciements",
            "Dédicace",
            "Avant-propos",
            "Table des matières",
            "Résumé",
            "Mots-clés : essai, carnet",
            "Abstract",
            "0.2 Introduction",
        ],
    );
    in_order(&all, &["Annexe A — Guide d’entretien", "Annexe B — Grille d’observation"]);
    // Captions, both syntaxes, numbered in the annex; the lists after the table of contents,
    // figures then tables (the fixture has one figure, in chapter 4); an uncaptioned table is
    // neither numbered nor listed.
    in_order(
        &all,
        &[
            "Table des matières",
            "Liste des figures",
            "Figure 4.1 Les trois cas étudiés",
            "Liste des tableaux",
            "Tableau A.1 Les membres des cas",
            "Tableau A.2 La durée des cas",
            "Résumé",
        ],
    );
    in_order(
        &all,
        &["Figure 4.1 — Les trois cas étudiés", "Tableau A.1 — Les membres des cas", "Tableau A.2 — La durée des cas"],
    );
    assert!(!all.contains("Tableau A.3"), "{all}");
    // Folios: the title page counted but not numbered, roman for the front matter, arabic from
    // the introduction.
    let labels = label_styles(tmp.path());
    assert_eq!(labels[0], (0, "-".to_string()), "{labels:?}");
    assert!(labels[1..].iter().take_while(|(_, s)| s == "r").count() >= 6, "{labels:?}");
    let first_arabic = labels.iter().find(|(_, s)| s == "D").expect("arabic folios").0;
    let page = pdf_text(tmp.path(), first_arabic + 1, first_arabic + 1);
    assert!(page.contains("Introduction"), "the first arabic page is the introduction: {page}");
    // The English abstract is English in the EPUB, which EPUBCheck accepts.
    let files = unzip(&std::fs::read(tmp.path().join("dist/memoire.epub")).unwrap());
    let abstract_page = files
        .values()
        .map(|b| String::from_utf8_lossy(b).to_string())
        .find(|s| s.contains("This test abstract"))
        .unwrap();
    assert!(abstract_page.contains("<div lang=\"en\" xml:lang=\"en\">"), "{abstract_page}");
    assert!(abstract_page.contains("epub:type=\"frontmatter\""), "{abstract_page}");
    let nav = String::from_utf8_lossy(&files["EPUB/text/nav.xhtml"]).to_string();
    assert!(
        nav.contains("<nav epub:type=\"loi\" id=\"loi\">") && nav.contains("Figure 4.1\u{a0}— Les trois cas étudiés"),
        "{nav}"
    );
    assert!(
        nav.contains("<nav epub:type=\"lot\" id=\"lot\">") && nav.contains("Tableau A.2\u{a0}— La durée des cas"),
        "{nav}"
    );
    assert!(nav.contains("<a epub:type=\"lot\" href=\"nav.xhtml#lot\">"), "{nav}");
    let report = epubcheck(&tmp.path().join("dist/memoire.epub"));
    assert!(report.contains("No errors or warnings detected"), "{report}");
    // Still PDF/A-2a and PDF/UA-1, letter paper, and the same bytes on rebuild.
    let pdf = tmp.path().join("dist/memoire.pdf");
    let meta = tool("pdfinfo", &["-meta", pdf.to_str().unwrap()]);
    assert!(meta.contains("<pdfaid:part>2</pdfaid:part><pdfaid:conformance>A</pdfaid:conformance>"), "PDF/A-2a");
    assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"), "PDF/UA-1");
    assert!(tool("pdfinfo", &[pdf.to_str().unwrap()]).contains("612 x 792 pts (letter)"));
    let before: Vec<Vec<u8>> = ["memoire.pdf", "memoire.epub"]
        .iter()
        .map(|f| std::fs::read(tmp.path().join("dist").join(f)).unwrap())
        .collect();
    build(tmp.path());
    for (k, f) in ["memoire.pdf", "memoire.epub"].iter().enumerate() {
        assert!(std::fs::read(tmp.path().join("dist").join(f)).unwrap() == before[k], "{f} differs on rebuild");
    }
}

#[test]
fn laval_puts_the_abstracts_before_the_table_and_the_acknowledgements_after() {
    let tmp = carnet_with_every_role("laval");
    build(tmp.path());
    let title = pdf_text(tmp.path(), 1, 1);
    assert_eq!(
        title,
        "Carnet d’essai pour memoire Toutes les syntaxes du format Mémoire Maîtrise en éducation Autrice d’Essai novembre 2026 Université Laval Québec, Canada © Autrice d’Essai, 2026"
    );
    let all = pdf_text(tmp.path(), 2, 99);
    in_order(
        &all,
        &["Résumé", "Abstract", "Table des matières", "Dédicace", "Remerciements", "Avant-propos", "0.2 Introduction"],
    );
    let md = unzip(&std::fs::read(tmp.path().join(format!("dist/memoire-{DATE}.zip"))).unwrap());
    let md = String::from_utf8_lossy(&md[&format!("memoire-{DATE}/memoire.md")]).to_string();
    in_order(
        &md,
        &[
            "Mémoire",
            "Maîtrise en éducation",
            "Université Laval",
            "## Résumé",
            "## Table des matières",
            "## Dédicace",
            "0.2 Introduction",
        ],
    );
}

#[test]
fn layout_values_are_checked_and_unknown_presets_refused() {
    let tmp = project("carnet");
    let config_path = tmp.path().join("content/memoire.toml");
    let config =
        std::fs::read_to_string(&config_path).unwrap().replace("[memoire]\n", "[memoire]\npresentation = \"uqan\"\n")
            + "\n[layout]\nmargin = \"30cm\"\nfolio = \"milieu\"\n";
    std::fs::write(&config_path, config).unwrap();
    let out = memoire(tmp.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/memoire.toml:3:1: erreur: présentation « uqan » inconnue (standard, uqam, laval)"),
        "{stderr}"
    );
    assert!(stderr.contains("erreur: [layout] margin : marge « 30cm »"), "{stderr}");
    assert!(stderr.contains("erreur: [layout] folio : folio « milieu » : haut-droite ou bas-centre"), "{stderr}");
}

#[test]
fn lists_appear_only_with_entries_and_figures_need_alt_text_under_pdf_ua() {
    let tmp = project("carnet");
    build(tmp.path());
    let text = pdf_text(tmp.path(), 1, 99);
    assert!(text.contains("Liste des figures") && !text.contains("Liste des tableaux"), "{text}");
    let files = unzip(&std::fs::read(tmp.path().join("dist/memoire.epub")).unwrap());
    let nav = String::from_utf8_lossy(&files["EPUB/text/nav.xhtml"]).to_string();
    assert!(nav.contains("epub:type=\"loi\"") && !nav.contains("epub:type=\"lot\""), "{nav}");
    // The figure loses its alternative text: PDF/UA-1 (asked by default) refuses it.
    let note = tmp.path().join("content/notes/4.9-animation.md");
    let text = std::fs::read_to_string(&note).unwrap().replace("![Schéma des trois cas]", "![]");
    std::fs::write(&note, text).unwrap();
    let out = memoire(tmp.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("erreur: figure sans texte de remplacement : la norme PDF/UA-1 (pdf_standards) l’exige"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("texte de remplacement").count(), 1, "one message, not two: {stderr}");
}

#[test]
fn sigles_are_listed_from_the_text_and_the_config_with_their_diagnostics() {
    let tmp = project("carnet");
    append(tmp.path(), "content/notes/1.1-contexte.md", "\nLe TC vient trop tôt. Le transfert de connaissances (TC) est le sujet ; la communauté de pratique (CdP) aussi. Le CEFRIO et la PME en parlent, comme l’OCDE.\n\nLa communauté professionnelle (CdP) redéfinit le sigle.\n");
    let config_path = tmp.path().join("content/memoire.toml");
    let config = std::fs::read_to_string(&config_path).unwrap() + "\n[build]\nsigles_ignores = [\"OCDE\"]\n"; // CEFRIO is in the fixture's [sigles]
    std::fs::write(&config_path, config).unwrap();
    let out = memoire(tmp.path(), &["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let n = "content/notes/1.1-contexte.md: avertissement: ";
    assert!(
        stderr.contains(&format!("{n}sigle TC employé avant sa définition (« transfert de connaissances »)")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{n}sigle CdP défini deux fois autrement : « communauté de pratique », puis « communauté professionnelle »"
        )),
        "{stderr}"
    );
    // Located at its first use (issue 25, item 16): the appended line, the column of « PME ».
    let line =
        std::fs::read_to_string(fixture("carnet").join("content/notes/1.1-contexte.md")).unwrap().lines().count() + 2;
    let col = "Le TC vient trop tôt. Le transfert de connaissances (TC) est le sujet ; la communauté de pratique (CdP) aussi. Le CEFRIO et la ".chars().count() + 1;
    let located =
        format!("content/notes/1.1-contexte.md:{line}:{col}: avertissement: sigle PME employé sans définition");
    assert!(stderr.contains(&located), "{located}\n{stderr}");
    assert!(!stderr.contains("sigle CEFRIO") && !stderr.contains("sigle OCDE"), "configured or ignored: {stderr}");
    build(tmp.path());
    // Sorted the French way, after the lists of the table of contents.
    let all = pdf_text(tmp.path(), 1, 99);
    in_order(
        &all,
        &[
            "Liste des abréviations, sigles et acronymes",
            "CdP communauté de pratique",
            "CEFRIO Centre francophone d’informatisation des organisations",
            "TC transfert de connaissances",
            "Introduction",
        ],
    );
    let files = unzip(&std::fs::read(tmp.path().join("dist/memoire.epub")).unwrap());
    let page = String::from_utf8_lossy(&files["EPUB/text/sigles.xhtml"]).to_string();
    assert!(page.contains("<dt>TC</dt><dd>transfert de connaissances</dd>"), "{page}");
    let report = epubcheck(&tmp.path().join("dist/memoire.epub"));
    assert!(report.contains("No errors or warnings detected"), "{report}");
}

#[test]
fn a_carnet_without_figures_tables_or_sigles_has_none_of_the_lists() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("broken/_base"), tmp.path());
    copy_tree(&repo().join("styles"), &tmp.path().join("styles"));
    build(tmp.path());
    let all = pdf_text(tmp.path(), 1, 99);
    for list in ["Liste des figures", "Liste des tableaux", "Liste des abréviations"] {
        assert!(!all.contains(list), "{list}: {all}");
    }
    let files = unzip(&std::fs::read(tmp.path().join("dist/memoire.epub")).unwrap());
    assert!(!files.contains_key("EPUB/text/sigles.xhtml"));
    let nav = String::from_utf8_lossy(&files["EPUB/text/nav.xhtml"]).to_string();
    assert!(!nav.contains("\"loi\"") && !nav.contains("\"lot\""), "{nav}");
}
