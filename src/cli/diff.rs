//! `memoire diff OLD [NEW]`: opens both versions, compares them, prints the report and writes
//! the files asked for (`--pdf`, `--markdown`), each atomically.

use std::io::IsTerminal as _;
use std::path::Path;
use std::process::ExitCode;

use memoire::diag::Diagnostics;
use memoire::diff::render::{self, Marks};
use memoire::diff::snapshot;

pub(crate) fn run(
    project: Option<&Path>,
    old: &Path,
    new: Option<&Path>,
    pdf: Option<&Path>,
    markdown: Option<&Path>,
    json: bool,
    date: Option<&str>,
) -> ExitCode {
    let fail = |msg: String| {
        eprintln!("erreur: {msg}");
        ExitCode::from(1)
    };
    let new_path_is_default = new.is_none();
    let new_path = match new {
        Some(p) => p.to_path_buf(),
        None => match super::find_project(project) {
            Ok(root) => root,
            Err(msg) => return fail(msg),
        },
    };
    let old_arg = old;
    let (old, mut new) = match (snapshot::open(old), snapshot::open(&new_path)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => return fail(e),
    };
    if new_path_is_default {
        new.name = "l’état actuel du carnet".into();
    }
    let mut report = memoire::diff::compare(&old.resolved, &new.resolved, &old.name, &new.name);
    // The projects whose sources a report must never replace: the current one, and those of
    // OLD and NEW (a folder, or the project an archive lies in).
    let current = super::find_project(project).ok();
    let sides = [old_arg, new_path.as_path()];
    let mut roots: Vec<std::path::PathBuf> = current.into_iter().collect();
    roots.extend(sides.iter().filter_map(|p| project_of(p)));
    for target in [pdf, markdown].into_iter().flatten() {
        if let Err(e) = writable(target, &roots, &sides) {
            return fail(e);
        }
    }
    if let Some(md) = markdown {
        if let Err(e) = write(md, render::text(&report, Marks::Critic).as_bytes()) {
            return fail(e);
        }
    }
    if let Some(pdf) = pdf {
        let date = match memoire::build::build_date(date, &new.root) {
            Ok(d) => d,
            Err(e) => return fail(e),
        };
        let mut diags = Diagnostics::new();
        let assets = memoire::load::assets::read(&new.root, &new.resolved.doc().notes, &mut diags);
        let pages = memoire::write::pdf::note_pages(&new.resolved, &new.root, &assets, date, &mut diags);
        report.set_pages(&new.resolved, &pages.unwrap_or_default());
        let source = render::typst(&report, date);
        let bytes = memoire::write::pdf::standalone(source, &new.root, &assets, date, &mut diags);
        super::report::print_diagnostics(&diags);
        match bytes {
            Some(b) => {
                if let Err(e) = write(pdf, &b) {
                    return fail(e);
                }
            }
            None => return fail("le PDF des changements n’a pas pu être fait".into()),
        }
    }
    if json {
        match serde_json::to_string_pretty(&report) {
            Ok(s) => println!("{s}"),
            Err(e) => return fail(format!("JSON : {e}")),
        }
    } else {
        let marks = if std::io::stdout().is_terminal() { Marks::Colour } else { Marks::Plain };
        print!("{}", render::text(&report, marks));
    }
    for (what, path) in [("PDF", pdf), ("Markdown", markdown)] {
        if let Some(p) = path {
            eprintln!("écrit {} ({what})", p.display());
        }
    }
    ExitCode::SUCCESS
}

/// The project `side` belongs to: the folder itself (or the one above its `content/`), or for an
/// archive the nearest folder above it that holds `content/memoire.toml`.
fn project_of(side: &Path) -> Option<std::path::PathBuf> {
    super::project_above(&side.canonicalize().ok()?)
}

/// A report may not be written into a protected folder (`content/`, `bibliography/`, `styles/`,
/// `sauvegardes/`) of any of `roots`, even through a link, nor replace one of the versions
/// compared (`sides`).
pub(crate) fn writable(target: &Path, roots: &[std::path::PathBuf], sides: &[&Path]) -> Result<(), String> {
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let dir = dir.canonicalize().map_err(|e| format!("{} : dossier introuvable ({e})", dir.display()))?;
    for root in roots {
        if let Some(source) = memoire::files::protected_folder(root, &dir) {
            return Err(format!(
                "{} : refusé, c’est un dossier de sources du carnet ({source}/) ; écrivez le rapport ailleurs (ex. : dist/)",
                target.display()
            ));
        }
    }
    let real = target.file_name().map(|n| dir.join(n));
    if sides.iter().any(|s| s.canonicalize().ok() == real) {
        return Err(format!("{} : refusé, c’est une des deux versions comparées", target.display()));
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed at the end.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| format!("{} : {e}", dir.display()))?;
    std::io::Write::write_all(&mut tmp, bytes).map_err(|e| format!("{} : {e}", path.display()))?;
    tmp.persist(path).map_err(|e| format!("{} : {e}", path.display()))?;
    Ok(())
}
