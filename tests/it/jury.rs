//! What the jury and the supervisor see (issue 27): renvois, roles, sigles, images in the EPUB,
//! the corrections PDF and what `watch` says.

use crate::hostile::{run, stderr};
use crate::support::*;

const DATE: &str = "2026-12-04";
const NOTE_11: &str = "content/notes/1.1-contexte.md";

fn pdf_text(dir: &std::path::Path, pdf: &str) -> String {
    tool("pdftotext", &[dir.join(pdf).to_str().unwrap(), "-"])
}

#[test]
fn a_renvoi_that_names_its_note_prints_the_page_alone() {
    let tmp = project("carnet");
    let d = tmp.path();
    append(d, NOTE_11, "\nVoir [la note 4.10](4.10-langage.md) et ([la note 4.9](4.9-animation.md)), puis [la suite](4.10-langage.md).\n");
    run(d, &["build", "--pdf", "--date", DATE, "--quiet"], 0);
    let text: String = pdf_text(d, "dist/memoire.pdf").split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Voir la note 4.10 (p. "), "{text}");
    assert!(text.contains("(la note 4.9, p. "), "{text}");
    assert!(text.contains("la suite (voir 4.10, p. "), "{text}");
    assert!(!text.contains("la note 4.10 (voir 4.10"), "{text}");
}

#[test]
fn a_note_titled_like_a_role_gets_the_role_to_add() {
    let tmp = project("carnet");
    let d = tmp.path();
    let refs = d.join("content/notes/resume.md");
    let text = std::fs::read_to_string(&refs).unwrap().replace("role: resume\n", "");
    std::fs::write(&refs, text).unwrap();
    let out = run(d, &["check"], 0);
    assert!(
        stderr(&out).contains("content/notes/resume.md:2:1: avertissement: la note « Résumé » n’a pas de rôle : elle s’imprimera comme une note du corps\n  aide : ajoutez `role: resume` à son en-tête"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_sigles_list_prefers_the_singular_and_notes_a_plural_definition() {
    let tmp = project("carnet");
    let d = tmp.path();
    append(d, NOTE_11, "\nLes réseaux locaux d’entraide (RLE) se forment vite. Un réseau local d’entraide (RLE) suffit.\n\nLes organismes communautaires autonomes (OCA) aussi.\n");
    let out = run(d, &["check"], 0);
    let err = stderr(&out);
    assert!(err.contains("note: sigle OCA défini au pluriel (« organismes communautaires autonomes ») : la liste des sigles l’imprime ainsi"), "{err}");
    assert!(!err.contains("sigle RLE défini"), "singular and plural of one definition: {err}");
    run(d, &["build", "--pdf", "--date", DATE, "--quiet"], 0);
    let text = pdf_text(d, "dist/memoire.pdf");
    assert!(text.contains("réseau local d’entraide"), "the singular in the list: {text}");
}

#[test]
fn an_image_of_images_is_stored_once_under_its_name() {
    let tmp = project("carnet");
    let d = tmp.path();
    std::fs::create_dir_all(d.join("content/images")).unwrap();
    std::fs::copy(fixture("pages/image.png"), d.join("content/images/carte.png")).unwrap();
    append(d, NOTE_11, "\n![Une carte](../images/carte.png \"Une carte\")\n");
    run(d, &["build", "--epub", "--date", DATE, "--quiet"], 0);
    let epub = unzip(&std::fs::read(d.join("dist/memoire.epub")).unwrap());
    assert!(epub.contains_key("EPUB/images/carte.png"), "{:?}", epub.keys().collect::<Vec<_>>());
    assert!(!epub.keys().any(|k| k.contains("images/images/")));
    assert!(epubcheck(&d.join("dist/memoire.epub")).contains("Messages: 0 fatals / 0 errors / 0 warnings"));
}

#[test]
fn the_corrections_pdf_prints_citations_as_printed_and_counts_in_french() {
    let tmp = project("carnet");
    let d = tmp.path();
    run(d, &["build", "--archive", "--date", "2026-11-01", "--quiet"], 0);
    append(d, "content/notes/4.9-animation.md", "\nUne phrase ajoutée [@wenger2002].\n");
    append(d, NOTE_11, "\nMot.\n");
    run(d, &["diff", "dist/memoire-2026-11-01.zip", "--pdf", "dist/corrections.pdf", "--date", DATE], 0);
    let text: String = pdf_text(d, "dist/corrections.pdf").split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("(Wenger et al., 2002)") && !text.contains("[@wenger2002]"), "{text}");
    assert!(text.contains("+1 mot") && !text.contains("1 mots") && text.contains("−0 mot"), "{text}");
    let pages = tool("pdfinfo", &[d.join("dist/corrections.pdf").to_str().unwrap()]);
    let count = pages.lines().find_map(|l| l.strip_prefix("Pages:")).map(str::trim);
    assert_eq!(count, Some("1"), "two short changed notes share a page: {pages}");
}

#[test]
fn the_table_of_contents_lists_the_lists_and_link_colour_is_a_setting() {
    let tmp = project("carnet");
    let d = tmp.path();
    append(d, "content/memoire.toml", "\n[layout]\nlink_color = \"noir\"\n");
    run(d, &["build", "--pdf", "--date", DATE, "--quiet"], 0);
    let toc = tool("pdftotext", &["-f", "2", "-l", "3", d.join("dist/memoire.pdf").to_str().unwrap(), "-"]);
    let toc: String = toc.split_whitespace().collect::<Vec<_>>().join(" ");
    let figures = toc.find("Liste des figures").expect(&toc);
    let sigles = toc.find("Liste des abréviations, sigles et acronymes").expect(&toc);
    let intro = toc.find("0.2 Introduction").expect(&toc);
    assert!(figures < sigles && sigles < intro, "the lists after the front matter, before the body: {toc}");
    let toml = d.join("content/memoire.toml");
    let text = std::fs::read_to_string(&toml).unwrap().replace("link_color = \"noir\"", "link_color = \"rouge vif\"");
    std::fs::write(&toml, text).unwrap();
    let out = run(d, &["check"], 1);
    assert!(
        stderr(&out).contains("[layout] link_color : couleur « rouge vif » : noir, bleu ou #rrggbb"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_web_link_without_text_prints_its_address() {
    let tmp = project("carnet");
    let d = tmp.path();
    append(d, NOTE_11, "\nVoir [](https://example.org/vide).\n");
    let out = run(d, &["build", "--pdf", "--date", DATE], 0);
    assert!(
        stderr(&out).contains("avertissement: lien sans texte : son adresse est imprimée à sa place"),
        "{}",
        stderr(&out)
    );
    assert!(pdf_text(d, "dist/memoire.pdf").contains("https://example.org/vide"));
}
