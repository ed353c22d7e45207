//! Inlines as Typst markup: text escaped, emphasis, links and renvois, citations, footnotes,
//! images in the text, language spans.

use std::fmt::Write as _;

use super::super::escape;
use super::{entry_label, label, renvoi, Writer};
use crate::model::{Inline, LinkTarget};
use crate::write::pages::TextId;

impl Writer<'_> {
    /// `inlines` as markup for a title in the table of contents: footnotes left out, links
    /// (citations too) as their text.
    pub(super) fn plain_markup(&mut self, inlines: &[Inline]) -> String {
        let (out, parens) = (std::mem::take(&mut self.out), self.open_parens);
        self.plain = true;
        self.inlines(inlines);
        self.plain = false;
        self.open_parens = parens;
        std::mem::replace(&mut self.out, out)
    }

    pub(super) fn inlines(&mut self, inlines: &[Inline]) {
        for i in inlines {
            self.inline(i);
        }
    }

    pub(super) fn inline(&mut self, i: &Inline) {
        match i {
            Inline::Text(t) => {
                self.open_parens += t.matches('(').count() as i32 - t.matches(')').count() as i32;
                // An inclusive form is boxed: no line break, no hyphenation inside it.
                let id = TextId::of(t);
                for (run, inclusive) in crate::resolve::typography::inclusive_words(t) {
                    let from = run.as_ptr() as usize - t.as_ptr() as usize;
                    if inclusive {
                        self.out.push_str("#box[");
                        self.text_run(id, from, run);
                        self.out.push(']');
                    } else {
                        self.text_run(id, from, run);
                    }
                }
            }
            Inline::Emph(c) => self.wrapped("emph", c),
            Inline::Strong(c) => self.wrapped("strong", c),
            Inline::Strike(c) => self.wrapped("strike", c),
            Inline::Code(c) => {
                let _ = write!(self.out, "#raw(\"{}\")", escape::string(c));
            }
            Inline::SoftBreak => self.out.push(' '),
            Inline::LineBreak => self.out.push_str("#linebreak()"),
            Inline::Lang { lang, content } => {
                let _ = write!(self.out, "#text({})[", super::lang_args(lang));
                self.inlines(content);
                self.out.push(']');
            }
            Inline::Link(l) if self.plain => self.inlines(&l.content),
            Inline::FootnoteRef { .. } if self.plain => {}
            Inline::Link(l) => match &l.target {
                LinkTarget::External(url) => {
                    let _ = write!(self.out, "#link(\"{}\")[", escape::string(&crate::write::encode_url(url)));
                    self.inlines(&l.content);
                    self.out.push(']');
                }
                LinkTarget::Internal { note, anchor } => {
                    let (shown, named) = renvoi(&self.doc.notes[*note], anchor.as_deref(), &l.content);
                    let _ = write!(
                        self.out,
                        "#renvoi(<{}>, [{}], entre-parentheses: {}, nomme: {named})[",
                        label(*note, anchor.as_deref()),
                        escape::markup(&shown),
                        self.open_parens > 0
                    );
                    self.inlines(&l.content);
                    self.out.push(']');
                }
                LinkTarget::Entry(key) => {
                    let _ = write!(self.out, "#link(lien(<{}>))[", entry_label(key));
                    self.inlines(&l.content);
                    self.out.push(']');
                }
                LinkTarget::Note { .. } => {
                    // Unresolved (already reported): print the text alone.
                    self.inlines(&l.content);
                }
            },
            Inline::Image(img) => {
                let _ = write!(self.out, "#box({})", self.image_call(img, Some("1em")));
            }
            Inline::FootnoteRef { label: fl, pos } => {
                let name = format!("fn{}-{}", self.note, escape::label(fl));
                if self.seen_footnotes.insert(fl.clone()) {
                    self.origin(*pos);
                    let note = &self.doc.notes[self.note];
                    let blocks =
                        note.footnotes.iter().find(|f| &f.label == fl).map(|f| f.blocks.clone()).unwrap_or_default();
                    self.out.push_str("#footnote[");
                    let outer = std::mem::replace(&mut self.in_footnote, true);
                    self.item_blocks(&blocks, 1);
                    self.in_footnote = outer;
                    let _ = write!(self.out, "]<{name}>");
                    // The paragraph's text goes on after the call.
                    self.origin(*pos);
                } else {
                    let _ = write!(self.out, "#footnote(<{name}>)");
                }
            }
            Inline::Cite(c) if c.rendered.is_empty() => self.out.push_str(&escape::markup(&c.source)),
            Inline::Cite(c) => self.inlines(&c.rendered),
        }
    }

    pub(super) fn wrapped(&mut self, func: &str, content: &[Inline]) {
        let _ = write!(self.out, "#{func}[");
        self.inlines(content);
        self.out.push(']');
    }
}
