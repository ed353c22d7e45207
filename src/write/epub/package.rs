//! The EPUB's package document (metadata, accessibility claims, manifest, spine), its container
//! file and the NCX table of contents for older readers.

use std::fmt::Write as _;

use super::xhtml::{escape, id};
use super::{NavEntry, Page};
use crate::date::BuildDate;
use crate::resolve::Resolved;

pub(super) const CONTAINER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n<rootfiles>\n<rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n</container>\n";

pub(super) fn package(
    r: &Resolved,
    pages: &[Page],
    images: &[(String, Vec<u8>)],
    uid: &str,
    date: BuildDate,
    source: Option<&str>,
) -> String {
    let m = &r.doc().config.memoire;
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"uid\" xml:lang=\"{lang}\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<dc:identifier id=\"uid\">{uid}</dc:identifier>\n<dc:title>{title}</dc:title>\n<dc:creator id=\"auteur\">{author}</dc:creator>\n<dc:language>{lang}</dc:language>\n<dc:date>{date}</dc:date>\n<meta property=\"dcterms:modified\">{date}T00:00:00Z</meta>\n",
        lang = escape(&m.language),
        title = escape(&r.plan.title_page.title),
        author = escape(&m.author),
    );
    if let Some(i) = &m.institution {
        let _ = writeln!(out, "<dc:publisher>{}</dc:publisher>", escape(i));
    }
    for k in &m.keywords {
        let _ = writeln!(out, "<dc:subject>{}</dc:subject>", escape(k));
    }
    out.push_str("<meta property=\"schema:accessMode\">textual</meta>\n");
    if !images.is_empty() {
        out.push_str("<meta property=\"schema:accessMode\">visual</meta>\n");
    }
    out.push_str("<meta property=\"schema:accessModeSufficient\">textual</meta>\n");
    for feature in ["tableOfContents", "structuralNavigation", "readingOrder"] {
        let _ = writeln!(out, "<meta property=\"schema:accessibilityFeature\">{feature}</meta>");
    }
    if let Some(source) = source {
        // The pages are those of the PDF edition, named by its checksum (the archive's manifest).
        let source = escape(source);
        for feature in ["pageNavigation", "printPageNumbers"] {
            let _ = writeln!(out, "<meta property=\"schema:accessibilityFeature\">{feature}</meta>");
        }
        let _ = writeln!(out, "<dc:source id=\"source-pdf\">{source}</dc:source>");
        out.push_str("<meta refines=\"#source-pdf\" property=\"source-of\">pagination</meta>\n");
        let _ = writeln!(out, "<meta property=\"pageBreakSource\">{source}</meta>");
    }
    if !images.is_empty() {
        out.push_str("<meta property=\"schema:accessibilityFeature\">alternativeText</meta>\n");
    }
    out.push_str("<meta property=\"schema:accessibilityHazard\">none</meta>\n");
    out.push_str("<meta property=\"schema:accessibilitySummary\">Mémoire en texte structuré : table des matières complète, titres hiérarchisés et numérotés, notes de bas de page liées dans les deux sens, citations liées à la bibliographie, images décrites par un texte de remplacement.</meta>\n");
    out.push_str("<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>\n");
    out.push_str("</metadata>\n<manifest>\n");
    out.push_str("<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n");
    out.push_str("<item id=\"css\" href=\"styles/epub.css\" media-type=\"text/css\"/>\n");
    for p in pages {
        let props = if p.file == "nav.xhtml" { " properties=\"nav\"" } else { "" };
        let _ = writeln!(
            out,
            "<item id=\"{}\" href=\"text/{}\" media-type=\"application/xhtml+xml\"{props}/>",
            id("x-", p.file.trim_end_matches(".xhtml")),
            escape(&p.file)
        );
    }
    for (k, (path, _)) in images.iter().enumerate() {
        let mt = crate::load::images::media_type(path).unwrap_or("application/octet-stream");
        let _ = writeln!(out, "<item id=\"img{k}\" href=\"{}\" media-type=\"{mt}\"/>", escape(path));
    }
    out.push_str("</manifest>\n<spine toc=\"ncx\">\n");
    for p in pages {
        let _ = writeln!(out, "<itemref idref=\"{}\"/>", id("x-", p.file.trim_end_matches(".xhtml")));
    }
    out.push_str("</spine>\n</package>\n");
    out
}

pub(super) fn ncx(nav: &[NavEntry], uid: &str, title: &str) -> String {
    fn points(entries: &[NavEntry], order: &mut usize, depth: usize, max: &mut usize, out: &mut String) {
        *max = (*max).max(depth);
        for e in entries {
            *order += 1;
            let _ = writeln!(
                out,
                "<navPoint id=\"np{o}\" playOrder=\"{o}\"><navLabel><text>{}</text></navLabel><content src=\"text/{}\"/>",
                escape(&e.label),
                escape(&e.href),
                o = order
            );
            points(&e.children, order, depth + 1, max, out);
            out.push_str("</navPoint>\n");
        }
    }
    let mut body = String::new();
    let mut order = 0;
    let mut depth = 1;
    points(nav, &mut order, 1, &mut depth, &mut body);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\">\n<head>\n<meta name=\"dtb:uid\" content=\"{}\"/>\n<meta name=\"dtb:depth\" content=\"{depth}\"/>\n<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n<docTitle><text>{}</text></docTitle>\n<navMap>\n{body}</navMap>\n</ncx>\n",
        escape(uid),
        escape(title)
    )
}
