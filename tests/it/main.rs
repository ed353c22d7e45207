//! memoire's integration tests, in one binary: every test binary links Typst (about a minute
//! and 60 MB each), so one binary holds them all, one module per subject.
//!
//! They run the real `memoire` binary on copies of the fixture carnets under `tests/fixtures/`
//! and judge its outputs with external validators (qpdf, pdftotext, EPUBCheck…). `make golden`
//! rewrites the golden files from the current outputs.

mod generator;
mod support;

mod archive;
mod check;
mod citations;
mod cli;
mod diff;
mod docx;
mod epub;
mod epub_pages;
mod fuzz;
mod golden;
mod hostile;
mod hostile2;
mod import;
mod jury;
mod newcomer;
mod pdf;
mod portable;
mod presentation;
mod preview;
mod revision;
mod roundtrip;
mod spec;
mod watch;
