//! Writing the imported note: its Markdown body (sub-headings, lists, citations, escaped text)
//! and its front matter, serialised by the YAML library.

use std::fmt::Write as _;
use std::path::Path;

use super::citations::{citables, norm, Converter, Piece};
use super::footnotes;
use super::page::Page;
use super::ImportOptions;
use crate::diag::{Diagnostics, Pos};
use crate::model::{Document, Note};
use crate::number::NoteNumber;
use crate::write::archive::escape::{escape, escape_block_start};

/// The Markdown body of an imported note, and what the import did to the page's text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Body {
    pub markdown: String,
    /// Words of the page's body kept in the note (the repeated title line is not kept).
    pub words: usize,
    /// Citations converted to Pandoc citations, and citations left as text.
    pub converted: usize,
    pub left: usize,
    /// Footnotes rebuilt from digits glued to words.
    pub footnotes: usize,
}

/// Writes the Markdown body of `page` for `note`. `file` is the page copy (for warnings).
pub fn body_markdown(page: &Page, note: &Note, doc: &Document, file: &Path, diags: &mut Diagnostics) -> Body {
    let works = citables(doc);
    let dir = note.path.parent().unwrap_or(Path::new(""));
    let titles: Vec<(String, String)> = doc
        .notes
        .iter()
        .filter(|n| n.path != note.path)
        .map(|n| (n.meta.title.clone(), relative(dir, &n.path)))
        .collect();
    let mut lines: Vec<(usize, String)> = page.body.clone();
    drop_repeated_title(&mut lines, note, file, diags);
    let notes = footnotes::rebuild(&mut lines, file, diags);
    let mut body = Body { words: lines.iter().map(|(_, l)| l.split_whitespace().count()).sum(), ..Body::default() };
    body.words += notes.iter().map(|(_, t)| t.split_whitespace().count()).sum::<usize>();
    body.footnotes = notes.len();
    let mut converter = Converter::new(&works, &titles);
    let mut out = String::new();
    let mut in_list = false;
    let mut last_level = None;
    let count = lines.len();
    for (k, (line_no, line)) in lines.iter().enumerate() {
        let mut warn = |col: usize, msg: String| {
            diags.warning(file, Some(Pos::new(*line_no, col)), msg);
        };
        let close_list = |out: &mut String, in_list: &mut bool| {
            if *in_list {
                out.push('\n');
                *in_list = false;
            }
        };
        // « 4.13.1. Sous-titre » → `## Sous-titre`.
        if let Some(level) = sub_heading_level(note, line) {
            let text = line.split_once(". ").map(|x| x.1).unwrap_or(line);
            close_list(&mut out, &mut in_list);
            let _ = writeln!(out, "{} {}\n", "#".repeat(level), escape(text.trim()));
            last_level = Some(level);
            continue;
        }
        // « Objets frontières », short and alone between paragraphs: an unnumbered heading.
        if k > 0 && k + 1 < count && looks_like_heading(line) {
            let level = last_level.map_or(2, |l: usize| (l + 1).min(6));
            close_list(&mut out, &mut in_list);
            let _ = writeln!(out, "{} {} {{-}}\n", "#".repeat(level), escape(line.trim()));
            warn(1, format!("ligne « {} » lue comme un intertitre non numéroté : à vérifier", line.trim()));
            continue;
        }
        let (bullet, content) = match line.strip_prefix('•') {
            Some(c) => (true, c.trim_start()),
            None => (false, line.as_str()),
        };
        let mut md = String::new();
        for p in converter.line(content, &mut warn) {
            match p {
                Piece::Text(t) => md.push_str(&footnotes::escape_keeping_refs(&t)),
                Piece::Markdown(m) => md.push_str(&m),
            }
        }
        if bullet {
            let _ = writeln!(out, "- {md}");
            in_list = true;
        } else {
            close_list(&mut out, &mut in_list);
            let _ = writeln!(out, "{}\n", escape_block_start(&md));
        }
    }
    for (n, text) in &notes {
        let _ = writeln!(out, "[^{n}]: {}\n", escape(text));
    }
    body.converted = converter.converted;
    body.left = converter.left;
    body.markdown = out.trim_end().to_string() + "\n";
    body
}

/// Drops the first body line when it repeats the note's title, with or without its number
/// (« 2.1. Le transfert de connaissances (TC) » in note 2.1); a variant that adds words is
/// reported, so that the author can move them into the text.
fn drop_repeated_title(lines: &mut Vec<(usize, String)>, note: &Note, file: &Path, diags: &mut Diagnostics) {
    let Some((line_no, first)) = lines.first().cloned() else { return };
    let mut text = first.trim();
    if let Some((n, rest)) = text.split_once(' ') {
        let n = n.trim_end_matches('.');
        if note.meta.number.as_ref().is_some_and(|m| m.to_string() == n) {
            text = rest.trim();
        }
    }
    let title = note.meta.title.trim();
    let Some(extra) = strip_prefix_folded(text, title) else { return };
    let extra = extra.trim();
    if extra.split_whitespace().count() > 4 || extra.ends_with(['.', ':']) {
        return; // a sentence that begins like the title
    }
    lines.remove(0);
    if !extra.is_empty() {
        diags.warning(
            file,
            Some(Pos::new(line_no, 1)),
            format!("première ligne « {first} » : le titre répété, retiré ; ajout « {extra} » à reporter dans le texte si voulu"),
        );
    }
}

/// `text` without `prefix`, compared without case and apostrophe differences.
fn strip_prefix_folded<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let mut t = text.char_indices();
    for p in prefix.chars() {
        let (_, c) = t.next()?;
        if norm(&c.to_string()) != norm(&p.to_string()) {
            return None;
        }
    }
    let rest = t.next().map_or("", |(i, _)| &text[i..]);
    rest.chars().next().is_none_or(|c| !c.is_alphanumeric()).then_some(rest)
}

/// A short line without final punctuation, starting with a capital: a heading of the page.
fn looks_like_heading(line: &str) -> bool {
    let l = line.trim();
    let words = l.split_whitespace().count();
    (1..=8).contains(&words)
        && l.chars().count() <= 70
        && l.chars().next().is_some_and(char::is_uppercase)
        && !l.ends_with(['.', ':', ';', ',', '!', '?', '…', '»', ')', '"'])
        && !l.starts_with('•')
}

/// `4.13.1. Titre` inside note 4.13 → 2 (`##`); `4.13.1.1.` → 3. Chapter notes (3.0) take 3.1.
fn sub_heading_level(note: &Note, line: &str) -> Option<usize> {
    let base = note.meta.number.as_ref()?;
    let (n, rest) = line.split_once(". ")?;
    if rest.trim().is_empty() {
        return None;
    }
    let n = NoteNumber::parse(n)?;
    let prefix = base.child(&[]);
    let extra = n.parts().len().checked_sub(prefix.parts().len())?;
    (extra >= 1 && n.parts().starts_with(prefix.parts())).then_some(extra + 1)
}

/// `to` relative to the folder `from` (see [`crate::files::relative`]).
pub(super) fn relative(from: &Path, to: &Path) -> String {
    crate::files::relative(from, to)
}

/// A placeholder note: its front matter only (`status: à importer`), written by the YAML library.
pub(super) fn placeholder(meta: &crate::model::NoteMeta) -> String {
    use yaml_rust2::Yaml;
    let mut map = yaml_rust2::yaml::Hash::new();
    let mut put = |key: &str, value: &str| {
        map.insert(Yaml::String(key.into()), Yaml::String(value.into()));
    };
    put("title", &meta.title);
    if let Some(n) = &meta.number {
        put("number", &n.to_string());
    }
    if let Some(p) = &meta.part {
        put("part", p);
    }
    put("status", "à importer");
    let mut out = String::new();
    yaml_rust2::YamlEmitter::new(&mut out).dump(&Yaml::Hash(map)).expect("a map of strings is always written");
    out + "\n---\n"
}

/// The front matter of an imported note, written by the YAML library (quotes and escapes are
/// its business, so no value can break the file or add a key).
pub(super) fn front_matter(note: &Note, page: &Page, options: &ImportOptions, sha: &str, status: &str) -> String {
    use yaml_rust2::Yaml;
    let m = &note.meta;
    let mut map = yaml_rust2::yaml::Hash::new();
    let mut put = |key: &str, value: &str| {
        map.insert(Yaml::String(key.into()), Yaml::String(value.into()));
    };
    put("title", &m.title);
    if let Some(n) = &m.number {
        put("number", &n.to_string());
    }
    if let Some(p) = page.part.as_ref().or(m.part.as_ref()) {
        put("part", p);
    }
    let role = m.role.and_then(crate::model::Role::written);
    if let Some(r) = role {
        put("role", r);
    }
    if let Some(u) = options.url.as_ref().or(m.url.as_ref()) {
        put("url", u);
    }
    put("status", status);
    for (key, value) in [
        ("category", page.category.as_ref().or(m.category.as_ref())),
        ("author", page.author.as_ref().or(m.author.as_ref())),
        ("published", page.published.as_ref().or(m.published.as_ref())),
        ("modified", page.modified.as_ref().or(m.modified.as_ref())),
        ("visibility", page.visibility.as_ref().or(m.visibility.as_ref())),
        ("next", page.next.as_ref().or(m.next.as_ref())),
    ] {
        if let Some(v) = value {
            put(key, v);
        }
    }
    put("imported", &options.date);
    put("source_sha256", sha);
    let mut out = String::new();
    yaml_rust2::YamlEmitter::new(&mut out).dump(&Yaml::Hash(map)).expect("a map of strings is always written");
    out + "\n---\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn front_matter_reads_back_whatever_the_values() {
        let mut note = Note::empty(PathBuf::from("content/n.md"), crate::model::NoteMeta::default(), 1);
        note.meta.title = "Titre: « piégé » #1\nrole: references".into();
        note.meta.number = NoteNumber::parse("4.10");
        let page = Page { next: Some("'\"---".into()), ..Page::default() };
        let options = ImportOptions {
            date: "2026-11-27".into(),
            url: Some("https://a.org/x?y=1#z".into()),
            ..Default::default()
        };
        let text = front_matter(&note, &page, &options, "abc", "texte") + "corps\n";
        let split = crate::load::frontmatter::split(&text);
        let mut d = Diagnostics::new();
        let meta = crate::load::frontmatter::parse(Path::new("n.md"), &split, &mut d).expect(&text);
        assert!(d.is_empty(), "{:?}\n{text}", d.sorted());
        assert_eq!(meta.title, note.meta.title);
        assert_eq!(meta.number.unwrap().to_string(), "4.10");
        assert_eq!(
            (meta.role, meta.next.as_deref(), meta.url.as_deref()),
            (None, Some("'\"---"), Some("https://a.org/x?y=1#z"))
        );
    }
}
