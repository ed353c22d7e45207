//! YAML front matter of a note: split from the body, checked key by key with line numbers.

use std::path::Path;

use crate::diag::{excerpt, Diagnostics, Pos};
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

/// How deep a value of the front matter may nest (lists in lists…); a note needs none.
const MAX_DEPTH: usize = 16;

/// A value of the front matter: plain text (as written, so `4.10` stays `4.10`), nothing, or a
/// list or mapping (which no known key takes).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A scalar, as written (quotes removed).
    Text(String),
    /// `key:` with no value, `null` or `~`.
    Null,
    /// A list or a mapping.
    Nested,
}

/// The front matter read key by key, in order, each with the file position of its key.
pub type Entries = Vec<(String, Pos, Value)>;

/// Reads the YAML of a front matter (which starts on file line 2) into its keys. Refused with a
/// located message: anything but one mapping of keys, anchors and aliases (`&a`, `*a`: a note
/// needs none, and they can multiply a text into gigabytes), duplicate keys, deep nesting.
/// A refusal of the header: where, what (in French), and the fix when there is one.
pub type Refusal = (Pos, String, Option<String>);

pub fn entries(yaml: &str) -> Result<Entries, Refusal> {
    use yaml_rust2::parser::{Event, Parser};
    use yaml_rust2::scanner::TScalarStyle;
    // An error noticed past the last line (an unclosed `[`) is shown at the end of that line.
    let last = yaml.lines().count().max(1);
    let last_col = yaml.lines().last().map_or(0, |l| l.chars().count()) + 1;
    let at = |m: &yaml_rust2::scanner::Marker| {
        if m.line() > last {
            Pos::new(last + 1, last_col)
        } else {
            Pos::new(m.line() + 1, m.col() + 1)
        }
    };
    let mut parser = Parser::new_from_str(yaml);
    let mut next = || {
        parser.next_token().map_err(|e| {
            let pos = at(e.marker());
            match e.info() {
                "recursion limit exceeded" => (pos, format!("valeur imbriquée sur plus de {MAX_DEPTH} niveaux"), None),
                other => {
                    let line = yaml.lines().nth(pos.line.saturating_sub(2)).unwrap_or("");
                    let said = crate::parse_errors::yaml(other, line);
                    (pos, said.message, Some(said.hint))
                }
            }
        })
    };
    let mut out: Entries = Vec::new();
    let mut depth = 0usize;
    let mut key: Option<(String, Pos)> = None;
    loop {
        let (event, mark) = next()?;
        let pos = at(&mark);
        let anchored = match &event {
            Event::Alias(_) => true,
            Event::Scalar(_, _, anchor, _) | Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                *anchor != 0
            }
            _ => false,
        };
        if anchored {
            return Err((
                pos,
                "ancres et alias YAML (`&nom`, `*nom`) refusés dans l’en-tête d’une note".into(),
                Some("une valeur qui commence par « & » ou « * » s’écrit entre guillemets (title: \"…\")".into()),
            ));
        }
        match event {
            Event::StreamEnd => return Ok(out),
            Event::StreamStart | Event::DocumentStart | Event::DocumentEnd | Event::Nothing => {}
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                depth += 1;
                if depth == 1 && matches!(event, Event::SequenceStart(..)) {
                    return Err((pos, "l’en-tête doit être une suite de lignes `clé: valeur`".into(), None));
                }
                if depth > MAX_DEPTH {
                    return Err((pos, format!("valeur imbriquée sur plus de {MAX_DEPTH} niveaux"), None));
                }
                if depth == 2 {
                    let (k, kpos) =
                        key.take().ok_or((pos, "clé d’en-tête qui n’est pas un simple texte".into(), None))?;
                    push(&mut out, k, kpos, Value::Nested)?;
                }
            }
            Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
            Event::Scalar(text, style, _, _) => match depth {
                0 => return Err((pos, "l’en-tête doit être une suite de lignes `clé: valeur`".into(), None)),
                1 => match key.take() {
                    None => key = Some((text, pos)),
                    Some((k, kpos)) => {
                        let null = style == TScalarStyle::Plain && matches!(text.as_str(), "" | "~" | "null" | "Null");
                        push(&mut out, k, kpos, if null { Value::Null } else { Value::Text(text) })?;
                    }
                },
                _ => {}
            },
            Event::Alias(_) => unreachable!("refused above"),
        }
    }
}

fn push(out: &mut Entries, key: String, pos: Pos, value: Value) -> Result<(), Refusal> {
    if let Some((_, first, _)) = out.iter().find(|(k, _, _)| *k == key) {
        return Err((
            pos,
            format!("clé « {} » écrite deux fois (première à la ligne {})", excerpt(&key, 40), first.line),
            Some("gardez une seule des deux lignes".into()),
        ));
    }
    out.push((key, pos, value));
    Ok(())
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
    let entries = match entries(split.yaml) {
        Ok(e) => e,
        Err((pos, msg, hint)) => {
            let d = diags.error(file, Some(pos), msg);
            d.hint = hint;
            return None;
        }
    };
    for (key, pos, _) in &entries {
        if !KNOWN_KEYS.contains(&key.as_str()) {
            let d =
                diags.warning(file, Some(*pos), format!("clé d’en-tête inconnue « {} » (ignorée)", excerpt(key, 40)));
            if let Some(close) = crate::util::closest(key, KNOWN_KEYS) {
                d.hint = Some(format!("vouliez-vous dire « {close} » ?"));
            }
        }
    }
    let key_pos = |key: &str| entries.iter().find(|(k, _, _)| k == key).map(|(_, p, _)| *p);
    let text = |key: &str, diags: &mut Diagnostics| -> Option<String> {
        match &entries.iter().find(|(k, _, _)| k == key)?.2 {
            Value::Text(t) => Some(t.clone()),
            Value::Null => None,
            Value::Nested => {
                diags.error(file, key_pos(key), format!("la clé « {key} » attend un texte"));
                None
            }
        }
    };
    let mut meta = NoteMeta::default();
    match text("title", diags) {
        Some(t) if t.trim().chars().count() > crate::config::MAX_TITLE_CHARS => {
            diags.error(
                file,
                key_pos("title"),
                format!(
                    "titre trop long ({} caractères, {} au plus) : « {} »",
                    crate::fr::number(t.trim().chars().count()),
                    crate::config::MAX_TITLE_CHARS,
                    excerpt(t.trim(), 60)
                ),
            );
        }
        Some(t) if !t.trim().is_empty() => meta.title = t.trim().to_string(),
        _ => {
            diags.error(file, Some(Pos::new(1, 1)), "titre manquant : ajoutez `title: …` à l’en-tête");
        }
    }
    meta.number_pos = key_pos("number");
    if let Some(raw) = text("number", diags) {
        match NoteNumber::parse(&raw) {
            Some(n) => meta.number = Some(n),
            None => {
                diags.error(
                    file,
                    meta.number_pos,
                    format!("numéro de note invalide « {} » (attendu : 4.13, 2.2.5.5…)", excerpt(&raw, 40)),
                );
            }
        }
    }
    if let Some(s) = text("status", diags) {
        meta.status = match s.as_str() {
            "texte" => Some(Status::Complete),
            "à importer" => Some(Status::ToImport),
            "partiel" => Some(Status::Partial),
            other => {
                diags.error(
                    file,
                    key_pos("status"),
                    format!("statut inconnu « {} » (texte, partiel, à importer)", excerpt(other, 40)),
                );
                None
            }
        };
    }
    if let Some(r) = text("role", diags) {
        meta.role = Role::parse(&r);
        if meta.role.is_none() {
            let known: Vec<&str> = Role::WRITTEN.iter().map(|(n, _)| *n).collect();
            let d = diags.error(
                file,
                key_pos("role"),
                format!("rôle inconnu « {} » ({})", excerpt(&r, 40), known.join(", ")),
            );
            if let Some(close) = crate::util::closest(&r, &known) {
                d.hint = Some(format!("vouliez-vous dire « {close} » ?"));
            }
        }
    }
    if meta.role.is_none() && key_pos("role").is_none() {
        suggest_role(file, key_pos("title"), &meta.title, diags);
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

/// A note titled as a part of the front or back matter (« Résumé », « Annexe A … ») but
/// without its `role:` would print as a chapter: `check` says which role to give it (memoire
/// does not take it silently: a chapter may be titled « Remerciements » on purpose).
fn suggest_role(file: &Path, pos: Option<Pos>, title: &str, diags: &mut Diagnostics) {
    let folded: String = title.trim().to_lowercase();
    let role = match folded.as_str() {
        "résumé" | "resume" => "resume",
        "abstract" | "summary" => "abstract",
        "remerciements" => "remerciements",
        "dédicace" | "dedicace" => "dedicace",
        "avant-propos" => "avant-propos",
        "références" | "references" | "bibliographie" | "références bibliographiques" => "references",
        t if t.starts_with("annexe") => "annexe",
        _ => return,
    };
    diags
        .warning(file, pos, format!("la note « {title} » n’a pas de rôle : elle s’imprimera comme une note du corps"))
        .with_hint(format!("ajoutez `role: {role}` à son en-tête"));
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

    fn errors_of(yaml: &str) -> Vec<String> {
        let text = format!("---\n{yaml}---\ncorps\n");
        let mut d = Diagnostics::new();
        parse(Path::new("n.md"), &split(&text), &mut d);
        d.sorted().iter().filter(|x| x.severity == crate::diag::Severity::Error).map(|x| x.to_string()).collect()
    }

    #[test]
    fn aliases_anchors_and_duplicates_are_refused_with_their_line() {
        let bomb = format!("a: &x \"{}\"\nb: [*x, *x, *x]\ntitle: T\n", "z".repeat(1000));
        let e = errors_of(&bomb);
        assert!(e.len() == 1 && e[0].starts_with("n.md:2:7: erreur: ancres et alias"), "{e:?}");
        let e = errors_of("title: A\nnumber: 1.1\ntitle: B\n");
        assert_eq!(
            e,
            ["n.md:4:1: erreur: clé « title » écrite deux fois (première à la ligne 2)\n  aide : gardez une seule des deux lignes"]
        );
        for n in [17, 10_000] {
            let deep = format!("title: T\nx: {}{}\n", "[".repeat(n), "]".repeat(n));
            let e = errors_of(&deep);
            assert!(e.len() == 1 && e[0].starts_with("n.md:3:") && e[0].contains("plus de 16 niveaux"), "{e:?}");
        }
        assert!(errors_of("- a\n- b\n")[0].contains("suite de lignes `clé: valeur`"));
        assert!(errors_of("title: [a, b]\n")
            .iter()
            .any(|e| e.starts_with("n.md:2:1: erreur: la clé « title » attend un texte")));
    }

    #[test]
    fn long_titles_are_refused_and_quoted_short() {
        let e = errors_of(&format!("title: {}\n", "mot ".repeat(100_000)));
        assert!(e[0].starts_with("n.md:2:1: erreur: titre trop long (399") && e[0].chars().count() < 200, "{e:?}");
    }

    #[test]
    fn scalars_keep_their_text() {
        let s = split("---\ntitle: 'Un: titre'\nnumber: 4.10\nurl:\nstatus: à importer\n---\n");
        let mut d = Diagnostics::new();
        let m = parse(Path::new("n.md"), &s, &mut d).unwrap();
        assert!(!d.has_errors(), "{:?}", d.sorted());
        assert_eq!((m.title.as_str(), m.url, m.status), ("Un: titre", None, Some(Status::ToImport)));
    }
}
