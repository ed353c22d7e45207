//! Small generic helpers that belong to no stage: the nearest word for « vouliez-vous dire ? »
//! hints, and freeing large values in the background.

/// The candidate closest to `word` by edit distance, if reasonably close.
pub fn closest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3))
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance counted in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Frees `value` on a thread of its own: freeing a laid-out document or a resolved carnet
/// takes milliseconds (tens for 650 notes) that neither a build nor a watch rebuild waits for.
pub fn drop_later<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance() {
        assert_eq!(edit_distance("wenger2005", "wenger2002"), 1);
        assert_eq!(edit_distance("é", "e"), 1);
        assert_eq!(closest("numbr", &["title", "number", "part", "url"]), Some("number"));
        assert_eq!(closest("zzzzzzzz", &["title", "number", "part", "url"]), None);
    }
}
