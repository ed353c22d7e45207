//! Citations and bibliography, formatted once with hayagriva in the resolve stage: every
//! citation gets its printed form (each work linked to its entry) and the bibliography its
//! entries, in the style's order. Writers only print what is here.

use std::collections::BTreeSet;

use hayagriva::citationberg::{FontStyle, FontWeight, Locale, LocaleCode};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, CitePurpose, ElemChild, ElemChildren,
    Entry, LocatorPayload, SpecificLocator,
};

use crate::diag::Diagnostics;
use crate::model::Bibliography;
use crate::model::{Citation, CiteMode, Document, Inline, LinkTarget, LocatorKind};
use crate::resolve::typography::{french, NNBSP};

mod cache;
mod entries;
mod locators;
mod order;

use cache::Cache;
pub use cache::CitationCache;
use locators::{csl_locator, learn_locators, locator_label, PROBE, PROBE_RANGE};

/// One entry of the printed bibliography.
#[derive(Debug, Clone, PartialEq)]
pub struct BibItem {
    /// The entry's key (anchor of the links that cite it).
    pub key: String,
    /// The entry as the style prints it.
    pub content: Vec<Inline>,
}

/// The printed bibliography.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PrintedBibliography {
    /// Entries in the style's order.
    pub items: Vec<BibItem>,
    /// Whether the style wants hanging indents.
    pub hanging_indent: bool,
    /// The keys of the entries never cited, hence not printed (`memoire check --verbose`).
    pub uncited: Vec<String>,
}

/// Formats every citation of `doc` in place and returns the bibliography. Unknown keys are
/// errors (with the closest known keys); entries never cited are counted in one note.
pub fn format(doc: &mut Document, cache: &mut CitationCache, diags: &mut Diagnostics) -> PrintedBibliography {
    let Some(bib) = doc.bibliography.take() else { return PrintedBibliography::default() };
    let language = doc.config.memoire.language.clone();
    let print_all = doc.config.build.bibliography_all;
    let result = format_with(doc, &bib, &language, print_all, cache, diags);
    doc.bibliography = Some(bib);
    result
}

/// What makes two cited items print alike: key, locator (kind, value) and form (a probe has
/// no key).
type RequestId = (String, Option<(u8, String)>, u8);

/// Formatted citations of the last build, reused by the next one (`memoire watch`) when the
/// bibliography, the style, the language and the set of cited works are the same: in an
/// author-date style nothing else changes how a work prints.
type CacheKey = (u64, String, bool, BTreeSet<String>);

/// Where one cited item came from (citation number, item number) and which request renders it.
pub(super) struct Slot {
    citation: usize,
    item: usize,
    request: usize,
    /// The probe request that shows how the style prints this item's kind of locator.
    probe: Option<usize>,
}

fn format_with(
    doc: &mut Document,
    bib: &Bibliography,
    language: &str,
    print_all: bool,
    cache: &mut CitationCache,
    diags: &mut Diagnostics,
) -> PrintedBibliography {
    let style = &bib.style;
    let french_names = language.starts_with("fr");

    // Works in APA order inside each citation, those of the same authors grouped (order.rs).
    let entry = |key: &str| bib.library.get(key);
    for note in &mut doc.notes {
        order::apa_order_all(&mut note.blocks, &entry);
        for f in &mut note.footnotes {
            order::apa_order_all(&mut f.blocks, &entry);
        }
    }

    // Every citation in reading order (note text, then its footnotes), with its note's path.
    let mut citations: Vec<(std::path::PathBuf, Citation)> = Vec::new();
    for note in &doc.notes {
        let mut push = |i: &Inline| {
            if let Inline::Cite(c) = i {
                citations.push((note.path.clone(), c.clone()));
            }
        };
        crate::text::visit_inlines(&note.blocks, &mut push);
        for f in &note.footnotes {
            crate::text::visit_inlines(&f.blocks, &mut push);
        }
    }

    let keys: Vec<&str> = bib.library.keys().collect();
    let mut cited = BTreeSet::new();
    let mut found: Vec<Found> = Vec::new();
    for (ci, (file, c)) in citations.iter().enumerate() {
        for (ii, item) in c.items.iter().enumerate() {
            let Some(entry) = bib.library.get(&item.key) else {
                if !bib.complete {
                    continue;
                }
                let d = diags.error(file, Some(item.pos), format!("clé de bibliographie inconnue « {} »", item.key));
                if let Some(close) = closest_keys(&item.key, &keys) {
                    d.hint = Some(format!("vouliez-vous dire {close} ?"));
                }
                continue;
            };
            cited.insert(item.key.clone());
            let purpose = match (c.mode, item.suppress_author || item.grouped) {
                (_, true) => Some(CitePurpose::Year),
                (CiteMode::Narrative, false) => Some(CitePurpose::Prose),
                (CiteMode::Parenthetical, false) => None,
            };
            let form = match purpose {
                None => 0,
                Some(CitePurpose::Prose) => 1,
                Some(_) => 2,
            };
            found.push((ci, ii, entry, purpose, form));
        }
    }
    let uncited: Vec<&str> = sorted_origins(bib).into_iter().map(|(k, _)| k).filter(|k| !cited.contains(*k)).collect();
    entries::report_entries(bib, &cited, print_all, &uncited, diags);

    // In an author-date style a work prints the same wherever it is cited: each work is formatted
    // once per form, and each kind of locator once per form on a probe (« p. 9999 »), whose
    // rendering is then given to every locator of that kind. Few requests make hayagriva's pass
    // much shorter (it compares every citation with the others to tell apart works that would
    // print alike). A style whose locators cannot be learnt so gets one request per locator.
    let cache_key = (bib.fingerprint, language.to_string(), print_all, cited.clone());
    let mut render =
        |pending: &[Request]| render_requests(pending, bib, language, print_all, &uncited, &cache_key, cache);
    let (pending, mut slots) = plan(&found, &citations, true);
    let (mut texts, mut printed) = render(&pending);
    let forms = learn_locators(&pending, &texts, &slots, french_names);
    let forms = match forms {
        Some(forms) => forms,
        None => {
            let (pending, s) = plan(&found, &citations, false);
            (texts, printed) = render(&pending);
            slots = s;
            std::collections::HashMap::new()
        }
    };

    let range_dash = range_delimiter(style, cache.locales(language), language);

    // Each requested item's printed text, in request order.
    let prefix = style.citation.layout.prefix.as_deref().unwrap_or("");
    let suffix = style.citation.layout.suffix.as_deref().unwrap_or("");
    let mut pieces: Vec<Vec<Option<Vec<Inline>>>> = citations.iter().map(|(_, c)| vec![None; c.items.len()]).collect();
    for slot in &slots {
        let c = &citations[slot.citation].1;
        let item = &c.items[slot.item];
        let mut inl = texts[slot.request].clone();
        if let (Some(probe), Some(l)) = (slot.probe, &item.locator) {
            forms[&probe].apply(&mut inl, &l.value);
        }
        if c.mode == CiteMode::Parenthetical && !item.suppress_author && !item.grouped {
            strip_affixes(&mut inl, prefix, suffix);
        }
        if item.suppress_author {
            if let Some(l) = &item.locator {
                push_text(&mut inl, &format!(", {}", locator_label(l.kind, &l.value, &range_dash)));
            }
        }
        if !item.prefix.is_empty() {
            inl.insert(0, Inline::Text(format!("{} ", item.prefix)));
        }
        if !item.suffix.is_empty() {
            let sep = if item.locator.is_some() { " " } else { ", " };
            push_text(&mut inl, &format!("{sep}{}", item.suffix));
        }
        let linked = Inline::Link(crate::model::Link {
            target: LinkTarget::Entry(item.key.clone()),
            content: inl,
            pos: item.pos,
        });
        pieces[slot.citation][slot.item] = Some(vec![linked]);
    }

    // Assemble each citation and put it back in the document, in the same traversal order.
    let mut assembled: Vec<Vec<Inline>> = Vec::with_capacity(citations.len());
    for ((_, c), items) in citations.iter().zip(pieces) {
        let mut out: Vec<Inline> = Vec::new();
        let all_year_only = c.items.iter().all(|i| i.suppress_author);
        let wrap = c.mode == CiteMode::Parenthetical;
        if wrap {
            out.push(Inline::Text(if all_year_only { "(".into() } else { prefix.into() }));
        }
        for (k, (item, piece)) in c.items.iter().zip(items).enumerate() {
            if item.grouped {
                out.push(Inline::Text(", ".into()));
            } else if k > 0 {
                out.push(Inline::Text(format!("{NNBSP}; ")));
            }
            match piece {
                Some(p) => out.extend(p),
                None => out.push(Inline::Text(format!("@{}", item.key))), // unknown key, reported
            }
        }
        if wrap {
            out.push(Inline::Text(if all_year_only { ")".into() } else { suffix.into() }));
        }
        french_inlines(&mut out);
        assembled.push(out);
    }
    let mut next = assembled.into_iter();
    for note in &mut doc.notes {
        // Same order as the collection above: visit_inlines_mut mirrors visit_inlines.
        let mut set = |i: &mut Inline| {
            if let Inline::Cite(c) = i {
                c.rendered = next.next().unwrap_or_default();
            }
            true
        };
        crate::text::visit_inlines_mut(&mut note.blocks, &mut set);
        for f in &mut note.footnotes {
            crate::text::visit_inlines_mut(&mut f.blocks, &mut set);
        }
    }
    if !print_all {
        printed.uncited = uncited.iter().map(|k| k.to_string()).collect();
    }
    printed
}

fn sorted_origins(bib: &Bibliography) -> Vec<(&str, &(std::path::PathBuf, crate::diag::Pos))> {
    let mut v: Vec<_> = bib.origins.iter().map(|(k, o)| (k.as_str(), o)).collect();
    v.sort_by(|a, b| (&a.1 .0, a.1 .1).cmp(&(&b.1 .0, b.1 .1)));
    v
}

/// The known keys closest to `key`, as « a » or « a, b ».
fn closest_keys(key: &str, keys: &[&str]) -> Option<String> {
    let mut scored: Vec<(usize, &str)> =
        keys.iter().map(|k| (crate::util::edit_distance(key, k), *k)).filter(|(d, _)| *d <= 3).collect();
    scored.sort();
    let best: Vec<&str> = scored.iter().take(2).map(|(_, k)| *k).collect();
    (!best.is_empty()).then(|| best.join(" ou "))
}

/// One formatting request: a work, in a form, with a locator (a probe's or an item's own).
pub(super) struct Request<'b> {
    id: RequestId,
    entry: &'b Entry,
    locator: Option<(LocatorKind, String)>,
    purpose: Option<CitePurpose>,
}

type Found<'b> = (usize, usize, &'b Entry, Option<CitePurpose>, u8);

/// The requests for the cited items: with `probed`, one per work and form plus one probe per
/// kind of locator and form; else one per work, locator and form.
fn plan<'b>(
    found: &[Found<'b>],
    citations: &[(std::path::PathBuf, Citation)],
    probed: bool,
) -> (Vec<Request<'b>>, Vec<Slot>) {
    let mut ids: std::collections::HashMap<RequestId, usize> = std::collections::HashMap::new();
    let mut pending: Vec<Request<'b>> = Vec::new();
    let mut request = |id: RequestId, entry: &'b Entry, locator: Option<(LocatorKind, String)>, purpose| {
        let next = ids.len();
        *ids.entry(id.clone()).or_insert_with(|| {
            pending.push(Request { id, entry, locator, purpose });
            next
        })
    };
    let mut slots = Vec::with_capacity(found.len());
    for &(citation, item, entry, purpose, form) in found {
        let it = &citations[citation].1.items[item];
        // The year-only form prints no locator: it is added after it (`locator_label`).
        let locator = it.locator.as_ref().filter(|_| form != 2);
        let slot = match locator {
            Some(l) if probed => {
                let range = l.value.contains(['-', '–']);
                let value = if range { PROBE_RANGE } else { PROBE };
                let base = request((it.key.clone(), None, form), entry, None, purpose);
                let probe_id = (String::new(), Some((l.kind as u8, value.to_string())), form);
                let probe = request(probe_id, entry, Some((l.kind, value.to_string())), purpose);
                Slot { citation, item, request: base, probe: Some(probe) }
            }
            Some(l) => {
                let id = (it.key.clone(), Some((l.kind as u8, l.value.clone())), form);
                let r = request(id, entry, Some((l.kind, l.value.clone())), purpose);
                Slot { citation, item, request: r, probe: None }
            }
            None => Slot {
                citation,
                item,
                request: request((it.key.clone(), None, form), entry, None, purpose),
                probe: None,
            },
        };
        slots.push(slot);
    }
    (pending, slots)
}

/// Formats `pending` with hayagriva (or takes them from the last build when nothing that
/// matters changed), and the bibliography.
fn render_requests(
    pending: &[Request],
    bib: &Bibliography,
    language: &str,
    print_all: bool,
    uncited: &[&str],
    cache_key: &CacheKey,
    cache: &mut CitationCache,
) -> (Vec<Vec<Inline>>, PrintedBibliography) {
    let style = &bib.style;
    let locale = Some(LocaleCode(language.to_string()));
    let from_cache = cache.last.as_ref().filter(|c| c.key == *cache_key).and_then(|last| {
        let texts: Option<Vec<Vec<Inline>>> = pending.iter().map(|r| last.requests.get(&r.id).cloned()).collect();
        Some((texts?, last.bibliography.clone()))
    });
    let locales = cache.locales(language);
    match from_cache {
        Some(hit) => hit,
        None => {
            let mut driver: BibliographyDriver<'_, Entry> = BibliographyDriver::new();
            for r in pending {
                let locator =
                    r.locator.as_ref().map(|(k, v)| SpecificLocator(csl_locator(*k), LocatorPayload::Str(v.as_str())));
                let item = CitationItem::new(r.entry, locator, None, false, r.purpose);
                driver.citation(CitationRequest::new(vec![item], style, locale.clone(), locales, None));
            }
            if print_all {
                for key in uncited {
                    let entry = bib.library.get(key).expect("origin keys are in the library");
                    let hidden = CitationItem::new(entry, None, None, true, None);
                    driver.citation(CitationRequest::new(vec![hidden], style, locale.clone(), locales, None));
                }
            }
            let rendered = driver.finish(BibliographyRequest::new(style, locale.clone(), locales));
            let texts: Vec<Vec<Inline>> =
                rendered.citations.iter().take(pending.len()).map(|c| inlines(&c.citation)).collect();
            let mut printed = PrintedBibliography::default();
            if let Some(b) = rendered.bibliography {
                printed.hanging_indent = b.hanging_indent;
                for item in b.items {
                    let mut content = inlines(&item.content);
                    french_inlines(&mut content);
                    printed.items.push(BibItem { key: item.key, content });
                }
            }
            let requests = pending.iter().map(|r| r.id.clone()).zip(texts.iter().cloned()).collect();
            cache.last = Some(Cache { key: cache_key.clone(), requests, bibliography: printed.clone() });
            (texts, printed)
        }
    }
}

/// What the style prints between the two numbers of a page range in `language`: the style's
/// own locale for it, else the locale files' (fr-CA: a non-breaking hyphen, U+2011).
fn range_delimiter(style: &hayagriva::citationberg::IndependentStyle, locales: &[Locale], language: &str) -> String {
    use hayagriva::citationberg::taxonomy::{OtherTerm, Term};
    use hayagriva::citationberg::TermForm;
    let primary = language.split('-').next().unwrap_or(language);
    let rank = |l: &Locale| match l.lang.as_ref().map(|c| c.0.as_str()) {
        Some(code) if code == language => 0,
        Some(code) if code == primary => 1,
        Some(code) if code.starts_with(primary) => 2,
        _ => 3,
    };
    let mut all: Vec<&Locale> = style.locale.iter().chain(locales).filter(|l| rank(l) < 3).collect();
    all.sort_by_key(|l| rank(l)); // stable: the style's locales before the files' of the same rank
    all.iter()
        .find_map(|l| l.term(Term::Other(OtherTerm::PageRangeDelimiter), TermForm::Long))
        .and_then(|t| t.single())
        .unwrap_or("–")
        .to_string()
}

fn push_text(inl: &mut Vec<Inline>, text: &str) {
    match inl.last_mut() {
        Some(Inline::Text(t)) => t.push_str(text),
        _ => inl.push(Inline::Text(text.to_string())),
    }
}

/// Removes the style's outer affixes (`(` and `)`) from one rendered parenthetical item.
fn strip_affixes(inl: &mut Vec<Inline>, prefix: &str, suffix: &str) {
    if let Some(Inline::Text(t)) = inl.first_mut() {
        if let Some(rest) = t.strip_prefix(prefix) {
            *t = rest.to_string();
        }
    }
    if let Some(Inline::Text(t)) = inl.last_mut() {
        if let Some(rest) = t.strip_suffix(suffix) {
            *t = rest.to_string();
        }
    }
    inl.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
}

/// Applies French typography to rendered text, and mends a style quirk: « (2005,) ».
fn french_inlines(inl: &mut [Inline]) {
    for i in inl {
        match i {
            Inline::Text(t) => *t = french(&t.replace(",)", ")")),
            Inline::Emph(c) | Inline::Strong(c) => french_inlines(c),
            Inline::Link(l) if !matches!(l.target, LinkTarget::External(_)) => french_inlines(&mut l.content),
            _ => {}
        }
    }
}

/// hayagriva's formatted output as our inlines (italic and bold kept, links kept).
fn inlines(children: &ElemChildren) -> Vec<Inline> {
    let mut out = Vec::new();
    for child in &children.0 {
        match child {
            ElemChild::Text(f) => {
                let mut node = Inline::Text(f.text.clone());
                if f.formatting.font_weight == FontWeight::Bold {
                    node = Inline::Strong(vec![node]);
                }
                if matches!(f.formatting.font_style, FontStyle::Italic) {
                    node = Inline::Emph(vec![node]);
                }
                match (&node, out.last_mut()) {
                    (Inline::Text(t), Some(Inline::Text(prev))) => prev.push_str(t),
                    _ => out.push(node),
                }
            }
            ElemChild::Elem(e) => {
                for i in inlines(&e.children) {
                    match (&i, out.last_mut()) {
                        (Inline::Text(t), Some(Inline::Text(prev))) => prev.push_str(t),
                        _ => out.push(i),
                    }
                }
            }
            ElemChild::Markup(m) => out.push(Inline::Text(m.clone())),
            // Only a live web address stays a link (`load::bibliography` warns about the rest).
            ElemChild::Link { text, url } if crate::load::links::is_live(url) => {
                out.push(Inline::Link(crate::model::Link {
                    target: LinkTarget::External(url.clone()),
                    content: vec![Inline::Text(text.text.clone())],
                    pos: Default::default(),
                }))
            }
            ElemChild::Link { text, .. } => match out.last_mut() {
                Some(Inline::Text(prev)) => prev.push_str(&text.text),
                _ => out.push(Inline::Text(text.text.clone())),
            },
            ElemChild::Transparent { .. } => {}
        }
    }
    out
}
