//! `content/table-des-matieres.md`: a nested Markdown list of links to note files. List order is
//! reading order, nesting is hierarchy, an item without a link is a part title.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostics, Pos};
use crate::model::{Block, Inline, LinkTarget};
use crate::text::plain_text;

/// One parsed line of the table of contents, before the notes are read.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTocItem {
    /// Nesting depth, 1 for top-level items.
    pub depth: usize,
    /// Where the item is written.
    pub pos: Pos,
    /// The linked note file (relative to the project root), or `None` for a part title.
    pub path: Option<PathBuf>,
    /// The item's text (link text, or the part title).
    pub text: String,
}

/// Reads the list(s) of the TOC note's body. Anything else in the body is reported.
pub fn parse(file: &Path, blocks: &[Block], diags: &mut Diagnostics) -> Vec<RawTocItem> {
    let mut items = Vec::new();
    for b in blocks {
        match b {
            Block::List(l) => walk(file, &l.items, 1, &mut items, diags),
            _ => {
                diags.warning(file, None, "seules les listes de la table des matières sont lues ; le reste est ignoré");
            }
        }
    }
    if items.is_empty() {
        diags.error(file, None, "la table des matières ne contient aucune liste de notes");
    }
    items
}

fn walk(file: &Path, list_items: &[Vec<Block>], depth: usize, out: &mut Vec<RawTocItem>, diags: &mut Diagnostics) {
    for item in list_items {
        let mut seen_line = false;
        for block in item {
            match block {
                Block::Paragraph(inlines) if !seen_line => {
                    seen_line = true;
                    out.push(item_line(file, inlines, depth, diags));
                }
                Block::List(sub) => walk(file, &sub.items, depth + 1, out, diags),
                _ => {
                    diags.warning(file, None, "contenu inattendu dans un élément de la table des matières (ignoré)");
                }
            }
        }
    }
}

fn item_line(file: &Path, inlines: &[Inline], depth: usize, diags: &mut Diagnostics) -> RawTocItem {
    let links: Vec<_> = inlines
        .iter()
        .filter_map(|i| match i {
            Inline::Link(l) => Some(l),
            _ => None,
        })
        .collect();
    match links.as_slice() {
        [] => {
            let text = plain_text(inlines).trim().to_string();
            RawTocItem { depth, pos: Pos::default(), path: None, text }
        }
        [link, rest @ ..] => {
            if !rest.is_empty() {
                diags.warning(
                    file,
                    Some(link.pos),
                    "un seul lien par ligne de la table des matières : les suivants sont ignorés",
                );
            }
            let text = plain_text(&link.content).trim().to_string();
            match &link.target {
                LinkTarget::Note { path, anchor: None } => {
                    RawTocItem { depth, pos: link.pos, path: Some(path.clone()), text }
                }
                LinkTarget::Note { path, anchor: Some(_) } => {
                    diags.warning(file, Some(link.pos), "l’ancre d’un lien de la table des matières est ignorée");
                    RawTocItem { depth, pos: link.pos, path: Some(path.clone()), text }
                }
                LinkTarget::Internal { .. } | LinkTarget::Entry(_) => unreachable!("the loader never resolves links"),
                LinkTarget::External(url) => {
                    diags.error(
                        file,
                        Some(link.pos),
                        format!("la table des matières doit lier des fichiers de notes, pas « {url} »"),
                    );
                    RawTocItem { depth, pos: link.pos, path: None, text }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::markdown::parse_body;

    fn toc(md: &str) -> (Vec<RawTocItem>, Diagnostics) {
        let mut d = Diagnostics::new();
        let file = Path::new("content/table-des-matieres.md");
        let body = parse_body(file, md, 1, &mut d);
        let items = parse(file, &body.blocks, &mut d);
        (items, d)
    }

    #[test]
    fn nesting_parts_and_links() {
        let (items, d) = toc("- [Résumé](resume.md)\n- Résultats\n  - [4.9 Animation](4.9.md)\n    - [4.9.1 Sous](sous/4.9.1.md)\n  - [4.10 Langage](4.10.md)\n");
        assert!(d.is_empty(), "{:?}", d.sorted());
        let summary: Vec<(usize, Option<&str>, &str)> =
            items.iter().map(|i| (i.depth, i.path.as_deref().and_then(|p| p.to_str()), i.text.as_str())).collect();
        assert_eq!(
            summary,
            [
                (1, Some("content/resume.md"), "Résumé"),
                (1, None, "Résultats"),
                (2, Some("content/4.9.md"), "4.9 Animation"),
                (3, Some("content/sous/4.9.1.md"), "4.9.1 Sous"),
                (2, Some("content/4.10.md"), "4.10 Langage"),
            ]
        );
        assert_eq!(items[2].pos, Pos::new(3, 5));
    }

    #[test]
    fn external_link_is_an_error() {
        let (_, d) = toc("- [Web](https://example.org)\n");
        assert!(d.has_errors());
    }

    #[test]
    fn empty_toc_is_an_error() {
        let (_, d) = toc("Rien ici.\n");
        assert_eq!(d.error_count(), 1);
    }
}
