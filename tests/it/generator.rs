//! A deterministic generator of synthetic carnets (French prose using every syntax the format
//! allows, with a matching bibliography), for tests and benchmarks. Not the mémoire's text.
//! Dev-only: a module of the integration tests, included by `examples/generate.rs` (for
//! `make bench`); not part of the shipped library.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use memoire::text::slugify;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// Notes in all, the table of contents, Résumé and Références included (at least 4).
    pub notes: usize,
    /// Approximate words of prose per note.
    pub words_per_note: usize,
    /// Seed of the pseudo-random generator: the same spec gives the same files.
    pub seed: u64,
}

/// A small, fast, deterministic pseudo-random generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const WORDS: &[&str] = &[
    "communauté",
    "pratique",
    "connaissances",
    "transfert",
    "innovation",
    "sociale",
    "membres",
    "organisations",
    "animation",
    "confiance",
    "échanges",
    "apprentissage",
    "collaboration",
    "démarche",
    "milieu",
    "acteur·trices",
    "participant·es",
    "réseau",
    "recherche",
    "terrain",
    "écosystème",
    "partage",
    "expertise",
    "projets",
    "financement",
    "gouvernance",
    "mandat",
    "activités",
    "outils",
    "numériques",
    "vocabulaire",
    "langage",
    "commun",
    "diversité",
    "niveaux",
    "participation",
    "ouverture",
    "divergences",
    "coopération",
    "résultats",
    "théorique",
    "méthodologie",
    "cas",
    "entrevues",
    "observations",
    "journaux",
    "bord",
    "hypothèses",
    "consultation",
    "évaluation",
    "portée",
    "conditions",
    "succès",
    "facteurs",
    "enjeux",
    "limites",
    "typologies",
    "frontières",
    "objets",
    "intersectorielle",
    "porteur·euses",
    "chercheur·es",
    "d’attache",
    "l’écosystème",
    "d’apprentissage",
    "qu’elles",
    "s’appuient",
    "être",
    "très",
    "déjà",
    "après",
    "où",
    "même",
    "façon",
    "œuvre",
    "cœur",
    "début",
    "sécurité",
    "intérêt",
];
const LINKERS: &[&str] =
    &["de", "des", "la", "le", "les", "et", "dans", "pour", "avec", "sur", "entre", "une", "un", "par", "aux"];
const ENGLISH: &[&str] =
    &["communities", "of", "practice", "grow", "never", "boundary", "objects", "knowledge", "sharing"];
const SURNAMES: &[&str] = &[
    "Wenger",
    "Tremblay",
    "Gagnon",
    "Côté",
    "Bélanger",
    "Lévesque",
    "Morin",
    "Bouchard",
    "Gauthier",
    "Pelletier",
    "Roy",
    "Fortin",
    "Lavoie",
    "Dubé",
    "Paré",
    "Ouellet",
    "Nadeau",
    "Girard",
    "Leclerc",
    "Thériault",
];
const GIVEN: &[&str] = &["Étienne", "Marie", "Jean", "Hélène", "Louis", "Sophie", "André", "Josée", "Rémi", "Claire"];

/// One bibliography entry of the synthetic carnet.
struct Work {
    key: String,
    authors: Vec<(String, String)>,
    year: u32,
    title: String,
    kind: usize,
}

/// One note to write.
struct Planned {
    number: String,
    title: String,
    depth: usize,
    file: String,
    headings: Vec<String>,
    part: Option<String>,
}

/// Writes a whole project (content/, bibliography/) for `spec` into `dir`, which must exist.
/// The styles are not written: copy the project's `styles/` beside it to build.
pub fn write_carnet(dir: &Path, spec: Spec) -> io::Result<()> {
    assert!(spec.notes >= 4, "a carnet needs at least 4 notes");
    let mut rng = Rng(spec.seed);
    let works = plan_works(&mut rng, 12 + spec.notes / 4);
    let notes = plan_notes(&mut rng, spec.notes - 3);
    std::fs::create_dir_all(dir.join("content/notes"))?;
    std::fs::create_dir_all(dir.join("bibliography"))?;
    std::fs::write(
        dir.join("content/memoire.toml"),
        format!(
            "[memoire]\ntitle = \"Carnet synthétique de {n} notes\"\nsubtitle = \"Texte généré pour les tests\"\nauthor = \"Autrice Générée\"\ninstitution = \"Université de démonstration\"\ndegree = \"Mémoire présenté comme exigence partielle de la maîtrise en tests\"\ndate = \"novembre 2026\"\nlanguage = \"fr-CA\"\nexpected_notes = {n}\nkeywords = [\"test\", \"carnet\"]\n",
            n = spec.notes
        ),
    )?;
    std::fs::write(dir.join("bibliography/references.bib"), bibtex(&works))?;

    let mut toc = String::from("---\ntitle: Table des matières\nrole: table-des-matieres\n---\n\n");
    toc.push_str("- [Résumé](notes/resume.md)\n");
    let mut current_part = None;
    for n in &notes {
        if n.part != current_part {
            if let Some(p) = &n.part {
                let _ = writeln!(toc, "- {p}");
            }
            current_part = n.part.clone();
        }
        let _ = writeln!(toc, "{}- [{} {}](notes/{})", "  ".repeat(n.depth), n.number, n.title, n.file);
    }
    toc.push_str("- [Références](notes/references.md)\n");
    std::fs::write(dir.join("content/table-des-matieres.md"), toc)?;

    let resume = format!(
        "---\ntitle: Résumé\nrole: resume\nstatus: texte\n---\n\n{}\n",
        paragraph(&mut rng, spec.words_per_note / 3, &works, &notes, 0, None)
    );
    std::fs::write(dir.join("content/notes/resume.md"), resume)?;
    std::fs::write(
        dir.join("content/notes/references.md"),
        "---\ntitle: Références\nrole: references\nstatus: texte\n---\n",
    )?;
    for (i, n) in notes.iter().enumerate() {
        let body = note_body(&mut rng, spec.words_per_note, &works, &notes, i);
        let part = n.part.as_deref().map(|p| format!("part: \"{}\"\n", p.to_lowercase())).unwrap_or_default();
        let text = format!(
            "---\ntitle: \"{}\"\nnumber: \"{}\"\n{part}url: https://praxis.encommun.io/n/synthetique-{i}/\nstatus: texte\n---\n\n{body}",
            n.title, n.number
        );
        std::fs::write(dir.join("content/notes").join(&n.file), text)?;
    }
    Ok(())
}

fn plan_works(rng: &mut Rng, count: usize) -> Vec<Work> {
    let mut works = Vec::new();
    for i in 0..count {
        let n_authors = 1 + rng.below(3);
        let authors: Vec<(String, String)> = (0..n_authors)
            .map(|k| (SURNAMES[(i * 3 + k * 7) % SURNAMES.len()].to_string(), rng.pick(GIVEN).to_string()))
            .collect();
        let year = 1990 + (i as u32 * 7) % 33;
        let key = format!("{}{}{}", slugify(&authors[0].0), year, char::from(b'a' + (i % 26) as u8));
        let title = {
            let mut t = String::new();
            for w in 0..(4 + rng.below(5)) {
                if w > 0 {
                    t.push(' ');
                }
                t.push_str(if w % 2 == 1 { rng.pick(LINKERS) } else { rng.pick(WORDS) });
            }
            let mut c = t.chars();
            c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
        };
        works.push(Work { key, authors, year, title, kind: i % 3 });
    }
    works
}

fn plan_notes(rng: &mut Rng, count: usize) -> Vec<Planned> {
    let parts = ["Problématique", "Cadre théorique", "Méthodologie", "Résultats", "Discussion"];
    let per_chapter = count.div_ceil(parts.len()).max(1);
    let mut notes = Vec::new();
    let mut chapter = 0;
    let mut k = 0;
    let mut sub = 0;
    while notes.len() < count {
        if notes.len() >= (chapter + 1) * per_chapter || notes.is_empty() && chapter == 0 && k == 0 {
            if !notes.is_empty() {
                chapter += 1;
            }
            k = 0;
            sub = 0;
        }
        let part = parts.get(chapter).map(|p| p.to_string()).or_else(|| Some(format!("Partie {}", chapter + 1)));
        let nested = k > 0 && sub < 2 && rng.chance(30);
        let (number, depth) = if nested {
            sub += 1;
            (format!("{}.{}.{}", chapter + 1, k, sub), 2)
        } else {
            k += 1;
            sub = 0;
            (format!("{}.{}", chapter + 1, k), 1)
        };
        let mut title = String::new();
        for w in 0..(3 + rng.below(4)) {
            if w > 0 {
                title.push(' ');
            }
            title.push_str(if w % 2 == 1 { rng.pick(LINKERS) } else { rng.pick(WORDS) });
        }
        let title = {
            let mut c = title.chars();
            c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
        };
        let headings = (0..(1 + rng.below(3))).map(|h| format!("{} {}", rng.pick(WORDS), h + 1)).collect();
        let file = format!("{number}-{}.md", slugify(&title));
        notes.push(Planned { number, title, depth, file, headings, part });
    }
    notes
}

fn word(rng: &mut Rng, i: usize) -> &'static str {
    if i % 3 == 1 {
        rng.pick(LINKERS)
    } else {
        rng.pick(WORDS)
    }
}

/// A paragraph of about `words` words with inline syntax: emphasis, citations, cross-references,
/// footnote calls (numbered from `*footnote`), French punctuation, guillemets, code, autolinks.
fn paragraph(
    rng: &mut Rng,
    words: usize,
    works: &[Work],
    notes: &[Planned],
    me: usize,
    footnote: Option<&mut usize>,
) -> String {
    let mut footnote = footnote;
    let mut p = String::new();
    let mut sentence_start = true;
    for i in 0..words.max(3) {
        if !p.is_empty() {
            p.push(' ');
        }
        let w = word(rng, i);
        if sentence_start {
            let mut c = w.chars();
            p.push_str(&c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default());
            sentence_start = false;
        } else {
            // Densities of a real thesis: about 1 citation per 100 words, 1 cross-reference and
            // 1 footnote per 400, every other syntax present but rare.
            match rng.below(400) {
                0..=3 => {
                    let _ = write!(p, "*{w}*");
                }
                4..=5 => {
                    let _ = write!(p, "**{w}**");
                }
                6..=8 => {
                    let _ = write!(p, "« {w} {} »", rng.pick(WORDS));
                }
                9..=12 => {
                    let wk = &works[rng.below(works.len())];
                    let _ = match rng.below(7) {
                        0 => write!(p, "{w} [@{}]", wk.key),
                        1 => write!(p, "{w} [@{}, p. {}]", wk.key, 1 + rng.below(300)),
                        2 => write!(p, "selon @{} {w}", wk.key),
                        3 => write!(p, "{w} [@{}; @{}]", wk.key, works[(rng.below(works.len()) + 1) % works.len()].key),
                        4 => write!(p, "{w} [voir @{}, chap. {} et suiv.]", wk.key, 1 + rng.below(9)),
                        5 => write!(p, "{} [-@{}] {w}", wk.authors[0].0, wk.key),
                        _ => write!(p, "{w} [@{}, paragr. {}]", wk.key, 1 + rng.below(20)),
                    };
                }
                13 if notes.len() > 1 => {
                    let t = (me + 1 + rng.below(notes.len() - 1)) % notes.len();
                    let target = &notes[t];
                    if rng.chance(50) {
                        let anchor = slugify(&target.headings[0]);
                        let _ = write!(p, "{w} (voir [{}]({}#{anchor}))", target.title, target.file);
                    } else {
                        let _ = write!(p, "{w} ([{}]({}))", target.title, target.file);
                    }
                }
                14 if footnote.is_some() => {
                    let n = footnote.as_deref_mut().expect("checked");
                    *n += 1;
                    let _ = write!(p, "{w}[^{n}]");
                }
                15..=18 => {
                    let _ = write!(p, "{w} :");
                }
                19..=21 => {
                    let _ = write!(p, "{w} ;");
                }
                22 => {
                    let _ = write!(p, "`code_{}`", rng.below(100));
                }
                23 => {
                    let _ = write!(p, "<span lang=\"en\">{} {}</span>", rng.pick(ENGLISH), rng.pick(ENGLISH));
                }
                24 => {
                    let _ = write!(p, "~~{w}~~");
                }
                25 => {
                    let _ = write!(p, "{w} <https://example.org/{}>", rng.below(1000));
                }
                _ => p.push_str(w),
            }
        }
        if rng.chance(8) && i + 1 < words {
            p.push_str(if rng.chance(85) { "." } else { " ?" });
            sentence_start = true;
        } else if rng.chance(6) {
            p.push(',');
        }
    }
    p.push('.');
    p
}

fn note_body(rng: &mut Rng, words: usize, works: &[Work], notes: &[Planned], me: usize) -> String {
    let mut out = String::new();
    let mut footnotes = 0;
    let headings = &notes[me].headings;
    let paragraphs = (words / 90).max(headings.len() + 1);
    let per = words / paragraphs;
    for k in 0..paragraphs {
        // Heading h stands before paragraph (h + 1) * paragraphs / (headings + 1).
        if let Some(h) = headings.iter().enumerate().find(|(h, _)| (h + 1) * paragraphs / (headings.len() + 1) == k) {
            let _ = writeln!(out, "## {}\n", h.1);
        }
        match rng.below(12) {
            0 => {
                for _ in 0..(2 + rng.below(3)) {
                    let _ = writeln!(
                        out,
                        "- {} ;",
                        paragraph(rng, 8, works, notes, me, Some(&mut footnotes)).trim_end_matches('.')
                    );
                }
                out.push('\n');
            }
            1 => {
                for n in 1..=(2 + rng.below(3)) {
                    let _ = writeln!(out, "{n}. {}", paragraph(rng, 8, works, notes, me, Some(&mut footnotes)));
                }
                out.push('\n');
            }
            2 => {
                let _ = writeln!(out, "> {}\n", paragraph(rng, per / 2, works, notes, me, Some(&mut footnotes)));
            }
            3 => {
                let _ = writeln!(out, "| Cas | {} | Membres |\n|:--|:-:|--:|", rng.pick(WORDS));
                for r in 1..=3 {
                    let _ = writeln!(out, "| CdP {r} | {} | {} |", rng.pick(WORDS), 5 + rng.below(200));
                }
                out.push('\n');
            }
            4 => {
                let _ = writeln!(
                    out,
                    "<div lang=\"en\">\n\n{} {} {}.\n\n</div>\n",
                    rng.pick(ENGLISH),
                    rng.pick(ENGLISH),
                    rng.pick(ENGLISH)
                );
            }
            _ => {}
        }
        let _ = writeln!(out, "{}\n", paragraph(rng, per, works, notes, me, Some(&mut footnotes)));
    }
    // Every note restarts its footnote labels at 1: labels are scoped per note.
    for n in 1..=footnotes {
        let _ = writeln!(out, "[^{n}]: {}\n", paragraph(rng, 12, works, notes, me, None));
    }
    out
}

fn bibtex(works: &[Work]) -> String {
    let mut out = String::new();
    for w in works {
        let authors: Vec<String> = w.authors.iter().map(|(s, g)| format!("{s}, {g}")).collect();
        let kind = ["book", "article", "report"][w.kind];
        let _ = writeln!(
            out,
            "@{kind}{{{},\n  author = {{{}}},\n  title = {{{}}},\n  year = {{{}}},",
            w.key,
            authors.join(" and "),
            w.title,
            w.year
        );
        let _ = match w.kind {
            0 => writeln!(out, "  publisher = {{Presses de l’Université Laval}},\n  address = {{Québec}},"),
            1 => writeln!(
                out,
                "  journal = {{Revue d’innovation sociale}},\n  volume = {{{}}},\n  pages = {{{}--{}}},",
                w.year % 30,
                10,
                30
            ),
            _ => writeln!(out, "  institution = {{Centre de recherche}},"),
        };
        out.push_str("}\n\n");
    }
    out
}
