//! Deterministic zip files: entries in the given order, one fixed timestamp (the build date),
//! fixed permissions, no extra fields. Used by the EPUB and the archive.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::date::BuildDate;

/// One file of a zip: its path inside the archive, its bytes, and whether to compress it.
#[derive(Debug, Clone)]
pub struct ZipEntry {
    /// Path inside the zip, with `/` separators.
    pub path: String,
    /// Content.
    pub bytes: Vec<u8>,
    /// Deflate (true) or store (false; `mimetype` of an EPUB must be stored).
    pub compress: bool,
}

/// Writes `entries`, in order, into zip bytes dated `date` at midnight.
pub fn write(entries: &[ZipEntry], date: BuildDate) -> Result<Vec<u8>, String> {
    let mut zip = ZipBuilder::new(date)?;
    for e in entries {
        zip.add(&e.path, &e.bytes, e.compress)?;
    }
    zip.finish()
}

/// A zip being written, entries in the order they are added (all dated `date` at midnight).
pub struct ZipBuilder {
    zip: ZipWriter<Cursor<Vec<u8>>>,
    time: DateTime,
}

impl ZipBuilder {
    /// An empty zip whose entries will be dated `date`.
    pub fn new(date: BuildDate) -> Result<Self, String> {
        let year = u16::try_from(date.year.clamp(1980, 2107)).expect("clamped");
        let time = DateTime::from_date_and_time(year, date.month, date.day, 0, 0, 0).map_err(|e| e.to_string())?;
        Ok(ZipBuilder { zip: ZipWriter::new(Cursor::new(Vec::new())), time })
    }

    /// Adds one file at `path` (deflated now when `compress`, else stored).
    pub fn add(&mut self, path: &str, bytes: &[u8], compress: bool) -> Result<(), String> {
        let method = if compress { CompressionMethod::Deflated } else { CompressionMethod::Stored };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .compression_level(if compress { Some(6) } else { None })
            .last_modified_time(self.time)
            .unix_permissions(0o644);
        self.zip.start_file(path, options).map_err(|err| format!("{path} : {err}"))?;
        self.zip.write_all(bytes).map_err(|err| format!("{path} : {err}"))
    }

    /// The zip's bytes.
    pub fn finish(self) -> Result<Vec<u8>, String> {
        self.zip.finish().map(Cursor::into_inner).map_err(|e| e.to_string())
    }
}
