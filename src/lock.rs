//! One command at a time writes into a project: `build` and `watch` while they replace the
//! outputs, `import` while it reads and rewrites notes and the table of contents. The lock is
//! the operating system's advisory lock on `.memoire-verrou` at the project root: released when
//! the command ends, however it ends (a killed process holds nothing).

use std::fs::{File, OpenOptions};
use std::path::Path;

/// The lock file, at the project root (hidden: never a source, never archived).
pub const LOCK_FILE: &str = ".memoire-verrou";

/// Held while a command writes into the project; dropping it releases the lock.
#[derive(Debug)]
pub struct ProjectLock {
    _file: File,
}

/// Takes the project's lock, waiting for another command that holds it (a message says so on
/// standard error, once). `what` names the work: « la construction », « l’import ».
pub fn acquire(root: &Path, what: &str) -> Result<ProjectLock, String> {
    let path = root.join(LOCK_FILE);
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| format!("{} : verrou impossible : {e}", path.display()))?;
    match file.try_lock() {
        Ok(()) => return Ok(ProjectLock { _file: file }),
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!("attente : une autre commande memoire écrit dans ce projet ; {what} reprend dès qu’elle a fini");
        }
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(format!("{} : verrou impossible : {e}", path.display()));
        }
    }
    file.lock().map_err(|e| format!("{} : verrou impossible : {e}", path.display()))?;
    Ok(ProjectLock { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_waits_for_the_first() {
        let t = tempfile::tempdir().unwrap();
        let first = acquire(t.path(), "le test").unwrap();
        let root = t.path().to_path_buf();
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = std::thread::spawn(move || {
            let _second = acquire(&root, "le test").unwrap();
            tx.send(()).unwrap();
        });
        assert!(rx.recv_timeout(std::time::Duration::from_millis(200)).is_err(), "took a held lock");
        drop(first);
        rx.recv_timeout(std::time::Duration::from_secs(10)).expect("got the lock once released");
        waiter.join().unwrap();
    }
}
