//! Writes a synthetic carnet: `cargo run --release --example generate -- DIR NOTES [WORDS_PER_NOTE] [SEED]`.
//! It builds as is: the styles are memoire's built-in ones.

#[path = "../tests/it/generator.rs"]
mod generator;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage : generate DOSSIER NOTES [MOTS_PAR_NOTE] [GRAINE]");
        std::process::exit(2);
    }
    let dir = std::path::PathBuf::from(&args[0]);
    let notes: usize = args[1].parse().expect("NOTES est un nombre");
    let words_per_note = args.get(2).map_or(560, |w| w.parse().expect("MOTS_PAR_NOTE est un nombre"));
    let seed = args.get(3).map_or(1, |s| s.parse().expect("GRAINE est un nombre"));
    std::fs::create_dir_all(&dir).expect("dossier créé");
    generator::write_carnet(&dir, generator::Spec { notes, words_per_note, seed }).expect("carnet écrit");
}
