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
        let parsed = Style::from_xml(&xml);
        source = xml;
        match parsed {
            Ok(s) => s,
            Err(e) => {
                diags.error(&path, None, format!("style CSL invalide : {e}"));
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

/// The style as the mémoire prints it (docs/format.md, « Citations »): in French, « et »
/// between the last two names without a comma before it where the style joins them with « & »
/// (APA: `and="symbol"`, `delimiter-precedes-last="always"`) — « (Éthier et Côté, 2016) »,
/// « Roy, L., Morin, P. et Caron, A. », « Dans J. Klein et D. Harrisson (éds.) »; the `et-al`
/// term (`et_al = "et coll."`) and the editors' short term (`editor_label = "dir."`, the
/// Couture convention) when set, as a locale of the style for the mémoire's language, which
/// takes precedence over the style's own terms (CSL 1.0.2, « Locale Fallback »). citationberg
/// keeps a `cs:name`'s options and a term's text private, so the changes are made on the XML.
pub fn adapted(style: IndependentStyle, language: &str, build: &Build) -> IndependentStyle {
    let french = language.starts_with("fr");
    if !french && build.et_al.is_none() && build.editor_label.is_none() {
        return style;
    }
    let style = Style::Independent(style);
    let Ok(xml) = style.to_xml() else { return independent(style) };
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
        _ => independent(style),
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
