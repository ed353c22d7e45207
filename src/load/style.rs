//! The CSL style of `memoire.toml` (`citation_style`): a `.csl` file of `styles/` or a style of
//! hayagriva's archive, adapted to the mémoire's language and settings.

use std::path::{Path, PathBuf};

use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::{IndependentStyle, Style};

use crate::config::Build;
use crate::diag::Diagnostics;

/// The style, and the text of its `.csl` file (empty for a style of hayagriva's archive).
pub fn load(root: &Path, name: &str, diags: &mut Diagnostics) -> Option<(IndependentStyle, String)> {
    let mut source = String::new();
    let config = Path::new(crate::config::CONFIG_PATH);
    let style = if name.ends_with(".csl") {
        let path = if name.contains('/') { PathBuf::from(name) } else { Path::new("styles").join(name) };
        let xml = match crate::files::read_text(root, &path) {
            Ok(x) => x,
            Err(refused) => {
                diags.error(config, None, format!("style de citation illisible : {}", refused.message(&path)));
                return None;
            }
        };
        if let Some(line) = too_deep(&xml) {
            diags
                .error(
                    &path,
                    Some(crate::diag::Pos::new(line, 1)),
                    format!("style CSL imbriqué sur plus de {MAX_DEPTH} niveaux"),
                )
                .with_hint("un style CSL réel en compte moins de 30 : le fichier est-il corrompu ?");
            return None;
        }
        if let Some((line, why)) = macro_loop(&xml) {
            diags
                .error(&path, Some(crate::diag::Pos::new(line, 1)), why)
                .with_hint("une macro CSL ne peut pas s’appeler elle-même, même par une autre : retirez l’appel");
            return None;
        }
        let parsed = Style::from_xml(&xml);
        source = xml;
        match parsed {
            Ok(s) => s,
            Err(e) => {
                let detail = e.to_string();
                let (line, place) = error_place(&source, &detail);
                diags
                    .error(&path, line.map(|l| crate::diag::Pos::new(l, 1)), format!("style CSL invalide{place}"))
                    .with_hint(format!(
                    "un élément ou un attribut que CSL 1.0.2 ne connaît pas, ou une valeur mal écrite (détail : {})",
                    crate::diag::excerpt(&detail, 160)
                ));
                return None;
            }
        }
    } else {
        match ArchivedStyle::by_name(name) {
            Some(s) => s.get(),
            None => {
                diags
                    .error(config, None, format!("style de citation inconnu « {name} »"))
                    .with_hint("un nom connu (apa, chicago-author-date…) ou un fichier .csl de styles/");
                return None;
            }
        }
    };
    match style {
        Style::Independent(s) => Some((s, source)),
        Style::Dependent(_) => {
            diags.error(
                config,
                None,
                format!("le style « {name} » dépend d’un autre style : donnez le style parent (.csl)"),
            );
            None
        }
    }
}

/// Elements nested deeper than this in a `.csl` file are refused: the XML reader and the style's
/// renderer recurse once per level (a few thousand levels overflow the stack); real styles stay
/// under 30.
const MAX_DEPTH: usize = 100;

/// The line where the XML's elements first nest deeper than [`MAX_DEPTH`], if they do. Tags are
/// told apart from text by `<`; comments, declarations and quoted attribute values are skipped.
fn too_deep(xml: &str) -> Option<usize> {
    let bytes = xml.as_bytes();
    let (mut i, mut depth) = (0, 0usize);
    while let Some(lt) = xml[i..].find('<').map(|k| i + k) {
        let rest = &xml[lt..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(xml.len(), |e| lt + e + 3);
            continue;
        }
        // The tag's end: the first `>` outside quotes.
        let (mut j, mut quote) = (lt + 1, None);
        while j < bytes.len() {
            match (bytes[j], quote) {
                (b'"' | b'\'', None) => quote = Some(bytes[j]),
                (q, Some(open)) if q == open => quote = None,
                (b'>', None) => break,
                _ => {}
            }
            j += 1;
        }
        let tag = &xml[lt..j.min(xml.len())];
        if tag.starts_with("</") {
            depth = depth.saturating_sub(1);
        } else if !tag.starts_with("<?") && !tag.starts_with("<!") && !tag.ends_with('/') {
            depth += 1;
            if depth > MAX_DEPTH {
                return Some(xml[..lt].matches('\n').count() + 1);
            }
        }
        i = j + 1;
        if i >= xml.len() {
            break;
        }
    }
    None
}

/// Where a citationberg error points: its path (`citation.layout.text`, between backticks) as
/// nested elements, and the line of the innermost one found in `xml`.
fn error_place(xml: &str, detail: &str) -> (Option<usize>, String) {
    let Some(path) = detail.split('`').nth(1) else { return (None, String::new()) };
    let mut at = 0;
    let mut found = Vec::new();
    for name in path.split('.').filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')) {
        let open = format!("<{name}");
        let next = xml[at..]
            .match_indices(&open)
            .map(|(k, _)| at + k)
            .find(|k| xml[k + open.len()..].starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/'));
        let Some(k) = next else { break };
        at = k;
        found.push(format!("<{name}>"));
    }
    if found.is_empty() {
        return (None, String::new());
    }
    (Some(xml[..at].matches('\n').count() + 1), format!(" dans {}", found.join(" › ")))
}

/// The value of attribute `name` in the tag text `tag` (`name="v"` or `name='v'`).
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut rest = tag;
    while let Some(i) = rest.find(name) {
        let before_ok = i == 0 || rest[..i].ends_with(|c: char| c.is_whitespace());
        let after = rest[i + name.len()..].trim_start();
        if before_ok {
            if let Some(v) = after.strip_prefix('=') {
                let v = v.trim_start();
                let quote = v.chars().next().filter(|q| *q == '"' || *q == '\'')?;
                return v[1..].split(quote).next();
            }
        }
        rest = &rest[i + name.len()..];
    }
    None
}

/// A macro of the style that calls itself, directly or through others (the renderer would
/// recurse until the stack overflows): its line and the message naming the loop.
fn macro_loop(xml: &str) -> Option<(usize, String)> {
    use std::collections::HashMap;
    // Each macro: its line and the macros it calls (CSL macros do not nest).
    let mut macros: HashMap<&str, (usize, Vec<&str>)> = HashMap::new();
    let mut order = Vec::new();
    let mut rest = 0;
    while let Some(at) = xml[rest..].find("<macro").map(|k| rest + k) {
        let Some(head_end) = xml[at..].find('>').map(|k| at + k) else { break };
        let end = xml[head_end..].find("</macro>").map_or(xml.len(), |k| head_end + k);
        if let Some(name) = attribute(&xml[at..head_end], "name") {
            let mut calls = Vec::new();
            let mut body = &xml[head_end..end];
            while let Some(t) = body.find('<') {
                let tag_end = body[t..].find('>').map_or(body.len(), |k| t + k);
                calls.extend(attribute(&body[t..tag_end], "macro"));
                body = &body[tag_end..];
            }
            let line = xml[..at].matches('\n').count() + 1;
            macros.entry(name).or_insert((line, calls));
            order.push(name);
        }
        rest = end;
    }
    // Depth-first, each macro finished once: 0 new, 1 on the path, 2 done.
    fn visit<'a>(
        name: &'a str,
        macros: &HashMap<&'a str, (usize, Vec<&'a str>)>,
        state: &mut HashMap<&'a str, u8>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<&'a str>> {
        match state.get(name) {
            Some(2) => return None,
            Some(1) => {
                let from = path.iter().position(|p| *p == name).unwrap_or(0);
                let mut cycle = path[from..].to_vec();
                cycle.push(name);
                return Some(cycle);
            }
            _ => {}
        }
        let (_, calls) = macros.get(name)?;
        if path.len() >= MAX_DEPTH {
            return Some(Vec::new()); // a chain deeper than any style: refused as well
        }
        state.insert(name, 1);
        path.push(name);
        for c in calls {
            if let Some(cycle) = visit(c, macros, state, path) {
                return Some(cycle);
            }
        }
        path.pop();
        state.insert(name, 2);
        None
    }
    let mut state = HashMap::new();
    for name in order {
        if let Some(cycle) = visit(name, &macros, &mut state, &mut Vec::new()) {
            if cycle.is_empty() {
                let line = macros.get(name).map_or(1, |m| m.0);
                return Some((line, format!("macros appelées en chaîne sur plus de {MAX_DEPTH} niveaux")));
            }
            let line = macros.get(cycle[0]).map_or(1, |m| m.0);
            let shown: Vec<String> = cycle.iter().map(|c| format!("« {} »", crate::diag::excerpt(c, 40))).collect();
            return Some((line, format!("la macro {} s’appelle elle-même ({})", shown[0], shown.join(" → "))));
        }
    }
    None
}

/// The style as the mémoire prints it (docs/format.md, « Citations »): in French, « et »
/// between the last two names without a comma before it where the style joins them with « & »
/// (APA: `and="symbol"`, `delimiter-precedes-last="always"`) — « (Éthier et Côté, 2016) »,
/// « Roy, L., Morin, P. et Caron, A. », « Dans J. Klein et D. Harrisson (éds.) »; the `et-al`
/// term (`et_al = "et coll."`) and the editors' short term (`editor_label = "dir."`, the
/// Couture convention) when set, as a locale of the style for the mémoire's language, which
/// takes precedence over the style's own terms (CSL 1.0.2, « Locale Fallback »). citationberg
/// keeps a `cs:name`'s options and a term's text private, so the changes are made on the XML.
/// A style that cannot be adapted is used as it is, with a warning.
pub fn adapted(style: IndependentStyle, language: &str, build: &Build, diags: &mut Diagnostics) -> IndependentStyle {
    let french = language.starts_with("fr");
    if !french && build.et_al.is_none() && build.editor_label.is_none() {
        return style;
    }
    let style = Style::Independent(style);
    let unadapted = |style: Style, why: String, diags: &mut Diagnostics| {
        diags
            .warning(
                Path::new(crate::config::CONFIG_PATH),
                None,
                format!("style « {} » : impossible de l’adapter au mémoire ({why})", build.citation_style),
            )
            .with_hint("le style est employé tel quel : « & » entre les noms, et_al et editor_label sans effet");
        independent(style)
    };
    let xml = match style.to_xml() {
        Ok(xml) => xml,
        Err(e) => return unadapted(style, e.to_string(), diags),
    };
    let mut out = if french { names_with_et(&xml) } else { xml };
    let mut terms = String::new();
    if let Some(et_al) = &build.et_al {
        terms += &format!("<term name=\"et-al\">{}</term>", escape(et_al));
    }
    if let Some(label) = &build.editor_label {
        let label = escape(label);
        terms += &format!(
            "<term name=\"editor\" form=\"short\"><single>{label}</single><multiple>{label}</multiple></term>"
        );
    }
    if !terms.is_empty() {
        let locale = format!("<locale xml:lang=\"{}\"><terms>{terms}</terms></locale>", escape(language));
        if let Some(end) = out.rfind("</style>") {
            out.insert_str(end, &locale);
        }
    }
    match Style::from_xml(&out) {
        Ok(Style::Independent(s)) => s,
        Ok(Style::Dependent(_)) => unadapted(style, "style dépendant".into(), diags),
        Err(e) => unadapted(style, e.to_string(), diags),
    }
}

/// `and="text"` and `delimiter-precedes-last="never"` on every `cs:name` that has an `and`.
fn names_with_et(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() + 1024);
    let mut rest = xml;
    while let Some(start) = rest.find("<name") {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        if (tag.starts_with("<name ") || tag.starts_with("<name/")) && tag.contains("and=\"") {
            let tag = tag.replace("and=\"symbol\"", "and=\"text\"");
            let tag = ["always", "contextual", "after-inverted-name"]
                .iter()
                .fold(tag, |t, v| t.replace(&format!("delimiter-precedes-last=\"{v}\""), ""));
            let cut = if tag.ends_with("/>") { tag.len() - 2 } else { tag.len() - 1 };
            out.push_str(tag[..cut].trim_end());
            out.push_str(" delimiter-precedes-last=\"never\"");
            out.push_str(&tag[cut..]);
        } else {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;")
}

fn independent(style: Style) -> IndependentStyle {
    match style {
        Style::Independent(s) => s,
        Style::Dependent(_) => unreachable!("built from an independent style"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_style_nested_deeper_than_any_real_one_is_refused_at_its_line() {
        let nested = |n: usize| {
            format!(
                "<style>\n<!-- <a> <b> -->\n{}<text value=\">\"/>{}</style>",
                "<group>".repeat(n),
                "</group>".repeat(n)
            )
        };
        assert_eq!(too_deep(&nested(MAX_DEPTH - 1)), None);
        assert_eq!(too_deep(&nested(MAX_DEPTH)), Some(3));
        let mut d = Diagnostics::new();
        let (style, _) = load(Path::new("."), "apa", &mut d).unwrap();
        let xml = Style::Independent(style).to_xml().unwrap();
        assert_eq!(too_deep(&xml), None, "hayagriva's APA style passes");
    }

    #[test]
    fn names_joined_by_a_symbol_take_the_word_and_no_comma_before_it() {
        let xml = r#"<names variable="author"><name and="symbol" delimiter-precedes-last="always" initialize-with=". "/><name-part name="family"/></names><name form="short"/><name and="text">"#;
        assert_eq!(
            names_with_et(xml),
            r#"<names variable="author"><name and="text"  initialize-with=". " delimiter-precedes-last="never"/><name-part name="family"/></names><name form="short"/><name and="text" delimiter-precedes-last="never">"#
        );
    }

    #[test]
    fn the_settings_become_terms_of_the_style_even_with_markup_characters() {
        let mut d = Diagnostics::new();
        let (style, _) = load(Path::new("."), "apa", &mut d).unwrap();
        let build = Build { et_al: Some("& <autres>".into()), editor_label: Some("dir.".into()), ..Build::default() };
        let adapted = adapted(style, "fr-CA", &build, &mut d);
        assert!(d.sorted().is_empty(), "{:?}", d.sorted());
        let fr_ca = adapted.locale.iter().find(|l| l.lang.as_ref().is_some_and(|c| c.0 == "fr-CA")).unwrap();
        let terms = &fr_ca.terms.as_ref().unwrap().terms;
        assert_eq!(terms.len(), 2);
        assert_eq!(terms[0].single(), Some("& <autres>"));
        assert_eq!(terms[1].multiple(), Some("dir."));
    }
}
