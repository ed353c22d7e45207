//! What the commands print: diagnostics and their count, stage times, and the `import` and
//! `verify` commands, which are mostly reports.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use memoire::diag::Diagnostics;
use memoire::fr::count;

/// The writers' stages as « name time », Typst's layout passes after its compilation.
pub(crate) fn stages(t: &memoire::build::Timings, time: &dyn Fn(std::time::Duration) -> String) -> Vec<String> {
    let passes = match t.writers.passes {
        None => String::new(),
        Some(1) => " en 1 passe".to_string(),
        Some(n) => format!(" en {n} passes"),
    };
    let after = |name: &str| if name == "compilation Typst" { passes.as_str() } else { "" };
    t.writers.times.iter().map(|(name, d)| format!("{name} {}{}", time(*d), after(name))).collect()
}

/// `memoire import`: each page copy into its note.
pub(crate) fn import(
    root: &Path,
    files: &[PathBuf],
    url: Option<String>,
    dry_run: bool,
    force: bool,
    date: Option<&str>,
) -> ExitCode {
    if url.is_some() && files.len() > 1 {
        eprintln!("erreur: --url ne vaut que pour un seul fichier");
        return ExitCode::from(2);
    }
    let date = match memoire::date::BuildDate::resolve(date) {
        Ok(d) => d.to_string(),
        Err(msg) => {
            eprintln!("erreur: {msg}");
            return ExitCode::from(2);
        }
    };
    let (doc, mut diags) = memoire::load::load(root);
    let Some(doc) = doc else {
        print_diagnostics(&diags);
        return ExitCode::from(1);
    };
    diags = Diagnostics::new(); // the carnet's own state is `memoire check`'s business
    let options = memoire::import::ImportOptions { dry_run, force, url, date };
    let mut done = 0;
    for file in files {
        if let Some(imported) = memoire::import::import(root, &doc, file, &options, &mut diags) {
            done += 1;
            if dry_run {
                print!(
                    "{}",
                    memoire::import::diff(&imported.previous, &imported.text, &imported.note.to_string_lossy())
                );
            } else {
                println!("importé : {} → {}", file.display(), imported.note.display());
                if let Some(b) = &imported.backup {
                    println!("  ancien texte gardé dans {}", b.display());
                }
            }
        }
    }
    print_diagnostics(&diags);
    if dry_run {
        println!("--dry-run : rien n’a été écrit ({})", count(done, "note examinée", "notes examinées"));
    } else if done > 0 {
        println!(
            "{} ; lancez `memoire check` pour vérifier le carnet",
            count(done, "note importée", "notes importées")
        );
    }
    if diags.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `memoire verify`: reports every file missing, added or changed.
pub(crate) fn verify(path: &Path) -> ExitCode {
    let v = memoire::write::archive::verify(path);
    for p in &v.problems {
        eprintln!("erreur: {p}");
    }
    for f in &v.missing {
        eprintln!("{}: erreur: fichier manquant : {f}", path.display());
    }
    for f in &v.changed {
        eprintln!("{}: erreur: fichier modifié (empreinte différente) : {f}", path.display());
    }
    for f in &v.added {
        eprintln!("{}: erreur: fichier ajouté, absent du manifeste : {f}", path.display());
    }
    if v.intact() {
        println!("{} : instantané intact ({} fichiers vérifiés)", path.display(), v.ok);
        ExitCode::SUCCESS
    } else {
        eprintln!("{} : instantané NON intact", path.display());
        ExitCode::from(1)
    }
}

/// Prints every diagnostic, sorted, to standard error, then a count.
pub(crate) fn print_diagnostics(diags: &Diagnostics) {
    for d in diags.sorted() {
        eprintln!("{d}");
    }
    let (e, w) = (diags.error_count(), diags.warning_count());
    if e + w > 0 {
        eprintln!("{}, {}", count(e, "erreur", "erreurs"), count(w, "avertissement", "avertissements"));
    }
}
