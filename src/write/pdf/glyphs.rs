//! Characters the PDF cannot print: none of the embedded fonts has a glyph for them (Kannada,
//! for one). Typst would refuse them at the end of a build, in its generated file; `check`
//! finds them first and names the note's line (« check and build agree »).

use std::path::Path;

use crate::diag::{Diagnostics, Pos};
use crate::model::{Block, Document};

/// The embedded fonts' coverage: whether some font has a glyph for a character.
pub struct Coverage(Vec<typst::text::Coverage>);

impl Coverage {
    /// Reads the coverage of the fonts the PDF embeds.
    pub fn embedded() -> Coverage {
        let mut store = typst_kit::fonts::FontStore::new();
        store.extend(typst_kit::fonts::embedded());
        let book = store.book();
        Coverage((0..).map_while(|i| book.info(i)).map(|info| info.coverage.clone()).collect())
    }

    fn covers(&self, c: char) -> bool {
        c.is_whitespace() || c.is_control() || self.0.iter().any(|cov| cov.contains(c as u32))
    }
}

/// Reports, once per note and character, what no embedded font can print, at its line in the
/// note's file (read under `root`).
pub fn report_missing(doc: &Document, coverage: &Coverage, root: &Path, diags: &mut Diagnostics) {
    for note in &doc.notes {
        let mut missing: Vec<char> = Vec::new();
        let mut look = |t: &str| {
            for c in t.chars() {
                if !coverage.covers(c) && !missing.contains(&c) {
                    missing.push(c);
                }
            }
        };
        look(&note.meta.title);
        crate::text::visit_text(&note.blocks, &mut look);
        for f in &note.footnotes {
            crate::text::visit_text(&f.blocks, &mut look);
        }
        crate::text::visit_blocks(&note.blocks, &mut |b| {
            if let Block::CodeBlock { text, .. } = b {
                look(text);
            }
        });
        if missing.is_empty() {
            continue;
        }
        let source = crate::files::read_text(root, &note.path).unwrap_or_default();
        for c in missing {
            let pos = source
                .lines()
                .enumerate()
                .find_map(|(k, l)| l.char_indices().position(|(_, x)| x == c).map(|col| Pos::new(k + 1, col + 1)));
            diags
                .error(&note.path, pos, format!("caractère « {c} » (U+{:04X}) : aucune police du PDF ne l’a", c as u32))
                .with_hint("le PDF n’imprime que ce que ses polices intégrées couvrent ; l’EPUB le garde");
        }
    }
}
