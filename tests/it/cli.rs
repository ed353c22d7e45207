//! The command line itself: help, usage errors and build reports in French, with clap's information kept.

use crate::support::*;

/// stdout, stderr and exit code of `memoire args` run in the repository (no project needed).
fn run(args: &[&str]) -> (String, String, Option<i32>) {
    let out = memoire(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), args);
    (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap(), out.status.code())
}

#[test]
fn help_is_in_french_on_every_command() {
    for args in [&["--help"][..], &["build", "--help"], &["import", "--help"], &["verify", "-h"]] {
        let (out, _, code) = run(args);
        assert_eq!(code, Some(0), "{args:?}");
        assert!(out.contains("Utilisation : memoire"), "{args:?}:\n{out}");
        assert!(out.contains("Options\u{a0}:"), "{args:?}:\n{out}");
        assert!(out.contains("-h, --help") && out.contains("Affiche l’aide"), "{args:?}:\n{out}");
        for english in ["Usage:", "Print help", "Commands:", "Arguments:", "Options:"] {
            assert!(!out.contains(english), "{args:?} prints « {english} »:\n{out}");
        }
    }
    let (out, _, _) = run(&["--help"]);
    assert!(out.contains("Commandes\u{a0}:") && out.contains("Affiche la version"), "{out}");
    assert!(!out.lines().any(|l| l.trim_start().starts_with("help ")), "no `help` subcommand listed:\n{out}");
}

#[test]
fn help_as_a_word_shows_the_help_of_the_command_after_it() {
    assert_eq!(run(&["help", "build"]).0, run(&["build", "--help"]).0);
    assert_eq!(run(&["aide"]).0, run(&["--help"]).0);
}

#[test]
fn a_usage_error_says_what_is_wrong_in_french_with_clap_suggestion() {
    let (out, err, code) = run(&["buidl"]);
    assert_eq!((out.as_str(), code), ("", Some(2)));
    assert!(err.starts_with("erreur: commande inconnue : «\u{a0}buidl\u{a0}»"), "{err}");
    assert!(err.contains("suggestion : «\u{a0}build\u{a0}» ?"), "{err}");
    assert!(err.contains("Pour en savoir plus : memoire --help"), "{err}");

    let (_, err, code) = run(&["build", "--pfd"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("option inconnue : «\u{a0}--pfd\u{a0}»"), "{err}");
    assert!(err.contains("Utilisation : memoire build [OPTIONS]"), "{err}");
    assert!(err.contains("Pour en savoir plus : memoire build --help"), "{err}");

    let (_, err, code) = run(&["import"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("il manque «\u{a0}<FICHIER>...\u{a0}»"), "{err}");

    let (_, err, _) = run(&["build", "--date"]);
    assert!(err.contains("il manque la valeur de «\u{a0}--date <AAAA-MM-JJ>\u{a0}»"), "{err}");
    for (_, err, _) in [run(&["buidl"]), run(&["build", "--pfd"]), run(&["import"]), run(&["build", "--date"])] {
        assert!(!err.contains("error:") && !err.contains("Usage:") && !err.contains("tip:"), "{err}");
    }
}

#[test]
fn a_build_reports_its_files_and_times_with_french_decimals() {
    let dir = project("carnet");
    let out = memoire(dir.path(), &["build", "--epub", "--date", "2026-11-26", "--timings"]);
    let (stdout, stderr) = (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap());
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("écrit dist/memoire.epub ("), "{stdout}");
    let done = stdout.lines().find(|l| l.starts_with("construit en ")).expect(&stdout);
    let seconds = done["construit en ".len()..].split(' ').next().unwrap();
    assert!(seconds.contains(',') && !seconds.contains('.'), "{done}");
    let timings = stderr.lines().find(|l| l.starts_with("temps (ms) : ")).expect(&stderr);
    assert!(timings.contains("total ") && !timings.chars().any(|c| c == '.'), "{timings}");
}

#[test]
fn the_version_names_the_commit_and_typst() {
    let out = memoire(&repo(), &["--version"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(text.starts_with(&format!("memoire {} (commit ", env!("CARGO_PKG_VERSION"))), "{text}");
    assert!(text.contains(", Typst 0.15."), "{text}");
}
