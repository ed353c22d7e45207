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
    let bytes = match read_copy(file) {
        Ok(b) => b,
        Err(why) => {
            diags.error(file, None, why);
            return None;
        }
    };
    if let Some(url) = &options.url {
        if let Err(why) = check_url(url) {
            diags.error(file, None, format!("--url refusée : {why}"));
            return None;
        }
    }
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
    let previous = match crate::files::read_text(root, &note.path) {
        Ok(t) => t,
        Err(crate::files::Refused::Missing) => String::new(),
        Err(refused) => {
            diags.error(&note.path, None, refused.message(&note.path));
            return None;
        }
    };
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
    let mut backup = None;
    if !options.dry_run {
        if has_text {
            match save_backup(root, &note.path, &options.date, &previous) {
                Ok(b) => backup = Some(b),
                Err(e) => {
                    diags.error(Path::new(BACKUPS), None, format!("sauvegarde impossible, rien n’est remplacé : {e}"));
                    return None;
                }
            }
        }
        let dir = note.path.parent().unwrap_or(Path::new(""));
        let name = note.path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        if let Err(e) = crate::commit::replace_together(&root.join(dir), &[(name, text.as_bytes())]) {
            diags.error(&note.path, None, e);
            return None;
        }
    }
    Some(Imported { note: note.path.clone(), text, previous, backup })
}

/// The folder where replaced notes are kept, at the project root.
pub const BACKUPS: &str = "sauvegardes";

/// The largest page copy read: 16 MiB (a page of the platform is a few dozen KiB).
const MAX_COPY_BYTES: u64 = 16 << 20;

/// Reads a page copy (a file given on the command line, anywhere), bounded in size.
fn read_copy(file: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let f = std::fs::File::open(file).map_err(|e| format!("lecture impossible : {e}"))?;
    let mut bytes = Vec::new();
    f.take(MAX_COPY_BYTES + 1).read_to_end(&mut bytes).map_err(|e| format!("lecture impossible : {e}"))?;
    if bytes.len() as u64 > MAX_COPY_BYTES {
        return Err(format!("refusé : plus de {} Mio, ce n’est pas la copie d’une page", MAX_COPY_BYTES >> 20));
    }
    Ok(bytes)
}

/// A page address: `http(s)://`, one line, no spaces or control characters.
pub fn check_url(url: &str) -> Result<(), String> {
    let shown = crate::diag::excerpt(&url.escape_debug().to_string(), 80);
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(format!("« {shown} » n’est pas une adresse http(s)://"));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) || url.len() > 2000 {
        return Err(format!("« {shown} » contient des espaces, des retours à la ligne ou des caractères de contrôle"));
    }
    Ok(())
}

/// Keeps `previous`, the text of `note` about to be replaced, as a new file of [`BACKUPS`]:
/// `NAME.DATE`, else `NAME.DATE.2`, `.3`… — created only if absent, so that no backup ever
/// replaces another.
fn save_backup(root: &Path, note: &Path, date: &str, previous: &str) -> Result<PathBuf, String> {
    use std::io::Write;
    crate::build::output_folder(root, Path::new(BACKUPS))?;
    let name = note.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    for n in 1..10_000 {
        let rel =
            PathBuf::from(BACKUPS).join(if n == 1 { format!("{name}.{date}") } else { format!("{name}.{date}.{n}") });
        match std::fs::OpenOptions::new().write(true).create_new(true).open(root.join(&rel)) {
            Ok(mut f) => {
                f.write_all(previous.as_bytes())
                    .and_then(|_| f.sync_all())
                    .map_err(|e| format!("{} : {e}", rel.display()))?;
                return Ok(rel);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("{} : {e}", rel.display())),
        }
    }
    Err(format!("plus de 10 000 sauvegardes de {name} ce jour-là"))
}

/// The front matter of an imported note, written by the YAML library (quotes and escapes are
/// its business, so no value can break the file or add a key).
fn front_matter(note: &Note, page: &Page, options: &ImportOptions, sha: &str) -> String {
    use yaml_rust2::Yaml;
    let m = &note.meta;
    let mut map = yaml_rust2::yaml::Hash::new();
    let mut put = |key: &str, value: &str| {
        map.insert(Yaml::String(key.into()), Yaml::String(value.into()));
    };
    put("title", &m.title);
    if let Some(n) = &m.number {
        put("number", &n.to_string());
    }
    if let Some(p) = page.part.as_ref().or(m.part.as_ref()) {
        put("part", p);
    }
    let role = match m.role {
        Some(crate::model::Role::Toc) => Some("table-des-matieres"),
        Some(crate::model::Role::Abstract) => Some("resume"),
        Some(crate::model::Role::Bibliography) => Some("references"),
        Some(crate::model::Role::Body) | None => None,
    };
    if let Some(r) = role {
        put("role", r);
    }
    if let Some(u) = options.url.as_ref().or(m.url.as_ref()) {
        put("url", u);
    }
    put("status", "texte");
    for (key, value) in [
        ("category", page.category.as_ref().or(m.category.as_ref())),
        ("author", page.author.as_ref().or(m.author.as_ref())),
        ("published", page.published.as_ref().or(m.published.as_ref())),
        ("modified", page.modified.as_ref().or(m.modified.as_ref())),
        ("visibility", page.visibility.as_ref().or(m.visibility.as_ref())),
        ("next", page.next.as_ref().or(m.next.as_ref())),
    ] {
        if let Some(v) = value {
            put(key, v);
        }
    }
    put("imported", &options.date);
    put("source_sha256", sha);
    let mut out = String::new();
    yaml_rust2::YamlEmitter::new(&mut out).dump(&Yaml::Hash(map)).expect("a map of strings is always written");
    out + "\n---\n"
}

/// A unified diff of `old` and `new` (for `--dry-run`), by `similar`: linear memory, and a
/// time limit after which it settles for a coarser (still correct) diff.
pub fn diff(old: &str, new: &str, name: &str) -> String {
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .timeout(std::time::Duration::from_secs(2))
        .diff_lines(old, new);
    let mut out = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("{name} (actuel)"), &format!("{name} (importé)"))
        .to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
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
    fn urls_are_one_web_address() {
        assert!(check_url("https://praxis.encommun.io/n/abc/").is_ok());
        for bad in ["https://a.org/\nrole: references", "https://a.org/x: y z", "javascript:alert(1)", "ftp://a", ""] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn front_matter_reads_back_whatever_the_values() {
        let mut note = Note {
            path: PathBuf::from("content/n.md"),
            meta: crate::model::NoteMeta::default(),
            depth: 1,
            blocks: Vec::new(),
            footnotes: Vec::new(),
        };
        note.meta.title = "Titre: « piégé » #1\nrole: references".into();
        note.meta.number = NoteNumber::parse("4.10");
        let page = Page { next: Some("'\"---".into()), ..Page::default() };
        let options = ImportOptions {
            date: "2026-11-27".into(),
            url: Some("https://a.org/x?y=1#z".into()),
            ..Default::default()
        };
        let text = front_matter(&note, &page, &options, "abc") + "corps\n";
        let split = crate::load::frontmatter::split(&text);
        let mut d = Diagnostics::new();
        let meta = crate::load::frontmatter::parse(Path::new("n.md"), &split, &mut d).expect(&text);
        assert!(d.is_empty(), "{:?}\n{text}", d.sorted());
        assert_eq!(meta.title, note.meta.title);
        assert_eq!(meta.number.unwrap().to_string(), "4.10");
        assert_eq!(
            (meta.role, meta.next.as_deref(), meta.url.as_deref()),
            (None, Some("'\"---"), Some("https://a.org/x?y=1#z"))
        );
    }

    #[test]
    fn diff_marks_changes() {
        let d = diff("a\nb\nc\n", "a\nB\nc\nd\n", "n.md");
        assert!(d.starts_with("--- n.md (actuel)\n+++ n.md (importé)\n"), "{d}");
        assert!(d.contains("-b\n+B\n") && d.contains("+d\n") && d.contains(" a\n"), "{d}");
        // 20,000 lines, all different: linear memory, bounded time.
        let a: String = (0..20_000).map(|i| format!("ancienne {i}\n")).collect();
        let b: String = (0..20_000).map(|i| format!("nouvelle {i}\n")).collect();
        assert_eq!(diff(&a, &b, "n.md").lines().filter(|l| l.starts_with('+')).count(), 20_001);
    }
}
