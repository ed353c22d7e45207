//! A click on a page of the preview → the note's file, line and column of the word under it.
//! The glyph under the point carries the span Typst parsed it from in the generated files; the
//! generated file's source map gives the note and the paragraph it belongs to
//! ([`crate::write::pdf::markup::TypstFile::origin_of`]); the word is then looked for in the
//! note's text from that paragraph on (escaping and typography change the characters between
//! the two, never the words).

use std::path::{Path, PathBuf};

use typst::layout::{Abs, Frame, FrameItem, Point};
use typst::syntax::Span;
use typst_layout::Page;

use crate::diag::{pos_of_offset, Pos};
use crate::write::pdf::Layout;

/// Where a clicked word is written.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Source {
    /// The note's file, relative to the project (with `/`).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The word clicked on, as the page prints it.
    pub word: String,
}

/// The glyph found under a point: its word and its span.
struct Hit {
    word: String,
    span: Span,
    offset: u16,
}

/// Where the word at (`x`, `y`) (points from the top left corner) of `page` was written, when
/// the point falls on text that came from a note.
pub fn locate(root: &Path, layout: &Layout, page: &Page, x: f64, y: f64) -> Option<Source> {
    let hit = hit(&page.frame, Point::new(Abs::pt(x), Abs::pt(y)))?;
    let source = layout.sources.iter().find(|s| Some(s.id()) == hit.span.id())?;
    let range = match hit.span.get() {
        typst::syntax::SpanKind::Number { num, .. } => source.range(num, None)?,
        typst::syntax::SpanKind::Range { range, .. } => range,
        typst::syntax::SpanKind::Detached => return None,
    };
    let offset = (range.start + usize::from(hit.offset)).min(range.end);
    let generated = layout.files.file(source.id().vpath().get_without_slash())?;
    let (note, paragraph) = generated.origin_of(offset)?;
    let text = crate::files::read_text(root, note).ok()?;
    let pos = find_word(&text, paragraph, &hit.word).unwrap_or(paragraph);
    Some(Source { file: crate::files::slashed(note), line: pos.line, column: pos.col, word: hit.word })
}

/// The glyph of `frame` under `point`, looked for in the frames nested in it.
fn hit(frame: &Frame, point: Point) -> Option<Hit> {
    for (pos, item) in frame.items() {
        let local = point - *pos;
        match item {
            FrameItem::Group(group) => {
                let inverse = group.transform.invert()?;
                if let Some(h) = hit(&group.frame, local.transform(inverse)) {
                    return Some(h);
                }
            }
            FrameItem::Text(text) => {
                // The run's baseline is at its position: letters rise above it, descenders fall
                // a little below.
                if local.y < -text.size || local.y > text.size * 0.3 {
                    continue;
                }
                let mut x = Abs::zero();
                for glyph in &text.glyphs {
                    let width = glyph.x_advance.at(text.size);
                    if local.x >= x && local.x < x + width {
                        let word = word_around(&text.text, glyph.range());
                        return Some(Hit { word, span: glyph.span.0, offset: glyph.span.1 });
                    }
                    x += width;
                }
            }
            _ => {}
        }
    }
    None
}

/// The text of `frame` in the order it was laid out, a line per baseline: what the viewer puts
/// under each page's image for screen readers and the browser's search.
pub fn page_text(frame: &Frame) -> String {
    let mut runs = Vec::new();
    collect_text(frame, Point::zero(), &mut runs);
    let mut out = String::new();
    let mut last: Option<Point> = None;
    for (start, end, text) in runs {
        match last {
            // The same line: a space only where the runs do not touch (a link, a citation, an
            // italic word is a run of its own).
            Some(l) if (start.y - l.y).abs() < Abs::pt(1.0) => {
                let apart = (start.x - l.x).abs() > Abs::pt(0.5);
                if apart && !out.ends_with(char::is_whitespace) {
                    out.push(' ');
                }
            }
            Some(_) => out.push('\n'),
            None => {}
        }
        last = Some(end);
        out.push_str(&text);
    }
    out
}

/// The runs of text of `frame`: where each starts and ends on its baseline, and its text.
fn collect_text(frame: &Frame, origin: Point, runs: &mut Vec<(Point, Point, String)>) {
    for (pos, item) in frame.items() {
        match item {
            // Groups here are translations (scaled or rotated text is rare in a mémoire).
            FrameItem::Group(group) => {
                collect_text(&group.frame, origin + *pos + Point::new(group.transform.tx, group.transform.ty), runs)
            }
            FrameItem::Text(text) => {
                let start = origin + *pos;
                runs.push((start, start + Point::with_x(text.width()), text.text.to_string()));
            }
            _ => {}
        }
    }
}

/// The word of `text` that holds the characters at `range`; the characters themselves when they
/// are not part of a word (a punctuation mark).
fn word_around(text: &str, range: std::ops::Range<usize>) -> String {
    let is_word = |c: char| c.is_alphanumeric() || c == '-';
    let start = range.start.min(text.len());
    let end = range.end.clamp(start, text.len());
    if !text.get(start..end).is_some_and(|g| g.chars().any(is_word)) {
        return text.get(start..end).unwrap_or_default().to_string();
    }
    let before = text[..start].char_indices().rev().take_while(|(_, c)| is_word(*c)).last().map_or(start, |(i, _)| i);
    let after = text[end..].char_indices().find(|(_, c)| !is_word(*c)).map_or(text.len(), |(i, _)| end + i);
    let word = text[before..after].trim_matches('-');
    if word.is_empty() {
        text.get(start..end).unwrap_or_default().to_string()
    } else {
        word.to_string()
    }
}

/// The position of the first whole occurrence of `word` in `text` at or after `from`.
fn find_word(text: &str, from: Pos, word: &str) -> Option<Pos> {
    if word.is_empty() {
        return None;
    }
    let start = offset_of(text, from)?;
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    let mut at = start;
    while let Some(i) = text[at..].find(word) {
        let found = at + i;
        let end = found + word.len();
        if !is_word(text[..found].chars().next_back()) && !is_word(text[end..].chars().next()) {
            return Some(pos_of_offset(text, found));
        }
        at = found + word.chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// The byte offset of `pos` in `text`.
fn offset_of(text: &str, pos: Pos) -> Option<usize> {
    let line_start = if pos.line <= 1 { 0 } else { text.match_indices('\n').nth(pos.line - 2).map(|(i, _)| i + 1)? };
    let column = text[line_start..].char_indices().nth(pos.col.saturating_sub(1)).map_or(text.len(), |(i, _)| i);
    Some(line_start + column)
}

/// The note file of a source, for messages (`content/notes/x.md`).
pub fn display(source: &Source) -> String {
    format!("{}:{}:{}", source.file, source.line, source.column)
}

/// The editor link of a source: `vscode://file/ABSOLUTE:line:col` (VS Code and VSCodium open
/// it; other editors take the terminal's `file:line:col`).
pub fn editor_link(root: &Path, source: &Source) -> String {
    let path: PathBuf = root.join(&source.file);
    let absolute = std::path::absolute(&path).unwrap_or(path);
    let shown = crate::files::slashed(&absolute);
    format!("vscode://file/{}:{}:{}", crate::write::encode_url(&shown), source.line, source.column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_around_a_glyph() {
        assert_eq!(word_around("la communauté de pratique", 6..7), "communauté");
        assert_eq!(word_around("l’innovation sociale,", 5..6), "innovation");
        assert_eq!(word_around("fin.", 3..4), ".");
        assert_eq!(word_around("socio-économique", 0..1), "socio-économique");
    }

    #[test]
    fn a_word_is_found_whole_from_its_paragraph() {
        let text = "# Titre\n\nUne pratique partagée.\n\nLa pratique, encore : pratiques.\n";
        assert_eq!(find_word(text, Pos::new(5, 1), "pratique"), Some(Pos::new(5, 4)));
        assert_eq!(find_word(text, Pos::new(3, 1), "pratique"), Some(Pos::new(3, 5)));
        assert_eq!(find_word(text, Pos::new(5, 5), "pratique"), None, "« pratiques » is another word");
        assert_eq!(find_word(text, Pos::new(9, 1), "pratique"), None);
    }
}
