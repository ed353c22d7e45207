//! French for the numbers of messages and reports: thousands apart with a narrow no-break
//! space (« 1 090 mots »), a decimal comma (« 0,05 s »), the singular below two (« 0 erreur »).

/// The narrow no-break space that groups thousands.
const NNBSP: char = '\u{202f}';

/// A count as French writes it, thousands apart with a narrow no-break space: « 12 345 ».
pub fn number(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + 6);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(NNBSP);
        }
        out.push(c);
    }
    out
}

/// A number with `digits` decimals and a decimal comma: « 0,05 ».
pub fn decimal(x: f64, digits: usize) -> String {
    format!("{x:.digits$}").replace('.', ",")
}

/// The form of a word for `n` things: French takes the singular below two.
pub fn plural<'w>(n: usize, one: &'w str, many: &'w str) -> &'w str {
    if n > 1 {
        many
    } else {
        one
    }
}

/// « 0 erreur », « 1 erreur », « 2 erreurs ».
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", number(n), plural(n, one, many))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_french() {
        for (n, printed) in [(0, "0"), (999, "999"), (1090, "1\u{202f}090"), (1_234_567, "1\u{202f}234\u{202f}567")] {
            assert_eq!(number(n), printed);
        }
        assert_eq!(count(0, "erreur", "erreurs"), "0 erreur");
        assert_eq!(count(1, "erreur", "erreurs"), "1 erreur");
        assert_eq!(count(1500, "mot", "mots"), "1\u{202f}500 mots");
    }
}
