//! `memoire init [DOSSIER]`: a new mémoire that builds at once without a warning — the settings
//! with every key explained in French, a table of contents, a Résumé, two example notes (a
//! citation, a footnote, a figure and a table with their captions, a cross-reference, a sigle),
//! the Références note, one bibliography entry and a `.gitignore`. Nothing is written over a
//! file that exists; `styles/` is not written (the styles are built in: `memoire styles`).

use std::path::{Path, PathBuf};

use crate::presentation::Preset;

/// What the new mémoire says of itself.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// Its title.
    pub title: String,
    /// Its author.
    pub author: String,
    /// The presentation preset.
    pub preset: Preset,
    /// The month and year of the title page (« décembre 2026 »).
    pub date: String,
}

/// The files of a new mémoire: path relative to its folder, text.
pub fn files(o: &InitOptions) -> Vec<(&'static str, String)> {
    vec![
        ("content/memoire.toml", settings(o)),
        ("content/table-des-matieres.md", TOC.to_string()),
        ("content/notes/resume.md", RESUME.to_string()),
        ("content/notes/1.1-premiere-note.md", FIRST_NOTE.to_string()),
        ("content/notes/1.2-seconde-note.md", SECOND_NOTE.to_string()),
        ("content/notes/references.md", REFERENCES.to_string()),
        ("content/notes/images/schema.svg", SCHEMA.to_string()),
        ("bibliography/references.bib", BIB.to_string()),
        (
            ".gitignore",
            "# Les sorties de memoire se refont : elles ne se versionnent pas.\n/dist/\n/.memoire-verrou\n".to_string(),
        ),
    ]
}

/// Creates the mémoire in `dir` (made if missing). Refused, with nothing written, when any of
/// its files already exists there.
pub fn create(dir: &Path, o: &InitOptions) -> Result<Vec<PathBuf>, String> {
    let files = files(o);
    let existing: Vec<&str> = files.iter().map(|(p, _)| *p).filter(|p| dir.join(p).exists()).collect();
    if !existing.is_empty() {
        return Err(format!(
            "{} contient déjà {} : rien n’est écrit (choisissez un dossier vide ou nouveau)",
            dir.display(),
            existing.join(", ")
        ));
    }
    let mut written = Vec::new();
    for (rel, text) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{} : création impossible : {e}", parent.display()))?;
        }
        use std::io::Write as _;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| format!("{} : {e}", path.display()))?;
        f.write_all(text.as_bytes()).map_err(|e| format!("{} : {e}", path.display()))?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}

/// A TOML basic string: `"…"` with `\` and `"` escaped, control characters as `\u`.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `content/memoire.toml`, every key explained, the degree written as the preset expects it.
fn settings(o: &InitOptions) -> String {
    let (institution, degree, degree_help) = match o.preset {
        Preset::Standard => (
            "institution = \"Nom de votre université\"\n".to_string(),
            "Mémoire présenté comme exigence partielle de la maîtrise en (votre programme)",
            "# La ligne du grade, imprimée telle quelle sous le titre.",
        ),
        Preset::Uqam => (
            "# institution : la présentation \"uqam\" imprime elle-même « Université du Québec à Montréal ».\n"
                .to_string(),
            "maîtrise en (votre programme)",
            "# Le programme seulement : la présentation \"uqam\" écrit elle-même devant « Mémoire présenté\n# comme exigence partielle de la » (ne le répétez pas ici).",
        ),
        Preset::Laval => (
            "# institution : la présentation \"laval\" imprime elle-même « Université Laval ».\n".to_string(),
            "Maîtrise en (votre programme) — (votre grade)",
            "# Le programme et le grade ; la présentation \"laval\" écrit elle-même « Mémoire » au-dessus,\n# et « Québec, Canada » et « © auteur, année » en bas de la page de titre.",
        ),
    };
    format!(
        r#"# Les réglages de votre mémoire. Chaque clé est expliquée ; les lignes qui commencent par « # »
# sont des commentaires. Après une modification : memoire check, puis memoire build.

[memoire]
# Le titre du mémoire, tel que la page de titre l’imprime.
title = {title}
# Un sous-titre, s’il y en a un (retirez le « # » du début de la ligne).
# subtitle = "Sous-titre"
# Votre nom.
author = {author}
# Les règles de présentation de votre université : "standard" (celles de memoire), "uqam" ou
# "laval". Elles fixent la page de titre, la mise en page et l’ordre des pages liminaires.
presentation = "{preset}"
# L’établissement, sur la page de titre.
{institution}{degree_help}
degree = {degree}
# Le mois et l’année du dépôt, comme sur la page de titre.
date = {date}
# La langue du mémoire : français du Québec.
language = "fr-CA"
# Les mots-clés, imprimés sous le Résumé et inscrits dans le PDF et l’EPUB.
keywords = ["premier mot-clé", "second mot-clé"]
# Le nombre de notes que le carnet doit compter à la fin : memoire check dit combien il en manque.
# expected_notes = 40

[build]
# Le style des citations : "apa" (intégré à memoire) ou un fichier .csl placé dans styles/.
citation_style = "apa"
# Le dossier des sorties, et leurs noms ({{date}} : la date de construction).
output_dir = "dist"
pdf = "memoire.pdf"
epub = "memoire.epub"
archive = "memoire-{{date}}.zip"
"#,
        title = toml_string(&o.title),
        author = toml_string(&o.author),
        preset = o.preset.name(),
        institution = institution,
        degree_help = degree_help,
        degree = toml_string(degree),
        date = toml_string(&o.date),
    )
}

const TOC: &str = "---
title: Table des matières
role: table-des-matieres
---

<!-- Une ligne par note, dans l’ordre de lecture ; les lignes sans lien sont des parties. -->

- [Résumé](notes/resume.md)
- Premier chapitre
  - [1.1 Une première note](notes/1.1-premiere-note.md)
  - [1.2 Une seconde note](notes/1.2-seconde-note.md)
- [Références](notes/references.md)
";

const RESUME: &str = "---
title: Résumé
role: resume
---

Écrivez ici le résumé du mémoire. Les mots-clés de content/memoire.toml s’impriment dessous.
";

const FIRST_NOTE: &str = "---
title: Une première note
number: \"1.1\"
part: premier chapitre
---

Cette note montre ce qu’une note peut contenir. Un sigle, défini à sa première occurrence : une
communauté de pratique (CdP) réunit des personnes autour d’une pratique. Une citation, avec sa
page [@wenger2005, p. 12]. Une note de bas de page[^1]. Un renvoi à
[la note suivante](1.2-seconde-note.md).

## Un intertitre

Les CdP se décrivent aussi par une figure et un tableau.

![Un schéma d’exemple : trois cercles reliés](images/schema.svg \"Un schéma d’exemple\")

| Cas | Membres |
|-----|--------:|
| A   | 12      |
| B   | 30      |

Table: Un tableau d’exemple

[^1]: Le texte de la note de bas de page.
";

const SECOND_NOTE: &str = "---
title: Une seconde note
number: \"1.2\"
part: premier chapitre
---

Une seconde note, pour que le renvoi de la première ait où aller.
";

const REFERENCES: &str = "---
title: Références
role: references
---
";

const BIB: &str = "% Votre bibliographie, en BibLaTeX (ce qu’exporte Zotero). Une entrée par ouvrage.
@book{wenger2005,
  author    = {Wenger, E.},
  year      = {2005},
  title     = {La théorie des communautés de pratique. Apprentissage, sens et identité},
  publisher = {Presses de l’Université Laval},
}
";

const SCHEMA: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"120\" viewBox=\"0 0 300 120\">
  <g fill=\"none\" stroke=\"#333\" stroke-width=\"3\">
    <circle cx=\"60\" cy=\"60\" r=\"40\"/>
    <circle cx=\"150\" cy=\"60\" r=\"40\"/>
    <circle cx=\"240\" cy=\"60\" r=\"40\"/>
    <line x1=\"100\" y1=\"60\" x2=\"110\" y2=\"60\"/>
    <line x1=\"190\" y1=\"60\" x2=\"200\" y2=\"60\"/>
  </g>
</svg>
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_read_back_whatever_the_title() {
        for preset in [Preset::Standard, Preset::Uqam, Preset::Laval] {
            let o = InitOptions {
                title: "Un \"titre\" \\ piégé\n# role".into(),
                author: "A. B.".into(),
                preset,
                date: "mai 2027".into(),
            };
            let text = settings(&o);
            let config: crate::config::Config = toml::from_str(&text).expect(&text);
            assert_eq!(config.memoire.title, o.title);
            assert_eq!(config.memoire.preset(), preset);
        }
    }
}
