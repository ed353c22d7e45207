//! The `memoire` command line: check and build the mémoire from its carnet of notes. What only
//! the binary needs lives in `src/cli/`; the pipeline is the library (`src/lib.rs`).

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
