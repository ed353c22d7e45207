//! Writes the Typst `memoire build` would compile, as one file (development aid):
//! `cargo run --release --example emit_typst -- PROJECT OUT.typ`.
fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("project folder"));
    let out = args.next().expect("output file");
    let (r, d) = memoire::check::run(&root, false);
    let r = r.unwrap_or_else(|| panic!("{:?}", d.sorted()));
    let date = memoire::date::BuildDate::parse("2026-11-26").unwrap();
    let files = memoire::write::pdf::markup::generate(&r, date);
    // One file: each `#include` replaced by the note's text.
    let mut text = files.main.text.clone();
    for f in &files.notes {
        text = text.replace(&format!("#include \"/{}\"\n", f.path), &f.text);
    }
    std::fs::write(out, text).unwrap();
}
