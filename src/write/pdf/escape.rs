//! The one way note text reaches Typst: every string is escaped here, so that no note can run
//! Typst code, read a file or change the layout.

/// Escapes `text` for Typst markup: every ASCII punctuation character gets a backslash
/// (`#`, `[`, `*`, `_`, `$`, `@`, `<`, `=`, `-`, `.`, `/`, `:` …), line breaks and control
/// characters become spaces. The result parses back as plain text only.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    markup_into(&mut out, text);
    out
}

/// [`markup`], appended to `out`.
pub fn markup_into(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
            out.push(c);
        } else if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
}

/// Escapes `text` as the inside of a Typst string literal (`"…"`).
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// A Typst label name for `text`: only letters, digits and `-`, so it is always valid.
pub fn label(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use typst::syntax::{parse, SyntaxKind, SyntaxNode};

    /// The text a markup tree stands for, or the first node kind that is not plain text.
    fn plain(node: &SyntaxNode, out: &mut String) -> Result<(), SyntaxKind> {
        match node.kind() {
            SyntaxKind::Markup => node.children().try_for_each(|c| plain(c, out)),
            SyntaxKind::Text => {
                out.push_str(node.leaf_text());
                Ok(())
            }
            SyntaxKind::Space => {
                out.push(' ');
                Ok(())
            }
            SyntaxKind::Escape => {
                out.push_str(&node.leaf_text()[1..]);
                Ok(())
            }
            other => Err(other),
        }
    }

    fn parses_as_plain_text(input: &str) -> Result<String, String> {
        let escaped = markup(input);
        let tree = parse(&escaped);
        let mut out = String::new();
        plain(&tree, &mut out).map_err(|k| format!("{input:?} → {escaped:?} has a {k:?} node"))?;
        Ok(out)
    }

    /// Collapses runs of white space, as Typst does.
    fn collapse(s: &str) -> String {
        let mut out = String::new();
        let mut space = false;
        for c in s.chars() {
            let is_space = matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}') || c.is_control();
            if is_space {
                if !space {
                    out.push(' ');
                }
                space = true;
            } else {
                out.push(c);
                space = false;
            }
        }
        out
    }

    #[test]
    fn injections_print_literally() {
        let cases = [
            "#read(\"/etc/passwd\")",
            "#import \"@preview/x:0.1.0\": *",
            "]",
            "[",
            "*gras*",
            "_italique_",
            "$x^2$",
            "@wenger2005",
            "<etiquette>",
            "; point-virgule en tête",
            ". point en tête",
            "= titre",
            "- tiret",
            "+ plus",
            "/ terme: définition",
            "1. pas une liste",
            "*1.* dans l’emphase",
            "\\ barre oblique inverse",
            "// commentaire",
            "/* bloc */",
            "https://exemple.org/a_b",
            "~ -- --- ... -? -5",
            "`brut`",
            "\"guillemets\" et 'simples'",
            "#{ panic() }",
            "#set page(width: 1pt)",
            "#show: none",
        ];
        for c in cases {
            let back = parses_as_plain_text(c).unwrap();
            assert_eq!(back, c, "{c}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn any_string_escaped_parses_back_as_plain_text(s in "\\PC*") {
            let back = parses_as_plain_text(&s).map_err(TestCaseError::fail)?;
            prop_assert_eq!(collapse(&back), collapse(&s));
        }

        #[test]
        fn ascii_punctuation_soup(s in "[ -~\u{a0}\u{202f}éàç·«»’]{0,40}") {
            let back = parses_as_plain_text(&s).map_err(TestCaseError::fail)?;
            prop_assert_eq!(collapse(&back), collapse(&s));
        }
    }

    #[test]
    fn strings_and_labels() {
        assert_eq!(string("a\"b\\c\n"), "a\\\"b\\\\c\\n");
        assert_eq!(label("n12-diversité"), "n12-diversit-");
    }
}
