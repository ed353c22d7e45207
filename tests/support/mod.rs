//! Helpers shared by the integration tests: temporary projects, running the binary, golden files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture folder under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Copies `from` into `to` recursively (files only, sorted, no symlinks followed).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    let mut entries: Vec<_> = std::fs::read_dir(from).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let kind = e.file_type().unwrap();
        let dest = to.join(e.file_name());
        if kind.is_dir() {
            copy_tree(&e.path(), &dest);
        } else if kind.is_file() {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// Runs the `memoire` binary with `args` in `dir`.
pub fn memoire(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_memoire")).args(args).current_dir(dir).output().expect("memoire runs")
}

/// Compares `actual` with the golden file `path`; with `UPDATE_GOLDEN=1`, rewrites it instead.
pub fn golden(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path)
        .unwrap_or_else(|_| panic!("{} is missing: run `make golden` to create it", path.display()));
    assert_eq!(actual, expected, "output differs from {} (`make golden` rewrites it)", path.display());
}

/// Words of `text`: white-space separated tokens holding a letter or digit.
pub fn words(text: &str) -> Vec<String> {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).map(str::to_string).collect()
}
