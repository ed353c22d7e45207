//! `memoire import`: a copy of a note's En commun page → the note's Markdown file. The platform
//! chrome goes, its facts go into the front matter, numbered lines become sub-headings, « • »
//! lines list items, and plain-text citations that match exactly one bibliography entry become
//! Pandoc citations. Nothing is guessed: what cannot be matched stays as text and is reported.
//!
//! By job: [`page`] reads a page copy, [`citations`] matches its citations, [`note`] writes the
//! note; this module imports (never losing a previous text) and shows the diff of `--dry-run`.

pub mod citations;
pub mod note;
pub mod page;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::diag::{Diagnostics, Pos};
use crate::model::{Document, Status};
use citations::norm;
use note::{body_markdown, front_matter};
pub use page::{parse_page, Page, Refusal, SERIES};

/// Options of one import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Show the change, write nothing.
    pub dry_run: bool,
    /// Replace a note that already has text (a backup is kept).
    pub force: bool,
    /// The page's address, recorded as `url`.
    pub url: Option<String>,
    /// Import date, `YYYY-MM-DD`.
    pub date: String,
}

/// What one import did (or would do).
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The note file written (relative to the project root).
    pub note: PathBuf,
    /// Its new text.
    pub text: String,
    /// Its previous text.
    pub previous: String,
    /// Where the previous text was saved, when it had text.
    pub backup: Option<PathBuf>,
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
    }
    let page = match parse_page(&bytes) {
        Ok(p) => p,
        Err(Refusal(why)) => {
            diags.error(file, None, format!("refusé : {why}"));
            return None;
        }
    };
    let found = doc.notes.iter().find(|n| match (&n.meta.number, &page.number) {
        (Some(a), Some(b)) => a == b,
        (None, None) => norm(&n.meta.title) == norm(&page.title),
        _ => false,
    });
    let Some(note) = found else {
        let what = page.number.as_ref().map_or(page.title.clone(), |n| format!("{n}. {}", page.title));
        diags
            .error(file, Some(Pos::new(1, 1)), format!("la note « {what} » n’est pas dans la table des matières"))
            .with_hint("ajoutez-la à content/table-des-matieres.md (avec son fichier) avant de l’importer");
        return None;
    };
    if norm(&note.meta.title) != norm(&page.title) {
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
    let previous = match crate::files::read_text(root, &note.path) {
        Ok(t) => t,
        Err(crate::files::Refused::Missing) => String::new(),
        Err(refused) => {
            diags.error(&note.path, None, refused.message(&note.path));
            return None;
        }
    };
    let has_text = note.status() == Status::Complete && !note.blocks.is_empty();
    if has_text && !options.force && !options.dry_run {
        diags.error(&note.path, None, "la note a déjà du texte : rien n’est remplacé sans --force").with_hint(
            "--dry-run montre les changements ; --force remplace (l’ancien fichier est gardé dans sauvegardes/)",
        );
        return None;
    }
    let body = body_markdown(&page, note, doc, file, diags);
    let sha = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect::<String>();
    let text = front_matter(note, &page, options, &sha) + "\n" + &body;
    let mut backup = None;
    if !options.dry_run {
        if has_text {
            match save_backup(root, &note.path, &options.date, &previous) {
                Ok(b) => backup = Some(b),
                Err(e) => {
                    diags.error(Path::new(BACKUPS), None, format!("sauvegarde impossible, rien n’est remplacé : {e}"));
                    return None;
                }
            }
        }
        let dir = note.path.parent().unwrap_or(Path::new(""));
        let name = note.path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        if let Err(e) = crate::commit::replace_together(&root.join(dir), &[(name, text.as_bytes())]) {
            diags.error(&note.path, None, e);
            return None;
        }
    }
    Some(Imported { note: note.path.clone(), text, previous, backup })
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
fn save_backup(root: &Path, note: &Path, date: &str, previous: &str) -> Result<PathBuf, String> {
    use std::io::Write;
    crate::build::output_folder(root, Path::new(BACKUPS))?;
    let name = note.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    for n in 1..10_000 {
        let rel =
            PathBuf::from(BACKUPS).join(if n == 1 { format!("{name}.{date}") } else { format!("{name}.{date}.{n}") });
        match std::fs::OpenOptions::new().write(true).create_new(true).open(root.join(&rel)) {
            Ok(mut f) => {
                f.write_all(previous.as_bytes())
                    .and_then(|_| f.sync_all())
                    .map_err(|e| format!("{} : {e}", rel.display()))?;
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
