//! A first, bounded look at a `.bib` file before the BibLaTeX reader sees it: where each key is
//! defined, and the loops and bombs that reader would follow without end — `@string`s that
//! name each other or double at each level, `crossref` and `xdata` cycles or chains deeper than
//! any real library. Each is refused at its line; what the scan does not understand is left to
//! the reader, which reports its own syntax errors.

use std::collections::HashMap;

/// The longest text a field or `@string` may expand to: 100,000 characters (a real field is a
/// few hundred; an abstract a few thousand).
pub const MAX_EXPANDED: usize = 100_000;

/// How deep `@string`s may refer to one another, and `crossref` or `xdata` chains go: real
/// libraries use one or two levels.
pub const MAX_CHAIN: usize = 16;

/// One part of a value: literal text (its length in characters) or the name of an `@string`.
#[derive(Debug, Clone)]
enum Piece {
    Text(usize),
    Ref(String),
}

#[derive(Debug)]
struct Value {
    offset: usize,
    pieces: Vec<Piece>,
}

#[derive(Debug)]
struct ScanEntry {
    key: String,
    offset: usize,
    parents: Vec<(String, usize)>,
    fields: Vec<Value>,
}

/// What the scan found: key positions, and the first problem, if any.
#[derive(Debug, Default)]
pub struct Scan {
    /// Each entry key and the byte offset of its `@type{`.
    pub keys: HashMap<String, usize>,
    /// A refusal: byte offset and message, with a hint.
    pub problem: Option<(usize, String, &'static str)>,
}

/// Scans `text`, a `.bib` file.
pub fn scan(text: &str) -> Scan {
    let (entries, strings) = Parser { s: text.as_bytes(), i: 0 }.all();
    let mut out = Scan { keys: HashMap::new(), problem: None };
    for e in &entries {
        out.keys.entry(e.key.clone()).or_insert(e.offset);
    }
    out.problem = strings_problem(&strings).or_else(|| fields_problem(&entries, &strings)).or_else(|| {
        let index: HashMap<&str, &ScanEntry> = entries.iter().map(|e| (e.key.as_str(), e)).collect();
        chains_problem(&entries, &index)
    });
    out
}

type Strings = HashMap<String, Value>;

/// The expanded length of `@string` `name` and the depth of the `@string`s it names (both
/// memoized), or the problem: a loop, a chain too deep, a text too long.
fn string_len(
    name: &str,
    strings: &Strings,
    memo: &mut HashMap<String, (usize, usize)>,
    path: &mut Vec<String>,
) -> Result<(usize, usize), (usize, String, &'static str)> {
    if let Some(known) = memo.get(name) {
        return Ok(*known);
    }
    let Some(value) = strings.get(name) else { return Ok((0, 0)) }; // a month, or unknown: the reader says
    if path.iter().any(|p| p == name) {
        path.push(name.to_string());
        return Err((
            value.offset,
            format!("@string « {name} » se contient lui-même ({})", path.join(" → ")),
            "un @string ne peut pas se nommer lui-même, même par un autre : remplacez l’un d’eux par du texte",
        ));
    }
    let too_deep = || {
        (
            value.offset,
            format!("@string « {name} » : chaîne de plus de {MAX_CHAIN} @string qui se nomment l’un l’autre"),
            "un fichier réel en enchaîne un ou deux : écrivez le texte directement",
        )
    };
    if path.len() >= MAX_CHAIN {
        return Err(too_deep());
    }
    path.push(name.to_string());
    let (mut total, mut depth) = (0usize, 0usize);
    for p in &value.pieces {
        let (len, d) = match p {
            Piece::Text(n) => (*n, 0),
            Piece::Ref(r) => {
                let (len, d) = string_len(r, strings, memo, path)?;
                (len, d + 1)
            }
        };
        total = total.saturating_add(len);
        depth = depth.max(d);
        if total > MAX_EXPANDED {
            path.pop();
            return Err((
                value.offset,
                format!(
                    "@string « {name} » : plus de {} caractères une fois développé",
                    crate::fr::number(MAX_EXPANDED)
                ),
                "un @string sert à abréger un nom de revue ou d’éditeur : ce texte est démesuré",
            ));
        }
    }
    path.pop();
    if depth > MAX_CHAIN {
        return Err(too_deep());
    }
    memo.insert(name.to_string(), (total, depth));
    Ok((total, depth))
}

fn strings_problem(strings: &Strings) -> Option<(usize, String, &'static str)> {
    let mut memo = HashMap::new();
    let mut names: Vec<(&String, &Value)> = strings.iter().collect();
    names.sort_by_key(|(_, v)| v.offset);
    names.into_iter().find_map(|(name, _)| string_len(name, strings, &mut memo, &mut Vec::new()).err())
}

fn fields_problem(entries: &[ScanEntry], strings: &Strings) -> Option<(usize, String, &'static str)> {
    let mut memo = HashMap::new();
    for e in entries {
        for f in &e.fields {
            let mut total = 0usize;
            for p in &f.pieces {
                total = total.saturating_add(match p {
                    Piece::Text(n) => *n,
                    Piece::Ref(r) => match string_len(r, strings, &mut memo, &mut Vec::new()) {
                        Ok((n, _)) => n,
                        Err(problem) => return Some(problem),
                    },
                });
            }
            if total > MAX_EXPANDED {
                return Some((
                    f.offset,
                    format!(
                        "entrée « {} » : un champ de plus de {} caractères une fois développé",
                        e.key,
                        crate::fr::number(MAX_EXPANDED)
                    ),
                    "raccourcissez ce champ (les @string qu’il assemble le rendent démesuré)",
                ));
            }
        }
    }
    None
}

/// `crossref` and `xdata` links: no loop, no chain deeper than [`MAX_CHAIN`].
fn chains_problem(entries: &[ScanEntry], index: &HashMap<&str, &ScanEntry>) -> Option<(usize, String, &'static str)> {
    // depth[key]: the longest chain above the entry, once known.
    let mut depth: HashMap<&str, usize> = HashMap::new();
    fn visit<'a>(
        e: &'a ScanEntry,
        index: &HashMap<&str, &'a ScanEntry>,
        depth: &mut HashMap<&'a str, usize>,
        path: &mut Vec<&'a str>,
    ) -> Result<usize, (usize, String, &'static str)> {
        if let Some(d) = depth.get(e.key.as_str()) {
            return Ok(*d);
        }
        if path.contains(&e.key.as_str()) {
            path.push(&e.key);
            return Err((
                e.offset,
                format!("entrée « {} » : boucle de crossref ou xdata ({})", e.key, path.join(" → ")),
                "une entrée ne peut hériter d’elle-même : retirez un des liens crossref/xdata",
            ));
        }
        let too_deep = || {
            (
                e.offset,
                format!("entrée « {} » : chaîne de plus de {MAX_CHAIN} crossref ou xdata", e.key),
                "une bibliographie réelle en enchaîne un ou deux : reliez l’entrée directement à son ouvrage",
            )
        };
        if path.len() > MAX_CHAIN {
            return Err(too_deep());
        }
        path.push(&e.key);
        let mut d = 0;
        for (parent, _) in &e.parents {
            if let Some(p) = index.get(parent.as_str()) {
                d = d.max(1 + visit(p, index, depth, path)?);
            }
        }
        path.pop();
        if d > MAX_CHAIN {
            return Err(too_deep());
        }
        depth.insert(&e.key, d);
        Ok(d)
    }
    entries.iter().find_map(|e| visit(e, index, &mut depth, &mut Vec::new()).err())
}

/// A forgiving reader of BibLaTeX's structure (it never fails: it stops where it is lost).
struct Parser<'s> {
    s: &'s [u8],
    i: usize,
}

impl Parser<'_> {
    fn all(mut self) -> (Vec<ScanEntry>, Strings) {
        let (mut entries, mut strings) = (Vec::new(), Strings::new());
        while let Some(at) = self.s.get(self.i..).and_then(|rest| rest.iter().position(|b| *b == b'@')) {
            let start = self.i + at;
            self.i = start + 1;
            let kind = self.ident().to_ascii_lowercase();
            self.ws();
            if !matches!(self.s.get(self.i), Some(b'{' | b'(')) {
                continue;
            }
            self.i += 1;
            match kind.as_str() {
                "comment" | "preamble" => {
                    self.i -= 1;
                    self.group();
                }
                "string" => {
                    while let Some((name, mut value)) = self.field() {
                        value.offset = start; // messages point at the `@string`
                        strings.entry(name).or_insert(value);
                        if !self.comma() {
                            break;
                        }
                    }
                }
                _ => {
                    self.ws();
                    let key_start = self.i;
                    while self.i < self.s.len() && !matches!(self.s[self.i], b',' | b'}' | b')') {
                        self.i += 1;
                    }
                    let key = String::from_utf8_lossy(&self.s[key_start..self.i]).trim().to_string();
                    let mut e = ScanEntry { key, offset: start, parents: Vec::new(), fields: Vec::new() };
                    while self.comma() {
                        let Some((name, value)) = self.field() else { break };
                        if name == "crossref" || name == "xdata" {
                            let text = self.literal(&value);
                            for k in text.split(',').map(str::trim).filter(|k| !k.is_empty()) {
                                e.parents.push((k.to_string(), value.offset));
                            }
                        }
                        e.fields.push(value);
                    }
                    entries.push(e);
                }
            }
        }
        (entries, strings)
    }

    /// The text of a value made only of literal pieces (a key list), from the source.
    fn literal(&self, v: &Value) -> String {
        // Re-read from the source: the pieces keep lengths only.
        let mut end = v.offset;
        let mut depth = 0usize;
        while end < self.s.len() {
            match self.s[end] {
                b'{' => depth += 1,
                b'}' if depth == 0 => break,
                b'}' => depth -= 1,
                b',' | b')' if depth == 0 => break,
                _ => {}
            }
            end += 1;
        }
        String::from_utf8_lossy(&self.s[v.offset..end]).replace(['{', '}', '"'], "")
    }

    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(|b| b.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    fn comma(&mut self) -> bool {
        self.ws();
        if self.s.get(self.i) == Some(&b',') {
            self.i += 1;
            self.ws();
            !matches!(self.s.get(self.i), Some(b'}' | b')') | None)
        } else {
            false
        }
    }

    fn ident(&mut self) -> String {
        let start = self.i;
        while self.s.get(self.i).is_some_and(|b| !b.is_ascii_whitespace() && !b"{}(),=#\"@%'".contains(b)) {
            self.i += 1;
        }
        String::from_utf8_lossy(&self.s[start..self.i]).into_owned()
    }

    /// `name = piece # piece …`
    fn field(&mut self) -> Option<(String, Value)> {
        self.ws();
        let name = self.ident().to_ascii_lowercase();
        self.ws();
        if name.is_empty() || self.s.get(self.i) != Some(&b'=') {
            return None;
        }
        self.i += 1;
        self.ws();
        let offset = self.i;
        let mut pieces = Vec::new();
        loop {
            self.ws();
            match self.s.get(self.i)? {
                b'{' => pieces.push(Piece::Text(self.group())),
                b'"' => {
                    let start = self.i;
                    self.i += 1;
                    let mut depth = 0usize;
                    while let Some(b) = self.s.get(self.i) {
                        match b {
                            b'{' => depth += 1,
                            b'}' => depth = depth.saturating_sub(1),
                            b'"' if depth == 0 => break,
                            _ => {}
                        }
                        self.i += 1;
                    }
                    self.i = (self.i + 1).min(self.s.len());
                    pieces.push(Piece::Text(self.chars(start, self.i)));
                }
                _ => {
                    let id = self.ident();
                    if id.is_empty() {
                        return None;
                    }
                    if id.bytes().all(|b| b.is_ascii_digit()) {
                        pieces.push(Piece::Text(id.len()));
                    } else {
                        pieces.push(Piece::Ref(id));
                    }
                }
            }
            self.ws();
            if self.s.get(self.i) == Some(&b'#') {
                self.i += 1;
            } else {
                break;
            }
        }
        Some((name, Value { offset, pieces }))
    }

    /// Skips a `{…}` (or `(…)`) group starting at the cursor; returns its length in characters.
    fn group(&mut self) -> usize {
        let start = self.i;
        let mut depth = 0usize;
        while let Some(b) = self.s.get(self.i) {
            match b {
                b'\\' => self.i += 1,
                b'{' | b'(' if *b == self.s[start] => depth += 1,
                b'}' | b')' if (*b == b'}') == (self.s[start] == b'{') => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        self.i += 1;
                        break;
                    }
                }
                _ => {}
            }
            self.i += 1;
        }
        self.i = self.i.min(self.s.len());
        self.chars(start, self.i)
    }

    fn chars(&self, from: usize, to: usize) -> usize {
        let to = to.min(self.s.len());
        self.s[from.min(to)..to].iter().filter(|b| (**b & 0xC0) != 0x80).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> String {
        scan(text).problem.map(|(_, m, _)| m).unwrap_or_default()
    }

    #[test]
    fn keys_are_found_once_each() {
        let s =
            scan("% x\n@book{a, title = {T {n}}, year = 2000}\n@string{j = \"J\"}\n@article(b, journal = j # { x })\n");
        assert_eq!(s.keys.len(), 2);
        assert_eq!(s.keys["a"], 4);
        assert!(s.problem.is_none(), "{:?}", s.problem);
    }

    #[test]
    fn string_loops_and_bombs_are_refused() {
        assert!(problem("@string{ra = rb # \"x\"}\n@string{rb = ra # \"y\"}").contains("se contient lui-même"));
        assert!(problem("@string{a = a}").contains("« a »"));
        let mut bomb = String::from("@string{s0 = \"0123456789\"}\n");
        for i in 1..=8 {
            let p = format!("s{}", i - 1);
            bomb += &format!("@string{{s{i} = {}}}\n", [p.as_str(); 10].join(" # "));
        }
        bomb += "@book{k, title = s8}\n";
        assert!(problem(&bomb).contains("caractères une fois développé"), "{}", problem(&bomb));
        let chain: String = (1..40).map(|i| format!("@string{{c{i} = c{} # \"x\"}}\n", i - 1)).collect();
        assert!(problem(&format!("@string{{c0 = \"x\"}}\n{chain}")).contains("chaîne"));
    }

    #[test]
    fn crossref_and_xdata_loops_and_chains_are_refused() {
        assert!(problem("@book{a, crossref = {a}}").contains("boucle"));
        assert!(problem("@book{a, crossref = {b}}\n@book{b, crossref = {a}}").contains("boucle"));
        assert!(problem("@book{a, xdata = {x, y}}\n@xdata{x, xdata = {a}}\n@xdata{y, note={n}}").contains("boucle"));
        let chain: String = (1..100).map(|i| format!("@book{{e{i}, crossref = {{e{}}}}}\n", i - 1)).collect();
        assert!(problem(&format!("@book{{e0, title={{t}}}}\n{chain}")).contains("chaîne"));
        assert!(problem("@book{a, crossref = {p}}\n@book{b, crossref = {p}}\n@book{p, title = {P}}").is_empty());
    }
}
