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
/// spaces: every run of white space, non-breaking or not, is one `" "`, or `"\n\n"` when it
/// holds a blank line (paragraphs stay apart in the reports).
pub fn tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    // Inside a run of white space: how many line ends it holds so far.
    let mut newlines: Option<usize> = None;
    let flush = |word: &mut String, out: &mut Vec<String>| {
        if !word.is_empty() {
            out.push(std::mem::take(word));
        }
    };
    let space = |n: usize| if n >= 2 { "\n\n" } else { " " }.to_string();
    for c in text.chars() {
        if c.is_whitespace() {
            flush(&mut word, &mut out);
            *newlines.get_or_insert(0) += usize::from(c == '\n');
            continue;
        }
        if let Some(n) = newlines.take() {
            out.push(space(n));
        }
        if c.is_alphanumeric() || (c == '-' && !word.is_empty()) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c.to_string());
        }
    }
    flush(&mut word, &mut out);
    if let Some(n) = newlines {
        out.push(space(n));
    }
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
            passages.push(coalesced(pieces));
        }
    }
    (passages, removed, added)
}

/// Changes separated by a single space only become one deletion and one insertion: « [-a-]{+x+}
/// [-b-]{+y+} » reads « [-a b-]{+x y+} », and a rewritten paragraph is two runs, not a run per
/// word (30,000 words rewritten made 60,000 marks, 62 s to lay out in the corrections PDF).
fn coalesced(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out = Vec::with_capacity(pieces.len());
    let (mut del, mut ins) = (String::new(), String::new());
    let flush = |del: &mut String, ins: &mut String, out: &mut Vec<Piece>| {
        for (text, make) in [(del, Piece::Deleted as fn(String) -> Piece), (ins, Piece::Inserted)] {
            let t = std::mem::take(text);
            if !t.trim_end().is_empty() {
                out.push(make(t.trim_end().to_string()));
            }
        }
    };
    for (k, p) in pieces.iter().enumerate() {
        match p {
            Piece::Deleted(t) => del.push_str(t),
            Piece::Inserted(t) => ins.push_str(t),
            Piece::Same(t) => {
                let next_changes = pieces.get(k + 1).is_some_and(|n| !matches!(n, Piece::Same(_)));
                if t == " " && next_changes && !(del.is_empty() && ins.is_empty()) {
                    for run in [&mut del, &mut ins] {
                        if !run.is_empty() {
                            run.push(' ');
                        }
                    }
                } else {
                    flush(&mut del, &mut ins, &mut out);
                    out.push(p.clone());
                }
            }
        }
    }
    flush(&mut del, &mut ins, &mut out);
    out
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
    fn a_rewritten_paragraph_is_two_runs_and_paragraphs_stay_apart() {
        let old = "un deux trois quatre\n\ncinq six";
        let new = "UN DEUX TROIS QUATRE\n\ncinq six";
        let (p, r, a) = passages(old, new);
        assert_eq!((r, a), (4, 4));
        assert_eq!(
            p[0][..3],
            [
                Piece::Deleted("un deux trois quatre".into()),
                Piece::Inserted("UN DEUX TROIS QUATRE".into()),
                Piece::Same("\n\ncinq six".into())
            ]
        );
        assert_eq!(tokens("a \n b\n\n c"), ["a", " ", "b", "\n\n", "c"]);
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
