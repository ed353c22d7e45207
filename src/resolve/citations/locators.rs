//! How the style prints each kind of locator (« p. 12 », « paragr. 3 »), learnt from one probe
//! request per kind instead of formatting every cited page with hayagriva.

use hayagriva::citationberg::taxonomy::Locator as CslLocator;

use super::{Request, Slot};
use crate::model::{Inline, LocatorKind};

pub(super) fn csl_locator(kind: LocatorKind) -> CslLocator {
    match kind {
        LocatorKind::Page => CslLocator::Page,
        LocatorKind::Paragraph => CslLocator::Paragraph,
        LocatorKind::Chapter => CslLocator::Chapter,
        LocatorKind::Section => CslLocator::Section,
        LocatorKind::Figure => CslLocator::Figure,
        LocatorKind::Volume => CslLocator::Volume,
        LocatorKind::Issue => CslLocator::Issue,
    }
}

/// French label of a locator, for the year-only form the style does not print: a no-break
/// space after the word, the locale's range delimiter (`dash`) between two numbers, as the
/// style prints them in the other forms.
pub(super) fn locator_label(kind: LocatorKind, value: &str, dash: &str) -> String {
    let plural = value.contains(['-', '–', ',']);
    let label = match kind {
        LocatorKind::Page if plural => "p.",
        LocatorKind::Page => "p.",
        LocatorKind::Paragraph => "paragr.",
        LocatorKind::Chapter => "chap.",
        LocatorKind::Section => "sect.",
        LocatorKind::Figure => "fig.",
        LocatorKind::Volume => "vol.",
        LocatorKind::Issue => "n°",
    };
    format!("{label}\u{a0}{}", value.replacen(['-', '–'], dash, 1))
}

/// Locator values of the probe requests: a work is formatted once per form, and the style's
/// rendering of each kind of locator is learnt from one probe per kind (see [`LocatorForm`]).
pub(super) const PROBE: &str = "9999";
pub(super) const PROBE_RANGE: &str = "9998-9999";

/// How the style prints a kind of locator in a form, learnt by comparing a work formatted with
/// the probe locator and without: « (Wenger, 2005) » and « (Wenger, 2005, p. 9999) » give
/// « , p. {} » inserted before the last « ) ».
#[derive(Debug, Clone)]
pub(super) struct LocatorForm {
    before: String,
    after: String,
    /// What the style prints between the two numbers of a range (« – » for « - »).
    dash: Option<String>,
    /// The text the work's citation ends with, after the locator.
    tail: String,
}

impl LocatorForm {
    pub(super) fn learn(base: &str, probe: &str, range: bool) -> Option<LocatorForm> {
        let b: Vec<char> = base.chars().collect();
        let p: Vec<char> = probe.chars().collect();
        let prefix = b.iter().zip(&p).take_while(|(x, y)| x == y).count();
        let suffix = b.iter().rev().zip(p.iter().rev()).take_while(|(x, y)| x == y).count().min(b.len() - prefix);
        if prefix + suffix > p.len() {
            return None;
        }
        let middle: String = p[prefix..p.len() - suffix].iter().collect();
        let tail: String = b[b.len() - suffix..].iter().collect();
        let (head, rest) = middle.split_once(if range { "9998" } else { PROBE })?;
        let (dash, after) = if range {
            let (dash, after) = rest.split_once(PROBE)?;
            (Some(dash.to_string()), after)
        } else {
            (None, rest)
        };
        Some(LocatorForm { before: head.to_string(), after: after.to_string(), dash, tail })
    }

    /// French writes the word of a locator in lower case inside a citation: « (Dancause, 2020,
    /// chapitre 7) », where hayagriva's French APA prints « Chapitre 7 » after the English
    /// « Chapter 7 ». An abbreviation or a word already in lower case stays as it is.
    /// The word and its number are kept together by a no-break space: « p.\u{a0}12 ».
    pub(super) fn in_french(mut self) -> LocatorForm {
        if let Some(word) =
            self.before.strip_suffix(' ').filter(|w| w.ends_with(|c: char| c.is_alphabetic() || c == '.'))
        {
            self.before = format!("{word}\u{a0}");
        }
        let word_start = self.before.trim_end().rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| i + 1);
        let word = &self.before[word_start..self.before.trim_end().len()];
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            if first.is_uppercase() && chars.clone().count() > 1 && chars.all(char::is_lowercase) {
                let lower: String = first.to_lowercase().chain(word[first.len_utf8()..].chars()).collect();
                self.before.replace_range(word_start..word_start + word.len(), &lower);
            }
        }
        self
    }

    /// Whether a work's formatted citation ends as learnt, so that [`Self::apply`] can insert.
    pub(super) fn fits(&self, inl: &[Inline]) -> bool {
        matches!(inl.last(), Some(Inline::Text(t)) if t.ends_with(&self.tail))
    }

    /// Inserts `value` into a work's formatted citation; false when it does not end as learnt.
    pub(super) fn apply(&self, inl: &mut [Inline], value: &str) -> bool {
        if !self.fits(inl) {
            return false;
        }
        let Some(Inline::Text(t)) = inl.last_mut() else { return false };
        let value = match &self.dash {
            Some(d) => value.replacen(['-', '–'], d, 1),
            None => value.to_string(),
        };
        let at = t.len() - self.tail.len();
        t.insert_str(at, &format!("{}{value}{}", self.before, self.after));
        true
    }
}

/// The rendering of each probe, learnt against the same work without a locator; `None` when one
/// cannot be learnt or a cited work does not end as its probe did.
pub(super) fn learn_locators(
    pending: &[Request],
    texts: &[Vec<Inline>],
    slots: &[Slot],
    french: bool,
) -> Option<std::collections::HashMap<usize, LocatorForm>> {
    let mut forms = std::collections::HashMap::new();
    for slot in slots {
        let Some(probe) = slot.probe else { continue };
        let form = match forms.entry(probe) {
            std::collections::hash_map::Entry::Occupied(known) => known.into_mut(),
            std::collections::hash_map::Entry::Vacant(slot) => {
                let r = &pending[probe];
                let base = pending
                    .iter()
                    .position(|b| b.locator.is_none() && b.id.2 == r.id.2 && std::ptr::eq(b.entry, r.entry))?;
                let range = r.locator.as_ref().is_some_and(|(_, v)| v == PROBE_RANGE);
                let base = crate::text::plain_text(&texts[base]);
                let form = LocatorForm::learn(&base, &crate::text::plain_text(&texts[probe]), range)?;
                slot.insert(if french { form.in_french() } else { form })
            }
        };
        if !form.fits(&texts[slot.request]) {
            return None;
        }
    }
    Some(forms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn applied(form: &LocatorForm, base: &str, value: &str) -> Option<String> {
        let mut inl = vec![Inline::Text(base.to_string())];
        form.apply(&mut inl, value).then(|| crate::text::plain_text(&inl))
    }

    #[test]
    fn a_locator_form_is_learnt_from_a_probe_and_given_to_other_works() {
        let f = LocatorForm::learn("(Wenger, 2005)", "(Wenger, 2005, p.\u{a0}9999)", false).unwrap();
        assert_eq!(applied(&f, "(Graham, 2006)", "7").as_deref(), Some("(Graham, 2006, p.\u{a0}7)"));
        // A year ending like the probe does not confuse the comparison.
        let f = LocatorForm::learn("Yin (1999)", "Yin (1999, paragr. 9999)", false).unwrap();
        assert_eq!(
            applied(&f, "Star et Griesemer (1989)", "12").as_deref(),
            Some("Star et Griesemer (1989, paragr. 12)")
        );
        // A range takes the style's dash.
        let f = LocatorForm::learn("(Paré, s. d.)", "(Paré, s. d., p. 9998–9999)", true).unwrap();
        assert_eq!(applied(&f, "(Yin, 2009)", "3-5").as_deref(), Some("(Yin, 2009, p. 3–5)"));
    }

    #[test]
    fn in_french_the_word_of_a_locator_is_in_lower_case() {
        let f = LocatorForm::learn("(Dancause, 2020)", "(Dancause, 2020, Chapitre\u{a0}9999)", false).unwrap();
        assert_eq!(applied(&f.in_french(), "(Yin, 2009)", "7").as_deref(), Some("(Yin, 2009, chapitre\u{a0}7)"));
        let f = LocatorForm::learn("Yin (2009)", "Yin (2009, Section 9999)", false).unwrap();
        assert_eq!(applied(&f.in_french(), "Yin (2009)", "2").as_deref(), Some("Yin (2009, section\u{a0}2)"));
        // Abbreviations and acronyms keep their case; the space before the number is a no-break one.
        for probe in ["(Yin, 2009, p.\u{a0}9999)", "(Yin, 2009, paragr. 9999)", "(Yin, 2009, ONU 9999)"] {
            let f = LocatorForm::learn("(Yin, 2009)", probe, false).unwrap();
            let expected = probe.replace(" 9999", "\u{a0}9999");
            assert_eq!(applied(&f.in_french(), "(Yin, 2009)", "9999"), Some(expected));
        }
    }

    #[test]
    fn a_locator_form_that_cannot_be_learnt_or_applied_is_refused() {
        // The style does not print the locator: nothing to learn (each locator is then formatted).
        assert!(LocatorForm::learn("(Wenger, 2005)", "(Wenger, 2005)", false).is_none());
        // A work whose citation does not end as the probe's did.
        let f = LocatorForm::learn("(Wenger, 2005)", "(Wenger, 2005, p. 9999)", false).unwrap();
        assert!(applied(&f, "Wenger, 2005", "7").is_none());
    }
}
