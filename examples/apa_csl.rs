//! Prints the CSL style memoire formats citations with (`apa` from hayagriva's archive, or the
//! name given), as XML: the very style `bench/citeproc.py` gives Pandoc's citeproc.
//!
//! `cargo run --release --example apa_csl [NAME] > apa.csl`

fn main() {
    let name = std::env::args().nth(1).unwrap_or_else(|| "apa".into());
    let Some(style) = hayagriva::archive::ArchivedStyle::by_name(&name) else {
        eprintln!("style inconnu : {name}");
        std::process::exit(2);
    };
    match style.get().to_xml() {
        Ok(xml) => println!("{xml}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
