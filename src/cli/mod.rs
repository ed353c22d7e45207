//! Everything only the `memoire` binary needs: its arguments ([`args`]), clap in French
//! ([`french`]), the progress line ([`progress`]) and what the commands print ([`report`]).
//! The pipeline itself is the library.

mod args;
mod diff;
mod french;
mod preview;
mod progress;
mod report;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use args::{Cli, Command};
use memoire::diag::Diagnostics;
use memoire::fr::decimal;
use progress::Progress;
use report::{import, print_diagnostics, stages, verify};

pub fn main() -> ExitCode {
    let cli: Cli = french::parse();
    if let Command::Verify { archive } = &cli.command {
        return verify(archive);
    }
    if let Command::Init { dir, presentation, titre, auteur } = &cli.command {
        return init(dir.as_deref().or(cli.project.as_deref()), presentation, titre, auteur);
    }
    if let Command::Diff { old, new, pdf, markdown, json, date } = &cli.command {
        return diff::run(
            cli.project.as_deref(),
            old,
            new.as_deref(),
            pdf.as_deref(),
            markdown.as_deref(),
            *json,
            date.as_deref(),
        );
    }
    let root = match find_project(cli.project.as_deref()) {
        Ok(r) => r,
        Err(msg) => {
            eprintln!("erreur: {msg}");
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Check { strict, verbose } => {
            let (resolved, diags) = memoire::check::run(&root, strict);
            print_diagnostics(&diags);
            if let Some(r) = &resolved {
                print!("{}", memoire::check::note_list(r));
                println!();
                print!("{}", memoire::check::summary(r));
                println!("{}", memoire::check::styles_line(&root));
                if verbose && !r.bibliography.uncited.is_empty() {
                    println!("\nEntrées de la bibliographie jamais citées ({}) :", r.bibliography.uncited.len());
                    for key in &r.bibliography.uncited {
                        println!("  {key}");
                    }
                }
            }
            if diags.has_errors() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Verify { .. } | Command::Diff { .. } | Command::Init { .. } => {
            unreachable!("handled before the project is looked for")
        }
        Command::Styles => match memoire::load::styles::write_builtin(&root) {
            Ok((written, kept)) => {
                for p in written {
                    println!("écrit {p}");
                }
                for p in kept {
                    println!("{p} existe déjà : laissé tel quel");
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("erreur: {e}");
                ExitCode::from(1)
            }
        },
        Command::Watch { which, verbose, max_rebuilds } => {
            let date = match build_date(which.date.as_deref(), &root) {
                Ok(d) => d,
                Err(code) => return code,
            };
            // The archive is left out by default: it would change at every save.
            let outputs = which.outputs(false);
            println!("surveillance de {} (Ctrl+C pour arrêter)", root.display());
            let mut report = report::WatchReport::new(outputs, verbose);
            memoire::watch::run(&root, outputs, date, max_rebuilds, &mut |changes, r| report.print(changes, r));
            ExitCode::SUCCESS
        }
        Command::Preview { port, no_open, note, date, verbose, max_rebuilds } => {
            let date = match build_date(date.as_deref(), &root) {
                Ok(d) => d,
                Err(code) => return code,
            };
            let options = preview::Options { port, open: !no_open, note, verbose, max_rebuilds };
            preview::run(&root, date, options)
        }
        Command::Revision { file, markdown, json, appliquer } => {
            revision(&root, &file, markdown.as_deref(), json, appliquer)
        }
        Command::Import { files, url, dry_run, force, partial, date } => {
            let flags = report::ImportFlags { dry_run, force, partial };
            import(&root, &files, url, flags, date.as_deref())
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
                        let mut parts = vec![format!("chargement+résolution {}", ms(t.load_resolve))];
                        parts.extend(stages(&t, &ms));
                        parts.push(format!("écriture {}", ms(t.write)));
                        parts.push(format!("total {}", ms(started.elapsed())));
                        eprintln!("temps (ms) : {}", parts.join(" ; "));
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

/// The project folder: `--project`, else the current folder or the nearest parent holding
/// The nearest folder at or above `dir` that holds `content/memoire.toml`.
pub(crate) fn project_above(dir: &Path) -> Option<PathBuf> {
    let marker = Path::new(memoire::config::CONFIG_PATH);
    dir.ancestors().find(|d| d.join(marker).is_file()).map(Path::to_path_buf)
}

/// `content/memoire.toml`.
pub(crate) fn find_project(given: Option<&Path>) -> Result<PathBuf, String> {
    let marker = Path::new(memoire::config::CONFIG_PATH);
    if let Some(dir) = given {
        if dir.join(marker).is_file() {
            return Ok(dir.to_path_buf());
        }
        return Err(format!("{} n’est pas un projet memoire : {} introuvable", dir.display(), marker.display()));
    }
    let cwd = std::env::current_dir().map_err(|e| format!("dossier courant illisible : {e}"))?;
    project_above(&cwd).ok_or_else(|| {
        format!(
            "aucun projet memoire ici ni dans les dossiers parents ({} introuvable) ; utilisez --project",
            marker.display()
        )
    })
}

/// `memoire init`: a new mémoire in `dir` (the current folder by default).
fn init(dir: Option<&Path>, presentation: &str, title: &str, author: &str) -> ExitCode {
    let Some(preset) = memoire::presentation::Preset::parse(presentation) else {
        eprintln!("erreur: présentation « {presentation} » inconnue : standard, uqam ou laval");
        return ExitCode::from(2);
    };
    let date = match memoire::date::BuildDate::resolve(None) {
        Ok(d) => d.month_year_fr(),
        Err(e) => {
            eprintln!("erreur: {e}");
            return ExitCode::from(2);
        }
    };
    let dir = dir.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let options = memoire::init::InitOptions { title: title.into(), author: author.into(), preset, date };
    match memoire::init::create(&dir, &options) {
        Ok(written) => {
            for p in &written {
                println!("écrit {}", dir.join(p).display());
            }
            let cd = if dir == Path::new(".") { String::new() } else { format!("cd {} && ", dir.display()) };
            println!("\nVotre mémoire est prêt. Pour le construire : {cd}memoire build");
            println!("Les sorties vont dans dist/ ; écrivez vos notes dans content/notes/ et listez-les dans content/table-des-matieres.md.");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("erreur: {e}");
            ExitCode::from(1)
        }
    }
}

/// `memoire revision`: the review in `file` placed in the notes of the project at `root`; the
/// checklist written to `markdown` (never into the sources), JSON instead of text with `json`.
fn revision(root: &Path, file: &Path, markdown: Option<&Path>, json: bool, apply: bool) -> ExitCode {
    let (resolved, diags) = memoire::check::run(root, false);
    let Some(r) = resolved else {
        print_diagnostics(&diags);
        return ExitCode::from(1);
    };
    match memoire::revision::read(file, &r, root) {
        Ok(remarks) => {
            if let Some(md) = markdown {
                let written = diff::writable(md, &[root.to_path_buf()], &[file])
                    .and_then(|()| diff::write(md, memoire::revision::markdown(&remarks, &r).as_bytes()));
                if let Err(e) = written {
                    eprintln!("erreur: {e}");
                    return ExitCode::from(1);
                }
                eprintln!("écrit {} (Markdown)", md.display());
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&remarks).unwrap_or_default());
            } else {
                print!("{}", memoire::revision::report(&remarks, &r));
            }
            if apply {
                let today = memoire::date::BuildDate::resolve(None).map(|d| d.to_string()).unwrap_or_default();
                match memoire::revision::apply(&remarks, &r, root, &today) {
                    Ok(done) => report::applied(&done),
                    Err(e) => {
                        eprintln!("erreur: {e}");
                        return ExitCode::from(1);
                    }
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: erreur: {e}", file.display());
            ExitCode::from(1)
        }
    }
}
