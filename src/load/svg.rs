//! An SVG image is a program of sorts: it may name other files (`<image href>`, `url(…)` in
//! its style, `@import`) or declare XML entities (which the readers expand, or refuse). The PDF
//! and the EPUB embed an SVG on its own, so one that reaches outside itself is refused here, at
//! the note's line, before `build` would fail on it or carry a path into the EPUB.

/// What in `svg` reaches outside the file: the SVG's line and what was found, if anything.
pub fn outside_reference(svg: &str) -> Option<(usize, String)> {
    let line_of = |at: usize| svg[..at].matches('\n').count() + 1;
    let lower = svg.to_ascii_lowercase();
    for what in ["<!entity", "<!doctype"] {
        if let Some(at) = lower.find(what) {
            // A DOCTYPE without an internal subset names a DTD by address: refused as well.
            return Some((line_of(at), "déclaration XML (<!DOCTYPE>, <!ENTITY>)".into()));
        }
    }
    if let Some(at) = lower.find("@import") {
        return Some((line_of(at), "@import dans le style".into()));
    }
    // Every attribute that names a resource: href, xlink:href, src.
    for name in ["href", "src"] {
        let mut from = 0;
        while let Some(k) = lower[from..].find(name).map(|k| from + k) {
            from = k + name.len();
            let Some(value) = lower[from..].trim_start().strip_prefix('=') else { continue };
            let value = value.trim_start();
            let Some(quote) = value.chars().next().filter(|q| *q == '"' || *q == '\'') else { continue };
            let inner = value[1..].split(quote).next().unwrap_or("").trim();
            if !self_contained(inner) {
                return Some((line_of(k), format!("renvoi à « {} »", crate::diag::excerpt(inner, 60))));
            }
        }
    }
    // url(…) in style attributes and <style> elements.
    let mut from = 0;
    while let Some(k) = lower[from..].find("url(").map(|k| from + k) {
        from = k + 4;
        let inner = lower[from..].split(')').next().unwrap_or("").trim().trim_matches(['"', '\'']);
        if !self_contained(inner) {
            return Some((line_of(k), format!("renvoi à « {} »", crate::diag::excerpt(inner, 60))));
        }
    }
    None
}

/// A reference that stays inside the SVG: a fragment (`#dégradé`) or an embedded raster image
/// (`data:image/png;base64,…`).
fn self_contained(reference: &str) -> bool {
    reference.starts_with('#')
        || ["data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp"]
            .iter()
            .any(|p| reference.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_outside_the_file_are_found() {
        let ok = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n<defs><linearGradient id=\"g\"/></defs>\n<rect fill=\"url(#g)\"/><use href=\"#g\"/><image href=\"data:image/png;base64,AAAA\"/></svg>";
        assert_eq!(outside_reference(ok), None);
        for (bad, line) in [
            ("<svg>\n<image href=\"file:///etc/passwd\"/></svg>", 2),
            ("<svg>\n\n<image xlink:href='../../secret.png'/></svg>", 3),
            ("<svg><image href=\"https://example.org/x.png\"/></svg>", 1),
            ("<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<svg>&x;</svg>", 2),
            ("<svg><style>\n@import url(x.css);</style></svg>", 2),
            ("<svg><rect style=\"fill: url(autre.svg#g)\"/></svg>", 1),
            ("<svg><image href=\"lien.png\"/></svg>", 1),
        ] {
            assert_eq!(outside_reference(bad).map(|(l, _)| l), Some(line), "{bad}");
        }
    }
}
