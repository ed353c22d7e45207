//! CommonMark written so that it reads back as the text it came from: escapes, entities for
//! what CommonMark would strip, delimiters chosen from the content. Pure; used by the archive's
//! `memoire.md` and by `memoire import`.

/// Escapes text inside a line so that CommonMark reads it back as the same plain text. Only
/// the characters that can start markup anywhere are escaped; see [`escape_block_start`] for
/// the ones that matter at the start of a block.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '&' if chars.peek().is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') => out.push_str("\\&"),
            // GFM autolinks: e-mail addresses, `scheme://`, `www.`.
            '@' => out.push_str("\\@"),
            ':' if chars.clone().take(2).eq("//".chars()) => out.push_str("\\:"),
            '.' if out.ends_with("www") || out.ends_with("WWW") => out.push_str("\\."),
            // A line break inside text (raw HTML over two lines): an entity keeps it.
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes what would start a block at the beginning of a line of text: `#`, `>`, `=`, a list
/// marker (`-`, `+`, `*` and a space, `1.` or `1)`).
pub fn escape_block_start(line: &str) -> String {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let after = line[digits..].chars().next();
    if digits > 0 && digits < 10 && matches!(after, Some('.' | ')')) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    let mut chars = line.chars();
    match (chars.next(), chars.next()) {
        (Some('#' | '=' | '+' | '-'), _)
            if line.trim_start_matches(['#', '=', '+', '-']).starts_with([' ', '\t'])
                || line.chars().all(|c| "#=+-".contains(c)) =>
        {
            format!("\\{line}")
        }
        (Some('#' | '='), _) => format!("\\{line}"),
        _ => line.to_string(),
    }
}

/// Spaces and tabs at either end of a line, which CommonMark strips, written as entities.
pub fn keep_spaces(line: &str) -> String {
    let entity = |c: char| if c == '\t' { "&#9;" } else { "&#32;" };
    let body = line.trim_matches([' ', '\t']);
    if body.len() == line.len() {
        return line.to_string();
    }
    let lead = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
    let trail = &line[lead.len() + body.len()..];
    let mut out: String = lead.chars().map(entity).collect();
    out.push_str(body);
    out.extend(trail.chars().map(entity));
    out
}

/// A link destination inside `<…>`: backslashes and angle brackets escaped, `&` written as an
/// entity, as CommonMark reads escapes and entities there (`https://a.org/\\[\\` would otherwise
/// lose its closing `>`, and the `&amp;` a GFM autolink keeps as typed would become `&`). Not
/// `\&`: comrak 0.59 decodes the entity after the escape (`\&amp;` reads `&`).
pub fn destination(url: &str) -> String {
    url.replace('&', "&amp;").replace('\\', "\\\\").replace('<', "\\<").replace('>', "\\>")
}

/// The longest run of `c` in `text`.
pub fn longest_run(text: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Plain text of a CommonMark document made of one paragraph.
    fn reparse(md: &str) -> String {
        let arena = comrak::Arena::new();
        let mut o = comrak::Options::default();
        o.extension.strikethrough = true;
        o.extension.table = true;
        o.extension.autolink = true;
        o.extension.footnotes = true;
        let root = comrak::parse_document(&arena, md, &o);
        let mut s = String::new();
        for n in root.descendants() {
            match &n.data().value {
                comrak::nodes::NodeValue::Text(t) => s.push_str(t),
                comrak::nodes::NodeValue::SoftBreak => s.push(' '),
                comrak::nodes::NodeValue::Paragraph | comrak::nodes::NodeValue::Document => {}
                other => s.push_str(&format!("<{}>", other.xml_node_name())),
            }
        }
        s
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        #[test]
        fn escaped_text_reads_back_as_itself(s in "([a-zA-Zé0-9 !-/:-@\\[-`{-~«»’·]|www\\.|https?://){1,40}") {
            let trimmed = s.trim();
            prop_assume!(!trimmed.is_empty());
            prop_assert_eq!(reparse(&escape_block_start(&escape(trimmed))), trimmed);
        }
    }

    #[test]
    fn markdown_syntax_stays_text() {
        for s in [
            "# titre",
            "- tiret",
            "1. un",
            "*gras* _it_",
            "[lien](x)",
            "<b>",
            "`code`",
            "a | b",
            "~~x~~",
            "[^1]",
            "> cité",
            "@cle [@k]",
            "+ plus",
            "=",
            "&amp; x",
            "12) douze",
            "-- tiret long",
        ] {
            assert_eq!(reparse(&escape_block_start(&escape(s))), s, "{s}");
        }
    }
}
