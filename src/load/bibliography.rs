//! `bibliography/`: BibLaTeX (`.bib`, as Zotero exports it) and hayagriva (`.yml`) files, merged
//! into one library with the place each key is defined, and the CSL style of `memoire.toml`
//! (`style.rs`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use hayagriva::types::EntryType;
use hayagriva::{Entry, Library};

use crate::config::Config;
use crate::diag::{pos_of_offset, Diagnostics, Pos};
use crate::model::Bibliography;

/// Loads the bibliography files and the style named in `config` (adapted once per `cache`
/// while its inputs stay the same).
pub fn load(
    root: &Path,
    config: &Config,
    cache: Option<&super::ParseCache>,
    diags: &mut Diagnostics,
) -> Option<Bibliography> {
    let (style, style_source) = super::style::load(root, &config.build.citation_style, diags)?;
    let build = &config.build;
    let language = &config.memoire.language;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let style_inputs = (&build.citation_style, &style_source, &build.et_al, &build.editor_label, language);
    std::hash::Hash::hash(&style_inputs, &mut hasher);
    let style_key = std::hash::Hasher::finish(&hasher);
    let adapt = |d: &mut Diagnostics| super::style::adapted(style, language, build, d);
    let style = match cache {
        Some(cache) => cache.style(style_key, diags, adapt),
        None => adapt(diags),
    };
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
    let mut incomplete = HashMap::new();
    let mut entries: Vec<(Entry, PathBuf, Pos)> = Vec::new();
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
        let Some((lib, keys)) = parse_file(&file, &text, diags) else {
            complete = false;
            continue;
        };
        let lines = crate::diag::LineIndex::new(&text);
        for entry in lib.iter() {
            let pos = keys.get(entry.key()).map_or(Pos::new(1, 1), |o| lines.pos(*o));
            if let Some((first_file, first_pos)) = origins.get(entry.key()) {
                diags
                    .error(&file, Some(pos), format!("la clé « {} » est définie deux fois", entry.key()))
                    .with_hint(format!("première définition : {}:{}", first_file.display(), first_pos.line));
                continue;
            }
            origins.insert(entry.key().to_string(), (file.clone(), pos));
            entries.push((localized(entry, &config.memoire.language), file.clone(), pos));
        }
    }
    super::persons::unify(&mut entries, diags);
    for (entry, file, pos) in &entries {
        let missing = missing_fields(entry);
        if !missing.is_empty() {
            incomplete.insert(entry.key().to_string(), missing);
        }
        if let Some(url) = entry.url() {
            let url = url.value.as_str();
            if !super::links::is_live(url) {
                diags
                    .warning(
                        file,
                        Some(*pos),
                        format!(
                            "entrée « {} » : adresse « {} » refusée, imprimée comme texte",
                            entry.key(),
                            crate::diag::excerpt(url, 60)
                        ),
                    )
                    .with_hint("seules les adresses http://, https:// et mailto: restent des liens");
            }
        }
        library.push(entry);
    }
    let fingerprint = std::hash::Hasher::finish(&hasher);
    Some(Bibliography { library, origins, incomplete, style, complete, fingerprint })
}

/// The library of one file, and the byte offset where each key is defined.
fn parse_file(file: &Path, text: &str, diags: &mut Diagnostics) -> Option<(Library, HashMap<String, usize>)> {
    let is_bib = file.extension().is_some_and(|e| e == "bib");
    if is_bib {
        if let Some(offset) = braces_too_deep(text) {
            diags
                .error(
                    file,
                    Some(pos_of_offset(text, offset)),
                    format!("accolades imbriquées sur plus de {MAX_BRACES} niveaux"),
                )
                .with_hint("une entrée réelle en compte moins de 10 : une accolade fermante manque-t-elle ?");
            return None;
        }
        let scan = super::bibscan::scan(text);
        if let Some((offset, why, hint)) = scan.problem {
            diags.error(file, Some(pos_of_offset(text, offset)), why).with_hint(hint);
            return None;
        }
        match hayagriva::io::from_biblatex_str(text) {
            Ok(lib) => Some((lib, scan.keys)),
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
            Ok(lib) => Some((lib, yaml_keys(text))),
            Err(e) => {
                let pos = e.location().map(|l| Pos::new(l.line(), l.column()));
                diags.error(file, pos, format!("YAML de bibliographie invalide : {e}"));
                None
            }
        }
    }
}

/// Braces nested deeper than this in a `.bib` file are refused: the BibLaTeX reader's time grows
/// with the square of the depth (100,000 levels: 51 s); real entries stay under 10.
const MAX_BRACES: usize = 64;

/// The offset of the first brace nested deeper than [`MAX_BRACES`], if one is (`\{` is text).
fn braces_too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '{' => {
                depth += 1;
                if depth > MAX_BRACES {
                    return Some(i);
                }
            }
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Where each top-level key of a hayagriva YAML file is defined: `key:` at the start of a line.
fn yaml_keys(text: &str) -> HashMap<String, usize> {
    let mut keys = HashMap::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if !line.starts_with([' ', '\t', '#', '-']) {
            if let Some((key, _)) = line.split_once(':') {
                let key = key.trim().trim_matches(['"', '\'']);
                keys.entry(key.to_string()).or_insert(offset);
            }
        }
        offset += line.len();
    }
    keys
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

/// The fields an author-date style needs to print the entry completely that it lacks.
fn missing_fields(entry: &Entry) -> Vec<&'static str> {
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
    missing
}
