//! Plain-text citations of a page copy matched against the bibliography: « Wenger (2005) »,
//! « (Dubé, 2004 ; Tremblay, 2006) » become Pandoc citations when exactly one entry fits; note
//! titles in parentheses become cross-references. What does not match stays text, reported.

use crate::model::Document;
use crate::write::archive::escape::escape;

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

/// Converts the citations and note titles of a page's lines, in order: it remembers the works
/// a note cites, so that « (idem) », « (idem, p. 5) » and a page-only « (p. 121) » after a
/// quotation point to the work meant.
pub(super) struct Converter<'a> {
    works: &'a [Citable],
    titles: &'a [(String, String)],
    /// Works cited so far in the note, the latest last (indexes into `works`).
    cited: Vec<usize>,
    /// Citations converted, and citations left as text.
    pub converted: usize,
    pub left: usize,
}

impl<'a> Converter<'a> {
    pub fn new(works: &'a [Citable], titles: &'a [(String, String)]) -> Self {
        Converter { works, titles, cited: Vec::new(), converted: 0, left: 0 }
    }

    fn cite(&mut self, w: usize) -> &'a str {
        self.cited.retain(|&c| c != w);
        self.cited.push(w);
        self.converted += 1;
        &self.works[w].key
    }

    /// The work an implicit citation at `pos` of `line` points to: among the works already
    /// cited, the one whose author is named last before it outside parentheses (« Wenger utilise
    /// … (Star et Griesemer, 1989) … (p. 121) » → Wenger), else the work cited last.
    fn implied(&self, line: &str, pos: usize) -> Option<usize> {
        let outside = outside_parentheses(&line[..pos]);
        // The name that ends last wins (« Wenger, McDermott et Snyder » over « Wenger »), then
        // the work cited most recently.
        let mut best: Option<(usize, usize)> = None;
        for &w in self.cited.iter().rev() {
            let end = name_forms(&self.works[w].names)
                .iter()
                .filter_map(|f| find_name(&outside, f).map(|at| at + norm(f).len()))
                .max();
            if let Some(end) = end {
                if best.is_none_or(|(e, _)| end > e) {
                    best = Some((end, w));
                }
            }
        }
        best.map(|(_, w)| w).or_else(|| self.cited.last().copied())
    }

    /// The works of `year` whose author names end `text`: (work, byte where the names start).
    fn named_before(&self, text: &str, year: &str) -> Vec<(usize, usize)> {
        (0..self.works.len())
            .filter(|&w| self.works[w].year == year)
            .filter_map(|w| {
                name_forms(&self.works[w].names).into_iter().find_map(|f| ends_with_name(text, &f).map(|at| (w, at)))
            })
            .collect()
    }

    /// Converts one line; `warn` receives what stays as text and what was inferred.
    pub fn line(&mut self, line: &str, warn: &mut dyn FnMut(usize, String)) -> Vec<Piece> {
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut rest = line;
        let col_of = |r: &str| line[..line.len() - r.len()].chars().count() + 1;
        while let Some(open) = rest.find('(') {
            let Some(close_rel) = rest[open..].find(')') else { break };
            let inner = &rest[open + 1..open + close_rel];
            let col = col_of(&rest[open..]);
            let at = line.len() - rest.len() + open;
            let before = &rest[..open];
            let whole = &rest[..=open + close_rel];
            rest = &rest[open + close_rel + 1..];
            // A note title in parentheses: a cross-reference.
            if let Some((_, file)) = self.titles.iter().find(|(t, _)| norm(t) == norm(inner.trim())) {
                text.push_str(before);
                text.push('(');
                pieces.push(Piece::Text(std::mem::take(&mut text)));
                pieces.push(Piece::Markdown(format!("[{}]({file})", escape(inner))));
                text.push(')');
                continue;
            }
            let first = inner.split(',').next().unwrap_or("").trim();
            let is_year = |w: &str| w.len() == 4 && w.starts_with(['1', '2']) && w.chars().all(|c| c.is_ascii_digit());
            let looks_cited = !is_date_note(inner)
                && (inner.split([',', ' ', ';']).any(is_year) || first == "idem" || locator(inner).is_some());
            if !looks_cited {
                text.push_str(whole);
                continue;
            }
            let loc = inner.split_once(',').and_then(|(_, r)| locator(r));
            // « Names (idem) », « (idem, p. 5) »: the work cited just before.
            if first == "idem" {
                let trimmed = before.trim_end();
                // Names before « (idem) »: the work of those authors cited last; none: the work
                // cited just before.
                let named = self.cited.iter().rev().find_map(|&w| {
                    name_forms(&self.works[w].names).iter().find_map(|f| ends_with_name(trimmed, f)).map(|at| (w, at))
                });
                let other_names = named.is_none()
                    && self
                        .works
                        .iter()
                        .any(|w| name_forms(&w.names).iter().any(|f| ends_with_name(trimmed, f).is_some()));
                let last = self.cited.last().copied();
                match (named, last) {
                    (Some((w, name_start)), _) => {
                        text.push_str(&before[..name_start]);
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                        let loc = loc.map(|l| format!(" [{l}]")).unwrap_or_default();
                        let key = self.cite(w);
                        pieces.push(Piece::Markdown(format!("@{key}{loc}")));
                    }
                    (None, Some(w)) if !other_names => {
                        text.push_str(before);
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                        let loc = loc.map(|l| format!(", {l}")).unwrap_or_default();
                        let key = self.cite(w);
                        pieces.push(Piece::Markdown(format!("[@{key}{loc}]")));
                    }
                    _ => {
                        let why = if other_names {
                            "ces auteurs n’ont pas été cités avant dans la note"
                        } else {
                            "aucune œuvre citée avant dans la note"
                        };
                        warn(
                            col,
                            format!(
                                "citation « {} ({inner}) » : « idem », mais {why} ; laissée en texte",
                                last_words(trimmed)
                            ),
                        );
                        self.left += 1;
                        text.push_str(whole);
                    }
                }
                continue;
            }
            // Narrative: « Names (2005) » or « Names (2005, p. 5) ».
            if is_year(first) {
                let trimmed = before.trim_end();
                let candidates = self.named_before(trimmed, first);
                match candidates.as_slice() {
                    [(w, name_start)] => {
                        text.push_str(&before[..*name_start]);
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                        let loc = loc.map(|l| format!(" [{l}]")).unwrap_or_default();
                        let key = self.cite(*w);
                        pieces.push(Piece::Markdown(format!("@{key}{loc}")));
                    }
                    [] => {
                        warn(
                            col,
                            format!(
                                "citation « {} ({inner}) » sans entrée correspondante : laissée en texte",
                                last_words(trimmed)
                            ),
                        );
                        self.left += 1;
                        text.push_str(whole);
                    }
                    many => {
                        let mut keys: Vec<&str> = many.iter().map(|(w, _)| self.works[*w].key.as_str()).collect();
                        keys.sort_unstable();
                        warn(col, format!("citation « ({inner}) » ambiguë ({}) : laissée en texte", keys.join(", ")));
                        self.left += 1;
                        text.push_str(whole);
                    }
                }
                continue;
            }
            // « (p. 121) » after a quotation: the work meant (see `implied`), to be checked.
            let locator_only = matches!(crate::load::cite::parse_suffix(inner), (Some(_), r) if r.is_empty());
            if locator_only {
                let (Some(w), Some(l)) = (self.implied(line, at), locator(inner)) else {
                    warn(
                        col,
                        format!(
                            "citation « ({inner}) » : localisateur seul, sans œuvre citée avant ; laissée en texte"
                        ),
                    );
                    self.left += 1;
                    text.push_str(whole);
                    continue;
                };
                let key = self.cite(w);
                warn(col, format!("« ({inner}) » rattaché à @{key} (œuvre nommée ou citée juste avant) : à vérifier"));
                text.push_str(before);
                pieces.push(Piece::Text(std::mem::take(&mut text)));
                pieces.push(Piece::Markdown(format!("[@{key}, {l}]")));
                continue;
            }
            // Parenthetical: « (Names, 2005, p. 7 ; Names, 2006) ».
            let mut items = Vec::new();
            let mut found = Vec::new();
            let mut ok = true;
            let mut ambiguous = false;
            for group in inner.split(" ; ").flat_map(|g| g.split("; ")) {
                let parts: Vec<&str> = group.split(", ").collect();
                let Some(year_at) = parts.iter().position(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_digit()))
                else {
                    ok = false;
                    break;
                };
                let names = parts[..year_at].join(", ");
                let loc = locator(&parts[year_at + 1..].join(", "));
                let matches: Vec<usize> = (0..self.works.len())
                    .filter(|&w| {
                        self.works[w].year == parts[year_at]
                            && name_forms(&self.works[w].names).iter().any(|f| norm(f) == norm(&names))
                    })
                    .collect();
                match matches.as_slice() {
                    [w] => {
                        found.push(*w);
                        items.push((*w, loc.map(|l| format!(", {l}")).unwrap_or_default()));
                    }
                    [] => {
                        ok = false;
                        break;
                    }
                    many => {
                        let mut keys: Vec<&str> = many.iter().map(|w| self.works[*w].key.as_str()).collect();
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
                let items: Vec<String> = items.into_iter().map(|(w, loc)| format!("@{}{loc}", self.cite(w))).collect();
                pieces.push(Piece::Markdown(format!("[{}]", items.join("; "))));
            } else {
                if !ambiguous {
                    warn(col, format!("citation « ({inner}) » non reconnue : laissée en texte"));
                }
                self.left += 1;
                text.push_str(whole);
            }
        }
        text.push_str(rest);
        self.narrative_years(text, &mut pieces, line, warn);
        pieces
    }

    /// « Wenger, McDermott et Snyder, en 2002 : » → `@wenger2002`, in the text left after the
    /// parentheses; a « , en 2002 » whose names match no entry is reported.
    fn narrative_years(
        &mut self,
        text: String,
        pieces: &mut Vec<Piece>,
        line: &str,
        warn: &mut dyn FnMut(usize, String),
    ) {
        let mut rest = text.as_str();
        let mut done = String::new();
        while let Some(at) = rest.find(", en ") {
            let year = &rest[at + 5..];
            let digits = year.chars().take_while(char::is_ascii_digit).count();
            let after_ok = year[digits..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            if digits != 4 || !after_ok {
                done.push_str(&rest[..at + 5]);
                rest = &rest[at + 5..];
                continue;
            }
            let year = &year[..4];
            let before = &rest[..at];
            let candidates = self.named_before(before, year);
            if let [(w, name_start)] = candidates.as_slice() {
                done.push_str(&before[..*name_start]);
                pieces.push(Piece::Text(std::mem::take(&mut done)));
                let key = self.cite(*w);
                pieces.push(Piece::Markdown(format!("@{key}")));
            } else {
                let col = line.find(&rest[at..]).map_or(1, |b| line[..b].chars().count() + 1);
                let why = if candidates.is_empty() { "sans entrée correspondante" } else { "ambiguë" };
                warn(col, format!("citation « {}, en {year} » {why} : laissée en texte", last_words(before)));
                self.left += 1;
                done.push_str(&rest[..at + 9]);
            }
            rest = &rest[at + 9..];
        }
        done.push_str(rest);
        pieces.push(Piece::Text(done));
    }
}

/// `text` with every parenthesised part blanked out (same length, so offsets hold).
/// A date in parentheses that cites nothing: « (consulté en novembre 2021) », « (mis à jour le
/// 3 mars 2020) », « (janvier 2019) ».
fn is_date_note(inner: &str) -> bool {
    const OPENERS: &[&str] = &[
        "consulté",
        "consultée",
        "page consultée",
        "mis à jour",
        "mise à jour",
        "accédé",
        "accessed",
        "retrieved",
        "en ligne",
    ];
    use super::page::MONTHS;
    let lower = inner.trim().to_lowercase();
    if OPENERS.iter().any(|o| lower.starts_with(o)) {
        return true;
    }
    // Only a date: words that are « le », « en », a day, a month or a year.
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.iter().any(|w| MONTHS.contains(w))
        && words.iter().all(|w| {
            matches!(*w, "le" | "en" | "1er")
                || MONTHS.contains(w)
                || (w.len() <= 4 && w.chars().all(|c| c.is_ascii_digit()))
        })
}

fn outside_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .map(|c| match c {
            '(' => {
                depth += 1;
                ' '
            }
            ')' => {
                depth = depth.saturating_sub(1);
                ' '
            }
            _ if depth > 0 => ' ',
            c => c,
        })
        .collect()
}

/// Where `name` occurs last in `text` as whole words (case and apostrophes aside).
fn find_name(text: &str, name: &str) -> Option<usize> {
    let hay = norm(text);
    let needle = norm(name);
    let mut found = None;
    let mut from = 0;
    while let Some(i) = hay[from..].find(&needle) {
        let s = from + i;
        let e = s + needle.len();
        let ok_before = hay[..s].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let ok_after = hay[e..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if ok_before && ok_after {
            found = Some(s);
        }
        from = s + needle.len().max(1);
    }
    found
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

    #[test]
    fn dates_in_parentheses_cite_nothing() {
        for d in ["consulté en novembre 2021", "Consulté le 3 mars 2020", "mis à jour le 1er mai 2019", "janvier 2019"]
        {
            assert!(is_date_note(d), "{d}");
        }
        for c in ["Wenger, 1998", "Wenger, mars 1998", "idem", "CEFRIO, 2005, p. 41"] {
            assert!(!is_date_note(c), "{c}");
        }
    }

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
