//! The PDF's pages, for the EPUB: where each page of the deposited PDF begins, so that the EPUB
//! marks it (`epub:type="pagebreak"`) and lists it (`page-list`), and « p. 42 » means the same
//! place in both.
//!
//! The PDF writer finds, on each page, the first glyph of the text block (running heads, folios
//! and footnotes are artifacts or footnote entries there, left aside) and traces its span back
//! through the generated Typst file to the value of the resolved document it printed
//! ([`crate::write::pdf::markup::TypstFile::text_at`]): a [`TextId`] and a byte of its text.
//! The EPUB writer prints the same values from the same resolved document and puts the marker
//! before that byte. Pages that begin with generated text (title page, table of contents,
//! lists) are found by their first words in the EPUB's matching page.

use std::collections::HashMap;

/// A value of the resolved document that the PDF and the EPUB both print (a text of the notes,
/// a note's title or number, a part's title): its address, the same for both writers of one
/// build, which borrow the same resolved document. Never written anywhere: outputs stay the
/// same from one build to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TextId(usize);

impl TextId {
    /// The id of `value`.
    pub fn of<T>(value: &T) -> TextId {
        TextId(value as *const T as usize)
    }
}

/// Where a page of the PDF begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// Before byte `at` of the text of `id`.
    Text {
        /// The value.
        id: TextId,
        /// The byte of its text.
        at: usize,
    },
    /// Generated text (title page, table of contents, lists): its first words, letters and
    /// digits only, lowercased.
    Words(Vec<String>),
}

/// One page of the PDF: its folio as printed (« iii », « 42 »; a page without a printed folio
/// has the number it counts as) and where it begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageBreak {
    /// The folio.
    pub folio: String,
    /// Where it begins; `None` when nothing on the page could be traced (the marker then goes
    /// with the next page's).
    pub anchor: Option<Anchor>,
}

/// The words of `text` as anchors compare them: runs of letters and digits, lowercased.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// The words of the text of an XHTML fragment, each with the byte where it starts: tags are
/// skipped, an entity (`&amp;`) separates words.
fn text_words(body: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut start = None;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let letter = c.is_alphanumeric();
        if letter && start.is_none() {
            start = Some(i);
        }
        if !letter {
            if let Some(s) = start.take() {
                found.push((s, body[s..i].to_lowercase()));
            }
            let end = match c {
                '<' => '>',
                '&' => ';',
                _ => continue,
            };
            for (_, d) in chars.by_ref() {
                if d == end {
                    break;
                }
            }
        }
    }
    if let Some(s) = start {
        found.push((s, body[s..].to_lowercase()));
    }
    found
}

/// The marker of the page whose folio is `folio`.
pub fn marker(folio: &str) -> String {
    let f = crate::write::epub::xhtml::escape(folio);
    format!("<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page-{f}\" aria-label=\"{f}\"></span>")
}

/// The page breaks of one build, as the EPUB writer consumes them: the markers still to place,
/// by value, in page order.
#[derive(Debug, Default)]
pub struct Markers {
    /// Markers before bytes of values' texts: `(byte, markup)`, in increasing byte order.
    by_text: HashMap<TextId, Vec<(usize, String)>>,
    /// Markers found by words: `(words, markup)`, in page order.
    by_words: Vec<(Vec<String>, String)>,
    /// The folios placed, in page order, with the EPUB file each went in: the `page-list`.
    pub placed: Vec<(String, String)>,
}

impl Markers {
    /// The markers of `breaks`. A page that could not be traced shares the next page's place.
    pub fn new(breaks: &[PageBreak]) -> Markers {
        let mut m = Markers::default();
        let mut pending = String::new();
        for b in breaks {
            pending.push_str(&marker(&b.folio));
            match &b.anchor {
                Some(Anchor::Text { id, at }) => {
                    m.by_text.entry(*id).or_default().push((*at, std::mem::take(&mut pending)));
                }
                Some(Anchor::Words(w)) => m.by_words.push((w.clone(), std::mem::take(&mut pending))),
                None => {}
            }
        }
        for list in m.by_text.values_mut() {
            list.sort_by_key(|(at, _)| *at);
        }
        m
    }

    /// `run`, bytes `from..` of the text of `id`, escaped by `escape`, with the markers that
    /// fall inside it (or at its start) written before their byte.
    pub fn text(&mut self, id: TextId, from: usize, run: &str, escape: impl Fn(&str) -> String) -> String {
        let Some(list) = self.by_text.get_mut(&id) else { return escape(run) };
        let end = from + run.len();
        let mut out = String::new();
        let mut done = 0;
        while let Some((at, _)) = list.first() {
            if *at >= end && !(run.is_empty() && *at == from) {
                break;
            }
            let (at, markup) = list.remove(0);
            let cut = at.saturating_sub(from).min(run.len());
            let cut = (cut..=run.len()).find(|&c| run.is_char_boundary(c)).unwrap_or(run.len());
            if cut > done {
                out.push_str(&escape(&run[done..cut]));
                done = cut;
            }
            out.push_str(&markup);
        }
        out.push_str(&escape(&run[done..]));
        out
    }

    /// The markers tied to `id` wherever in its text (a figure, marked before it as a whole).
    pub fn before(&mut self, id: TextId) -> String {
        self.by_text.remove(&id).map(|list| list.into_iter().map(|(_, m)| m).collect()).unwrap_or_default()
    }

    /// `body` (an XHTML fragment of generated text) with the markers found by words placed
    /// before the first text that begins with their words; markers whose words are not there
    /// are kept for a later page.
    pub fn words_in(&mut self, body: &str) -> String {
        let mut out = body.to_string();
        let found = text_words(body);
        let mut inserts: Vec<(usize, String)> = Vec::new();
        let mut from = 0;
        while let Some((want, _)) = self.by_words.first() {
            let n = want.len().min(found.len());
            let hit = (from..found.len()).find(|&k| {
                n > 0 && k + n <= found.len() && found[k..k + n].iter().map(|(_, w)| w).eq(want[..n].iter())
            });
            let Some(k) = hit else { break };
            let (_, markup) = self.by_words.remove(0);
            inserts.push((found[k].0, markup));
            from = k;
        }
        for (at, markup) in inserts.into_iter().rev() {
            out.insert_str(at, &markup);
        }
        out
    }

    /// Whether every marker was placed.
    pub fn all_placed(&self) -> bool {
        self.by_words.is_empty() && self.by_text.values().all(Vec::is_empty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_anchor(id: TextId, at: usize, folio: &str) -> PageBreak {
        PageBreak { folio: folio.into(), anchor: Some(Anchor::Text { id, at }) }
    }

    #[test]
    fn markers_go_before_their_byte_and_untraced_pages_share_the_next_place() {
        let text = String::from("Une phrase qui passe à la page suivante.");
        let id = TextId::of(&text);
        let breaks = [PageBreak { folio: "4".into(), anchor: None }, text_anchor(id, text.find("page").unwrap(), "5")];
        let mut m = Markers::new(&breaks);
        let out = m.text(id, 0, &text, |s| s.to_string());
        let four = out.find("id=\"page-4\"").unwrap();
        let five = out.find("id=\"page-5\"").unwrap();
        assert!(four < five && out[five..].contains("></span>page suivante"), "{out}");
        assert!(m.all_placed());
    }

    #[test]
    fn markers_found_by_words_skip_tags_and_entities() {
        let breaks = [PageBreak { folio: "iii".into(), anchor: Some(Anchor::Words(words("2.5.1 Langage — un"))) }];
        let mut m = Markers::new(&breaks);
        let body =
            "<ol><li><a href=\"a.xhtml\">1 Début</a></li><li><a href=\"b.xhtml\">2.5.1 Langage &amp; un</a></li></ol>";
        let out = m.words_in(body);
        assert!(out.contains("<a href=\"b.xhtml\"><span epub:type=\"pagebreak\""), "{out}");
        assert!(out.contains("aria-label=\"iii\"></span>2.5.1 Langage"), "{out}");
        assert!(m.all_placed());
    }
}
