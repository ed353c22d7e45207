//! The images notes show: files inside `content/` (links followed), of bounded size, read from
//! their header only; an SVG that reaches outside itself is refused; a missing one gets the file
//! it most likely meant.

use std::path::Path;

use crate::diag::{excerpt, Diagnostics, Pos};
use crate::files::Refused;
use crate::model::{Block, Note};
use crate::text::plain_text;

use super::{paths, svg};

/// The largest image accepted, in pixels: 40 megapixels (a letter page scanned at 600 dpi is
/// 34). Typst holds every image decoded in memory, four bytes a pixel.
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;

/// The media type of an image file by its extension, for the formats every output can hold
/// (Typst for the PDF, EPUB 3's core media types, Word): `None` for any other, which `check`
/// refuses.
pub fn media_type(path: &str) -> Option<&'static str> {
    let ext = path.rsplit('.').next()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        _ => return None,
    })
}

/// Every image must be a file inside `content/` (links followed), of bounded size; one without
/// alternative text gets a warning.
pub(super) fn check_images(root: &Path, note: &Note, diags: &mut Diagnostics) {
    for img in crate::text::images(&note.blocks) {
        let rel = note.image_source(img);
        if img.src.contains("://") {
            diags
                .error(&note.path, Some(img.pos), format!("image sur le Web : {}", excerpt(&img.src, 80)))
                .with_hint("memoire ne télécharge rien : enregistrez l’image dans content/ et liez ce fichier");
        } else if !rel.starts_with("content") || !crate::files::stays_below(&rel) {
            diags.error(
                &note.path,
                Some(img.pos),
                format!("image hors du dossier content/ : {}", excerpt(&img.src, 80)),
            );
        } else if media_type(&img.src).is_none() {
            diags
                .error(&note.path, Some(img.pos), format!("format d’image non pris en charge : {}", excerpt(&img.src, 80)))
                .with_hint("le PDF, l’EPUB et Word lisent les images PNG, JPEG, GIF, WebP et SVG : exportez la figure dans l’un de ces formats");
        } else {
            match crate::files::confined(root, &rel) {
                Ok(real) => {
                    check_image_size(&real, &rel, note, img.pos, diags);
                    if rel.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg")) {
                        let text = crate::files::read(root, &rel).map(|b| String::from_utf8_lossy(&b).into_owned());
                        if let Some((line, what)) = text.ok().as_deref().and_then(svg::outside_reference) {
                            diags
                                .error(
                                    &note.path,
                                    Some(img.pos),
                                    format!("image SVG refusée : {what} (ligne {line} de {})", rel.display()),
                                )
                                .with_hint(
                                    "une image SVG doit tout contenir : intégrez l’image, ou exportez la figure en PNG",
                                );
                        }
                    }
                }
                Err(Refused::Missing) => {
                    let d = diags.error(&note.path, Some(img.pos), format!("image introuvable : {}", rel.display()));
                    let from = note.path.parent().unwrap_or(Path::new(""));
                    let files = paths::content_files(&paths::source_files(root));
                    let hint = paths::ContentFiles { all: &files }.hint(&rel, from);
                    d.with_hint(hint.unwrap_or_else(|| {
                        "le chemin d’une image est relatif à la note (docs/format.md, « Chemins »)".into()
                    }));
                }
                Err(refused) => {
                    diags.error(&note.path, Some(img.pos), refused.message(&rel));
                }
            }
        }
        let mut is_figure = false;
        crate::text::visit_blocks(&note.blocks, &mut |b| {
            is_figure |= matches!(b, Block::Figure(f) if f.pos == img.pos)
        });
        if plain_text(&img.alt).trim().is_empty() && !is_figure {
            diags
                .warning(&note.path, Some(img.pos), "image sans texte de remplacement")
                .with_hint("décrivez l’image entre les crochets : ![description](chemin.png)");
        }
    }
}

/// Refuses an image whose header announces more than [`MAX_IMAGE_PIXELS`] (read from the header
/// only: nothing is decoded).
fn check_image_size(real: &Path, rel: &Path, note: &Note, pos: Pos, diags: &mut Diagnostics) {
    let Ok(size) = imagesize::size(real) else { return }; // a format Typst will judge itself
    let pixels = size.width as u64 * size.height as u64;
    if pixels > MAX_IMAGE_PIXELS {
        diags
            .error(
                &note.path,
                Some(pos),
                format!(
                    "image trop grande : {} ({} × {} pixels, {} mégapixels au plus)",
                    rel.display(),
                    crate::fr::number(size.width),
                    crate::fr::number(size.height),
                    MAX_IMAGE_PIXELS / 1_000_000
                ),
            )
            .with_hint("réduisez-la (une figure imprimée n’a pas besoin de plus de 300 ppp)");
    }
}
