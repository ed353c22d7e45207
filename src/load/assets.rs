//! The files the outputs embed, read once: every regular file of the project's sources (what
//! the archive keeps), and the images notes show through a link inside the project.

use std::path::Path;
use std::sync::Arc;

use crate::diag::Diagnostics;
use crate::model::{Assets, Note, SharedBytes};

/// Reads the assets of the project at `root` whose notes are `notes`, before the writers run
/// (the notes' images were checked by the loader: a refused one is left out, already reported).
pub fn read(root: &Path, notes: &[Note], diags: &mut Diagnostics) -> Assets {
    let mut assets = Assets::default();
    for dir in crate::files::SOURCES {
        for f in crate::files::walk(root, Path::new(dir)) {
            let Some(name) = f.path.to_str().map(|n| n.replace('\\', "/")) else {
                diags.warning(&f.path, None, "nom de fichier qui n’est pas de l’UTF-8 : laissé hors de l’archive");
                continue;
            };
            if f.symlink {
                diags.warning(&f.path, None, "lien symbolique laissé hors de l’archive (jamais suivi)");
                continue;
            }
            match crate::files::read(root, &f.path) {
                Ok(bytes) => {
                    assets.sources.insert(name, SharedBytes(Arc::new(bytes)));
                }
                Err(refused) => {
                    diags.error(&f.path, None, refused.message(&f.path));
                }
            }
        }
    }
    // The built-in styles the project does not replace (see `styles.rs`): the writers and the
    // archive see them as the project's own, so an unpacked archive rebuilds the same bytes.
    for (path, text) in super::styles::BUILTIN {
        if !assets.sources.contains_key(*path) && !root.join(path).exists() {
            assets.sources.insert(path.to_string(), SharedBytes(Arc::new(text.as_bytes().to_vec())));
        }
    }
    for note in notes {
        for img in crate::text::images(&note.blocks) {
            let rel = note.image_source_slashed(img);
            if assets.get(&rel).is_none() {
                if let Ok(bytes) = crate::files::read(root, Path::new(&rel)) {
                    assets.linked.insert(rel, SharedBytes(Arc::new(bytes)));
                }
            }
        }
    }
    assets
}
