//! The order of the works inside one parenthetical citation, as APA 7 (8.12) asks: by the
//! authors' names as the citation prints them (French collation: accents and case do not
//! decide, except between otherwise equal names), then by year; works of the same authors
//! follow each other and print their years after one name: « (Simard, 1994, 2016) ». Done on
//! the citation's items, before hayagriva formats them; a citation whose first work has a
//! prefix (« voir ») keeps the author's order.

use hayagriva::Entry;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::model::{Citation, CiteMode, Inline};

/// `text` for sorting in French: without accents, lower case.
pub fn collation_key(text: &str) -> String {
    text.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

/// The authors (else editors) of an entry, family name then given name, as the list files them.
fn names(entry: &Entry) -> Vec<(String, String)> {
    let persons = entry.authors().or_else(|| entry.editors()).unwrap_or(&[]);
    persons
        .iter()
        .map(|p| {
            let family = match &p.prefix {
                Some(prefix) => format!("{prefix} {}", p.name),
                None => p.name.clone(),
            };
            (family, p.given_name.clone().unwrap_or_default())
        })
        .collect()
}

/// The names as the citation prints them decide, as in APA's CSL (`names-min="3"
/// names-use-first="1"`): from three authors on, the first one and « et al. », which comes after
/// the same author alone or with one co-author — « (Wenger, 2005 ; Wenger et al., 2002) »,
/// « (Lavoie et al., 1993 ; Lavoie et al., 2018) » in the order of the years, whoever the
/// co-authors are.
fn sort_key(entry: &Entry, names: &[(String, String)]) -> (Vec<String>, Vec<String>, Option<i32>, String) {
    let et_al = names.len() >= 3;
    let names = if et_al { &names[..1] } else { names };
    let mut collated: Vec<String> = names.iter().flat_map(|(f, g)| [collation_key(f), collation_key(g)]).collect();
    if et_al {
        collated.push(char::MAX.to_string());
    }
    let exact: Vec<String> = names.iter().flat_map(|(f, g)| [f.clone(), g.clone()]).collect();
    let title = entry.title().map(|t| collation_key(&t.to_string())).unwrap_or_default();
    (collated, exact, entry.date_any().map(|d| d.year), title)
}

/// Sorts and groups the items of `c` (see the module); `entry` finds a key's work.
pub fn apa_order<'b>(c: &mut Citation, entry: &dyn Fn(&str) -> Option<&'b Entry>) {
    if c.mode != CiteMode::Parenthetical || c.items.len() < 2 || !c.items[0].prefix.is_empty() {
        return;
    }
    let Some(entries) = c.items.iter().map(|i| entry(&i.key)).collect::<Option<Vec<_>>>() else {
        return; // an unknown key is reported elsewhere; the author's order stays
    };
    let mut keyed: Vec<_> = c
        .items
        .drain(..)
        .zip(entries)
        .map(|(item, e)| {
            let names = names(e);
            (sort_key(e, &names), names, item)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    for k in 0..keyed.len() {
        // Not when a locator would sit between the years.
        let same_authors = k > 0
            && !keyed[k].1.is_empty()
            && keyed[k].1 == keyed[k - 1].1
            && keyed[k - 1].2.locator.is_none()
            && !keyed[k - 1].2.suppress_author;
        let item = &mut keyed[k].2;
        item.grouped = same_authors && !item.suppress_author && item.prefix.is_empty() && item.locator.is_none();
    }
    c.items = keyed.into_iter().map(|(_, _, item)| item).collect();
}

/// [`apa_order`] on every citation of `blocks`.
pub fn apa_order_all<'b>(blocks: &mut [crate::model::Block], entry: &dyn Fn(&str) -> Option<&'b Entry>) {
    crate::text::visit_inlines_mut(blocks, &mut |i| {
        if let Inline::Cite(c) = i {
            apa_order(c, entry);
        }
        true
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_collation_ignores_accents_and_case() {
        let mut names = vec!["Ewing", "Éthier", "Eaton", "ewart"];
        names.sort_by_key(|n| collation_key(n));
        assert_eq!(names, ["Eaton", "Éthier", "ewart", "Ewing"]);
    }
}
