//! memoire: the publishing pipeline of one mémoire written as a carnet of notes.
//!
//! `content/` + `bibliography/` + `styles/` → [`load`] → [`model::Document`] → [`resolve`] →
//! [`resolve::Resolved`] → writers (PDF, EPUB, Markdown archive). See `docs/architecture.md`.

pub mod check;
pub mod cite;
pub mod config;
pub mod diag;
pub mod generate;
pub mod load;
pub mod model;
pub mod number;
pub mod resolve;
pub mod text;
