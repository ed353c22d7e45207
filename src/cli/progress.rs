//! The progress line shown on a terminal while a build takes more than a second.

use memoire::fr::decimal;

/// A progress line on a terminal for builds that take more than a second; silent otherwise.
pub(crate) struct Progress {
    done: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    pub(crate) fn start(quiet: bool, outputs: &memoire::write::Outputs) -> Self {
        use std::io::IsTerminal;
        if quiet || !std::io::stderr().is_terminal() {
            return Progress { done: None, thread: None };
        }
        let names: Vec<&str> = memoire::write::registered(*outputs).iter().map(|w| w.name()).collect();
        let what = names.join(", ");
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

    pub(crate) fn stop(mut self) {
        if let Some(tx) = self.done.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
