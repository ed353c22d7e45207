//! Pandoc citation syntax in note text: `[@key]`, `[@key, p. 12]`, `[@a; @b]`, `[voir @k, p. 3 et suiv.]`,
//! narrative `@key` (optionally `@key [p. 3]`) and year-only `[-@key]`.

use crate::model::{CiteMode, Locator, LocatorKind};

/// A piece of text as split by [`split_citations`].
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    /// Text without citations.
    Text(String),
    /// A citation found at `start` (byte offset in the input).
    Cite(ParsedCitation),
}

/// A citation as parsed from text, positions as byte offsets in the input.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedCitation {
    /// Parenthetical or narrative.
    pub mode: CiteMode,
    /// Items in order.
    pub items: Vec<ParsedItem>,
    /// The text as written.
    pub source: String,
    /// Byte offset of the citation in the input.
    pub start: usize,
}

/// One item of a parsed citation.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedItem {
    /// Bibliography key.
    pub key: String,
    /// Text before the key.
    pub prefix: String,
    /// A locator, when the suffix starts with one.
    pub locator: Option<Locator>,
    /// What follows the locator.
    pub suffix: String,
    /// `-@key`.
    pub suppress_author: bool,
    /// Byte offset of the `@` in the input.
    pub key_start: usize,
}

/// Splits `text` into plain text and citations. Text that only looks like a citation
/// (an e-mail address, `[@]`) stays text.
pub fn split_citations(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < text.len() {
        let c = bytes[i];
        if c == b'[' {
            if let Some((cite, end)) = bracketed(text, i) {
                flush(&mut plain, &mut out);
                out.push(Segment::Cite(cite));
                i = end;
                continue;
            }
        } else if c == b'@' && at_word_start(text, i) {
            if let Some((cite, end)) = narrative(text, i) {
                flush(&mut plain, &mut out);
                out.push(Segment::Cite(cite));
                i = end;
                continue;
            }
        }
        let ch = text[i..].chars().next().expect("in bounds");
        plain.push(ch);
        i += ch.len_utf8();
    }
    flush(&mut plain, &mut out);
    out
}

fn flush(plain: &mut String, out: &mut Vec<Segment>) {
    if !plain.is_empty() {
        out.push(Segment::Text(std::mem::take(plain)));
    }
}

/// True when the `@` at `i` does not follow a letter, a digit or a character of an e-mail's
/// local part (`+ _ %`): `foo+@bar.example.com` is an address, not a citation.
fn at_word_start(text: &str, i: usize) -> bool {
    text[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric() && !"@+_%".contains(c))
}

/// Reads a key starting right after an `@` at `at`; returns the key and the byte after it.
fn key_at(text: &str, at: usize) -> Option<(String, usize)> {
    let rest = &text[at + 1..];
    let mut end = 0;
    let chars: Vec<(usize, char)> = rest.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (off, c) = chars[k];
        let ok = if c.is_alphanumeric() || c == '_' {
            true
        } else if ":.#$%&-+?<>~/".contains(c) {
            // Internal punctuation only: it must be followed by an alphanumeric character.
            chars.get(k + 1).is_some_and(|&(_, n)| n.is_alphanumeric() || n == '_')
        } else {
            false
        };
        if !ok {
            break;
        }
        if k == 0 && !(c.is_alphanumeric() || c == '_') {
            return None;
        }
        end = off + c.len_utf8();
        k += 1;
    }
    if end == 0 {
        return None;
    }
    Some((rest[..end].to_string(), at + 1 + end))
}

/// `@key` and an optional ` [locator]` right after it.
fn narrative(text: &str, at: usize) -> Option<(ParsedCitation, usize)> {
    let (key, mut end) = key_at(text, at)?;
    let mut locator = None;
    let mut suffix = String::new();
    let after = &text[end..];
    let trimmed = after.strip_prefix(' ').unwrap_or(after);
    if let Some(inner) = trimmed.strip_prefix('[') {
        if let Some(close) = inner.find(']') {
            let body = &inner[..close];
            if !body.contains('@') && !body.contains('[') {
                let (l, s) = parse_suffix(body);
                if l.is_some() {
                    locator = l;
                    suffix = s;
                    end += (after.len() - trimmed.len()) + 1 + close + 1;
                }
            }
        }
    }
    let item = ParsedItem { key, prefix: String::new(), locator, suffix, suppress_author: false, key_start: at };
    let cite =
        ParsedCitation { mode: CiteMode::Narrative, items: vec![item], source: text[at..end].to_string(), start: at };
    Some((cite, end))
}

/// `[ ... ]` holding one or more `@key` items separated by `;`.
fn bracketed(text: &str, open: usize) -> Option<(ParsedCitation, usize)> {
    let inner_start = open + 1;
    // The matching `]`, allowing nested brackets in prefixes or suffixes.
    let mut depth = 0usize;
    let mut close = None;
    for (off, c) in text[inner_start..].char_indices() {
        match c {
            '[' => depth += 1,
            ']' if depth == 0 => {
                close = Some(inner_start + off);
                break;
            }
            ']' => depth -= 1,
            _ => {}
        }
    }
    let close = close?;
    let inner = &text[inner_start..close];
    if !inner.contains('@') {
        return None;
    }
    // A link `[text](url)` or reference `[text][ref]` is not a citation.
    if matches!(text[close + 1..].chars().next(), Some('(' | '[')) {
        return None;
    }
    let mut items = Vec::new();
    let mut part_start = inner_start;
    for part in inner.split(';') {
        let item = parse_item(text, part_start, part)?;
        items.push(item);
        part_start += part.len() + 1;
    }
    let cite =
        ParsedCitation { mode: CiteMode::Parenthetical, items, source: text[open..=close].to_string(), start: open };
    Some((cite, close + 1))
}

/// One `prefix -@key, suffix` item; `offset` is where `part` starts in `text`.
fn parse_item(text: &str, offset: usize, part: &str) -> Option<ParsedItem> {
    let mut search = 0;
    loop {
        let rel = part[search..].find('@')? + search;
        let at = offset + rel;
        if at_word_start(text, at) || part[..rel].ends_with('-') {
            let before = &part[..rel];
            let (prefix, suppress_author) = match before.strip_suffix('-') {
                Some(p) if p.is_empty() || p.ends_with(char::is_whitespace) => (p, true),
                _ => (before, false),
            };
            let (key, key_end) = key_at(text, at)?;
            let rest = &text[key_end..offset + part.len()];
            let (locator, suffix) = parse_suffix(rest);
            return Some(ParsedItem {
                key,
                prefix: prefix.trim().to_string(),
                locator,
                suffix,
                suppress_author,
                key_start: at,
            });
        }
        search = rel + 1;
    }
}

/// Locator terms the author writes, longest first, with their kinds.
const LOCATOR_TERMS: &[(&str, LocatorKind)] = &[
    ("paragraphes", LocatorKind::Paragraph),
    ("paragraphe", LocatorKind::Paragraph),
    ("chapitre", LocatorKind::Chapter),
    ("section", LocatorKind::Section),
    ("paragr.", LocatorKind::Paragraph),
    ("pages", LocatorKind::Page),
    ("chap.", LocatorKind::Chapter),
    ("sect.", LocatorKind::Section),
    ("page", LocatorKind::Page),
    ("par.", LocatorKind::Paragraph),
    ("fig.", LocatorKind::Figure),
    ("vol.", LocatorKind::Volume),
    ("pp.", LocatorKind::Page),
    ("no.", LocatorKind::Issue),
    ("n°", LocatorKind::Issue),
    ("p.", LocatorKind::Page),
    ("§", LocatorKind::Paragraph),
];

/// Splits what follows a key (`, p. 12 et suiv.`) into a locator and a free suffix.
pub fn parse_suffix(rest: &str) -> (Option<Locator>, String) {
    let s = rest.trim_start();
    let s = s.strip_prefix(',').unwrap_or(s).trim_start();
    for (term, kind) in LOCATOR_TERMS {
        if let Some(after) = s.strip_prefix(term) {
            let after_trim = after.trim_start();
            let value_len = locator_value_len(after_trim);
            if value_len > 0 {
                let value = after_trim[..value_len].trim_end().to_string();
                let suffix = after_trim[value_len..].trim().to_string();
                return (Some(Locator { kind: *kind, value }), suffix);
            }
        }
    }
    (None, s.trim().to_string())
}

/// Length in bytes of a locator value at the start of `s`: `12`, `12-14`, `12–14`, `xii`, `33, 35`.
fn locator_value_len(s: &str) -> usize {
    let is_value_char = |c: char| c.is_ascii_digit() || "ivxlcdmIVXLCDM-–".contains(c);
    let mut end = 0;
    for (off, c) in s.char_indices() {
        let list_separator = end > 0
            && (c == ',' && s[off + 1..].trim_start().starts_with(|d: char| d.is_ascii_digit())
                || c == ' ' && s[..off].ends_with(','));
        if is_value_char(c) {
            end = off + c.len_utf8();
        } else if !list_separator {
            break;
        }
    }
    // A value must start with a digit or a roman numeral word.
    let value = &s[..end];
    if value.is_empty() || !value.chars().any(|c| c.is_ascii_digit()) && value.chars().count() > 6 {
        return 0;
    }
    // Roman numerals only as a whole word (« xii », not the « i » of « ibid »).
    if !value.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        let next = s[end..].chars().next();
        if next.is_some_and(|c| c.is_alphanumeric()) {
            return 0;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cites(text: &str) -> Vec<ParsedCitation> {
        split_citations(text)
            .into_iter()
            .filter_map(|s| match s {
                Segment::Cite(c) => Some(c),
                Segment::Text(_) => None,
            })
            .collect()
    }

    fn one(text: &str) -> ParsedCitation {
        let c = cites(text);
        assert_eq!(c.len(), 1, "{text}: {c:?}");
        c.into_iter().next().unwrap()
    }

    #[test]
    fn parenthetical_forms() {
        let c = one("texte [@wenger2005] fin");
        assert_eq!(c.mode, CiteMode::Parenthetical);
        assert_eq!(c.items[0].key, "wenger2005");
        assert_eq!(c.source, "[@wenger2005]");
        assert_eq!(c.start, 6);

        let c = one("[@wenger2005, p. 248]");
        let l = c.items[0].locator.clone().unwrap();
        assert_eq!((l.kind, l.value.as_str()), (LocatorKind::Page, "248"));

        let c = one("[@paquin2020, paragr. 1]");
        assert_eq!(c.items[0].locator.as_ref().unwrap().kind, LocatorKind::Paragraph);

        let c = one("(voir [@dube2004; @laferriere2006; @tremblay2006])");
        let keys: Vec<_> = c.items.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["dube2004", "laferriere2006", "tremblay2006"]);

        let c = one("[voir @yin2009, p. 3 et suiv.]");
        assert_eq!(c.items[0].prefix, "voir");
        assert_eq!(c.items[0].locator.as_ref().unwrap().value, "3");
        assert_eq!(c.items[0].suffix, "et suiv.");

        let c = one("Wenger [-@wenger2005] dit");
        assert!(c.items[0].suppress_author);

        let c = one("[@a2001, pp. 12-14]");
        assert_eq!(c.items[0].locator.as_ref().unwrap().value, "12-14");
    }

    #[test]
    fn narrative_forms() {
        let c = one("selon @graham2006, le TC");
        assert_eq!(c.mode, CiteMode::Narrative);
        assert_eq!(c.items[0].key, "graham2006");
        assert_eq!(c.source, "@graham2006");

        let c = one("@wenger2005 [p. 5] mentionne");
        assert_eq!(c.items[0].locator.as_ref().unwrap().value, "5");
        assert_eq!(c.source, "@wenger2005 [p. 5]");

        // Trailing punctuation is not part of the key.
        let c = one("comme le dit @cefrio2005.");
        assert_eq!(c.items[0].key, "cefrio2005");
        let c = one("(@star1989: les objets)");
        assert_eq!(c.items[0].key, "star1989");
    }

    #[test]
    fn not_citations() {
        for text in [
            "écrire à joel@exemple.org",
            "un [lien](x.md) ici",
            "[@]",
            "prix @ 5 $",
            "[note] sans clé",
            "foo+@bar.example.com",
        ] {
            assert!(cites(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn text_around_is_kept() {
        let segs = split_citations("a [@k] b @j.");
        let text: String = segs
            .iter()
            .map(|s| match s {
                Segment::Text(t) => t.clone(),
                Segment::Cite(c) => c.source.clone(),
            })
            .collect();
        assert_eq!(text, "a [@k] b @j.");
    }
}
