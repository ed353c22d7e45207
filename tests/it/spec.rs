//! The CommonMark spec as a peer's test suite: its 652 examples, one note each, in one carnet.
//! The examples come from the npm package `commonmark-spec` (0.31.2), installed by `.ci/run`
//! under `target/commonmark-spec/` — never copied into the repository.
//!
//! It asserts: memoire never crashes on any example (`check`, and each output built alone: a
//! panic exits 101, a signal has no code); every example `check` accepts builds in all three
//! outputs; `memoire.md` read back as one CommonMark file keeps every note title as a heading;
//! EPUBCheck finds no error in the EPUB. What `check` refuses is counted and printed
//! (`cargo test spec -- --nocapture`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::*;

fn spec_file() -> PathBuf {
    let path = std::env::var_os("COMMONMARK_SPEC")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target/commonmark-spec/node_modules/commonmark-spec/spec.txt"));
    assert!(
        path.is_file(),
        "{} missing: run .ci/run, or `npm install --prefix target/commonmark-spec commonmark-spec@0.31.2`",
        path.display()
    );
    path
}

/// The Markdown of each example (the spec writes a tab as →).
fn examples(spec: &str) -> Vec<String> {
    let fence = "````````````````````````````````";
    let mut out = Vec::new();
    let mut lines = spec.lines();
    while let Some(l) = lines.next() {
        if l == format!("{fence} example") {
            let mut md = String::new();
            for l in lines.by_ref() {
                if l == "." {
                    break;
                }
                md.push_str(&l.replace('→', "\t"));
                md.push('\n');
            }
            for l in lines.by_ref() {
                if l == fence {
                    break;
                }
            }
            out.push(md);
        }
    }
    out
}

/// The example with its relative link destinations (`/uri`, `foo`) made web addresses: in the
/// spec they stand for any target, in a carnet they would name notes that do not exist.
fn web_links(md: &str) -> String {
    let web = |dest: &str| {
        let bare = dest.trim_start_matches('<');
        let relative = !bare.is_empty()
            && !bare.starts_with('#')
            && !bare.contains(':')
            && !bare.starts_with(|c: char| c.is_whitespace() || c == ')' || c == '>');
        if relative {
            format!("{}https://example.org/{}", &dest[..dest.len() - bare.len()], bare.trim_start_matches('/'))
        } else {
            dest.to_string()
        }
    };
    let mut out = String::new();
    for line in md.split_inclusive('\n') {
        // A link reference definition: `[label]: destination`.
        let t = line.trim_start();
        if let Some((label, rest)) = t.strip_prefix('[').and_then(|r| r.split_once("]:")) {
            let dest = rest.trim_start();
            out.push_str(&line[..line.len() - t.len()]);
            out.push_str(&format!("[{label}]:{}{}", &rest[..rest.len() - dest.len()], web(dest)));
            continue;
        }
        let mut rest = line;
        while let Some(k) = rest.find("](") {
            out.push_str(&rest[..k + 2]);
            rest = &rest[k + 2..];
            let w = web(rest);
            out.push_str(&w[..w.len() - rest.len()]);
        }
        out.push_str(rest);
    }
    out
}

/// What `check` may refuse in the spec's examples: design choices documented in
/// docs/format.md, each with its message.
const DOCUMENTED_REFUSALS: &[&str] = &[
    "lien vers une note inexistante", // only after web_links: a link into the carnet
    "ancre #",                        // a link to an anchor the note does not have
    "image hors du dossier",          // images are read in the project only
    "image introuvable",
    "image sur le Web",                  // no network at build time
    "format d’image non pris en charge", // a format one of the outputs cannot show
    "caractère « ",                      // a character no embedded font has (PDF)
    "figure sans texte de remplacement", // under PDF/UA
];

fn crashed(out: &Output) -> bool {
    out.status.code().is_none_or(|c| c == 101)
}

/// A carnet of one note per example under `dir`.
fn spec_carnet(dir: &Path, examples: &[String]) {
    let notes = dir.join("content/notes");
    std::fs::create_dir_all(&notes).unwrap();
    std::fs::create_dir_all(dir.join("bibliography")).unwrap();
    copy_tree(&repo().join("styles"), &dir.join("styles"));
    let mut toc = String::from("---\ntitle: Table des matières\n---\n\n");
    for (k, md) in examples.iter().enumerate() {
        let n = k + 1;
        std::fs::write(notes.join(format!("ex-{n:03}.md")), format!("---\ntitle: Exemple {n}\n---\n\n{md}")).unwrap();
        toc.push_str(&format!("- [Exemple {n}](notes/ex-{n:03}.md)\n"));
    }
    std::fs::write(dir.join("content/table-des-matieres.md"), toc).unwrap();
    std::fs::write(
        dir.join("content/memoire.toml"),
        "[memoire]\ntitle = \"La spécification CommonMark\"\nauthor = \"Essai\"\n",
    )
    .unwrap();
}

/// Runs `check` on a carnet of `examples`: the numbers (from 1) of the notes with an error,
/// and the errors counted by kind (the start of their message).
fn refused(dir: &Path, examples: &[String]) -> (BTreeSet<usize>, BTreeMap<String, usize>) {
    spec_carnet(dir, examples);
    let check = memoire(dir, &["check"]);
    assert!(!crashed(&check), "check crashed: {}", String::from_utf8_lossy(&check.stderr));
    let mut notes = BTreeSet::new();
    let mut kinds = BTreeMap::new();
    for l in String::from_utf8_lossy(&check.stderr).lines().filter(|l| l.contains(": erreur: ")) {
        if let Some(n) = l.strip_prefix("content/notes/ex-").and_then(|r| r.get(..3)).and_then(|n| n.parse().ok()) {
            notes.insert(n);
        }
        let why: String =
            l.split(": erreur: ").nth(1).unwrap_or("").split_whitespace().take(4).collect::<Vec<_>>().join(" ");
        *kinds.entry(why).or_default() += 1;
    }
    (notes, kinds)
}

#[test]
fn no_example_of_the_commonmark_spec_crashes_memoire() {
    let spec = std::fs::read_to_string(spec_file()).unwrap();
    let mut all = examples(&spec);
    assert_eq!(all.len(), 652, "the 0.31.2 spec has 652 examples");
    let tmp = tempfile::tempdir().unwrap();
    let (notes, kinds) = refused(tmp.path(), &all);
    println!("check, examples as written: {} notes refused; errors by kind: {kinds:#?}", notes.len());
    // Every output, each alone (a carnet with errors builds nothing: no crash is what counts).
    for flag in ["--pdf", "--epub", "--archive"] {
        let out = memoire(tmp.path(), &["build", flag, "--date", "2026-11-26", "--quiet"]);
        assert!(!crashed(&out), "build {flag} crashed: {}", String::from_utf8_lossy(&out.stderr));
    }
    // Links to missing notes become web links, then the carnet is checked again.
    let stderr = String::from_utf8_lossy(&memoire(tmp.path(), &["check"]).stderr).to_string();
    for l in stderr.lines().filter(|l| l.contains(": erreur: lien vers une note inexistante")) {
        if let Some(n) =
            l.strip_prefix("content/notes/ex-").and_then(|r| r.get(..3)).and_then(|n| n.parse::<usize>().ok())
        {
            all[n - 1] = web_links(&all[n - 1]);
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let (notes, kinds) = refused(tmp.path(), &all);
    println!("check, relative links made web links: {} notes refused; errors by kind: {kinds:#?}", notes.len());
    let undocumented: Vec<&String> = kinds
        .keys()
        .filter(|k| !DOCUMENTED_REFUSALS.iter().any(|d| k.starts_with(d) || d.starts_with(k.as_str())))
        .collect();
    assert!(undocumented.is_empty(), "refusals that are not documented design choices: {undocumented:?}");
    // Without the examples check refuses, every output builds.
    let kept: Vec<String> =
        all.iter().enumerate().filter(|(k, _)| !notes.contains(&(k + 1))).map(|(_, md)| md.clone()).collect();
    let tmp2 = tempfile::tempdir().unwrap();
    spec_carnet(tmp2.path(), &kept);
    // Check and build agree: every example check accepts builds in all three outputs.
    let out = memoire(tmp2.path(), &["build", "--date", "2026-11-26", "--quiet"]);
    assert!(out.status.success(), "{} accepted examples: {}", kept.len(), String::from_utf8_lossy(&out.stderr));
    println!("build of the {} examples check accepts: PDF, EPUB and archive made", kept.len());
    // For `make conformance`: the PDF with the deepest structure tree memoire makes.
    if let Some(copy) = std::env::var_os("SPEC_PDF_COPY") {
        std::fs::copy(tmp2.path().join("dist/memoire.pdf"), copy).unwrap();
    }
    // memoire.md read as one CommonMark file: every note's title is still a heading.
    let zip = std::fs::read(tmp2.path().join("dist/memoire-2026-11-26.zip")).unwrap();
    let md = String::from_utf8(unzip(&zip)["memoire-2026-11-26/memoire.md"].clone()).unwrap();
    let mut diags = memoire::diag::Diagnostics::new();
    let body = memoire::load::markdown::parse_body(Path::new("memoire.md"), &md, 1, &mut diags);
    let mut headings = std::collections::HashSet::new();
    memoire::text::visit_blocks(&body.blocks, &mut |b| {
        if let memoire::model::Block::Heading(h) = b {
            headings.insert(memoire::text::plain_text(&h.content));
        }
    });
    let lost: Vec<usize> = (1..=kept.len()).filter(|n| !headings.contains(&format!("Exemple {n}"))).collect();
    println!("memoire.md: {} of {} note titles are headings when read back", kept.len() - lost.len(), kept.len());
    assert!(lost.is_empty(), "titles no longer headings in memoire.md: {lost:?}");
    // Each note's section of memoire.md reads back as the note (see roundtrip.rs).
    let compared = crate::roundtrip::assert_round_trip(tmp2.path());
    println!("memoire.md: {compared} notes read back as their source");
    let report = epubcheck(&tmp2.path().join("dist/memoire.epub"));
    let errors: Vec<&str> = report.lines().filter(|l| l.starts_with("ERROR") || l.starts_with("FATAL")).collect();
    println!("EPUBCheck: {} errors", errors.len());
    assert!(errors.is_empty(), "{errors:#?}");
}
