//! Word-level comparison of two texts as a reader sees them: words, punctuation, and spaces
//! of any kind counted as one (a non-breaking space re-typed as a plain one is no change).
//! The algorithm is `similar`'s (Patience, then Myers inside).

use serde::Serialize;

/// One piece of a changed passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "lowercase")]
pub enum Piece {
    /// Unchanged context.
    Same(String),
    /// Text of the old version only.
    Deleted(String),
    /// Text of the new version only.
    Inserted(String),
}

/// Words of context kept on each side of a change.
const CONTEXT: usize = 8;

/// A text cut into tokens: words (letters, digits, inner `-`), single punctuation marks, and
/// spaces (every run of white space, non-breaking or not, is one `" "`).
pub fn tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<String>| {
        if !word.is_empty() {
            out.push(std::mem::take(word));
        }
    };
    for c in text.chars() {
        if c.is_alphanumeric() || (c == '-' && !word.is_empty()) {
            word.push(c);
        } else if c.is_whitespace() {
            flush(&mut word, &mut out);
            if out.last().is_none_or(|t| t != " ") {
                out.push(" ".into());
            }
        } else {
            flush(&mut word, &mut out);
            out.push(c.to_string());
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Whether a token counts as a word.
fn is_word(t: &str) -> bool {
    t.chars().any(char::is_alphanumeric)
}

/// The changed passages between `old` and `new`, each with a few words of context, and the
/// number of words removed and added.
pub fn passages(old: &str, new: &str) -> (Vec<Vec<Piece>>, usize, usize) {
    let (a, b) = (tokens(old), tokens(new));
    let ops = similar::capture_diff_slices(similar::Algorithm::Patience, &a, &b);
    let (mut removed, mut added) = (0, 0);
    let mut passages = Vec::new();
    for group in group_ops(&ops) {
        let mut pieces: Vec<Piece> = Vec::new();
        for op in group {
            {
                let (tag, old_range, new_range) = op.as_tag_tuple();
                let text = |r: std::ops::Range<usize>, side: &[String]| side[r].concat();
                match tag {
                    similar::DiffTag::Equal => pieces.push(Piece::Same(text(old_range, &a))),
                    similar::DiffTag::Delete => {
                        removed += a[old_range.clone()].iter().filter(|t| is_word(t)).count();
                        pieces.push(Piece::Deleted(text(old_range, &a)));
                    }
                    similar::DiffTag::Insert => {
                        added += b[new_range.clone()].iter().filter(|t| is_word(t)).count();
                        pieces.push(Piece::Inserted(text(new_range, &b)));
                    }
                    similar::DiffTag::Replace => {
                        removed += a[old_range.clone()].iter().filter(|t| is_word(t)).count();
                        added += b[new_range.clone()].iter().filter(|t| is_word(t)).count();
                        pieces.push(Piece::Deleted(text(old_range, &a)));
                        pieces.push(Piece::Inserted(text(new_range, &b)));
                    }
                }
            }
        }
        // A change of spaces only (« a  b » for « a b ») is no change to a reader.
        if pieces.iter().any(|p| !matches!(p, Piece::Same(_))) {
            passages.push(pieces);
        }
    }
    (passages, removed, added)
}

/// The operations grouped into passages: changes closer than twice the context share one.
fn group_ops(ops: &[similar::DiffOp]) -> Vec<Vec<similar::DiffOp>> {
    let mut groups: Vec<Vec<similar::DiffOp>> = Vec::new();
    let mut current: Vec<similar::DiffOp> = Vec::new();
    let n = ops.len();
    for (k, op) in ops.iter().enumerate() {
        if let similar::DiffOp::Equal { old_index, new_index, len } = *op {
            let (first, last) = (k == 0, k + 1 == n);
            // Context tokens (a word and its space are two).
            let keep = CONTEXT * 2;
            if first && last {
                continue;
            }
            if first {
                let skip = len.saturating_sub(keep);
                current.push(similar::DiffOp::Equal {
                    old_index: old_index + skip,
                    new_index: new_index + skip,
                    len: len - skip,
                });
            } else if last {
                current.push(similar::DiffOp::Equal { old_index, new_index, len: len.min(keep) });
            } else if len > 2 * keep {
                current.push(similar::DiffOp::Equal { old_index, new_index, len: keep });
                groups.push(std::mem::take(&mut current));
                let skip = len - keep;
                current.push(similar::DiffOp::Equal {
                    old_index: old_index + skip,
                    new_index: new_index + skip,
                    len: keep,
                });
            } else {
                current.push(*op);
            }
        } else {
            current.push(*op);
        }
    }
    if current.iter().any(|op| !matches!(op, similar::DiffOp::Equal { .. })) {
        groups.push(current);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_of_any_kind_are_one() {
        assert_eq!(tokens("mot\u{202f}: l’a"), ["mot", " ", ":", " ", "l", "’", "a"]);
        let (p, r, a) = passages("Il dit\u{a0}: oui.", "Il dit : oui.");
        assert!(p.is_empty() && r == 0 && a == 0, "{p:?}");
    }

    #[test]
    fn a_word_replaced_is_one_passage_with_context() {
        let old = "un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze";
        let new = old.replace("huit", "HUIT");
        let (p, r, a) = passages(old, &new);
        assert_eq!((p.len(), r, a), (1, 1, 1));
        assert!(p[0].contains(&Piece::Deleted("huit".into())) && p[0].contains(&Piece::Inserted("HUIT".into())));
        let text: String = p[0].iter().map(|x| if let Piece::Same(s) = x { s.as_str() } else { "|" }).collect();
        assert!(text.starts_with("un ") && text.ends_with(" quinze"), "{text}");
    }

    #[test]
    fn distant_changes_are_separate_passages() {
        let words: Vec<String> = (0..100).map(|k| format!("m{k}")).collect();
        let old = words.join(" ");
        let new = old.replace("m5 ", "x ").replace("m90", "y");
        let (p, r, a) = passages(&old, &new);
        assert_eq!((p.len(), r, a), (2, 2, 2));
    }
}
