//! Loading: `content/` → [`Document`]. Reads the metadata, the table of contents and every note,
//! and reports every problem of structure it finds (the links between notes are checked by
//! [`crate::resolve`]).

pub mod assets;
pub mod bibliography;
pub mod bibscan;
pub mod cite;
pub mod frontmatter;
pub mod images;
pub mod links;
pub mod markdown;
pub mod paths;
pub mod persons;
pub mod style;
pub mod styles;
pub mod svg;
pub mod toc;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::config;
use crate::diag::{Diagnostics, Pos};
use crate::files::Refused;
use crate::model::{Block, Document, Note, NoteMeta, Role, TocItem, TocKind};
use crate::text::{plain_text, slugify};

/// Path of the table of contents, relative to the project root.
pub const TOC_PATH: &str = "content/table-des-matieres.md";

/// A parsed note, with what it was parsed from and the diagnostics of its parsing.
struct Parsed {
    text: String,
    fallback_title: String,
    note: Note,
    diags: Diagnostics,
}

/// Notes already parsed, by file, and the citation style as adapted (`style::adapted`) with its
/// inputs' hash: `memoire watch` keeps one between rebuilds, so that a rebuild parses only the
/// notes that changed. Shared by the threads that read notes.
#[derive(Default)]
pub struct ParseCache {
    parsed: Mutex<HashMap<PathBuf, Parsed>>,
    style: Mutex<Option<(u64, hayagriva::citationberg::IndependentStyle, Diagnostics)>>,
}

/// Loads the project at `root`. Returns the document when it could be built at all (even with
/// errors, so that one run reports every problem), and all diagnostics.
pub fn load(root: &Path) -> (Option<Document>, Diagnostics) {
    load_with(root, None)
}

/// [`load`], reusing (and filling) `cache` when given: a note whose text is unchanged is not
/// parsed again.
pub fn load_with(root: &Path, cache: Option<&ParseCache>) -> (Option<Document>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let config = config::load(root, &mut diags);
    styles::check_overrides(root, &mut diags);
    // One walk of the sources: their names checked here, `content/`'s kept for hints.
    let sources = paths::source_files(root);
    paths::check_portable(&sources, &mut diags);
    let content_files = paths::content_files(&sources);
    let toc_rel = Path::new(TOC_PATH);
    let Some(mut toc_note) = read_note(root, toc_rel, "Table des matières", cache, &mut diags) else {
        if !root.join(toc_rel).exists() {
            diags.error(toc_rel, None, "table des matières introuvable").with_hint(
                "créez content/table-des-matieres.md : une liste de liens vers les notes (voir docs/format.md)",
            );
        }
        return (None, diags);
    };
    toc_note.depth = 1;
    if toc_note.meta.role.is_none() {
        toc_note.meta.role = Some(Role::Toc);
    }
    let raw = toc::parse(toc_rel, &toc_note.blocks, &mut diags);

    // The notes to read, in reading order (the table's own mistakes are reported here), then
    // read and parsed on every core.
    let mut planned: Vec<toc::RawTocItem> = Vec::new();
    let mut first_listed: HashMap<PathBuf, Pos> = HashMap::new();
    let content = paths::ContentFiles { all: &content_files };
    let mut typos: Vec<PathBuf> = Vec::new();
    for item in raw {
        let Some(path) = item.path.clone() else {
            planned.push(item);
            continue;
        };
        if let Some(first) = first_listed.get(&crate::files::nfc(&path)) {
            diags
                .error(toc_rel, Some(item.pos), format!("la note {} est listée deux fois", path.display()))
                .with_hint(format!("première mention à la ligne {}", first.line));
            continue;
        }
        first_listed.insert(crate::files::nfc(&path), item.pos);
        if path == toc_rel {
            diags.error(toc_rel, Some(item.pos), "la table des matières ne se liste pas elle-même");
            continue;
        }
        match crate::files::confined(root, &path) {
            Ok(_) => {}
            Err(Refused::Missing) => {
                let d = diags.error(toc_rel, Some(item.pos), format!("note introuvable : {}", path.display()));
                d.with_hint("vérifiez le nom du fichier ; memoire ne crée jamais de note manquante");
                // One typo, one error: the file it meant is not reported again as unlisted.
                if let Some(meant) = content.closest(&path).filter(|m| m.extension().is_some_and(|e| e == "md")) {
                    d.with_hint(format!(
                        "vouliez-vous dire {} ? (memoire ne crée jamais de note manquante)",
                        crate::files::relative(Path::new("content"), meant)
                    ));
                    typos.push(meant.to_path_buf());
                }
                continue;
            }
            Err(refused) => {
                diags.error(toc_rel, Some(item.pos), refused.message(&path));
                continue;
            }
        }
        planned.push(item);
    }
    let to_read: Vec<(&Path, &str)> =
        planned.iter().filter_map(|i| i.path.as_deref().map(|p| (p, i.text.as_str()))).collect();
    let mut read = read_notes(root, &to_read, cache, &mut diags).into_iter();
    let mut notes = vec![toc_note];
    let mut items = Vec::new();
    for item in planned {
        if item.path.is_none() {
            items.push(TocItem { depth: item.depth, kind: TocKind::Part(item.text), pos: item.pos });
        } else if let Some(mut note) = read.next().flatten() {
            note.depth = item.depth;
            items.push(TocItem { depth: item.depth, kind: TocKind::Note(notes.len()), pos: item.pos });
            notes.push(note);
        }
    }

    let unlisted = report_unlisted(&content, &first_listed, &typos, &mut diags);
    check_numbers(&notes, &mut diags);
    let Some(config) = config else { return (None, diags) };
    if let Some(expected) = config.memoire.expected_notes {
        if notes.len() != expected {
            let line = std::fs::read_to_string(root.join(config::CONFIG_PATH))
                .ok()
                .and_then(|t| t.lines().position(|l| l.trim_start().starts_with("expected_notes")))
                .map(|i| Pos::new(i + 1, 1));
            diags.warning(
                Path::new(config::CONFIG_PATH),
                line,
                format!(
                    "{} notes dans content/ pour {expected} attendues (écart : {})",
                    notes.len(),
                    expected.abs_diff(notes.len())
                ),
            );
        }
    }
    let bibliography = bibliography::load(root, &config, cache, &mut diags);
    let mistyped = typos;
    (Some(Document { config, toc: items, notes, bibliography, content_files, unlisted, mistyped }), diags)
}

/// [`read_note`] for each `(path, fallback title)`, on as many threads as there are cores
/// (a few notes each at least). The notes come back in order, their diagnostics too.
fn read_notes(
    root: &Path,
    list: &[(&Path, &str)],
    cache: Option<&ParseCache>,
    diags: &mut Diagnostics,
) -> Vec<Option<Note>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.min(list.len() / 8).max(1);
    if threads == 1 {
        return list.iter().map(|(path, title)| read_note(root, path, title, cache, diags)).collect();
    }
    let read_part = |part: &[(&Path, &str)]| -> Vec<(Option<Note>, Diagnostics)> {
        part.iter()
            .map(|(path, title)| {
                let mut d = Diagnostics::new();
                (read_note(root, path, title, cache, &mut d), d)
            })
            .collect()
    };
    let parts: Vec<Vec<(Option<Note>, Diagnostics)>> = std::thread::scope(|s| {
        let handles: Vec<_> =
            list.chunks(list.len().div_ceil(threads)).map(|part| s.spawn(|| read_part(part))).collect();
        handles.into_iter().map(|h| h.join().expect("reading a note does not panic")).collect()
    });
    parts
        .into_iter()
        .flatten()
        .map(|(note, d)| {
            diags.extend(d);
            note
        })
        .collect()
}

/// Reads one note file: front matter, body, per-note heading anchors. When the front matter
/// is unusable (already reported), the note keeps its place with `fallback_title`, so that one
/// mistake does not cascade into errors about links to it.
pub fn read_note(
    root: &Path,
    rel: &Path,
    fallback_title: &str,
    cache: Option<&ParseCache>,
    diags: &mut Diagnostics,
) -> Option<Note> {
    let text = match crate::files::read(root, rel) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let valid = String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]).into_owned();
                diags.error(rel, Some(crate::diag::pos_of_offset(&valid, usize::MAX)), "le fichier n’est pas en UTF-8");
                return Some(placeholder(rel, fallback_title));
            }
        },
        Err(Refused::Missing) => return None,
        Err(refused) => {
            diags.error(rel, None, refused.message(rel));
            return Some(placeholder(rel, fallback_title));
        }
    };
    let note = match cache.and_then(|c| c.remembered(rel, &text, fallback_title, diags)) {
        Some(note) => note,
        None => {
            let mut found = Diagnostics::new();
            let note = parse_note(rel, &text, fallback_title, &mut found);
            if let Some(c) = cache {
                c.remember(rel, text, fallback_title, &note, &found);
            }
            diags.extend(found);
            note
        }
    };
    images::check_images(root, &note, diags);
    Some(note)
}

/// A note that could not be read (already reported) keeps its place under `fallback_title`, so
/// that links to it are not reported as links to a missing note.
fn placeholder(rel: &Path, fallback_title: &str) -> Note {
    let meta = NoteMeta { title: fallback_title.to_string(), ..NoteMeta::default() };
    Note::empty(rel.to_path_buf(), meta, 1)
}

impl ParseCache {
    /// The note parsed earlier from the same text, its diagnostics replayed.
    fn remembered(&self, rel: &Path, text: &str, fallback_title: &str, diags: &mut Diagnostics) -> Option<Note> {
        let parsed = self.parsed.lock().unwrap_or_else(|e| e.into_inner());
        let p = parsed.get(rel).filter(|p| p.text == text && p.fallback_title == fallback_title)?;
        diags.extend(p.diags.clone());
        Some(p.note.clone())
    }

    /// The style adapted earlier from the same inputs (`key`), its diagnostics replayed; else
    /// the one `adapt` makes, kept for the next loads.
    pub(crate) fn style(
        &self,
        key: u64,
        diags: &mut Diagnostics,
        adapt: impl FnOnce(&mut Diagnostics) -> hayagriva::citationberg::IndependentStyle,
    ) -> hayagriva::citationberg::IndependentStyle {
        let mut kept = self.style.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, style, d)) = kept.as_ref().filter(|(k, ..)| *k == key) {
            diags.extend(d.clone());
            return style.clone();
        }
        let mut d = Diagnostics::new();
        let style = adapt(&mut d);
        *kept = Some((key, style.clone(), d.clone()));
        diags.extend(d);
        style
    }

    /// Keeps a parsed note for the next loads.
    fn remember(&self, rel: &Path, text: String, fallback_title: &str, note: &Note, diags: &Diagnostics) {
        let fallback_title = fallback_title.to_string();
        let parsed = Parsed { text, fallback_title, note: note.clone(), diags: diags.clone() };
        self.parsed.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_path_buf(), parsed);
    }
}

/// Parses one note's text: front matter, body, per-note heading anchors.
fn parse_note(rel: &Path, text: &str, fallback_title: &str, diags: &mut Diagnostics) -> Note {
    let split = frontmatter::split(text);
    let meta = frontmatter::parse(rel, &split, diags);
    let body = markdown::parse_body(rel, split.body, split.body_line, diags);
    let meta = meta.unwrap_or_else(|| NoteMeta { title: fallback_title.to_string(), ..NoteMeta::default() });
    if meta.status == Some(crate::model::Status::ToImport) && !split.body.trim().is_empty() {
        // The status says there is no text, the file says otherwise: `import` would treat the
        // text as the author's all the same (kept in sauvegardes/), but the outputs print the
        // « à importer » notice above it.
        let line = split.yaml.lines().position(|l| l.starts_with("status:")).map_or(1, |i| i + 2);
        diags
            .warning(rel, Some(crate::diag::Pos::new(line, 1)), "« status: à importer », mais la note a du texte")
            .with_hint(
                "retirez la ligne `status: à importer` (ou mettez `status: texte`) si ce texte est celui de la note",
            );
    }
    let mut note = Note {
        path: rel.to_path_buf(),
        meta,
        depth: 1,
        blocks: body.blocks,
        footnotes: body.footnotes,
        capitals: body.capitals,
        paragraphs: body.paragraphs,
    };
    assign_anchors(&mut note);
    note
}

/// Gives each heading of the note an anchor unique within the note (`-2`, `-3` for repeats).
fn assign_anchors(note: &mut Note) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    fn walk(blocks: &mut [Block], seen: &mut HashMap<String, usize>) {
        for b in blocks {
            match b {
                Block::Heading(h) => {
                    let base = slugify(&plain_text(&h.content));
                    let base = if base.is_empty() { "titre".to_string() } else { base };
                    let n = seen.entry(base.clone()).or_insert(0);
                    *n += 1;
                    h.anchor = if *n == 1 { base } else { format!("{base}-{n}") };
                }
                Block::BlockQuote(bs) | Block::Lang { blocks: bs, .. } => walk(bs, seen),
                Block::List(l) => l.items.iter_mut().for_each(|item| walk(item, seen)),
                _ => {}
            }
        }
    }
    walk(&mut note.blocks, &mut seen);
}

/// Every `.md` file under `content/` that the table of contents does not list.
/// Every note of `content/` the table of contents does not list: an error each, but for the
/// files a mistyped line of the table meant (`typos`, reported there). Returns them all.
fn report_unlisted(
    content: &paths::ContentFiles,
    listed: &HashMap<PathBuf, Pos>,
    typos: &[PathBuf],
    diags: &mut Diagnostics,
) -> Vec<PathBuf> {
    let markdown = content.all.iter().filter(|p| p.extension().is_some_and(|e| e == "md"));
    let unlisted: Vec<PathBuf> = markdown
        .filter(|p| p.as_path() != Path::new(TOC_PATH) && !listed.contains_key(&crate::files::nfc(p)))
        .cloned()
        .collect();
    for path in unlisted.iter().filter(|p| !typos.contains(p)) {
        diags
            .error(path, None, "note absente de la table des matières")
            .with_hint("ajoutez-la à content/table-des-matieres.md, ou déplacez-la hors de content/");
    }
    unlisted
}

/// Numbers must increase (numerically) in reading order and never repeat.
fn check_numbers(notes: &[Note], diags: &mut Diagnostics) {
    let mut by_number: BTreeMap<String, &Path> = BTreeMap::new();
    let mut previous: Option<&Note> = None;
    let mut reported: HashSet<&Path> = HashSet::new();
    for note in notes {
        let Some(number) = &note.meta.number else { continue };
        if let Some(first) = by_number.get(&number.to_string()) {
            diags
                .error(
                    &note.path,
                    note.meta.number_pos,
                    format!("le numéro {number} est déjà celui de {}", first.display()),
                )
                .with_hint("chaque note a son propre numéro");
            reported.insert(&note.path);
        } else {
            by_number.insert(number.to_string(), &note.path);
            if let Some(prev) = previous {
                let prev_number = prev.meta.number.as_ref().expect("previous is numbered");
                if number < prev_number {
                    diags
                        .error(
                            &note.path,
                            note.meta.number_pos,
                            format!("le numéro {number} est hors d’ordre : la note suit {prev_number} dans la table des matières"),
                        )
                        .with_hint("les numéros se comparent comme des nombres : 4.10 vient après 4.9");
                }
            }
        }
        previous = Some(note);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_adapted_style_is_kept_while_its_inputs_stay_the_same() {
        let cache = ParseCache::default();
        let (style, _) = style::load(Path::new("."), "apa", &mut Diagnostics::new()).unwrap();
        let mut adapted = 0;
        let mut diags = Diagnostics::new();
        for key in [1, 1, 2] {
            cache.style(key, &mut diags, |d| {
                adapted += 1;
                d.warning(Path::new("content/memoire.toml"), None, "style non adapté");
                style.clone()
            });
        }
        assert_eq!(adapted, 2, "adapted again only when the inputs changed");
        assert_eq!(diags.warning_count(), 3, "the kept style's warnings are replayed");
    }
}
