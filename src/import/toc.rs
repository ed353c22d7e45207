//! Growing the table of contents: a note imported from a page but missing from
//! `table-des-matieres.md` gets its line at its numeric place (4.7 between 4.6 and 4.8, 2.2.3
//! under 2.2), in its part (created when missing). Only one line is inserted (two with a new
//! part): the author's other lines, spacing and markers stay as they are.

use std::path::{Path, PathBuf};

use super::note::Body;
use super::page::Page;
use super::{save_backup, write_file, ImportOptions, Imported, BACKUPS};
use crate::diag::Diagnostics;
use crate::model::{Document, Status};
use crate::number::NoteNumber;
use crate::text::slugify;

/// One list line of the table of contents.
#[derive(Debug)]
struct Item {
    /// Line index in the file.
    line: usize,
    indent: usize,
    /// The note number of a linked line (`- [4.6 Titre](notes/…)`).
    number: Option<NoteNumber>,
    /// The text of an unlinked line (a part: `- Résultats`).
    part: Option<String>,
}

fn items(text: &str) -> Vec<Item> {
    let mut in_front = false;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim() == "---" && (i == 0 || in_front) {
            in_front = i == 0;
            continue;
        }
        if in_front {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let Some(rest) = line.trim_start().strip_prefix(['-', '*', '+']).and_then(|r| r.strip_prefix(' ')) else {
            continue;
        };
        let rest = rest.trim();
        if let Some(label) = rest.strip_prefix('[').and_then(|r| r.split_once("](")).map(|(l, _)| l) {
            let number = label.split_whitespace().next().and_then(|n| NoteNumber::parse(n.trim_end_matches('.')));
            out.push(Item { line: i, indent, number, part: None });
        } else {
            out.push(Item { line: i, indent, number: None, part: Some(rest.to_string()) });
        }
    }
    out
}

/// The part a new note `number` goes under: that of the notes of its chapter (same first
/// number) when the carnet has some — the page's own part, if it names another, gets a warning —
/// else the page's part, unless that part already holds another chapter's notes (refused: `check`
/// would find the note out of order).
pub(super) fn part_by_number(
    doc: &Document,
    number: &NoteNumber,
    page_part: Option<&str>,
    file: &Path,
    diags: &mut Diagnostics,
) -> Option<Option<String>> {
    let chapter = number.parts()[0];
    let sibling = doc.notes.iter().find(|n| n.meta.number.as_ref().is_some_and(|m| m.parts()[0] == chapter));
    if let Some(s) = sibling {
        if let (Some(p), Some(q)) = (page_part, s.meta.part.as_deref()) {
            if !same_part(p, q) {
                diags.warning(
                    file,
                    None,
                    format!("note {number} : la page la range dans « {p} », mais les notes {chapter}.x sont dans « {q} » : rangée dans « {q} »"),
                );
            }
        }
        return Some(s.meta.part.clone().or_else(|| page_part.map(str::to_string)));
    }
    let Some(p) = page_part else { return Some(None) };
    let other = doc.notes.iter().find(|n| {
        n.meta.part.as_deref().is_some_and(|q| same_part(p, q))
            && n.meta.number.as_ref().is_some_and(|m| m.parts()[0] != chapter)
    });
    if let Some(o) = other {
        diags
            .error(
                file,
                None,
                format!(
                    "note {number} : la page la range dans « {p} », qui contient la note {} : son numéro la mettrait hors d’ordre",
                    o.meta.number.as_ref().map(|n| n.to_string()).unwrap_or_default()
                ),
            )
            .with_hint("vérifiez le numéro de la note sur la page, ou ajoutez sa ligne à la table des matières à la main");
        return None;
    }
    Some(Some(p.to_string()))
}

/// The part's name as the TOC writes it: « cadre théorique » → « Cadre théorique ».
fn part_title(part: &str) -> String {
    let mut c = part.trim().chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

fn same_part(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// The file name of a new note: `4.7-une-condition-de-succes.md` (slug cut at a word, ≤ 48).
pub fn file_name(number: &NoteNumber, title: &str) -> String {
    let slug = slugify(title);
    let mut cut = String::new();
    for word in slug.split('-') {
        if !cut.is_empty() && cut.len() + 1 + word.len() > 48 {
            break;
        }
        if !cut.is_empty() {
            cut.push('-');
        }
        cut.push_str(word);
    }
    format!("{number}-{cut}.md")
}

/// `toc` with a line for note `number` linking `link`; returns the new text and the line.
pub fn insert(toc: &str, number: &NoteNumber, title: &str, part: Option<&str>, link: &str) -> (String, String) {
    let items = items(toc);
    let lines: Vec<&str> = toc.lines().collect();
    let unit = items.iter().map(|i| i.indent).filter(|&d| d > 0).min().unwrap_or(2);
    let subtree_end = |k: usize| -> usize {
        let base = items[k].indent;
        let mut e = k + 1;
        while e < items.len() && items[e].indent > base {
            e += 1;
        }
        // The line after the subtree's last item.
        items[e - 1].line + 1
    };
    // The container: the part's children, or the top level.
    let part_at = part.and_then(|p| items.iter().position(|i| i.part.as_deref().is_some_and(|t| same_part(t, p))));
    let (range, base_indent, mut new_part) = match (part, part_at) {
        (Some(_), Some(k)) => {
            let end = (k + 1..items.len()).find(|&j| items[j].indent <= items[k].indent).unwrap_or(items.len());
            (k + 1..end, items[k].indent + unit, None)
        }
        (Some(p), None) => (0..0, unit, Some(p)),
        (None, _) => (0..items.len(), 0, None),
    };
    // The nearest ancestor note already listed decides the indentation.
    let in_range: Vec<usize> = range.clone().collect();
    let ancestor = in_range
        .iter()
        .filter(|&&k| items[k].number.as_ref().is_some_and(|n| number.parts().starts_with(n.parts()) && n != number))
        .max_by_key(|&&k| items[k].number.as_ref().map_or(0, |n| n.parts().len()))
        .copied();
    let indent = ancestor.map_or(base_indent, |a| items[a].indent + unit);
    // Among the siblings at that indentation, insert before the first that comes after.
    let scope: Vec<usize> = match ancestor {
        Some(a) => (a + 1..items.len()).take_while(|&k| items[k].indent > items[a].indent).collect(),
        None => in_range,
    };
    let key = |k: usize| -> Option<NoteNumber> {
        // A line's place: its number, or the first number below it (a part's notes).
        items[k].number.clone().or_else(|| {
            (k + 1..items.len())
                .take_while(|&j| items[j].indent > items[k].indent)
                .find_map(|j| items[j].number.clone())
        })
    };
    let siblings: Vec<usize> = scope.iter().copied().filter(|&k| items[k].indent == indent).collect();
    let top_level_part = new_part.is_some();
    let at_line = if top_level_part {
        // A new part goes before the first top-level line that comes after this note's chapter.
        let tops: Vec<usize> = (0..items.len()).filter(|&k| items[k].indent == 0).collect();
        match tops.iter().find(|&&k| key(k).is_some_and(|n| n.parts()[0] > number.parts()[0])) {
            Some(&k) => items[k].line,
            None => tops.iter().rev().find(|&&k| key(k).is_some()).map_or(lines.len(), |&k| subtree_end(k)),
        }
    } else {
        match siblings.iter().find(|&&k| key(k).is_some_and(|n| n > *number)) {
            Some(&k) => items[k].line,
            None => match siblings.iter().rev().find(|&&k| key(k).is_some()) {
                Some(&k) => subtree_end(k),
                None => match ancestor.or(part_at) {
                    Some(a) => items[a].line + 1,
                    None => lines.len(),
                },
            },
        }
    };
    // The title is text, never markup: `](…)` in a page title makes no link.
    let title = crate::write::archive::escape::escape(title);
    let line = format!("{}- [{number} {title}]({link})", " ".repeat(indent));
    let mut out: Vec<String> = lines[..at_line].iter().map(|l| l.to_string()).collect();
    if let Some(p) = new_part.take() {
        out.push(format!("- {}", part_title(p)));
    }
    out.push(line.clone());
    out.extend(lines[at_line..].iter().map(|l| l.to_string()));
    let mut text = out.join("\n");
    if toc.ends_with('\n') {
        text.push('\n');
    }
    (text, line)
}

/// The Table des matières page: each note it lists that the carnet's TOC lacks gets its line
/// (at its numeric place, under the part the page names above it) and a placeholder note
/// `status: à importer`, in one go. The TOC's previous version is kept in [`super::BACKUPS`].
/// The longest Table des matières page imported (the carnet has 65 notes; the benchmark 650).
const MAX_TOC_PAGE_LINES: usize = 2_000;

/// Where the table of contents is: its file, its text, its folder, and the folder of the notes
/// (that of the first note, else the TOC's).
pub(super) struct Place {
    pub file: PathBuf,
    pub text: String,
    pub dir: PathBuf,
    pub notes_dir: PathBuf,
}

/// Reads the table of contents of `doc`; a refusal is reported.
pub(super) fn place(root: &Path, doc: &Document, diags: &mut Diagnostics) -> Option<Place> {
    let toc_note = &doc.notes[0];
    let text = match crate::files::read_text(root, &toc_note.path) {
        Ok(t) => t,
        Err(refused) => {
            diags.error(&toc_note.path, None, refused.message(&toc_note.path));
            return None;
        }
    };
    let dir = toc_note.path.parent().unwrap_or(Path::new("")).to_path_buf();
    let notes_dir = doc.notes.iter().skip(1).find_map(|n| n.path.parent()).unwrap_or(&dir).to_path_buf();
    Some(Place { file: toc_note.path.clone(), text, dir, notes_dir })
}

pub(super) fn import_page(
    root: &Path,
    doc: &Document,
    page: &Page,
    options: &ImportOptions,
    diags: &mut Diagnostics,
) -> Option<Imported> {
    let toc_note = &doc.notes[0];
    let Place { text: previous, dir: toc_dir, notes_dir, .. } = place(root, doc, diags)?;
    let mut text = previous.clone();
    let mut added: Vec<(PathBuf, String)> = Vec::new();
    let mut part: Option<String> = None;
    let mut listed: Vec<NoteNumber> = doc.notes.iter().filter_map(|n| n.meta.number.clone()).collect();
    // Each insertion rewrites the table: a page listing more notes than any carnet is refused
    // rather than taking minutes (20,000 lines took 198 s).
    if page.body.len() > MAX_TOC_PAGE_LINES {
        diags.error(
            &toc_note.path,
            None,
            format!(
                "page Table des matières de {} lignes : plus de {MAX_TOC_PAGE_LINES}, ce n’est pas une table de carnet",
                page.body.len()
            ),
        );
        return None;
    }
    for (_, line) in &page.body {
        let parsed =
            line.split_once(' ').and_then(|(n, t)| Some((NoteNumber::parse(n.trim_end_matches('.'))?, t.trim())));
        let Some((number, title)) = parsed else {
            if !line.contains(['.', ':']) && line.split_whitespace().count() <= 4 {
                part = Some(line.trim().to_lowercase());
            }
            continue;
        };
        if listed.contains(&number) || title.is_empty() {
            continue;
        }
        let path = notes_dir.join(file_name(&number, title));
        if root.join(&path).exists() {
            diags.warning(
                &path,
                None,
                format!("la note {number} manque à la table des matières, mais ce fichier existe : ligne non ajoutée"),
            );
            continue;
        }
        if title.chars().count() > crate::config::MAX_TITLE_CHARS {
            diags.warning(
                &toc_note.path,
                None,
                format!(
                    "note {number} : titre de plus de {} caractères, ligne non ajoutée",
                    crate::config::MAX_TITLE_CHARS
                ),
            );
            continue;
        }
        let Some(part) = part_by_number(doc, &number, part.as_deref(), &toc_note.path, diags) else { continue };
        let (t, _) = insert(&text, &number, title, part.as_deref(), &super::note::relative(&toc_dir, &path));
        text = t;
        let mut meta = crate::model::NoteMeta {
            title: title.to_string(),
            number: Some(number.clone()),
            part,
            ..Default::default()
        };
        meta.status = Some(Status::ToImport);
        added.push((path, super::note::placeholder(&meta)));
        listed.push(number);
    }
    let name = toc_note.display_title();
    let imported = Imported {
        note: toc_note.path.clone(),
        name,
        text: text.clone(),
        previous: previous.clone(),
        backup: None,
        body: Body::default(),
        toc_line: None,
        partial: false,
        placeholders: Some(added.len()),
        unchanged: false,
    };
    if options.dry_run || added.is_empty() {
        return Some(imported);
    }
    let backup = if options.toc_saved.get() {
        None // kept once per command, before its first change
    } else {
        match save_backup(root, &toc_note.path, &options.date, &previous) {
            Ok(b) => {
                options.toc_saved.set(true);
                Some(b)
            }
            Err(e) => {
                diags.error(Path::new(BACKUPS), None, format!("sauvegarde impossible, rien n’est changé : {e}"));
                return None;
            }
        }
    };
    for (i, (path, body)) in added.iter().enumerate() {
        if let Err(e) = write_file(root, path, body) {
            for (p, _) in &added[..i] {
                let _ = std::fs::remove_file(root.join(p));
            }
            diags.error(path, None, e);
            return None;
        }
    }
    if let Err(e) = write_file(root, &toc_note.path, &text) {
        for (p, _) in &added {
            let _ = std::fs::remove_file(root.join(p));
        }
        diags.error(&toc_note.path, None, e);
        return None;
    }
    Some(Imported { backup, ..imported })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOC: &str = "---\ntitle: Table des matières\nrole: table-des-matieres\n---\n\n- [Résumé](notes/resume.md)\n- [0.2 Introduction](notes/0.2.md)\n- Cadre théorique\n  - [2.2 Les CdP](notes/2.2.md)\n    - [2.2.2 Typologies](notes/2.2.2.md)\n    - [2.2.5.5 Coopérations](notes/2.2.5.5.md)\n- [3.0 Méthodologie](notes/3.0.md)\n- Résultats\n  - [4.6 Du temps](notes/4.6.md)\n  - [4.8 Des outils](notes/4.8.md)\n- [Références](notes/references.md)\n";

    fn n(s: &str) -> NoteNumber {
        NoteNumber::parse(s).unwrap()
    }

    fn after(text: &str, line: &str) -> String {
        let lines: Vec<&str> = text.lines().collect();
        let at = lines.iter().position(|l| *l == line).expect(text);
        lines.get(at + 1).unwrap_or(&"<fin>").to_string()
    }

    #[test]
    fn notes_go_to_their_numeric_place() {
        let (t, l) = insert(TOC, &n("4.7"), "Titre", Some("résultats"), "notes/4.7-titre.md");
        assert_eq!(l, "  - [4.7 Titre](notes/4.7-titre.md)");
        assert_eq!(after(&t, &l), "  - [4.8 Des outils](notes/4.8.md)");
        assert_eq!(t.lines().count(), TOC.lines().count() + 1);
        let (t, l) = insert(TOC, &n("2.2.3"), "T", Some("cadre théorique"), "x.md");
        assert_eq!(
            (l.as_str(), after(&t, &l).as_str()),
            ("    - [2.2.3 T](x.md)", "    - [2.2.5.5 Coopérations](notes/2.2.5.5.md)")
        );
        let (t, l) = insert(TOC, &n("2.2.1"), "T", Some("cadre théorique"), "x.md");
        assert_eq!(after(&t, &l), "    - [2.2.2 Typologies](notes/2.2.2.md)");
        let (t, l) = insert(TOC, &n("4.15"), "T", Some("résultats"), "x.md");
        assert_eq!(after(&t, &l), "- [Références](notes/references.md)");
        let (t, l) = insert(TOC, &n("2.1"), "T", Some("cadre théorique"), "x.md");
        assert_eq!(after(&t, &l), "  - [2.2 Les CdP](notes/2.2.md)");
    }

    #[test]
    fn a_missing_part_is_created_in_order() {
        let (t, l) = insert(TOC, &n("1.1"), "T", Some("problématique"), "x.md");
        let lines: Vec<&str> = t.lines().collect();
        let at = lines.iter().position(|x| *x == l).unwrap();
        assert_eq!((lines[at - 1], lines[at + 1]), ("- Problématique", "- Cadre théorique"));
        let (t, l) = insert(TOC, &n("5.1.1"), "T", Some("discussion"), "x.md");
        let lines: Vec<&str> = t.lines().collect();
        let at = lines.iter().position(|x| *x == l).unwrap();
        assert_eq!((lines[at - 1], lines[at + 1]), ("- Discussion", "- [Références](notes/references.md)"));
    }

    #[test]
    fn top_level_notes_and_file_names() {
        let (t, l) = insert(TOC, &n("0.1"), "Avant-propos", None, "x.md");
        assert_eq!(after(&t, &l), "- [0.2 Introduction](notes/0.2.md)");
        assert_eq!(
            file_name(&n("4.7"), "Une reconnaissance des résultats tangibles et de l’importance des CdP"),
            "4.7-une-reconnaissance-des-resultats-tangibles-et-de.md"
        );
    }
}
