//! The author's note numbers (« 4.13 », « 2.2.5.5 »), compared numerically: 4.10 comes after 4.9.

use std::cmp::Ordering;
use std::fmt;

/// A dotted note number such as `4.13`, kept as written and compared component by component.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NoteNumber {
    parts: Vec<u32>,
}

impl NoteNumber {
    /// Parses `4.13`, `2.2.5.5` or `3.0`; a trailing dot (« 4.13. ») is accepted.
    /// Returns `None` for anything else (letters, empty parts, leading zeros kept as given).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let text = text.strip_suffix('.').unwrap_or(text);
        if text.is_empty() {
            return None;
        }
        let parts = text
            .split('.')
            .map(|p| {
                if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
                    None
                } else {
                    p.parse().ok()
                }
            })
            .collect::<Option<Vec<u32>>>()?;
        Some(NoteNumber { parts })
    }

    /// The numeric components.
    pub fn parts(&self) -> &[u32] {
        &self.parts
    }

    /// The number of a sub-heading: `4.13` with `[1]` gives `4.13.1`.
    /// A chapter-level number ending in 0 (`3.0`) drops the 0: `3.0` with `[1]` gives `3.1`.
    pub fn child(&self, suffix: &[u32]) -> NoteNumber {
        let mut parts = self.parts.clone();
        if parts.len() == 2 && parts[1] == 0 {
            parts.pop();
        }
        parts.extend_from_slice(suffix);
        NoteNumber { parts }
    }
}

impl Ord for NoteNumber {
    fn cmp(&self, other: &Self) -> Ordering {
        self.parts.cmp(&other.parts)
    }
}

impl PartialOrd for NoteNumber {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for NoteNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for p in &self.parts {
            if !first {
                f.write_str(".")?;
            }
            write!(f, "{p}")?;
            first = false;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> NoteNumber {
        NoteNumber::parse(s).unwrap()
    }

    #[test]
    fn parses_author_numbers() {
        for (text, shown) in [("4.13", "4.13"), ("4.13.", "4.13"), (" 2.2.5.5 ", "2.2.5.5"), ("3.0", "3.0"), ("1", "1")]
        {
            assert_eq!(n(text).to_string(), shown, "{text}");
        }
        for bad in ["", ".", "4..1", "a.1", "4.1b", "-1", "4. 1", "12345"] {
            assert!(NoteNumber::parse(bad).is_none(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn orders_numerically_not_lexically() {
        let cases =
            [("4.9", "4.10"), ("4.1", "4.9"), ("2.2", "2.2.2"), ("2.2.5.5", "3.0"), ("0.2", "1.1"), ("4.15", "5.1.1")];
        for (a, b) in cases {
            assert!(n(a) < n(b), "{a} < {b}");
        }
        assert_eq!(n("4.10"), n("4.10"));
        assert_ne!(n("4.1"), n("4.10"));
    }

    #[test]
    fn children_extend_the_number() {
        assert_eq!(n("4.13").child(&[1]).to_string(), "4.13.1");
        assert_eq!(n("5.1.1").child(&[1, 2]).to_string(), "5.1.1.1.2");
        assert_eq!(n("3.0").child(&[1]).to_string(), "3.1");
    }
}
