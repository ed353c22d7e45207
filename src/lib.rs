//! memoire: the publishing pipeline of one mémoire written as a carnet of notes.
//!
//! `content/` + `bibliography/` + `styles/` → [`load`] → [`model::Document`] → [`resolve`] →
//! [`resolve::Resolved`] → writers (PDF, EPUB, Markdown archive). See `docs/architecture.md`.

pub mod build;
pub mod check;
pub mod commit;
pub mod config;
pub mod date;
pub mod diag;
pub mod diff;
pub mod files;
pub mod fr;
pub mod import;
pub mod init;
pub mod load;
pub mod lock;
pub mod model;
pub mod number;
pub mod parse_errors;
pub mod plan;
pub mod presentation;
pub mod preview;
pub mod resolve;
pub mod revision;
pub mod text;
pub mod util;
pub mod watch;
pub mod write;
