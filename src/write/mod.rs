//! The writers: the PDF (Typst), the EPUB and the dated Markdown archive, one folder each, behind
//! one trait. Each walks the resolved document's [`crate::plan::Plan`] and returns files in
//! memory; `build` registers them ([`registered`]), runs them and writes what they made.
//!
//! A new output is a new folder here with a type implementing [`Writer`], and one line in
//! [`registered`].

pub mod archive;
pub mod docx;
pub mod epub;
pub mod pages;
pub mod pdf;
pub mod zip;

use std::path::Path;
use std::time::Duration;

use crate::date::BuildDate;
use crate::diag::Diagnostics;
use crate::resolve::Resolved;

/// One file a writer made: its name in the output folder and its bytes.
#[derive(Debug, Clone)]
pub struct OutFile {
    /// File name in the output folder (`memoire.pdf`).
    pub name: String,
    /// Content.
    pub bytes: Vec<u8>,
    /// For the PDF: the folio of each labelled place, which the writers after it print (the
    /// Word document's page fields).
    pub folios: Option<std::sync::Arc<pdf::folios::Folios>>,
    /// For the PDF of a build that makes the EPUB: where each page begins, which the EPUB marks.
    pub page_breaks: Option<std::sync::Arc<Vec<pages::PageBreak>>>,
}

impl OutFile {
    /// A file named `name` holding `bytes`.
    pub fn new(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        OutFile { name: name.into(), bytes, folios: None, page_breaks: None }
    }
}

/// What a writer is given: the resolved document, the files it embeds (read before the writers
/// run: a writer reads no file), the project's root (for messages) and the build date, the
/// only clock any output sees.
pub struct Input<'r> {
    /// The resolved document and its plan.
    pub resolved: &'r Resolved,
    /// The project's files the outputs embed (template, stylesheet, images, sources).
    pub assets: &'r crate::model::Assets,
    /// The project root.
    pub root: &'r Path,
    /// The build date.
    pub date: BuildDate,
}

/// How long the stages of a writer took, and Typst's layout passes when it says.
#[derive(Debug, Default, Clone)]
pub struct Stages {
    /// `(stage, time)`, in order (« compilation Typst », « export PDF »…).
    pub times: Vec<(&'static str, Duration)>,
    /// Layout passes of a `watch` rebuild started from the previous build.
    pub passes: Option<usize>,
}

/// An output of the mémoire.
pub trait Writer: Send {
    /// What it makes, in messages and on the progress line (« PDF »).
    fn name(&self) -> &'static str;

    /// True when it needs the files of the writers registered before it (the archive keeps the
    /// PDF and the EPUB): it runs after them; the others run side by side.
    fn needs_earlier(&self) -> bool {
        false
    }

    /// Work that needs no earlier files, done while the other writers work (the archive
    /// compresses the sources while Typst lays out the PDF). Nothing by default.
    fn prepare(&mut self, _input: &Input<'_>, _stages: &mut Stages, _diags: &mut Diagnostics) {}

    /// Makes its files. `earlier` holds those of the writers before it when
    /// [`Writer::needs_earlier`]; problems go to `diags` (`None` when nothing could be made).
    fn write(
        &mut self,
        input: &Input<'_>,
        earlier: &[OutFile],
        stages: &mut Stages,
        diags: &mut Diagnostics,
    ) -> Option<Vec<OutFile>>;
}

/// Which outputs to build.
#[derive(Debug, Clone, Copy)]
pub struct Outputs {
    /// The PDF.
    pub pdf: bool,
    /// The EPUB.
    pub epub: bool,
    /// The Word document (after the PDF, whose folios it prints).
    pub docx: bool,
    /// The dated Markdown archive (with the PDF and EPUB of the same run).
    pub archive: bool,
}

/// The writers of `outputs`, in the order they are registered: PDF, EPUB, Word, archive.
pub fn registered(outputs: Outputs) -> Vec<Box<dyn Writer>> {
    let mut writers: Vec<Box<dyn Writer>> = Vec::new();
    if outputs.pdf {
        writers.push(Box::new(pdf::PdfWriter::new(outputs.epub)));
    }
    if outputs.epub {
        writers.push(Box::new(epub::EpubWriter { after_pdf: outputs.pdf }));
    }
    if outputs.docx {
        writers.push(Box::new(docx::DocxWriter));
    }
    if outputs.archive {
        writers.push(Box::new(archive::ArchiveWriter::default()));
    }
    writers
}

/// Runs `writers` on `input`. The first writer that needs no earlier files (the PDF) works on
/// this thread while one helper thread runs the other such writers (the EPUB), then the
/// [`Writer::prepare`] step of those that do (the archive): two threads, as many as Typst's
/// layout leaves room for on two cores. Then the writers needing earlier files finish, in
/// order. Their stages are appended to `stages`. `None` when a writer failed.
pub fn run(
    writers: &mut [Box<dyn Writer>],
    input: &Input<'_>,
    stages: &mut Stages,
    diags: &mut Diagnostics,
) -> Option<Vec<OutFile>> {
    let split = writers.iter().position(|w| w.needs_earlier()).unwrap_or(writers.len());
    let (side_by_side, after) = writers.split_at_mut(split);
    // The first writer (the PDF: Typst uses both cores) works on this thread; the others'
    // writing, then the preparations, one after the other on a single helper thread.
    let (first, rest) = side_by_side.split_at_mut(side_by_side.len().min(1));
    let write = |w: &mut Box<dyn Writer>| {
        let (mut st, mut d) = (Stages::default(), Diagnostics::new());
        (w.write(input, &[], &mut st, &mut d), st, d)
    };
    let (first_result, (rest_results, prepared)) = std::thread::scope(|s| {
        let helper = s.spawn(|| {
            let written: Vec<_> = rest.iter_mut().map(write).collect();
            let prepared: Vec<(Stages, Diagnostics)> = after
                .iter_mut()
                .map(|w| {
                    let (mut st, mut d) = (Stages::default(), Diagnostics::new());
                    w.prepare(input, &mut st, &mut d);
                    (st, d)
                })
                .collect();
            (written, prepared)
        });
        let first_result: Vec<_> = first.iter_mut().map(write).collect();
        (first_result, helper.join().expect("a writer does not panic"))
    });
    let results = first_result.into_iter().chain(rest_results);
    let mut files = Vec::new();
    let mut failed = false;
    for (out, st, d) in results {
        merge(stages, st);
        diags.extend(d);
        match out {
            Some(f) => files.extend(f),
            None => failed = true,
        }
    }
    for (st, d) in prepared {
        merge(stages, st);
        diags.extend(d);
    }
    for w in after {
        if failed {
            break;
        }
        let mut st = Stages::default();
        match w.write(input, &files, &mut st, diags) {
            Some(f) => files.extend(f),
            None => failed = true,
        }
        merge(stages, st);
    }
    (!failed).then_some(files)
}

fn merge(into: &mut Stages, from: Stages) {
    into.times.extend(from.times);
    into.passes = into.passes.or(from.passes);
}

/// A web address as the EPUB and the PDF must hold it: every byte that a URL may not contain
/// literally (spaces, letters outside ASCII, brackets, backslashes, quotes, angle brackets,
/// braces, bars, carets and backticks) percent-encoded, an existing
/// `%XX` kept, a lone `%` encoded. What the author typed is what the reader follows.
pub fn encode_url(url: &str) -> String {
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len());
    for (i, &b) in bytes.iter().enumerate() {
        let escaped_already = b == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        let keep = b.is_ascii_alphanumeric() || b"-._~:/?#@!$&'()*+,;=".contains(&b) || escaped_already;
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod url_tests {
    use super::encode_url;

    #[test]
    fn urls_are_percent_encoded_once() {
        assert_eq!(encode_url("https://a.org/?find=*"), "https://a.org/?find=*");
        assert_eq!(encode_url("https://a.org/a b"), "https://a.org/a%20b");
        assert_eq!(encode_url("https://a.org/é[x]"), "https://a.org/%C3%A9%5Bx%5D");
        assert_eq!(encode_url("https://a.org/\\[\\"), "https://a.org/%5C%5B%5C");
        assert_eq!(encode_url("https://a.org/%20ok%"), "https://a.org/%20ok%25");
    }
}
