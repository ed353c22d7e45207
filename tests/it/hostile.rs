//! Hostile input and faults (issue 13): every probe gives a clear error or a correct result,
//! never a crash; nothing outside the project is read into an output or a message; no source is
//! overwritten; the outputs of a build are replaced together or not at all.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::*;

const DATE: &str = "2026-11-27";

pub(crate) fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub(crate) fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs `memoire args` and asserts it ended with `code` (never a signal: a crash has none).
pub(crate) fn run(dir: &Path, args: &[&str], code: i32) -> Output {
    let out = memoire(dir, args);
    assert_eq!(out.status.code(), Some(code), "memoire {args:?}:\n{}\n{}", stdout(&out), stderr(&out));
    out
}

/// Every file under `dir`, with its bytes (to show that a failed command changed nothing).
pub(crate) fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let t = e.file_type().unwrap();
            if t.is_dir() {
                stack.push(e.path());
            } else if t.is_file() {
                out.push((e.path(), std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out.sort();
    out
}

const NOTE: &str = "content/notes/1.1-contexte.md";

// 1. Output names are confined to the output folder and never meet a source.
#[test]
fn outputs_never_overwrite_a_source() {
    let tmp = project("carnet");
    let before = tree(&tmp.path().join("content"));
    for setting in [
        "epub = \"../content/memoire.toml\"",
        "archive = \"../content/notes/4.9-animation.md\"",
        "output_dir = \"content/notes\"",
        "output_dir = \"/tmp/memoire-sorties\"",
        "archive = \"memoire.pdf\"",
    ] {
        let toml = tmp.path().join("content/memoire.toml");
        let original = std::fs::read_to_string(&toml).unwrap();
        std::fs::write(&toml, format!("{original}\n[build]\n{setting}\n")).unwrap();
        let check = run(tmp.path(), &["check"], 1);
        assert!(stderr(&check).contains("content/memoire.toml:"), "{setting}: {}", stderr(&check));
        run(tmp.path(), &["build", "--date", DATE], 1);
        std::fs::write(&toml, original).unwrap();
        assert_eq!(tree(&tmp.path().join("content")), before, "{setting} changed a source");
    }
    assert!(!Path::new("/tmp/memoire-sorties").exists());
    // An output folder that is a link into the sources is refused when writing.
    std::os::unix::fs::symlink("content/notes", tmp.path().join("dist")).unwrap();
    let out = run(tmp.path(), &["build", "--date", DATE], 1);
    assert!(stderr(&out).contains("dans les sources"), "{}", stderr(&out));
    assert_eq!(tree(&tmp.path().join("content")), before);
}

// 2. A second `import --force` the same day keeps both earlier versions.
#[test]
fn backups_never_replace_one_another() {
    let tmp = memoire_project();
    let seed = repo().join("tests/fixtures/seed/4.13-un-climat-de-confiance.txt");
    let note = tmp.path().join("content/notes/4.13-un-climat-de-confiance-propice-aux-echanges.md");
    let original = std::fs::read_to_string(&note).unwrap();
    // A copy edited by hand: the first import changes the note (the seed alone gives it back
    // unchanged, and an unchanged note is not written).
    let edited = tmp.path().join("copie.txt");
    let text = std::fs::read_to_string(&seed).unwrap();
    std::fs::write(&edited, text.replacen("ont pu être corroborés", "ont pu être confirmés", 1)).unwrap();
    run(tmp.path(), &["import", "--force", "--date", DATE, edited.to_str().unwrap()], 0);
    let first_import = std::fs::read_to_string(&note).unwrap();
    assert_ne!(first_import, original);
    let out = run(tmp.path(), &["import", "--force", "--date", DATE, seed.to_str().unwrap()], 0);
    assert!(stdout(&out).contains(&format!("sauvegardes/4.13-un-climat-de-confiance-propice-aux-echanges.md.{DATE}.2")));
    let backups = tmp.path().join("sauvegardes");
    let name = "4.13-un-climat-de-confiance-propice-aux-echanges.md";
    assert_eq!(std::fs::read_to_string(backups.join(format!("{name}.{DATE}"))).unwrap(), original);
    assert_eq!(std::fs::read_to_string(backups.join(format!("{name}.{DATE}.2"))).unwrap(), first_import);
}

// 3. Outputs are replaced together; leftovers of a killed build are cleaned by the next one.
#[test]
fn outputs_are_replaced_together_or_not_at_all() {
    let tmp = project("carnet");
    run(tmp.path(), &["build", "--date", DATE], 0);
    let dist = tmp.path().join("dist");
    let pdf = std::fs::read(dist.join("memoire.pdf")).unwrap();
    std::fs::remove_file(dist.join("memoire.epub")).unwrap();
    std::fs::create_dir(dist.join("memoire.epub")).unwrap();
    append(tmp.path(), NOTE, "\nUne phrase de plus.\n");
    let out = run(tmp.path(), &["build", "--date", DATE], 1);
    assert!(stderr(&out).contains("memoire.epub est un dossier"), "{}", stderr(&out));
    assert_eq!(std::fs::read(dist.join("memoire.pdf")).unwrap(), pdf, "the PDF was replaced alone");
    assert!(memoire::commit::temporaries(&dist).is_empty());

    // What a `kill -9` leaves: temporaries of the old and new naming; the next build removes them.
    std::fs::remove_dir(dist.join("memoire.epub")).unwrap();
    for t in [".memoire-nouveau.memoire.pdf.tmp", ".memoire.pdf.4242.tmp", ".memoire-ancien.memoire.epub.tmp"] {
        std::fs::write(dist.join(t), vec![0u8; 1000]).unwrap();
    }
    run(tmp.path(), &["build", "--date", DATE], 0);
    assert!(memoire::commit::temporaries(&dist).is_empty(), "{:?}", memoire::commit::temporaries(&dist));
}

// 4. Nothing from outside the project reaches an output or a message.
#[test]
fn files_outside_the_project_are_never_read() {
    let outside = tempfile::tempdir().unwrap();
    let secret = "SECRET-HORS-DU-PROJET";
    std::fs::write(outside.path().join("x.md"), format!("---\ntitle: Fuite\n---\n\n{secret}\n")).unwrap();
    std::fs::write(outside.path().join("x.bib"), format!("@book{{{secret}, title = {{{secret}}}\n")).unwrap();
    std::fs::write(outside.path().join("x.png"), secret).unwrap();
    let outside_md = outside.path().join("x.md");
    let check_refused = |tmp: &Path, args: &[&str], expected: &str| {
        let out = run(tmp, args, 1);
        let all = stdout(&out) + &stderr(&out);
        assert!(all.contains(expected), "{args:?}: {all}");
        assert!(!all.contains(secret), "{all}");
        assert!(!tmp.join("dist").exists(), "{args:?} wrote outputs");
    };
    // A TOC line climbing out, an absolute one, a note that is a link to an outside file.
    let cases: Vec<(String, &str)> = vec![
        (
            format!("- [Ailleurs](../../{}/x.md)\n", outside.path().file_name().unwrap().to_str().unwrap()),
            "hors du projet",
        ),
        (format!("- [Absolu]({})\n", outside_md.display()), "hors du projet"),
        ("- [Lien](notes/lien.md)\n".to_string(), "mène hors du projet"),
    ];
    for (line, expected) in &cases {
        let tmp = project("carnet");
        std::os::unix::fs::symlink(&outside_md, tmp.path().join("content/notes/lien.md")).unwrap();
        append(tmp.path(), "content/table-des-matieres.md", line);
        check_refused(tmp.path(), &["check"], expected);
        check_refused(tmp.path(), &["build", "--date", DATE], expected);
    }
    // An image that is a link to an outside file: refused by every output mode.
    let tmp = project("carnet");
    std::os::unix::fs::symlink(outside.path().join("x.png"), tmp.path().join("content/notes/images/lien.png")).unwrap();
    append(tmp.path(), NOTE, "\n![Une fuite](images/lien.png)\n");
    for args in [&["check"][..], &["build", "--epub", "--date", DATE], &["build", "--pdf", "--date", DATE]] {
        check_refused(tmp.path(), args, "mène hors du projet");
    }
    // A bibliography file outside: refused by name, none of its lines printed.
    let tmp = project("carnet");
    append(
        tmp.path(),
        "content/memoire.toml",
        &format!("\n[build]\nbibliography = [\"{}\"]\n", outside.path().join("x.bib").display()),
    );
    check_refused(tmp.path(), &["check"], "chemin hors du projet");
}

// 5. Only http, https, mailto and in-book links are live.
#[test]
fn unsafe_links_print_as_text() {
    let tmp = project("carnet");
    append(
        tmp.path(),
        NOTE,
        "\nVoir [ceci](javascript:alert(1)) et [cela](data:text/html,x) ou [là](https://example.org).\n",
    );
    let out = run(tmp.path(), &["build", "--date", DATE], 0);
    let err = stderr(&out);
    assert!(
        err.contains("1.1-contexte.md:22:6: avertissement: lien imprimé comme texte : adresse « javascript: » refusée"),
        "{err}"
    );
    assert!(err.contains("adresse « data: » refusée"), "{err}");
    let epub = unzip(&std::fs::read(tmp.path().join("dist/memoire.epub")).unwrap());
    let xhtml: String = epub.values().map(|b| String::from_utf8_lossy(b).into_owned()).collect();
    assert!(!xhtml.contains("javascript:") && !xhtml.contains("data:text"), "a live unsafe link in the EPUB");
    assert!(xhtml.contains("href=\"https://example.org\""));
    let report = epubcheck(&tmp.path().join("dist/memoire.epub"));
    assert!(report.contains("Messages: 0 fatals / 0 errors / 0 warnings"), "EPUBCheck:\n{report}");
    let dist = tmp.path().join("dist");
    let (pdf, qdf) = (dist.join("memoire.pdf"), dist.join("qdf.pdf"));
    tool("qpdf", &["--qdf", "--object-streams=disable", pdf.to_str().unwrap(), qdf.to_str().unwrap()]);
    let pdf = std::fs::read(tmp.path().join("dist/qdf.pdf")).unwrap();
    let pdf = String::from_utf8_lossy(&pdf);
    assert!(!pdf.contains("javascript:") && !pdf.contains("(data:"), "a live unsafe link in the PDF");
    assert!(pdf.contains("https://example.org"));
}

fn nested_note(tmp: &Path, body: &str) {
    std::fs::write(tmp.join(NOTE), format!("---\ntitle: Contexte\nnumber: \"1.1\"\nstatus: texte\n---\n\n{body}\n"))
        .unwrap();
}

// 6 and 13. Deep nesting: a located error from `check` and `build` alike, never a crash; at the
// limit, every output builds.
#[test]
fn nesting_is_bounded_and_check_agrees_with_build() {
    let tmp = project("carnet");
    for body in [
        format!("{} trop profond", "> ".repeat(5_000)),
        format!("{} trop profond", "> ".repeat(20)),
        (0..60).map(|i| format!("{}- niveau {i}\n", "  ".repeat(i))).collect::<String>(),
        format!("{}x{}", "*a ".repeat(3_000), " a*".repeat(3_000)),
        format!("{}x{}", "_a ".repeat(3_000), " a_".repeat(3_000)),
    ] {
        nested_note(tmp.path(), &body);
        let check = run(tmp.path(), &["check"], 1);
        let err = stderr(&check);
        assert!(err.contains("1.1-contexte.md:") && err.contains("imbrication trop profonde"), "{err}");
        assert_eq!(err.matches("imbrication trop profonde").count(), 1, "{err}");
        let build = run(tmp.path(), &["build", "--date", DATE], 1);
        assert!(stderr(&build).contains("imbrication trop profonde"));
        run(tmp.path(), &["build", "--archive", "--date", DATE], 1);
    }
    // At the limit: quotes in list items in quotes, with a footnote and nested emphasis deepest.
    let n = memoire::load::markdown::MAX_NESTING / 2;
    let mut body = String::new();
    let mut prefix = String::new();
    for i in 0..n {
        body.push_str(&format!("{prefix}> Citation {i}\n{prefix}>\n"));
        prefix.push_str("> ");
        body.push_str(&format!("{prefix}- élément {i}\n{prefix}\n"));
        prefix.push_str("  ");
    }
    let emph = memoire::load::markdown::MAX_INLINE_NESTING / 3;
    body.push_str(&format!(
        "{prefix}{}profond[^1]{}\n\n[^1]: Note au plus profond.\n",
        "*a **b ~~c ".repeat(emph),
        " c~~ b** a*".repeat(emph)
    ));
    nested_note(tmp.path(), &body);
    let check = run(tmp.path(), &["check"], 0);
    assert!(!stderr(&check).contains("imbrication"), "{}", stderr(&check));
    run(tmp.path(), &["build", "--date", DATE], 0);
}

// 7. A build date no format can hold: an error, no panic.
#[test]
fn dates_outside_the_formats_are_refused() {
    let tmp = project("carnet");
    for epoch in ["253402300800", "-86400", "99999999999999999"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_memoire"))
            .args(["build", "--pdf"])
            .env("SOURCE_DATE_EPOCH", epoch)
            .current_dir(tmp.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{epoch}: {}", stderr(&out));
        assert!(stderr(&out).contains("hors des limites des formats (1980 à 2107)"), "{}", stderr(&out));
    }
    let out = run(tmp.path(), &["build", "--date", "2200-01-01"], 2);
    assert!(stderr(&out).contains("hors des limites"));
}

fn build_archive(tmp: &Path) -> PathBuf {
    run(tmp, &["build", "--date", DATE], 0);
    tmp.join(format!("dist/memoire-{DATE}.zip"))
}

/// Rewrites the archive's entries through `edit` into `name.zip`.
fn rewrite(zip: &Path, name: &str, edit: impl FnOnce(&mut Vec<memoire::write::zip::ZipEntry>)) -> PathBuf {
    let mut entries: Vec<memoire::write::zip::ZipEntry> = unzip(&std::fs::read(zip).unwrap())
        .into_iter()
        .map(|(path, bytes)| memoire::write::zip::ZipEntry { path, bytes, compress: true })
        .collect();
    edit(&mut entries);
    let out = zip.with_file_name(format!("{name}.zip"));
    std::fs::write(&out, memoire::write::zip::write(&entries, memoire::date::BuildDate::parse(DATE).unwrap()).unwrap())
        .unwrap();
    out
}

/// Adds `rel` to the manifest and SHA256SUMS of the archive's entries, as a forger would.
fn forge_manifest(entries: &mut [memoire::write::zip::ZipEntry], rel: &str, bytes: &[u8]) {
    use sha2::Digest;
    let sha: String = sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
    let m = entries.iter_mut().find(|e| e.path.ends_with("/MANIFEST.json")).unwrap();
    let mut manifest: memoire::write::archive::Manifest = serde_json::from_slice(&m.bytes).unwrap();
    manifest
        .files
        .insert(rel.to_string(), memoire::write::archive::FileFacts { size: bytes.len() as u64, sha256: sha });
    m.bytes = serde_json::to_vec_pretty(&manifest).unwrap();
    let sums: String = manifest.files.iter().map(|(p, f)| format!("{}  {p}\n", f.sha256)).collect();
    entries.iter_mut().find(|e| e.path.ends_with("/SHA256SUMS")).unwrap().bytes = sums.into_bytes();
}

// 8, 12 and 16. `verify`: unsafe names, duplicates, bombs and truncation are refused and named.
#[test]
fn verify_refuses_unsafe_archives() {
    let tmp = project("carnet");
    let zip = build_archive(tmp.path());
    let top = format!("memoire-{DATE}");
    let traversal = rewrite(&zip, "traversee", |e| {
        e.push(memoire::write::zip::ZipEntry { path: format!("{top}/../../x"), bytes: b"x".to_vec(), compress: true });
        forge_manifest(e, "../../x", b"x");
    });
    let out = run(tmp.path(), &["verify", traversal.to_str().unwrap()], 1);
    assert!(stderr(&out).contains("nom dangereux"), "{}", stderr(&out));

    // Two entries of one name, the tampered copy first: not intact.
    let note = format!("{top}/content/notes/4.9-animation.md");
    let twin = format!("{top}/content/notes/4.9-animatioX.md");
    let dup = rewrite(&zip, "double", |e| {
        let mut copy = e.iter().find(|x| x.path == note).unwrap().clone();
        copy.path = twin.clone();
        copy.bytes[40] ^= 1;
        e.insert(0, copy);
    });
    let mut bytes = std::fs::read(&dup).unwrap();
    let (from, to) = (twin.as_bytes(), note.as_bytes());
    let mut i = 0;
    while let Some(k) = bytes[i..].windows(from.len()).position(|w| w == from) {
        bytes[i + k..i + k + from.len()].copy_from_slice(to);
        i += k + from.len();
    }
    std::fs::write(&dup, bytes).unwrap();
    let out = run(tmp.path(), &["verify", dup.to_str().unwrap()], 1);
    assert!(stderr(&out).contains("portent le même nom"), "{}", stderr(&out));

    // A bomb: 64 MiB of zeros in 64 KiB; streamed, so it is only hashed (and found added).
    let bomb = rewrite(&zip, "bombe", |e| {
        e.push(memoire::write::zip::ZipEntry {
            path: format!("{top}/zeros.bin"),
            bytes: vec![0; 64 << 20],
            compress: true,
        });
    });
    assert!(std::fs::metadata(&bomb).unwrap().len() < 2 << 20);
    let out = run(tmp.path(), &["verify", bomb.to_str().unwrap()], 1);
    assert!(stderr(&out).contains("fichier ajouté, absent du manifeste : zeros.bin"), "{}", stderr(&out));

    // Truncated: says so, not « no manifest ».
    let whole = std::fs::read(&zip).unwrap();
    for cut in [whole.len() / 2, whole.len() - 10] {
        let short = tmp.path().join("dist/tronquee.zip");
        std::fs::write(&short, &whole[..cut]).unwrap();
        let out = run(tmp.path(), &["verify", short.to_str().unwrap()], 1);
        let err = stderr(&out);
        assert!(err.contains("tronquée ou abîmée") && !err.contains("aucun MANIFEST"), "{cut}: {err}");
    }
}

// 9 and 14. Front matter: aliases and duplicate keys are located errors; `--url` cannot inject.
#[test]
fn front_matter_attacks_are_refused() {
    let tmp = project("carnet");
    let note = tmp.path().join(NOTE);
    let original = std::fs::read_to_string(&note).unwrap();
    let big = "x".repeat(1 << 20);
    std::fs::write(
        &note,
        original.replacen("---\n", &format!("---\na: &a \"{big}\"\nb: [*a, *a, *a, *a, *a, *a, *a, *a]\n"), 1),
    )
    .unwrap();
    let out = run(tmp.path(), &["check"], 1);
    assert!(
        stderr(&out).contains("1.1-contexte.md:2:7: erreur: ancres et alias YAML"),
        "{}",
        &stderr(&out)[..500.min(stderr(&out).len())]
    );
    assert!(stderr(&out).len() < 10_000, "the message quotes the value");
    std::fs::write(&note, original.replacen("title: Contexte\n", "title: Contexte\ntitle: Autre\n", 1)).unwrap();
    let out = run(tmp.path(), &["check"], 1);
    assert!(
        stderr(&out).contains("1.1-contexte.md:3:1: erreur: clé « title » écrite deux fois (première à la ligne 2)"),
        "{}",
        stderr(&out)
    );

    let mem = memoire_project();
    let seed = repo().join("tests/fixtures/seed/4.13-un-climat-de-confiance.txt");
    let notes = tree(&mem.path().join("content"));
    for url in ["https://a.org/x\nrole: references", "https://a.org/x: y"] {
        let out = run(mem.path(), &["import", "--force", "--url", url, "--date", DATE, seed.to_str().unwrap()], 1);
        assert!(stderr(&out).contains("--url refusée"), "{}", stderr(&out));
    }
    assert_eq!(tree(&mem.path().join("content")), notes);
}

// 11. An image announcing 30,000 × 30,000 pixels is refused from its header (nothing decoded).
#[test]
fn huge_images_are_refused_from_their_header() {
    let tmp = project("carnet");
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend(30_000u32.to_be_bytes());
    png.extend(30_000u32.to_be_bytes());
    png.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
    std::fs::write(tmp.path().join("content/notes/images/immense.png"), png).unwrap();
    append(tmp.path(), NOTE, "\n![Immense](images/immense.png)\n");
    let out = run(tmp.path(), &["check"], 1);
    assert!(
        stderr(&out)
            .contains("image trop grande : content/notes/images/immense.png (30\u{202f}000 × 30\u{202f}000 pixels"),
        "{}",
        stderr(&out)
    );
    run(tmp.path(), &["build", "--epub", "--date", DATE], 1);
}

// 15. `watch` sees an edit that keeps the size and restores the modification time.
#[test]
fn watch_sees_an_edit_that_restores_the_time() {
    let tmp = project("carnet");
    let note = tmp.path().join(NOTE);
    let before = memoire::watch::snapshot(tmp.path());
    let mtime = std::fs::metadata(&note).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&note).unwrap().replacen("Contexte", "Kontexte", 1);
    std::fs::write(&note, text).unwrap();
    std::fs::File::options().write(true).open(&note).unwrap().set_modified(mtime).unwrap();
    assert_eq!(std::fs::metadata(&note).unwrap().modified().unwrap(), mtime);
    let after = memoire::watch::snapshot(tmp.path());
    assert_eq!(memoire::watch::changed(&before, &after), [PathBuf::from(NOTE)]);
}

// 16. Messages: no false error cascades, names that print alike are told apart, long text cut.
#[test]
fn messages_are_true_and_bounded() {
    let tmp = project("carnet");
    // Invalid UTF-8 in 4.9, which 1.1 links to: one error, no « note inexistante » in 1.1.
    let target = tmp.path().join("content/notes/4.9-animation.md");
    let mut bytes = std::fs::read(&target).unwrap();
    bytes.extend(b"\n\xff\xfe\n");
    std::fs::write(&target, bytes).unwrap();
    let out = run(tmp.path(), &["check"], 1);
    let err = stderr(&out);
    assert!(err.contains("4.9-animation.md:") && err.contains("n’est pas en UTF-8"), "{err}");
    assert!(!err.contains("inexistante"), "{err}");

    // A TOC written with « é » composed, a file named with « e » + combining accent.
    let tmp = project("carnet");
    let toc = tmp.path().join("content/table-des-matieres.md");
    std::fs::rename(
        tmp.path().join("content/notes/1.2-definitions.md"),
        tmp.path().join("content/notes/1.2-de\u{301}finitions.md"),
    )
    .unwrap();
    let text = std::fs::read_to_string(&toc).unwrap().replace("1.2-definitions.md", "1.2-d\u{e9}finitions.md");
    std::fs::write(&toc, text).unwrap();
    // One name in two Unicode forms is one file (issue 28: macOS writes names decomposed).
    let out = run(tmp.path(), &["check"], 0);
    assert!(stdout(&out).contains("1.2 Définitions"), "{}", stdout(&out));

    // A 10 MB title: refused, quoted short.
    let tmp = project("carnet");
    let note = tmp.path().join(NOTE);
    let text = std::fs::read_to_string(&note).unwrap().replacen(
        "title: Contexte",
        &format!("title: {}", "Très long ".repeat(1_000_000)),
        1,
    );
    std::fs::write(&note, text).unwrap();
    let out = run(tmp.path(), &["check"], 1);
    assert!(stderr(&out).contains("titre trop long"), "{}", &stderr(&out)[..300]);
    assert!(out.stdout.len() + out.stderr.len() < 20_000, "{} bytes printed", out.stdout.len() + out.stderr.len());

    // A percent escape cut inside a character: no panic, the anchor is reported.
    let tmp = project("carnet");
    append(tmp.path(), NOTE, "\nVoir [ici](#%aé) et [là](%aé.md).\n");
    let out = run(tmp.path(), &["check"], 1);
    assert!(stderr(&out).contains("ancre #%aé introuvable"), "{}", stderr(&out));
}
