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
    let (old, mut new) = match (snapshot::open(old), snapshot::open(&new_path)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => return fail(e),
    };
    if new_path_is_default {
        new.name = "l’état actuel du carnet".into();
    }
    let mut report = memoire::diff::compare(&old.resolved, &new.resolved, &old.name, &new.name);
    for target in [pdf, markdown].into_iter().flatten() {
        if let Err(e) = writable(target, &new.root) {
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

/// A report may not replace a source of the project (`content/`, `bibliography/`, `styles/`).
fn writable(target: &Path, root: &Path) -> Result<(), String> {
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let dir = dir.canonicalize().map_err(|e| format!("{} : dossier introuvable ({e})", dir.display()))?;
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for source in ["content", "bibliography", "styles"] {
        if dir.starts_with(root.join(source)) {
            return Err(format!(
                "{} : refusé, c’est un dossier de sources du carnet ({source}/) ; écrivez le rapport ailleurs (ex. : dist/)",
                target.display()
            ));
        }
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed at the end.
fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| format!("{} : {e}", dir.display()))?;
    std::io::Write::write_all(&mut tmp, bytes).map_err(|e| format!("{} : {e}", path.display()))?;
    tmp.persist(path).map_err(|e| format!("{} : {e}", path.display()))?;
    Ok(())
}
