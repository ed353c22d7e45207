//! Golden snapshots of what the writers print for the fixture carnet: the generated Typst source
//! (main file and each note's file), the EPUB page of one note and `memoire.md`. A change in any
//! writer shows up as a readable diff of these files in review; `make golden` rewrites them.

use crate::support::*;

const DATE: &str = "2026-11-26";

fn golden_file(name: &str) -> std::path::PathBuf {
    fixture("golden").join(name)
}

#[test]
fn the_writers_print_what_the_snapshots_show() {
    let tmp = project("carnet");
    let (resolved, diags) = memoire::check::run(tmp.path(), false);
    assert!(!diags.has_errors(), "{:?}", diags.sorted());
    let r = resolved.unwrap();
    let date = memoire::date::BuildDate::parse(DATE).unwrap();

    let typst = memoire::write::pdf::markup::generate(&r, date);
    let mut text = String::new();
    for f in std::iter::once(&typst.main).chain(&typst.notes) {
        text.push_str(&format!("// ===== {} =====\n{}\n", f.path, f.text));
    }
    golden(&golden_file("carnet.typ"), &text);

    let mut d = memoire::diag::Diagnostics::new();
    let assets = memoire::load::assets::read(tmp.path(), &r.doc().notes, &mut d);
    let epub = memoire::write::epub::write(&r, &assets, date, None, &mut d).expect("the EPUB is written");
    let note = r.doc().notes.iter().position(|n| n.path.ends_with("1.2-definitions.md")).unwrap();
    let page = format!("EPUB/text/{}", memoire::write::epub::xhtml::note_file(note));
    let files = unzip(&epub);
    let xhtml = String::from_utf8(files[&page].clone()).unwrap();
    golden(&golden_file("carnet-1.2.xhtml"), &xhtml);

    golden(&golden_file("carnet.md"), &memoire::write::archive::markdown::write(&r));
}
