//! `memoire revision` (issue 30, first part): a reviewer's comments and tracked changes in the
//! returned Word document, placed at their note's file:line:column, also after LibreOffice saved
//! the file; a passage edited since is placed at its paragraph with a warning.

use std::path::Path;
use std::process::Command;

use crate::hostile::{run, stderr, stdout};
use crate::support::*;

/// `src` saved as `dst` after `edit`, Python that rewrites `x`, the text of `word/document.xml`
/// (`args` holds `extra`): a reviewer's change written straight into WordprocessingML.
fn edit_document(src: &Path, dst: &Path, edit: &str, extra: &[&str]) {
    let script = format!(
        "import sys, zipfile\nsrc, dst, args = sys.argv[1], sys.argv[2], sys.argv[3:]\nz = zipfile.ZipFile(src); files = {{n: z.read(n) for n in z.namelist()}}; z.close()\nx = files['word/document.xml'].decode()\n{edit}\nfiles['word/document.xml'] = x.encode()\nwith zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as o:\n    for n, b in files.items(): o.writestr(n, b)\n"
    );
    tool("python3", &[&["-c", &script, src.to_str().unwrap(), dst.to_str().unwrap()][..], extra].concat());
}

/// The reviewer, played by python-docx: a comment on the paragraph naming « Passerelles », then a
/// tracked insertion at its end and a tracked deletion of « Le Centre ».
fn review(docx: &Path, out: &Path) {
    let script = r#"
import sys, zipfile, docx
d = docx.Document(sys.argv[1])
p = next(p for p in d.paragraphs if 'Passerelles' in p.text)
d.add_comment([r for r in p.runs if 'Passerelles' in r.text], text='Précisez le nombre de membres.', author='Marie Tremblay', initials='MT')
d.save(sys.argv[2])
z = zipfile.ZipFile(sys.argv[2]); files = {n: z.read(n) for n in z.namelist()}; z.close()
x = files['word/document.xml'].decode()
end = x.index('</w:p>', x.index('Passerelles'))
x = x[:end] + '<w:ins w:id="9001" w:author="Marie Tremblay" w:date="2026-12-01T10:00:00Z"><w:r><w:t xml:space="preserve"> Ajout de la direction.</w:t></w:r></w:ins>' + x[end:]
x = x.replace('Le Centre de recherche', '</w:t></w:r><w:del w:id="9002" w:author="Marie Tremblay" w:date="2026-12-01T10:00:00Z"><w:r><w:delText>Le Centre</w:delText></w:r></w:del><w:r><w:t xml:space="preserve"> de recherche', 1)
files['word/document.xml'] = x.encode()
with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as o:
    for n, b in files.items(): o.writestr(n, b)
"#;
    tool("python3", &["-c", script, docx.to_str().unwrap(), out.to_str().unwrap()]);
}

#[test]
fn comments_and_tracked_changes_come_back_to_their_line() {
    let tmp = project("carnet");
    let d = tmp.path();
    let out = memoire(d, &["build", "--docx", "--date", "2026-11-26", "--quiet"]);
    assert!(out.status.success());
    let returned = d.join("relu.docx");
    review(&d.join("dist/memoire.docx"), &returned);
    let source = std::fs::read_to_string(d.join("content/notes/1.1-contexte.md")).unwrap();
    let line = 1 + source.lines().position(|l| l.contains("Passerelles")).unwrap();
    let report = stdout(&run(d, &["revision", "relu.docx"], 0));
    assert!(report.starts_with("1.1 Contexte (content/notes/1.1-contexte.md)\n"), "{report}");
    assert!(
        report.contains(&format!("content/notes/1.1-contexte.md:{line}:1: commentaire (Marie Tremblay, ")),
        "{report}"
    );
    assert!(report.contains(": Précisez le nombre de membres."), "{report}");
    assert!(report.contains("ajout (Marie Tremblay, 2026-12-01) : {+ Ajout de la direction.+}"), "{report}");
    let centre = source.lines().nth(line - 1).unwrap().find("Le Centre").unwrap();
    let centre_col = 1 + source.lines().nth(line - 1).unwrap()[..centre].chars().count();
    assert!(
        report.contains(&format!(":{line}:{centre_col}: retrait (Marie Tremblay, 2026-12-01) : [-Le Centre-]")),
        "{report}"
    );
    assert!(report.ends_with("1 commentaire(s), 2 modification(s) suivie(s)\n"), "{report}");
    assert!(!report.contains("avertissement"), "{report}");

    // Saved again by LibreOffice: the same remarks at the same places.
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.path().display()))
        .args(["--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir"])
        .arg(d.join("libreoffice"))
        .arg(&returned)
        .output()
        .expect("LibreOffice is needed by this test; .ci/run installs it");
    assert!(status.status.success());
    let again = stdout(&run(d, &["revision", "libreoffice/relu.docx"], 0));
    for l in report.lines().filter(|l| l.contains(".md:")) {
        let place = l.split(": ").next().unwrap();
        assert!(again.contains(place), "{place} missing after LibreOffice:\n{again}");
    }

    // The author has since rewritten the commented passage: placed at its paragraph, with a
    // warning.
    std::fs::write(
        d.join("content/notes/1.1-contexte.md"),
        source.replace("La démarche Passerelles", "Le projet Passerelles"),
    )
    .unwrap();
    let edited = stdout(&run(d, &["revision", "relu.docx"], 0));
    assert!(edited.contains("avertissement : ce passage ne se lit plus ainsi"), "{edited}");
}

#[test]
fn a_file_that_is_not_a_word_document_is_refused() {
    let tmp = project("carnet");
    let d = tmp.path();
    std::fs::write(d.join("faux.docx"), b"pas un zip").unwrap();
    let err = stderr(&run(d, &["revision", "faux.docx"], 1));
    assert!(err.starts_with("faux.docx: erreur: pas un document Word lisible"), "{err}");
}

#[test]
fn entities_and_oversized_parts_are_refused() {
    let tmp = project("carnet");
    let d = tmp.path();
    let script = r#"
import sys, zipfile
bomb = '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>'
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('word/document.xml', bomb)
with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('word/document.xml', '<' + ' ' * (65 * 1024 * 1024) + '>')
"#;
    let (bomb, big) = (d.join("bombe.docx"), d.join("gros.docx"));
    tool("python3", &["-c", script, bomb.to_str().unwrap(), big.to_str().unwrap()]);
    let err = stderr(&run(d, &["revision", "bombe.docx"], 1));
    assert!(err.starts_with("bombe.docx: erreur: word/document.xml : "), "{err}");
    let err = stderr(&run(d, &["revision", "gros.docx"], 1));
    assert!(err.contains("word/document.xml : plus de 64 Mo"), "{err}");
}

/// Adds a reply to the first comment of `docx`, as Word writes one: a second comment on the
/// same passage, linked to the first in `word/commentsExtended.xml` by paragraph ids.
fn reply(docx: &Path) {
    let script = r#"
import sys, zipfile, docx
d = docx.Document(sys.argv[1])
p = next(p for p in d.paragraphs if 'Passerelles' in p.text)
d.add_comment([r for r in p.runs if 'Passerelles' in r.text], text='Ce sont 5000 membres inscrits.', author='Joël Nadeau', initials='JN')
d.save(sys.argv[1])
z = zipfile.ZipFile(sys.argv[1]); files = {n: z.read(n) for n in z.namelist()}; z.close()
c = files['word/comments.xml'].decode()
W14 = 'http://schemas.microsoft.com/office/word/2010/wordml'
if 'xmlns:w14=' not in c:
    c = c.replace('<w:comments ', '<w:comments xmlns:w14="%s" ' % W14, 1)
parts = c.split('<w:p>')
c = parts[0] + ''.join(('<w:p w14:paraId="0000000%d">' % k) + rest for k, rest in enumerate(parts[1:], 1))
files['word/comments.xml'] = c.encode()
files['word/commentsExtended.xml'] = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:commentEx w15:paraId="00000001" w15:done="0"/><w15:commentEx w15:paraId="00000002" w15:paraIdParent="00000001" w15:done="0"/></w15:commentsEx>'
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as o:
    for n, b in files.items(): o.writestr(n, b)
"#;
    tool("python3", &["-c", script, docx.to_str().unwrap()]);
}

#[test]
fn replies_follow_their_comment_and_the_checklist_stays_out_of_the_sources() {
    let tmp = project("carnet");
    let d = tmp.path();
    run(d, &["build", "--docx", "--date", "2026-11-26", "--quiet"], 0);
    let returned = d.join("relu.docx");
    review(&d.join("dist/memoire.docx"), &returned);
    reply(&returned);
    let report = stdout(&run(d, &["revision", "relu.docx"], 0));
    assert!(
        report.contains(": Précisez le nombre de membres.\n    ↳ réponse (Joël Nadeau, "),
        "the reply under its comment:\n{report}"
    );
    assert!(report.ends_with("1 commentaire(s), 2 modification(s) suivie(s)\n"), "{report}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&run(d, &["revision", "relu.docx", "--json"], 0))).unwrap();
    let remarks = json.as_array().unwrap();
    assert_eq!(remarks.len(), 3);
    assert_eq!(remarks[0]["file"], "content/notes/1.1-contexte.md");
    assert_eq!(remarks[0]["type"], "comment");
    assert_eq!(remarks[0]["replies"][0][0], "Joël Nadeau");
    let out = run(d, &["revision", "relu.docx", "--markdown", "dist/a-traiter.md"], 0);
    assert!(stderr(&out).contains("écrit dist/a-traiter.md (Markdown)"));
    let md = std::fs::read_to_string(d.join("dist/a-traiter.md")).unwrap();
    assert!(md.contains("## 1.1 Contexte\n\n- [ ] `content/notes/1.1-contexte.md:"), "{md}");
    assert!(md.contains("{++ Ajout de la direction.++} (Marie Tremblay)") && md.contains("{--Le Centre--}"), "{md}");
    assert_eq!(md.matches("- [ ]").count(), 3);
    let err = stderr(&run(d, &["revision", "relu.docx", "--markdown", "content/a-traiter.md"], 1));
    assert!(err.contains("refusé, c’est un dossier de sources du carnet (content/)"), "{err}");
    assert!(!d.join("content/a-traiter.md").exists());
}

#[test]
fn accepted_changes_reach_the_notes_with_a_backup_and_stale_ones_are_refused() {
    let tmp = project("carnet");
    let d = tmp.path();
    run(d, &["build", "--docx", "--date", "2026-11-26", "--quiet"], 0);
    let returned = d.join("relu.docx");
    review(&d.join("dist/memoire.docx"), &returned);
    let path = d.join("content/notes/1.1-contexte.md");
    let before = std::fs::read_to_string(&path).unwrap();
    let out = stdout(&run(d, &["revision", "relu.docx", "--appliquer"], 0));
    assert!(out.contains("2 modification(s) appliquée(s), 0 refusée(s)"), "{out}");
    let after = std::fs::read_to_string(&path).unwrap();
    let line = before.lines().find(|l| l.contains("Passerelles")).unwrap();
    let expected = line.replacen("Le Centre de recherche", " de recherche", 1) + " Ajout de la direction.";
    assert_eq!(after, before.replacen(line, &expected, 1), "only the two changes, nothing else");
    let backups: Vec<_> = std::fs::read_dir(d.join("sauvegardes")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(backups.len(), 1);
    assert_eq!(std::fs::read_to_string(&backups[0]).unwrap(), before);
    // Applied once: the passage now differs from the document that was sent, so again is refused.
    let again = stdout(&run(d, &["revision", "relu.docx", "--appliquer"], 0));
    assert!(again.contains("0 modification(s) appliquée(s), 2 refusée(s)"), "{again}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), after, "a refused change writes nothing");
}

#[test]
fn a_moved_sentence_leaves_its_paragraph_and_reaches_the_other() {
    let tmp = project("carnet");
    let d = tmp.path();
    run(d, &["build", "--docx", "--date", "2026-11-26", "--quiet"], 0);
    let sentence = "La démarche Passerelles réunit plus de 5000 membres. ";
    // Word's tracked move: `w:moveFrom` where the sentence was, `w:moveTo` at the end of the
    // paragraph « Les enjeux relevés sont les suivants : ».
    let script = r#"
mark = ' w:id="%s" w:author="Marie Tremblay" w:date="2026-12-01T10:00:00Z"'
sentence = args[0]
x = x.replace(sentence, '</w:t></w:r><w:moveFrom' + (mark % 9101) + '><w:r><w:t xml:space="preserve">' + sentence + '</w:t></w:r></w:moveFrom><w:r><w:t xml:space="preserve">', 1)
end = x.index('</w:p>', x.index('Les enjeux relevés sont les suivants'))
x = x[:end] + '<w:moveTo' + (mark % 9102) + '><w:r><w:t xml:space="preserve"> ' + sentence.strip() + '</w:t></w:r></w:moveTo>' + x[end:]
"#;
    let returned = d.join("relu.docx");
    edit_document(&d.join("dist/memoire.docx"), &returned, script, &[sentence]);
    let path = d.join("content/notes/1.1-contexte.md");
    let before = std::fs::read_to_string(&path).unwrap();
    let line_of = |text: &str, what: &str| 1 + text.lines().position(|l| l.contains(what)).unwrap();
    let report = stdout(&run(d, &["revision", "relu.docx"], 0));
    let (from, to) = (line_of(&before, "Passerelles"), line_of(&before, "Les enjeux relevés"));
    assert!(
        report.contains(&format!("1.1-contexte.md:{from}:1: retrait (Marie Tremblay, 2026-12-01) : [-{sentence}-]")),
        "{report}"
    );
    assert!(
        report.contains(&format!("1.1-contexte.md:{to}:"))
            && report.contains("ajout (Marie Tremblay, 2026-12-01) : {+ La démarche"),
        "{report}"
    );
    let out = stdout(&run(d, &["revision", "relu.docx", "--appliquer"], 0));
    assert!(out.contains("2 modification(s) appliquée(s), 0 refusée(s)"), "{out}");
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(after.matches("La démarche Passerelles").count(), 1);
    assert!(
        after.lines().any(|l| l.starts_with(
            "Les enjeux relevés sont les suivants : La démarche Passerelles réunit plus de 5000 membres."
        )),
        "{after}"
    );
    assert!(after.lines().any(|l| l.starts_with("Le Centre de recherche")), "{after}");
}

#[test]
fn a_new_paragraph_is_reported_but_never_applied_at_random() {
    let tmp = project("carnet");
    let d = tmp.path();
    run(d, &["build", "--docx", "--date", "2026-11-26", "--quiet"], 0);
    // A paragraph the reviewer added: it has no anchor of ours.
    let script = r#"
end = x.index('</w:p>', x.index('Passerelles')) + len('</w:p>')
x = x[:end] + '<w:p><w:ins w:id="9201" w:author="Marie Tremblay" w:date="2026-12-01T10:00:00Z"><w:r><w:t>Un paragraphe ajouté.</w:t></w:r></w:ins></w:p>' + x[end:]
"#;
    let returned = d.join("relu.docx");
    edit_document(&d.join("dist/memoire.docx"), &returned, script, &[]);
    let path = d.join("content/notes/1.1-contexte.md");
    let before = std::fs::read_to_string(&path).unwrap();
    let out = stdout(&run(d, &["revision", "relu.docx", "--appliquer"], 0));
    assert!(out.contains("ajout (Marie Tremblay, 2026-12-01) : {+Un paragraphe ajouté.+}"), "{out}");
    assert!(out.contains("0 modification(s) appliquée(s), 1 refusée(s)"), "{out}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before, "the note is untouched");
    assert!(!d.join("sauvegardes").exists(), "no backup when nothing changes");
}

#[test]
fn a_paragraph_moved_to_a_new_paragraph_is_not_half_applied() {
    let tmp = project("carnet");
    let d = tmp.path();
    run(d, &["build", "--docx", "--date", "2026-11-26", "--quiet"], 0);
    // The sentence leaves its paragraph for a paragraph of its own (no anchor of ours there).
    let script = r#"
s = 'La démarche Passerelles réunit plus de 5000 membres. '
mark = ' w:id="%s" w:author="Marie Tremblay" w:date="2026-12-01T10:00:00Z"'
x = x.replace(s, '</w:t></w:r><w:moveFrom' + (mark % 9301) + '><w:r><w:t xml:space="preserve">' + s + '</w:t></w:r></w:moveFrom><w:r><w:t xml:space="preserve">', 1)
end = x.index('</w:p>', x.index('Les enjeux relevés')) + len('</w:p>')
x = x[:end] + '<w:p><w:moveTo' + (mark % 9302) + '><w:r><w:t>' + s.strip() + '</w:t></w:r></w:moveTo></w:p>' + x[end:]
"#;
    edit_document(&d.join("dist/memoire.docx"), &d.join("relu.docx"), script, &[]);
    let path = d.join("content/notes/1.1-contexte.md");
    let before = std::fs::read_to_string(&path).unwrap();
    let out = stdout(&run(d, &["revision", "relu.docx", "--appliquer"], 0));
    assert!(out.contains("0 modification(s) appliquée(s), 2 refusée(s)"), "{out}");
    assert!(out.contains("un déplacement dont une des deux extrémités n’a pas pu être placée"), "{out}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before, "nothing of the sentence is lost");
}

#[test]
fn a_change_in_a_table_cell_is_reported_not_applied() {
    let tmp = project("carnet");
    let d = tmp.path();
    run(d, &["build", "--docx", "--date", "2026-11-26", "--quiet"], 0);
    let script = r#"
cell = x.index('>Apprentissage<')
start = x.rindex('<w:r>', 0, cell)
end = x.index('</w:r>', cell) + len('</w:r>')
x = x[:start] + '<w:del w:id="9401" w:author="Marie Tremblay" w:date="2026-12-01T10:00:00Z"><w:r><w:delText>Apprentissage</w:delText></w:r></w:del>' + x[end:]
"#;
    edit_document(&d.join("dist/memoire.docx"), &d.join("relu.docx"), script, &[]);
    let sources: Vec<(std::path::PathBuf, String)> = std::fs::read_dir(d.join("content/notes"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| (p.clone(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    let out = stdout(&run(d, &["revision", "relu.docx", "--appliquer"], 0));
    assert!(out.contains("retrait (Marie Tremblay, 2026-12-01) : [-Apprentissage-]"), "{out}");
    assert!(out.contains("0 modification(s) appliquée(s), 1 refusée(s)"), "{out}");
    for (p, text) in sources {
        assert_eq!(std::fs::read_to_string(&p).unwrap(), text, "{} untouched", p.display());
    }
}
