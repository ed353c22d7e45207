//! Writes the Typst main file `memoire build` would compile (development aid):
//! `cargo run --release --example emit_typst -- PROJECT OUT.typ`.
fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("project folder"));
    let out = args.next().expect("output file");
    let (r, d) = memoire::check::run(&root, false);
    let r = r.unwrap_or_else(|| panic!("{:?}", d.sorted()));
    let date = memoire::date::BuildDate::parse("2026-11-26").unwrap();
    std::fs::write(out, memoire::pdf::markup::main_file(&r, date).text).unwrap();
}
