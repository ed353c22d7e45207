//! Diagnostics as data: every stage pushes located errors and warnings, printing is separate.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build cannot produce faithful outputs.
    Error,
    /// Something the author should look at; the build goes on.
    Warning,
    /// A fact worth a line (« 480 entrées ne sont pas citées »): not a problem, never made an
    /// error by `--strict`.
    Note,
}

/// A place in a source file: 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize)]
pub struct Pos {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
}

impl Pos {
    /// A position at `line`, `col`.
    pub fn new(line: usize, col: usize) -> Self {
        Pos { line, col }
    }
}

/// One problem found in the sources, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// File relative to the project root (empty when the problem is not tied to a file).
    pub file: PathBuf,
    /// Where in the file; `None` for a whole-file problem.
    pub pos: Option<Pos>,
    /// What is wrong, in French, for the author.
    pub message: String,
    /// A suggestion of what to do, if any.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// Adds a hint shown under the message.
    pub fn with_hint(&mut self, hint: impl Into<String>) -> &mut Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "erreur",
            Severity::Warning => "avertissement",
            Severity::Note => "note",
        };
        // The platform's separator, whichever the path was written with (`content\notes` on
        // Windows, `content/notes` elsewhere).
        let file = self.file.to_string_lossy().replace(['\\', '/'], std::path::MAIN_SEPARATOR_STR);
        match (file.is_empty(), self.pos) {
            (true, _) => write!(f, "{label}: {}", self.message)?,
            (false, None) => write!(f, "{file}: {label}: {}", self.message)?,
            (false, Some(p)) => write!(f, "{file}:{}:{}: {label}: {}", p.line, p.col, self.message)?,
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  aide : {hint}")?;
        }
        Ok(())
    }
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error at `file`:`pos`.
    pub fn error(&mut self, file: &Path, pos: Option<Pos>, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Severity::Error, file, pos, message)
    }

    /// Records a note (a fact, not a problem) at `file`:`pos`.
    pub fn note(&mut self, file: &Path, pos: Option<Pos>, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Severity::Note, file, pos, message)
    }

    /// Records a warning at `file`:`pos`.
    pub fn warning(&mut self, file: &Path, pos: Option<Pos>, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Severity::Warning, file, pos, message)
    }

    fn push(
        &mut self,
        severity: Severity,
        file: &Path,
        pos: Option<Pos>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.items.push(Diagnostic { severity, file: file.to_path_buf(), pos, message: message.into(), hint: None });
        self.items.last_mut().expect("just pushed")
    }

    /// Appends every diagnostic of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// True when at least one error was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    /// Turns every warning into an error (`--strict`).
    pub fn make_warnings_errors(&mut self) {
        for d in self.items.iter_mut().filter(|d| d.severity == Severity::Warning) {
            d.severity = Severity::Error;
        }
    }

    /// The diagnostics sorted by file, line, column, then message: a stable order to print.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| (&a.file, a.pos, a.severity, &a.message).cmp(&(&b.file, b.pos, b.severity, &b.message)));
        v
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Where the lines of a text start: many offsets turned into positions in one pass over the
/// text (a library of 100,000 entries, each located by [`pos_of_offset`], took 110 s).
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    /// Indexes the lines of `text`.
    pub fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { text, starts }
    }

    /// The 1-based line and character column of byte offset `offset`, as [`pos_of_offset`].
    pub fn pos(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|s| *s <= offset);
        let start = self.starts[line - 1];
        Pos::new(line, self.text[start..offset].chars().count() + 1)
    }
}

/// The 1-based line and character column of byte offset `offset` in `text`.
pub fn pos_of_offset(text: &str, offset: usize) -> Pos {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos::new(line, before[line_start..].chars().count() + 1)
}

/// The author's text as a message quotes it: whole when short, else its first `max` characters
/// and « … (N caractères) », so that a runaway title never floods the terminal.
pub fn excerpt(text: &str, max: usize) -> String {
    let len = text.chars().count();
    if len <= max {
        return text.to_string();
    }
    let start: String = text.chars().take(max).collect();
    format!("{start}… ({} caractères)", crate::fr::number(len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_bounded() {
        assert_eq!(excerpt("court", 10), "court");
        let long = "é".repeat(10_000);
        let e = excerpt(&long, 5);
        assert!(e.starts_with("ééééé…") && e.contains("10\u{202f}000 caractères"), "{e}");
        assert_eq!(pos_of_offset("aé", 2), Pos::new(1, 2), "an offset inside a character");
    }

    #[test]
    fn offsets_count_characters() {
        let t = "é\nàb c";
        assert_eq!(pos_of_offset(t, 0), Pos::new(1, 1));
        assert_eq!(pos_of_offset(t, 3), Pos::new(2, 1));
        assert_eq!(pos_of_offset(t, t.find('c').unwrap()), Pos::new(2, 4));
        let index = LineIndex::new(t);
        for offset in 0..=t.len() + 2 {
            assert_eq!(index.pos(offset), pos_of_offset(t, offset), "{offset}");
        }
    }

    #[test]
    fn display_has_location_and_hint() {
        let mut d = Diagnostics::new();
        d.error(Path::new("content/a.md"), Some(Pos::new(3, 7)), "lien brisé").with_hint("voyez b.md");
        let s = d.sorted()[0].to_string();
        assert_eq!(s, "content/a.md:3:7: erreur: lien brisé\n  aide : voyez b.md");
    }

    #[test]
    fn paths_are_shown_with_the_platform_separator() {
        let sep = std::path::MAIN_SEPARATOR;
        // A TOC link written with `/` and a path Windows built with `\` both come out with the
        // separator of the platform the author runs (`content\notes\a.md` on Windows).
        for written in ["content/notes/a.md", "content\\notes\\a.md", "content/notes\\a.md"] {
            let mut d = Diagnostics::new();
            d.warning(Path::new(written), None, "titre absent");
            let s = d.sorted()[0].to_string();
            assert_eq!(s, format!("content{sep}notes{sep}a.md: avertissement: titre absent"), "{written}");
        }
    }
}
