//! What `memoire --version` says beyond the crate's version: the commit it was built from (when
//! built from a git checkout) and the Typst version it embeds (from Cargo.lock).

fn main() {
    println!("cargo:rerun-if-changed=.git/HEAD");
    println!("cargo:rerun-if-changed=.git/refs");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "inconnu".into());
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    let typst = lock
        .split("[[package]]")
        .find(|p| p.lines().any(|l| l.trim() == "name = \"typst\""))
        .and_then(|p| {
            p.lines().find_map(|l| l.trim().strip_prefix("version = \"")?.strip_suffix('"').map(str::to_string))
        })
        .unwrap_or_else(|| "inconnue".into());
    println!("cargo:rustc-env=MEMOIRE_COMMIT={commit}");
    println!("cargo:rustc-env=MEMOIRE_TYPST={typst}");
}
