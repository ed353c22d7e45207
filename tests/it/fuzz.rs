//! Random input for the loaders of outside text (issue 25: « consider fuzz targets »): `.bib`
//! files, front matter, note bodies, page copies and zip archives made of the pieces their
//! grammars are built from, in any order. Each must end — an error or a value — without a panic,
//! in bounded time. `cargo fuzz` needs a nightly toolchain this project's machines cannot
//! fetch; these run 256 cases each in `make test`, and `make fuzz` (`FUZZ_CASES=100000`) runs
//! longer.

use proptest::prelude::*;

/// Text made of `pieces` (a grammar's tokens) and random characters.
fn text_of(pieces: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(pieces).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
        1 => "[a-zA-Zé0-9 ]{1,8}",
    ];
    proptest::collection::vec(piece, 0..max).prop_map(|v| v.concat())
}

/// Cases per property: `FUZZ_CASES`, else 256.
fn cases() -> u32 {
    std::env::var("FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256)
}

const BIB: &[&str] = &[
    "@book{",
    "@article(",
    "@string{",
    "@xdata{",
    "@comment{",
    "@preamble{",
    "}",
    ")",
    "{",
    "\"",
    ",",
    " = ",
    " # ",
    "crossref",
    "xdata",
    "title",
    "author",
    "year",
    "url",
    "a1",
    "a2",
    "s1",
    "s2",
    "\\",
    "%",
    "\n",
    "and",
    "jan",
];
const YAML: &[&str] = &[
    "---\n",
    "title: ",
    "number: ",
    "status: ",
    "role: ",
    "\"",
    "'",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "\n",
    "  ",
    "#",
    "|",
    ">",
    "!!str ",
    "4.13",
    "à importer",
    "\t",
];
const MARKDOWN: &[&str] = &[
    "[",
    "]",
    "(",
    ")",
    "[@",
    "@",
    "^",
    "[^1]",
    "[^1]: ",
    "*",
    "_",
    "**",
    "`",
    "```\n",
    "> ",
    "- ",
    "1. ",
    "#",
    "## ",
    "<span lang=\"en\">",
    "</span>",
    "<div lang=\"x\">",
    "</div>",
    "<!--",
    "-->",
    "![",
    "|",
    "---",
    "\n",
    "\n\n",
    "https://",
    "javascript:",
    "../",
    "&amp;",
    "\\",
];
const PAGE: &[&str] = &[
    "4.13. ",
    " | Mémoire sur les communautés de pratique / ",
    "résultats",
    "ℹ️ Contexte",
    "Suite : ",
    "• ",
    "4.13.1. ",
    "(Wenger, 1998)",
    "(idem)",
    "(p. 12)",
    "Table des matières | Résumé | Références",
    "\n",
    "note Note(s) liée(s)",
    "6 décembre 2023 17:39",
    "(consulté en mai 2020)",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn bib_files_end_in_a_value_or_an_error(text in text_of(BIB, 120)) {
        let scan = memoire::load::bibscan::scan(&text);
        // What the loader does: the reader runs only on a file the scan accepted.
        if scan.problem.is_none() {
            let _ = hayagriva::io::from_biblatex_str(&text);
        }
    }

    #[test]
    fn front_matter_ends_in_a_value_or_an_error(text in text_of(YAML, 60)) {
        let split = memoire::load::frontmatter::split(&text);
        let mut diags = memoire::diag::Diagnostics::new();
        let _ = memoire::load::frontmatter::parse(std::path::Path::new("n.md"), &split, &mut diags);
    }

    #[test]
    fn note_bodies_end_in_blocks(text in text_of(MARKDOWN, 150)) {
        let mut diags = memoire::diag::Diagnostics::new();
        let _ = memoire::load::markdown::parse_body(std::path::Path::new("content/n.md"), &text, 1, &mut diags);
    }

    #[test]
    fn page_copies_end_in_a_page_or_a_refusal(text in text_of(PAGE, 60)) {
        let _ = memoire::import::parse_page(text.as_bytes());
    }

    #[test]
    fn archives_of_random_bytes_are_judged(bytes in proptest::collection::vec(any::<u8>(), 0..2_000)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.zip");
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend(bytes);
        std::fs::write(&path, zip).unwrap();
        prop_assert!(!memoire::write::archive::verify(&path).intact());
    }
}
