//! YAML front matter of a note: split from the body, checked key by key with line numbers.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::{Diagnostics, Pos};
use crate::model::{NoteMeta, Role, Status};
use crate::number::NoteNumber;

/// Keys a note's front matter may have.
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "number",
    "part",
    "url",
    "status",
    "role",
    "category",
    "author",
    "published",
    "modified",
    "visibility",
    "next",
    "imported",
    "source_sha256",
];

/// A note file split in two: the YAML text and the Markdown body, with the body's first line.
#[derive(Debug)]
pub struct Split<'t> {
    /// The YAML between the `---` lines (empty when there is no front matter).
    pub yaml: &'t str,
    /// The Markdown after the closing `---`.
    pub body: &'t str,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
    /// True when the file opens with `---` but never closes it.
    pub unclosed: bool,
}

/// Splits front matter from body. The file must open with a `---` line to have front matter.
pub fn split(text: &str) -> Split<'_> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return Split { yaml: "", body: text, body_line: 1, unclosed: false };
    }
    let mut offset = first_end;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i + 1);
        let l = text[offset..end].trim_end();
        if l == "---" || l == "..." {
            return Split { yaml: &text[first_end..offset], body: &text[end..], body_line: line + 1, unclosed: false };
        }
        offset = end;
        line += 1;
    }
    Split { yaml: "", body: text, body_line: 1, unclosed: true }
}

/// 1-based file line of `key:` in the YAML (which starts on file line 2).
fn key_pos(yaml: &str, key: &str) -> Option<Pos> {
    yaml.lines().enumerate().find_map(|(i, l)| {
        let rest = l.strip_prefix(key)?;
        rest.trim_start().starts_with(':').then(|| Pos::new(i + 2, 1))
    })
}

/// The raw scalar written after `key:`, without quotes: keeps `4.10` from becoming the float 4.1.
fn raw_scalar(yaml: &str, key: &str) -> Option<String> {
    yaml.lines().find_map(|l| {
        let rest = l.strip_prefix(key)?.trim_start().strip_prefix(':')?;
        let v = rest.split(" #").next().unwrap_or("").trim();
        let v = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(v);
        let v = v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')).unwrap_or(v);
        Some(v.to_string())
    })
}

/// Parses and checks the front matter of the note at `file` (relative path for diagnostics).
pub fn parse(file: &Path, split: &Split<'_>, diags: &mut Diagnostics) -> Option<NoteMeta> {
    if split.unclosed {
        diags.error(file, Some(Pos::new(1, 1)), "l’en-tête YAML ouvert par `---` n’est jamais fermé");
        return None;
    }
    if split.yaml.trim().is_empty() {
        diags
            .error(file, Some(Pos::new(1, 1)), "en-tête YAML absent : une note commence par `---`, `title: …`, `---`")
            .with_hint("voir docs/format.md");
        return None;
    }
    let map: BTreeMap<String, serde_yaml::Value> = match serde_yaml::from_str(split.yaml) {
        Ok(m) => m,
        Err(e) => {
            let last_line = split.yaml.lines().count() + 1;
            let pos = e.location().map(|l| {
                if l.line() + 1 > last_line {
                    Pos::new(last_line, split.yaml.lines().last().map_or(1, |t| t.chars().count() + 1))
                } else {
                    Pos::new(l.line() + 1, l.column())
                }
            });
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            diags.error(file, pos.or(Some(Pos::new(2, 1))), format!("YAML invalide : {msg}"));
            return None;
        }
    };
    for key in map.keys() {
        if !KNOWN_KEYS.contains(&key.as_str()) {
            let d =
                diags.warning(file, key_pos(split.yaml, key), format!("clé d’en-tête inconnue « {key} » (ignorée)"));
            if let Some(close) = closest(key, KNOWN_KEYS) {
                d.hint = Some(format!("vouliez-vous dire « {close} » ?"));
            }
        }
    }
    let text = |key: &str, diags: &mut Diagnostics| -> Option<String> {
        match map.get(key)? {
            serde_yaml::Value::String(s) => Some(s.clone()),
            serde_yaml::Value::Number(_) | serde_yaml::Value::Bool(_) => raw_scalar(split.yaml, key),
            serde_yaml::Value::Null => None,
            _ => {
                diags.error(file, key_pos(split.yaml, key), format!("la clé « {key} » attend un texte"));
                None
            }
        }
    };
    let mut meta = NoteMeta::default();
    match text("title", diags) {
        Some(t) if !t.trim().is_empty() => meta.title = t.trim().to_string(),
        _ => {
            diags.error(file, Some(Pos::new(1, 1)), "titre manquant : ajoutez `title: …` à l’en-tête");
        }
    }
    meta.number_pos = key_pos(split.yaml, "number");
    if let Some(raw) = text("number", diags) {
        match NoteNumber::parse(&raw) {
            Some(n) => meta.number = Some(n),
            None => {
                diags.error(
                    file,
                    meta.number_pos,
                    format!("numéro de note invalide « {raw} » (attendu : 4.13, 2.2.5.5…)"),
                );
            }
        }
    }
    if let Some(s) = text("status", diags) {
        meta.status = match s.as_str() {
            "texte" => Some(Status::Complete),
            "à importer" => Some(Status::ToImport),
            other => {
                diags.error(
                    file,
                    key_pos(split.yaml, "status"),
                    format!("statut inconnu « {other} » (texte, à importer)"),
                );
                None
            }
        };
    }
    if let Some(r) = text("role", diags) {
        meta.role = match r.as_str() {
            "table-des-matieres" => Some(Role::Toc),
            "resume" => Some(Role::Abstract),
            "references" => Some(Role::Bibliography),
            other => {
                diags.error(
                    file,
                    key_pos(split.yaml, "role"),
                    format!("rôle inconnu « {other} » (table-des-matieres, resume, references)"),
                );
                None
            }
        };
    }
    meta.part = text("part", diags);
    meta.url = text("url", diags);
    meta.category = text("category", diags);
    meta.author = text("author", diags);
    meta.published = text("published", diags);
    meta.modified = text("modified", diags);
    meta.visibility = text("visibility", diags);
    meta.next = text("next", diags);
    meta.imported = text("imported", diags);
    meta.source_sha256 = text("source_sha256", diags);
    Some(meta)
}

/// The candidate closest to `word` by edit distance, if reasonably close.
pub fn closest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3))
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance counted in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let s = split("---\ntitle: A\n---\nCorps\n");
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Corps\n");
        assert_eq!(s.body_line, 4);
        assert!(split("---\ntitle: A\n").unclosed);
        assert_eq!(split("Pas d’en-tête").body_line, 1);
        assert_eq!(split("\u{feff}---\r\ntitle: A\r\n---\r\nx").yaml, "title: A\r\n");
    }

    #[test]
    fn number_keeps_trailing_zero() {
        let s = split("---\ntitle: A\nnumber: 4.10\n---\n");
        let mut d = Diagnostics::new();
        let m = parse(Path::new("n.md"), &s, &mut d).unwrap();
        assert_eq!(m.number.unwrap().to_string(), "4.10");
        assert_eq!(m.number_pos, Some(Pos::new(3, 1)));
    }

    #[test]
    fn unknown_key_warns_with_suggestion() {
        let s = split("---\ntitle: A\ntitel: B\n---\n");
        let mut d = Diagnostics::new();
        parse(Path::new("n.md"), &s, &mut d).unwrap();
        let w = d.sorted()[0].clone();
        assert_eq!(w.pos, Some(Pos::new(3, 1)));
        assert_eq!(w.hint.as_deref(), Some("vouliez-vous dire « title » ?"));
    }

    #[test]
    fn distance() {
        assert_eq!(edit_distance("wenger2005", "wenger2002"), 1);
        assert_eq!(edit_distance("é", "e"), 1);
        assert_eq!(closest("numbr", KNOWN_KEYS), Some("number"));
        assert_eq!(closest("zzzzzzzz", KNOWN_KEYS), None);
    }
}
