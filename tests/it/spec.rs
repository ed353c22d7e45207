//! The CommonMark spec as a peer's test suite: its 652 examples, one note each, in one carnet.
//! The examples come from the npm package `commonmark-spec` (0.31.2), installed by `.ci/run`
//! under `target/commonmark-spec/` — never copied into the repository.
//!
//! It asserts: memoire never crashes on any example (`check`, and each output built alone: a
//! panic exits 101, a signal has no code); every example `check` accepts builds in all three
//! outputs; `memoire.md` read back as one CommonMark file keeps every note title as a heading;
//! EPUBCheck finds no error in the EPUB. What `check` refuses is counted and printed
//! (`cargo test spec -- --nocapture`).

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

#[test]
fn no_example_of_the_commonmark_spec_crashes_memoire() {
    let spec = std::fs::read_to_string(spec_file()).unwrap();
    let all = examples(&spec);
    assert_eq!(all.len(), 652, "the 0.31.2 spec has 652 examples");
    let tmp = tempfile::tempdir().unwrap();
    spec_carnet(tmp.path(), &all);
    let check = memoire(tmp.path(), &["check"]);
    assert!(!crashed(&check), "check crashed: {}", String::from_utf8_lossy(&check.stderr));
    let stderr = String::from_utf8_lossy(&check.stderr).to_string();
    // Which examples check refuses, and why (first words of the message).
    let mut refused: std::collections::BTreeMap<String, usize> = Default::default();
    let mut notes_with_errors = std::collections::BTreeSet::new();
    for l in stderr.lines().filter(|l| l.contains(": erreur: ")) {
        if let Some(file) = l.split(':').next() {
            notes_with_errors.insert(file.to_string());
        }
        let why: String =
            l.split(": erreur: ").nth(1).unwrap_or("").split_whitespace().take(4).collect::<Vec<_>>().join(" ");
        *refused.entry(why).or_default() += 1;
    }
    println!("check: {} notes with an error; errors by kind: {refused:#?}", notes_with_errors.len());
    // Every output, each alone (a carnet with errors builds nothing: no crash is what counts).
    for flag in ["--pdf", "--epub", "--archive"] {
        let out = memoire(tmp.path(), &["build", flag, "--date", "2026-11-26", "--quiet"]);
        assert!(!crashed(&out), "build {flag} crashed: {}", String::from_utf8_lossy(&out.stderr));
    }
    // Without the examples check refuses, every output builds.
    let kept: Vec<String> = all
        .iter()
        .enumerate()
        .filter(|(k, _)| !notes_with_errors.contains(&format!("content/notes/ex-{:03}.md", k + 1)))
        .map(|(_, md)| md.clone())
        .collect();
    let tmp2 = tempfile::tempdir().unwrap();
    spec_carnet(tmp2.path(), &kept);
    // Check and build agree: every example check accepts builds in all three outputs.
    let out = memoire(tmp2.path(), &["build", "--date", "2026-11-26", "--quiet"]);
    assert!(out.status.success(), "{} accepted examples: {}", kept.len(), String::from_utf8_lossy(&out.stderr));
    println!("build of the {} examples check accepts: PDF, EPUB and archive made", kept.len());
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
    let report = epubcheck(&tmp2.path().join("dist/memoire.epub"));
    let errors: Vec<&str> = report.lines().filter(|l| l.starts_with("ERROR") || l.starts_with("FATAL")).collect();
    println!("EPUBCheck: {} errors", errors.len());
    assert!(errors.is_empty(), "{errors:#?}");
}
