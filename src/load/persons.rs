//! One author, one name: « Wenger, Etienne » in a Zotero export and « Wenger, E. » typed by hand
//! are one person. Left apart, the style tells them apart (« E. Wenger, 2005 ») and sorts their
//! works as two people's. Names whose family names are equal and whose given names agree (a
//! full name and its initials, with or without hyphen, accents or points) are written alike —
//! the fullest spelling — before the style sees them, with one warning naming both spellings.

use std::collections::BTreeMap;
use std::path::PathBuf;

use hayagriva::types::Person;
use hayagriva::Entry;

use crate::diag::{Diagnostics, Pos};

/// The parts of a given name, folded: « Jean-Marc » → `["jean", "marc"]`, « J.-M. » → `["j", "m"]`.
fn parts(given: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization as _;
    given
        .split(|c: char| c.is_whitespace() || c == '-' || c == '.')
        .filter(|p| !p.is_empty())
        .map(|p| p.nfd().filter(|c| c.is_alphabetic()).flat_map(char::to_lowercase).collect())
        .collect()
}

/// True when two given names may name one person: as many parts, each equal or an initial of
/// the other.
fn compatible(a: &str, b: &str) -> bool {
    let (a, b) = (parts(a), parts(b));
    a.len() == b.len()
        && !a.is_empty()
        && a.iter().zip(&b).all(|(x, y)| {
            x == y
                || (x.chars().count() == 1 && y.starts_with(x.as_str()))
                || (y.chars().count() == 1 && x.starts_with(y.as_str()))
        })
}

/// The person's family name, folded, as the key people are grouped by.
fn family(p: &Person) -> String {
    let prefix = p.prefix.as_deref().unwrap_or("");
    format!("{prefix} {}", p.name).trim().to_lowercase()
}

/// « Wenger, Etienne ».
fn shown(p: &Person) -> String {
    match &p.given_name {
        Some(g) => format!("{}, {g}", p.name),
        None => p.name.clone(),
    }
}

/// Writes every person of `entries` (authors and editors) the fullest way the library spells
/// them, and warns once per person written two ways, at the line of the first entry.
pub fn unify(entries: &mut [(Entry, PathBuf, Pos)], diags: &mut Diagnostics) {
    // Every spelling of each family name: given name → the entries using it, in order.
    let mut spellings: BTreeMap<String, Vec<(String, Vec<usize>)>> = BTreeMap::new();
    for (i, (entry, _, _)) in entries.iter().enumerate() {
        let persons = entry.authors().into_iter().flatten().chain(entry.editors().into_iter().flatten());
        for p in persons {
            let Some(given) = p.given_name.clone() else { continue };
            let list = spellings.entry(family(p)).or_default();
            match list.iter_mut().find(|(g, _)| *g == given) {
                Some((_, uses)) if uses.last() != Some(&i) => uses.push(i), // `i` only grows
                Some(_) => {}
                None => list.push((given, vec![i])),
            }
        }
    }
    // Each spelling that agrees with a fuller one becomes it.
    let mut rename: BTreeMap<(String, String), String> = BTreeMap::new();
    for (fam, list) in &spellings {
        for (given, uses) in list {
            let letters = |g: &str| g.chars().filter(|c| c.is_alphabetic()).count();
            // The fuller spellings this one may stand for; two different ones (« M. » for
            // « Marie » and « Michel ») leave it as written: memoire cannot tell which.
            let fuller: Vec<&(String, Vec<usize>)> = list
                .iter()
                .filter(|(other, _)| {
                    other != given
                        && compatible(given, other)
                        && (letters(other) > letters(given) || (parts(other) == parts(given) && other > given))
                })
                .collect();
            // Spellings that differ only by accents count once.
            let maximal: std::collections::BTreeSet<Vec<String>> = fuller
                .iter()
                .filter(|(o, _)| !fuller.iter().any(|(p, _)| compatible(o, p) && letters(p) > letters(o)))
                .map(|(o, _)| parts(o))
                .collect();
            let distinct = maximal.len();
            if distinct != 1 {
                continue;
            }
            let Some((full, full_uses)) = fuller.into_iter().max_by_key(|(o, _)| (letters(o), o.clone())) else {
                continue;
            };
            rename.insert((fam.clone(), given.clone()), full.clone());
            let first = uses.iter().chain(full_uses).min().copied().unwrap_or(0);
            let (_, file, pos) = &entries[first];
            let keys = |u: &[usize]| u.iter().map(|i| entries[*i].0.key().to_string()).collect::<Vec<_>>().join(", ");
            let person = entries[uses[0]]
                .0
                .authors()
                .into_iter()
                .flatten()
                .chain(entries[uses[0]].0.editors().into_iter().flatten())
                .find(|p| family(p) == *fam && p.given_name.as_deref() == Some(given.as_str()))
                .cloned();
            let (short, long) = match &person {
                Some(p) => (shown(p), shown(&Person { given_name: Some(full.clone()), ..p.clone() })),
                None => (given.clone(), full.clone()),
            };
            diags
                .warning(
                    file,
                    Some(*pos),
                    format!(
                        "une même personne écrite de deux façons : « {long} » ({}) et « {short} » ({})",
                        keys(full_uses),
                        keys(uses)
                    ),
                )
                .with_hint(format!(
                    "memoire les traite comme une seule personne ; harmonisez les entrées (« {long} » partout)"
                ));
        }
    }
    if rename.is_empty() {
        return;
    }
    let fix = |persons: &[Person]| -> Vec<Person> {
        persons
            .iter()
            .map(|p| match p.given_name.as_ref().and_then(|g| rename.get(&(family(p), g.clone()))) {
                Some(full) => Person { given_name: Some(full.clone()), ..p.clone() },
                None => p.clone(),
            })
            .collect()
    };
    for (entry, _, _) in entries.iter_mut() {
        if let Some(a) = entry.authors().map(fix) {
            entry.set_authors(a);
        }
        if let Some(e) = entry.editors().map(fix) {
            entry.set_editors(e);
        }
    }
}

/// For tests: a library from BibLaTeX, unified.
#[cfg(test)]
fn unified(bib: &str) -> (Vec<Entry>, Diagnostics) {
    let lib = hayagriva::io::from_biblatex_str(bib).unwrap();
    let mut entries: Vec<(Entry, PathBuf, Pos)> =
        lib.iter().map(|e| (e.clone(), PathBuf::from("b.bib"), Pos::new(1, 1))).collect();
    let mut d = Diagnostics::new();
    unify(&mut entries, &mut d);
    (entries.into_iter().map(|(e, _, _)| e).collect(), d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_names_agree_when_one_is_the_initials_of_the_other() {
        assert!(compatible("Etienne", "E."));
        assert!(compatible("Étienne", "Etienne"));
        assert!(compatible("Jean-Marc", "J.-M."));
        assert!(compatible("J. M.", "Jean-Marc"));
        assert!(!compatible("E.", "E. M."));
        assert!(!compatible("Jacques", "Julie"));
        assert!(!compatible("J.", "N."));
    }

    #[test]
    fn two_spellings_become_the_fullest_with_one_warning() {
        let (entries, d) = unified(
            "@book{w2000, author = {Wenger, Etienne}, title = {A}, year = {2000}}\n\
             @book{w2005, author = {Wenger, E.}, title = {B}, year = {2005}}\n\
             @book{g2006, author = {Gagnon, J.}, title = {C}, year = {2006}}\n\
             @book{g2007, author = {Gagnon, N.}, title = {D}, year = {2007}}\n",
        );
        let given =
            |k: &str| entries.iter().find(|e| e.key() == k).unwrap().authors().unwrap()[0].given_name.clone().unwrap();
        assert_eq!((given("w2000"), given("w2005")), ("Etienne".to_string(), "Etienne".to_string()));
        assert_eq!((given("g2006"), given("g2007")), ("J.".to_string(), "N.".to_string()));
        // « M. » could be « Marie » or « Michel »: left as written.
        let (entries, _) = unified(
            "@book{a, author = {Tremblay, Marie}, title = {A}, year = {2000}}\n\
             @book{b, author = {Tremblay, Michel}, title = {B}, year = {2001}}\n\
             @book{c, author = {Tremblay, M.}, title = {C}, year = {2002}}\n",
        );
        let c = entries.iter().find(|e| e.key() == "c").unwrap().authors().unwrap()[0].given_name.clone();
        assert_eq!(c.as_deref(), Some("M."));
        // Accents aside, one fuller spelling: merged.
        let (entries, _) = unified(
            "@book{a, author = {Wenger, Étienne}, title = {A}, year = {2000}}\n\
             @book{b, author = {Wenger, Etienne}, title = {B}, year = {2001}}\n\
             @book{c, author = {Wenger, E.}, title = {C}, year = {2002}}\n",
        );
        let c = entries.iter().find(|e| e.key() == "c").unwrap().authors().unwrap()[0].given_name.clone();
        let given = |k: &str| entries.iter().find(|e| e.key() == k).unwrap().authors().unwrap()[0].given_name.clone();
        assert_eq!(
            (given("a"), given("b"), c),
            (Some("Étienne".into()), Some("Étienne".into()), Some("Étienne".into()))
        );
        let all: Vec<String> = d.sorted().iter().map(|x| x.to_string()).collect();
        assert_eq!(all.len(), 1, "{all:?}");
        assert!(
            all[0].contains(
                "une même personne écrite de deux façons : « Wenger, Etienne » (w2000) et « Wenger, E. » (w2005)"
            ),
            "{all:?}"
        );
    }
}
