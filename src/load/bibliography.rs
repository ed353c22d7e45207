//! `bibliography/`: BibLaTeX (`.bib`, as Zotero exports it) and hayagriva (`.yml`) files, merged
//! into one library with the place each key is defined, and the CSL style of `memoire.toml`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::{IndependentStyle, Style};
use hayagriva::types::EntryType;
use hayagriva::{Entry, Library};

use crate::config::Config;
use crate::diag::{pos_of_offset, Diagnostics, Pos};
use crate::model::Bibliography;

/// Loads the bibliography files and the style named in `config`.
pub fn load(root: &Path, config: &Config, diags: &mut Diagnostics) -> Option<Bibliography> {
    let (style, style_source) = load_style(root, &config.build.citation_style, diags)?;
    let style = adapted(style, &config.memoire.language, &config.build);
    let mut files: Vec<PathBuf> = config.build.bibliography.iter().map(PathBuf::from).collect();
    if files.is_empty() {
        if let Ok(entries) = std::fs::read_dir(root.join("bibliography")) {
            files = entries
                .flatten()
                .map(|e| PathBuf::from("bibliography").join(e.file_name()))
                .filter(|p| p.extension().is_some_and(|e| e == "bib" || e == "yml" || e == "yaml"))
                .collect();
        }
        files.sort();
    }
    let mut library = Library::new();
    let mut origins: HashMap<String, (PathBuf, Pos)> = HashMap::new();
    let mut complete = true;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let build = &config.build;
    let style_inputs =
        (&build.citation_style, &style_source, &build.et_al, &build.editor_label, &config.memoire.language);
    std::hash::Hash::hash(&style_inputs, &mut hasher);
    for file in files {
        let text = match crate::files::read_text(root, &file) {
            Ok(t) => t,
            Err(refused) => {
                diags.error(&file, None, refused.message(&file));
                complete = false;
                continue;
            }
        };
        std::hash::Hash::hash(&(&file, &text), &mut hasher);
        let Some(lib) = parse_file(&file, &text, diags) else {
            complete = false;
            continue;
        };
        for entry in lib.iter() {
            let pos = key_pos(&file, &text, entry.key());
            if let Some((first_file, first_pos)) = origins.get(entry.key()) {
                diags
                    .error(&file, Some(pos), format!("la clé « {} » est définie deux fois", entry.key()))
                    .with_hint(format!("première définition : {}:{}", first_file.display(), first_pos.line));
                continue;
            }
            origins.insert(entry.key().to_string(), (file.clone(), pos));
            let entry = localized(entry, &config.memoire.language);
            check_fields(&file, pos, &entry, diags);
            library.push(&entry);
        }
    }
    let fingerprint = std::hash::Hasher::finish(&hasher);
    Some(Bibliography { library, origins, style, complete, fingerprint })
}

/// The style, and the text of its `.csl` file (empty for a style of hayagriva's archive).
fn load_style(root: &Path, name: &str, diags: &mut Diagnostics) -> Option<(IndependentStyle, String)> {
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

fn parse_file(file: &Path, text: &str, diags: &mut Diagnostics) -> Option<Library> {
    let is_bib = file.extension().is_some_and(|e| e == "bib");
    if is_bib {
        match hayagriva::io::from_biblatex_str(text) {
            Ok(lib) => Some(lib),
            Err(errors) => {
                for e in errors {
                    let (span, what) = match &e {
                        hayagriva::io::BibLaTeXError::Parse(p) => (p.span.clone(), p.kind.to_string()),
                        hayagriva::io::BibLaTeXError::Type(t) => (t.span.clone(), t.kind.to_string()),
                    };
                    diags.error(file, Some(pos_of_offset(text, span.start)), format!("BibLaTeX invalide : {what}"));
                }
                None
            }
        }
    } else {
        match hayagriva::io::from_yaml_str(text) {
            Ok(lib) => Some(lib),
            Err(e) => {
                let pos = e.location().map(|l| Pos::new(l.line(), l.column()));
                diags.error(file, pos, format!("YAML de bibliographie invalide : {e}"));
                None
            }
        }
    }
}

/// The line where `key` is defined: `@type{key,` in BibLaTeX, `key:` at the start of a line in YAML.
fn key_pos(file: &Path, text: &str, key: &str) -> Pos {
    let is_bib = file.extension().is_some_and(|e| e == "bib");
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let l = line.trim_start();
        let found = if is_bib {
            l.starts_with('@')
                && l.find('{').is_some_and(|b| l[b + 1..].trim_start().split([',', '}']).next() == Some(key))
        } else {
            line.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':'))
        };
        if found {
            return pos_of_offset(text, offset);
        }
        offset += line.len();
    }
    Pos::new(1, 1)
}

/// The style as the mémoire prints it (docs/format.md, « Citations »): in French, « et »
/// between the last two names without a comma before it where the style joins them with « & »
/// (APA: `and="symbol"`, `delimiter-precedes-last="always"`) — « (Éthier et Côté, 2016) »,
/// « Roy, L., Morin, P. et Caron, A. », « Dans J. Klein et D. Harrisson (éds.) »; the `et-al`
/// term (`et_al = "et coll."`) and the editors' short term (`editor_label = "dir."`, the
/// Couture convention) when set, as a locale of the style for the mémoire's language, which
/// takes precedence over the style's own terms (CSL 1.0.2, « Locale Fallback »). citationberg
/// keeps a `cs:name`'s options and a term's text private, so the changes are made on the XML.
fn adapted(style: IndependentStyle, language: &str, build: &crate::config::Build) -> IndependentStyle {
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

/// BibLaTeX's localisation keys (`type = {mathesis}`, `pubstate = {inpress}`, biblatex manual
/// §4.9.2) and the English names hayagriva gives thesis types, with what an APA reference
/// list prints for them in English and in French (Québec: « mémoire de maîtrise »).
const TERMS: &[(&str, &str, &str)] = &[
    ("mathesis", "Master's thesis", "mémoire de maîtrise"),
    ("phdthesis", "Doctoral dissertation", "thèse de doctorat"),
    ("techreport", "technical report", "rapport technique"),
    ("resreport", "research report", "rapport de recherche"),
    ("inpress", "in press", "sous presse"),
    ("forthcoming", "forthcoming", "à paraître"),
    ("submitted", "submitted", "soumis"),
    ("inpreparation", "in preparation", "en préparation"),
    ("prepublished", "pre-published", "prépublication"),
];

/// The entry with its thesis type (`genre`) and publication state (`status`) in the mémoire's
/// language when they are BibLaTeX keys or hayagriva's English defaults; other values, typed
/// by the author, are kept as they are.
fn localized(entry: &Entry, language: &str) -> Entry {
    let french = language.starts_with("fr");
    let term = |value: &hayagriva::types::FormatString| {
        let text = value.value.to_string();
        TERMS
            .iter()
            .find(|(key, english, _)| text.eq_ignore_ascii_case(key) || text.eq_ignore_ascii_case(english))
            .map(|(_, english, fr)| if french { *fr } else { *english })
            .map(|t| hayagriva::types::FormatString::from(t.to_string()))
    };
    let mut entry = entry.clone();
    if let Some(genre) = entry.genre().and_then(term) {
        entry.set_genre(genre);
    }
    if let Some(status) = entry.status().and_then(term) {
        entry.set_status(status);
    }
    entry
}

/// Warns about fields an author-date style needs to print the entry completely.
fn check_fields(file: &Path, pos: Pos, entry: &Entry, diags: &mut Diagnostics) {
    let mut missing = Vec::new();
    if entry.authors().is_none() && entry.editors().is_none() {
        missing.push("auteur");
    }
    if entry.date().is_none() && entry.status().is_none() {
        missing.push("date");
    }
    if entry.title().is_none() {
        missing.push("titre");
    }
    let parent_title = entry.parents().iter().any(|p| p.title().is_some());
    match entry.entry_type() {
        EntryType::Book if entry.publisher().is_none() => missing.push("éditeur"),
        EntryType::Article if !parent_title => missing.push("revue"),
        EntryType::Report if entry.publisher().is_none() && entry.organization().is_none() => {
            missing.push("établissement")
        }
        _ => {}
    }
    if !missing.is_empty() {
        diags
            .warning(
                file,
                Some(pos),
                format!(
                    "entrée « {} » incomplète : {} {}",
                    entry.key(),
                    missing.join(", "),
                    crate::fr::plural(missing.len(), "manquant", "manquants")
                ),
            )
            .with_hint("complétez l’entrée (le style APA imprime ces champs)");
    }
}
