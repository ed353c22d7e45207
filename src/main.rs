//! The `memoire` command line: check and build the mémoire from its carnet of notes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use memoire::diag::Diagnostics;
use memoire::fr::{count, decimal};

mod french_cli;

/// Publie le mémoire à partir de son carnet de notes : vérification, PDF, EPUB et archive.
#[derive(Parser, Debug)]
#[command(
    name = "memoire",
    version,
    about = "Publie le mémoire à partir de son carnet de notes (PDF, EPUB 3, archive Markdown).",
    after_help = "Exemples :\n  memoire check                  vérifie le carnet du dossier courant\n  memoire check --project ~/memoire --strict\n  memoire build                  construit le PDF (et les autres sorties) dans dist/\n\nLe projet est le dossier qui contient content/memoire.toml : le dossier courant\nou l’un de ses parents, ou celui donné par --project."
)]
struct Cli {
    /// Dossier du projet (celui qui contient content/). Par défaut : le dossier courant ou un parent.
    #[arg(long, global = true, value_name = "DOSSIER", display_order = 100)]
    project: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

/// Which outputs to build, and the build date (shared by `build` and `watch`).
#[derive(clap::Args, Debug)]
struct Which {
    /// Le PDF (dist/memoire.pdf).
    #[arg(long)]
    pdf: bool,
    /// L’EPUB 3 (dist/memoire.epub).
    #[arg(long)]
    epub: bool,
    /// L’archive Markdown datée (dist/memoire-AAAA-MM-JJ.zip), avec le PDF et l’EPUB construits en même temps.
    #[arg(long)]
    archive: bool,
    /// Date de construction, AAAA-MM-JJ (ex. : 2026-11-26).
    #[arg(long, value_name = "AAAA-MM-JJ")]
    date: Option<String>,
}

impl Which {
    /// The outputs asked for; with no flag, PDF and EPUB, and the archive when `archive_by_default`.
    fn outputs(&self, archive_by_default: bool) -> memoire::build::Outputs {
        let none = !self.pdf && !self.epub && !self.archive;
        memoire::build::Outputs {
            pdf: self.pdf || none,
            epub: self.epub || none,
            archive: self.archive || (none && archive_by_default),
        }
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Vérifie le carnet : table des matières, notes, liens, notes de bas de page ; affiche un bilan.
    #[command(
        after_help = "Exemples :\n  memoire check\n  memoire check --strict          les avertissements deviennent des erreurs\n\nCode de sortie : 0 sans erreur, 1 s’il y a au moins une erreur."
    )]
    Check {
        /// Traite les avertissements comme des erreurs (ex. : notes manquantes par rapport aux 65 attendues).
        #[arg(long)]
        strict: bool,
    },
    /// Construit les sorties dans dist/ (par défaut : toutes). Rien n’est remplacé si la construction échoue.
    #[command(
        after_help = "Exemples :\n  memoire build                   construit tout (dist/memoire.pdf …)\n  memoire build --pdf --date 2026-11-26\n  memoire build --strict          refuse les avertissements et les notes à importer\n\nDate de construction : --date, sinon SOURCE_DATE_EPOCH, sinon aujourd’hui. Mêmes sources\net même date donnent des fichiers identiques à l’octet près."
    )]
    Build {
        #[command(flatten)]
        which: Which,
        /// Traite les avertissements comme des erreurs et refuse les notes à importer.
        #[arg(long)]
        strict: bool,
        /// N’affiche que les erreurs et les avertissements.
        #[arg(long, short)]
        quiet: bool,
        /// Affiche le temps de chaque étape (chargement, Typst, export PDF, écriture).
        #[arg(long)]
        timings: bool,
    },
    /// Reconstruit les sorties à chaque modification d’une note, de la bibliographie ou du gabarit.
    #[command(
        after_help = "Exemples :\n  memoire watch                 reconstruit le PDF et l’EPUB à chaque enregistrement\n  memoire watch --pdf           seulement le PDF (le plus rapide)\n\nCtrl+C pour arrêter. Une modification qui casse la construction affiche les erreurs et\nlaisse les sorties précédentes intactes."
    )]
    Watch {
        #[command(flatten)]
        which: Which,
        /// S’arrête après N reconstructions (pour les scripts de mesure).
        #[arg(long, value_name = "N", hide = true)]
        max_rebuilds: Option<usize>,
    },
    /// Importe des notes depuis des copies de leurs pages En commun (texte copié du navigateur).
    #[command(
        after_help = "Exemples :\n  memoire import ~/copies/4.13.txt --url https://praxis.encommun.io/n/KLib74vGxw39K3YVXsBHXOqrlMA/\n  memoire import --dry-run ~/copies/*.txt     montre les changements sans rien écrire\n  memoire import --force ~/copies/4.13.txt    remplace une note qui a déjà du texte (copie dans sauvegardes/)\n\nLa note est reconnue par son numéro et son titre dans la table des matières ; une page\nhors de la table des matières est signalée, jamais devinée."
    )]
    Import {
        /// Les copies de pages (texte UTF-8).
        #[arg(value_name = "FICHIER", required = true)]
        files: Vec<PathBuf>,
        /// Adresse de la page sur la plateforme, notée dans l’en-tête (un seul fichier).
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// Affiche les changements (diff) sans rien écrire.
        #[arg(long)]
        dry_run: bool,
        /// Remplace une note qui a déjà du texte ; l’ancien fichier est gardé dans sauvegardes/.
        #[arg(long)]
        force: bool,
        /// Date d’importation notée dans l’en-tête, AAAA-MM-JJ (par défaut : aujourd’hui).
        #[arg(long, value_name = "AAAA-MM-JJ")]
        date: Option<String>,
    },
    /// Vérifie une archive : chaque fichier contre son empreinte SHA-256 du manifeste.
    #[command(
        after_help = "Exemple :\n  memoire verify dist/memoire-2026-11-26.zip\n\nCode de sortie : 0 si l’instantané est intact, 1 sinon (fichier manquant, ajouté ou modifié)."
    )]
    Verify {
        /// L’archive à vérifier.
        #[arg(value_name = "ARCHIVE.zip")]
        archive: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli: Cli = french_cli::parse();
    if let Command::Verify { archive } = &cli.command {
        return verify(archive);
    }
    let root = match find_project(cli.project.as_deref()) {
        Ok(r) => r,
        Err(msg) => {
            eprintln!("erreur: {msg}");
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Check { strict } => {
            let (resolved, diags) = memoire::check::run(&root, strict);
            print_diagnostics(&diags);
            if let Some(r) = &resolved {
                print!("{}", memoire::check::note_list(r));
                println!();
                print!("{}", memoire::check::summary(r));
            }
            if diags.has_errors() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Verify { .. } => unreachable!("handled before the project is looked for"),
        Command::Watch { which, max_rebuilds } => {
            let date = match build_date(which.date.as_deref(), &root) {
                Ok(d) => d,
                Err(code) => return code,
            };
            // The archive is left out by default: it would change at every save.
            let outputs = which.outputs(false);
            println!("surveillance de {} (Ctrl+C pour arrêter)", root.display());
            let mut known_warnings = std::collections::BTreeSet::new();
            memoire::watch::run(&root, outputs, date, max_rebuilds, &mut |changes, r| {
                // Errors every time; a warning only the first time it appears.
                let mut repeated = 0;
                for d in r.diags.sorted() {
                    let text = d.to_string();
                    if d.severity == memoire::diag::Severity::Error || known_warnings.insert(text.clone()) {
                        eprintln!("{text}");
                    } else {
                        repeated += 1;
                    }
                }
                if repeated > 0 {
                    eprintln!("({})", count(repeated, "avertissement déjà signalé", "avertissements déjà signalés"));
                }
                let what = match changes {
                    [] => "construction initiale".to_string(),
                    [one] => format!("{} modifié", one.display()),
                    many => format!("{} fichiers modifiés", many.len()),
                };
                let ms = r.elapsed.as_secs_f64() * 1000.0;
                let passes = match r.timings.pdf.passes {
                    None => String::new(),
                    Some(1) => " en 1 passe".to_string(),
                    Some(n) => format!(" en {n} passes"),
                };
                if r.ok {
                    println!(
                        "{what} : reconstruit en {ms:.0} ms (lecture {:.0}, source Typst {:.0}, Typst {:.0}{passes}, liens {:.0}, export PDF {:.0}, écriture {:.0})",
                        r.timings.load_resolve.as_secs_f64() * 1000.0,
                        r.timings.pdf.markup.as_secs_f64() * 1000.0,
                        r.timings.pdf.compile.as_secs_f64() * 1000.0,
                        r.timings.pdf.links.as_secs_f64() * 1000.0,
                        r.timings.pdf.export.as_secs_f64() * 1000.0,
                        r.timings.write.as_secs_f64() * 1000.0
                    );
                } else {
                    println!("{what} : échec en {ms:.0} ms, sorties précédentes conservées");
                }
            });
            ExitCode::SUCCESS
        }
        Command::Import { files, url, dry_run, force, date } => {
            import(&root, &files, url, dry_run, force, date.as_deref())
        }
        Command::Build { which, strict, quiet, timings } => {
            let date = match build_date(which.date.as_deref(), &root) {
                Ok(d) => d,
                Err(code) => return code,
            };
            let outputs = which.outputs(true);
            let started = std::time::Instant::now();
            let progress = Progress::start(quiet, &outputs);
            let mut diags = Diagnostics::new();
            let result = memoire::build::build(&root, outputs, date, strict, &mut diags);
            progress.stop();
            print_diagnostics(&diags);
            match result {
                Some((files, t)) => {
                    if timings {
                        let ms = |d: std::time::Duration| decimal(d.as_secs_f64() * 1000.0, 1);
                        eprintln!(
                            "temps (ms) : chargement+résolution {} ; source Typst {} ; compilation Typst {} ; liens {} ; export PDF {} ; EPUB et sources de l’archive {} (en parallèle) ; fin de l’archive {} ; écriture {} ; total {}",
                            ms(t.load_resolve),
                            ms(t.pdf.markup),
                            ms(t.pdf.compile),
                            ms(t.pdf.links),
                            ms(t.pdf.export),
                            ms(t.epub),
                            ms(t.archive),
                            ms(t.write),
                            ms(started.elapsed())
                        );
                    }
                    if !quiet {
                        for f in files {
                            let size = std::fs::metadata(root.join(&f)).map(|m| m.len()).unwrap_or(0);
                            println!("écrit {} ({} Kio)", f.display(), size.div_ceil(1024));
                        }
                        println!("construit en {} s (date {date})", decimal(started.elapsed().as_secs_f64(), 2));
                    }
                    ExitCode::SUCCESS
                }
                None => {
                    eprintln!("échec : aucune sortie n’a été remplacée");
                    ExitCode::from(1)
                }
            }
        }
    }
}

/// The build date (see [`memoire::build::build_date`]), or the exit code of a bad `--date`.
fn build_date(arg: Option<&str>, root: &Path) -> Result<memoire::date::BuildDate, ExitCode> {
    memoire::build::build_date(arg, root).map_err(|msg| {
        eprintln!("erreur: {msg}");
        ExitCode::from(2)
    })
}

/// A progress line on a terminal for builds that take more than a second; silent otherwise.
struct Progress {
    done: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start(quiet: bool, outputs: &memoire::build::Outputs) -> Self {
        use std::io::IsTerminal;
        if quiet || !std::io::stderr().is_terminal() {
            return Progress { done: None, thread: None };
        }
        let mut what = Vec::new();
        for (on, name) in [(outputs.pdf, "PDF"), (outputs.epub, "EPUB"), (outputs.archive, "archive")] {
            if on {
                what.push(name);
            }
        }
        let what = what.join(", ");
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            let start = std::time::Instant::now();
            let mut shown = false;
            loop {
                let wait = if shown { 200 } else { 1000 };
                if rx.recv_timeout(std::time::Duration::from_millis(wait)).is_ok() || rx.try_recv().is_ok() {
                    break;
                }
                if matches!(rx.try_recv(), Err(std::sync::mpsc::TryRecvError::Disconnected)) {
                    break;
                }
                shown = true;
                eprint!("\r  construction ({what})… {} s ", decimal(start.elapsed().as_secs_f64(), 1));
            }
            if shown {
                eprint!("\r\x1b[2K");
            }
        });
        Progress { done: Some(tx), thread: Some(thread) }
    }

    fn stop(mut self) {
        if let Some(tx) = self.done.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// `memoire import`: each page copy into its note.
fn import(
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
fn verify(path: &Path) -> ExitCode {
    let v = memoire::archive::verify(path);
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
fn print_diagnostics(diags: &Diagnostics) {
    for d in diags.sorted() {
        eprintln!("{d}");
    }
    let (e, w) = (diags.error_count(), diags.warning_count());
    if e + w > 0 {
        eprintln!("{}, {}", count(e, "erreur", "erreurs"), count(w, "avertissement", "avertissements"));
    }
}

/// The project folder: `--project`, else the current folder or the nearest parent holding
/// `content/memoire.toml`.
fn find_project(given: Option<&Path>) -> Result<PathBuf, String> {
    let marker = Path::new(memoire::config::CONFIG_PATH);
    if let Some(dir) = given {
        if dir.join(marker).is_file() {
            return Ok(dir.to_path_buf());
        }
        return Err(format!("{} n’est pas un projet memoire : {} introuvable", dir.display(), marker.display()));
    }
    let cwd = std::env::current_dir().map_err(|e| format!("dossier courant illisible : {e}"))?;
    cwd.ancestors().find(|d| d.join(marker).is_file()).map(Path::to_path_buf).ok_or_else(|| {
        format!(
            "aucun projet memoire ici ni dans les dossiers parents ({} introuvable) ; utilisez --project",
            marker.display()
        )
    })
}
