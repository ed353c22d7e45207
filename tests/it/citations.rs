//! Citations and bibliography: every form the author uses, French terms, and the same
//! formatted text in the resolved model and in the PDF.

use crate::support::*;
use memoire::model::{Inline, Role};
use memoire::text::plain_text;

/// Every rendered citation of the fixture carnet, in reading order, as `(source, printed)`.
fn fixture_citations(dir: &std::path::Path) -> (Vec<(String, String)>, memoire::resolve::Resolved) {
    let (resolved, diags) = memoire::check::run(dir, false);
    assert!(!diags.has_errors(), "{:?}", diags.sorted());
    let r = resolved.unwrap();
    let mut out = Vec::new();
    for note in &r.doc().notes {
        let mut push = |i: &Inline| {
            if let Inline::Cite(c) = i {
                out.push((c.source.clone(), plain_text(&c.rendered)));
            }
        };
        memoire::text::visit_inlines(&note.blocks, &mut push);
        for f in &note.footnotes {
            memoire::text::visit_inlines(&f.blocks, &mut push);
        }
    }
    (out, r)
}

/// White space of any kind (no-break spaces included) folded to one space.
/// Adds one line to the `[build]` table of the project's memoire.toml.
fn set_build_option(dir: &std::path::Path, line: &str) {
    let config = dir.join("content/memoire.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\n[build]\n{line}\n")).unwrap();
}

fn fold(s: &str) -> String {
    s.replace("\u{ad}\n", "").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn each_citation_form_prints_as_the_author_writes() {
    let (cites, _) = fixture_citations(&fixture("carnet"));
    let expected = [
        ("[@wenger2005, p. 248]", "(Wenger, 2005, p. 248)"),
        ("@graham2006", "Graham (2006)"),
        ("[@lemire2009, p. 7]", "(Lemire et al., 2009, p. 7)"),
        ("[@dancause2020]", "(Dancause, 2020)"),
        ("[@dube2004; @laferriere2006; @tremblay2006]", "(Dubé, 2004 ; Laferrière et al., 2006 ; Tremblay, 2006)"),
        ("[voir @wenger2005, p. 3 et suiv.]", "(voir Wenger, 2005, p. 3 et suiv.)"),
        ("@wenger2002 [p. 5]", "Wenger et al. (2002, p. 5)"),
        ("[-@cefrio2005]", "(2005)"),
        ("[@cefrio2005, p. 41]", "(CEFRIO, 2005, p. 41)"),
        ("[@wenger2002, paragr. 1]", "(Wenger et al., 2002, paragr. 1)"),
        ("@parot2004", "Parot et al. (2004)"),
        ("@agence2010", "Agence de la Santé et des Services de la Montérégie (2010)"),
        ("@probst2007", "Probst et Borzillo (2007)"),
        ("[@star1989]", "(Star et Griesemer, 1989)"),
        ("@hildreth2002", "Hildreth et Kimble (2002)"),
        // APA 8.12: the works of one citation in the order of the reference list.
        ("[@yin2009; @karsenti2018]", "(Karsenti et Savoie-Zajc, 2018 ; Yin, 2009)"),
        ("@demers2020", "Demers et Tremblay (2020)"),
        ("[@pare]", "(Paré, s. d.)"),
    ];
    for (source, printed) in expected {
        let found =
            cites.iter().find(|(s, _)| s == source).unwrap_or_else(|| panic!("no citation {source} in {cites:?}"));
        assert_eq!(fold(&found.1), printed, "{source}");
    }
    // French spacing: a narrow no-break space before the semicolon between works.
    let multi = cites.iter().find(|(s, _)| s.starts_with("[@dube2004")).unwrap();
    assert!(multi.1.contains("2004\u{202f}; Laferrière"), "{:?}", multi.1);
}

#[test]
fn each_work_links_to_its_bibliography_entry() {
    let (_, r) = fixture_citations(&fixture("carnet"));
    let keys: Vec<&str> = r.bibliography.items.iter().map(|i| i.key.as_str()).collect();
    for note in &r.doc().notes {
        memoire::text::visit_inlines(&note.blocks, &mut |i| {
            if let Inline::Cite(c) = i {
                let mut links = Vec::new();
                memoire::text::visit_inlines(&[memoire::model::Block::Paragraph(c.rendered.clone())], &mut |j| {
                    if let Inline::Link(memoire::model::Link { target: memoire::model::LinkTarget::Entry(k), .. }) = j {
                        links.push(k.clone());
                    }
                });
                let cited: Vec<String> = c.items.iter().map(|it| it.key.clone()).collect();
                assert_eq!(links, cited, "{}", c.source);
                assert!(cited.iter().all(|k| keys.contains(&k.as_str())), "{}", c.source);
            }
        });
    }
}

#[test]
fn the_bibliography_is_sorted_by_the_style_with_french_terms() {
    let (_, r) = fixture_citations(&fixture("carnet"));
    let entries: Vec<String> = r.bibliography.items.iter().map(|i| fold(&plain_text(&i.content))).collect();
    assert!(r.bibliography.hanging_indent, "APA wants hanging indents");
    assert_eq!(
        entries.first().map(String::as_str),
        Some("Agence de la Santé et des Services de la Montérégie. (2010).")
    );
    assert!(entries.contains(&"Paré. (s. d.).".to_string()), "{entries:?}");
    assert!(
        entries.contains(&"Wenger, E. (2005). La théorie des communautés de pratique. Apprentissage, sens et identité. Presses de l’Université Laval.".to_string()),
        "{entries:?}"
    );
    // « et » between the last two names, but a title keeps its own « & ».
    let parot = entries.iter().find(|e| e.starts_with("Parot")).unwrap();
    assert!(parot.starts_with("Parot, S., Talhi, F., Monin, J.-M. et Sebal, T. (2004)."), "{parot}");
    assert!(parot.contains("organisation & panorama"), "{parot}");
    // Author order, accents folded as in French collation (Paré before Parot).
    let mut sorted = entries.clone();
    sorted.sort_by_key(|e| memoire::text::slugify(e));
    assert_eq!(entries, sorted, "author order");
    // Only cited works (every entry of the fixture is cited).
    assert_eq!(entries.len(), 18);
}

/// Every citation's printed text, and every bibliography entry in order after the last
/// « Références », must be found in `text` (one output, folded to plain words).
fn assert_same_citations(output: &str, text: &str, cites: &[(String, String)], r: &memoire::resolve::Resolved) {
    for (source, printed) in cites {
        assert!(text.contains(&fold(printed)), "{output}: citation {source} printed as « {printed} » not found");
    }
    let mut at = text.rfind("Références").unwrap_or_else(|| panic!("{output}: no Références heading"));
    for item in &r.bibliography.items {
        let entry = fold(&plain_text(&item.content));
        let found = text[at..]
            .find(&entry)
            .unwrap_or_else(|| panic!("{output}: « {entry} » not found in order after Références"));
        at += found + entry.len();
    }
}

/// Markdown as a reader sees it: link destinations, raw anchors, escapes and emphasis marks removed.
fn markdown_text(md: &str) -> String {
    let out = without_link_destinations(md);
    let mut plain = String::with_capacity(out.len());
    let mut chars = out.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|n| n.is_ascii_punctuation()) => plain.push(chars.next().unwrap()),
            '[' | ']' | '*' => {}
            c => plain.push(c),
        }
    }
    plain
}

#[test]
fn pdf_epub_and_archive_print_the_same_citations_and_bibliography() {
    let tmp = project("carnet");
    let out = memoire(tmp.path(), &["build", "--date", "2026-11-26"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (cites, r) = fixture_citations(tmp.path());
    let pdf = fold(&tool("pdftotext", &[tmp.path().join("dist/memoire.pdf").to_str().unwrap(), "-"]));
    assert_same_citations("PDF", &pdf, &cites, &r);
    let epub = unzip(&std::fs::read(tmp.path().join("dist/memoire.epub")).unwrap());
    let xhtml: Vec<String> = epub
        .iter()
        .filter(|(name, _)| name.ends_with(".xhtml") && !name.ends_with("nav.xhtml"))
        .map(|(_, bytes)| xhtml_text(&String::from_utf8_lossy(bytes)))
        .collect();
    assert_same_citations("EPUB", &fold(&xhtml.join(" ")), &cites, &r);
    let archive = unzip(&std::fs::read(tmp.path().join("dist/memoire-2026-11-26.zip")).unwrap());
    let md = String::from_utf8(archive["memoire-2026-11-26/memoire.md"].clone()).unwrap();
    assert_same_citations("memoire.md", &fold(&markdown_text(&md)), &cites, &r);
    let references_note = r.doc().notes.iter().find(|n| n.role() == Role::Bibliography).unwrap();
    assert_eq!(references_note.meta.title, "Références");
}

#[test]
fn check_lists_what_the_bibliography_lacks() {
    // The mémoire cites nothing yet (its notes are to import): the entries are summed up in one
    // note, and no entry it does not print is called incomplete (issue 26).
    let out = memoire(&repo(), &["check"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("bibliography: note: 17 entrées de la bibliographie ne sont pas citées ("), "{stderr}");
    assert_eq!(stderr.lines().filter(|l| l.contains("incomplète")).count(), 0, "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let citations = stdout.lines().find(|l| l.trim_start().starts_with("citations ")).expect(&stdout);
    assert_eq!(citations.split_whitespace().collect::<Vec<_>>(), ["citations", "0", "(0", "œuvre", "citée)"]);
    // Once cited, an entry the list prints says what it lacks.
    let tmp = memoire_project();
    append(
        tmp.path(),
        "content/notes/4.13-un-climat-de-confiance-propice-aux-echanges.md",
        "\nVoir [@wenger2002] et [@cefrio2005].\n",
    );
    let stderr = String::from_utf8(memoire(tmp.path(), &["check"]).stderr).unwrap();
    assert!(stderr.contains("bibliography/references.bib:13:1: avertissement: entrée « wenger2002 » incomplète : titre, éditeur manquants"), "{stderr}");
    assert!(stderr.contains("entrée « cefrio2005 » incomplète : titre manquant"), "{stderr}");
    assert_eq!(stderr.lines().filter(|l| l.contains("incomplète")).count(), 2, "{stderr}");
}

#[test]
fn a_citation_with_an_unknown_key_fails_the_build_with_a_suggestion() {
    let tmp = project("carnet");
    let note = tmp.path().join("content/notes/2.1-transfert.md");
    let text = std::fs::read_to_string(&note).unwrap().replace("[@dancause2020]", "[@dancose2020]");
    std::fs::write(&note, text).unwrap();
    let out = memoire(tmp.path(), &["build", "--pdf", "--date", "2026-11-26"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("content/notes/2.1-transfert.md:8:143: erreur: clé de bibliographie inconnue « dancose2020 »\n  aide : vouliez-vous dire dancause2020 ?"),
        "{stderr}"
    );
}

#[test]
fn a_csl_file_in_styles_is_used() {
    let tmp = project("carnet");
    let hayagriva::citationberg::Style::Independent(style) =
        hayagriva::archive::ArchivedStyle::by_name("chicago-author-date").unwrap().get()
    else {
        panic!("an independent style")
    };
    let xml = hayagriva::citationberg::Style::Independent(style).to_xml().unwrap();
    std::fs::write(tmp.path().join("styles/chicago.csl"), xml).unwrap();
    set_build_option(tmp.path(), "citation_style = \"chicago.csl\"");
    let (cites, _) = fixture_citations(tmp.path());
    let wenger = cites.iter().find(|(s, _)| s == "[@wenger2005, p. 248]").unwrap();
    // Chicago author-date: no comma between name and year, no « p. ».
    assert_eq!(fold(&wenger.1), "(Wenger 2005, 248)");
}

#[test]
fn bibliography_all_prints_works_never_cited() {
    let tmp = project("carnet");
    std::fs::write(
        tmp.path().join("bibliography/jamais.bib"),
        "@book{jamais2001,\n  author = {Jamais, Cité},\n  year = {2001},\n  title = {Un livre jamais cité},\n  publisher = {Nulle part},\n}\n",
    )
    .unwrap();
    let (_, r) = fixture_citations(tmp.path());
    assert!(r.bibliography.items.iter().all(|i| i.key != "jamais2001"), "only cited works by default");
    set_build_option(tmp.path(), "bibliography_all = true");
    let (_, r) = fixture_citations(tmp.path());
    let entry = r.bibliography.items.iter().find(|i| i.key == "jamais2001").expect("printed with bibliography_all");
    assert_eq!(fold(&plain_text(&entry.content)), "Jamais, C. (2001). Un livre jamais cité. Nulle part.");
}

#[test]
fn et_al_can_be_written_the_authors_way() {
    let tmp = project("carnet");
    set_build_option(tmp.path(), "et_al = \"et coll.\"");
    let (cites, _) = fixture_citations(tmp.path());
    let parot = cites.iter().find(|(s, _)| s == "@parot2004").unwrap();
    assert_eq!(fold(&parot.1), "Parot et coll. (2004)");
}

#[test]
fn locator_words_are_in_lower_case_inside_a_french_citation() {
    let tmp = project("carnet");
    let note = tmp.path().join("content/notes/2.1-transfert.md");
    let text = std::fs::read_to_string(&note).unwrap();
    let cited = "[@dancause2020, chap. 7] et [@yin2009, sect. 2]";
    std::fs::write(&note, text.replacen("[@dancause2020]", cited, 1)).unwrap();
    let (cites, _) = fixture_citations(tmp.path());
    let printed = |source: &str| fold(&cites.iter().find(|(s, _)| s == source).unwrap().1);
    assert_eq!(printed("[@dancause2020, chap. 7]"), "(Dancause, 2020, chapitre 7)");
    assert_eq!(printed("[@yin2009, sect. 2]"), "(Yin, 2009, section 2)");
    // Abbreviated locators are printed as before.
    assert_eq!(printed("[@lemire2009, p. 7]"), "(Lemire et al., 2009, p. 7)");
}

#[test]
fn works_of_one_citation_are_sorted_and_those_of_the_same_author_grouped() {
    let p = project("carnet");
    let bib = p.path().join("bibliography/references.bib");
    let text = std::fs::read_to_string(&bib).unwrap();
    std::fs::write(
        &bib,
        format!(
            "{text}\n@book{{wenger1998,\n  author = {{Wenger, E.}},\n  title = {{Communities of practice: Learning, meaning, and identity}},\n  publisher = {{Cambridge University Press}},\n  year = {{1998}},\n}}\n"
        ),
    )
    .unwrap();
    let note = p.path().join("content/notes/3.0-methodologie.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(
        &note,
        format!("{text}\nTrois œuvres [@wenger2005; @star1989; @wenger1998] ; voir [voir @yin2009; @karsenti2018].\n"),
    )
    .unwrap();
    let (cites, _) = fixture_citations(p.path());
    let printed = |source: &str| fold(&cites.iter().find(|(s, _)| s == source).unwrap().1);
    assert_eq!(printed("[@wenger2005; @star1989; @wenger1998]"), "(Star et Griesemer, 1989 ; Wenger, 1998, 2005)");
    // A prefix on the first work keeps the author's order.
    assert_eq!(printed("[voir @yin2009; @karsenti2018]"), "(voir Yin, 2009 ; Karsenti et Savoie-Zajc, 2018)");
}

/// The probe carnet (`tests/fixtures/probe`, invented entries) resolved, for the tests of the
/// cases APA treats apart.
struct Probe {
    dir: tempfile::TempDir,
    cites: Vec<(String, String)>,
    r: memoire::resolve::Resolved,
}

impl Probe {
    fn new() -> Probe {
        let dir = project("probe");
        let (cites, r) = fixture_citations(dir.path());
        Probe { dir, cites, r }
    }

    /// The probe resolved again after `line` is added to `[build]` of its memoire.toml.
    fn with_build_option(self, line: &str) -> Probe {
        set_build_option(self.dir.path(), line);
        let (cites, r) = fixture_citations(self.dir.path());
        Probe { cites, r, ..self }
    }

    /// The printed citation written `source`, exactly.
    fn raw(&self, source: &str) -> String {
        self.cites.iter().find(|(s, _)| s == source).unwrap_or_else(|| panic!("no citation {source}")).1.clone()
    }

    /// The printed citation written `source`, white space folded.
    fn printed(&self, source: &str) -> String {
        fold(&self.raw(source))
    }

    /// The entry `key` of the reference list, exactly.
    fn entry_raw(&self, key: &str) -> String {
        let item = self.r.bibliography.items.iter().find(|i| i.key == key).unwrap_or_else(|| panic!("no entry {key}"));
        plain_text(&item.content)
    }

    /// The entry `key` of the reference list, white space folded.
    fn entry(&self, key: &str) -> String {
        fold(&self.entry_raw(key))
    }
}

#[test]
fn a_name_particle_stays_with_the_family_name() {
    let p = Probe::new();
    assert_eq!(p.printed("[@vandermaren1996]"), "(Van der Maren, 1996)");
    assert_eq!(p.printed("@vandermaren1996"), "Van der Maren (1996)");
    assert!(p.entry("vandermaren1996").starts_with("Van der Maren, J.-M. (1996)."), "{}", p.entry("vandermaren1996"));
}

#[test]
fn works_of_one_author_and_year_get_their_suffix_everywhere() {
    let p = Probe::new();
    // Sorted as the list (title), grouped, each with its suffix, the year-only one included.
    assert_eq!(p.printed("[@dupuis2019b; @dupuis2019a]"), "(Dupuis, 2019a, 2019b)");
    for (key, year) in [("dupuis2019a", "(2019a)"), ("dupuis2019b", "(2019b)")] {
        assert!(p.entry(key).starts_with(&format!("Dupuis, C. {year}.")), "{}", p.entry(key));
    }
}

/// An entry or a citation as text, italics marked `*…*`, the characters one cannot see named.
fn visible(inl: &[Inline]) -> String {
    let mut out = String::new();
    for i in inl {
        match i {
            Inline::Text(t) => out.push_str(t),
            Inline::Emph(c) => out.push_str(&format!("*{}*", visible(c))),
            Inline::Strong(c) => out.push_str(&format!("**{}**", visible(c))),
            Inline::Link(l) => out.push_str(&visible(&l.content)),
            other => out.push_str(&plain_text(std::slice::from_ref(other))),
        }
    }
    out.replace('\u{a0}', "{nbsp}").replace('\u{202f}', "{nnbsp}").replace('\u{2011}', "{nbhy}")
}

/// The probe carnet (invented entries, one per case APA treats apart) as memoire prints it: each
/// citation beside its source, then the reference list. `make citeproc` compares the same
/// carnet with Pandoc's citeproc; this snapshot keeps what was checked there.
#[test]
fn the_probe_carnet_prints_what_its_snapshot_shows() {
    let p = Probe::new();
    let mut text = String::from("# citations\n");
    for note in &p.r.doc().notes {
        memoire::text::visit_inlines(&note.blocks, &mut |i: &Inline| {
            if let Inline::Cite(c) = i {
                text.push_str(&format!("{} → {}\n", c.source, visible(&c.rendered)));
            }
        });
    }
    text.push_str("\n# bibliographie\n");
    for item in &p.r.bibliography.items {
        text.push_str(&format!("{}: {}\n", item.key, visible(&item.content)));
    }
    golden(&fixture("golden").join("probe-citations.txt"), &text);
}

#[test]
fn authors_of_the_same_surname_are_told_apart_by_their_initials_in_every_citation() {
    let p = Probe::new();
    // APA 8.20: both persons get their initials, also where the years differ.
    assert_eq!(p.printed("[@gagnonj2006]"), "(J. Gagnon, 2006)");
    assert_eq!(p.printed("[@gagnonn2007]"), "(N. Gagnon, 2007)");
    assert_eq!(p.printed("[@gagnonj2019]"), "(J. Gagnon, 2019)");
    assert_eq!(p.printed("[@gagnonm2019]"), "(M. Gagnon, 2019)");
    // Other authors keep their family name alone.
    assert_eq!(p.printed("[@ethier2016]"), "(Éthier et Côté, 2016)");
    // The list prints every entry in its own form: never a citation's « Gagnon. ».
    for (key, start) in [("gagnonj2019", "Gagnon, J. (2019)."), ("gagnonm2019", "Gagnon, M. (2019).")] {
        assert!(p.entry(key).starts_with(start), "{}", p.entry(key));
    }
}

#[test]
fn chapters_theses_edited_books_and_works_in_press_print_as_apa_asks_in_french() {
    let p = Probe::new();
    let entry = |key: &str| p.entry(key).replace('\u{2011}', "-");
    // A chapter: the book's title once, the editors joined by « et ».
    assert_eq!(
        entry("roy2007"),
        "Roy, L., Morin, P. et Caron, A. (2007). Innover dans les territoires. Dans J. Klein et D. Harrisson \
         (éds.), Innovation sociale et territoires (p. 33-58). Presses de l’Essai."
    );
    // A master's thesis: its type in French (Québec) and its university.
    assert_eq!(
        entry("lavoie2018"),
        "Lavoie, S. (2018). Les communautés de pratique en santé [Mémoire de maîtrise]. Université d’essai."
    );
    assert_eq!(
        entry("bouchard2015"),
        "Bouchard, M. et Lévesque, B. (éds.). (2015). L’économie sociale en mouvement. Éditions Sonde."
    );
    // `pubstate = {inpress}`: « sous presse » where the year goes, in the list and the citation.
    assert_eq!(entry("tremblay2027"), "Tremblay, D. (sous presse). Les communautés après la pandémie. Revue d’essai.");
    assert_eq!(p.printed("[@tremblay2027]"), "(Tremblay, sous presse)");
    // `editor_label = "dir."`: the Couture convention.
    let p = p.with_build_option("editor_label = \"dir.\"");
    assert!(
        p.entry("bouchard2015").starts_with("Bouchard, M. et Lévesque, B. (dir.). (2015)."),
        "{}",
        p.entry("bouchard2015")
    );
}

#[test]
fn page_ranges_print_alike_in_every_citation_form_and_in_the_list() {
    let p = Probe::new();
    // The fr-CA locale's range delimiter (a non-breaking hyphen) and a no-break space after « p. ».
    assert_eq!(p.raw("[@simard1994, pp. 12-15]"), "(Simard, 1994, p.\u{a0}12\u{2011}15)");
    assert_eq!(p.raw("[@simard1994, p. 12]"), "(Simard, 1994, p.\u{a0}12)");
    assert_eq!(p.raw("[-@simard1994, p. 3-5]"), "(1994, p.\u{a0}3\u{2011}5)");
    assert_eq!(p.raw("@eaton2010 [p. 4]"), "Eaton (2010, p.\u{a0}4)");
    assert!(p.entry_raw("ewing2015").contains("10\u{2011}22"), "{}", p.entry_raw("ewing2015"));
}
