//! The EPUB marks the PDF's pages: for every page of the PDF, the text after the EPUB's marker of
//! that page begins with the words that begin the page's text block (pdftotext); the page-list
//! lists them all, in order; EPUBCheck and Ace by DAISY accept the EPUB.

use std::path::Path;

use crate::support::*;

/// Words as this test compares them: letters and digits, lowercased; a footnote call glued to a
/// word (« apprentissage68 ») is left out, since the PDF numbers the notes through the mémoire
/// and the EPUB note by note.
fn words_of(text: &str) -> Vec<String> {
    let word = |w: &str| {
        let letters = w.trim_end_matches(|c: char| c.is_ascii_digit());
        if letters.chars().any(char::is_alphabetic) { letters } else { w }.to_lowercase()
    };
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(word).collect()
}

/// The first words of the text block of each page of `pdf` (what lies within 68 pt of the top or
/// bottom edge — running heads, folios — left out).
fn pdf_page_starts(pdf: &Path, count: usize) -> Vec<Vec<String>> {
    let xml = tool("pdftotext", &["-bbox-layout", pdf.to_str().unwrap(), "-"]);
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).expect("an attribute") + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    let mut out = Vec::new();
    for page in xml.split("<page ").skip(1) {
        let height = attr(page, "height");
        let mut first = Vec::new();
        for line in page.split("<line").skip(1) {
            if attr(line, "yMin") < 68.0 || attr(line, "yMax") > height - 68.0 {
                continue;
            }
            for word in line.split("<word").skip(1) {
                let text = word.split_once('>').unwrap().1.split("</word>").next().unwrap();
                let text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
                first.extend(words_of(&text));
            }
            if first.len() >= count {
                break;
            }
        }
        first.truncate(count);
        out.push(first);
    }
    out
}

/// A page marker of the EPUB: its id, whether it opens a list item, the words after it.
type Marker = (String, bool, Vec<String>);

/// What follows each page marker of `epub`, in the spine's order, and the page-list's targets
/// in order.
fn epub_page_starts(epub: &Path, count: usize) -> (Vec<Marker>, Vec<String>) {
    let files = unzip(&std::fs::read(epub).unwrap());
    let text = |p: &str| String::from_utf8(files[p].clone()).unwrap();
    let opf = text("EPUB/package.opf");
    let mut flow = String::new();
    for idref in opf.split("<itemref idref=\"").skip(1).map(|s| s.split('"').next().unwrap()) {
        let href = opf.split(&format!("id=\"{idref}\" href=\"")).nth(1).unwrap().split('"').next().unwrap();
        let xhtml = text(&format!("EPUB/{href}"));
        let body = xhtml.split_once("<body").unwrap().1.split_once('>').unwrap().1;
        // The page-list itself (hidden) is not text that follows a page.
        let body = match body.split_once("<nav epub:type=\"page-list\"") {
            Some((before, after)) => format!("{before}{}", after.split_once("</nav>").unwrap().1),
            None => body.to_string(),
        };
        flow.push_str(&body);
    }
    let mut markers = Vec::new();
    for (at, _) in flow.match_indices("<span epub:type=\"pagebreak\"") {
        let tag = &flow[at..];
        let id = tag.split("id=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        let in_item = flow[..at].trim_end().ends_with("<li>");
        let after = &tag[tag.find("</span>").unwrap() + 7..];
        let end = (after.len().min(4000)..=after.len()).find(|&e| after.is_char_boundary(e)).unwrap();
        let plain = xhtml_text(&format!("<body>{}</body>", &after[..end]));
        let mut w = words_of(&plain);
        w.truncate(count);
        markers.push((id, in_item, w));
    }
    let nav = text("EPUB/text/nav.xhtml");
    let list = nav.split("<nav epub:type=\"page-list\"").nth(1).expect("a page-list").split("</nav>").next().unwrap();
    let targets =
        list.split("href=\"").skip(1).map(|h| h.split('#').nth(1).unwrap().split('"').next().unwrap().to_string());
    (markers, targets.collect())
}

/// Ace by DAISY (`make ace` installs it; it runs in Debian's chromium): no violation, the page
/// breaks seen, and the pages' source is the PDF, named by its checksum.
fn ace_accepts(epub: &Path, pdf: &[u8]) {
    use sha2::Digest as _;
    let ace = repo().join("target/ace/node_modules/.bin/ace-cli");
    let out_dir = epub.parent().unwrap().join("ace");
    let run = std::process::Command::new(&ace)
        .args(["--silent", "--outdir", out_dir.to_str().unwrap(), "--force", epub.to_str().unwrap()])
        .env("PUPPETEER_EXECUTABLE_PATH", std::env::var("CHROMIUM").unwrap_or("/usr/bin/chromium".into()))
        .output()
        .unwrap_or_else(|e| panic!("Ace ({}) is needed by this test ({e}): make ace", ace.display()));
    assert!(run.status.success(), "Ace failed: {}", String::from_utf8_lossy(&run.stderr));
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("report.json")).unwrap()).unwrap();
    let violations: Vec<String> = report["assertions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["assertions"].as_array().cloned().unwrap_or_default())
        .map(|v| format!("{} ({})", v["earl:test"]["dct:title"], v["earl:test"]["earl:impact"]))
        .collect();
    assert!(violations.is_empty(), "Ace: {violations:?}");
    assert_eq!(report["earl:result"]["earl:outcome"], "pass");
    assert_eq!(report["properties"]["hasPageBreaks"], true, "Ace sees no page break");
    let headings = report["outlines"]["headings"].as_str().unwrap_or_default();
    assert!(headings.contains("Pages du PDF"), "the page-list is not in Ace's outline");
    let sha: String = sha2::Sha256::digest(pdf).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(report["earl:testSubject"]["metadata"]["pageBreakSource"], format!("sha256:{sha}"));
    let features = report["earl:testSubject"]["metadata"]["schema:accessibilityFeature"].to_string();
    assert!(features.contains("pageNavigation") && features.contains("printPageNumbers"), "{features}");
}

/// Builds `root` and checks every page; returns (pages, pages whose marker is followed by their
/// first words).
fn every_page_is_marked(root: &Path) -> (usize, usize) {
    let out = memoire(root, &["build", "--pdf", "--epub", "--date", "2026-11-26", "-q"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (pdf, epub) = (root.join("dist/memoire.pdf"), root.join("dist/memoire.epub"));
    let report = epubcheck(&epub);
    assert!(report.contains("0 fatals / 0 errors / 0 warnings"), "{report}");
    ace_accepts(&epub, &std::fs::read(&pdf).unwrap());
    const COUNT: usize = 2;
    let pages = pdf_page_starts(&pdf, COUNT + 1);
    let (markers, list) = epub_page_starts(&epub, COUNT);
    assert_eq!(list.len(), pages.len(), "the page-list has one entry per page of the PDF");
    let ids: Vec<&String> = markers.iter().map(|(id, _, _)| id).collect();
    assert_eq!(list.iter().collect::<Vec<_>>(), ids, "markers in the EPUB's reading order are the pages' order");
    let mut matching = 0;
    let mut misses = Vec::new();
    for (n, (pdf_words, (id, in_item, epub_words))) in pages.iter().zip(&markers).enumerate() {
        // A numbered list's number is drawn by the reading system, not text of the EPUB.
        let skip = usize::from(*in_item && pdf_words.first().is_some_and(|w| w.chars().all(|c| c.is_ascii_digit())));
        let expected: Vec<&String> = pdf_words.iter().skip(skip).take(COUNT).collect();
        if expected == epub_words.iter().collect::<Vec<_>>() {
            matching += 1;
        } else {
            misses.push(format!("page {} ({id}) : PDF {pdf_words:?}, EPUB {epub_words:?}", n + 1));
        }
    }
    assert!(misses.is_empty(), "{} of {} pages:\n{}", misses.len(), pages.len(), misses.join("\n"));
    (pages.len(), matching)
}

#[test]
fn each_page_of_the_fixture_pdf_is_marked_in_the_epub() {
    let tmp = project("carnet");
    let (pages, matching) = every_page_is_marked(tmp.path());
    assert_eq!(matching, pages);
    // Another process (other addresses for the values the markers are tied to): the same bytes.
    let first = std::fs::read(tmp.path().join("dist/memoire.epub")).unwrap();
    let out = memoire(tmp.path(), &["build", "--pdf", "--epub", "--date", "2026-11-26", "-q"]);
    assert!(out.status.success());
    assert!(std::fs::read(tmp.path().join("dist/memoire.epub")).unwrap() == first, "a rebuild changed the EPUB");
    // Built alone, the EPUB has no PDF to mark: no page-list, no page-navigation claim.
    let out = memoire(tmp.path(), &["build", "--epub", "--date", "2026-11-26", "-q"]);
    assert!(out.status.success());
    let files = unzip(&std::fs::read(tmp.path().join("dist/memoire.epub")).unwrap());
    assert!(!String::from_utf8_lossy(&files["EPUB/text/nav.xhtml"]).contains("page-list"));
    assert!(!String::from_utf8_lossy(&files["EPUB/package.opf"]).contains("pageNavigation"));
    assert!(epubcheck(&tmp.path().join("dist/memoire.epub")).contains("0 fatals / 0 errors / 0 warnings"));
}

#[test]
fn each_page_of_the_memoire_pdf_is_marked_in_the_epub() {
    let tmp = memoire_project();
    every_page_is_marked(tmp.path());
}

#[test]
fn each_page_of_a_65_note_pdf_is_marked_in_the_epub() {
    let tmp = tempfile::tempdir().unwrap();
    crate::generator::write_carnet(tmp.path(), crate::generator::Spec { notes: 65, words_per_note: 560, seed: 1 })
        .unwrap();
    let (pages, _) = every_page_is_marked(tmp.path());
    assert!(pages > 100, "{pages} pages");
}

#[test]
fn a_page_that_begins_with_a_figure_is_marked_before_the_figure() {
    let tmp = project("carnet");
    let root = tmp.path();
    // A figure too tall to share its page with the end of note 1.2: it opens the next page.
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="150" viewBox="0 0 100 150"><rect x="5" y="5" width="90" height="140" fill="none" stroke="black"/></svg>"#;
    std::fs::write(root.join("content/notes/images/haute.svg"), svg).unwrap();
    append(
        root,
        "content/notes/1.2-definitions.md",
        "\n\n![Un schéma haut](images/haute.svg \"Une figure qui occupe la page\")\n\nLe texte reprend après la grande figure.\n",
    );
    let (pages, matching) = every_page_is_marked(root);
    assert_eq!(matching, pages);
    let starts = pdf_page_starts(&root.join("dist/memoire.pdf"), 3);
    let page =
        starts.iter().position(|w| w.first().is_some_and(|w| w == "figure")).expect("a page begins with the figure");
    let files = unzip(&std::fs::read(root.join("dist/memoire.epub")).unwrap());
    let xhtml: String =
        files.iter().filter(|(p, _)| p.ends_with(".xhtml")).map(|(_, b)| String::from_utf8_lossy(b)).collect();
    let nav = String::from_utf8_lossy(&files["EPUB/text/nav.xhtml"]).to_string();
    let list = nav.split("epub:type=\"page-list\"").nth(1).unwrap();
    let id = list.split("href=\"").nth(page + 1).unwrap().split('#').nth(1).unwrap().split('"').next().unwrap();
    let marker = format!("id=\"{id}\" aria-label=");
    let at = xhtml.find(&marker).expect("the page's marker");
    let after = &xhtml[at..];
    assert!(after[after.find("</span>").unwrap() + 7..].trim_start().starts_with("<figure"), "{}", &after[..200]);
}
