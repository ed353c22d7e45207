//! Reading a page copy: what the author copied from a note's page on En commun (Ctrl+A,
//! Ctrl+C), taken apart into the note's number, title and part, its body lines, and the facts
//! of the platform chrome (author, dates, visibility, next note).

use crate::number::NoteNumber;

/// The series every note title of this carnet ends with.
pub const SERIES: &str = "Mémoire sur les communautés de pratique";

/// What a page copy says, once the platform chrome is taken apart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// The author's number (`4.13`).
    pub number: Option<NoteNumber>,
    /// The note's title.
    pub title: String,
    /// The part (`résultats`), absent for chapter-level notes.
    pub part: Option<String>,
    /// Body lines with their line numbers in the copy.
    pub body: Vec<(usize, String)>,
    /// Facts from the chrome.
    pub author: Option<String>,
    /// Platform category.
    pub category: Option<String>,
    /// Publication (integration) date, `YYYY-MM-DD HH:MM`.
    pub published: Option<String>,
    /// Last modification, `YYYY-MM-DD HH:MM`.
    pub modified: Option<String>,
    /// Visibility (`public`).
    pub visibility: Option<String>,
    /// Next note, from the « Suite : » line.
    pub next: Option<String>,
    /// The copy reaches the end of the page: its « Suite : » line or the platform's footer is
    /// there. A copy without either stops somewhere in the note's text (a hurried selection, a
    /// stored excerpt) and is imported only on request, marked partial.
    pub complete: bool,
}

/// The bar of links every page shows under its « Contexte » block.
pub const LINK_BAR: &str = "Table des matières | Résumé | Références";

/// « ℹ️ Contexte », the first line of the block every page of the carnet starts with.
fn is_context_line(line: &str) -> bool {
    let l = line.trim().trim_start_matches(['ℹ', '\u{fe0f}']).trim();
    l == "Contexte"
}

/// Why a file is not a page copy of this carnet.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal(pub String);

/// The months, as French writes them.
pub(super) const MONTHS: &[&str] = &crate::date::MONTHS_FR;

/// « 6 décembre 2023 17:39 » → `2023-12-06 17:39` (the time is optional).
pub fn french_date(text: &str) -> Option<String> {
    let mut words = text.split_whitespace();
    let day: u32 = words.next()?.trim_start_matches("le").parse().ok()?;
    let month_word = words.next()?.to_lowercase();
    let month = MONTHS.iter().position(|m| *m == month_word)? + 1;
    let year: u32 = words.next()?.parse().ok()?;
    let time = words.next().filter(|t| t.len() == 5 && t.as_bytes()[2] == b':');
    Some(match time {
        Some(t) => format!("{year:04}-{month:02}-{day:02} {t}"),
        None => format!("{year:04}-{month:02}-{day:02}"),
    })
}

/// Collapses runs of spaces (no-break ones included) and trims the line.
fn clean(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut run = 0;
    let mut pending = ' ';
    for c in line.chars() {
        if c == ' ' || c == '\u{a0}' || c == '\t' {
            run += 1;
            pending = if c == '\u{a0}' { '\u{a0}' } else { ' ' };
            continue;
        }
        if run > 0 && !out.is_empty() {
            out.push(if run == 1 { pending } else { ' ' });
        }
        run = 0;
        out.push(c);
    }
    out
}

/// Takes a page copy apart. Refuses what is not a page copy of this carnet.
pub fn parse_page(bytes: &[u8]) -> Result<Page, Refusal> {
    if bytes.is_empty() || bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Refusal("fichier vide".into()));
    }
    if bytes.contains(&0) {
        return Err(Refusal("fichier binaire (octets nuls) : copiez le texte de la page, pas le fichier".into()));
    }
    let text =
        std::str::from_utf8(bytes).map_err(|e| Refusal(format!("pas du texte UTF-8 (octet {})", e.valid_up_to())))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).replace("\r\n", "\n").replace('\r', "\n");
    let head = text.trim_start().get(..200).unwrap_or(text.trim_start()).to_lowercase();
    if head.starts_with("<!doctype") || head.starts_with("<html") || head.contains("<body") {
        return Err(Refusal(
            "page HTML : copiez le texte affiché par le navigateur (Ctrl+A, Ctrl+C), pas la source".into(),
        ));
    }
    let lines: Vec<&str> = text.lines().collect();
    let (title_at, title_line) =
        lines.iter().enumerate().find(|(_, l)| !l.trim().is_empty()).ok_or_else(|| Refusal("fichier vide".into()))?;
    let mut page = Page::default();
    if is_context_line(title_line) {
        // A copy that starts at the « ℹ️ Contexte » block: the page's title line was not
        // selected (seen on the Résumé page). The note is then found by `--url`.
        if !lines.iter().any(|l| l.trim() == LINK_BAR) {
            return Err(Refusal(format!("pas une page de ce carnet (ni titre « … | {SERIES} », ni « {LINK_BAR} »)")));
        }
    } else {
        let Some((name, series)) = title_line.rsplit_once(" | ") else {
            return Err(Refusal(format!("première ligne sans « | {SERIES} » : pas une page de ce carnet")));
        };
        let (series_name, part) = match series.split_once(" / ") {
            Some((s, p)) => (s.trim(), Some(p.trim().to_string())),
            None => (series.trim(), None),
        };
        if series_name != SERIES {
            return Err(Refusal(format!("page d’un autre carnet (« {series_name} »)")));
        }
        page.part = part;
        let name = clean(name);
        match name.split_once(". ") {
            Some((n, t)) if NoteNumber::parse(n).is_some() => {
                page.number = NoteNumber::parse(n);
                page.title = t.trim().to_string();
            }
            _ => page.title = name,
        }
    }
    // The body lies between the « Table des matières | Résumé | Références » bar and « Suite : ».
    let mut i = title_at + 1;
    if let Some(bar) = lines.iter().position(|l| l.trim() == LINK_BAR) {
        i = bar + 1;
    }
    let chrome_start = ["Suite : ", "note Note(s) liée(s)"];
    while i < lines.len() && !chrome_start.iter().any(|c| lines[i].trim_start().starts_with(c)) {
        let l = clean(lines[i]);
        if !l.is_empty() {
            page.body.push((i + 1, l));
        }
        i += 1;
    }
    // The chrome: facts only.
    page.complete = i < lines.len();
    let mut k = i;
    while k < lines.len() {
        let l = lines[k].trim();
        let next_value = || lines[k + 1..].iter().map(|x| x.trim()).find(|x| !x.is_empty()).map(str::to_string);
        if let Some(next) = l.strip_prefix("Suite : ") {
            page.next = Some(clean(next.split(" | ").next().unwrap_or(next)));
        } else if let Some(rest) = l.strip_prefix("Intégré par ") {
            page.complete = true;
            if let Some((who, when)) = rest.split_once(", le ") {
                page.author = Some(who.trim().to_string());
                page.published = french_date(when);
            }
        } else if l == "category" {
            page.category = next_value();
        } else if l == "Modification" {
            page.modified = next_value().and_then(|v| french_date(&v));
        } else if l == "Publication" && page.published.is_none() {
            page.published = next_value().and_then(|v| french_date(&v));
        } else if let Some(v) = l.strip_prefix("lock_open ").or_else(|| l.strip_prefix("lock ")) {
            page.visibility = Some(v.trim().to_string());
        }
        k += 1;
    }
    if page.body.is_empty() {
        return Err(Refusal("aucun texte de note entre l’en-tête de la plateforme et « Suite : »".into()));
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_dates() {
        assert_eq!(french_date("6 décembre 2023 17:39").as_deref(), Some("2023-12-06 17:39"));
        assert_eq!(french_date("6 décembre 2023").as_deref(), Some("2023-12-06"));
        assert_eq!(french_date("1 août 2021 09:05").as_deref(), Some("2021-08-01 09:05"));
        assert_eq!(french_date("bientôt"), None);
    }

    #[test]
    fn spaces_are_cleaned() {
        assert_eq!(clean("  a \u{a0}\u{a0} b\u{a0}c  "), "a b\u{a0}c");
    }

    #[test]
    fn refusals() {
        assert!(parse_page(b"").is_err());
        assert!(parse_page(b"\x00\x01PNG").unwrap_err().0.contains("binaire"));
        assert!(parse_page(b"<!DOCTYPE html><html>").unwrap_err().0.contains("HTML"));
        assert!(parse_page("1.1. Titre | Autre carnet / partie\n\nTexte".as_bytes())
            .unwrap_err()
            .0
            .contains("autre carnet"));
        assert!(parse_page(b"Juste du texte\nsans titre de page").is_err());
    }
}
