//! `memoire preview` on loopback: the viewer, the pages, the events after an edit (only the
//! changed pages announced), the error banner at its file:line, the refusals (foreign Host,
//! `..`, other methods), a click traced back to the note; and in headless Chromium, the new text
//! on the page after an edit.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use crate::support::*;

const NOTE: &str = "content/notes/1.1-contexte.md";

/// A running `memoire preview`, killed when dropped.
pub struct Preview {
    child: Child,
    pub port: u16,
    pub lines: Receiver<String>,
}

impl Preview {
    /// Starts the preview of `root` on a free port, at note `note`, and waits for its first layout.
    pub fn start(root: &Path, note: &str) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_memoire"))
            .args(["--project", root.to_str().unwrap(), "preview", "--no-open", "--port", "0"])
            .args(["--date", "2026-11-26", "--note", note])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let (tx, lines) = channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let first = lines.recv_timeout(Duration::from_secs(60)).unwrap();
        let port = first.rsplit("127.0.0.1:").next().unwrap().split('/').next().unwrap().parse().unwrap();
        let mut preview = Preview { child, port, lines };
        let built = preview.line_with("à jour");
        assert!(built.contains("Aperçu"), "{built}");
        preview
    }

    /// The next line printed that contains `what`.
    pub fn line_with(&mut self, what: &str) -> String {
        loop {
            let line = self.lines.recv_timeout(Duration::from_secs(60)).expect("the preview printed it");
            if line.contains(what) {
                return line;
            }
        }
    }

    /// `GET path` with the right Host: status and body.
    pub fn get(&self, path: &str) -> (u16, Vec<u8>) {
        request(self.port, &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", self.port))
    }

    /// `GET path` as JSON.
    pub fn json(&self, path: &str) -> serde_json::Value {
        let (status, body) = self.get(path);
        assert_eq!(status, 200, "{path}: {}", String::from_utf8_lossy(&body));
        serde_json::from_slice(&body).unwrap()
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends `raw` to the preview and reads the whole response: status and body.
fn request(port: u16, raw: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    stream.write_all(raw.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete head");
    let head = String::from_utf8_lossy(&response[..split]).to_string();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, response[split + 4..].to_vec())
}

/// A subscriber to `/events`: each `update` event's JSON.
struct Events(Receiver<serde_json::Value>);

impl Events {
    fn subscribe(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.write_all(format!("GET /events HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n").as_bytes()).unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(data) = line.strip_prefix("data: ") {
                    let _ = tx.send(serde_json::from_str(data).unwrap());
                }
            }
        });
        Events(rx)
    }

    fn next(&self) -> serde_json::Value {
        self.0.recv_timeout(Duration::from_secs(60)).expect("an event came")
    }
}

fn edit(root: &Path, from: &str, to: &str) {
    let path = root.join(NOTE);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{NOTE} has no « {from} »");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn hashes(state: &serde_json::Value) -> Vec<String> {
    state["pages"].as_array().unwrap().iter().map(|p| p["hash"].as_str().unwrap().to_string()).collect()
}

#[test]
fn pages_follow_an_edit_and_an_error_shows_at_its_line() {
    let tmp = project("carnet");
    let root = tmp.path();
    let mut preview = Preview::start(root, "1.1");

    let (status, viewer) = preview.get("/");
    assert_eq!(status, 200);
    let viewer = String::from_utf8(viewer).unwrap();
    assert!(viewer.contains("<html lang=\"fr-CA\">") && viewer.contains("EventSource(\"/events\")"));

    let state = preview.json("/pages.json");
    assert_eq!(state["errors"].as_array().unwrap().len(), 0);
    let count = state["pages"].as_array().unwrap().len();
    assert!(count > 5, "{count} pages");
    let page = state["start"].as_u64().expect("the page of note 1.1") as usize;
    assert!(preview.get(&format!("/pages/{page}.txt")).1.windows(10).any(|w| w == b"Passerelle"));
    let (status, svg_before) = preview.get(&format!("/pages/{page}.svg"));
    assert_eq!(status, 200);
    assert!(svg_before.starts_with(b"<svg"), "{}", String::from_utf8_lossy(&svg_before[..60]));

    // An edit: one event, announcing the page of the note and not the title page, whose SVG
    // changed while the title page's hash (the URL the viewer asks for) did not.
    let events = Events::subscribe(preview.port);
    let first = events.next();
    assert_eq!(hashes(&first), hashes(&state));
    edit(root, "plus de 5000 membres", "plus de 5000 membres zéphyrins");
    let after = events.next();
    let changed: Vec<u64> = after["changed"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
    assert!(changed.contains(&(page as u64)), "{changed:?}");
    assert!(!changed.contains(&1), "the title page was announced again: {changed:?}");
    assert_eq!(hashes(&after)[0], hashes(&state)[0]);
    assert_ne!(hashes(&after)[page - 1], hashes(&state)[page - 1]);
    let (_, svg_after) = preview.get(&format!("/pages/{page}.svg"));
    assert_ne!(svg_after, svg_before);
    let text = String::from_utf8(preview.get(&format!("/pages/{page}.txt")).1).unwrap();
    assert!(text.contains("zéphyrins"), "{text}");
    preview.line_with("à jour");

    // A broken edit: the banner's error at the note's line; the pages stay the last good ones.
    edit(root, "zéphyrins", "zéphyrins [@cle-inconnue]");
    let broken = events.next();
    let errors = broken["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e["file"] == NOTE && e["line"] == 8 && e["message"].as_str().unwrap().contains("cle-inconnue")),
        "{errors:?}"
    );
    assert_eq!(hashes(&broken), hashes(&after));
    assert_eq!(preview.get(&format!("/pages/{page}.svg")).1, svg_after, "the last good page is still served");
    preview.line_with("échec");
    edit(root, " [@cle-inconnue]", "");
    assert_eq!(events.next()["errors"].as_array().unwrap().len(), 0);
}

#[test]
fn requests_outside_the_preview_are_refused() {
    let tmp = project("carnet");
    let preview = Preview::start(tmp.path(), "1.1");
    let port = preview.port;
    let refused = |raw: String| request(port, &raw).0;
    // DNS rebinding: a page of another site whose name now points at 127.0.0.1.
    assert_eq!(refused(format!("GET /pages.json HTTP/1.1\r\nHost: evil.example:{port}\r\n\r\n")), 403);
    assert_eq!(refused(format!("GET /pages.json HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", port + 1)), 403);
    assert_eq!(refused("GET /pages.json HTTP/1.1\r\n\r\n".to_string()), 403, "no Host");
    for path in ["/../content/memoire.toml", "/pages/..%2F..%2Fcontent", "/pages/%2e%2e/x", "/pages\\..\\x"] {
        assert_eq!(refused(format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n")), 400, "{path}");
    }
    for path in ["/content/memoire.toml", "/pages/0.svg", "/pages/9999.svg", "/pages/x.svg", "/memoire.typ"] {
        assert_eq!(preview.get(path).0, 404, "{path}");
    }
    assert_eq!(refused(format!("POST /pages.json HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n")), 405);
    let long = "x".repeat(20_000);
    assert_eq!(refused(format!("GET /{long} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n")), 431);
    assert_eq!(refused("bonjour\r\n\r\n".to_string()), 400);
    // Many connections at once, some left open: the preview still answers.
    let idle: Vec<TcpStream> = (0..40).map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap()).collect();
    assert_eq!(preview.get("/pages.json").0, 200);
    drop(idle);
    assert_eq!(preview.get("/pages.json").0, 200);
}

#[test]
fn closed_tabs_a_deleted_note_and_an_edit_every_10_ms_are_survived() {
    let tmp = project("carnet");
    let root = tmp.path();
    let preview = Preview::start(root, "1.1");
    let port = preview.port;
    let subscribe = || {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        s.write_all(format!("GET /events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").as_bytes()).unwrap();
        let mut head = [0u8; 12];
        s.read_exact(&mut head).unwrap();
        (s, String::from_utf8_lossy(&head).to_string())
    };
    // Sixty tabs open, then closed: their connections are freed, sixty more are served.
    let tabs: Vec<_> = (0..60).map(|_| subscribe()).collect();
    assert!(tabs.iter().all(|(_, head)| head == "HTTP/1.1 200"), "{:?}", tabs[0].1);
    drop(tabs);
    std::thread::sleep(Duration::from_millis(2500));
    let tabs: Vec<_> = (0..60).map(|_| subscribe()).collect();
    assert!(tabs.iter().all(|(_, head)| head == "HTTP/1.1 200"), "closed tabs still held their connections");
    drop(tabs);

    // An edit every 10 ms for 2 seconds: the pages end up showing the last one.
    let events = Events::subscribe(port);
    let page = events.next()["start"].as_u64().unwrap();
    let text = std::fs::read_to_string(root.join(NOTE)).unwrap();
    for i in 0..200 {
        let edited = text.replacen("plus de 5000 membres", &format!("plus de 5000 membres, compteur {i:03}"), 1);
        std::fs::write(root.join(NOTE), edited).unwrap();
        std::thread::sleep(Duration::from_millis(10));
    }
    let shown = |what: &str| String::from_utf8_lossy(&preview.get(&format!("/pages/{page}.txt")).1).contains(what);
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while !shown("compteur 199") {
        assert!(std::time::Instant::now() < deadline, "the last edit never showed");
        std::thread::sleep(Duration::from_millis(100));
    }

    // The note deleted (or renamed): an error in the banner, the pages kept; back: pages again.
    // (A new subscriber: the flood's events, a half-written file's error among them, are past.)
    let events = Events::subscribe(port);
    assert!(events.next()["errors"].as_array().unwrap().is_empty());
    let moved = root.join("content/notes/ailleurs.md");
    std::fs::rename(root.join(NOTE), &moved).unwrap();
    let broken = loop {
        let e = events.next();
        if !e["errors"].as_array().unwrap().is_empty() {
            break e;
        }
    };
    let errors = broken["errors"].as_array().unwrap();
    assert!(errors.iter().any(|e| e["file"].as_str().unwrap().ends_with("table-des-matieres.md")), "{errors:?}");
    assert!(shown("compteur 199"), "the last good pages are still served");
    std::fs::rename(&moved, root.join(NOTE)).unwrap();
    loop {
        if events.next()["errors"].as_array().unwrap().is_empty() {
            break;
        }
    }
    assert_eq!(preview.get("/pages.json").0, 200);
}

#[test]
fn a_click_on_a_word_gives_its_note_line_and_column() {
    use memoire::preview::Previewer;
    let tmp = project("carnet");
    let root = tmp.path();
    let date = memoire::date::BuildDate::parse("2026-11-26").unwrap();
    let pages = Previewer::new(root, date).rebuild().pages.expect("laid out");
    let from = pages.note_page("1.1").expect("note 1.1 is laid out");
    assert_eq!(pages.note_page("1.1-contexte.md"), Some(from));
    let (index, x, y) = crises(root);
    let source = pages.locate(index, x + 1.0, y - 2.0).expect("a source");
    assert_eq!((source.file.as_str(), source.line, source.word.as_str()), (NOTE, 8, "CRISES"));
    let line = std::fs::read_to_string(root.join(NOTE)).unwrap().lines().nth(7).unwrap().to_string();
    let column = line.chars().collect::<Vec<_>>().windows(6).position(|w| w.iter().collect::<String>() == "CRISES");
    assert_eq!(Some(source.column), column.map(|c| c + 1));

    // The same through the server, which also prints it on the terminal.
    let mut preview = Preview::start(root, "1.1");
    let found = preview.json(&format!("/jump?page={}&x={:.2}&y={:.2}", index + 1, x + 1.0, y - 2.0));
    assert_eq!(found["file"], NOTE);
    assert_eq!(found["line"], 8);
    assert!(found["link"].as_str().unwrap().starts_with("vscode://file/"), "{found}");
    let printed = preview.line_with("clic sur");
    assert!(printed.contains(&format!("{NOTE}:8:{}", source.column)), "{printed}");
    assert_eq!(preview.get("/jump?page=1&x=1&y=1").0, 404, "no text in the margin");
    assert_eq!(preview.get("/jump?page=1&x=nan&y=1").0, 400);
}

#[test]
fn in_chromium_the_page_shows_the_new_text_after_an_edit() {
    let tmp = project("carnet");
    let root = tmp.path();
    let (page, x, y) = crises(root);
    let preview = Preview::start(root, "1.1");
    let out = root.join("captures");
    std::fs::create_dir_all(&out).unwrap();
    let script = repo().join("tests/browser/preview.cjs");
    let url = format!("http://127.0.0.1:{}/", preview.port);
    let note = root.join(NOTE);
    let args = [
        script.to_str().unwrap(),
        &url,
        &(page + 1).to_string(),
        note.to_str().unwrap(),
        "plus de 5000 membres",
        "plus de 5000 membres zéphyrins",
        out.to_str().unwrap(),
        &format!("{:.2}", x + 1.0),
        &format!("{:.2}", y - 2.0),
    ];
    let report: serde_json::Value = serde_json::from_str(&tool("node", &args)).unwrap();
    let text = |k: &str| report[k].as_str().unwrap().to_string();
    assert!(text("textBefore").contains("Passerelles") && !text("textBefore").contains("zéphyrins"), "{report}");
    assert!(text("textAfter").contains("zéphyrins"), "{report}");
    assert_ne!(text("srcBefore"), text("srcAfter"), "the page's image was not replaced");
    assert_eq!(report["visibleBefore"], false, "{report}");
    assert_eq!(report["visibleAfter"], true, "the edited page was not brought into view: {report}");
    assert!(text("clicked").contains(&format!("« CRISES » : {NOTE}:8:")), "{report}");
    assert!(text("clickedLink").starts_with("vscode://file/"), "{report}");
    let (before, after) =
        (std::fs::read(out.join("avant.png")).unwrap(), std::fs::read(out.join("apres.png")).unwrap());
    assert!(before.starts_with(b"\x89PNG") && after.starts_with(b"\x89PNG"));
    assert_ne!(before, after, "the screenshot did not change");
    if let Ok(dir) = std::env::var("PREVIEW_CAPTURES") {
        for f in ["avant.png", "apres.png", "clic.png"] {
            std::fs::copy(out.join(f), Path::new(&dir).join(f)).unwrap();
        }
    }
}

/// Where « CRISES » is printed in note 1.1 (the list of sigles names it before): 0-based page
/// and points, found by walking the page as the viewer's click does.
fn crises(root: &Path) -> (usize, f64, f64) {
    let date = memoire::date::BuildDate::parse("2026-11-26").unwrap();
    let pages = memoire::preview::Previewer::new(root, date).rebuild().pages.expect("laid out");
    let from = pages.note_page("1.1").expect("note 1.1 is laid out");
    (from..pages.pages().len())
        .find_map(|i| find_word(&pages.pages()[i].frame, "CRISES", 0.0, 0.0).map(|(x, y)| (i, x, y)))
        .expect("CRISES is printed")
}

/// The position (points, on the baseline) of the first glyph of `word` in `frame`.
fn find_word(frame: &typst::layout::Frame, word: &str, dx: f64, dy: f64) -> Option<(f64, f64)> {
    use typst::layout::FrameItem;
    for (pos, item) in frame.items() {
        let (x, y) = (dx + pos.x.to_pt(), dy + pos.y.to_pt());
        match item {
            FrameItem::Group(g) => {
                if let Some(found) = find_word(&g.frame, word, x + g.transform.tx.to_pt(), y + g.transform.ty.to_pt()) {
                    return Some(found);
                }
            }
            FrameItem::Text(t) => {
                let mut advance = 0.0;
                for g in &t.glyphs {
                    if t.text[g.range().start..].starts_with(word) {
                        return Some((x + advance, y));
                    }
                    advance += g.x_advance.at(t.size).to_pt();
                }
            }
            _ => {}
        }
    }
    None
}
