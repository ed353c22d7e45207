//! The built-in styles: the PDF template and the EPUB style sheet live in the binary, so that a
//! project is `content/` (and `bibliography/`) and nothing else. A file of the same name in the
//! project's `styles/` replaces the built-in one, file by file; this module is the one place
//! that decides which bytes are used, and `check` says which overrides are in use.

use std::path::Path;

use crate::diag::Diagnostics;

/// The built-in files, by project path, with their text (those of this repository's `styles/`).
pub const BUILTIN: &[(&str, &str)] = &[
    ("styles/memoire.typ", include_str!("../../styles/memoire.typ")),
    ("styles/epub.css", include_str!("../../styles/epub.css")),
];

/// The built-in text of `path`, if it is a built-in file.
pub fn builtin(path: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(p, _)| *p == path).map(|(_, t)| *t)
}

/// How the project uses one built-in file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// No file in `styles/`: the built-in one.
    Builtin,
    /// A file in `styles/`, the same bytes as the built-in one.
    Same,
    /// A file in `styles/` that replaces the built-in one.
    Override,
}

/// How the project at `root` uses each built-in file.
pub fn uses(root: &Path) -> Vec<(&'static str, Use)> {
    BUILTIN
        .iter()
        .map(|(path, text)| {
            let u = match crate::files::read(root, Path::new(path)) {
                Ok(bytes) if bytes == text.as_bytes() => Use::Same,
                Ok(_) => Use::Override,
                Err(_) if root.join(path).exists() => Use::Override, // refused: reported where read
                Err(_) => Use::Builtin,
            };
            (*path, u)
        })
        .collect()
}

/// Refuses, at its line, a project template that Typst could not read: what `build` would
/// otherwise meet only while typesetting.
pub fn check_overrides(root: &Path, diags: &mut Diagnostics) {
    let path = Path::new("styles/memoire.typ");
    let Ok(text) = crate::files::read_text(root, path) else { return };
    if builtin("styles/memoire.typ") == Some(text.as_str()) {
        return;
    }
    let id = typst::syntax::FileId::new(typst::syntax::RootedPath::new(
        typst::syntax::VirtualRoot::Project,
        typst::syntax::VirtualPath::new("styles/memoire.typ").expect("a valid path"),
    ));
    let source = typst::syntax::Source::new(id, text);
    if !source.root().diagnosis().errors {
        return;
    }
    // The error nodes with their offsets, in the order of the text.
    let mut found: Vec<(usize, String)> = Vec::new();
    let mut stack = vec![typst::syntax::LinkedNode::new(source.root())];
    while let Some(node) = stack.pop() {
        if node.kind() == typst::syntax::SyntaxKind::Error {
            let message = node.errors_and_warnings().0.first().map(|e| e.message.to_string()).unwrap_or_default();
            found.push((node.offset(), message));
        } else if node.diagnosis().errors {
            stack.extend(node.children());
        }
    }
    found.sort();
    let lines = source.lines();
    for (offset, message) in found.into_iter().take(5) {
        let line = lines.byte_to_line(offset).unwrap_or(0) + 1;
        let column = lines.byte_to_column(offset).unwrap_or(0) + 1;
        diags
            .error(path, Some(crate::diag::Pos::new(line, column)), format!("gabarit illisible pour Typst : {message}"))
            .with_hint("corrigez le gabarit, ou retirez styles/memoire.typ pour revenir au gabarit intégré (`memoire styles` en réécrit une copie)");
    }
}

/// Writes the built-in files into the project's `styles/`, never over an existing file.
/// Returns the files written and those left as they were.
pub fn write_builtin(root: &Path) -> Result<(Vec<&'static str>, Vec<&'static str>), String> {
    let dir = root.join("styles");
    std::fs::create_dir_all(&dir).map_err(|e| format!("styles/ : création impossible : {e}"))?;
    // Never through a link that leads out of the project.
    let (real, real_root) = (dir.canonicalize(), root.canonicalize());
    if let (Ok(real), Ok(real_root)) = (&real, &real_root) {
        if !real.starts_with(real_root) {
            return Err(format!(
                "styles/ mène hors du projet ({}) : rien n’est écrit ; retirez ce lien symbolique",
                real.display()
            ));
        }
    }
    let (mut written, mut kept) = (Vec::new(), Vec::new());
    for (path, text) in BUILTIN {
        use std::io::Write as _;
        match std::fs::OpenOptions::new().write(true).create_new(true).open(root.join(path)) {
            Ok(mut f) => {
                f.write_all(text.as_bytes()).map_err(|e| format!("{path} : {e}"))?;
                written.push(*path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => kept.push(*path),
            Err(e) => return Err(format!("{path} : {e}")),
        }
    }
    Ok((written, kept))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_are_told_apart_and_broken_templates_refused() {
        let t = tempfile::tempdir().unwrap();
        assert!(uses(t.path()).iter().all(|(_, u)| *u == Use::Builtin));
        let (written, kept) = write_builtin(t.path()).unwrap();
        assert_eq!((written.len(), kept.len()), (2, 0));
        assert!(uses(t.path()).iter().all(|(_, u)| *u == Use::Same));
        let (written, kept) = write_builtin(t.path()).unwrap();
        assert_eq!((written.len(), kept.len()), (0, 2), "never over an existing file");
        #[cfg(unix)]
        {
            let outside = tempfile::tempdir().unwrap();
            let p = tempfile::tempdir().unwrap();
            std::os::unix::fs::symlink(outside.path(), p.path().join("styles")).unwrap();
            assert!(write_builtin(p.path()).unwrap_err().contains("mène hors du projet"));
            assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
        }
        std::fs::write(t.path().join("styles/memoire.typ"), "#let x = (\n\n#let y = 1\n").unwrap();
        assert_eq!(uses(t.path())[0], ("styles/memoire.typ", Use::Override));
        let mut d = Diagnostics::new();
        check_overrides(t.path(), &mut d);
        let e = d.sorted().iter().map(|x| x.to_string()).collect::<Vec<_>>().join("\n");
        assert!(e.starts_with("styles/memoire.typ:") && e.contains("gabarit illisible pour Typst"), "{e}");
    }
}
