//! The « Liste des abréviations, sigles et acronymes », built from the text: a sigle in
//! parentheses right after its long form, at first use (« transfert de connaissances (TC) »,
//! « Le Centre de recherche sur les innovations sociales (CRISES) »), plus the `[sigles]` table
//! of `memoire.toml`, which adds entries or corrects them. Warnings: a sigle used before its
//! definition, defined twice differently, or used but never defined (a word of 2 to 6 capitals
//! that is listed nowhere; `sigles_ignores` in `[build]` silences one).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::diag::Diagnostics;
use crate::model::{Block, Document};

/// Small words a long form may hold without a letter in the sigle (« de », « l’ »…).
const SMALL: &[&str] =
    &["de", "des", "du", "d", "la", "le", "les", "l", "et", "en", "à", "au", "aux", "sur", "pour", "par", "dans"];

/// Determiners a long form starts after (« Le Centre de recherche… (CRISES) »).
const DETERMINERS: &[&str] = &["le", "la", "les", "l", "un", "une", "du", "des", "au", "aux", "de", "d"];

/// A word that may be a sigle: 2 to 6 letters, the first a capital, at least two capitals
/// (`TC`, `CdP`, `RQIS`), not a roman numeral.
fn is_sigle(w: &str) -> bool {
    let n = w.chars().count();
    (2..=6).contains(&n)
        && w.chars().all(char::is_alphabetic)
        && w.chars().next().is_some_and(char::is_uppercase)
        && w.chars().filter(|c| c.is_uppercase()).count() >= 2
        && !w.chars().all(|c| "IVXLCDM".contains(c))
}

/// All capitals: the words checked for « used but never defined ».
fn all_caps(w: &str) -> bool {
    is_sigle(w) && w.chars().all(char::is_uppercase)
}

/// A word's initial, folded (« l’innovation » → `i`, « Québécois » → `q`).
fn initial(word: &str) -> Option<char> {
    let w = word.rsplit(['’', '\'']).next().unwrap_or(word);
    w.chars().next().map(|c| crate::text::slugify(&c.to_string()).chars().next().unwrap_or(c))
}

fn folded(word: &str) -> String {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    w.rsplit(['’', '\'']).next().unwrap_or(&w).to_string()
}

/// The long form `before` ends with, for `sigle`: the words whose initials spell it (small words
/// may be skipped), else the words after the nearest determiner whose first word starts like it.
pub fn long_form(before: &str, sigle: &str) -> Option<String> {
    // The clause before the parenthesis, at most 12 words.
    let clause = before.rsplit([',', ';', ':', '.', '«', '»', '(', ')', '!', '?']).next().unwrap_or(before);
    let words: Vec<&str> = clause.split_whitespace().collect();
    let words = &words[words.len().saturating_sub(12)..];
    if words.is_empty() {
        return None;
    }
    let letters: Vec<char> = sigle.chars().map(|c| initial(&c.to_string()).unwrap_or(c)).collect();
    // Initials, from the right.
    let (mut k, mut at) = (letters.len(), words.len());
    while k > 0 && at > 0 {
        let w = words[at - 1];
        if initial(w) == Some(letters[k - 1]) {
            k -= 1;
        } else if !SMALL.contains(&folded(w).as_str()) {
            break;
        }
        at -= 1;
    }
    if k == 0 {
        return Some(words[at..].join(" "));
    }
    // After a determiner, starting with the sigle's first letter.
    for d in (0..words.len()).rev() {
        let w = folded(words[d]);
        let starts_here = d + 1 < words.len() && initial(words[d + 1]) == letters.first().copied();
        if DETERMINERS.contains(&w.as_str()) && starts_here && words.len() - d > 2 {
            return Some(words[d + 1..].join(" "));
        }
    }
    None
}

pub use crate::plan::Sigle;

/// The text of each block that holds prose, note by note in `order`.
fn texts(doc: &Document, order: &[usize]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for &i in order {
        crate::text::visit_blocks(&doc.notes[i].blocks, &mut |b| {
            let text = match b {
                Block::Paragraph(p) => crate::text::plain_text(p),
                Block::Heading(h) => crate::text::plain_text(&h.content),
                Block::Table(t) => t
                    .header
                    .iter()
                    .chain(t.rows.iter().flatten())
                    .map(|c| crate::text::plain_text(c))
                    .collect::<Vec<_>>()
                    .join(" ; "),
                _ => return,
            };
            out.push((i, text));
        });
    }
    out
}

/// The list, sorted the French way, from the notes in reading `order`.
pub fn collect(doc: &Document, order: &[usize], diags: &mut Diagnostics) -> Vec<Sigle> {
    let configured = &doc.config.sigles;
    let ignored = &doc.config.build.sigles_ignores;
    let mut defined: BTreeMap<String, String> = BTreeMap::new();
    // The first definition in the singular, which the list prefers (« communauté de pratique »,
    // not « communautés de pratique »), and where each sigle is defined.
    let mut singular: BTreeMap<String, String> = BTreeMap::new();
    let mut defined_at: BTreeMap<String, (PathBuf, Option<crate::diag::Pos>)> = BTreeMap::new();
    let mut first_use: HashMap<String, usize> = HashMap::new();
    let mut warned: Vec<String> = Vec::new();
    let path = |i: usize| -> PathBuf { doc.notes[i].path.clone() };
    let first_place = |i: usize, w: &str| doc.notes[i].capitals.iter().find(|(c, _)| c == w).map(|(_, p)| *p);
    for (i, text) in texts(doc, order) {
        // Definitions: « long form (SIGLE) ».
        let mut rest = text.as_str();
        let mut offset = 0;
        while let Some(open) = rest.find('(') {
            let Some(close) = rest[open..].find(')') else { break };
            let inner = rest[open + 1..open + close].trim();
            if is_sigle(inner) {
                if let Some(long) = long_form(&text[..offset + open], inner) {
                    if !is_plural(&long) {
                        singular.entry(inner.to_string()).or_insert_with(|| long.clone());
                    }
                    match defined.get(inner) {
                        Some(before) if !same_but_number(before, &long) => {
                            if !configured.contains_key(inner) {
                                diags
                                    .warning(
                                        &path(i),
                                        None,
                                        format!(
                                            "sigle {inner} défini deux fois autrement : « {before} », puis « {long} »"
                                        ),
                                    )
                                    .with_hint(format!(
                                        "fixez sa forme longue dans memoire.toml : [sigles] {inner} = \"…\""
                                    ));
                            }
                        }
                        Some(_) => {}
                        None => {
                            if first_use.contains_key(inner) || first_use_before(&text, inner, offset + open) {
                                diags.warning(
                                    &path(i),
                                    None,
                                    format!("sigle {inner} employé avant sa définition (« {long} »)"),
                                );
                            }
                            defined_at.insert(inner.to_string(), (path(i), first_place(i, inner)));
                            defined.insert(inner.to_string(), long);
                        }
                    }
                }
            }
            offset += open + close + 1;
            rest = &rest[open + close + 1..];
        }
        // Uses: every word that may be a sigle.
        for w in text.split(|c: char| !c.is_alphabetic()).filter(|w| is_sigle(w)) {
            first_use.entry(w.to_string()).or_insert(i);
        }
    }
    let mut uses: Vec<(&String, &usize)> = first_use.iter().collect();
    uses.sort_by_key(|(w, i)| (**i, (*w).clone()));
    for (w, &i) in uses {
        let known = defined.contains_key(w) || configured.contains_key(w) || ignored.contains(w);
        if all_caps(w) && !known && !warned.contains(w) {
            warned.push(w.clone());
            diags
                .warning(&path(i), first_place(i, w), format!("sigle {w} employé sans définition"))
                .with_hint(format!(
                    "définissez-le à sa première occurrence (« forme longue ({w}) »), ou dans memoire.toml : [sigles] {w} = \"…\" ; sinon `sigles_ignores = [\"{w}\"]` dans [build]"
                ));
        }
    }
    for (short, long) in singular {
        defined.insert(short, long);
    }
    for (short, long) in &defined {
        if is_plural(long) && !configured.contains_key(short) {
            let (file, pos) = defined_at.get(short).cloned().unwrap_or_default();
            diags
                .note(&file, pos, format!("sigle {short} défini au pluriel (« {long} ») : la liste des sigles l’imprime ainsi"))
                .with_hint(format!("pour une forme au singulier, définissez-le une fois au singulier, ou dans memoire.toml : [sigles] {short} = \"…\""));
        }
    }
    for (short, long) in configured {
        defined.insert(short.clone(), long.clone());
    }
    let mut list: Vec<Sigle> = defined.into_iter().map(|(short, long)| Sigle { short, long }).collect();
    list.sort_by_key(|s| (folded_phrase(&s.short), s.short.clone()));
    list
}

/// Whether `sigle` appears in `text` before byte `at`, outside its own parentheses.
fn first_use_before(text: &str, sigle: &str, at: usize) -> bool {
    text[..at].split(|c: char| !c.is_alphabetic()).any(|w| w == sigle)
}

/// True when a long form is in the plural: its first word, the noun a French sigle's long form
/// starts with, ends with « s » or « x » (« communautés de pratique », « réseaux locaux »).
fn is_plural(long: &str) -> bool {
    const SINGULAR_IN_S: &[&str] = &[
        "processus",
        "cas",
        "temps",
        "pays",
        "corps",
        "prix",
        "choix",
        "accès",
        "progrès",
        "discours",
        "recours",
        "concours",
        "succès",
    ];
    let first = long.split_whitespace().next().unwrap_or("").to_lowercase();
    first.chars().count() > 3 && first.ends_with(['s', 'x']) && !SINGULAR_IN_S.contains(&first.as_str())
}

/// True when two long forms differ at most by number: word by word equal, or equal once a final
/// « s » or « x » is dropped, or « -al » against « -aux » (« réseau local », « réseaux locaux »).
fn same_but_number(a: &str, b: &str) -> bool {
    let (a, b) = (folded_phrase(a), folded_phrase(b));
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split('-').collect(), b.split('-').collect());
    let word = |x: &str, y: &str| {
        let bare = |w: &str| w.trim_end_matches(['s', 'x']).to_string();
        let al = |w: &str| w.strip_suffix("aux").map(|s| format!("{s}al"));
        x == y || bare(x) == bare(y) || al(x).as_deref() == Some(y) || al(y).as_deref() == Some(x)
    };
    wa.len() == wb.len() && wa.iter().zip(&wb).all(|(x, y)| word(x, y))
}

/// A phrase for comparison and French sorting: lower case, accents folded.
fn folded_phrase(s: &str) -> String {
    crate::text::slugify(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_forms() {
        assert_eq!(long_form("le transfert de connaissances ", "TC").as_deref(), Some("transfert de connaissances"));
        assert_eq!(long_form("La communauté de pratique", "CdP").as_deref(), Some("communauté de pratique"));
        assert_eq!(
            long_form("Le Réseau québécois de l’innovation sociale ", "RQIS").as_deref(),
            Some("Réseau québécois de l’innovation sociale")
        );
        assert_eq!(
            long_form("Le Centre de recherche sur les innovations sociales ", "CRISES").as_deref(),
            Some("Centre de recherche sur les innovations sociales")
        );
        assert_eq!(long_form("résume le ", "CEFRIO"), None);
        assert!(is_sigle("TC") && is_sigle("CdP") && !is_sigle("Cas") && !is_sigle("III") && !is_sigle("CdP2"));
    }
}
