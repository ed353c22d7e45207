//! `memoire watch`: rebuild the outputs whenever a note, the bibliography, the template or
//! `memoire.toml` changes (file-system events from `notify`, polling where there are none),
//! keeping one Typst world alive so that a one-note edit is fast. A failed rebuild prints its
//! diagnostics and leaves the previous outputs as they were.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::build::{write_atomically, Timings};
use crate::date::BuildDate;
use crate::diag::Diagnostics;
use crate::write::Outputs;

/// What one scan saw of a file: modification time and size, and on Unix its inode and change
/// time — a copy that restores the modification time (`cp -p`, `rsync -t`) still changes those.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
    inode: u64,
    changed: (i64, i64),
}

impl Stamp {
    /// The stamp of a file from its metadata.
    pub fn of(meta: &std::fs::Metadata) -> Self {
        #[cfg(unix)]
        let (inode, changed) = {
            use std::os::unix::fs::MetadataExt;
            (meta.ino(), (meta.ctime(), meta.ctime_nsec()))
        };
        #[cfg(not(unix))]
        let (inode, changed) = (0, (0, 0));
        Stamp { modified: meta.modified().ok(), len: meta.len(), inode, changed }
    }
}

/// Every file `memoire` reads: content/, bibliography/, styles/ (hidden files aside).
pub fn snapshot(root: &Path) -> Snapshot {
    let mut out = BTreeMap::new();
    for dir in crate::files::SOURCES {
        for f in crate::files::walk(root, Path::new(dir)) {
            out.insert(f.path, Stamp::of(&f.metadata));
        }
    }
    out
}

/// The files that differ between two snapshots (added, removed or changed).
pub fn changed(before: &Snapshot, after: &Snapshot) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> =
        after.iter().filter(|(p, s)| before.get(*p) != Some(s)).map(|(p, _)| p.clone()).collect();
    out.extend(before.keys().filter(|p| !after.contains_key(*p)).cloned());
    out.sort();
    out
}

/// The result of one build in watch mode.
pub struct Rebuild {
    /// Whether the outputs were written.
    pub ok: bool,
    /// Diagnostics of the build.
    pub diags: Diagnostics,
    /// Wall time of the whole rebuild.
    pub elapsed: Duration,
    /// Stage times.
    pub timings: Timings,
}

/// Keeps what a rebuild can reuse.
pub struct Watcher {
    root: PathBuf,
    date: BuildDate,
    /// The writers, kept alive: the PDF writer keeps Typst's world between rebuilds.
    writers: Vec<Box<dyn crate::write::Writer>>,
    caches: crate::check::Caches,
}

impl Watcher {
    /// A watcher of the project at `root`.
    pub fn new(root: &Path, outputs: Outputs, date: BuildDate) -> Self {
        let writers = crate::write::registered(outputs);
        Watcher {
            root: root.to_path_buf(),
            date,
            writers,
            caches: crate::check::Caches::with_pdf(outputs.pdf || outputs.docx),
        }
    }

    /// Builds again from the project as it is now (the world compares the files it kept).
    pub fn rebuild(&mut self) -> Rebuild {
        let start = Instant::now();
        let mut timings = Timings::default();
        let t = Instant::now();
        let (resolved, mut diags) = crate::check::run_with(&self.root, false, &mut self.caches);
        timings.load_resolve = t.elapsed();
        let mut ok = false;
        if let Some(r) = resolved.filter(|_| !diags.has_errors()) {
            let out = crate::build::render(&r, &self.root, &mut self.writers, self.date, &mut diags, &mut timings);
            if let Some(out) = out.filter(|_| !diags.has_errors()) {
                let t = Instant::now();
                match write_atomically(&self.root, &out) {
                    Ok(_) => ok = true,
                    Err(e) => {
                        diags.error(Path::new(""), None, e);
                    }
                }
                timings.write = t.elapsed();
            }
            crate::util::drop_later(r);
        }
        Rebuild { ok, diags, elapsed: start.elapsed(), timings }
    }
}

/// How `run` learns that something may have changed: file-system events (inotify, FSEvents…)
/// when the platform gives them, else a look every 100 ms.
enum Wakeup {
    /// Events from `notify`; the watcher is kept alive for them to come.
    Events { events: std::sync::mpsc::Receiver<()>, _watcher: notify::RecommendedWatcher },
    /// No events to be had here (a network file system, too many watches): polling.
    Polling,
}

impl Wakeup {
    /// Events on the project's source folders, or polling when they cannot be had.
    fn new(root: &Path) -> Wakeup {
        use notify::Watcher as _;
        let (tx, rx) = std::sync::mpsc::channel();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            if event.is_ok() {
                let _ = tx.send(());
            }
        });
        let Ok(mut watcher) = watcher else { return Wakeup::Polling };
        for dir in crate::files::SOURCES {
            let path = root.join(dir);
            if path.is_dir() && watcher.watch(&path, notify::RecursiveMode::Recursive).is_err() {
                return Wakeup::Polling;
            }
        }
        Wakeup::Events { events: rx, _watcher: watcher }
    }

    /// Waits until something may have changed, then `settle` more. With events, a look is also
    /// taken every two seconds, should an event be lost.
    fn wait(&self, settle: Duration) {
        match self {
            Wakeup::Events { events: rx, .. } => {
                if rx.recv_timeout(Duration::from_secs(2)).is_ok() {
                    // Let an editor finish writing (several files, or a file in several writes),
                    // and take every event of that burst at once.
                    std::thread::sleep(settle);
                    while rx.try_recv().is_ok() {}
                }
            }
            Wakeup::Polling => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}

/// Runs the watch loop: `report` is told about every build; stops after `max_rebuilds`
/// rebuilds (not counting the first build) when given.
pub fn run(
    root: &Path,
    outputs: Outputs,
    date: BuildDate,
    max_rebuilds: Option<usize>,
    report: &mut dyn FnMut(&[PathBuf], &Rebuild),
) {
    let mut watcher = Watcher::new(root, outputs, date);
    each_change(root, Duration::from_millis(50), max_rebuilds, &mut |changes, _| {
        let result = watcher.rebuild();
        report(changes, &result);
    });
}

/// What one look at the sources saw: every file and its [`Stamp`].
pub type Snapshot = BTreeMap<PathBuf, Stamp>;

/// Calls `on_change` once at the start (with no files), then after every change of the
/// project's sources with the files that changed and the snapshot that saw them, until
/// `max_rebuilds` calls after the first when given. What changed is always decided by comparing
/// snapshots ([`Stamp`]): events only say when to look. `settle` is how long an editor is given
/// to finish writing once something moved (several files, or a file in several writes).
pub fn each_change(
    root: &Path,
    settle: Duration,
    max_rebuilds: Option<usize>,
    on_change: &mut dyn FnMut(&[PathBuf], &Snapshot),
) {
    let wakeup = Wakeup::new(root);
    let mut seen = snapshot(root);
    on_change(&[], &seen);
    let mut rebuilds = 0;
    while max_rebuilds.is_none_or(|m| rebuilds < m) {
        wakeup.wait(settle);
        let mut now = snapshot(root);
        if changed(&seen, &now).is_empty() {
            continue;
        }
        if matches!(wakeup, Wakeup::Polling) {
            // Let an editor finish writing (events mode waited for the burst already).
            std::thread::sleep(settle);
            now = snapshot(root);
        }
        let changes = changed(&seen, &now);
        seen = now;
        on_change(&changes, &seen);
        rebuilds += 1;
    }
}
