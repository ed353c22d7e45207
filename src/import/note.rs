//! Writing the imported note: its Markdown body (sub-headings, lists, citations, escaped text)
//! and its front matter, serialised by the YAML library.

use std::fmt::Write as _;
use std::path::Path;

use super::citations::{citables, convert_line, Piece};
use super::page::Page;
use super::ImportOptions;
use crate::diag::{Diagnostics, Pos};
use crate::model::{Document, Note};
use crate::number::NoteNumber;
use crate::write::archive::markdown::{escape, escape_block_start};

/// Writes the Markdown body of `page` for `note`. `file` is the page copy (for warnings).
pub fn body_markdown(page: &Page, note: &Note, doc: &Document, file: &Path, diags: &mut Diagnostics) -> String {
    let works = citables(doc);
    let dir = note.path.parent().unwrap_or(Path::new(""));
    let titles: Vec<(String, String)> = doc
        .notes
        .iter()
        .filter(|n| n.path != note.path)
        .map(|n| (n.meta.title.clone(), relative(dir, &n.path)))
        .collect();
    let mut out = String::new();
    let mut in_list = false;
    for (line_no, line) in &page.body {
        let mut warn = |col: usize, msg: String| {
            diags.warning(file, Some(Pos::new(*line_no, col)), msg);
        };
        // « 4.13.1. Sous-titre » → `## Sous-titre`.
        if let Some(level) = sub_heading_level(note, line) {
            let text = line.split_once(". ").map(|x| x.1).unwrap_or(line);
            if in_list {
                out.push('\n');
                in_list = false;
            }
            let _ = writeln!(out, "{} {}\n", "#".repeat(level), escape(text.trim()));
            continue;
        }
        let (bullet, content) = match line.strip_prefix('•') {
            Some(c) => (true, c.trim_start()),
            None => (false, line.as_str()),
        };
        let mut md = String::new();
        for p in convert_line(content, &works, &titles, &mut warn) {
            match p {
                Piece::Text(t) => md.push_str(&escape(&t)),
                Piece::Markdown(m) => md.push_str(&m),
            }
        }
        if bullet {
            let _ = writeln!(out, "- {md}");
            in_list = true;
        } else {
            if in_list {
                out.push('\n');
                in_list = false;
            }
            let _ = writeln!(out, "{}\n", escape_block_start(&md));
        }
    }
    let trimmed = out.trim_end().to_string();
    trimmed + "\n"
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

/// `to` relative to the folder `from` (both relative to the project root).
fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to_c: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to_c).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".into(); from.len() - common];
    parts.extend(to_c[common..].iter().map(|c| c.as_os_str().to_string_lossy().to_string()));
    parts.join("/")
}

/// The front matter of an imported note, written by the YAML library (quotes and escapes are
/// its business, so no value can break the file or add a key).
pub(super) fn front_matter(note: &Note, page: &Page, options: &ImportOptions, sha: &str) -> String {
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
    let role = match m.role {
        Some(crate::model::Role::Toc) => Some("table-des-matieres"),
        Some(crate::model::Role::Abstract) => Some("resume"),
        Some(crate::model::Role::Bibliography) => Some("references"),
        Some(crate::model::Role::Body) | None => None,
    };
    if let Some(r) = role {
        put("role", r);
    }
    if let Some(u) = options.url.as_ref().or(m.url.as_ref()) {
        put("url", u);
    }
    put("status", "texte");
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
        let mut note = Note {
            path: PathBuf::from("content/n.md"),
            meta: crate::model::NoteMeta::default(),
            depth: 1,
            blocks: Vec::new(),
            footnotes: Vec::new(),
        };
        note.meta.title = "Titre: « piégé » #1\nrole: references".into();
        note.meta.number = NoteNumber::parse("4.10");
        let page = Page { next: Some("'\"---".into()), ..Page::default() };
        let options = ImportOptions {
            date: "2026-11-27".into(),
            url: Some("https://a.org/x?y=1#z".into()),
            ..Default::default()
        };
        let text = front_matter(&note, &page, &options, "abc") + "corps\n";
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
