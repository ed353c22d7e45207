//! The report of `memoire diff` as text (terminal, with or without colour), Markdown
//! (CriticMarkup marks) and Typst (the corrections PDF). Pure.

use std::fmt::Write as _;

use super::words::Piece;
use super::{Change, NoteDiff, Report};
use crate::write::pdf::escape;

/// How deletions and insertions are marked in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marks {
    /// ANSI colours: red struck through, green underlined.
    Colour,
    /// `[-…-]{+…+}` (as `git diff --word-diff`).
    Plain,
    /// CriticMarkup: `{--…--}{++…++}`.
    Critic,
}

fn marked(pieces: &[Piece], marks: Marks) -> String {
    let mut out = String::new();
    for p in pieces {
        let (text, open, close) = match (p, marks) {
            (Piece::Same(t), _) => (t, "", ""),
            (Piece::Deleted(t), Marks::Colour) => (t, "\x1b[9;31m", "\x1b[0m"),
            (Piece::Inserted(t), Marks::Colour) => (t, "\x1b[4;32m", "\x1b[0m"),
            (Piece::Deleted(t), Marks::Plain) => (t, "[-", "-]"),
            (Piece::Inserted(t), Marks::Plain) => (t, "{+", "+}"),
            (Piece::Deleted(t), Marks::Critic) => (t, "{--", "--}"),
            (Piece::Inserted(t), Marks::Critic) => (t, "{++", "++}"),
        };
        // Line breaks inside a passage become ¶ so that each passage stays one line.
        let _ = write!(out, "{open}{}{close}", t_one_line(text));
    }
    out
}

fn t_one_line(text: &str) -> String {
    text.split("\n\n").map(|p| p.replace('\n', " ")).collect::<Vec<_>>().join(" ¶ ")
}

/// « 4.13 Un climat de confiance ».
fn heading(d: &NoteDiff) -> String {
    match &d.number {
        Some(n) => format!("{n} {}", d.title),
        None => d.title.clone(),
    }
}

/// « 0 mot », « 1 mot », « 2 mots », « 1 090 mots ».
fn words(n: usize) -> String {
    crate::fr::count(n, "mot", "mots")
}

/// What happened to the note, in words: « modifiée : −12 mots, +30 mots ; déplacée ».
fn what(d: &NoteDiff) -> String {
    let mut parts = Vec::new();
    match d.change {
        Change::Added => parts.push(format!("ajoutée ({})", words(d.words_added))),
        Change::Removed => parts.push(format!("retirée ({})", words(d.words_removed))),
        Change::Changed if !d.passages.is_empty() => {
            parts.push(format!("modifiée : −{}, +{}", words(d.words_removed), words(d.words_added)))
        }
        Change::Changed => {}
    }
    if d.moved {
        parts.push("déplacée dans la table des matières".into());
    }
    if let Some(n) = &d.old_number {
        parts.push(format!("ancien numéro {n}"));
    }
    if let Some(t) = &d.old_title {
        parts.push(format!("ancien titre « {t} »"));
    }
    if d.change == Change::Changed {
        if !d.citations_added.is_empty() {
            parts.push(format!("citations ajoutées : {}", d.citations_added.join(", ")));
        }
        if !d.citations_removed.is_empty() {
            parts.push(format!("citations retirées : {}", d.citations_removed.join(", ")));
        }
    }
    parts.join(" ; ")
}

/// The summary line: « 1 ajoutée, 1 retirée, 1 déplacée, 1 renommée, 3 modifiées ».
pub fn summary(r: &Report) -> String {
    let [added, removed, moved, retitled, changed] = r.counts();
    let n = |k: usize, one: &str, many: &str| crate::fr::count(k, one, many);
    [
        n(added, "ajoutée", "ajoutées"),
        n(removed, "retirée", "retirées"),
        n(moved, "déplacée", "déplacées"),
        n(retitled, "renommée", "renommées"),
        n(changed, "modifiée", "modifiées"),
    ]
    .join(", ")
}

/// « Bibliographie : entrées ajoutées : a, b ; retirées : aucune. »
fn bibliography_line(r: &Report) -> String {
    let list = |keys: &[String]| if keys.is_empty() { "aucune".to_string() } else { keys.join(", ") };
    format!(
        "Bibliographie : entrées ajoutées : {} ; retirées : {}.",
        list(&r.bibliography_added),
        list(&r.bibliography_removed)
    )
}

/// The terminal report (or Markdown with [`Marks::Critic`]).
pub fn text(r: &Report, marks: Marks) -> String {
    let md = marks == Marks::Critic;
    let mut out = String::new();
    let title = format!("Changements de {} à {}", r.old, r.new);
    if md {
        let _ = writeln!(out, "# {title}\n");
    } else {
        let _ = writeln!(out, "{title}");
    }
    let _ = writeln!(out, "Notes : {}.\n", summary(r));
    for d in &r.notes {
        let sign = match d.change {
            Change::Added => "+",
            Change::Removed => "−",
            Change::Changed => "~",
        };
        if md {
            let _ = writeln!(out, "## {sign} {}\n\n*{}*\n", heading(d), what(d));
        } else {
            let _ = writeln!(out, "{sign} {} — {}", heading(d), what(d));
        }
        if d.change == Change::Changed {
            for p in &d.passages {
                if md {
                    let _ = writeln!(out, "> …{}…\n", marked(p, marks).trim());
                } else {
                    let _ = writeln!(out, "    …{}…", marked(p, marks).trim());
                }
            }
        }
        if !md {
            out.push('\n');
        }
    }
    if r.notes.is_empty() {
        let _ = writeln!(out, "Aucune note n’a changé.\n");
    }
    let _ = writeln!(out, "{}", bibliography_line(r));
    out
}

/// The Typst source of the corrections PDF: a summary table, then each changed note with its
/// number, title and page in the new mémoire, insertions underlined and deletions struck
/// through, in colour. Same template fonts as the mémoire.
pub fn typst(r: &Report, date: crate::date::BuildDate) -> String {
    let mut out = String::new();
    let title = format!("Changements de {} à {}", r.old, r.new);
    let _ = write!(
        out,
        "#import \"/styles/memoire.typ\": reglages\n\
         #set document(title: \"{}\", date: datetime(year: {}, month: {}, day: {}))\n\
         #set page(paper: reglages.papier, margin: 1in, numbering: \"1\")\n\
         #set text(font: reglages.police, size: 11pt, lang: \"fr\", region: \"CA\")\n\
         #set par(justify: true)\n\
         #let ajout(x) = underline(stroke: 0.8pt + rgb(\"#1a6e2e\"), text(fill: rgb(\"#1a6e2e\"), x))\n\
         #let retrait(x) = strike(stroke: 0.8pt + rgb(\"#b3261e\"), text(fill: rgb(\"#b3261e\"), x))\n\n\
         = {}\n\n{}\n\n",
        escape::string(&title),
        date.year,
        date.month,
        date.day,
        escape::markup(&title),
        escape::markup(&format!("Notes : {}.", summary(r)))
    );
    out.push_str("#table(columns: (auto, 1fr, auto, auto, auto), align: (left, left, right, right, right),\n");
    out.push_str("  table.header([*Note*], [*Changement*], [*Retirés*], [*Ajoutés*], [*Page*]),\n");
    for d in &r.notes {
        let page = d.page.map(|p| p.to_string()).unwrap_or_else(|| "—".into());
        let _ = writeln!(
            out,
            "  [{}], [{}], [{}], [{}], [{}],",
            escape::markup(d.number.as_deref().unwrap_or("")),
            escape::markup(&format!("{} — {}", d.title, what(d))),
            d.words_removed,
            d.words_added,
            page
        );
    }
    out.push_str(")\n\n");
    let _ = writeln!(out, "{}\n", escape::markup(&bibliography_line(r)));
    for d in &r.notes {
        let page = d.page.map(|p| format!(", p. {p} du nouveau mémoire")).unwrap_or_default();
        let _ = write!(
            out,
            "#v(1.5em, weak: true)\n== {}\n\n_{}{}_\n\n",
            escape::markup(&heading(d)),
            escape::markup(&what(d)),
            escape::markup(&page)
        );
        for p in &d.passages {
            out.push_str("#block(above: 1.2em)[");
            if d.change == Change::Changed {
                out.push('…');
            }
            for (k, piece) in p.iter().enumerate() {
                // A deletion right before its replacement: a space between them, for the eye and
                // for text extraction (« centaines certaines », not « centainescertaines »).
                if k > 0 && matches!((&p[k - 1], piece), (Piece::Deleted(_), Piece::Inserted(_))) {
                    out.push(' ');
                }
                let (t, wrap) = match piece {
                    // The context starts and ends on a word, next to its « … ».
                    Piece::Same(t) if k == 0 => (t.trim_start(), None),
                    Piece::Same(t) if k + 1 == p.len() => (t.trim_end(), None),
                    Piece::Same(t) => (t.as_str(), None),
                    Piece::Deleted(t) => (t.as_str(), Some("retrait")),
                    Piece::Inserted(t) => (t.as_str(), Some("ajout")),
                };
                // The note's paragraphs stay paragraphs: Typst lays out one long paragraph in
                // time that grows faster than its length (30,000 words: 24 s).
                for (n, segment) in t.split("\n\n").enumerate() {
                    if n > 0 {
                        out.push_str("\n\n");
                    }
                    let text = escape::markup(&t_one_line(segment));
                    match wrap {
                        Some(_) if text.trim().is_empty() => out.push_str(&text),
                        // The spaces around a change stay outside its underline or stroke.
                        Some(f) => {
                            let inner = text.trim();
                            let (before, after) = (text.len() - text.trim_start().len(), text.trim_end().len());
                            let _ = write!(out, "{}#{f}[{inner}]{}", &text[..before], &text[after..]);
                        }
                        None => out.push_str(&text),
                    }
                }
            }
            if d.change == Change::Changed {
                out.push('…');
            }
            out.push_str("]\n\n");
        }
    }
    out
}
