//! The loader's conversion of Markdown, tested on small notes.

use super::*;
use crate::model::{Citation, Link, LinkTarget};
use std::path::PathBuf;

fn body(md: &str) -> (Body, Diagnostics) {
    let mut d = Diagnostics::new();
    let b = parse_body(Path::new("content/n.md"), md, 5, &mut d);
    (b, d)
}

#[test]
fn footnotes_are_collected_and_checked() {
    let (b, d) = body("Texte[^1] et[^2].\n\n[^1]: Première.\n\n[^3]: Orpheline.\n");
    assert_eq!(b.footnotes.iter().map(|f| f.label.as_str()).collect::<Vec<_>>(), ["1", "3"]);
    let msgs: Vec<String> = d.sorted().iter().map(|x| x.to_string()).collect();
    assert!(msgs[0].starts_with("content/n.md:5:13: erreur: appel de note [^2]"), "{msgs:?}");
    assert!(msgs[1].starts_with("content/n.md:9:1: avertissement: la note de bas de page [^3]"), "{msgs:?}");
}

#[test]
fn citations_and_links() {
    let (b, d) = body("Selon @wenger2005 [p. 5], voir [la suite](4.14-suite.md#ancre) et [@yin2009].\n");
    assert!(d.is_empty(), "{:?}", d.sorted());
    let Block::Paragraph(inl) = &b.blocks[0] else { panic!() };
    let cites: Vec<&Citation> =
        inl.iter().filter_map(|i| if let Inline::Cite(c) = i { Some(c) } else { None }).collect();
    assert_eq!(cites.len(), 2);
    assert_eq!(cites[0].pos, Pos::new(5, 7));
    let link = inl.iter().find_map(|i| if let Inline::Link(l) = i { Some(l) } else { None }).unwrap();
    assert_eq!(
        link.target,
        LinkTarget::Note { path: PathBuf::from("content/4.14-suite.md"), anchor: Some("ancre".into()) }
    );
}

#[test]
fn no_citations_in_links_or_code() {
    let (b, _) = body("[@x](y.md) et `[@k]` et <https://a.org/@k>\n");
    let mut cites = 0;
    crate::text::visit_inlines(&b.blocks, &mut |i| cites += usize::from(matches!(i, Inline::Cite(_))));
    assert_eq!(cites, 0, "{:?}", b.blocks);
}

#[test]
fn escaped_at_is_not_a_citation() {
    let (b, d) = body("Écrire \\@x ou \\[@y\\] sans citer, mais [@z].\n");
    assert!(d.is_empty(), "{:?}", d.sorted());
    let mut cites = Vec::new();
    crate::text::visit_inlines(&b.blocks, &mut |i| {
        if let Inline::Cite(c) = i {
            cites.push(c.items[0].key.clone());
        }
    });
    // As in Pandoc: escaped brackets are literal, the `@y` inside them is a narrative citation.
    assert_eq!(cites, ["y", "z"]);
    assert!(crate::text::plain_text(match &b.blocks[0] {
        Block::Paragraph(i) => i,
        _ => panic!(),
    })
    .starts_with("Écrire @x ou [@y] sans citer"));
}

#[test]
fn lang_passages() {
    let (b, d) =
        body("<div lang=\"en\">\n\nMany communities.\n\n</div>\n\nUn <span lang=\"en\">boundary object</span> ici.\n");
    assert!(d.is_empty(), "{:?}", d.sorted());
    assert!(matches!(&b.blocks[0], Block::Lang { lang, .. } if lang == "en"));
    let Block::Paragraph(inl) = &b.blocks[1] else { panic!("{:?}", b.blocks) };
    assert!(inl.iter().any(|i| matches!(i, Inline::Lang { lang, .. } if lang == "en")), "{inl:?}");
}

#[test]
fn figure_and_external_links() {
    let (b, _) = body("![Un schéma](img/a.png \"Légende\")\n\nVoir <https://example.org> ou [x](mailto:a@b.c).\n");
    assert!(matches!(&b.blocks[0], Block::Figure(i) if i.title == "Légende"));
    let Block::Paragraph(inl) = &b.blocks[1] else { panic!() };
    let ext = inl.iter().filter(|i| matches!(i, Inline::Link(Link { target: LinkTarget::External(_), .. }))).count();
    assert_eq!(ext, 2);
}

#[test]
fn only_web_and_mail_links_stay_live() {
    let (b, d) = body(
        "[a](javascript:alert(1)) [b](data:text/html,x) [c](//evil.org) [d]() [e](HTTPS://a.org) <mailto:x@y.z>\n",
    );
    let Block::Paragraph(inl) = &b.blocks[0] else { panic!() };
    let live: Vec<&LinkTarget> =
        inl.iter().filter_map(|i| if let Inline::Link(l) = i { Some(&l.target) } else { None }).collect();
    assert_eq!(live, [&LinkTarget::External("HTTPS://a.org".into()), &LinkTarget::External("mailto:x@y.z".into())]);
    let text = crate::text::plain_text(inl);
    assert!(text.starts_with("a b c d e"), "the link texts stay: {text}");
    let w: Vec<String> = d.sorted().iter().map(|x| x.to_string()).collect();
    assert_eq!(w.len(), 4, "{w:?}");
    assert!(w[0].starts_with("content/n.md:5:1: avertissement: lien imprimé comme texte : adresse « javascript: »"));
}

#[test]
fn raw_html_is_printed_as_typed_and_comments_print_nothing() {
    let (b, d) = body("<!-- a -->*b* <!-- c -->\n\n<table><tr>\n\n</div>\n\nx <!-- y --> z <b>w</b>\n");
    let text: Vec<String> = b
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(i) => crate::text::plain_text(i),
            Block::CodeBlock { text, .. } => format!("code:{text}"),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(text, ["b ", "code:<table><tr>", "code:</div>", "x  z <b>w</b>"]);
    let w: Vec<String> = d.sorted().iter().map(|x| x.to_string()).collect();
    assert_eq!(w.len(), 5, "one warning per HTML printed, one for the text after a comment: {w:?}");
}
