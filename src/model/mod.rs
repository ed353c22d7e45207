//! The owned document model: what the loader produces from `content/` (no comrak types leak out).

use std::path::PathBuf;

use crate::config::Config;
use crate::diag::Pos;
use crate::number::NoteNumber;

mod note;
pub use note::{Footnote, Note, NoteMeta, Role, Status};

/// The whole carnet as loaded: metadata, table of contents and notes in reading order.
#[derive(Debug, Clone)]
pub struct Document {
    /// `content/memoire.toml`.
    pub config: Config,
    /// The table of contents, in reading order (parts and notes).
    pub toc: Vec<TocItem>,
    /// Every note, in reading order; `notes[0]` is the table-of-contents note itself.
    pub notes: Vec<Note>,
    /// The works that may be cited (absent when `bibliography/` could not be read).
    pub bibliography: Option<Bibliography>,
    /// Every file under `content/` (for « vouliez-vous dire … ? » hints).
    pub content_files: Vec<PathBuf>,
    /// Notes of `content/` the table of contents does not list, already reported.
    pub unlisted: Vec<PathBuf>,
    /// Those of them a mistyped line of the table meant (the line's error names them).
    pub mistyped: Vec<PathBuf>,
}

/// Bytes shared without copies (a Typst world keeps them from one build to the next).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedBytes(pub std::sync::Arc<Vec<u8>>);

impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// The project's files the outputs embed, read once before the writers run so that they read
/// none (`load::assets::read`; `check` and `import` do not need them):
/// every regular file of `content/`, `bibliography/` and `styles/` (what the archive keeps; a
/// symbolic link is never followed there), and the images a note shows through a link that
/// stays inside the project (served, not archived).
#[derive(Debug, Clone, Default)]
pub struct Assets {
    /// Source files by path relative to the project root (`/` separators), sorted.
    pub sources: std::collections::BTreeMap<String, SharedBytes>,
    /// Images reached through a symbolic link inside the project, by the path the note gives.
    pub linked: std::collections::BTreeMap<String, SharedBytes>,
}

impl Assets {
    /// The bytes of the project file `path` (relative to the root, `/` separators).
    pub fn get(&self, path: &str) -> Option<&SharedBytes> {
        self.sources.get(path).or_else(|| self.linked.get(path))
    }
}

/// The works the mémoire may cite, and how to format them.
#[derive(Debug, Clone)]
pub struct Bibliography {
    /// Every entry, in file order.
    pub library: hayagriva::Library,
    /// Where each key is defined.
    pub origins: std::collections::HashMap<String, (PathBuf, Pos)>,
    /// The fields each incomplete entry lacks for the style (reported only for the entries
    /// the mémoire prints).
    pub incomplete: std::collections::HashMap<String, Vec<&'static str>>,
    /// The CSL style.
    pub style: hayagriva::citationberg::IndependentStyle,
    /// False when a file could not be read: unknown keys are then not reported (the file's own
    /// error says what is wrong).
    pub complete: bool,
    /// A hash of the files and the style's name: formatted citations can be reused while it
    /// stays the same (`memoire watch`).
    pub fingerprint: u64,
}

/// One line of the table of contents.
#[derive(Debug, Clone, PartialEq)]
pub struct TocItem {
    /// Nesting depth, 1 for top-level items.
    pub depth: usize,
    /// A part title or a note.
    pub kind: TocKind,
    /// Where the item is written in `table-des-matieres.md`.
    pub pos: Pos,
}

/// What a table-of-contents line stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum TocKind {
    /// An item without a link: a part title such as « Résultats ».
    Part(String),
    /// A note, as an index into [`Document::notes`].
    Note(usize),
}

/// A block of a note body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A heading inside a note (`##` is level 2, the first level under the note's own title).
    Heading(Heading),
    /// A block quotation.
    BlockQuote(Vec<Block>),
    /// A bulleted or numbered list; each item is a list of blocks.
    List(List),
    /// A code block.
    CodeBlock {
        /// The info string (language), possibly empty.
        info: String,
        /// The code, verbatim.
        text: String,
    },
    /// A GFM table.
    Table(Table),
    /// An image standing alone in its paragraph: a figure with its caption.
    Figure(Image),
    /// A thematic break (`---`).
    Rule,
    /// A passage in another language (`<div lang="en">`), with its blocks.
    Lang {
        /// BCP 47 tag, e.g. `en`.
        lang: String,
        /// The passage.
        blocks: Vec<Block>,
    },
}

/// A heading inside a note.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// Markdown level (2 for `##`).
    pub level: u8,
    /// The heading text.
    pub content: Vec<Inline>,
    /// The anchor other notes link to (`#diversite-des-organisations`), unique within the note.
    pub anchor: String,
    /// The number given by [`crate::resolve`] under the note's own (4.13 → 4.13.1).
    pub number: Option<NoteNumber>,
    /// Written `## Titre {-}` (Pandoc's mark): printed without number, not counted.
    pub unnumbered: bool,
    /// Where the heading is written.
    pub pos: Pos,
}

/// A list.
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    /// Numbered (`1.`) or bulleted.
    pub ordered: bool,
    /// First number of a numbered list.
    pub start: usize,
    /// Items, each a list of blocks.
    pub items: Vec<Vec<Block>>,
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Not specified.
    None,
    /// `:--`
    Left,
    /// `:-:`
    Center,
    /// `--:`
    Right,
}

/// A GFM table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// One alignment per column.
    pub aligns: Vec<Align>,
    /// The header row's cells.
    pub header: Vec<Vec<Inline>>,
    /// The body rows.
    pub rows: Vec<Vec<Vec<Inline>>>,
    /// Its caption, from a `Table: …` (or `: …`) line right after it, as Pandoc reads it.
    pub caption: Vec<Inline>,
    /// « 4.1 », given by [`crate::resolve`] to a table with a caption (chapter, then rank).
    pub number: Option<String>,
}

/// An image.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// Path as written, relative to the note.
    pub src: String,
    /// Alternative text (the `[...]` part), for screen readers.
    pub alt: Vec<Inline>,
    /// The title (`"..."`), used as caption when present.
    pub title: String,
    /// « 4.1 », given by [`crate::resolve`] to a figure (an image alone in its paragraph).
    pub number: Option<String>,
    /// Where it is written.
    pub pos: Pos,
}

/// Inline content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// *Emphasis*.
    Emph(Vec<Inline>),
    /// **Strong emphasis**.
    Strong(Vec<Inline>),
    /// ~~Struck out~~.
    Strike(Vec<Inline>),
    /// `code`, verbatim.
    Code(String),
    /// A link, to the web or to another note.
    Link(Link),
    /// An inline image.
    Image(Image),
    /// A call to one of the note's footnotes.
    FootnoteRef {
        /// The label, scoped to the note.
        label: String,
        /// Where it is written.
        pos: Pos,
    },
    /// A citation of one or more works.
    Cite(Citation),
    /// A soft line break (a space when printed).
    SoftBreak,
    /// A hard line break.
    LineBreak,
    /// A passage in another language (`<span lang="en">`).
    Lang {
        /// BCP 47 tag.
        lang: String,
        /// The passage.
        content: Vec<Inline>,
    },
}

/// A link, with its target as written and, once resolved, what it points to.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// What the link points to.
    pub target: LinkTarget,
    /// The link text.
    pub content: Vec<Inline>,
    /// Where it is written.
    pub pos: Pos,
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTarget {
    /// A web address (or `mailto:`), printed as is.
    External(String),
    /// Another note (or this one), by path relative to the project root, with an optional anchor.
    Note {
        /// The target note file, relative to the project root.
        path: PathBuf,
        /// A heading anchor inside it.
        anchor: Option<String>,
    },
    /// A bibliography entry, by key (citations link to their entry).
    Entry(String),
    /// A note of the document once [`crate::resolve`] found it: index in [`Document::notes`].
    Internal {
        /// Index of the target note.
        note: usize,
        /// A heading anchor inside it.
        anchor: Option<String>,
    },
}

/// How a citation is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CiteMode {
    /// `[@key]`: « (Wenger, 2005) ».
    Parenthetical,
    /// `@key`: « Wenger (2005) ».
    Narrative,
}

/// A citation: one or more cited works.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    /// Parenthetical or narrative.
    pub mode: CiteMode,
    /// The cited works, in order.
    pub items: Vec<CiteItem>,
    /// The citation exactly as written, for diagnostics and fallbacks.
    pub source: String,
    /// Where it is written.
    pub pos: Pos,
    /// The citation as the style prints it (filled by [`crate::resolve`]), each work linked to
    /// its bibliography entry; empty until then.
    pub rendered: Vec<Inline>,
}

/// One cited work inside a citation.
#[derive(Debug, Clone, PartialEq)]
pub struct CiteItem {
    /// The bibliography key.
    pub key: String,
    /// Text before the key (« voir »).
    pub prefix: String,
    /// A locator such as page 12.
    pub locator: Option<Locator>,
    /// Free text after the locator (« et suiv. »).
    pub suffix: String,
    /// `-@key`: the year alone.
    pub suppress_author: bool,
    /// After a work of the same authors in the same citation: its year alone, after a comma
    /// (« Simard, 1994, 2016 »); set by [`crate::resolve::citations`] (APA 8.12).
    pub grouped: bool,
    /// Where the key is written.
    pub pos: Pos,
}

/// A CSL locator: its kind and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locator {
    /// Page, paragraph, chapter…
    pub kind: LocatorKind,
    /// « 12 », « 12-14 ».
    pub value: String,
}

/// The kinds of locators the author writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocatorKind {
    /// p., pp., page
    Page,
    /// paragr., par., §
    Paragraph,
    /// chap.
    Chapter,
    /// sect.
    Section,
    /// fig.
    Figure,
    /// vol.
    Volume,
    /// n°, no
    Issue,
}
