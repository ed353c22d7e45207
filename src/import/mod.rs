//! `memoire import`: a copy of a note's En commun page → the note's Markdown file. The platform
//! chrome goes, its facts go into the front matter, numbered lines become sub-headings, « • »
//! lines list items, and plain-text citations that match exactly one bibliography entry become
//! Pandoc citations. Nothing is guessed: what cannot be matched stays as text and is reported.
//!
//! By job: [`page`] reads a page copy, [`citations`] matches its citations, [`note`] writes the
//! note; this module imports (never losing a previous text) and shows the diff of `--dry-run`.

pub mod citations;
pub mod footnotes;
pub mod note;
pub mod page;
pub mod toc;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::diag::{Diagnostics, Pos};
use crate::model::{Document, Note, Role};
use citations::norm;
use note::{body_markdown, front_matter, Body};
pub use page::{parse_page, Page, Refusal, SERIES};

/// Options of one import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Show the change, write nothing.
    pub dry_run: bool,
    /// Replace a note that already has text (a backup is kept).
    pub force: bool,
    /// Import a copy that stops before the end of the page, marked `status: partiel`.
    pub partial: bool,
    /// The page's address, recorded as `url`.
    pub url: Option<String>,
    /// Import date, `YYYY-MM-DD`.
    pub date: String,
    /// Set once this command has kept the table of contents in `sauvegardes/`: one backup of
    /// it per command, however many notes it adds.
    pub toc_saved: std::cell::Cell<bool>,
}

/// What one import did (or would do).
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The note file written (relative to the project root).
    pub note: PathBuf,
    /// The note as the report names it (« 4.13 Un climat… »).
    pub name: String,
    /// Its new text.
    pub text: String,
    /// Its previous text.
    pub previous: String,
    /// Where the previous text was saved, when it had text.
    pub backup: Option<PathBuf>,
    /// What the import did to the page's text (words, citations, footnotes).
    pub body: Body,
    /// The line added to the table of contents, for a note that was not in it.
    pub toc_line: Option<String>,
    /// The copy stopped before the end of the page (imported with `--partial`).
    pub partial: bool,
    /// For the Table des matières page: the notes it added to the TOC, still to import.
    pub placeholders: Option<usize>,
    /// The note already reads as the page would make it (the date of import aside): nothing
    /// was written.
    pub unchanged: bool,
}

/// The note a page goes to: one listed in the TOC, or a new one the import adds to it.
enum Target {
    Listed(usize),
    New { note: Box<Note>, toc: PathBuf, toc_before: String, toc_text: String, toc_line: String },
}

/// Finds (or plans) the note of `page`: by `--url`, else by number, else by title for the
/// carnet's unnumbered pages (Résumé, Table des matières, Références).
fn target(
    root: &Path,
    doc: &Document,
    page: &Page,
    url: Option<&str>,
    file: &Path,
    diags: &mut Diagnostics,
) -> Option<Target> {
    let same_url = |a: &str, b: &str| url_id(a) == url_id(b);
    if let Some(u) = url {
        if let Some(i) = doc.notes.iter().position(|n| n.meta.url.as_deref().is_some_and(|m| same_url(m, u))) {
            return Some(Target::Listed(i));
        }
    }
    if page.title.is_empty() {
        diags
            .error(file, Some(Pos::new(1, 1)), "copie sans ligne de titre : la note ne peut pas être reconnue")
            .with_hint("donnez l’adresse de la page avec --url (celle de l’en-tête `url:` de la note)");
        return None;
    }
    let found = doc.notes.iter().position(|n| match (&n.meta.number, &page.number) {
        (Some(a), Some(b)) => a == b,
        (None, None) => norm(&n.meta.title) == norm(&page.title),
        _ => false,
    });
    if let Some(i) = found {
        return Some(Target::Listed(i));
    }
    let Some(number) = &page.number else {
        diags
            .error(
                file,
                Some(Pos::new(1, 1)),
                format!("la page « {} » ne correspond à aucune note du carnet", page.title),
            )
            .with_hint("une page sans numéro est reconnue par le titre de sa note (Résumé, Références…) ou par --url");
        return None;
    };
    // Not in the TOC yet: its line goes in at its numeric place, its file beside the others.
    let toc::Place { file: toc_file, text: toc_text, dir: toc_dir, notes_dir } = toc::place(root, doc, diags)?;
    let name = toc::file_name(number, &page.title);
    let path = notes_dir.join(&name);
    if root.join(&path).exists() {
        diags
            .error(
                &path,
                None,
                format!("la note {number} n’est pas dans la table des matières, mais ce fichier existe déjà"),
            )
            .with_hint("ajoutez sa ligne à la table des matières, puis relancez l’import");
        return None;
    }
    let link = note::relative(&toc_dir, &path);
    let part = toc::part_by_number(doc, number, page.part.as_deref(), file, diags)?;
    let (text, line) = toc::insert(&toc_text, number, &page.title, part.as_deref(), &link);
    let mut meta =
        crate::model::NoteMeta { title: page.title.clone(), number: Some(number.clone()), part, ..Default::default() };
    meta.url = url.map(str::to_string);
    let note = Note::empty(path, meta, number.parts().len());
    Some(Target::New { note: Box::new(note), toc: toc_file, toc_before: toc_text, toc_text: text, toc_line: line })
}

/// True for the address of a note of the En commun platform: `https://HOST/n/<id>`, with a
/// host of `encommun.io`.
fn is_platform_note(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_ok = host == "encommun.io" || host.ends_with(".encommun.io");
    let id = url_id(url);
    host_ok && id.strip_prefix("/n/").is_some_and(|i| !i.is_empty() && !i.contains('/'))
}

/// The part of a platform address that names the page: `/n/<id>` (with or without `/en`,
/// trailing slash, query).
fn url_id(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url).trim_end_matches('/');
    match path.rfind("/n/") {
        Some(i) => path[i..].to_string(),
        None => path.to_string(),
    }
}

/// Imports one page copy into the project at `root`, whose loaded document is `doc`.
pub fn import(
    root: &Path,
    doc: &Document,
    file: &Path,
    options: &ImportOptions,
    diags: &mut Diagnostics,
) -> Option<Imported> {
    let bytes = match read_copy(file) {
        Ok(b) => b,
        Err(why) => {
            diags.error(file, None, why);
            return None;
        }
    };
    if let Some(url) = &options.url {
        if let Err(why) = check_url(url) {
            diags.error(file, None, format!("--url refusée : {why}"));
            return None;
        }
        if !is_platform_note(url) && !options.force {
            diags
                .error(
                    file,
                    None,
                    format!(
                        "--url refusée : « {} » n’est pas l’adresse d’une note de la plateforme",
                        crate::diag::excerpt(url, 80)
                    ),
                )
                .with_hint(
                    "l’adresse d’une note ressemble à https://praxis.encommun.io/n/… ; --force l’accepte telle quelle",
                );
            return None;
        }
    }
    let page = match parse_page(&bytes) {
        Ok(p) => p,
        Err(Refusal(why)) => {
            diags.error(file, None, format!("refusé : {why}"));
            return None;
        }
    };
    let title_chars = page.title.chars().count();
    if title_chars > crate::config::MAX_TITLE_CHARS {
        diags
            .error(
                file,
                Some(Pos::new(1, 1)),
                format!(
                    "titre de page trop long ({title_chars} caractères, {} au plus)",
                    crate::config::MAX_TITLE_CHARS
                ),
            )
            .with_hint("est-ce bien la copie d’une page du carnet ? La première ligne doit être le titre de la note");
        return None;
    }
    let target = target(root, doc, &page, options.url.as_deref(), file, diags)?;
    let (note, new) = match &target {
        Target::Listed(i) => (&doc.notes[*i], false),
        Target::New { note, .. } => (note.as_ref(), true),
    };
    if !page.title.is_empty() && norm(&note.meta.title) != norm(&page.title) {
        diags
            .error(
                file,
                Some(Pos::new(1, 1)),
                format!(
                    "le titre « {} » diffère de celui de la note {} (« {} »)",
                    page.title,
                    note.path.display(),
                    note.meta.title
                ),
            )
            .with_hint("corrigez le titre dans l’en-tête de la note si la plateforme fait foi");
        return None;
    }
    if note.role() == Role::Toc {
        return toc::import_page(root, doc, &page, options, diags);
    }
    if !page.complete && !options.partial {
        diags
            .error(
                file,
                Some(Pos::new(page.body.last().map_or(1, |(l, _)| *l), 1)),
                "copie partielle : ni la ligne « Suite : » ni le pied de page de la plateforme, le texte s’arrête peut-être en cours de note",
            )
            .with_hint("recopiez la page entière (Ctrl+A, Ctrl+C), ou importez ce qu’il y a avec --partial (la note sera marquée « partielle »)");
        return None;
    }
    let previous = if new {
        String::new()
    } else {
        match crate::files::read_text(root, &note.path) {
            Ok(t) => t,
            Err(crate::files::Refused::Missing) => String::new(),
            Err(refused) => {
                diags.error(&note.path, None, refused.message(&note.path));
                return None;
            }
        }
    };
    // Any body is the author's, whatever the status says: an HTML comment, a link definition.
    let has_text = !new && !crate::load::frontmatter::split(&previous).body.trim().is_empty();
    let url_changes = match (&options.url, &note.meta.url) {
        (Some(given), Some(known)) if url_id(given) != url_id(known) => Some(known.clone()),
        _ => None,
    };
    if let Some(known) = &url_changes {
        if !options.force {
            diags
                .error(&note.path, None, format!("--url diffère de l’adresse connue de la note ({known})"))
                .with_hint("vérifiez l’adresse ; --force la remplace (l’ancien fichier est gardé dans sauvegardes/)");
            return None;
        }
    }
    let body = if note.role() == Role::Bibliography {
        // The list of references is made from bibliography/: the page's copy of it is not text
        // of the note. Its facts (address, dates) are kept.
        diags.warning(
            file,
            None,
            format!(
                "{} lignes de la page Références non reprises : la liste est produite depuis bibliography/",
                page.body.len()
            ),
        );
        Body { markdown: String::new(), ..Body::default() }
    } else {
        body_markdown(&page, note, doc, file, diags)
    };
    let sha = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect::<String>();
    let status = if page.complete { "texte" } else { "partiel" };
    let text = front_matter(note, &page, options, &sha, status) + "\n" + &body.markdown;
    let toc_line = match &target {
        Target::New { toc_line, .. } => Some(toc_line.clone()),
        Target::Listed(_) => None,
    };
    let unchanged = !new && same_but_date(&previous, &text);
    let mut imported = Imported {
        note: note.path.clone(),
        name: note.display_title(),
        text,
        previous,
        backup: None,
        body,
        toc_line,
        partial: !page.complete,
        placeholders: None,
        unchanged,
    };
    if unchanged {
        return Some(imported); // the same page again: nothing to write, nothing to keep
    }
    if has_text && !options.force {
        let d = diags.error(&note.path, None, "la note a déjà du texte : rien n’est remplacé sans --force");
        d.with_hint("--force remplace (l’ancien fichier est gardé dans sauvegardes/)");
        if !options.dry_run {
            return None;
        }
    }
    if options.dry_run {
        return Some(imported);
    }
    if has_text || url_changes.is_some() {
        match save_backup(root, &note.path, &options.date, &imported.previous) {
            Ok(b) => imported.backup = Some(b),
            Err(e) => {
                diags.error(Path::new(BACKUPS), None, format!("sauvegarde impossible, rien n’est remplacé : {e}"));
                return None;
            }
        }
    }
    let write = |path: &Path, text: &str| write_file(root, path, text);
    if let Target::New { toc, toc_before, toc_text, .. } = &target {
        // The TOC changes: its previous version is kept (once per command), then the note is
        // written before the TOC names it (a failure in between leaves a note no TOC lists,
        // never the reverse).
        if !options.toc_saved.get() {
            if let Err(e) = save_backup(root, toc, &options.date, toc_before) {
                diags.error(Path::new(BACKUPS), None, format!("sauvegarde impossible, rien n’est changé : {e}"));
                return None;
            }
            options.toc_saved.set(true);
        }
        if let Err(e) = write(&note.path, &imported.text) {
            diags.error(&note.path, None, e);
            return None;
        }
        if let Err(e) = write(toc, toc_text) {
            let _ = std::fs::remove_file(root.join(&note.path));
            diags.error(toc, None, e);
            return None;
        }
        return Some(imported);
    }
    if let Err(e) = write(&note.path, &imported.text) {
        diags.error(&note.path, None, e);
        return None;
    }
    Some(imported)
}

/// True when two versions of a note differ at most by their `imported:` date.
fn same_but_date(a: &str, b: &str) -> bool {
    let lines = |t: &str| t.lines().filter(|l| !l.starts_with("imported:")).map(str::to_string).collect::<Vec<_>>();
    lines(a) == lines(b)
}

/// Writes `text` as the file `path` (relative to `root`), replaced whole or not at all.
pub(crate) fn write_file(root: &Path, path: &Path, text: &str) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new(""));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
    crate::commit::replace_together(&root.join(dir), &[(name, text.as_bytes())])
}

/// The folder where replaced notes are kept, at the project root.
pub const BACKUPS: &str = "sauvegardes";

/// The largest page copy read: 16 MiB (a page of the platform is a few dozen KiB).
const MAX_COPY_BYTES: u64 = 16 << 20;

/// Reads a page copy (a file given on the command line, anywhere), bounded in size.
fn read_copy(file: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let f = std::fs::File::open(file).map_err(|e| format!("lecture impossible : {e}"))?;
    let mut bytes = Vec::new();
    f.take(MAX_COPY_BYTES + 1).read_to_end(&mut bytes).map_err(|e| format!("lecture impossible : {e}"))?;
    if bytes.len() as u64 > MAX_COPY_BYTES {
        return Err(format!("refusé : plus de {} Mio, ce n’est pas la copie d’une page", MAX_COPY_BYTES >> 20));
    }
    Ok(bytes)
}

/// A page address: `http(s)://`, one line, no spaces or control characters.
pub fn check_url(url: &str) -> Result<(), String> {
    let shown = crate::diag::excerpt(&url.escape_debug().to_string(), 80);
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(format!("« {shown} » n’est pas une adresse http(s)://"));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) || url.len() > 2000 {
        return Err(format!("« {shown} » contient des espaces, des retours à la ligne ou des caractères de contrôle"));
    }
    Ok(())
}

/// Keeps `previous`, the text of `note` about to be replaced, as a new file of [`BACKUPS`]:
/// `NAME.DATE`, else `NAME.DATE.2`, `.3`… — created only if absent, so that no backup ever
/// replaces another.
pub(crate) fn save_backup(root: &Path, note: &Path, date: &str, previous: &str) -> Result<PathBuf, String> {
    use std::io::Write;
    let real = crate::build::project_folder(root, Path::new(BACKUPS))?;
    if let Some(source) = crate::files::protected_folder(root, &real).filter(|s| *s != BACKUPS) {
        return Err(format!("{BACKUPS}/ mène dans les sources ({source}/) : rien n’est sauvegardé"));
    }
    let name = note.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    for n in 1..10_000 {
        let rel =
            PathBuf::from(BACKUPS).join(if n == 1 { format!("{name}.{date}") } else { format!("{name}.{date}.{n}") });
        match std::fs::OpenOptions::new().write(true).create_new(true).open(root.join(&rel)) {
            Ok(mut f) => {
                if let Err(e) = f.write_all(previous.as_bytes()).and_then(|_| f.sync_all()) {
                    // A full disk: no empty or cut backup is left to pass for the old text.
                    drop(f);
                    let _ = std::fs::remove_file(root.join(&rel));
                    return Err(format!("{} : {e}", rel.display()));
                }
                return Ok(rel);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("{} : {e}", rel.display())),
        }
    }
    Err(format!("plus de 10 000 sauvegardes de {name} ce jour-là"))
}

/// A unified diff of `old` and `new` (for `--dry-run`), by `similar`: linear memory, and a
/// time limit after which it settles for a coarser (still correct) diff.
pub fn diff(old: &str, new: &str, name: &str) -> String {
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .timeout(std::time::Duration::from_secs(2))
        .diff_lines(old, new);
    let mut out = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("{name} (actuel)"), &format!("{name} (importé)"))
        .to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_one_web_address() {
        assert!(check_url("https://praxis.encommun.io/n/abc/").is_ok());
        for bad in ["https://a.org/\nrole: references", "https://a.org/x: y z", "javascript:alert(1)", "ftp://a", ""] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn diff_marks_changes() {
        let d = diff("a\nb\nc\n", "a\nB\nc\nd\n", "n.md");
        assert!(d.starts_with("--- n.md (actuel)\n+++ n.md (importé)\n"), "{d}");
        assert!(d.contains("-b\n+B\n") && d.contains("+d\n") && d.contains(" a\n"), "{d}");
        // 20,000 lines, all different: linear memory, bounded time.
        let a: String = (0..20_000).map(|i| format!("ancienne {i}\n")).collect();
        let b: String = (0..20_000).map(|i| format!("nouvelle {i}\n")).collect();
        assert_eq!(diff(&a, &b, "n.md").lines().filter(|l| l.starts_with('+')).count(), 20_001);
    }
}
