//! `memoire revision RETOUR.docx`: the Word document a reviewer sends back (from Word or
//! LibreOffice) read again — comments with their replies, tracked insertions and deletions —
//! each placed in the note it concerns at file:line:column, through the anchors the Word writer
//! leaves around every paragraph (`_p{note}_{rank}`, see `write::docx::body`) and the positions
//! the loader records ([`crate::model::Note::paragraphs`]).
//!
//! The file is untrusted: a zip read part by part within a size bound, XML parsed without DTD
//! (no entities), nothing written.

use std::io::Read as _;
use std::path::Path;

use crate::diag::Pos;
use crate::resolve::Resolved;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W14: &str = "http://schemas.microsoft.com/office/word/2010/wordml";
const W15: &str = "http://schemas.microsoft.com/office/word/2012/wordml";

/// The largest part read from the returned file (a mémoire's document.xml is a few MB).
const MAX_PART: u64 = 64 * 1024 * 1024;

/// What a remark is.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "lowercase", tag = "type")]
pub enum Kind {
    /// A comment, its text and its replies (author, date, text).
    Comment { text: String, replies: Vec<(String, String, String)> },
    /// Text the reviewer added (`moved`: the arrival of a passage moved).
    Insertion { text: String, moved: bool },
    /// Text the reviewer removed (`moved`: the departure of a passage moved).
    Deletion { text: String, moved: bool },
}

/// One remark of the review, placed in the sources.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Remark {
    /// The note, by index in the document.
    #[serde(skip)]
    pub note: usize,
    /// The note's file, relative to the project (`/` separators).
    pub file: String,
    /// Where in the note's file.
    pub pos: Pos,
    /// False when the passage no longer reads as in the sources: placed at its paragraph.
    pub found: bool,
    /// Author and date (`AAAA-MM-JJ`) as the reviewer's software wrote them.
    pub author: String,
    /// Date.
    pub date: String,
    /// The passage a comment is anchored on (empty for changes).
    pub passage: String,
    /// Comment or change (in JSON: `type`, then its fields).
    #[serde(flatten)]
    pub kind: Kind,
}

/// A part of the package, read within [`MAX_PART`] (`None` when absent).
fn part(archive: &mut zip::ZipArchive<std::fs::File>, name: &str) -> Result<Option<String>, String> {
    let Ok(file) = archive.by_name(name) else { return Ok(None) };
    if file.size() > MAX_PART {
        return Err(format!("{name} : plus de {} Mo", MAX_PART / 1024 / 1024));
    }
    let mut text = String::new();
    file.take(MAX_PART + 1).read_to_string(&mut text).map_err(|e| format!("{name} illisible : {e}"))?;
    if text.len() as u64 > MAX_PART {
        return Err(format!("{name} : plus de {} Mo une fois décompressé", MAX_PART / 1024 / 1024));
    }
    Ok(Some(text))
}

fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> &'a str {
    node.attribute((W, name)).unwrap_or("")
}

/// The comments of `comments.xml`: id → (author, date, text, paraId of its last paragraph).
type Comments = Vec<(String, String, String, String, String)>;

fn comments(xml: &str) -> Result<Comments, String> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| format!("word/comments.xml : {e}"))?;
    let mut out = Vec::new();
    for c in doc.descendants().filter(|n| n.has_tag_name((W, "comment"))) {
        let text: Vec<String> = c
            .children()
            .filter(|p| p.has_tag_name((W, "p")))
            .map(|p| p.descendants().filter(|t| t.has_tag_name((W, "t"))).filter_map(|t| t.text()).collect())
            .collect();
        let para = c.children().rfind(|p| p.has_tag_name((W, "p")));
        let para_id = para.and_then(|p| p.attribute((W14, "paraId"))).unwrap_or("").to_string();
        let date = attr(c, "date").chars().take(10).collect();
        out.push((attr(c, "id").to_string(), attr(c, "author").to_string(), date, text.join("\n"), para_id));
    }
    Ok(out)
}

/// Reply links of `commentsExtended.xml`: (paraId, parent paraId).
fn threads(xml: &str) -> Vec<(String, String)> {
    let Ok(doc) = roxmltree::Document::parse(xml) else { return Vec::new() };
    doc.descendants()
        .filter(|n| n.has_tag_name((W15, "commentEx")))
        .filter_map(|n| {
            Some((n.attribute((W15, "paraId"))?.to_string(), n.attribute((W15, "paraIdParent"))?.to_string()))
        })
        .collect()
}

/// What was found in the document, before placing it: (note, paragraph rank, offset of the
/// passage in the paragraph's original text, the paragraph's original text).
struct Found {
    note: usize,
    rank: Option<usize>,
    context: String,
    author: String,
    date: String,
    passage: String,
    kind: Kind,
}

/// Reads the review in `docx` against the resolved mémoire `r` (of the project at `root`).
pub fn read(docx: &Path, r: &Resolved, root: &Path) -> Result<Vec<Remark>, String> {
    let file = std::fs::File::open(docx).map_err(|e| format!("{} : {e}", docx.display()))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| format!("pas un document Word lisible : {e}"))?;
    let document = part(&mut archive, "word/document.xml")?.ok_or("pas de word/document.xml : pas un document Word")?;
    let comments = match part(&mut archive, "word/comments.xml")? {
        Some(x) => comments(&x)?,
        None => Vec::new(),
    };
    let threads = part(&mut archive, "word/commentsExtended.xml")?.map(|x| threads(&x)).unwrap_or_default();
    let doc = roxmltree::Document::parse(&document).map_err(|e| format!("word/document.xml : {e}"))?;
    let mut found: Vec<Found> = Vec::new();
    let (mut note, mut rank): (Option<usize>, Option<usize>) = (None, None);
    let mut paragraph = String::new();
    // Comments opened: id → (note, rank, offset in the paragraph's text).
    let mut open: Vec<(String, usize, Option<usize>, usize)> = Vec::new();
    for n in doc.descendants().filter(|n| n.is_element()) {
        let inside = |tag: &str| n.ancestors().skip(1).any(|a| a.has_tag_name((W, tag)));
        match n.tag_name().name() {
            "p" if n.tag_name().namespace() == Some(W) => {
                paragraph.clear();
                rank = None;
            }
            "bookmarkStart" => {
                let name = attr(n, "name");
                if let Some((i, k)) = name.strip_prefix("_p").and_then(|r| r.split_once('_')) {
                    if let (Ok(i), Ok(k)) = (i.parse(), k.parse()) {
                        (note, rank) = (Some(i), Some(k));
                    }
                } else if let Some(i) = name.strip_prefix("_n").and_then(|r| r.parse().ok()) {
                    (note, rank) = (Some(i), None);
                }
            }
            // The text as sent: what was there, deleted or moved away included; not what the
            // reviewer added or moved here.
            "t" | "delText" if !inside("ins") && !inside("moveTo") => paragraph.push_str(n.text().unwrap_or("")),
            "commentRangeStart" => {
                if let Some(i) = note {
                    open.push((attr(n, "id").to_string(), i, rank, paragraph.chars().count()));
                }
            }
            "commentRangeEnd" => {
                let id = attr(n, "id");
                let Some(k) = open.iter().position(|(o, ..)| o == id) else { continue };
                let (_, i, at_rank, start) = open.remove(k);
                let passage: String = paragraph.chars().skip(start).collect();
                let Some(c) = comments.iter().find(|c| c.0 == id) else { continue };
                if threads.iter().any(|(p, _)| *p == c.4) {
                    continue; // a reply: printed under its comment
                }
                let replies = threads
                    .iter()
                    .filter(|(_, parent)| *parent == c.4)
                    .filter_map(|(p, _)| comments.iter().find(|r| r.4 == *p))
                    .map(|r| (r.1.clone(), r.2.clone(), r.3.clone()))
                    .collect();
                found.push(Found {
                    note: i,
                    rank: at_rank,
                    context: passage.clone(),
                    author: c.1.clone(),
                    date: c.2.clone(),
                    passage,
                    kind: Kind::Comment { text: c.3.clone(), replies },
                });
            }
            // A moved passage (`moveFrom` … `moveTo`) is a deletion where it was and an insertion
            // where it goes.
            tag @ ("ins" | "del" | "moveFrom" | "moveTo")
                if n.tag_name().namespace() == Some(W) && !inside("rPr") && !inside("pPr") =>
            {
                let Some(i) = note else { continue };
                let piece = if tag == "del" { "delText" } else { "t" };
                let text: String =
                    n.descendants().filter(|t| t.has_tag_name((W, piece))).filter_map(|t| t.text()).collect();
                if text.is_empty() {
                    continue;
                }
                // Placed after the words before it (an insertion) or at the words removed.
                let before: String = paragraph.chars().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
                let (context, kind) = if tag == "ins" || tag == "moveTo" {
                    (before, Kind::Insertion { text, moved: tag == "moveTo" })
                } else {
                    (text.clone(), Kind::Deletion { text, moved: tag == "moveFrom" })
                };
                let date = attr(n, "date").chars().take(10).collect();
                found.push(Found {
                    note: i,
                    rank,
                    context,
                    author: attr(n, "author").to_string(),
                    date,
                    passage: String::new(),
                    kind,
                });
            }
            _ => {}
        }
    }
    let mut remarks: Vec<Remark> = found.into_iter().filter_map(|f| place(f, r, root)).collect();
    // In reading order, then in the order of the note's file.
    let order = r.plan.reading_order();
    remarks.sort_by_key(|m| (order.iter().position(|&i| i == m.note), m.pos));
    Ok(remarks)
}

/// One character for one: the spaces and apostrophes typography changes, as the author types
/// them.
fn plain(c: char) -> char {
    match c {
        '\u{a0}' | '\u{202f}' | '\u{2009}' => ' ',
        '’' => '\'',
        c => c,
    }
}

/// Places `f` in its note's file: where its context (the passage, or the words before an
/// insertion) is written, from its paragraph's line on; else at the paragraph, not found.
fn place(f: Found, r: &Resolved, root: &Path) -> Option<Remark> {
    let note = r.doc().notes.get(f.note)?;
    let start = f.rank.and_then(|k| note.paragraphs.get(k).copied()).unwrap_or(Pos::new(1, 1));
    let source: Vec<char> =
        std::fs::read_to_string(root.join(&note.path)).unwrap_or_default().chars().map(plain).collect();
    let context: Vec<char> = f.context.chars().map(plain).collect();
    let line_start = {
        let mut line = 1;
        source.iter().position(|&c| {
            if line >= start.line {
                return true;
            }
            line += usize::from(c == '\n');
            false
        })
    };
    let at = line_start.and_then(|from| {
        if context.is_empty() {
            return None;
        }
        (from..source.len().saturating_sub(context.len() - 1)).find(|&k| source[k..k + context.len()] == context[..])
    });
    let (pos, found) = match at {
        Some(k) => {
            let k = if matches!(f.kind, Kind::Insertion { .. }) { k + context.len() } else { k };
            let line = 1 + source[..k].iter().filter(|&&c| c == '\n').count();
            let col = 1 + k - source[..k].iter().rposition(|&c| c == '\n').map_or(0, |p| p + 1);
            (Pos::new(line, col), true)
        }
        // An insertion at the very start of an anchored paragraph goes there; anything else not
        // found (a new paragraph has no anchor) stays unplaced: never applied.
        None => (start, f.rank.is_some() && f.context.trim().is_empty() && matches!(f.kind, Kind::Insertion { .. })),
    };
    let file = note.path.to_string_lossy().replace('\\', "/");
    // A change outside the text's anchored paragraphs (a title, a table, a caption, a footnote)
    // is placed by its words alone, which may occur elsewhere: reported, never applied.
    let found = found && (f.rank.is_some() || matches!(f.kind, Kind::Comment { .. }));
    Some(Remark { note: f.note, file, pos, found, author: f.author, date: f.date, passage: f.passage, kind: f.kind })
}

/// The report the terminal prints: remarks grouped by note, in reading order.
pub fn report(remarks: &[Remark], r: &Resolved) -> String {
    let mut out = String::new();
    let sep = std::path::MAIN_SEPARATOR_STR;
    for i in r.plan.reading_order() {
        let mine: Vec<&Remark> = remarks.iter().filter(|m| m.note == i).collect();
        if mine.is_empty() {
            continue;
        }
        let note = &r.doc().notes[i];
        let path = note.path.to_string_lossy().replace(['/', '\\'], sep);
        out.push_str(&format!("{} ({path})\n", note.display_title()));
        for m in mine {
            let (line, col) = (m.pos.line, m.pos.col);
            let who = if m.date.is_empty() { m.author.clone() } else { format!("{}, {}", m.author, m.date) };
            let what = match &m.kind {
                Kind::Comment { text, replies } => {
                    let mut s = format!("commentaire ({who}) sur « {} » : {text}", m.passage.trim());
                    for (a, d, t) in replies {
                        s.push_str(&format!("\n    ↳ réponse ({a}, {d}) : {t}"));
                    }
                    s
                }
                Kind::Insertion { text: t, .. } => format!("ajout ({who}) : {{+{t}+}}"),
                Kind::Deletion { text: t, .. } => format!("retrait ({who}) : [-{t}-]"),
            };
            out.push_str(&format!("  {path}:{line}:{col}: {what}\n"));
            if !m.found {
                out.push_str("    avertissement : ce passage ne se lit plus ainsi dans la note (modifiée depuis l’envoi ?) : placé à son paragraphe\n");
            }
        }
    }
    let (c, ch) = remarks.iter().fold((0, 0), |(c, ch), m| match m.kind {
        Kind::Comment { .. } => (c + 1, ch),
        _ => (c, ch + 1),
    });
    out.push_str(&format!("{c} commentaire(s), {ch} modification(s) suivie(s)\n"));
    out
}

/// The review as a checklist in Markdown: a « - [ ] » per remark under its note's title,
/// changes in CriticMarkup (`{++…++}`, `{--…--}`), comments as `{>>…<<}` after their passage.
pub fn markdown(remarks: &[Remark], r: &Resolved) -> String {
    let mut out = String::from("# Relecture\n");
    for i in r.plan.reading_order() {
        let mine: Vec<&Remark> = remarks.iter().filter(|m| m.note == i).collect();
        if mine.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {}\n\n", r.doc().notes[i].display_title()));
        for m in mine {
            let at = format!("`{}:{}:{}`", m.file, m.pos.line, m.pos.col);
            let what = match &m.kind {
                Kind::Comment { text, replies } => {
                    let mut s = format!("{{=={}==}}{{>>{} : {text}<<}}", m.passage.trim(), m.author);
                    for (a, _, t) in replies {
                        s.push_str(&format!(" {{>>{a} : {t}<<}}"));
                    }
                    s
                }
                Kind::Insertion { text, .. } => format!("{{++{text}++}} ({})", m.author),
                Kind::Deletion { text, .. } => format!("{{--{text}--}} ({})", m.author),
            };
            let stale = if m.found { "" } else { " — passage modifié depuis l’envoi" };
            out.push_str(&format!("- [ ] {at} {what}{stale}\n"));
        }
    }
    out
}

/// What `--appliquer` did with a tracked change.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The change.
    pub remark: Remark,
    /// `None` when applied to its note, else why not.
    pub refused: Option<String>,
}

/// The character offset of `pos` in `text` (chars).
fn offset(text: &[char], pos: Pos) -> Option<usize> {
    let mut line = 1;
    let start = if pos.line == 1 {
        0
    } else {
        text.iter().position(|&c| {
            line += usize::from(c == '\n');
            line == pos.line
        })? + 1
    };
    let at = start + pos.col - 1;
    (at <= text.len() && !text[start..at].contains(&'\n')).then_some(at)
}

/// Accepts the tracked changes of `remarks` into their notes, where the passage still reads as
/// in the document that was sent: each changed note is first kept in `sauvegardes/` (as `import`
/// keeps it, dated `date`), then rewritten once; nothing else of the note changes. A change on a
/// passage edited since, or overlapping another, is refused with its reason. Under the project's
/// lock.
pub fn apply(remarks: &[Remark], r: &Resolved, root: &Path, date: &str) -> Result<Vec<Applied>, String> {
    let _lock = crate::lock::acquire(root, "l’application de la relecture")?;
    let mut out = Vec::new();
    let changes = |m: &&Remark| !matches!(m.kind, Kind::Comment { .. });
    // A move is applied whole or not at all: never its departure without its arrival.
    let moves_placed = remarks
        .iter()
        .filter(|m| matches!(m.kind, Kind::Insertion { moved: true, .. } | Kind::Deletion { moved: true, .. }))
        .all(|m| m.found);
    let mut notes: Vec<usize> = remarks.iter().filter(changes).map(|m| m.note).collect();
    notes.dedup();
    for i in notes {
        let note = &r.doc().notes[i];
        let original =
            std::fs::read_to_string(root.join(&note.path)).map_err(|e| format!("{} : {e}", note.path.display()))?;
        let mut text: Vec<char> = original.chars().collect();
        let plain_text: Vec<char> = text.iter().map(|&c| plain(c)).collect();
        // From the end of the file backwards, so that each change's place stays right.
        let mut mine: Vec<&Remark> = remarks.iter().filter(changes).filter(|m| m.note == i).collect();
        mine.sort_by_key(|m| std::cmp::Reverse(m.pos));
        let mut done: Vec<(usize, usize)> = Vec::new();
        let mut applied_here = Vec::new();
        for m in mine {
            let at = offset(&plain_text, m.pos);
            let refused = match (&m.kind, at) {
                _ if !m.found => Some("le passage a changé dans la note depuis l’envoi".to_string()),
                (_, None) => Some("sa place n’est plus dans la note".to_string()),
                (Kind::Deletion { moved: true, .. } | Kind::Insertion { moved: true, .. }, _) if !moves_placed => Some(
                    "un déplacement dont une des deux extrémités n’a pas pu être placée : à reporter à la main"
                        .to_string(),
                ),
                (Kind::Deletion { text: gone, .. }, Some(k)) => {
                    let gone: Vec<char> = gone.chars().map(plain).collect();
                    let end = k + gone.len();
                    if plain_text.get(k..end) != Some(&gone[..]) {
                        Some("le texte retiré ne se lit plus ainsi dans la note".to_string())
                    } else if done.iter().any(|&(a, b)| k < b && a < end.max(k + 1)) {
                        Some("chevauche une autre modification".to_string())
                    } else {
                        text.drain(k..end);
                        done.push((k, end));
                        None
                    }
                }
                (Kind::Insertion { text: added, .. }, Some(k)) => {
                    // Spaces as the author types them: typography puts the fine ones back.
                    let added: Vec<char> = added.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).collect();
                    let there: Vec<char> = added.iter().map(|&c| plain(c)).collect();
                    if plain_text.get(k..k + there.len()) == Some(&there[..]) {
                        Some("ce texte est déjà dans la note".to_string())
                    } else if done.iter().any(|&(a, b)| a < k && k < b) {
                        Some("chevauche une autre modification".to_string())
                    } else {
                        text.splice(k..k, added);
                        done.push((k, k));
                        None
                    }
                }
                (Kind::Comment { .. }, _) => continue,
            };
            applied_here.push(Applied { remark: m.clone(), refused });
        }
        if applied_here.iter().any(|a| a.refused.is_none()) {
            crate::import::save_backup(root, &note.path, date, &original)?;
            crate::import::write_file(root, &note.path, &text.iter().collect::<String>())?;
        }
        applied_here.reverse();
        out.extend(applied_here);
    }
    Ok(out)
}
