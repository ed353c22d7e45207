//! The dated archive: verifiable with standard tools, rebuilds the same PDF and EPUB, holds every
//! word in `memoire.md`, byte-identical between builds, and `memoire verify` catches tampering.

use std::path::{Path, PathBuf};

use crate::support::*;
use memoire::model::Role;

const DATE: &str = "2026-11-26";

fn build_all(dir: &Path) -> PathBuf {
    let out = memoire(dir, &["build", "--date", DATE]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let zip = dir.join(format!("dist/memoire-{DATE}.zip"));
    assert!(dir.join("dist/memoire.pdf").is_file() && dir.join("dist/memoire.epub").is_file() && zip.is_file());
    zip
}

fn extract(zip: &Path, into: &Path) -> PathBuf {
    tool("unzip", &["-q", zip.to_str().unwrap(), "-d", into.to_str().unwrap()]);
    into.join(format!("memoire-{DATE}"))
}

#[test]
fn the_archive_passes_unzip_and_sha256sum_and_rebuilds_the_same_outputs() {
    let tmp = project("carnet");
    let zip = build_all(tmp.path());
    tool("unzip", &["-tq", zip.to_str().unwrap()]);
    let out = tempfile::tempdir().unwrap();
    let top = extract(&zip, out.path());
    let check = std::process::Command::new("sha256sum")
        .args(["-c", "--quiet", "SHA256SUMS"])
        .current_dir(&top)
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    // Years later: build the snapshot again, with no date given (it comes from MANIFEST.json).
    let again = memoire(&top, &["build"]);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    for f in ["memoire.pdf", "memoire.epub"] {
        let original = std::fs::read(tmp.path().join("dist").join(f)).unwrap();
        assert!(original == std::fs::read(top.join("dist").join(f)).unwrap(), "{f} rebuilt differently");
        assert!(original == std::fs::read(top.join(f)).unwrap(), "{f} in the archive differs from dist/");
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(top.join("MANIFEST.json")).unwrap()).unwrap();
    assert_eq!(manifest["date"], DATE);
    assert_eq!(manifest["notes"], 14);
    assert!(manifest["files"]["memoire.md"]["sha256"].as_str().unwrap().len() == 64);
    assert!(manifest["files"]["content/notes/images/schema.png"]["size"].as_u64().unwrap() > 0);
}

#[test]
fn memoire_md_holds_every_word_and_each_footnote_once() {
    let tmp = project("carnet");
    let out = tempfile::tempdir().unwrap();
    let top = extract(&build_all(tmp.path()), out.path());
    let raw = std::fs::read_to_string(top.join("memoire.md")).unwrap();
    let md = without_link_destinations(&raw);
    let words: Vec<String> = md.split_whitespace().map(normalize).filter(|w| !w.is_empty()).collect();
    let (resolved, _) = memoire::check::run(tmp.path(), false);
    let r = resolved.unwrap();
    let mut at = 0;
    let mut order: Vec<usize> =
        r.doc().notes.iter().enumerate().filter(|(_, n)| n.role() == Role::Abstract).map(|(i, _)| i).collect();
    for item in &r.doc().toc {
        if let memoire::model::TocKind::Note(i) = item.kind {
            if r.doc().notes[i].role() != Role::Abstract {
                order.push(i);
            }
        }
    }
    for i in order {
        // Skip the generated table of contents: look for the note after its anchor.
        let anchor = format!("<a id=\"n{i}\"></a>");
        let from = raw.find(&anchor).unwrap_or_else(|| panic!("anchor of note {i} missing"));
        let before: usize =
            without_link_destinations(&raw[..from]).split_whitespace().map(normalize).filter(|w| !w.is_empty()).count();
        at = find_in_order(&words, &note_words(&r.doc().notes[i]), before.max(at))
            .unwrap_or_else(|e| panic!("note {i}: {e}"));
    }
    let total = assert_each_footnote_once(r.doc(), &words);
    // Footnotes are numbered through the whole file: labels never collide.
    for n in 1..=total {
        assert_eq!(md.matches(&format!("\n[^{n}]: ")).count(), 1, "definition [^{n}]");
    }
    assert!(!md.contains("[^a]"), "labels are renumbered");
}

#[test]
fn two_builds_are_byte_identical() {
    let a = project("carnet");
    let b = project("carnet");
    assert!(std::fs::read(build_all(a.path())).unwrap() == std::fs::read(build_all(b.path())).unwrap());
}

/// Rewrites a zip through `edit`, which sees and changes the entries.
fn tamper(zip: &Path, name: &str, edit: impl FnOnce(&mut Vec<memoire::write::zip::ZipEntry>)) -> PathBuf {
    let files = unzip(&std::fs::read(zip).unwrap());
    let mut entries: Vec<memoire::write::zip::ZipEntry> =
        files.into_iter().map(|(path, bytes)| memoire::write::zip::ZipEntry { path, bytes, compress: true }).collect();
    edit(&mut entries);
    let out = zip.with_file_name(format!("{name}.zip"));
    let date = memoire::date::BuildDate::parse(DATE).unwrap();
    std::fs::write(&out, memoire::write::zip::write(&entries, date).unwrap()).unwrap();
    out
}

#[test]
fn verify_names_what_changed() {
    let tmp = project("carnet");
    let zip = build_all(tmp.path());
    let ok = memoire(tmp.path(), &["verify", zip.to_str().unwrap()]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("instantané intact"));

    let note = format!("memoire-{DATE}/content/notes/4.9-animation.md");
    let changed = tamper(&zip, "modifie", |e| {
        let entry = e.iter_mut().find(|x| x.path == note).unwrap();
        entry.bytes[40] ^= 1;
    });
    let removed = tamper(&zip, "retire", |e| e.retain(|x| !x.path.ends_with("content/notes/1.1-contexte.md")));
    let added = tamper(&zip, "ajoute", |e| {
        e.push(memoire::write::zip::ZipEntry {
            path: format!("memoire-{DATE}/content/notes/intrus.md"),
            bytes: b"x".to_vec(),
            compress: true,
        })
    });
    for (zip, expected) in [
        (changed, "fichier modifié (empreinte différente) : content/notes/4.9-animation.md"),
        (removed, "fichier manquant : content/notes/1.1-contexte.md"),
        (added, "fichier ajouté, absent du manifeste : content/notes/intrus.md"),
    ] {
        let out = memoire(tmp.path(), &["verify", zip.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{stderr}");
    }
}

#[test]
fn a_symlink_pointing_outside_is_not_followed() {
    let tmp = project("carnet");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "secret hors du projet").unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), tmp.path().join("content/notes/secret.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path(), tmp.path().join("styles/ailleurs")).unwrap();
    let out = memoire(tmp.path(), &["build", "--archive", "--date", DATE]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/notes/secret.txt: avertissement: lien symbolique laissé hors de l’archive"),
        "{stderr}"
    );
    let files = unzip(&std::fs::read(tmp.path().join(format!("dist/memoire-{DATE}.zip"))).unwrap());
    assert!(files.keys().all(|k| !k.contains("secret") && !k.contains("ailleurs")), "{:?}", files.keys());
    assert!(files.values().all(|b| !String::from_utf8_lossy(b).contains("secret hors du projet")));
    // Names are relative, UTF-8, under one top folder, with no `..`, hidden files or dist/.
    for k in files.keys() {
        assert!(
            k.starts_with(&format!("memoire-{DATE}/"))
                && !k.contains("..")
                && !k.contains("/.")
                && !k.contains("dist/"),
            "{k}"
        );
    }
}

/// memoire.md read back as one CommonMark file: every code block closes, code spans keep their
/// backticks, and every note title is still a heading (a raw-HTML block, printed as code, used
/// to leave its fence open and swallow the rest of the file).
#[test]
fn memoire_md_reads_back_with_every_note_heading_and_every_code_intact() {
    let tmp = project("carnet");
    append(tmp.path(), "content/notes/1.1-contexte.md", "\n<table><tr><td>brut</td></tr></table>\n\n~~~ info`avec`accents\nun ``` dedans\n~~~\n\nUn code `` a`b `` et ``` `` ``` ici, et <https://exemple.org/\\[\\>.\n");
    let zip = build_all(tmp.path());
    let out = tempfile::tempdir().unwrap();
    let md = std::fs::read_to_string(extract(&zip, out.path()).join("memoire.md")).unwrap();
    let mut diags = memoire::diag::Diagnostics::new();
    let body = memoire::load::markdown::parse_body(Path::new("memoire.md"), &md, 1, &mut diags);
    let headings: Vec<String> = body
        .blocks
        .iter()
        .filter_map(|b| match b {
            memoire::model::Block::Heading(h) => Some(memoire::text::plain_text(&h.content)),
            _ => None,
        })
        .collect();
    let (doc, _) = memoire::load::load(tmp.path());
    for n in &doc.unwrap().notes[1..] {
        let title = n.display_title();
        assert!(headings.iter().any(|h| h.contains(&n.meta.title)), "« {title} » is no longer a heading: {headings:?}");
    }
    let codes: Vec<String> = body
        .blocks
        .iter()
        .filter_map(|b| match b {
            memoire::model::Block::CodeBlock { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert!(codes.iter().any(|c| c.contains("<table><tr><td>brut</td></tr></table>")), "{codes:?}");
    assert!(codes.iter().any(|c| c == "un ``` dedans\n"), "{codes:?}");
    let mut spans = Vec::new();
    memoire::text::visit_inlines(&body.blocks, &mut |i| {
        if let memoire::model::Inline::Code(c) = i {
            spans.push(c.clone());
        }
    });
    assert!(spans.contains(&"a`b".to_string()) && spans.contains(&"``".to_string()), "{spans:?}");
    let mut urls = Vec::new();
    memoire::text::visit_inlines(&body.blocks, &mut |i| {
        if let memoire::model::Inline::Link(l) = i {
            if let memoire::model::LinkTarget::External(u) = &l.target {
                urls.push(u.clone());
            }
        }
    });
    assert!(urls.contains(&"https://exemple.org/\\[\\".to_string()), "{urls:?}");
    // …as a link, not as leftover text around an autolink.
    let mut text = String::new();
    memoire::text::visit_text(&body.blocks, &mut |t| text.push_str(t));
    assert!(!text.contains("](<"), "a link written as text: {text}");
}
