//! The Word document (issue 29), judged by outside tools on the mémoire (`content/`), the fixture
//! carnet and a generated 65-note carnet: openxml-audit (the Open XML schemas and Word's
//! semantic rules), docx2python (what a reader of the file finds: headings, footnotes, tables,
//! images), LibreOffice headless (converted to PDF: the words of memoire.pdf in the same order),
//! Pandoc (read back to text: every note title and footnote), and a rebuild (same bytes).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::*;

const DATE: &str = "2026-11-26";

/// Builds the PDF and the Word document of the project at `d`.
fn build(d: &Path) -> (PathBuf, PathBuf) {
    let out = memoire(d, &["build", "--pdf", "--docx", "--date", DATE, "--quiet"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (d.join("dist/memoire.pdf"), d.join("dist/memoire.docx"))
}

/// What the mémoire holds, counted on its model: headings (note titles, parts, headings inside
/// notes), footnotes (one per label called in a note's text), tables (the sigles list's too),
/// distinct image files.
fn model_counts(d: &Path) -> [usize; 4] {
    use memoire::model::{Block, Inline};
    let (r, _) = memoire::check::run(d, false);
    let r = r.expect("the carnet loads");
    let doc = r.doc();
    let order = r.plan.reading_order();
    let parts = r.plan.body.iter().filter(|e| matches!(e.kind, memoire::plan::EntryKind::Part { .. })).count();
    let (mut headings, mut footnotes, mut tables) = (order.len() + parts, 0, usize::from(!r.plan.sigles.is_empty()));
    let mut images = std::collections::BTreeSet::new();
    for &i in &order {
        let note = &doc.notes[i];
        let mut labels = std::collections::BTreeSet::new();
        memoire::text::visit_blocks(&note.blocks, &mut |b| match b {
            Block::Heading(_) => headings += 1,
            Block::Table(_) => tables += 1,
            _ => {}
        });
        memoire::text::visit_inlines(&note.blocks, &mut |i| {
            if let Inline::FootnoteRef { label, .. } = i {
                labels.insert(label.clone());
            }
        });
        footnotes += labels.iter().filter(|l| note.footnotes.iter().any(|f| &f.label == *l)).count();
        for img in memoire::text::images(&note.blocks) {
            images.insert(note.image_source_slashed(img));
        }
    }
    [headings, footnotes, tables, images.len()]
}

/// The same counts as docx2python reads them from the file.
fn docx2python_counts(docx: &Path) -> [usize; 4] {
    let script = r#"
import sys
from docx2python import docx2python
from docx2python.iterators import iter_paragraphs
with docx2python(sys.argv[1]) as d:
    pars = list(iter_paragraphs(d.body_pars))
    headings = sum(1 for p in pars if p.style.startswith('Heading'))
    notes = sum(1 for p in iter_paragraphs(d.footnotes_pars) if p.runs and p.runs[0].text.startswith('footnote'))
    tables = sum(1 for t in d.body_pars if len(t) > 1 or any(len(row) > 1 for row in t))
    print(headings, notes, tables, len(d.images))
"#;
    let out = tool("python3", &["-c", script, docx.to_str().unwrap()]);
    let n: Vec<usize> = out.split_whitespace().map(|x| x.parse().unwrap()).collect();
    [n[0], n[1], n[2], n[3]]
}

/// The lines of `pdf`'s text block (running heads and folios, in the margins, left out), in
/// two streams: the text, and what is set smaller (footnotes, code), whose place depends on
/// where the pages break. Each stream keeps the reading order of the pages.
fn text_lines(pdf: &Path) -> (String, String) {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let size = info.lines().find_map(|l| l.strip_prefix("Page size:")).expect("a page size");
    let dims: Vec<f64> = size.split_whitespace().filter_map(|x| x.parse().ok()).collect();
    let (w, h) = (dims[0].round() as i64, dims[1].round() as i64);
    let _ = w;
    let xml = tool("pdftotext", &["-bbox-layout", pdf.to_str().unwrap(), "-"]);
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).expect("an attribute") + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    let unescape = |t: &str| {
        t.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
    };
    let mut lines: Vec<(f64, String)> = Vec::new();
    for line in xml.split("<line").skip(1) {
        let line = line.split("</line>").next().unwrap();
        // Every preset's margins are 2.5 cm or more: what is within 68 pt of an edge is a
        // running head or a folio.
        let (top, bottom) = (attr(line, "yMin"), attr(line, "yMax"));
        if top < 68.0 || bottom > h as f64 - 68.0 {
            continue;
        }
        let (mut height, mut words) = (0f64, Vec::new());
        for word in line.split("<word").skip(1) {
            let (tag, rest) = word.split_once('>').unwrap();
            height = height.max(attr(tag, "yMax") - attr(tag, "yMin"));
            words.push(unescape(rest.split("</word>").next().unwrap()));
        }
        lines.push((height, words.join(" ")));
    }
    let mut heights: Vec<f64> = lines.iter().map(|(h, _)| *h).collect();
    heights.sort_by(f64::total_cmp);
    let median = heights.get(heights.len() / 2).copied().unwrap_or(0.0);
    let (mut text, mut small) = (String::new(), String::new());
    for (height, line) in lines {
        let to = if height < 0.9 * median { &mut small } else { &mut text };
        to.push_str(&line);
        to.push('\n');
    }
    (text, small)
}

/// Words compared across renderings: digits (folios, figure and note numbers, footnote calls
/// glued to their word) and roman folios aside.
fn comparable(words: Vec<String>) -> Vec<String> {
    let roman = |w: &str| !w.is_empty() && w.len() <= 5 && w.chars().all(|c| "ivx".contains(c));
    words
        .into_iter()
        .map(|w| w.chars().filter(|c| !c.is_ascii_digit()).collect::<String>())
        .filter(|w| !w.is_empty() && !roman(w))
        .collect()
}

/// How many of `expected`'s words `actual` has in the same order: their longest common
/// subsequence, plus the words the two read in another order within a few lines (the cells of a
/// table, which text extraction reads row by row or column by column depending on the spacing).
fn in_order(expected: &[String], actual: &[String]) -> usize {
    const NEAR: usize = 60;
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, expected, actual);
    let (mut same, mut missing, mut extra) = (0, Vec::new(), Vec::new());
    for op in ops {
        match op {
            similar::DiffOp::Equal { len, .. } => same += len,
            similar::DiffOp::Delete { old_index, old_len, .. } => {
                missing.extend((old_index..old_index + old_len).map(|k| (k, &expected[k])))
            }
            similar::DiffOp::Insert { old_index, new_index, new_len } => {
                extra.extend((new_index..new_index + new_len).map(|k| (old_index, &actual[k])))
            }
            similar::DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                missing.extend((old_index..old_index + old_len).map(|k| (k, &expected[k])));
                extra.extend((new_index..new_index + new_len).map(|k| (old_index, &actual[k])));
            }
        }
    }
    for (at, word) in missing {
        if let Some(k) = extra.iter().position(|(near, w)| *w == word && near.abs_diff(at) <= NEAR) {
            extra.swap_remove(k);
            same += 1;
        }
    }
    same
}

/// `docx` converted to PDF by LibreOffice headless, in a profile of its own (tests run side by
/// side).
fn libreoffice_pdf(docx: &Path) -> PathBuf {
    let out_dir = docx.parent().unwrap().join("libreoffice");
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.path().display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&out_dir)
        .arg(docx)
        .output()
        .expect("LibreOffice (Debian libreoffice-writer-nogui) is needed by this test; .ci/run installs it");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    out_dir.join("memoire.pdf")
}

/// Pandoc's plain-text reading of `docx`.
fn pandoc_text(docx: &Path) -> String {
    let pandoc = tool("python3", &["-c", "import pypandoc; print(pypandoc.get_pandoc_path())"]);
    tool(pandoc.trim(), &["-f", "docx", "-t", "plain", "--wrap=none", docx.to_str().unwrap()])
}

fn judge(d: &Path) {
    let (pdf, docx) = build(d);
    let first = std::fs::read(&docx).unwrap();

    let audit = Command::new("openxml-audit").arg(&docx).output().expect("openxml-audit (pip) is needed");
    let report = String::from_utf8_lossy(&audit.stdout);
    assert!(audit.status.success() && report.contains("Errors: 0"), "openxml-audit:\n{report}");

    assert_eq!(docx2python_counts(&docx), model_counts(d), "headings, footnotes, tables, images");
    assert_unique_bookmarks(&docx);

    // Web addresses aside (each rendering breaks them anywhere; the EPUB's tests check them):
    // a token with `://`, and the start of the next line when one ends a line.
    let words = |t: &str| {
        let (mut kept, mut after_url) = (String::new(), false);
        // The rest of an address broken at a line's end: signs of an address, a digit, or a
        // capital after its first letter (an identifier).
        let rest_of_address = |w: &str| {
            w.contains(['/', '.', '=', '?', '&', '#', '%', '_', '-'])
                || w.chars().any(|c| c.is_ascii_digit())
                || w.chars().skip(1).any(char::is_uppercase)
        };
        for line in t.lines() {
            let mut tokens: Vec<&str> = line.split_whitespace().collect();
            if after_url && tokens.first().is_some_and(|w| rest_of_address(w)) {
                tokens.remove(0);
            }
            kept.extend(tokens.iter().filter(|w| !w.contains("://")).flat_map(|w| [*w, " "]));
            kept.push('\n');
            after_url = tokens.last().is_some_and(|w| w.contains("://"));
        }
        comparable(pdf_words(&kept))
    };
    let ((text, small), (text2, small2)) = (text_lines(&pdf), text_lines(&libreoffice_pdf(&docx)));
    let (expected, expected_small) = (words(&text), words(&small));
    let same = in_order(&expected, &words(&text2)) + in_order(&expected_small, &words(&small2));
    let total = expected.len() + expected_small.len();
    let share = same as f64 / total as f64;
    eprintln!("Word's rendering by LibreOffice: {same} of {total} words of memoire.pdf in order ({share:.4})");
    assert!(share >= 0.999, "{same} of {total} words of memoire.pdf in order in Word's rendering ({share:.4})");

    // Compared as words (letters and digits), typography aside.
    let flat = |t: &str| t.split_whitespace().map(normalize).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    let text = flat(&pandoc_text(&docx));
    let (r, _) = memoire::check::run(d, false);
    let r = r.unwrap();
    for &i in &r.plan.reading_order() {
        let note = &r.doc().notes[i];
        assert!(text.contains(&flat(&note.meta.title)), "Pandoc does not read the title « {} »", note.meta.title);
        for f in &note.footnotes {
            // Its first run of plain text of two words or more (citations print otherwise).
            let mut start = None;
            memoire::text::visit_inlines(&f.blocks, &mut |i| {
                if let (None, memoire::model::Inline::Text(t)) = (&start, i) {
                    let words: Vec<String> = t.split_whitespace().map(normalize).filter(|w| !w.is_empty()).collect();
                    if words.len() >= 2 {
                        start = Some(words.into_iter().take(4).collect::<Vec<_>>().join(" "));
                    }
                }
            });
            let start = start.unwrap_or_default();
            assert!(text.contains(&start), "Pandoc does not read the footnote « {start} »");
        }
    }

    build(d);
    assert!(std::fs::read(&docx).unwrap() == first, "the Word document changed on rebuild");
}

#[test]
fn the_fixture_carnet_in_word_passes_every_judge() {
    let tmp = project("carnet");
    judge(tmp.path());
}

#[test]
fn the_memoire_in_word_passes_every_judge() {
    let tmp = memoire_project();
    judge(tmp.path());
}

#[test]
fn a_65_note_carnet_in_word_passes_every_judge() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = crate::generator::Spec { notes: 65, words_per_note: 600, seed: 65 };
    crate::generator::write_carnet(tmp.path(), spec).unwrap();
    judge(tmp.path());
}

/// The folios the PDF prints in its table of contents and lists, in order.
fn pdf_toc_folios(pdf: &Path) -> Vec<String> {
    let text = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    text.lines()
        .filter(|l| l.contains(". . ."))
        .filter_map(|l| l.trim_end().rsplit(['\u{2060}', ' ']).next().map(str::to_string))
        .collect()
}

/// The cached results of the page fields of the Word document's table of contents and lists.
fn docx_toc_folios(docx: &Path) -> Vec<String> {
    let files = unzip(&std::fs::read(docx).unwrap());
    let xml = String::from_utf8(files["word/document.xml"].clone()).unwrap();
    let mut out = Vec::new();
    for par in xml.split("<w:p>").skip(1) {
        let style = par.strip_prefix("<w:pPr><w:pStyle w:val=\"").and_then(|s| s.split('"').next()).unwrap_or("");
        let toc =
            (style.starts_with("TOC") && style[3..].chars().all(|c| c.is_ascii_digit())) || style == "TableofFigures";
        if !toc {
            continue;
        }
        let after = par.split(" PAGEREF ").nth(1).expect("a page field on every line");
        let result = after.split("<w:t xml:space=\"preserve\">").nth(1).expect("a cached result");
        out.push(result.split('<').next().unwrap().to_string());
    }
    out
}

#[test]
fn the_table_of_contents_fields_hold_the_pdf_pages() {
    for tmp in [project("carnet"), memoire_project()] {
        let (pdf, docx) = build(tmp.path());
        let (printed, cached) = (pdf_toc_folios(&pdf), docx_toc_folios(&docx));
        assert!(printed.len() > 5, "{printed:?}");
        assert_eq!(cached, printed);
        // No prompt to update the fields when the file opens, and no empty table.
        let settings = String::from_utf8(unzip(&std::fs::read(&docx).unwrap())["word/settings.xml"].clone()).unwrap();
        assert!(!settings.contains("updateFields"));
    }
}

fn docx_part(docx: &Path, part: &str) -> String {
    String::from_utf8(unzip(&std::fs::read(docx).unwrap())[part].clone()).unwrap()
}

#[test]
fn the_abstract_is_english_of_canada_and_the_rest_french() {
    let tmp = project("carnet");
    let d = tmp.path();
    std::fs::write(
        d.join("content/notes/abstract.md"),
        "---\ntitle: Abstract\nrole: abstract\nstatus: texte\n---\n\nThis abstract presents the notebook.\n",
    )
    .unwrap();
    let toc = d.join("content/table-des-matieres.md");
    let text = std::fs::read_to_string(&toc).unwrap();
    std::fs::write(
        &toc,
        text.replace("- [Résumé](notes/resume.md)\n", "- [Résumé](notes/resume.md)\n- [Abstract](notes/abstract.md)\n"),
    )
    .unwrap();
    let (_, docx) = build(d);
    let document = docx_part(&docx, "word/document.xml");
    let styles = docx_part(&docx, "word/styles.xml");
    assert!(styles.contains("<w:lang w:val=\"fr-CA\""), "the document's language");
    let abstract_at = document.find(">Abstract<").expect("the abstract's title");
    let paragraph_start = document[..abstract_at].rfind("<w:p>").unwrap();
    let body = &document[paragraph_start..];
    let end = body.find("This abstract presents").expect("its text") + 40;
    assert_eq!(body[..end].matches("<w:lang w:val=\"en-CA\"/>").count(), 2, "title and text in en-CA");
    assert!(!document.contains("w:val=\"en\"/>"));
}

#[test]
fn a_reference_document_gives_its_styles() {
    let tmp = project("carnet");
    let d = tmp.path();
    let (_, docx) = build(d);
    // A reference document: a Word file whose styles are the author's (here, ours with a mark).
    let styles = docx_part(&docx, "word/styles.xml")
        .replace("<w:name w:val=\"heading 1\"/>", "<w:name w:val=\"heading 1\"/><w:uiPriority w:val=\"7\"/>");
    let reference = {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("word/styles.xml", zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut zip, styles.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    };
    std::fs::write(d.join("styles/reference.docx"), &reference).unwrap();
    let (_, docx) = build(d);
    assert_eq!(docx_part(&docx, "word/styles.xml"), styles);
    // A file that is not a Word document: an error naming it, and no Word document written.
    std::fs::write(d.join("styles/reference.docx"), b"pas un docx").unwrap();
    std::fs::remove_dir_all(d.join("dist")).unwrap();
    let out = memoire(d, &["build", "--docx", "--date", DATE, "--quiet"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("styles/reference.docx: erreur: document de référence illisible"), "{err}");
    assert!(!d.join("dist/memoire.docx").exists());
}

#[test]
fn a_footnote_called_from_a_footnote_keeps_its_text() {
    let tmp = project("carnet");
    let d = tmp.path();
    append(
        d,
        "content/notes/4.9-animation.md",
        "\nUne phrase annotée.[^ext]\n\n[^ext]: Note externe.[^int]\n\n[^int]: Texte de la note interne.\n",
    );
    let (_, docx) = build(d);
    let footnotes = docx_part(&docx, "word/footnotes.xml");
    let outer = footnotes.find("Note externe.").expect("the outer footnote");
    let inner = footnotes.find("Texte de la note interne.").expect("the inner footnote's text");
    assert!(inner > outer && footnotes[outer..inner].contains(" ("), "in parentheses after the call");
    assert_eq!(footnotes.matches("Texte de la note interne.").count(), 1);
}

#[test]
fn the_archive_keeps_the_word_document_built_with_it() {
    let tmp = project("carnet");
    let d = tmp.path();
    let out = memoire(d, &["build", "--pdf", "--epub", "--docx", "--archive", "--date", DATE, "--quiet"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let archive = unzip(&std::fs::read(d.join(format!("dist/memoire-{DATE}.zip"))).unwrap());
    let docx = std::fs::read(d.join("dist/memoire.docx")).unwrap();
    assert_eq!(archive.get(&format!("memoire-{DATE}/memoire.docx")), Some(&docx));
    let verify = memoire(d, &["verify", &format!("dist/memoire-{DATE}.zip")]);
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stdout));
}

#[test]
fn the_folio_goes_where_the_preset_puts_it_under_a_running_head() {
    let tmp = project("carnet");
    let d = tmp.path();
    let (_, docx) = build(d);
    let (document, header, footer) = (
        docx_part(&docx, "word/document.xml"),
        docx_part(&docx, "word/header1.xml"),
        docx_part(&docx, "word/footer1.xml"),
    );
    assert!(header.contains(" STYLEREF \"heading 1\" ") && !header.contains(" PAGE "), "{header}");
    assert!(footer.contains(" PAGE "));
    // Title page without folio; front matter in roman from ii; body in arabic from 1.
    let sections: Vec<&str> = document.split("<w:sectPr>").skip(1).collect();
    assert_eq!(sections.len(), 3);
    assert!(!sections[0].contains("Reference"));
    assert!(sections[1].contains("w:fmt=\"lowerRoman\" w:start=\"2\"") && sections[1].contains("footerReference"));
    assert!(sections[2].contains("w:fmt=\"decimal\" w:start=\"1\""));
    // UQAM: the folio at the top right, in the header.
    let toml = d.join("content/memoire.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, text.replace("[memoire]\n", "[memoire]\npresentation = \"uqam\"\n")).unwrap();
    let (_, docx) = build(d);
    assert!(docx_part(&docx, "word/header1.xml").contains(" PAGE "));
    assert!(!docx_part(&docx, "word/document.xml").contains("footerReference"));
}

/// Every bookmark name of the Word document is used once (a field or link to a name used twice
/// would go to the first).
fn assert_unique_bookmarks(docx: &Path) {
    let xml = docx_part(docx, "word/document.xml");
    let mut names: Vec<&str> =
        xml.split("<w:bookmarkStart ").skip(1).filter_map(|b| b.split("w:name=\"").nth(1)?.split('"').next()).collect();
    let n = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), n, "a bookmark name used twice");
}

#[test]
fn a_heading_inside_a_quotation_has_its_own_bookmark() {
    let tmp = project("carnet");
    let d = tmp.path();
    append(d, "content/notes/4.9-animation.md", "\n> ## Dans une citation\n>\n> Un paragraphe cité.\n");
    let (_, docx) = build(d);
    assert_unique_bookmarks(&docx);
}

/// The text of each bookmark `_p…` of a Word document: (name, text).
fn paragraph_anchors(docx: &Path) -> Vec<(String, String)> {
    let xml = docx_part(docx, "word/document.xml");
    let mut out = Vec::new();
    for start in xml.split("<w:bookmarkStart ").skip(1) {
        let attr = |name: &str| start.split(&format!("{name}=\"")).nth(1).and_then(|v| v.split('"').next());
        let (Some(id), Some(name)) = (attr("w:id"), attr("w:name")) else { continue };
        let numbers = name.strip_prefix("_p").and_then(|r| r.split_once('_'));
        if !numbers.is_some_and(|(a, b)| a.parse::<usize>().is_ok() && b.parse::<usize>().is_ok()) {
            continue;
        }
        let inside = start.split(&format!("<w:bookmarkEnd w:id=\"{id}\"/>")).next().unwrap_or("");
        let text: String = inside
            .split("<w:t")
            .skip(1)
            .filter_map(|t| t.split_once('>').map(|(_, r)| r.split('<').next().unwrap_or("")))
            .collect();
        out.push((name.to_string(), text));
    }
    out
}

#[test]
fn every_paragraph_is_anchored_to_its_line_and_the_anchors_survive_libreoffice() {
    let tmp = project("carnet");
    let d = tmp.path();
    let (_, docx) = build(d);
    let (r, _) = memoire::check::run(d, false);
    let r = r.unwrap();
    let anchors = paragraph_anchors(&docx);
    let expected: usize = r.plan.reading_order().iter().map(|&i| r.doc().notes[i].paragraphs.len()).sum();
    assert!(expected > 20, "{expected}");
    assert_eq!(anchors.len(), expected, "one anchor per paragraph of the text");
    let letters = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_alphabetic()).filter(|w| w.chars().count() >= 4).map(str::to_lowercase).collect()
    };
    for (name, text) in &anchors {
        let (i, k) = name[2..].split_once('_').unwrap();
        let note = &r.doc().notes[i.parse::<usize>().unwrap()];
        let pos = note.paragraphs[k.parse::<usize>().unwrap()];
        let source = std::fs::read_to_string(d.join(&note.path)).unwrap();
        let line = source.lines().nth(pos.line - 1).unwrap();
        let first = letters(text);
        assert!(
            first.iter().take(5).any(|w| letters(line).contains(w)),
            "{name} « {text} » is not on {}:{} « {line} »",
            note.path.display(),
            pos.line
        );
    }
    // Saved again by LibreOffice (as a reviewer would with it): the same anchors, same text.
    let profile = tempfile::tempdir().unwrap();
    let out_dir = d.join("relu");
    let status = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.path().display()))
        .args(["--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir"])
        .arg(&out_dir)
        .arg(&docx)
        .output()
        .expect("LibreOffice is needed by this test; .ci/run installs it");
    assert!(status.status.success());
    assert_eq!(paragraph_anchors(&out_dir.join("memoire.docx")), anchors);
}
