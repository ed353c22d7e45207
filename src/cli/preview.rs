//! `memoire preview`: starts the server, opens the browser, reports each rebuild as `watch` does
//! and each click on a word.

use std::path::Path;
use std::process::ExitCode;

use memoire::preview::server::Server;

use super::report::WatchReport;

/// What `memoire preview` was asked.
pub(crate) struct Options {
    pub(crate) port: Option<u16>,
    pub(crate) open: bool,
    pub(crate) note: Option<String>,
    pub(crate) verbose: bool,
    pub(crate) max_rebuilds: Option<usize>,
}

pub(crate) fn run(root: &Path, date: memoire::date::BuildDate, options: Options) -> ExitCode {
    let on_click = Box::new(|source: &memoire::preview::click::Source, link: &str| {
        println!("clic sur « {} » : {}  ({link})", source.word, memoire::preview::click::display(source));
    });
    let server = match Server::start(options.port, options.note.clone(), on_click) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("erreur: {e}");
            return ExitCode::from(2);
        }
    };
    println!("aperçu de {} sur {} (Ctrl+C pour arrêter)", root.display(), server.url());
    let mut report = WatchReport::named("Aperçu", options.verbose);
    let mut opened = !options.open;
    memoire::preview::run(root, date, &server, options.max_rebuilds, &mut |changes, r| {
        report.print(changes, r);
        if !opened {
            opened = true;
            if let Err(e) = open_browser(&server.url()) {
                eprintln!("navigateur non ouvert ({e}) : ouvrez {}", server.url());
            }
        }
    });
    ExitCode::SUCCESS
}

/// Opens `url` in the default browser.
fn open_browser(url: &str) -> std::io::Result<()> {
    use std::process::{Command, Stdio};
    let mut command = if cfg!(target_os = "windows") {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", "", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(url);
        c
    };
    command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().map(|_| ())
}
