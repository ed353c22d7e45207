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
    flags: ImportFlags,
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
    let ImportFlags { dry_run, force, partial } = flags;
    // Two imports at once would each rewrite the table of contents from what they read.
    let _lock = if dry_run {
        None
    } else {
        match memoire::lock::acquire(root, "l’import") {
            Ok(l) => Some(l),
            Err(e) => {
                eprintln!("erreur: {e}");
                return ExitCode::from(1);
            }
        }
    };
    let options = memoire::import::ImportOptions { dry_run, force, partial, url, date, ..Default::default() };
    let mut diags = Diagnostics::new();
    let (mut written, mut refused) = (Vec::new(), Vec::new());
    let mut total = memoire::import::note::Body::default();
    let mut doc = None;
    for file in files {
        // The carnet is read again after each note written: a page may have added a TOC line.
        if doc.is_none() {
            let (loaded, load_diags) = memoire::load::load(root);
            let Some(loaded) = loaded else {
                print_diagnostics(&load_diags);
                eprintln!("erreur: le carnet ne se lit pas : rien n’est importé (voir `memoire check`)");
                return ExitCode::from(1);
            };
            doc = Some(loaded); // the carnet's own warnings are `memoire check`'s business
        }
        let Some(d) = doc.as_ref() else { continue };
        let (errors, warnings) = (diags.error_count(), diags.warning_count());
        let Some(imported) = memoire::import::import(root, d, file, &options, &mut diags) else {
            println!("{} : refusée ({})", file.display(), count(diags.error_count() - errors, "erreur", "erreurs"));
            refused.push(file.clone());
            continue;
        };
        let b = &imported.body;
        let errors_here = diags.error_count() - errors;
        if errors_here > 0 {
            // --dry-run goes on to show the change, but the page would be refused.
            println!("{} : serait refusée ({})", file.display(), count(errors_here, "erreur", "erreurs"));
            refused.push(file.clone());
            continue;
        }
        if imported.unchanged {
            println!("{} ← {} : inchangée (le texte est déjà celui de la page)", imported.name, file.display());
            written.push(imported.note);
            continue;
        }
        if let Some(n) = imported.placeholders {
            let what = count(n, "note ajoutée à la table des matières", "notes ajoutées à la table des matières");
            println!("{} ← {} : {what}, à importer", imported.name, file.display());
            if n > 0 && !dry_run {
                if let Some(b) = &imported.backup {
                    println!("  ancienne table des matières gardée dans {}", b.display());
                }
                doc = None;
            }
            written.push(imported.note);
            continue;
        }
        let mut facts = vec![
            count(b.words, "mot", "mots"),
            count(b.converted, "citation convertie", "citations converties"),
            format!("{} en texte", b.left),
        ];
        if b.footnotes > 0 {
            facts.push(count(b.footnotes, "note de bas de page", "notes de bas de page"));
        }
        facts.push(count(diags.warning_count() - warnings, "avertissement", "avertissements"));
        if imported.toc_line.is_some() {
            facts.push("ajoutée à la table des matières".into());
            if options.url.is_none() {
                facts.push("sans adresse de page (ajoutez `url:` à son en-tête, ou importez avec --url)".into());
            }
        }
        if imported.partial {
            facts.push("PARTIELLE".into());
        }
        println!("{} ← {} : {}", imported.name, file.display(), facts.join(", "));
        total.words += b.words;
        total.converted += b.converted;
        total.left += b.left;
        total.footnotes += b.footnotes;
        if dry_run {
            print!("{}", memoire::import::diff(&imported.previous, &imported.text, &imported.note.to_string_lossy()));
            if let Some(line) = &imported.toc_line {
                println!("+ table des matières : {}", line.trim());
            }
        } else {
            println!("  → {}", imported.note.display());
            if let Some(b) = &imported.backup {
                println!("  ancien texte gardé dans {}", b.display());
            }
            // The next page sees the carnet as this one left it (the same note twice: the
            // second asks for --force and keeps a backup).
            doc = None;
        }
        written.push(imported.note);
    }
    print_diagnostics(&diags);
    let what = if dry_run { ("note examinée", "notes examinées") } else { ("note importée", "notes importées") };
    let refused_word = if dry_run { ("serait refusée", "seraient refusées") } else { ("refusée", "refusées") };
    println!(
        "Total : {} sur {} ; {}, {}, {} en texte ; {}",
        count(written.len(), what.0, what.1),
        files.len(),
        count(total.words, "mot", "mots"),
        count(total.converted, "citation convertie", "citations converties"),
        total.left,
        if refused.is_empty() {
            format!("aucune {}", refused_word.0)
        } else {
            count(refused.len(), refused_word.0, refused_word.1)
        }
    );
    if !refused.is_empty() {
        println!(
            "Refusées (rien d’écrit pour elles) : {}",
            refused.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", ")
        );
    }
    if dry_run {
        println!("--dry-run : rien n’a été écrit");
    } else if !written.is_empty() {
        println!("Lancez `memoire check` pour vérifier le carnet.");
    }
    if diags.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The switches of `memoire import`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ImportFlags {
    pub dry_run: bool,
    pub force: bool,
    pub partial: bool,
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
    use std::io::Write as _;
    // Buffered: a library of 100,000 entries gives as many lines, one system call each otherwise.
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for d in diags.sorted() {
        let _ = writeln!(err, "{d}");
    }
    let _ = err.flush();
    drop(err);
    let (e, w) = (diags.error_count(), diags.warning_count());
    if e + w > 0 {
        eprintln!("{}, {}", count(e, "erreur", "erreurs"), count(w, "avertissement", "avertissements"));
    }
}

/// What `memoire watch` prints after each rebuild: one line in the author's words (« PDF et EPUB
/// à jour en 0,2 s »), the stage times with `--verbose`; each warning the first time only, and
/// the same errors once, not at every save while they stay.
pub(crate) struct WatchReport {
    outputs: memoire::write::Outputs,
    /// What is rebuilt, when not outputs (« Aperçu »).
    name: Option<&'static str>,
    verbose: bool,
    known_warnings: std::collections::BTreeSet<String>,
    last_errors: Vec<String>,
}

impl WatchReport {
    pub(crate) fn new(outputs: memoire::write::Outputs, verbose: bool) -> Self {
        WatchReport { outputs, name: None, verbose, known_warnings: Default::default(), last_errors: Vec::new() }
    }

    /// A report of rebuilds of something else than outputs: `name` is what is « à jour ».
    pub(crate) fn named(name: &'static str, verbose: bool) -> Self {
        let none = memoire::write::Outputs { pdf: false, epub: false, docx: false, archive: false };
        WatchReport { name: Some(name), ..WatchReport::new(none, verbose) }
    }

    /// « PDF et EPUB », « PDF, EPUB et archive ».
    fn what_is_built(&self) -> String {
        if let Some(name) = self.name {
            return name.to_string();
        }
        let mut names = Vec::new();
        for (on, name) in [
            (self.outputs.pdf, "PDF"),
            (self.outputs.epub, "EPUB"),
            (self.outputs.docx, "Word"),
            (self.outputs.archive, "archive"),
        ] {
            if on {
                names.push(name);
            }
        }
        match names.split_last() {
            Some((last, [])) => last.to_string(),
            Some((last, rest)) => format!("{} et {last}", rest.join(", ")),
            None => "sorties".to_string(),
        }
    }

    pub(crate) fn print(&mut self, changes: &[PathBuf], r: &memoire::watch::Rebuild) {
        use memoire::diag::Severity;
        let sorted = r.diags.sorted();
        let errors: Vec<String> =
            sorted.iter().filter(|d| d.severity == Severity::Error).map(|d| d.to_string()).collect();
        let same_errors = !errors.is_empty() && errors == self.last_errors;
        let mut repeated = 0;
        for d in &sorted {
            let text = d.to_string();
            match d.severity {
                Severity::Error if !same_errors => eprintln!("{text}"),
                Severity::Error => {}
                _ if self.known_warnings.insert(text.clone()) => eprintln!("{text}"),
                _ => repeated += 1,
            }
        }
        if repeated > 0 && self.verbose {
            eprintln!("({})", count(repeated, "avertissement déjà signalé", "avertissements déjà signalés"));
        }
        let what = match changes {
            [] => String::new(),
            [one] => format!("{} : ", one.display()),
            many => format!("{} : ", count(many.len(), "fichier modifié", "fichiers modifiés")),
        };
        let seconds = memoire::fr::decimal(r.elapsed.as_secs_f64(), 1);
        if r.ok {
            let mut line = format!("{what}{} à jour en {seconds} s", self.what_is_built());
            if self.verbose {
                let whole = |d: std::time::Duration| format!("{:.0}", d.as_secs_f64() * 1000.0);
                let mut parts =
                    vec![format!("total {}", whole(r.elapsed)), format!("lecture {}", whole(r.timings.load_resolve))];
                parts.extend(stages(&r.timings, &whole));
                parts.push(format!("écriture {}", whole(r.timings.write)));
                line += &format!(" (ms : {})", parts.join(", "));
            }
            println!("{line}");
        } else {
            let kept = if self.name.is_some() {
                "dernières pages correctes affichées"
            } else {
                "sorties précédentes conservées"
            };
            if same_errors {
                println!("{what}toujours les mêmes erreurs : {kept}");
            } else {
                println!("{what}échec : {kept} (erreurs ci-dessus)");
            }
        }
        self.last_errors = errors;
    }
}

/// What `memoire revision --appliquer` did: each change applied or refused (with why), a total.
pub(crate) fn applied(done: &[memoire::revision::Applied]) {
    use memoire::revision::Kind;
    let mut count = (0, 0);
    for a in done {
        let m = &a.remark;
        let what = match &m.kind {
            Kind::Insertion { text, .. } => format!("{{+{text}+}}"),
            Kind::Deletion { text, .. } => format!("[-{text}-]"),
            Kind::Comment { .. } => continue,
        };
        let place = format!("{}:{}:{}", m.file.replace('/', std::path::MAIN_SEPARATOR_STR), m.pos.line, m.pos.col);
        match &a.refused {
            None => {
                count.0 += 1;
                println!("appliqué : {place}: {what}");
            }
            Some(why) => {
                count.1 += 1;
                println!("refusé : {place}: {what} : {why}");
            }
        }
    }
    println!(
        "{} modification(s) appliquée(s), {} refusée(s) ; les notes modifiées sont gardées dans sauvegardes/",
        count.0, count.1
    );
}
