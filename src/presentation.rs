//! Presentation presets: what a university's guide fixes, as values — the wording of the title
//! page, the page layout (paper, margins, type size, line spacing, where the folios go) and the
//! order of the front matter. `presentation = "uqam" | "laval" | "standard"` in `[memoire]`
//! picks one; `[layout]` overrides any layout value. Where each value comes from is written in
//! docs/format.md (« Présentation »).

/// A university's presentation rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Preset {
    /// memoire's own layout (no university chosen yet).
    #[default]
    Standard,
    /// Université du Québec à Montréal (guidemt.uqam.ca, « gabarit et mise en page »).
    Uqam,
    /// Université Laval (FESP, « règles de présentation détaillées »).
    Laval,
}

/// Where the folios (page numbers) go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folio {
    /// Top right corner.
    TopRight,
    /// Bottom, centred.
    BottomCenter,
}

/// The page layout the PDF is typeset with.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Typst paper name (`us-letter`).
    pub paper: String,
    /// Margins as Typst lengths: top, right, bottom, left.
    pub margins: [String; 4],
    /// Body type size, in points.
    pub font_size: f64,
    /// Line spacing of the body text (1 single, 1.5, 2 double); lists, notes and block quotes
    /// are single-spaced.
    pub line_spacing: f64,
    /// Where the folios go.
    pub folio: Folio,
    /// The colour of links, citations and renvois, `#rrggbb`.
    pub link_color: String,
}

/// The default colour of links: a dark blue that prints as a dark grey, readable in black and
/// white; `link_color = "noir"` prints them black.
pub const LINK_BLUE: &str = "#1f3d7a";

/// A `link_color` value as `#rrggbb`: « noir », « bleu », or `#rrggbb` itself.
fn parse_color(value: &str) -> Option<String> {
    match value {
        "noir" => Some("#000000".into()),
        "bleu" => Some(LINK_BLUE.into()),
        v if v.len() == 7 && v.starts_with('#') && v[1..].chars().all(|c| c.is_ascii_hexdigit()) => {
            Some(v.to_ascii_lowercase())
        }
        _ => None,
    }
}

/// `[layout]` of `memoire.toml`: values that replace the preset's.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutOverrides {
    /// `us-letter`, `a4`.
    pub paper: Option<String>,
    /// All four margins (`2.5cm`), before the per-side values below.
    pub margin: Option<String>,
    pub margin_top: Option<String>,
    pub margin_right: Option<String>,
    pub margin_bottom: Option<String>,
    pub margin_left: Option<String>,
    /// Type size in points (12).
    pub font_size: Option<f64>,
    /// 1, 1.5 or 2 (any value from 1 to 3).
    pub line_spacing: Option<f64>,
    /// `haut-droite` or `bas-centre`.
    pub folio: Option<String>,
    /// The colour of links: `noir`, `bleu` or `#rrggbb`.
    pub link_color: Option<String>,
}

impl Preset {
    /// Every preset with its `presentation` value.
    pub const ALL: [(&'static str, Preset); 3] =
        [("standard", Preset::Standard), ("uqam", Preset::Uqam), ("laval", Preset::Laval)];

    /// The preset a `presentation` value names.
    pub fn parse(name: &str) -> Option<Preset> {
        Preset::ALL.iter().find(|(n, _)| *n == name).map(|(_, p)| *p)
    }

    /// Its `presentation` value.
    pub fn name(self) -> &'static str {
        Preset::ALL.iter().find(|(_, p)| *p == self).map_or("standard", |(n, _)| n)
    }

    /// The institution printed when `institution` is not set.
    pub fn institution(self) -> Option<&'static str> {
        match self {
            Preset::Standard => None,
            Preset::Uqam => Some("Université du Québec à Montréal"),
            Preset::Laval => Some("Université Laval"),
        }
    }

    /// The degree line of the title page, from `degree` (with a preset, the program:
    /// « maîtrise en éducation »; without, the whole line as written).
    pub fn degree_line(self, degree: &str) -> String {
        match self {
            Preset::Standard => degree.to_string(),
            Preset::Uqam => format!("Mémoire présenté comme exigence partielle de la {}", lower_first(degree)),
            Preset::Laval => upper_first(degree),
        }
    }

    /// The word printed before the author on the title page.
    pub fn by(self) -> Option<&'static str> {
        match self {
            Preset::Standard | Preset::Uqam => Some("par"),
            Preset::Laval => None,
        }
    }

    /// The kind of work, on a line of its own on the title page.
    pub fn kind(self) -> Option<&'static str> {
        match self {
            Preset::Laval => Some("Mémoire"),
            Preset::Standard | Preset::Uqam => None,
        }
    }

    /// The preset's page layout, before `[layout]`.
    pub fn layout(self) -> Layout {
        match self {
            Preset::Standard => Layout {
                paper: "us-letter".into(),
                margins: ["1in".into(), "1in".into(), "1in".into(), "1.5in".into()],
                font_size: 12.0,
                line_spacing: 1.5,
                folio: Folio::BottomCenter,
                link_color: LINK_BLUE.into(),
            },
            // Both guides: letter paper, 2.5 cm margins; the folios differ.
            Preset::Uqam | Preset::Laval => Layout {
                paper: "us-letter".into(),
                margins: ["2.5cm".into(), "2.5cm".into(), "2.5cm".into(), "2.5cm".into()],
                font_size: 12.0,
                line_spacing: 1.5,
                folio: if self == Preset::Uqam { Folio::TopRight } else { Folio::BottomCenter },
                // Neither guide page read says how links print: the default, readable in grey.
                link_color: LINK_BLUE.into(),
            },
        }
    }

    /// The front matter: the roles (their `role:` values) printed before the table of
    /// contents, and after it (still in roman folios), each in this order.
    pub fn front_matter(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Preset::Standard => (&["dedicace", "remerciements", "avant-propos", "resume", "abstract"], &[]),
            Preset::Uqam => (&["remerciements", "dedicace", "avant-propos"], &["resume", "abstract"]),
            Preset::Laval => (&["resume", "abstract"], &["dedicace", "remerciements", "avant-propos"]),
        }
    }
}

impl Layout {
    /// The preset's layout with `overrides` applied (values checked by [`check_overrides`]).
    pub fn of(preset: Preset, overrides: &LayoutOverrides) -> Layout {
        let mut l = preset.layout();
        if let Some(p) = &overrides.paper {
            l.paper = p.clone();
        }
        if let Some(m) = &overrides.margin {
            l.margins = [m.clone(), m.clone(), m.clone(), m.clone()];
        }
        for (k, side) in
            [&overrides.margin_top, &overrides.margin_right, &overrides.margin_bottom, &overrides.margin_left]
                .into_iter()
                .enumerate()
        {
            if let Some(v) = side {
                l.margins[k] = v.clone();
            }
        }
        if let Some(s) = overrides.font_size {
            l.font_size = s;
        }
        if let Some(s) = overrides.line_spacing {
            l.line_spacing = s;
        }
        if let Some(f) = overrides.folio.as_deref().and_then(parse_folio) {
            l.folio = f;
        }
        if let Some(c) = overrides.link_color.as_deref().and_then(parse_color) {
            l.link_color = c;
        }
        l
    }
}

fn parse_folio(text: &str) -> Option<Folio> {
    match text {
        "haut-droite" => Some(Folio::TopRight),
        "bas-centre" => Some(Folio::BottomCenter),
        _ => None,
    }
}

/// A length as Typst reads it, from 0 to 10 cm: `2.5cm`, `25mm`, `1in`, `72pt`.
fn length_ok(text: &str) -> bool {
    let units = [("cm", 1.0), ("mm", 0.1), ("in", 2.54), ("pt", 2.54 / 72.0)];
    // Digits, then a point and digits if any: what Typst reads as a number (« 5.cm » is not).
    let number = |n: &str| {
        let (whole, frac) = n.split_once('.').unwrap_or((n, "0"));
        let digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
        digits(whole) && digits(frac) && n.len() <= 12
    };
    units.iter().any(|(unit, to_cm)| {
        text.strip_suffix(unit)
            .filter(|n| number(n))
            .and_then(|n| n.parse::<f64>().ok())
            .is_some_and(|n| n.is_finite() && (0.0..=10.0).contains(&(n * to_cm)))
    })
}

/// What is wrong in `[layout]`, one message per value.
pub fn check_overrides(o: &LayoutOverrides) -> Vec<(&'static str, String)> {
    let mut problems = Vec::new();
    if let Some(p) = &o.paper {
        if !matches!(p.as_str(), "us-letter" | "us-legal" | "a4" | "a5") {
            let p = crate::diag::excerpt(p, 40);
            problems.push(("paper", format!("papier « {p} » inconnu (us-letter, us-legal, a4, a5)")));
        }
    }
    for (key, value) in [
        ("margin", &o.margin),
        ("margin_top", &o.margin_top),
        ("margin_right", &o.margin_right),
        ("margin_bottom", &o.margin_bottom),
        ("margin_left", &o.margin_left),
    ] {
        if let Some(v) = value {
            if !length_ok(v) {
                let v = crate::diag::excerpt(v, 40);
                problems
                    .push((key, format!("marge « {v} » : une longueur de 0 à 10 cm est attendue (2.5cm, 25mm, 1in)")));
            }
        }
    }
    if let Some(s) = o.font_size {
        if !(8.0..=16.0).contains(&s) {
            problems.push(("font_size", format!("taille {s} : de 8 à 16 points")));
        }
    }
    if let Some(s) = o.line_spacing {
        if !(1.0..=3.0).contains(&s) {
            problems.push(("line_spacing", format!("interligne {s} : de 1 (simple) à 3")));
        }
    }
    if let Some(c) = &o.link_color {
        if parse_color(c).is_none() {
            let c = crate::diag::excerpt(c, 40);
            problems.push(("link_color", format!("couleur « {c} » : noir, bleu ou #rrggbb (ex. : #1f3d7a)")));
        }
    }
    if let Some(f) = &o.folio {
        if parse_folio(f).is_none() {
            let f = crate::diag::excerpt(f, 40);
            problems.push(("folio", format!("folio « {f} » : haut-droite ou bas-centre")));
        }
    }
    problems
}

fn lower_first(s: &str) -> String {
    let mut c = s.trim().chars();
    c.next().map(|f| f.to_lowercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

fn upper_first(s: &str) -> String {
    let mut c = s.trim().chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_and_overrides() {
        assert_eq!(Preset::parse("uqam"), Some(Preset::Uqam));
        assert_eq!(Preset::parse("UQAM"), None);
        assert_eq!(
            Preset::Uqam.degree_line("Maîtrise en éducation"),
            "Mémoire présenté comme exigence partielle de la maîtrise en éducation"
        );
        let o = LayoutOverrides { margin: Some("3cm".into()), margin_left: Some("4cm".into()), ..Default::default() };
        let l = Layout::of(Preset::Uqam, &o);
        assert_eq!(l.margins, ["3cm", "3cm", "3cm", "4cm"].map(String::from));
        assert!(check_overrides(&o).is_empty());
        let bad = LayoutOverrides {
            margin: Some("30cm".into()),
            font_size: Some(40.0),
            folio: Some("milieu".into()),
            ..Default::default()
        };
        let keys: Vec<&str> = check_overrides(&bad).iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["margin", "font_size", "folio"]);
        assert!(length_ok("25mm") && length_ok("1in") && !length_ok("2.5") && !length_ok("-1cm"));
        // Issue 25, item 13: what Rust reads as a number but Typst does not.
        for bad in ["5.cm", ".5cm", "1e1mm", "+2cm", "2.5.1cm"] {
            assert!(!length_ok(bad), "{bad}");
        }
        let long = LayoutOverrides { margin: Some("x".repeat(100_000)), ..Default::default() };
        assert!(check_overrides(&long)[0].1.chars().count() < 200);
    }
}
