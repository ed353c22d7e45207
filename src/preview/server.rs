//! The preview's server, on 127.0.0.1 only. Its interface (docs/preview.md):
//!
//! - `GET /`: the viewer (one HTML page, its script inline);
//! - `GET /pages.json`: the state — `generation`, `pages` (each `folio`, `hash`, `width`,
//!   `height` in points), `changed` (1-based pages that differ from the previous layout),
//!   `errors` (each `file`, `line`, `column`, `message`; the pages are then the last good ones),
//!   `start` (the page of `--note`);
//! - `GET /pages/N.svg`: page N (1-based), with the page's hash as `ETag`; `GET /pages/N.txt`:
//!   its text, a line per baseline (the viewer gives it to screen readers and to the browser's
//!   search);
//! - `GET /events`: server-sent events, one `update` event carrying the same JSON as
//!   `/pages.json` at once and after each rebuild, a comment every 15 seconds;
//! - `GET /jump?page=N&x=X&y=Y`: the note's file, line and column of the word at (X, Y) points
//!   of page N, and its editor link.
//!
//! Anything else is refused: another method (405), a `Host` other than the loopback name with
//! our port (403: a page of another site that a DNS rebinding points at 127.0.0.1), a path with
//! `..`, `\` or an encoded dot (400), another path (404). Nothing of the project is served by
//! path. At most 64 connections at once (503 beyond).

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use super::http::{read_request, Request, Response};
use super::{changed_pages, click, PageInfo, Pages};
use crate::diag::{Diagnostics, Severity};

/// The port tried first when none is given; the next 19 are tried after it.
pub const DEFAULT_PORT: u16 = 4713;
/// Connections served at once (event streams included).
const MAX_CONNECTIONS: usize = 64;
/// How often an idle event stream is sent a comment (proxies and browsers keep it open).
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// A build error as the viewer's banner shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Banner {
    /// The note's file, relative to the project.
    pub file: String,
    /// 1-based line, 0 when the problem is the whole file's.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
    /// The message (French).
    pub message: String,
}

/// What the server serves, replaced at each rebuild.
#[derive(Default)]
struct State {
    generation: u64,
    pages: Option<Arc<Pages>>,
    info: Vec<PageInfo>,
    changed: Vec<usize>,
    errors: Vec<Banner>,
    start: Option<usize>,
    /// The state as JSON (`/pages.json` and each event), made once per generation.
    json: Arc<String>,
    /// SVG drawings already made, by page hash: only the current pages' are kept.
    svgs: HashMap<String, Arc<String>>,
}

/// What a click is reported to: the place found and its editor link.
pub type OnClick = Box<dyn Fn(&click::Source, &str) + Send + Sync>;

/// The preview's server: its state, and the threads serving it.
pub struct Server {
    port: u16,
    state: Mutex<State>,
    changed: Condvar,
    connections: AtomicUsize,
    start_note: Option<String>,
    on_click: OnClick,
}

impl Server {
    /// Starts serving on 127.0.0.1: on `port` when given (0: any free port), else on the first
    /// free port from [`DEFAULT_PORT`]. `start_note` (« 4.13 ») is the page the viewer opens at.
    pub fn start(port: Option<u16>, start_note: Option<String>, on_click: OnClick) -> Result<Arc<Server>, String> {
        let listener = bind(port)?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let server = Arc::new(Server {
            port,
            state: Mutex::new(State { json: Arc::new(String::from("{}")), ..State::default() }),
            changed: Condvar::new(),
            connections: AtomicUsize::new(0),
            start_note,
            on_click,
        });
        let accepting = Arc::clone(&server);
        std::thread::spawn(move || accepting.accept(&listener));
        Ok(server)
    }

    /// The port served.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The address of the viewer.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Publishes a rebuild: its pages when the layout succeeded, else its errors (the last good
    /// pages staying), and wakes every event stream. A layout whose pages are those already
    /// shown (a file saved unchanged) wakes nothing.
    pub fn publish(&self, pages: Option<Pages>, diags: &Diagnostics) {
        let mut state = self.state.lock().expect("not poisoned");
        let unchanged = pages.as_ref().is_some_and(|p| p.info == state.info) && state.errors.is_empty();
        if unchanged && state.pages.is_some() {
            state.pages = pages.map(Arc::new); // same pages; its layout maps clicks to today's lines
            return;
        }
        state.generation += 1;
        match pages {
            Some(pages) => {
                state.changed = changed_pages(&state.info, &pages.info);
                state.info = pages.info.clone();
                state.start = self.start_note.as_deref().and_then(|n| pages.note_page(n)).map(|p| p + 1);
                let current: std::collections::HashSet<&String> = pages.info.iter().map(|p| &p.hash).collect();
                let svgs = std::mem::take(&mut state.svgs);
                state.svgs = svgs.into_iter().filter(|(h, _)| current.contains(h)).collect();
                state.pages = Some(Arc::new(pages));
                state.errors.clear();
            }
            None => {
                state.changed.clear();
                state.errors = banners(diags);
            }
        }
        state.json = Arc::new(snapshot_json(&state));
        drop(state);
        self.changed.notify_all();
    }

    fn accept(self: Arc<Self>, listener: &TcpListener) {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            if self.connections.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                self.connections.fetch_sub(1, Ordering::SeqCst);
                let _ = Response::text(503, "trop de connexions à l’aperçu\n").send(&mut stream, false);
                continue;
            }
            let server = Arc::clone(&self);
            std::thread::spawn(move || {
                server.serve(&mut stream);
                server.connections.fetch_sub(1, Ordering::SeqCst);
            });
        }
    }

    /// Answers one connection.
    fn serve(&self, stream: &mut TcpStream) {
        let request = match read_request(stream) {
            Ok(r) => r,
            Err(status) => {
                let _ = Response::text(status, "requête illisible\n").send(stream, false);
                linger(stream);
                return;
            }
        };
        let head = request.method == "HEAD";
        if request.method != "GET" && !head {
            let _ = Response::text(405, "seules les requêtes GET sont servies\n").send(stream, false);
            return;
        }
        if !self.host_allowed(request.host.as_deref()) {
            let _ = Response::text(403, "hôte refusé : l’aperçu ne répond qu’à 127.0.0.1 et localhost\n")
                .send(stream, head);
            return;
        }
        let lower = request.path.to_ascii_lowercase();
        if lower.contains("..") || lower.contains("%2e") || lower.contains('\\') || lower.contains("//") {
            let _ = Response::text(400, "chemin refusé\n").send(stream, head);
            return;
        }
        let _ = match request.path.as_str() {
            "/" => Response::new(200, "text/html; charset=utf-8", VIEWER.as_bytes())
                .with_header("Content-Security-Policy", CSP.into())
                .send(stream, head),
            "/pages.json" => {
                let json = self.state.lock().expect("not poisoned").json.clone();
                Response::new(200, "application/json", json.as_bytes()).send(stream, head)
            }
            "/events" if !head => self.events(stream),
            "/jump" => self.jump(&request, stream),
            path => match path.strip_prefix("/pages/") {
                Some(p) if p.ends_with(".svg") => self.page(&p[..p.len() - 4], &request, stream, head),
                Some(p) if p.ends_with(".txt") => self.text(&p[..p.len() - 4], stream, head),
                _ => Response::text(404, "introuvable\n").send(stream, head),
            },
        };
    }

    /// `Host` must name the loopback with our port: a page of another site resolved to
    /// 127.0.0.1 by DNS rebinding carries its own name.
    fn host_allowed(&self, host: Option<&str>) -> bool {
        let Some(host) = host else { return false };
        let Some((name, port)) = host.rsplit_once(':') else { return false };
        port == self.port.to_string() && (name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost"))
    }

    /// `/pages/N.svg`: drawn when first asked for, then kept while the page is unchanged.
    fn page(&self, n: &str, request: &Request, stream: &mut TcpStream, head: bool) -> std::io::Result<()> {
        let found = n.parse::<usize>().ok().filter(|n| *n >= 1).and_then(|n| {
            let state = self.state.lock().expect("not poisoned");
            let info = state.info.get(n - 1)?;
            Some((n - 1, info.hash.clone(), state.pages.clone()?, state.svgs.get(&info.hash).cloned()))
        });
        let Some((index, hash, pages, cached)) = found else {
            return Response::text(404, "page introuvable\n").send(stream, head);
        };
        let etag = format!("\"{hash}\"");
        if request.if_none_match.as_deref() == Some(etag.as_str()) {
            return Response::new(304, "image/svg+xml", b"").with_header("ETag", etag).send(stream, true);
        }
        let svg = match cached {
            Some(svg) => svg,
            None => {
                let svg = Arc::new(pages.svg(index).unwrap_or_default());
                let mut state = self.state.lock().expect("not poisoned");
                if state.info.get(index).is_some_and(|i| i.hash == hash) {
                    state.svgs.insert(hash, Arc::clone(&svg));
                }
                svg
            }
        };
        Response::new(200, "image/svg+xml", svg.as_bytes()).with_header("ETag", etag).send(stream, head)
    }

    /// `/pages/N.txt`.
    fn text(&self, n: &str, stream: &mut TcpStream, head: bool) -> std::io::Result<()> {
        let pages = self.state.lock().expect("not poisoned").pages.clone();
        let text = n.parse::<usize>().ok().filter(|n| *n >= 1).and_then(|n| pages?.text(n - 1));
        match text {
            Some(t) => Response::new(200, "text/plain; charset=utf-8", t.as_bytes()).send(stream, head),
            None => Response::text(404, "page introuvable\n").send(stream, head),
        }
    }

    /// `/jump?page=N&x=X&y=Y`.
    fn jump(&self, request: &Request, stream: &mut TcpStream) -> std::io::Result<()> {
        let num = |k: &str| request.param(k).and_then(|v| v.parse::<f64>().ok()).filter(|v| v.is_finite());
        let (Some(page), Some(x), Some(y)) = (num("page"), num("x"), num("y")) else {
            return Response::text(400, "paramètres attendus : page, x, y\n").send(stream, false);
        };
        let pages = self.state.lock().expect("not poisoned").pages.clone();
        let found = pages.filter(|_| page >= 1.0).and_then(|p| p.locate(page as usize - 1, x, y).map(|s| (p, s)));
        let Some((pages, source)) = found else {
            let body = r#"{"erreur":"aucun texte de note à cet endroit"}"#;
            return Response::new(404, "application/json", body.as_bytes()).send(stream, false);
        };
        let link = click::editor_link(&pages.root, &source);
        (self.on_click)(&source, &link);
        let body = serde_json::json!({
            "file": source.file, "line": source.line, "column": source.column, "word": source.word, "link": link,
        })
        .to_string();
        Response::new(200, "application/json", body.as_bytes()).send(stream, false)
    }

    /// `/events`: the state at once, then at each rebuild, until the client goes.
    fn events(&self, stream: &mut TcpStream) -> std::io::Result<()> {
        use std::io::Write as _;
        stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\
              X-Content-Type-Options: nosniff\r\n\r\n",
        )?;
        let mut seen = None;
        let mut idle = Duration::ZERO;
        loop {
            let state = self.state.lock().expect("not poisoned");
            let (state, _) = self
                .changed
                .wait_timeout_while(state, Duration::from_secs(1), |s| seen == Some(s.generation))
                .expect("not poisoned");
            if seen != Some(state.generation) {
                seen = Some(state.generation);
                let json = Arc::clone(&state.json);
                drop(state);
                stream.write_all(format!("event: update\ndata: {json}\n\n").as_bytes())?;
                idle = Duration::ZERO;
            } else {
                drop(state);
                if closed(stream) {
                    return Ok(());
                }
                idle += Duration::from_secs(1);
                if idle < KEEP_ALIVE {
                    continue;
                }
                stream.write_all(": toujours là\n\n".as_bytes())?;
                idle = Duration::ZERO;
            }
            stream.flush()?;
        }
    }
}

/// Whether the client of `stream` has gone (a closed tab): checked each second by the event
/// streams, so that their connections are freed without waiting for something to send.
fn closed(stream: &TcpStream) -> bool {
    let mut byte = [0u8; 1];
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let gone = match stream.peek(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
    };
    gone || stream.set_nonblocking(false).is_err()
}

/// The viewer: one page, its style and script inline, nothing fetched from elsewhere.
const VIEWER: &str = include_str!("viewer.html");
/// What the viewer may load: its own inline script and style, the pages and the state.
const CSP: &str = "default-src 'none'; img-src 'self'; connect-src 'self'; script-src 'unsafe-inline'; \
                   style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/// A listener on 127.0.0.1.
fn bind(port: Option<u16>) -> Result<TcpListener, String> {
    let at = |p: u16| TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, p)));
    match port {
        Some(p) => at(p).map_err(|e| match e.kind() {
            std::io::ErrorKind::AddrInUse => {
                format!("le port {p} est déjà pris (un autre aperçu ?) : essayez un autre port, ou --port 0")
            }
            _ => format!("impossible d’écouter sur le port {p} ({e}) : essayez --port 0"),
        }),
        None => (DEFAULT_PORT..DEFAULT_PORT + 20)
            .find_map(|p| at(p).ok())
            .ok_or_else(|| format!("aucun port libre de {DEFAULT_PORT} à {} : essayez --port 0", DEFAULT_PORT + 19)),
    }
}

/// Before closing on a request not read to its end: what the client still sends is read and
/// dropped (at most 64 KiB, for at most a second), so that the refusal reaches it rather than a
/// connection reset.
fn linger(stream: &mut TcpStream) {
    use std::io::Read as _;
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(250)));
    let started = std::time::Instant::now();
    let mut buf = [0u8; 4096];
    let mut total = 0;
    while total < 64 * 1024 && started.elapsed() < Duration::from_secs(1) {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => total += n,
        }
    }
}

/// The errors of a failed rebuild, for the banner.
fn banners(diags: &Diagnostics) -> Vec<Banner> {
    diags
        .sorted()
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| Banner {
            file: crate::files::slashed(&d.file),
            line: d.pos.map_or(0, |p| p.line),
            column: d.pos.map_or(0, |p| p.col),
            message: match &d.hint {
                Some(h) => format!("{} ({h})", d.message),
                None => d.message.clone(),
            },
        })
        .collect()
}

fn snapshot_json(state: &State) -> String {
    serde_json::json!({
        "generation": state.generation,
        "pages": state.info,
        "changed": state.changed,
        "errors": state.errors,
        "start": state.start,
    })
    .to_string()
}
