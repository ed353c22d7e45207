//! `content/memoire.toml`: the mémoire's metadata and build settings, with defaults.

use std::path::Path;

use serde::Deserialize;

use crate::diag::{pos_of_offset, Diagnostics};

/// Path of the metadata file, relative to the project root.
pub const CONFIG_PATH: &str = "content/memoire.toml";

/// The longest title accepted, in characters (a title is printed on the title page, in the
/// table of contents, in running heads and in messages).
pub const MAX_TITLE_CHARS: usize = 300;
/// `et_al` and `editor_label` are terms printed in citations (« et coll. », « dir. »).
const MAX_TERM_CHARS: usize = 40;

/// The whole of `memoire.toml`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `[memoire]`: what the title page says.
    pub memoire: Meta,
    /// `[build]`: how outputs are made.
    #[serde(default)]
    pub build: Build,
    /// `[layout]`: page layout values that replace the presentation preset's.
    #[serde(default)]
    pub layout: crate::presentation::LayoutOverrides,
    /// `[sigles]`: sigles and their long forms, added to those the text defines (or
    /// correcting them).
    #[serde(default)]
    pub sigles: std::collections::BTreeMap<String, String>,
}

/// The mémoire's metadata.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Title of the mémoire.
    pub title: String,
    /// Subtitle, if any.
    pub subtitle: Option<String>,
    /// The author.
    pub author: String,
    /// University and faculty.
    pub institution: Option<String>,
    /// Program or degree line (« Mémoire présenté comme exigence partielle de la maîtrise en … »).
    pub degree: Option<String>,
    /// Submission date as printed on the title page (« janvier 2024 »).
    pub date: Option<String>,
    /// Language tag; `fr-CA`.
    #[serde(default = "default_language")]
    pub language: String,
    /// Number of notes the carnet has on the platform (65).
    pub expected_notes: Option<usize>,
    /// Keywords for the PDF and EPUB metadata.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The university's presentation rules: `standard` (default), `uqam`, `laval`.
    pub presentation: Option<String>,
}

impl Meta {
    /// The presentation preset (`standard` when unset or unknown: `check` reports unknown ones).
    pub fn preset(&self) -> crate::presentation::Preset {
        self.presentation.as_deref().and_then(crate::presentation::Preset::parse).unwrap_or_default()
    }
}

/// Build settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Build {
    /// Bibliography files relative to the project root; empty means every `.bib` and `.yml`
    /// file of `bibliography/`.
    pub bibliography: Vec<String>,
    /// A CSL style: a file in `styles/` or the name of a style hayagriva knows (`apa`).
    pub citation_style: String,
    /// Print every bibliography entry, not only the cited ones.
    pub bibliography_all: bool,
    /// Replaces the style's « et al. » in citations (« et coll. »), when set.
    pub et_al: Option<String>,
    /// Replaces the style's short term for editors (« éd. », « éds. »): « dir. » in the
    /// Couture convention, when set.
    pub editor_label: Option<String>,
    /// Folder the outputs are written to.
    pub output_dir: String,
    /// PDF file name.
    pub pdf: String,
    /// EPUB file name.
    pub epub: String,
    /// Word document file name.
    pub docx: String,
    /// Archive name; `{date}` becomes the build date.
    pub archive: String,
    /// PDF standards to conform to (`a-2a`, `ua-1`), empty for none.
    pub pdf_standards: Vec<String>,
    /// Words in capitals that are not sigles to define (`COVID`, `PDF`).
    pub sigles_ignores: Vec<String>,
}

impl Default for Build {
    fn default() -> Self {
        Build {
            bibliography: Vec::new(),
            citation_style: "apa".into(),
            bibliography_all: false,
            et_al: None,
            editor_label: None,
            output_dir: "dist".into(),
            pdf: "memoire.pdf".into(),
            epub: "memoire.epub".into(),
            docx: "memoire.docx".into(),
            archive: "memoire-{date}.zip".into(),
            pdf_standards: vec!["a-2a".into(), "ua-1".into()],
            sigles_ignores: Vec::new(),
        }
    }
}

fn default_language() -> String {
    "fr-CA".into()
}

/// Reads and checks `content/memoire.toml` under `root`. Problems go to `diags`; `None` when
/// the file cannot be used at all.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Config> {
    let rel = Path::new(CONFIG_PATH);
    let text = match crate::files::read_text(root, rel) {
        Ok(t) => t,
        Err(refused) => {
            diags
                .error(rel, None, refused.message(rel))
                .with_hint("un projet memoire a un fichier content/memoire.toml (voir README.md)");
            return None;
        }
    };
    parse(&text, diags)
}

/// Parses the text of `memoire.toml`, reporting problems against [`CONFIG_PATH`].
pub fn parse(text: &str, diags: &mut Diagnostics) -> Option<Config> {
    let rel = Path::new(CONFIG_PATH);
    let config: Config = match toml::from_str(text) {
        Ok(c) => c,
        Err(e) => {
            let pos = e.span().map(|s| pos_of_offset(text, s.start));
            let said = crate::parse_errors::toml(e.message());
            diags.error(rel, pos, said.message).with_hint(said.hint);
            return None;
        }
    };
    let line_of = |key: &str| {
        let is_key = |l: &str| l.trim_start().strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('='));
        text.lines().position(is_key).map(|i| crate::diag::Pos::new(i + 1, 1))
    };
    if config.memoire.title.trim().is_empty() {
        diags.error(rel, line_of("title"), "le titre du mémoire est vide");
    }
    if config.memoire.author.trim().is_empty() {
        diags.error(rel, line_of("author"), "l’auteur du mémoire est vide");
    }
    if let Some(p) = &config.memoire.presentation {
        if crate::presentation::Preset::parse(p).is_none() {
            let known: Vec<&str> = crate::presentation::Preset::ALL.iter().map(|(n, _)| *n).collect();
            diags.error(rel, line_of("presentation"), format!("présentation « {p} » inconnue ({})", known.join(", ")));
        }
    }
    for (key, why) in crate::presentation::check_overrides(&config.layout) {
        diags.error(rel, line_of(key), format!("[layout] {key} : {why}"));
    }
    let preset_institution = config.memoire.preset().institution();
    for (key, value) in [
        ("institution", &config.memoire.institution),
        ("degree", &config.memoire.degree),
        ("date", &config.memoire.date),
    ] {
        if key == "institution" && preset_institution.is_some() {
            continue;
        }
        if value.as_deref().is_none_or(|v| v.trim().is_empty()) {
            diags
                .warning(rel, None, format!("métadonnée manquante pour la page de titre : {key}"))
                .with_hint(format!("ajoutez `{key} = \"…\"` dans la section [memoire]"));
        }
    }
    check_outputs(&config.build, &line_of, diags);
    // What the preset prints itself, repeated in `degree`, would print twice on the title page.
    if let Some(degree) = &config.memoire.degree {
        let preset = config.memoire.preset();
        let printed = preset.degree_line("");
        let own = printed.trim().to_lowercase();
        if !own.is_empty() && degree.to_lowercase().contains(&own) && preset != crate::presentation::Preset::Standard {
            diags
                .warning(rel, line_of("degree"), format!("degree répète ce que la présentation « {} » imprime déjà : « {} »", preset.name(), printed.trim()))
                .with_hint(format!("ne gardez que le programme : degree = \"maîtrise en …\" (la page de titre imprimerait « {} » deux fois)", printed.trim()));
        }
    }
    if config.memoire.title.chars().count() > MAX_TITLE_CHARS {
        diags.error(
            rel,
            line_of("title"),
            format!(
                "titre trop long ({} caractères, {} au plus)",
                crate::fr::number(config.memoire.title.chars().count()),
                MAX_TITLE_CHARS
            ),
        );
    }
    // What the title page and the PDF's metadata print (PDF strings hold 32,767 bytes at most).
    let m = &config.memoire;
    let lines = [
        ("subtitle", m.subtitle.as_deref()),
        ("author", Some(m.author.as_str())),
        ("institution", m.institution.as_deref()),
        ("degree", m.degree.as_deref()),
        ("date", m.date.as_deref()),
    ];
    let keywords = m.keywords.iter().map(|k| ("keywords", Some(k.as_str())));
    for (key, value) in lines.into_iter().chain(keywords) {
        let n = value.map_or(0, |v| v.chars().count());
        if n > MAX_TITLE_CHARS {
            diags
                .error(
                    rel,
                    line_of(key),
                    format!("{key} trop long ({} caractères, {MAX_TITLE_CHARS} au plus)", crate::fr::number(n)),
                )
                .with_hint("une ligne de page de titre : raccourcissez-la");
        }
    }
    for (key, value) in [("et_al", &config.build.et_al), ("editor_label", &config.build.editor_label)] {
        let Some(value) = value else { continue };
        if value.chars().count() > MAX_TERM_CHARS || value.contains(['\n', '\r']) {
            diags
                .error(
                    rel,
                    line_of(key),
                    format!("{key} : un mot ou une abréviation sur une ligne ({MAX_TERM_CHARS} caractères au plus)"),
                )
                .with_hint(format!("par exemple `{key} = \"{}\"`", if key == "et_al" { "et coll." } else { "dir." }));
        }
    }
    for s in &config.build.pdf_standards {
        if !matches!(s.as_str(), "a-2a" | "a-2b" | "a-3b" | "ua-1") {
            diags.error(
                rel,
                line_of("pdf_standards"),
                format!("norme PDF inconnue : « {s} » (a-2a, a-2b, a-3b, ua-1)"),
            );
        }
    }
    Some(config)
}

/// The outputs stay in their folder and never meet a source or each other: `output_dir` is a
/// folder of the project outside `content/`, `bibliography/` and `styles/`; `pdf`, `epub` and
/// `archive` are plain file names with their own extension, all different.
fn check_outputs(build: &Build, line_of: &dyn Fn(&str) -> Option<crate::diag::Pos>, diags: &mut Diagnostics) {
    let rel = Path::new(CONFIG_PATH);
    let dir = Path::new(&build.output_dir);
    let first = dir.components().next().and_then(|c| c.as_os_str().to_str().map(str::to_string));
    if !crate::files::stays_below(dir) || build.output_dir.trim_matches(['.', '/']).is_empty() {
        diags
            .error(
                rel,
                line_of("output_dir"),
                format!("output_dir « {} » : un dossier du projet est attendu", build.output_dir),
            )
            .with_hint("un chemin relatif au projet, sans `..`, par exemple \"dist\"");
    } else if first.is_some_and(|f| crate::files::PROTECTED.contains(&f.as_str())) {
        diags
            .error(rel, line_of("output_dir"), format!("output_dir « {} » est dans les sources", build.output_dir))
            .with_hint(
            "les sorties ne vont jamais dans content/, bibliography/, styles/ ni sauvegardes/ : par exemple \"dist\"",
        );
    }
    let mut seen: Vec<&str> = Vec::new();
    for (key, name, ext) in [
        ("pdf", &build.pdf, ".pdf"),
        ("epub", &build.epub, ".epub"),
        ("docx", &build.docx, ".docx"),
        ("archive", &build.archive, ".zip"),
    ] {
        let plain = !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\']);
        if !plain || !name.ends_with(ext) {
            diags
                .error(rel, line_of(key), format!("{key} « {name} » : un nom de fichier en {ext} est attendu"))
                .with_hint(format!("un simple nom, sans dossier (le dossier est output_dir), qui finit par {ext}"));
        } else if seen.contains(&name.as_str()) {
            diags.error(rel, line_of(key), format!("{key} « {name} » : deux sorties porteraient ce nom"));
        } else {
            seen.push(name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply() {
        let mut d = Diagnostics::new();
        let c = parse("[memoire]\ntitle = \"T\"\nauthor = \"A\"\n", &mut d).unwrap();
        assert_eq!(c.memoire.language, "fr-CA");
        assert_eq!(c.build.output_dir, "dist");
        assert_eq!(c.build.citation_style, "apa");
        assert_eq!(d.warning_count(), 3, "institution, degree and date are missing");
        assert!(!d.has_errors());
    }

    #[test]
    fn outputs_never_meet_a_source() {
        let errors = |build: &str| {
            let mut d = Diagnostics::new();
            parse(&format!("[memoire]\ntitle = \"T\"\nauthor = \"A\"\n[build]\n{build}\n"), &mut d);
            d.sorted()
                .iter()
                .filter(|x| x.severity == crate::diag::Severity::Error)
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
        };
        for bad in [
            "epub = \"../content/memoire.toml\"",
            "archive = \"../content/notes/4.9.md\"",
            "output_dir = \"content/notes\"",
            "output_dir = \"/tmp/ailleurs\"",
            "output_dir = \"../ailleurs\"",
            "output_dir = \".\"",
            "archive = \"memoire.pdf\"",
            "pdf = \"memoire.epub\"",
        ] {
            let e = errors(bad);
            assert_eq!(e.len(), 1, "{bad}: {e:?}");
            assert!(e[0].starts_with("content/memoire.toml:5:1: erreur:"), "{bad}: {e:?}");
        }
        assert!(errors("output_dir = \"sorties/2026\"\narchive = \"instantane-{date}.zip\"").is_empty());
    }

    #[test]
    fn unknown_key_is_located() {
        let mut d = Diagnostics::new();
        assert!(parse("[memoire]\ntitle = \"T\"\nauthor = \"A\"\ncolour = 1\n", &mut d).is_none());
        let e = d.sorted()[0];
        assert_eq!(e.pos.unwrap().line, 4);
        assert!(e.message.contains("colour"), "{}", e.message);
    }
}
