//! Writing a set of files of one folder so that they are replaced together or not at all.
//!
//! 1. Leftovers of an interrupted run are settled first (see [`recover`]).
//! 2. Every new file is written to `.memoire-nouveau.NAME.tmp` and synced to disk.
//! 3. Each file it replaces is kept as `.memoire-ancien.NAME.tmp` (a hard link: no copy).
//! 4. A journal, `.memoire-journal.tmp`, lists the names; then each temporary is renamed over
//!    its file. Should a rename fail, the files already replaced get their old bytes back.
//! 5. The journal and the old versions are removed.
//!
//! A process killed during step 4 leaves the journal: the next run finishes the renames (every
//! new file was complete and synced before the journal was written), so the folder never keeps
//! a mix of two builds. Killed before step 4, it leaves only temporaries, which the next run
//! removes; the previous files are untouched.

use std::io::Write;
use std::path::{Path, PathBuf};

const JOURNAL: &str = ".memoire-journal.tmp";

fn new_name(name: &str) -> String {
    format!(".memoire-nouveau.{name}.tmp")
}

fn old_name(name: &str) -> String {
    format!(".memoire-ancien.{name}.tmp")
}

/// True for a temporary file this module (or an earlier version, `.NAME.PID.tmp`) writes.
pub fn is_temporary(file_name: &str) -> bool {
    let Some(stem) = file_name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else { return false };
    stem.starts_with("memoire-")
        || stem.rsplit_once('.').is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// Writes `bytes` to `path` and syncs them to disk.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Syncs the folder itself, so that renames survive a power cut (where the platform allows).
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Settles what an interrupted run left in `dir`: with a journal, its renames are finished;
/// then every temporary file is removed. Returns the names whose renames were finished.
pub fn recover(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut finished = Vec::new();
    let journal = dir.join(JOURNAL);
    if let Ok(text) = std::fs::read_to_string(&journal) {
        for name in text.lines().filter(|n| is_plain_name(n)) {
            let new = dir.join(new_name(name));
            if new.exists() {
                std::fs::rename(&new, dir.join(name))?;
                finished.push(name.to_string());
            }
        }
        sync_dir(dir);
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(finished) };
    for e in entries.flatten() {
        let is_file = e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink());
        if is_file && e.file_name().to_str().is_some_and(is_temporary) {
            std::fs::remove_file(e.path())?;
        }
    }
    Ok(finished)
}

/// A file name with no folder part, not hidden.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\']) && name != ".."
}

/// Replaces the files `files` (name → bytes) of `dir` together: all of them, or none.
pub fn replace_together(dir: &Path, files: &[(String, &[u8])]) -> Result<(), String> {
    for (i, (name, _)) in files.iter().enumerate() {
        if !is_plain_name(name) {
            return Err(format!("nom de sortie invalide : « {name} »"));
        }
        if files[..i].iter().any(|(n, _)| n == name) {
            return Err(format!("deux sorties portent le même nom : {name}"));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{} : création impossible : {e}", dir.display()))?;
    let recovered =
        recover(dir).map_err(|e| format!("{} : reprise d’une écriture interrompue : {e}", dir.display()))?;
    if !recovered.is_empty() {
        eprintln!("note : écriture interrompue terminée dans {} ({})", dir.display(), recovered.join(", "));
    }
    for (name, _) in files {
        let dest = dir.join(name);
        if std::fs::symlink_metadata(&dest).is_ok_and(|m| m.is_dir()) {
            return Err(format!("{} est un dossier : rien n’a été remplacé", dest.display()));
        }
    }
    let remove_all = |names: &[&str], make: fn(&str) -> String| {
        for n in names {
            let _ = std::fs::remove_file(dir.join(make(n)));
        }
    };
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for (name, bytes) in files {
        if let Err(e) = write_synced(&dir.join(new_name(name)), bytes) {
            remove_all(&names, new_name);
            return Err(format!("{} : écriture impossible : {e}", dir.join(name).display()));
        }
    }
    // The previous versions, to put back should a rename fail.
    let mut kept: Vec<&str> = Vec::new();
    for name in &names {
        let dest = dir.join(name);
        if dest.is_file() {
            let old = dir.join(old_name(name));
            let _ = std::fs::remove_file(&old);
            let saved = std::fs::hard_link(&dest, &old).or_else(|_| std::fs::copy(&dest, &old).map(|_| ()));
            if let Err(e) = saved {
                remove_all(&names, new_name);
                remove_all(&kept, old_name);
                return Err(format!("{} : copie de sécurité impossible : {e}", dest.display()));
            }
            kept.push(name);
        }
    }
    let journal = dir.join(JOURNAL);
    if let Err(e) = write_synced(&journal, names.join("\n").as_bytes()) {
        remove_all(&names, new_name);
        remove_all(&kept, old_name);
        return Err(format!("{} : écriture impossible : {e}", journal.display()));
    }
    sync_dir(dir);
    let renamed = rename_all(dir, &names, &kept);
    if renamed.is_err() {
        let _ = std::fs::remove_file(&journal);
        remove_all(&names, new_name);
    }
    sync_dir(dir);
    let _ = std::fs::remove_file(&journal);
    remove_all(&kept, old_name);
    renamed
}

/// Renames each new file over its destination. On a failure, the destinations already replaced
/// get their previous bytes back (those in `kept`) or are removed (those that are new).
fn rename_all(dir: &Path, names: &[&str], kept: &[&str]) -> Result<(), String> {
    for (i, name) in names.iter().enumerate() {
        if let Err(e) = std::fs::rename(dir.join(new_name(name)), dir.join(name)) {
            for done in &names[..i] {
                if kept.contains(done) {
                    let _ = std::fs::rename(dir.join(old_name(done)), dir.join(done));
                } else {
                    let _ = std::fs::remove_file(dir.join(done));
                }
            }
            return Err(format!("{} : remplacement impossible, rien n’a été remplacé : {e}", dir.join(name).display()));
        }
    }
    Ok(())
}

/// Every temporary file of `dir` (for tests and diagnostics).
pub fn temporaries(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().filter(|e| e.file_name().to_str().is_some_and(is_temporary)).map(|e| e.path()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(dir: &Path, name: &str) -> String {
        std::fs::read_to_string(dir.join(name)).unwrap()
    }

    #[test]
    fn all_replaced_and_nothing_left() {
        let t = tempfile::tempdir().unwrap();
        std::fs::write(t.path().join("a.pdf"), "vieux").unwrap();
        replace_together(t.path(), &[("a.pdf".into(), b"neuf"), ("b.epub".into(), b"livre")]).unwrap();
        assert_eq!((read(t.path(), "a.pdf"), read(t.path(), "b.epub")), ("neuf".into(), "livre".into()));
        assert!(temporaries(t.path()).is_empty());
    }

    #[test]
    fn a_folder_in_the_way_replaces_nothing() {
        let t = tempfile::tempdir().unwrap();
        std::fs::write(t.path().join("a.pdf"), "vieux").unwrap();
        std::fs::create_dir(t.path().join("b.epub")).unwrap();
        let e = replace_together(t.path(), &[("a.pdf".into(), b"neuf"), ("b.epub".into(), b"x")]).unwrap_err();
        assert!(e.contains("b.epub est un dossier"), "{e}");
        assert_eq!(read(t.path(), "a.pdf"), "vieux");
        assert!(temporaries(t.path()).is_empty());
    }

    #[test]
    fn a_failed_rename_puts_the_old_files_back() {
        // a.pdf is replaced, then b.epub's rename fails (a non-empty folder took its place
        // after the check): a.pdf gets its old bytes back, the new c.zip goes.
        let t = tempfile::tempdir().unwrap();
        let d = t.path();
        std::fs::write(d.join("a.pdf"), "vieux").unwrap();
        std::fs::hard_link(d.join("a.pdf"), d.join(old_name("a.pdf"))).unwrap();
        for n in ["c.zip", "a.pdf", "b.epub"] {
            std::fs::write(d.join(new_name(n)), "neuf").unwrap();
        }
        std::fs::create_dir_all(d.join("b.epub/plein")).unwrap();
        let e = rename_all(d, &["c.zip", "a.pdf", "b.epub"], &["a.pdf"]).unwrap_err();
        assert!(e.contains("b.epub : remplacement impossible"), "{e}");
        assert_eq!(read(d, "a.pdf"), "vieux");
        assert!(!d.join("c.zip").exists());
    }

    #[test]
    fn an_interrupted_commit_is_finished_and_stray_temporaries_go() {
        let t = tempfile::tempdir().unwrap();
        let d = t.path();
        std::fs::write(d.join("a.pdf"), "vieux A").unwrap();
        std::fs::write(d.join("b.epub"), "vieux B").unwrap();
        // Killed after renaming a.pdf, before b.epub: the journal and b's temporary remain.
        std::fs::write(d.join("a.pdf"), "neuf A").unwrap();
        std::fs::write(d.join(new_name("b.epub")), "neuf B").unwrap();
        std::fs::write(d.join(old_name("a.pdf")), "vieux A").unwrap();
        std::fs::write(d.join(JOURNAL), "a.pdf\nb.epub").unwrap();
        std::fs::write(d.join(".memoire.pdf.4242.tmp"), "ancien format").unwrap();
        assert_eq!(recover(d).unwrap(), ["b.epub"]);
        assert_eq!((read(d, "a.pdf"), read(d, "b.epub")), ("neuf A".into(), "neuf B".into()));
        assert!(temporaries(d).is_empty(), "{:?}", temporaries(d));
        // Killed while writing temporaries (no journal): the old files stay, temporaries go.
        std::fs::write(d.join(new_name("a.pdf")), "à moitié").unwrap();
        assert!(recover(d).unwrap().is_empty());
        assert_eq!(read(d, "a.pdf"), "neuf A");
        assert!(temporaries(d).is_empty());
    }

    #[test]
    fn temporary_names() {
        for t in [".memoire-nouveau.a.pdf.tmp", ".memoire-journal.tmp", ".memoire.pdf.123.tmp"] {
            assert!(is_temporary(t), "{t}");
        }
        for t in ["memoire.pdf", ".memoire.pdf", ".notes.tmp", ".a.b.tmp"] {
            assert!(!is_temporary(t), "{t}");
        }
    }
}
