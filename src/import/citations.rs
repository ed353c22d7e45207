//! Plain-text citations of a page copy matched against the bibliography: « Wenger (2005) »,
//! « (Dubé, 2004 ; Tremblay, 2006) » become Pandoc citations when exactly one entry fits; note
//! titles in parentheses become cross-references. What does not match stays text, reported.

use crate::model::Document;
use crate::write::archive::markdown::escape;

/// A bibliography entry as the author cites it in plain text.
pub(super) struct Citable {
    key: String,
    year: String,
    /// Family names, in order (an organisation is one name).
    names: Vec<String>,
}

pub(super) fn citables(doc: &Document) -> Vec<Citable> {
    let Some(bib) = &doc.bibliography else { return Vec::new() };
    bib.library
        .iter()
        .filter_map(|e| {
            let year = e.date()?.year.to_string();
            let names = e.authors()?.iter().map(|p| p.name.clone()).collect();
            Some(Citable { key: e.key().to_string(), year, names })
        })
        .collect()
}

/// The ways the author writes the names of a work: « Wenger », « Demers et Tremblay »,
/// « Lemire, Souffez et Laurendeau », « Parot et coll. », « Parot et al. ».
fn name_forms(names: &[String]) -> Vec<String> {
    let mut forms = Vec::new();
    match names {
        [] => {}
        [one] => forms.push(one.clone()),
        [a, b] => forms.push(format!("{a} et {b}")),
        [first, .., last] => {
            forms.push(format!("{} et {last}", names[..names.len() - 1].join(", ")));
            forms.push(format!("{first} et coll."));
            forms.push(format!("{first} et al."));
        }
    }
    forms
}

/// Normalises for comparison: apostrophes and case.
pub(super) fn norm(s: &str) -> String {
    s.replace('\'', "’").to_lowercase()
}

/// A locator as written after the year: « p. 7 », « paragr. 1 ».
fn locator(rest: &str) -> Option<String> {
    let (loc, _) = crate::load::cite::parse_suffix(rest);
    let loc = loc?;
    let label = match loc.kind {
        crate::model::LocatorKind::Page => "p.",
        crate::model::LocatorKind::Paragraph => "paragr.",
        crate::model::LocatorKind::Chapter => "chap.",
        crate::model::LocatorKind::Section => "sect.",
        crate::model::LocatorKind::Figure => "fig.",
        crate::model::LocatorKind::Volume => "vol.",
        crate::model::LocatorKind::Issue => "n°",
    };
    Some(format!("{label} {}", loc.value))
}

/// One converted piece of a body line.
pub(super) enum Piece {
    Text(String),
    Markdown(String),
}

/// Converts the citations and note titles of one line; `warn` receives what stays as text.
pub(super) fn convert_line(
    line: &str,
    works: &[Citable],
    titles: &[(String, String)],
    warn: &mut dyn FnMut(usize, String),
) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut rest = line;
    let col_of = |r: &str| line[..line.len() - r.len()].chars().count() + 1;
    while let Some(open) = rest.find('(') {
        let Some(close_rel) = rest[open..].find(')') else { break };
        let inner = &rest[open + 1..open + close_rel];
        let col = col_of(&rest[open..]);
        let before = &rest[..open];
        // A note title in parentheses: a cross-reference.
        if let Some((_, file)) = titles.iter().find(|(t, _)| norm(t) == norm(inner.trim())) {
            text.push_str(before);
            text.push('(');
            pieces.push(Piece::Text(std::mem::take(&mut text)));
            pieces.push(Piece::Markdown(format!("[{}]({file})", escape(inner))));
            text.push(')');
            rest = &rest[open + close_rel + 1..];
            continue;
        }
        let looks_cited = inner
            .split([',', ' ', ';'])
            .any(|w| w.len() == 4 && w.starts_with(['1', '2']) && w.chars().all(|c| c.is_ascii_digit()))
            || inner.contains("idem")
            || locator(inner).is_some();
        if !looks_cited {
            text.push_str(&rest[..=open + close_rel]);
            rest = &rest[open + close_rel + 1..];
            continue;
        }
        // Narrative: « Names (2005) » or « Names (2005, p. 5) ».
        let year_first = inner.split(',').next().unwrap_or("").trim();
        if year_first.len() == 4 && year_first.chars().all(|c| c.is_ascii_digit()) {
            let loc = inner.split_once(',').and_then(|(_, r)| locator(r));
            let trimmed = before.trim_end();
            let candidates: Vec<(&Citable, usize)> = works
                .iter()
                .filter(|w| w.year == year_first)
                .filter_map(|w| {
                    name_forms(&w.names).into_iter().find_map(|f| ends_with_name(trimmed, &f).map(|at| (w, at)))
                })
                .collect();
            match candidates.as_slice() {
                [(w, name_start)] => {
                    text.push_str(&before[..*name_start]);
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                    let loc = loc.map(|l| format!(" [{l}]")).unwrap_or_default();
                    pieces.push(Piece::Markdown(format!("@{}{loc}", w.key)));
                }
                [] => {
                    warn(
                        col,
                        format!(
                            "citation « {} ({inner}) » sans entrée correspondante : laissée en texte",
                            last_words(trimmed)
                        ),
                    );
                    text.push_str(&rest[..=open + close_rel]);
                }
                many => {
                    let mut keys: Vec<&str> = many.iter().map(|(w, _)| w.key.as_str()).collect();
                    keys.sort_unstable();
                    warn(col, format!("citation « ({inner}) » ambiguë ({}) : laissée en texte", keys.join(", ")));
                    text.push_str(&rest[..=open + close_rel]);
                }
            }
            rest = &rest[open + close_rel + 1..];
            continue;
        }
        let locator_only = matches!(crate::load::cite::parse_suffix(inner), (Some(_), rest) if rest.is_empty());
        if inner.contains("idem") || locator_only {
            let why = if inner.contains("idem") {
                "« idem » renvoie à une œuvre citée plus haut"
            } else {
                "localisateur seul, sans œuvre nommée"
            };
            warn(col, format!("citation « ({inner}) » : {why} ; laissée en texte"));
            text.push_str(&rest[..=open + close_rel]);
            rest = &rest[open + close_rel + 1..];
            continue;
        }
        // Parenthetical: « (Names, 2005, p. 7 ; Names, 2006) ».
        let mut items = Vec::new();
        let mut ok = true;
        let mut ambiguous = false;
        for group in inner.split(" ; ").flat_map(|g| g.split("; ")) {
            let parts: Vec<&str> = group.split(", ").collect();
            let Some(year_at) = parts.iter().position(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_digit())) else {
                ok = false;
                break;
            };
            let names = parts[..year_at].join(", ");
            let loc = locator(&parts[year_at + 1..].join(", "));
            let matches: Vec<&Citable> = works
                .iter()
                .filter(|w| w.year == parts[year_at] && name_forms(&w.names).iter().any(|f| norm(f) == norm(&names)))
                .collect();
            match matches.as_slice() {
                [w] => items.push(format!("@{}{}", w.key, loc.map(|l| format!(", {l}")).unwrap_or_default())),
                [] => {
                    ok = false;
                    break;
                }
                many => {
                    let mut keys: Vec<&str> = many.iter().map(|w| w.key.as_str()).collect();
                    keys.sort_unstable();
                    warn(col, format!("citation « ({inner}) » ambiguë ({}) : laissée en texte", keys.join(", ")));
                    ambiguous = true;
                    ok = false;
                    break;
                }
            }
        }
        if ok && !items.is_empty() {
            text.push_str(before);
            pieces.push(Piece::Text(std::mem::take(&mut text)));
            pieces.push(Piece::Markdown(format!("[{}]", items.join("; "))));
        } else {
            if !ambiguous {
                warn(col, format!("citation « ({inner}) » non reconnue : laissée en texte"));
            }
            text.push_str(&rest[..=open + close_rel]);
        }
        rest = &rest[open + close_rel + 1..];
    }
    text.push_str(rest);
    pieces.push(Piece::Text(text));
    pieces
}

/// Where `name` ends `text` (case and apostrophes aside) as whole words: its byte offset.
fn ends_with_name(text: &str, name: &str) -> Option<usize> {
    let fold = |c: char| if c == '\'' { '’' } else { c.to_lowercase().next().unwrap_or(c) };
    let mut t = text.char_indices().rev();
    let mut start = text.len();
    for n in name.chars().rev() {
        let (i, c) = t.next()?;
        if fold(c) != fold(n) {
            return None;
        }
        start = i;
    }
    let word_start = text[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
    word_start.then_some(start)
}

fn last_words(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    words[words.len().saturating_sub(4)..].join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_end_the_text() {
        assert_eq!(ends_with_name("Selon Graham", "Graham"), Some(6));
        assert_eq!(ends_with_name("L’Agence de la santé", "agence de la Santé"), Some(4));
        assert_eq!(ends_with_name("Wengers", "Wenger"), None);
        assert_eq!(ends_with_name("Bagraham", "Graham"), None);
        assert_eq!(ends_with_name("x", "Graham"), None);
    }
}
