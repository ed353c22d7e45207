//! Our Typst `World`: the generated files live in memory; the template, its assets and the
//! notes' images are read from the project (only `styles/`, `content/`, `bibliography/`); fonts
//! are the embedded ones, loaded once per process; packages are refused (no network); the date
//! is the build date.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;

use super::markup::Generated;
use crate::model::Assets;

/// Folders of the project Typst may read from.
pub const READABLE: &[&str] = &["styles", "content", "bibliography"];

/// What every Typst build of a session shares and never changes: the embedded fonts and the
/// standard library, made once per [`super::PdfSession`] (fonts load in under 10 ms).
pub struct Shared {
    fonts: FontStore,
    library: LazyHash<Library>,
}

impl Shared {
    /// Loads the embedded fonts and builds the standard library.
    pub fn new() -> Arc<Self> {
        let mut fonts = FontStore::new();
        fonts.extend(typst_kit::fonts::embedded());
        Arc::new(Shared { fonts, library: LazyHash::new(Library::builder().build()) })
    }
}

/// A file id for `path`, relative to the project root.
pub fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("generated paths are valid");
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

/// The world one PDF is compiled in.
pub struct MemoireWorld {
    shared: Arc<Shared>,
    root: PathBuf,
    main: Source,
    /// The generated note files, included by the main file.
    generated: HashMap<FileId, Source>,
    today: Datetime,
    /// The project's files, as the loader read them: Typst reads nothing from the disk.
    assets: Assets,
    files: Mutex<HashMap<FileId, FileResult<Bytes>>>,
    sources: Mutex<HashMap<FileId, FileResult<Source>>>,
}

/// Path of the generated main file (it exists only in memory).
pub const MAIN_PATH: &str = "memoire-main.typ";

impl MemoireWorld {
    /// A world for the project at `root` compiling the generated `files` with the project's
    /// `assets` (template, images), dated `today`, with the fonts and library of `shared`.
    pub fn new(shared: Arc<Shared>, root: &Path, files: &Generated, assets: &Assets, today: Datetime) -> Self {
        let mut world = MemoireWorld {
            shared,
            root: root.to_path_buf(),
            main: Source::new(file_id(MAIN_PATH), files.main.text.clone()),
            generated: HashMap::new(),
            today,
            assets: assets.clone(),
            files: Mutex::new(HashMap::new()),
            sources: Mutex::new(HashMap::new()),
        };
        world.set_files(files);
        world
    }

    /// Replaces the generated files. An unchanged file keeps its source, so that Typst reuses
    /// what it made of it; a changed one is reparsed incrementally.
    pub fn set_files(&mut self, files: &Generated) {
        self.main.replace(&files.main.text);
        let mut kept = HashMap::with_capacity(files.notes.len());
        for f in &files.notes {
            let id = file_id(&f.path);
            let source = match self.generated.remove(&id) {
                Some(mut s) => {
                    if s.text() != f.text {
                        s.replace(&f.text);
                    }
                    s
                }
                None => Source::new(id, f.text.clone()),
            };
            kept.insert(id, source);
        }
        self.generated = kept;
    }

    /// Takes the project's files of a new build: what Typst read of a file that changed (or
    /// went) is forgotten; what it read of unchanged files is kept, parsed sources included.
    pub fn set_assets(&mut self, assets: &Assets) {
        let changed = |id: &FileId| {
            let rel = id.get().vpath().get_without_slash().to_string();
            self.assets.get(&rel) != assets.get(&rel)
        };
        self.files.lock().expect("not poisoned").retain(|id, _| !changed(id));
        self.sources.lock().expect("not poisoned").retain(|id, _| !changed(id));
        self.assets = assets.clone();
    }

    /// The project root this world reads from.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The generated files as Typst parsed them: the main file, then the notes'.
    pub fn generated_sources(&self) -> Vec<Source> {
        std::iter::once(self.main.clone()).chain(self.generated.values().cloned()).collect()
    }

    /// The date this world gives to Typst.
    pub fn today_date(&self) -> Datetime {
        self.today
    }

    fn read(&self, id: FileId) -> FileResult<Bytes> {
        let rooted = id.get();
        if let VirtualRoot::Package(spec) = rooted.root() {
            return Err(FileError::Package(PackageError::Other(Some(
                format!("les paquets Typst ({spec}) sont refusés : placez ce qu’il faut dans styles/").into(),
            ))));
        }
        let rel = rooted.vpath().get_without_slash();
        let allowed = READABLE.iter().any(|dir| rel.strip_prefix(dir).is_some_and(|r| r.starts_with('/')));
        if !allowed {
            return Err(FileError::AccessDenied);
        }
        // The loader read them, inside the project and bounded in size.
        match self.assets.get(rel) {
            Some(bytes) => Ok(Bytes::new(bytes.clone())),
            None => Err(FileError::NotFound(self.root.join(rel))),
        }
    }
}

impl World for MemoireWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.shared.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        if let Some(s) = self.generated.get(&id) {
            return Ok(s.clone());
        }
        let mut cache = self.sources.lock().expect("not poisoned");
        cache
            .entry(id)
            .or_insert_with(|| {
                let bytes = self.file(id)?;
                let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
                Ok(Source::new(id, text.to_string()))
            })
            .clone()
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(s) = self.generated.get(&id).or((id == self.main.id()).then_some(&self.main)) {
            return Ok(Bytes::from_string(s.text().to_string()));
        }
        let mut cache = self.files.lock().expect("not poisoned");
        cache.entry(id).or_insert_with(|| self.read(id)).clone()
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
