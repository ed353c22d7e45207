//! The EPUB, judged by EPUBCheck: valid, nothing lost, footnotes scoped per note, every link
//! resolving, reproducible.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::*;
use memoire::model::Role;

fn build_epub(dir: &std::path::Path) -> Vec<u8> {
    let out = memoire(dir, &["build", "--epub", "--date", "2026-11-26"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::read(dir.join("dist/memoire.epub")).unwrap()
}

fn assert_clean(report: &str) {
    assert!(report.contains("Messages: 0 fatals / 0 errors / 0 warnings"), "EPUBCheck:\n{report}");
}

#[test]
fn epubcheck_accepts_the_fixture_and_the_memoire() {
    let fixture = project("carnet");
    build_epub(fixture.path());
    assert_clean(&epubcheck(&fixture.path().join("dist/memoire.epub")));
    let memoire_dir = memoire_project();
    build_epub(memoire_dir.path());
    assert_clean(&epubcheck(&memoire_dir.path().join("dist/memoire.epub")));
}

#[test]
fn every_word_and_every_footnote_exactly_once() {
    let tmp = project("carnet");
    let files = unzip(&build_epub(tmp.path()));
    let (resolved, _) = memoire::check::run(tmp.path(), false);
    let r = resolved.unwrap();
    let mut all_text = String::new();
    for (i, note) in r.doc().notes.iter().enumerate() {
        if note.role() == Role::Toc {
            continue;
        }
        let name = format!("EPUB/text/n{i:03}.xhtml");
        let xml = String::from_utf8(files.get(&name).unwrap_or_else(|| panic!("{name} missing")).clone()).unwrap();
        let words: Vec<String> = xhtml_text(&xml).split_whitespace().map(normalize).filter(|w| !w.is_empty()).collect();
        find_in_order(&words, &note_words(note), 0).unwrap_or_else(|e| panic!("{name}: {e}"));
        // One aside per footnote of this note, even when another note uses the same labels.
        assert_eq!(xml.matches("<aside epub:type=\"footnote\"").count(), note.footnotes.len(), "{name}");
        all_text.push_str(&words.join(" "));
        all_text.push(' ');
    }
    let all_words: Vec<String> = all_text.split_whitespace().map(str::to_string).collect();
    let footnotes = assert_each_footnote_once(r.doc(), &all_words);
    assert!(footnotes >= 8);
}

#[test]
fn every_internal_link_resolves() {
    let tmp = project("carnet");
    let files = unzip(&build_epub(tmp.path()));
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, bytes) in &files {
        if name.ends_with(".xhtml") {
            let xml = String::from_utf8_lossy(bytes);
            ids.insert(name.clone(), attr_values(&xml, "id").into_iter().collect());
        }
    }
    let mut checked = 0;
    for (name, bytes) in &files {
        let xml = String::from_utf8_lossy(bytes);
        let (base, attr) = match name.as_str() {
            "EPUB/package.opf" => ("EPUB/", "href"),
            "EPUB/toc.ncx" => ("EPUB/", "src"),
            n if n.ends_with(".xhtml") => ("EPUB/text/", "href"),
            _ => continue,
        };
        for target in attr_values(&xml, attr) {
            if target.starts_with("http") || target.starts_with("mailto:") {
                continue;
            }
            let (file, frag) = target.split_once('#').map_or((target.as_str(), None), |(f, a)| (f, Some(a)));
            let path = if file.is_empty() { name.clone() } else { normalize_path(&format!("{base}{file}")) };
            assert!(files.contains_key(&path), "{name}: link to missing file {target}");
            if let Some(frag) = frag {
                assert!(ids[&path].contains(frag), "{name}: link to missing id {target}");
            }
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} links checked");
}

fn normalize_path(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[test]
fn two_builds_are_byte_identical_and_mimetype_comes_first() {
    let a = project("carnet");
    let b = project("carnet");
    let first = build_epub(a.path());
    assert_eq!(first, build_epub(b.path()));
    // `mimetype` first, stored, no extra field: the bytes right after the local header.
    assert_eq!(&first[30..38], b"mimetype");
    assert_eq!(&first[38..58], b"application/epub+zip");
}

#[test]
fn web_addresses_are_percent_encoded_so_epubcheck_accepts_them() {
    let tmp = project("carnet");
    append(tmp.path(), "content/notes/1.1-contexte.md", "\nLiens : [a](<https://exemple.org/a b>), [b](https://exemple.org/é[x]), <https://exemple.org/\\[\\>, [c](https://exemple.org/%20ok).\n");
    let out = memoire(tmp.path(), &["build", "--date", "2026-11-26", "--quiet"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let epub = tmp.path().join("dist/memoire.epub");
    let report = epubcheck(&epub);
    assert!(report.contains("No errors or warnings detected"), "{report}");
    let files = unzip(&std::fs::read(&epub).unwrap());
    let page = files.values().map(|b| String::from_utf8_lossy(b).to_string()).find(|s| s.contains("Liens")).unwrap();
    for href in [
        "https://exemple.org/a%20b",
        "https://exemple.org/%C3%A9%5Bx%5D",
        "https://exemple.org/%5C%5B%5C",
        "https://exemple.org/%20ok",
    ] {
        assert!(page.contains(&format!("href=\"{href}\"")), "{href}: {page}");
    }
}
