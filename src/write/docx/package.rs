//! The parts of the Word package other than the text: relationships, images, list numbering,
//! settings, fonts, the folio's header or footer, document properties, content types. Every
//! identifier is given in document order, so the same mémoire gives the same bytes.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::model::{Assets, Image, Note};
use crate::write::epub::xhtml::escape;

/// The namespaces the main parts declare.
pub const NAMESPACES: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"";

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The main part's relationships: the fixed parts first, then hyperlinks and images as met.
#[derive(Debug, Default)]
pub struct Rels {
    /// The main part's (its fixed parts listed first); else the footnotes'.
    main: bool,
    /// `(type, target, external)`, numbered from `rId10`.
    extra: Vec<(&'static str, String, bool)>,
    hyperlinks: BTreeMap<String, String>,
}

impl Rels {
    /// The relationships of `word/document.xml` (`main`) or of `word/footnotes.xml`.
    pub fn new(main: bool) -> Self {
        Rels { main, ..Rels::default() }
    }

    fn push(&mut self, kind: &'static str, target: String, external: bool) -> String {
        self.extra.push((kind, target, external));
        format!("rId{}", 9 + self.extra.len())
    }

    /// The relationship id of an external hyperlink to `url` (one per address).
    pub fn hyperlink(&mut self, url: &str) -> String {
        if let Some(id) = self.hyperlinks.get(url) {
            return id.clone();
        }
        let id = self.push("hyperlink", url.to_string(), true);
        self.hyperlinks.insert(url.to_string(), id.clone());
        id
    }

    /// `word/_rels/document.xml.rels`.
    pub fn xml(&self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
        let fixed: &[(usize, &str, &str)] = if !self.main {
            &[]
        } else {
            &[
                (1, "styles", "styles.xml"),
                (2, "settings", "settings.xml"),
                (3, "numbering", "numbering.xml"),
                (4, "footnotes", "footnotes.xml"),
                (5, "fontTable", "fontTable.xml"),
                (6, "header", "header1.xml"),
                (7, "footer", "footer1.xml"),
                (8, "theme", "theme/theme1.xml"),
            ]
        };
        for (id, kind, target) in fixed {
            let _ = write!(out, "<Relationship Id=\"rId{id}\" Type=\"{REL}/{kind}\" Target=\"{target}\"/>");
        }
        for (k, (kind, target, external)) in self.extra.iter().enumerate() {
            let mode = if *external { " TargetMode=\"External\"" } else { "" };
            let _ = write!(
                out,
                "<Relationship Id=\"rId{}\" Type=\"{REL}/{kind}\" Target=\"{}\"{mode}/>",
                10 + k,
                escape(target)
            );
        }
        out.push_str("</Relationships>");
        out
    }
}

/// An image stored in the package: the relationship of its raster form, of its SVG original
/// (for an SVG) and its size in pixels.
#[derive(Debug, Clone)]
struct Placed {
    raster: String,
    svg: Option<String>,
    size: (u64, u64),
}

/// The images of the package, each stored once, and the drawings that show them.
pub struct Media<'a> {
    assets: &'a Assets,
    /// `(path in the package, bytes)`, in order of first use.
    pub files: Vec<(String, Vec<u8>)>,
    /// The images placed so far, by source path.
    placed: BTreeMap<String, Placed>,
    drawings: usize,
    /// The width of the text block, in EMU (914,400 an inch).
    pub text_width: u64,
}

impl<'a> Media<'a> {
    /// Images taken from `assets`, none wider than `text_width` EMU.
    pub fn new(assets: &'a Assets, text_width: u64) -> Self {
        Media { assets, files: Vec::new(), placed: BTreeMap::new(), drawings: 0, text_width }
    }

    /// The drawing run that shows `img` of `note` (`None` when its file is not among the assets).
    /// An SVG is shown through a PNG rendering, the SVG kept beside it for Word 2016 and later.
    pub fn place(&mut self, note: &Note, img: &Image, rels: &mut Rels, figure: bool) -> Option<String> {
        let source = note.image_source_slashed(img);
        // Relationship ids belong to one part: an image shown by the text and by a footnote
        // is related from each.
        let key = format!("{}:{source}", if rels.main { "document" } else { "footnotes" });
        if !self.placed.contains_key(&key) {
            let bytes = self.assets.get(&source)?.0.to_vec();
            let ext = source.rsplit('.').next().unwrap_or("png").to_ascii_lowercase();
            let n = self.files.len() + 1;
            let (raster, svg, size) = if ext == "svg" {
                let (png, size) = svg_to_png(&bytes)?;
                let svg_path = format!("media/image{n}.svg");
                self.files.push((svg_path.clone(), bytes));
                let png_path = format!("media/image{n}.png");
                self.files.push((png_path.clone(), png));
                (rels.push("image", png_path, false), Some(rels.push("image", svg_path, false)), size)
            } else {
                let size = imagesize::blob_size(&bytes).ok().map(|s| (s.width as u64, s.height as u64))?;
                let ext = if ext == "jpg" { "jpeg".to_string() } else { ext };
                let path = format!("media/image{n}.{ext}");
                self.files.push((path.clone(), bytes));
                (rels.push("image", path, false), None, size)
            };
            self.placed.insert(key.clone(), Placed { raster, svg, size });
        }
        let Placed { raster, svg, size: (w, h) } = self.placed.get(&key)?.clone();
        // 96 pixels an inch, as Word places an image without resolution; never wider than the
        // text (as in the PDF).
        let (mut cx, mut cy) = (w.max(1) * 9525, h.max(1) * 9525);
        if cx > self.text_width {
            cy = cy * self.text_width / cx;
            cx = self.text_width;
        }
        let _ = figure;
        self.drawings += 1;
        let id = self.drawings;
        let alt = escape(&crate::text::plain_text(&img.alt));
        let svg_ext = svg.map(|s| format!("<a:extLst><a:ext uri=\"{{96DAC541-7B7A-43D3-8B79-37D633B846F1}}\"><asvg:svgBlip xmlns:asvg=\"http://schemas.microsoft.com/office/drawing/2016/SVG/main\" r:embed=\"{s}\"/></a:ext></a:extLst>")).unwrap_or_default();
        Some(format!(
            "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:docPr id=\"{id}\" name=\"Image {id}\" descr=\"{alt}\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic><pic:nvPicPr><pic:cNvPr id=\"{id}\" name=\"Image {id}\" descr=\"{alt}\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"{raster}\">{svg_ext}</a:blip><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        ))
    }
}

/// The longest side of an SVG's PNG rendering, in pixels: twice a text block's width at 96 dpi,
/// sharp enough on paper, and a bounded memory (at most 2,400² pixels, 23 MB) whatever size the
/// SVG declares.
const MAX_RENDER_SIDE: f32 = 2400.0;

/// A PNG rendering of an SVG (twice its size, within [`MAX_RENDER_SIDE`]), and its size in
/// pixels at 96 dpi.
fn svg_to_png(bytes: &[u8]) -> Option<(Vec<u8>, (u64, u64))> {
    use resvg::{tiny_skia, usvg};
    let tree = usvg::Tree::from_data(bytes, &usvg::Options::default()).ok()?;
    let (w, h) = (tree.size().width(), tree.size().height());
    let scale = (2.0f32).min(MAX_RENDER_SIDE / w.max(h));
    let (pw, ph) = ((w * scale).ceil().max(1.0) as u32, (h * scale).ceil().max(1.0) as u32);
    let mut pixmap = tiny_skia::Pixmap::new(pw, ph)?;
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    Some((pixmap.encode_png().ok()?, (w.ceil() as u64, h.ceil() as u64)))
}

/// What the text's writer adds to the package as it goes.
pub struct Package<'a> {
    /// Relationships of the main part.
    pub rels: Rels,
    /// Relationships of the footnotes part (its links and images).
    pub footnote_rels: Rels,
    /// Images.
    pub media: Media<'a>,
    /// List numberings.
    pub lists: Lists,
}

/// The list numberings: one bulleted and one numbered definition, an instance per list (a
/// numbered list starts at its own first number).
#[derive(Debug, Default)]
pub struct Lists {
    /// `(ordered, start)` of each list, numbered from 1.
    instances: Vec<(bool, usize)>,
}

impl Lists {
    /// The numbering id of a new list.
    pub fn list(&mut self, ordered: bool, start: usize) -> usize {
        self.instances.push((ordered, start));
        self.instances.len()
    }

    /// `word/numbering.xml`.
    pub fn xml(&self) -> String {
        let mut out =
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:numbering {NAMESPACES}>");
        for (id, ordered) in [(1, false), (2, true)] {
            let _ = write!(out, "<w:abstractNum w:abstractNumId=\"{id}\"><w:multiLevelType w:val=\"multilevel\"/>");
            for lvl in 0..9 {
                let (fmt, text) = if ordered {
                    ("decimal", format!("%{}.", lvl + 1))
                } else {
                    ("bullet", ["•", "–", "◦"][lvl % 3].to_string())
                };
                let left = 720 * (lvl + 1);
                let _ = write!(
                    out,
                    "<w:lvl w:ilvl=\"{lvl}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{fmt}\"/><w:lvlText w:val=\"{text}\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{left}\" w:hanging=\"360\"/></w:pPr></w:lvl>"
                );
            }
            out.push_str("</w:abstractNum>");
        }
        for (k, (ordered, start)) in self.instances.iter().enumerate() {
            let abs = if *ordered { 2 } else { 1 };
            let _ = write!(out, "<w:num w:numId=\"{}\"><w:abstractNumId w:val=\"{abs}\"/>", k + 1);
            if *ordered {
                let _ = write!(out, "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"{start}\"/></w:lvlOverride>");
            }
            out.push_str("</w:num>");
        }
        out.push_str("</w:numbering>");
        out
    }
}

/// `word/settings.xml`: the footnote separators, French (Canada), no prompt to update fields.
pub fn settings() -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:settings {NAMESPACES}><w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl w:val=\"doNotCompress\"/><w:footnotePr><w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/></w:footnotePr><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat><w:themeFontLang w:val=\"fr-CA\"/><w:decimalSymbol w:val=\",\"/><w:listSeparator w:val=\";\"/></w:settings>")
}

/// `word/theme/theme1.xml`: a minimal theme (Word requires one), its fonts the template's.
pub fn theme(body: &str) -> String {
    let solid = |c: &str| format!("<a:solidFill><a:srgbClr val=\"{c}\"/></a:solidFill>");
    let fills = solid("FFFFFF").repeat(3);
    let line = format!("<a:ln w=\"6350\">{}</a:ln>", solid("000000")).repeat(3);
    let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>".repeat(3);
    let colors: String = [
        ("dk1", "000000"),
        ("lt1", "FFFFFF"),
        ("dk2", "1F3D7A"),
        ("lt2", "EEECE1"),
        ("accent1", "1F3D7A"),
        ("accent2", "8C8C8C"),
        ("accent3", "464646"),
        ("accent4", "5B7DB1"),
        ("accent5", "A5A5A5"),
        ("accent6", "3C3C3C"),
        ("hlink", "1F3D7A"),
        ("folHlink", "464646"),
    ]
    .iter()
    .map(|(name, c)| format!("<a:{name}><a:srgbClr val=\"{c}\"/></a:{name}>"))
    .collect();
    let font = format!("<a:latin typeface=\"{}\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/>", escape(body));
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"memoire\"><a:themeElements><a:clrScheme name=\"memoire\">{colors}</a:clrScheme><a:fontScheme name=\"memoire\"><a:majorFont>{font}</a:majorFont><a:minorFont>{font}</a:minorFont></a:fontScheme><a:fmtScheme name=\"memoire\"><a:fillStyleLst>{fills}</a:fillStyleLst><a:lnStyleLst>{line}</a:lnStyleLst><a:effectStyleLst>{effect}</a:effectStyleLst><a:bgFillStyleLst>{fills}</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>")
}

/// `word/fontTable.xml`: the template's fonts, with the family Word falls back on.
pub fn font_table(body: &str, code: &str) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:fonts {NAMESPACES}><w:font w:name=\"{}\"><w:altName w:val=\"Times New Roman\"/><w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font><w:font w:name=\"{}\"><w:altName w:val=\"Courier New\"/><w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/></w:font></w:fonts>", escape(body), escape(code))
}

/// The complex field `instruction` with an empty result (Word and LibreOffice compute it on
/// each page), in `props`.
fn live_field(props: &str, instruction: &str) -> String {
    format!("<w:r>{props}<w:fldChar w:fldCharType=\"begin\"/></w:r><w:r>{props}<w:instrText xml:space=\"preserve\"> {instruction} </w:instrText></w:r><w:r>{props}<w:fldChar w:fldCharType=\"separate\"/></w:r><w:r>{props}<w:t></w:t></w:r><w:r>{props}<w:fldChar w:fldCharType=\"end\"/></w:r>")
}

/// The header, as the template's: the current chapter's title (the last « heading 1 » so far,
/// a STYLEREF field that Word computes on each page; LibreOffice leaves it empty) in small
/// italics, and the folio at the right when it goes at the top. Without the template's rule
/// under it, which would stand alone where the title is empty. `tab` is the right edge of the
/// text, in twips.
pub fn header(folio_top: bool, tab: u32) -> String {
    let head =
        live_field("<w:rPr><w:i/><w:iCs/><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr>", "STYLEREF \"heading 1\"");
    let folio = if folio_top { format!("<w:r><w:tab/></w:r>{}", live_field("", "PAGE")) } else { String::new() };
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:hdr {NAMESPACES}><w:p><w:pPr><w:pStyle w:val=\"Header\"/><w:tabs><w:tab w:val=\"right\" w:pos=\"{tab}\"/></w:tabs></w:pPr>{head}{folio}</w:p></w:hdr>")
}

/// The footer that prints the folio, centred (when it does not go at the top).
pub fn footer() -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:ftr {NAMESPACES}><w:p><w:pPr><w:pStyle w:val=\"Footer\"/><w:jc w:val=\"center\"/></w:pPr>{}</w:p></w:ftr>", live_field("", "PAGE"))
}

/// `word/footnotes.xml`: the two separators, then `notes`.
pub fn footnotes(notes: &str) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:footnotes {NAMESPACES}><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>{notes}</w:footnotes>")
}

/// `[Content_Types].xml` for a package holding `media`.
pub fn content_types(media: &[(String, Vec<u8>)]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>");
    let mut extensions: Vec<&str> = media.iter().filter_map(|(p, _)| p.rsplit('.').next()).collect();
    extensions.sort_unstable();
    extensions.dedup();
    for ext in extensions {
        let kind = crate::load::images::media_type(&format!("x.{ext}")).unwrap_or("application/octet-stream");
        let _ = write!(out, "<Default Extension=\"{ext}\" ContentType=\"{kind}\"/>");
    }
    let main = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    for (part, kind) in [
        ("/word/document.xml", "document.main+xml"),
        ("/word/styles.xml", "styles+xml"),
        ("/word/settings.xml", "settings+xml"),
        ("/word/numbering.xml", "numbering+xml"),
        ("/word/footnotes.xml", "footnotes+xml"),
        ("/word/fontTable.xml", "fontTable+xml"),
        ("/word/header1.xml", "header+xml"),
        ("/word/footer1.xml", "footer+xml"),
    ] {
        let _ = write!(out, "<Override PartName=\"{part}\" ContentType=\"{main}.{kind}\"/>");
    }
    out.push_str("<Override PartName=\"/word/theme/theme1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\"/>");
    out.push_str("<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/></Types>");
    out
}

/// `_rels/.rels`.
pub const PACKAGE_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>";

/// `docProps/core.xml`: title, author, keywords, language, the build date.
pub fn core(title: &str, author: &str, keywords: &[String], date: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><cp:keywords>{}</cp:keywords><dc:language>fr-CA</dc:language><dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}T00:00:00Z</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}T00:00:00Z</dcterms:modified></cp:coreProperties>",
        escape(title),
        escape(author),
        escape(&keywords.join(", "))
    )
}

/// `docProps/app.xml`.
pub fn app() -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>memoire {}</Application></Properties>", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_svg_renders_within_bounds_whatever_size_it_declares() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="50000"><rect width="100" height="100"/></svg>"#;
        let (png, size) = svg_to_png(svg).expect("rendered");
        let rendered = imagesize::blob_size(&png).unwrap();
        assert_eq!((rendered.width, rendered.height), (2400, 1200));
        assert_eq!(size, (100_000, 50_000));
        let small =
            br#"<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20"><rect width="10" height="10"/></svg>"#;
        let (png, _) = svg_to_png(small).unwrap();
        let rendered = imagesize::blob_size(&png).unwrap();
        assert_eq!((rendered.width, rendered.height), (60, 40), "twice its size");
    }

    #[test]
    fn lists_restart_and_relationships_are_numbered_in_order() {
        let mut lists = Lists::default();
        assert_eq!((lists.list(true, 3), lists.list(false, 1)), (1, 2));
        let xml = lists.xml();
        assert!(xml.contains("<w:num w:numId=\"1\"><w:abstractNumId w:val=\"2\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"3\"/>"));
        let mut rels = Rels::new(true);
        assert_eq!(rels.hyperlink("https://a.org/"), "rId10");
        assert_eq!(rels.hyperlink("https://b.org/"), "rId11");
        assert_eq!(rels.hyperlink("https://a.org/"), "rId10", "one relationship per address");
        assert!(rels.xml().contains("Target=\"https://b.org/\" TargetMode=\"External\""));
        assert!(!Rels::new(false).xml().contains("styles.xml"), "the footnotes' own relationships");
    }
}
