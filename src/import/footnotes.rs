//! Footnotes of a page copy. The platform prints a footnote call as a digit glued to the word
//! (« La communauté de pratique1 (CdP2) ») and the footnote texts as numbered lines after the
//! body. When the calls 1, 2 … k match numbered lines 1 … k at the end of the body, they become
//! Markdown footnotes; otherwise each suspected call is reported and left as text.

use std::path::Path;

use crate::diag::{Diagnostics, Pos};
use crate::write::archive::escape::escape;

/// Marks a footnote call inside text until it is escaped: `OPEN n CLOSE` becomes `[^n]`.
const OPEN: char = '\u{e000}';
const CLOSE: char = '\u{e001}';

const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

fn digit_value(c: char) -> Option<u32> {
    c.to_digit(10).or_else(|| SUPERSCRIPTS.iter().position(|&s| s == c).map(|p| p as u32))
}

/// A footnote call in `line`: byte range of its digits, and its number.
fn calls(line: &str) -> Vec<(std::ops::Range<usize>, u32)> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let (start, c) = chars[k];
        let glued = k > 0 && chars[k - 1].1.is_alphabetic();
        if digit_value(c).is_none() || !glued {
            k += 1;
            continue;
        }
        let mut e = k;
        while e < chars.len() && digit_value(chars[e].1).is_some() && e - k < 3 {
            e += 1;
        }
        let ends_word = e == chars.len() || !chars[e].1.is_alphanumeric();
        // The word before: letters only (« CdP2 », « pratique1 »), not « B2B » or « H2O ».
        let word_ok = chars[..k].iter().rev().take_while(|(_, c)| c.is_alphanumeric()).all(|(_, c)| c.is_alphabetic());
        if ends_word && word_ok && e - k <= 2 {
            let n = chars[k..e].iter().fold(0, |acc, (_, c)| acc * 10 + digit_value(*c).unwrap_or(0));
            let end = chars.get(e).map_or(line.len(), |(i, _)| *i);
            out.push((start..end, n));
        }
        k = e;
    }
    out
}

/// « 1 Texte », « 1. Texte », « 1) Texte » or « ¹ Texte »: a footnote text line.
fn footnote_text(line: &str) -> Option<(u32, String)> {
    let digits: String = line.chars().take_while(|c| digit_value(*c).is_some()).collect();
    if digits.is_empty() || digits.chars().count() > 2 {
        return None;
    }
    let rest = line[digits.len()..].strip_prefix(['.', ')']).unwrap_or(&line[digits.len()..]);
    if !rest.starts_with([' ', '\u{a0}']) || rest.trim().is_empty() {
        return None;
    }
    let n = digits.chars().fold(0, |acc, c| acc * 10 + digit_value(c).unwrap_or(0));
    Some((n, rest.trim().to_string()))
}

/// Turns matching calls and texts into footnotes: the texts leave `lines` and are returned, in
/// order; the calls are marked for [`escape_keeping_refs`]. Without a match, reports each call.
pub(super) fn rebuild(lines: &mut Vec<(usize, String)>, file: &Path, diags: &mut Diagnostics) -> Vec<(u32, String)> {
    // The numbered lines that end the body, 1 … k.
    let mut first = lines.len();
    while first > 0 && footnote_text(&lines[first - 1].1).is_some() {
        first -= 1;
    }
    let mut texts: Vec<(u32, String)> = lines[first..].iter().filter_map(|(_, l)| footnote_text(l)).collect();
    // Keep the run that numbers 1 … k from its start.
    while !texts.is_empty() && !texts.iter().enumerate().all(|(i, (n, _))| *n == i as u32 + 1) {
        texts.remove(0);
        first += 1;
    }
    let found: Vec<(usize, std::ops::Range<usize>, u32)> = lines[..first]
        .iter()
        .enumerate()
        .flat_map(|(i, (_, l))| calls(l).into_iter().map(move |(r, n)| (i, r, n)))
        .collect();
    let numbers: Vec<u32> = found.iter().map(|(_, _, n)| *n).collect();
    let expected: Vec<u32> = (1..=texts.len() as u32).collect();
    if !texts.is_empty() && numbers == expected {
        for (i, range, n) in found.iter().rev() {
            lines[*i].1.replace_range(range.clone(), &format!("{OPEN}{n}{CLOSE}"));
        }
        lines.truncate(first);
        return texts;
    }
    for (i, range, n) in &found {
        let (line_no, line) = &lines[*i];
        let word_start = line[..range.start].rfind(|c: char| !c.is_alphanumeric()).map_or(0, |p| p + 1);
        let word = &line[word_start..range.end];
        let col = line[..range.start].chars().count() + 1;
        diags
            .warning(
                file,
                Some(Pos::new(*line_no, col)),
                format!("« {word} » : appel de note {n} probable, laissé en texte"),
            )
            .with_hint("copiez aussi les notes de bas de page (lignes « 1 Texte… » après le texte) pour les retrouver");
    }
    Vec::new()
}

/// [`escape`], then the marked footnote calls as `[^n]`.
pub(super) fn escape_keeping_refs(text: &str) -> String {
    let escaped = escape(text);
    if !escaped.contains(OPEN) {
        return escaped;
    }
    escaped.replace(OPEN, "[^").replace(CLOSE, "]")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Vec<(usize, String)> {
        texts.iter().enumerate().map(|(i, t)| (i + 1, t.to_string())).collect()
    }

    #[test]
    fn glued_digits_are_calls() {
        let c: Vec<u32> = calls("La communauté de pratique1 (CdP2) et COVID-19, B2B, H2O, p. 12, CdP 3")
            .iter()
            .map(|x| x.1)
            .collect();
        assert_eq!(c, vec![1, 2]);
        assert_eq!(calls("voir²."), vec![(4..6, 2)]);
    }

    #[test]
    fn calls_and_texts_become_footnotes() {
        let mut l = lines(&["La pratique1 (CdP2) ici.", "Suite.", "1 Une note.", "2. Une autre."]);
        let mut d = Diagnostics::new();
        let notes = rebuild(&mut l, Path::new("p.txt"), &mut d);
        assert_eq!(notes, vec![(1, "Une note.".to_string()), (2, "Une autre.".to_string())]);
        assert_eq!(l.len(), 2);
        assert_eq!(escape_keeping_refs(&l[0].1), "La pratique[^1] (CdP[^2]) ici.");
        assert!(d.is_empty());
    }

    #[test]
    fn calls_without_texts_are_reported() {
        let mut l = lines(&["La pratique1 (CdP2) ici.", "Fin."]);
        let mut d = Diagnostics::new();
        assert!(rebuild(&mut l, Path::new("p.txt"), &mut d).is_empty());
        assert_eq!(l[0].1, "La pratique1 (CdP2) ici.");
        let msgs: Vec<String> = d.sorted().iter().map(|x| x.to_string()).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(msgs[0].contains("p.txt:1:12") && msgs[0].contains("« pratique1 »"), "{msgs:?}");
        assert!(msgs[1].contains("« CdP2 »"), "{msgs:?}");
    }
}
