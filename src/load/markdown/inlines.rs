//! The inline half of the Markdown conversion: emphasis, links, images, footnote calls,
//! `<span lang>` passages, and the citations found in text.

use comrak::nodes::{AstNode, NodeValue};

use super::{is_close, lang_open, protect, unprotect, Converter, MAX_INLINE_NESTING};
use crate::diag::Pos;
use crate::load::cite::{split_citations, Segment};
use crate::model::{Citation, CiteItem, Image, Inline, Link, LinkTarget};

impl Converter<'_> {
    /// Converts the inline children of `node`. Inside links, citations are not looked for.
    pub(super) fn inlines<'a>(&mut self, node: &'a AstNode<'a>, in_link: bool) -> Vec<Inline> {
        if self.inline_depth > MAX_INLINE_NESTING {
            self.report_depth(node, "niveaux d’italique, de gras, de liens ou de barré", MAX_INLINE_NESTING);
            return Vec::new();
        }
        let children: Vec<&'a AstNode<'a>> = node.children().collect();
        self.inline_depth += 1;
        let out = self.inline_seq(&children, in_link);
        self.inline_depth -= 1;
        out
    }

    /// Converts a run of sibling inline nodes.
    fn inline_seq<'a>(&mut self, children: &[&'a AstNode<'a>], in_link: bool) -> Vec<Inline> {
        // First pass: raw inlines with adjacent text merged (comrak splits `[`, `@k`, `]`).
        let mut raw: Vec<(Inline, Pos)> = Vec::new();
        let mut i = 0;
        while i < children.len() {
            let child = children[i];
            let pos = self.pos(child);
            let value = child.data().value.clone();
            let inline = match value {
                NodeValue::Text(t) => {
                    self.note_capitals(&t, pos);
                    if let Some((Inline::Text(prev), _)) = raw.last_mut() {
                        prev.push_str(&t);
                        i += 1;
                        continue;
                    }
                    Inline::Text(t.to_string())
                }
                NodeValue::Escaped => {
                    let text: String = child
                        .children()
                        .filter_map(|c| match &c.data().value {
                            NodeValue::Text(t) => Some(protect(t)),
                            _ => None,
                        })
                        .collect();
                    if let Some((Inline::Text(prev), _)) = raw.last_mut() {
                        prev.push_str(&text);
                        i += 1;
                        continue;
                    }
                    Inline::Text(text)
                }
                NodeValue::Emph => Inline::Emph(self.inlines(child, in_link)),
                NodeValue::Strong => Inline::Strong(self.inlines(child, in_link)),
                NodeValue::Strikethrough => Inline::Strike(self.inlines(child, in_link)),
                NodeValue::Code(c) => Inline::Code(c.literal.clone()),
                NodeValue::SoftBreak => Inline::SoftBreak,
                NodeValue::LineBreak => Inline::LineBreak,
                NodeValue::Link(l) => {
                    let content = self.inlines(child, true);
                    match crate::load::links::link_target(self.file, &l.url) {
                        // A web link with no text would be an empty, unreadable link (PDF/UA):
                        // its address is its text.
                        Ok(LinkTarget::External(url)) if crate::text::plain_text(&content).trim().is_empty() => {
                            self.diags
                                .warning(self.file, Some(pos), "lien sans texte : son adresse est imprimée à sa place")
                                .with_hint("écrivez le texte du lien entre les crochets : [texte](adresse)");
                            let content = vec![Inline::Text(url.clone())];
                            Inline::Link(Link { target: LinkTarget::External(url), content, pos })
                        }
                        Ok(target) => Inline::Link(Link { target, content, pos }),
                        Err(why) => {
                            self.diags
                                .warning(self.file, Some(pos), format!("lien imprimé comme texte : {why}"))
                                .with_hint(
                                    "seuls http, https, mailto et les liens vers les notes du carnet restent actifs",
                                );
                            raw.extend(content.into_iter().map(|c| (c, pos)));
                            i += 1;
                            continue;
                        }
                    }
                }
                NodeValue::Image(l) => Inline::Image(Image {
                    src: l.url.clone(),
                    alt: self.inlines(child, true),
                    title: l.title.clone(),
                    number: None,
                    pos,
                }),
                NodeValue::FootnoteReference(f) => Inline::FootnoteRef { label: f.name.clone(), pos },
                NodeValue::HtmlInline(h) => {
                    if let Some(lang) = lang_open(&h, "span") {
                        self.check_lang(&lang, pos);
                        let close = children[i + 1..]
                            .iter()
                            .position(|n| matches!(&n.data().value, NodeValue::HtmlInline(c) if is_close(c, "span")));
                        if let Some(c) = close.filter(|_| self.inline_depth <= MAX_INLINE_NESTING) {
                            self.inline_depth += 1;
                            let content = self.inline_seq(&children[i + 1..i + 1 + c], in_link);
                            self.inline_depth -= 1;
                            raw.push((Inline::Lang { lang, content }, pos));
                            i += c + 2;
                            continue;
                        }
                    }
                    if super::after_comment(&h).is_some() {
                        // A comment prints nothing (CommonMark ends inline HTML at its `-->`).
                        i += 1;
                        continue;
                    }
                    self.diags.warning(self.file, Some(pos), format!("HTML imprimé tel quel : {h}"));
                    Inline::Text(h.clone())
                }
                other => {
                    self.diags.warning(
                        self.file,
                        Some(pos),
                        format!("élément non pris en charge : {}", other.xml_node_name()),
                    );
                    i += 1;
                    continue;
                }
            };
            raw.push((inline, pos));
            i += 1;
        }
        // Second pass: citations and undefined footnote calls inside text.
        let mut out = Vec::with_capacity(raw.len());
        for (inline, pos) in raw {
            match inline {
                Inline::Text(t) if !in_link => self.text_with_citations(&t, pos, &mut out),
                Inline::Text(t) => out.push(Inline::Text(unprotect(&t))),
                other => out.push(other),
            }
        }
        out
    }

    /// Splits citations out of `text` (which starts at `pos`) and reports `[^x]` calls that
    /// comrak left as text because no definition exists.
    fn text_with_citations(&mut self, text: &str, pos: Pos, out: &mut Vec<Inline>) {
        let at = |offset: usize| Pos::new(pos.line, pos.col + text[..offset].chars().count());
        let mut search = 0;
        while let Some(rel) = text[search..].find("[^") {
            let start = search + rel;
            if let Some(len) = text[start + 2..].find(']') {
                let label = &text[start + 2..start + 2 + len];
                if !label.is_empty() && !label.contains(char::is_whitespace) {
                    self.diags
                        .error(
                            self.file,
                            Some(at(start)),
                            format!("appel de note [^{label}] sans définition dans cette note"),
                        )
                        .with_hint(format!("ajoutez une ligne `[^{label}]: texte de la note` à la fin de la note"));
                }
            }
            search = start + 2;
        }
        for seg in split_citations(text) {
            match seg {
                Segment::Text(t) => match out.last_mut() {
                    Some(Inline::Text(prev)) => prev.push_str(&unprotect(&t)),
                    _ => out.push(Inline::Text(unprotect(&t))),
                },
                Segment::Cite(c) => {
                    let items = c
                        .items
                        .into_iter()
                        .map(|it| CiteItem {
                            key: it.key,
                            prefix: it.prefix,
                            locator: it.locator,
                            suffix: it.suffix,
                            suppress_author: it.suppress_author,
                            grouped: false,
                            pos: at(it.key_start),
                        })
                        .collect();
                    out.push(Inline::Cite(Citation {
                        mode: c.mode,
                        items,
                        source: c.source,
                        pos: at(c.start),
                        rendered: Vec::new(),
                    }));
                }
            }
        }
    }
}
