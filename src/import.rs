//! `memoire import`: a copy of a note's En commun page → the note's Markdown file. The platform
//! chrome goes, its facts go into the front matter, numbered lines become sub-headings, « • »
//! lines list items, and plain-text citations that match exactly one bibliography entry become
//! Pandoc citations. Nothing is guessed: what cannot be matched stays as text and is reported.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::archive::markdown::{escape, escape_block_start};
use crate::diag::{Diagnostics, Pos};
use crate::model::{Document, Note, Status};
use crate::number::NoteNumber;

/// The series every note title of this carnet ends with.
pub const SERIES: &str = "Mémoire sur les communautés de pratique";

/// What a page copy says, once the platform chrome is taken apart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// The author's number (`4.13`).
    pub number: Option<NoteNumber>,
    /// The note's title.
    pub title: String,
    /// The part (`résultats`), absent for chapter-level notes.
    pub part: Option<String>,
    /// Body lines with their line numbers in the copy.
    pub body: Vec<(usize, String)>,
    /// Facts from the chrome.
    pub author: Option<String>,
    /// Platform category.
    pub category: Option<String>,
    /// Publication (integration) date, `YYYY-MM-DD HH:MM`.
    pub published: Option<String>,
    /// Last modification, `YYYY-MM-DD HH:MM`.
    pub modified: Option<String>,
    /// Visibility (`public`).
    pub visibility: Option<String>,
    /// Next note, from the « Suite : » line.
    pub next: Option<String>,
}

/// Why a file is not a page copy of this carnet.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal(pub String);

const MONTHS: &[&str] = &[
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// « 6 décembre 2023 17:39 » → `2023-12-06 17:39` (the time is optional).
pub fn french_date(text: &str) -> Option<String> {
    let mut words = text.split_whitespace();
    let day: u32 = words.next()?.trim_start_matches("le").parse().ok()?;
    let month_word = words.next()?.to_lowercase();
    let month = MONTHS.iter().position(|m| *m == month_word)? + 1;
    let year: u32 = words.next()?.parse().ok()?;
    let time = words.next().filter(|t| t.len() == 5 && t.as_bytes()[2] == b':');
    Some(match time {
        Some(t) => format!("{year:04}-{month:02}-{day:02} {t}"),
        None => format!("{year:04}-{month:02}-{day:02}"),
    })
}

/// Collapses runs of spaces (no-break ones included) and trims the line.
fn clean(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut run = 0;
    let mut pending = ' ';
    for c in line.chars() {
        if c == ' ' || c == '\u{a0}' || c == '\t' {
            run += 1;
            pending = if c == '\u{a0}' { '\u{a0}' } else { ' ' };
            continue;
        }
        if run > 0 && !out.is_empty() {
            out.push(if run == 1 { pending } else { ' ' });
        }
        run = 0;
        out.push(c);
    }
    out
}

/// Takes a page copy apart. Refuses what is not a page copy of this carnet.
pub fn parse_page(bytes: &[u8]) -> Result<Page, Refusal> {
    if bytes.is_empty() || bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Refusal("fichier vide".into()));
    }
    if bytes.contains(&0) {
        return Err(Refusal("fichier binaire (octets nuls) : copiez le texte de la page, pas le fichier".into()));
    }
    let text =
        std::str::from_utf8(bytes).map_err(|e| Refusal(format!("pas du texte UTF-8 (octet {})", e.valid_up_to())))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).replace("\r\n", "\n").replace('\r', "\n");
    let head = text.trim_start().get(..200).unwrap_or(text.trim_start()).to_lowercase();
    if head.starts_with("<!doctype") || head.starts_with("<html") || head.contains("<body") {
        return Err(Refusal(
            "page HTML : copiez le texte affiché par le navigateur (Ctrl+A, Ctrl+C), pas la source".into(),
        ));
    }
    let lines: Vec<&str> = text.lines().collect();
    let (title_at, title_line) =
        lines.iter().enumerate().find(|(_, l)| !l.trim().is_empty()).ok_or_else(|| Refusal("fichier vide".into()))?;
    let mut page = Page::default();
    let Some((name, series)) = title_line.rsplit_once(" | ") else {
        return Err(Refusal(format!("première ligne sans « | {SERIES} » : pas une page de ce carnet")));
    };
    let (series_name, part) = match series.split_once(" / ") {
        Some((s, p)) => (s.trim(), Some(p.trim().to_string())),
        None => (series.trim(), None),
    };
    if series_name != SERIES {
        return Err(Refusal(format!("page d’un autre carnet (« {series_name} »)")));
    }
    page.part = part;
    let name = clean(name);
    match name.split_once(". ") {
        Some((n, t)) if NoteNumber::parse(n).is_some() => {
            page.number = NoteNumber::parse(n);
            page.title = t.trim().to_string();
        }
        _ => page.title = name,
    }
    // The body lies between the « Table des matières | Résumé | Références » bar and « Suite : ».
    let mut i = title_at + 1;
    if let Some(bar) = lines.iter().position(|l| l.trim() == "Table des matières | Résumé | Références") {
        i = bar + 1;
    }
    let chrome_start = ["Suite : ", "note Note(s) liée(s)"];
    while i < lines.len() && !chrome_start.iter().any(|c| lines[i].trim_start().starts_with(c)) {
        let l = clean(lines[i]);
        if !l.is_empty() {
            page.body.push((i + 1, l));
        }
        i += 1;
    }
    // The chrome: facts only.
    let mut k = i;
    while k < lines.len() {
        let l = lines[k].trim();
        let next_value = || lines[k + 1..].iter().map(|x| x.trim()).find(|x| !x.is_empty()).map(str::to_string);
        if let Some(next) = l.strip_prefix("Suite : ") {
            page.next = Some(clean(next.split(" | ").next().unwrap_or(next)));
        } else if let Some(rest) = l.strip_prefix("Intégré par ") {
            if let Some((who, when)) = rest.split_once(", le ") {
                page.author = Some(who.trim().to_string());
                page.published = french_date(when);
            }
        } else if l == "category" {
            page.category = next_value();
        } else if l == "Modification" {
            page.modified = next_value().and_then(|v| french_date(&v));
        } else if l == "Publication" && page.published.is_none() {
            page.published = next_value().and_then(|v| french_date(&v));
        } else if let Some(v) = l.strip_prefix("lock_open ").or_else(|| l.strip_prefix("lock ")) {
            page.visibility = Some(v.trim().to_string());
        }
        k += 1;
    }
    if page.body.is_empty() {
        return Err(Refusal("aucun texte de note entre l’en-tête de la plateforme et « Suite : »".into()));
    }
    Ok(page)
}

/// A bibliography entry as the author cites it in plain text.
struct Citable {
    key: String,
    year: String,
    /// Family names, in order (an organisation is one name).
    names: Vec<String>,
}

fn citables(doc: &Document) -> Vec<Citable> {
    let Some(bib) = &doc.bibliography else { return Vec::new() };
    bib.library
        .iter()
        .filter_map(|e| {
            let year = e.date()?.year.to_string();
            let names = e.authors()?.iter().map(|p| p.name.clone()).collect();
            Some(Citable { key: e.key().to_string(), year, names })
        })
        .collect()
}

/// The ways the author writes the names of a work: « Wenger », « Demers et Tremblay »,
/// « Lemire, Souffez et Laurendeau », « Parot et coll. », « Parot et al. ».
fn name_forms(names: &[String]) -> Vec<String> {
    let mut forms = Vec::new();
    match names {
        [] => {}
        [one] => forms.push(one.clone()),
        [a, b] => forms.push(format!("{a} et {b}")),
        [first, .., last] => {
            forms.push(format!("{} et {last}", names[..names.len() - 1].join(", ")));
            forms.push(format!("{first} et coll."));
            forms.push(format!("{first} et al."));
        }
    }
    forms
}

/// Normalises for comparison: apostrophes and case.
fn norm(s: &str) -> String {
    s.replace('\'', "’").to_lowercase()
}

/// A locator as written after the year: « p. 7 », « paragr. 1 ».
fn locator(rest: &str) -> Option<String> {
    let (loc, _) = crate::cite::parse_suffix(rest);
    let loc = loc?;
    let label = match loc.kind {
        crate::model::LocatorKind::Page => "p.",
        crate::model::LocatorKind::Paragraph => "paragr.",
        crate::model::LocatorKind::Chapter => "chap.",
        crate::model::LocatorKind::Section => "sect.",
        crate::model::LocatorKind::Figure => "fig.",
        crate::model::LocatorKind::Volume => "vol.",
        crate::model::LocatorKind::Issue => "n°",
    };
    Some(format!("{label} {}", loc.value))
}

/// One converted piece of a body line.
enum Piece {
    Text(String),
    Markdown(String),
}

/// Converts the citations and note titles of one line; `warn` receives what stays as text.
fn convert_line(
    line: &str,
    works: &[Citable],
    titles: &[(String, String)],
    warn: &mut dyn FnMut(usize, String),
) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut rest = line;
    let col_of = |r: &str| line[..line.len() - r.len()].chars().count() + 1;
    while let Some(open) = rest.find('(') {
        let Some(close_rel) = rest[open..].find(')') else { break };
        let inner = &rest[open + 1..open + close_rel];
        let col = col_of(&rest[open..]);
        let before = &rest[..open];
        // A note title in parentheses: a cross-reference.
        if let Some((_, file)) = titles.iter().find(|(t, _)| norm(t) == norm(inner.trim())) {
            text.push_str(before);
            text.push('(');
            pieces.push(Piece::Text(std::mem::take(&mut text)));
            pieces.push(Piece::Markdown(format!("[{}]({file})", escape(inner))));
            text.push(')');
            rest = &rest[open + close_rel + 1..];
            continue;
        }
        let looks_cited = inner
            .split([',', ' ', ';'])
            .any(|w| w.len() == 4 && w.starts_with(['1', '2']) && w.chars().all(|c| c.is_ascii_digit()))
            || inner.contains("idem")
            || locator(inner).is_some();
        if !looks_cited {
            text.push_str(&rest[..=open + close_rel]);
            rest = &rest[open + close_rel + 1..];
            continue;
        }
        // Narrative: « Names (2005) » or « Names (2005, p. 5) ».
        let year_first = inner.split(',').next().unwrap_or("").trim();
        if year_first.len() == 4 && year_first.chars().all(|c| c.is_ascii_digit()) {
            let loc = inner.split_once(',').and_then(|(_, r)| locator(r));
            let trimmed = before.trim_end();
            let candidates: Vec<(&Citable, usize)> = works
                .iter()
                .filter(|w| w.year == year_first)
                .filter_map(|w| {
                    name_forms(&w.names).into_iter().find_map(|f| ends_with_name(trimmed, &f).map(|at| (w, at)))
                })
                .collect();
            match candidates.as_slice() {
                [(w, name_start)] => {
                    text.push_str(&before[..*name_start]);
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                    let loc = loc.map(|l| format!(" [{l}]")).unwrap_or_default();
                    pieces.push(Piece::Markdown(format!("@{}{loc}", w.key)));
                }
                [] => {
                    warn(
                        col,
                        format!(
                            "citation « {} ({inner}) » sans entrée correspondante : laissée en texte",
                            last_words(trimmed)
                        ),
                    );
                    text.push_str(&rest[..=open + close_rel]);
                }
                many => {
                    let mut keys: Vec<&str> = many.iter().map(|(w, _)| w.key.as_str()).collect();
                    keys.sort_unstable();
                    warn(col, format!("citation « ({inner}) » ambiguë ({}) : laissée en texte", keys.join(", ")));
                    text.push_str(&rest[..=open + close_rel]);
                }
            }
            rest = &rest[open + close_rel + 1..];
            continue;
        }
        let locator_only = matches!(crate::cite::parse_suffix(inner), (Some(_), rest) if rest.is_empty());
        if inner.contains("idem") || locator_only {
            let why = if inner.contains("idem") {
                "« idem » renvoie à une œuvre citée plus haut"
            } else {
                "localisateur seul, sans œuvre nommée"
            };
            warn(col, format!("citation « ({inner}) » : {why} ; laissée en texte"));
            text.push_str(&rest[..=open + close_rel]);
            rest = &rest[open + close_rel + 1..];
            continue;
        }
        // Parenthetical: « (Names, 2005, p. 7 ; Names, 2006) ».
        let mut items = Vec::new();
        let mut ok = true;
        let mut ambiguous = false;
        for group in inner.split(" ; ").flat_map(|g| g.split("; ")) {
            let parts: Vec<&str> = group.split(", ").collect();
            let Some(year_at) = parts.iter().position(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_digit())) else {
                ok = false;
                break;
            };
            let names = parts[..year_at].join(", ");
            let loc = locator(&parts[year_at + 1..].join(", "));
            let matches: Vec<&Citable> = works
                .iter()
                .filter(|w| w.year == parts[year_at] && name_forms(&w.names).iter().any(|f| norm(f) == norm(&names)))
                .collect();
            match matches.as_slice() {
                [w] => items.push(format!("@{}{}", w.key, loc.map(|l| format!(", {l}")).unwrap_or_default())),
                [] => {
                    ok = false;
                    break;
                }
                many => {
                    let mut keys: Vec<&str> = many.iter().map(|w| w.key.as_str()).collect();
                    keys.sort_unstable();
                    warn(col, format!("citation « ({inner}) » ambiguë ({}) : laissée en texte", keys.join(", ")));
                    ambiguous = true;
                    ok = false;
                    break;
                }
            }
        }
        if ok && !items.is_empty() {
            text.push_str(before);
            pieces.push(Piece::Text(std::mem::take(&mut text)));
            pieces.push(Piece::Markdown(format!("[{}]", items.join("; "))));
        } else {
            if !ambiguous {
                warn(col, format!("citation « ({inner}) » non reconnue : laissée en texte"));
            }
            text.push_str(&rest[..=open + close_rel]);
        }
        rest = &rest[open + close_rel + 1..];
    }
    text.push_str(rest);
    pieces.push(Piece::Text(text));
    pieces
}

/// Where `name` ends `text` (case and apostrophes aside) as whole words: its byte offset.
fn ends_with_name(text: &str, name: &str) -> Option<usize> {
    let fold = |c: char| if c == '\'' { '’' } else { c.to_lowercase().next().unwrap_or(c) };
    let mut t = text.char_indices().rev();
    let mut start = text.len();
    for n in name.chars().rev() {
        let (i, c) = t.next()?;
        if fold(c) != fold(n) {
            return None;
        }
        start = i;
    }
    let word_start = text[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
    word_start.then_some(start)
}

fn last_words(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    words[words.len().saturating_sub(4)..].join(" ")
}

/// Writes the Markdown body of `page` for `note`. `file` is the page copy (for warnings).
pub fn body_markdown(page: &Page, note: &Note, doc: &Document, file: &Path, diags: &mut Diagnostics) -> String {
    let works = citables(doc);
    let dir = note.path.parent().unwrap_or(Path::new(""));
    let titles: Vec<(String, String)> = doc
        .notes
        .iter()
        .filter(|n| n.path != note.path)
        .map(|n| (n.meta.title.clone(), relative(dir, &n.path)))
        .collect();
    let mut out = String::new();
    let mut in_list = false;
    for (line_no, line) in &page.body {
        let mut warn = |col: usize, msg: String| {
            diags.warning(file, Some(Pos::new(*line_no, col)), msg);
        };
        // « 4.13.1. Sous-titre » → `## Sous-titre`.
        if let Some(level) = sub_heading_level(note, line) {
            let text = line.split_once(". ").map(|x| x.1).unwrap_or(line);
            if in_list {
                out.push('\n');
                in_list = false;
            }
            let _ = writeln!(out, "{} {}\n", "#".repeat(level), escape(text.trim()));
            continue;
        }
        let (bullet, content) = match line.strip_prefix('•') {
            Some(c) => (true, c.trim_start()),
            None => (false, line.as_str()),
        };
        let mut md = String::new();
        for p in convert_line(content, &works, &titles, &mut warn) {
            match p {
                Piece::Text(t) => md.push_str(&escape(&t)),
                Piece::Markdown(m) => md.push_str(&m),
            }
        }
        if bullet {
            let _ = writeln!(out, "- {md}");
            in_list = true;
        } else {
            if in_list {
                out.push('\n');
                in_list = false;
            }
            let _ = writeln!(out, "{}\n", escape_block_start(&md));
        }
    }
    let trimmed = out.trim_end().to_string();
    trimmed + "\n"
}

/// `4.13.1. Titre` inside note 4.13 → 2 (`##`); `4.13.1.1.` → 3. Chapter notes (3.0) take 3.1.
fn sub_heading_level(note: &Note, line: &str) -> Option<usize> {
    let base = note.meta.number.as_ref()?;
    let (n, rest) = line.split_once(". ")?;
    if rest.trim().is_empty() {
        return None;
    }
    let n = NoteNumber::parse(n)?;
    let prefix = base.child(&[]);
    let extra = n.parts().len().checked_sub(prefix.parts().len())?;
    (extra >= 1 && n.parts().starts_with(prefix.parts())).then_some(extra + 1)
}

/// `to` relative to the folder `from` (both relative to the project root).
fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to_c: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to_c).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".into(); from.len() - common];
    parts.extend(to_c[common..].iter().map(|c| c.as_os_str().to_string_lossy().to_string()));
    parts.join("/")
}

/// Options of one import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Show the change, write nothing.
    pub dry_run: bool,
    /// Replace a note that already has text (a backup is kept).
    pub force: bool,
    /// The page's address, recorded as `url`.
    pub url: Option<String>,
    /// Import date, `YYYY-MM-DD`.
    pub date: String,
}

/// What one import did (or would do).
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The note file written (relative to the project root).
    pub note: PathBuf,
    /// Its new text.
    pub text: String,
    /// Its previous text.
    pub previous: String,
    /// Where the previous text was saved, when it had text.
    pub backup: Option<PathBuf>,
}

/// Imports one page copy into the project at `root`, whose loaded document is `doc`.
pub fn import(
    root: &Path,
    doc: &Document,
    file: &Path,
    options: &ImportOptions,
    diags: &mut Diagnostics,
) -> Option<Imported> {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            diags.error(file, None, format!("lecture impossible : {e}"));
            return None;
        }
    };
    let page = match parse_page(&bytes) {
        Ok(p) => p,
        Err(Refusal(why)) => {
            diags.error(file, None, format!("refusé : {why}"));
            return None;
        }
    };
    let found = doc.notes.iter().find(|n| match (&n.meta.number, &page.number) {
        (Some(a), Some(b)) => a == b,
        (None, None) => norm(&n.meta.title) == norm(&page.title),
        _ => false,
    });
    let Some(note) = found else {
        let what = page.number.as_ref().map_or(page.title.clone(), |n| format!("{n}. {}", page.title));
        diags
            .error(file, Some(Pos::new(1, 1)), format!("la note « {what} » n’est pas dans la table des matières"))
            .with_hint("ajoutez-la à content/table-des-matieres.md (avec son fichier) avant de l’importer");
        return None;
    };
    if norm(&note.meta.title) != norm(&page.title) {
        diags
            .error(
                file,
                Some(Pos::new(1, 1)),
                format!(
                    "le titre « {} » diffère de celui de la note {} (« {} »)",
                    page.title,
                    note.path.display(),
                    note.meta.title
                ),
            )
            .with_hint("corrigez le titre dans l’en-tête de la note si la plateforme fait foi");
        return None;
    }
    let previous = std::fs::read_to_string(root.join(&note.path)).unwrap_or_default();
    let has_text = note.status() == Status::Complete && !note.blocks.is_empty();
    if has_text && !options.force && !options.dry_run {
        diags.error(&note.path, None, "la note a déjà du texte : rien n’est remplacé sans --force").with_hint(
            "--dry-run montre les changements ; --force remplace (l’ancien fichier est gardé dans sauvegardes/)",
        );
        return None;
    }
    let body = body_markdown(&page, note, doc, file, diags);
    let sha = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect::<String>();
    let text = front_matter(note, &page, options, &sha) + "\n" + &body;
    let backup = (has_text && !options.dry_run).then(|| {
        let name = note.path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        PathBuf::from("sauvegardes").join(format!("{name}.{}", options.date))
    });
    if !options.dry_run {
        if let Some(b) = &backup {
            let dest = root.join(b);
            let saved =
                dest.parent().map(std::fs::create_dir_all).transpose().and_then(|_| std::fs::write(&dest, &previous));
            if let Err(e) = saved {
                diags.error(b, None, format!("sauvegarde impossible, rien n’est remplacé : {e}"));
                return None;
            }
        }
        let out = crate::build::OutFiles { files: vec![(note.path.clone(), text.clone().into_bytes())] };
        if let Err(e) = crate::build::write_atomically(root, &out) {
            diags.error(&note.path, None, e);
            return None;
        }
    }
    Some(Imported { note: note.path.clone(), text, previous, backup })
}

fn yaml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn front_matter(note: &Note, page: &Page, options: &ImportOptions, sha: &str) -> String {
    let m = &note.meta;
    let mut out = String::from("---\n");
    let _ = writeln!(out, "title: {}", yaml_string(&m.title));
    if let Some(n) = &m.number {
        let _ = writeln!(out, "number: \"{n}\"");
    }
    if let Some(p) = page.part.as_ref().or(m.part.as_ref()) {
        let _ = writeln!(out, "part: {}", yaml_string(p));
    }
    if let Some(role) = m.role {
        let r = match role {
            crate::model::Role::Toc => "table-des-matieres",
            crate::model::Role::Abstract => "resume",
            crate::model::Role::Bibliography => "references",
            crate::model::Role::Body => "",
        };
        if !r.is_empty() {
            let _ = writeln!(out, "role: {r}");
        }
    }
    if let Some(u) = options.url.as_ref().or(m.url.as_ref()) {
        let _ = writeln!(out, "url: {u}");
    }
    out.push_str("status: texte\n");
    for (key, value) in [
        ("category", page.category.as_ref().or(m.category.as_ref())),
        ("author", page.author.as_ref().or(m.author.as_ref())),
        ("published", page.published.as_ref().or(m.published.as_ref())),
        ("modified", page.modified.as_ref().or(m.modified.as_ref())),
        ("visibility", page.visibility.as_ref().or(m.visibility.as_ref())),
        ("next", page.next.as_ref().or(m.next.as_ref())),
    ] {
        if let Some(v) = value {
            let _ = writeln!(out, "{key}: {}", yaml_string(v));
        }
    }
    let _ = writeln!(out, "imported: \"{}\"", options.date);
    let _ = writeln!(out, "source_sha256: {sha}");
    out.push_str("---\n");
    out
}

/// A unified-style line diff of `old` and `new` (for `--dry-run`).
pub fn diff(old: &str, new: &str, name: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let mut out = format!("--- {name} (actuel)\n+++ {name} (importé)\n");
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            let _ = writeln!(out, " {}", a[i]);
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            let _ = writeln!(out, "-{}", a[i]);
            i += 1;
        } else {
            let _ = writeln!(out, "+{}", b[j]);
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_dates() {
        assert_eq!(french_date("6 décembre 2023 17:39").as_deref(), Some("2023-12-06 17:39"));
        assert_eq!(french_date("6 décembre 2023").as_deref(), Some("2023-12-06"));
        assert_eq!(french_date("1 août 2021 09:05").as_deref(), Some("2021-08-01 09:05"));
        assert_eq!(french_date("bientôt"), None);
    }

    #[test]
    fn names_end_the_text() {
        assert_eq!(ends_with_name("Selon Graham", "Graham"), Some(6));
        assert_eq!(ends_with_name("L’Agence de la santé", "agence de la Santé"), Some(4));
        assert_eq!(ends_with_name("Wengers", "Wenger"), None);
        assert_eq!(ends_with_name("Bagraham", "Graham"), None);
        assert_eq!(ends_with_name("x", "Graham"), None);
    }

    #[test]
    fn spaces_are_cleaned() {
        assert_eq!(clean("  a \u{a0}\u{a0} b\u{a0}c  "), "a b\u{a0}c");
    }

    #[test]
    fn refusals() {
        assert!(parse_page(b"").is_err());
        assert!(parse_page(b"\x00\x01PNG").unwrap_err().0.contains("binaire"));
        assert!(parse_page(b"<!DOCTYPE html><html>").unwrap_err().0.contains("HTML"));
        assert!(parse_page("1.1. Titre | Autre carnet / partie\n\nTexte".as_bytes())
            .unwrap_err()
            .0
            .contains("autre carnet"));
        assert!(parse_page(b"Juste du texte\nsans titre de page").is_err());
    }

    #[test]
    fn diff_marks_changes() {
        let d = diff("a\nb\nc\n", "a\nB\nc\nd\n", "n.md");
        assert!(d.contains("-b\n+B\n") && d.contains("+d\n") && d.contains(" a\n"), "{d}");
    }
}
