//! French typography, decided once in the resolve stage for every output: the spaces typed
//! before `: ; ! ?` and inside « » become the right no-break spaces, and straight apostrophes
//! become ’. Inclusive forms (acteur·trices) are left as typed: [`inclusive_words`] finds them so
//! that each writer keeps them whole (a Typst box, an unbreakable span). Code, URLs and citation
//! keys are never touched (they are not [`Inline::Text`]).

use crate::model::{Block, Inline, LinkTarget};

/// U+00A0 NO-BREAK SPACE: before `:` and inside « ».
pub const NBSP: char = '\u{a0}';
/// U+202F NARROW NO-BREAK SPACE: before `;`, `!`, `?`.
pub const NNBSP: char = '\u{202f}';

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}' | '\u{2002}' | '\u{2003}')
}

/// Whether [`french`] can change `text`: it only acts on what these characters start or end.
fn needs_french(text: &str) -> bool {
    text.contains(['\'', ':', ';', '!', '?', '«', '»', '\t'])
}

/// Applies French typography to one piece of text. Idempotent.
pub fn french(text: &str) -> String {
    if !needs_french(text) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_space(c) {
            // A run of spaces: what follows decides which space it becomes.
            let start = i;
            while i < chars.len() && is_space(chars[i]) {
                i += 1;
            }
            let prev = start.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i).copied();
            match (prev, next) {
                (_, Some(':')) | (_, Some('»')) | (Some('«'), _) => out.push(NBSP),
                (_, Some(';' | '!' | '?')) => out.push(NNBSP),
                _ => chars[start..i].iter().for_each(|&s| out.push(if s == '\t' { ' ' } else { s })),
            }
            continue;
        }
        match c {
            '\'' => out.push('’'),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// Splits `text` into runs, each flagged `true` when it is an inclusive form: a word whose
/// middle dot stands between two letters (« acteur·trices », « un·es »).
pub fn inclusive_words(text: &str) -> Vec<(&str, bool)> {
    if !text.contains('·') {
        return if text.is_empty() { Vec::new() } else { vec![(text, false)] };
    }
    let mut runs = Vec::new();
    let mut start = 0;
    let mut plain_start = 0;
    let is_inclusive = |w: &str| {
        let mut before = [None, None];
        w.chars().any(|c| {
            let found = before[1] == Some('·') && before[0].is_some_and(char::is_alphabetic) && c.is_alphabetic();
            before = [before[1], Some(c)];
            found
        })
    };
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if c.is_whitespace() {
            let word = &text[start..i];
            if is_inclusive(word) {
                if plain_start < start {
                    runs.push((&text[plain_start..start], false));
                }
                runs.push((word, true));
                plain_start = i;
            }
            start = i + c.len_utf8();
        }
    }
    if plain_start < text.len() {
        runs.push((&text[plain_start..], false));
    }
    runs
}

/// Applies [`french`] to every text of `blocks` and to figure captions, except inside code and
/// the text of a link that shows its own URL.
pub fn apply(blocks: &mut [Block]) {
    crate::text::visit_blocks_mut(blocks, &mut |b| {
        if let Block::Figure(img) = b {
            img.title = french(&img.title);
        }
    });
    crate::text::visit_inlines_mut(blocks, &mut |i| match i {
        Inline::Text(t) => {
            if needs_french(t) {
                *t = french(t);
            }
            false
        }
        Inline::Link(l) => !matches!(&l.target, LinkTarget::External(u) if crate::text::plain_text(&l.content) == *u),
        _ => true,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_before_punctuation_and_inside_guillemets() {
        let cases = [
            ("dont :", "dont\u{a0}:"),
            ("Pourquoi ? Oui ! Enfin ; bon", "Pourquoi\u{202f}? Oui\u{202f}! Enfin\u{202f}; bon"),
            ("« comme si »", "«\u{a0}comme si\u{a0}»"),
            ("«\u{2009}comme\u{2009}»", "«\u{a0}comme\u{a0}»"),
            ("dont:", "dont:"),
            ("10:31 et https://a.org", "10:31 et https://a.org"),
            ("l'innovation", "l’innovation"),
            ("deux  espaces", "deux  espaces"),
        ];
        for (input, expected) in cases {
            assert_eq!(french(input), expected, "{input:?}");
        }
    }

    #[test]
    fn inclusive_forms_are_found() {
        assert_eq!(french("acteur·trices"), "acteur·trices", "left as typed");
        assert_eq!(
            inclusive_words("Les acteur·trices et les un·es, a · b"),
            [("Les ", false), ("acteur·trices", true), (" et les ", false), ("un·es,", true), (" a · b", false)]
        );
        assert_eq!(inclusive_words("rien"), [("rien", false)]);
        assert_eq!(inclusive_words(""), []);
    }

    #[test]
    fn idempotent() {
        for s in ["« a » : b ; c ! d ? l'e acteur·trices", "«\u{a0}x\u{a0}»", ""] {
            let once = french(s);
            assert_eq!(french(&once), once, "{s:?}");
        }
    }

    #[test]
    fn code_and_urls_untouched() {
        let mut blocks = vec![Block::Paragraph(vec![
            Inline::Code("a : b".into()),
            Inline::Link(crate::model::Link {
                target: LinkTarget::External("https://x.org/a'b".into()),
                content: vec![Inline::Text("https://x.org/a'b".into())],
                pos: Default::default(),
            }),
        ])];
        let before = blocks.clone();
        apply(&mut blocks);
        assert_eq!(blocks, before);
    }
}
