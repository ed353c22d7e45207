//! `memoire build`: load and resolve once, run the writers, then write every output at once,
//! atomically: each file goes to a temporary name in the output folder and is renamed only
//! when all of them succeeded, so a failed build leaves the previous outputs as they were.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::date::BuildDate;
use crate::diag::Diagnostics;
use crate::resolve::Resolved;

use crate::write::Outputs;

/// The build date: `--date`, else `SOURCE_DATE_EPOCH`, else the snapshot date of an extracted
/// archive (its `MANIFEST.json`), else today.
pub fn build_date(arg: Option<&str>, root: &Path) -> Result<BuildDate, String> {
    if arg.is_none() && std::env::var_os("SOURCE_DATE_EPOCH").is_none() {
        if let Some(d) = crate::write::archive::snapshot_date(root) {
            return Ok(d);
        }
    }
    BuildDate::resolve(arg)
}

/// Files produced by the writers, in memory: path relative to the project root → bytes.
#[derive(Debug, Default)]
pub struct OutFiles {
    /// The files, in the order they were produced.
    pub files: Vec<(PathBuf, Vec<u8>)>,
}

/// What a build took, stage by stage.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    /// Loading and resolving.
    pub load_resolve: Duration,
    /// The writers' stages, in registration order (those run side by side overlap).
    pub writers: crate::write::Stages,
    /// Writing files.
    pub write: Duration,
}

/// Builds the requested outputs of the project at `root`. Returns the written paths (relative
/// to `root`) and timings, or `None` when anything failed (then nothing was written).
pub fn build(
    root: &Path,
    outputs: Outputs,
    date: BuildDate,
    strict: bool,
    diags: &mut Diagnostics,
) -> Option<(Vec<PathBuf>, Timings)> {
    let mut timings = Timings::default();
    let t0 = Instant::now();
    let (resolved, d) =
        crate::check::run_with(root, strict, &mut crate::check::Caches::with_pdf(outputs.pdf || outputs.docx));
    diags.extend(d);
    timings.load_resolve = t0.elapsed();
    let resolved = resolved?;
    if strict {
        refuse_notes_to_import(&resolved, diags);
    }
    if diags.has_errors() {
        return None;
    }
    let mut writers = crate::write::registered(outputs);
    let out = render(&resolved, root, &mut writers, date, diags, &mut timings)?;
    if diags.has_errors() {
        return None;
    }
    let t = Instant::now();
    let written = write_atomically(root, &out).map_err(|e| diags.error(Path::new(""), None, e)).ok()?;
    timings.write = t.elapsed();
    Some((written, timings))
}

/// Reads the files the outputs embed, then runs `writers` on the resolved document (see
/// [`crate::write::run`]); their files go to the output folder of `memoire.toml`.
pub fn render(
    r: &Resolved,
    root: &Path,
    writers: &mut [Box<dyn crate::write::Writer>],
    date: BuildDate,
    diags: &mut Diagnostics,
    timings: &mut Timings,
) -> Option<OutFiles> {
    let t = Instant::now();
    let assets = crate::load::assets::read(root, &r.doc().notes, diags);
    timings.load_resolve += t.elapsed();
    if diags.has_errors() {
        return None;
    }
    let input = crate::write::Input { resolved: r, assets: &assets, root, date };
    let files = crate::write::run(writers, &input, &mut timings.writers, diags)?;
    let dir = PathBuf::from(&r.doc().config.build.output_dir);
    Some(OutFiles { files: files.into_iter().map(|f| (dir.join(f.name), f.bytes)).collect() })
}

/// Under `--strict`, a note whose text is still to import stops the build.
fn refuse_notes_to_import(r: &Resolved, diags: &mut Diagnostics) {
    for n in &r.doc().notes {
        let why = match n.status() {
            crate::model::Status::ToImport => "texte à importer",
            crate::model::Status::Partial => "texte partiel (copie incomplète de la page)",
            crate::model::Status::Complete => continue,
        };
        diags
            .error(&n.path, None, format!("{why} : --strict refuse de construire tant qu’il en reste"))
            .with_hint("importez la note entière (memoire import --force) ou construisez sans --strict");
    }
}

/// Writes the outputs of one build, all in one folder, replaced together or not at all (see
/// [`crate::commit`]). The folder must lie inside the project once links are followed, and
/// outside its sources.
pub fn write_atomically(root: &Path, out: &OutFiles) -> Result<Vec<PathBuf>, String> {
    let Some((first, _)) = out.files.first() else { return Ok(Vec::new()) };
    let dir = first.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut files: Vec<(String, &[u8])> = Vec::new();
    for (rel, bytes) in &out.files {
        let name = rel.file_name().and_then(|n| n.to_str()).filter(|_| rel.parent() == Some(dir.as_path()));
        let Some(name) = name else {
            return Err(format!("sortie hors du dossier {} : {}", dir.display(), rel.display()));
        };
        files.push((name.to_string(), bytes));
    }
    // Another build (or `watch`, or an import) may be writing: one at a time, so that the folder
    // never holds the PDF of one build beside the EPUB of another.
    let _lock = crate::lock::acquire(root, "l’écriture des sorties")?;
    output_folder(root, &dir)?;
    crate::commit::replace_together(&root.join(&dir), &files)?;
    Ok(out.files.iter().map(|(p, _)| p.clone()).collect())
}

/// Creates the output folder `dir` (relative to `root`) and checks where it really is: inside
/// the project, outside `content/`, `bibliography/`, `styles/` and `sauvegardes/`, even through a
/// link.
pub fn output_folder(root: &Path, dir: &Path) -> Result<PathBuf, String> {
    let real = project_folder(root, dir)?;
    if let Some(source) = crate::files::protected_folder(root, &real) {
        return Err(format!(
            "le dossier de sortie {} est dans les sources ({source}/) : rien n’est écrit",
            dir.display()
        ));
    }
    Ok(real)
}

/// Creates the folder `dir` (relative to `root`) and returns where it really is, once links are
/// followed: a folder of the project other than its root, or an error.
pub fn project_folder(root: &Path, dir: &Path) -> Result<PathBuf, String> {
    if !crate::files::stays_below(dir) {
        return Err(format!("dossier de sortie hors du projet : {}", dir.display()));
    }
    let full = root.join(dir);
    std::fs::create_dir_all(&full).map_err(|e| format!("{} : création impossible : {e}", dir.display()))?;
    let real = full.canonicalize().map_err(|e| format!("{} : {e}", dir.display()))?;
    let real_root = root.canonicalize().map_err(|e| format!("{} : {e}", root.display()))?;
    if !real.starts_with(&real_root) || real == real_root {
        return Err(format!(
            "le dossier de sortie {} mène hors du projet ({}) : rien n’est écrit",
            dir.display(),
            real.display()
        ));
    }
    Ok(real)
}
