#!/usr/bin/env python3
"""Citations as memoire prints them, beside Pandoc's citeproc (the reference CSL processor)
on the same carnet, the same bibliography and the very APA style memoire uses (exported from
hayagriva's archive by `examples/apa_csl.rs`), in fr-CA. Issue 18's harness: `make citeproc`.

    python3 bench/citeproc.py [CARNET ...]   (default: tests/fixtures/probe)

Any carnet: the probe (tests/fixtures/probe) or a generated one (`cargo run --example generate
DIR 65`). memoire's citations are the `<span class="citation">` of its EPUB, Pandoc's those of
its HTML, each with the keys it cites; the two sides are matched by keys, wherever a citation
sits (Pandoc gathers the footnotes at the end). Entries are the reference lists' items, by key.

Needs Pandoc: `pip install pypandoc-binary` (it ships Pandoc). Prints each citation and entry
that differs, then the counts: identical; a French adaptation of memoire (FRENCH); an APA rule
Pandoc's citeproc does not apply (APA); different. Every rule is documented in docs/format.md
(« Citations »). Reads the carnet; writes only in a temporary folder.
"""

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import defaultdict

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATE = "2026-11-27"

# What memoire prints on purpose where Pandoc prints the CSL's English-leaning output. Each rule
# is (name, function) and turns Pandoc's text into what memoire should print: a difference is
# a French adaptation when Pandoc's text, so turned, is memoire's — never the other way round, so
# that a rule cannot hide a mistake of memoire's.
FRENCH = [
    # Between names only: a title's « & » (« organisation & panorama ») stays.
    ("« et » entre les deux derniers noms, sans virgule", lambda t: re.sub(r",? & (?=[A-ZÀ-Ý])", " et ", t)),
    ("espaces françaises (fine insécable avant ; et :)", lambda t: re.sub(r"(?<=\S)([;:!?])(?=\s|$)", r" \1", t)),
    ("« p. » au pluriel (p. 12-15), comme le fait l’APA en français", lambda t: t.replace("pp. ", "p. ")),
    (
        "intervalle de pages : le trait d’union insécable du locale fr-CA (U+2011), dans les citations comme dans la liste",
        lambda t: re.sub(r"(\d)[-\u2013](\d)", "\\1\u2011\\2", t),
    ),
    (
        "« (éds.) » : pas de majuscule de titre en français (CSL 1.0.2 : text-case=\"title\" ne vaut que pour l’anglais)",
        lambda t: t.replace("(Éds.)", "(éds.)").replace("(Éd.)", "(éd.)"),
    ),
    (
        "mot du localisateur en minuscule dans la citation (« chapitre 7 », pas « Chapitre 7 »)",
        lambda t: re.sub(r"(, |\()(Chapitre|Section|Paragraphe|Figure|Volume|Numéro|Partie)(?= )", lambda m: m.group(1) + m.group(2).lower(), t),
    ),
    ("« mémoire de maîtrise » (Québec) pour « mémoire de master »", lambda t: t.replace("émoire de master", "émoire de maîtrise")),
]

INITIALS = re.compile(r"(?<![\w.])((?:[A-ZÀ-Ý]\.(?:-[A-ZÀ-Ý]\.)? )+)(?=[A-ZÀ-Ý][a-zà-ÿ])")


def fold(text):
    return unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode().lower()


def apa_sort_key(work):
    """APA 8.12's order of one work of a citation: the names as printed (initials aside; « X »
    before « X et al. », a prefix of it), then the year."""
    name, _, year = work.rpartition(", ")
    return (fold(INITIALS.sub("", name)), year)


def apa_order(text):
    """The works of each parenthetical citation in APA order, and a work's years (2019b, 2019a)
    in the order of their suffixes."""
    text = re.sub(
        r"\b(\d{4}[a-z])((?:, \d{4}[a-z])+)",
        lambda m: ", ".join(sorted([m.group(1)] + m.group(2).split(", ")[1:])),
        text,
    )
    return re.sub(
        r"\(([^()]*;[^()]*)\)",
        lambda m: "(" + " ; ".join(sorted((p.strip() for p in m.group(1).split(";")), key=apa_sort_key)) + ")",
        text,
    )


def initials_added(ours, theirs):
    """APA 8.20: memoire prints the initials of a first author wherever another author has the
    same surname; Pandoc prints some of them. True when that is the only difference."""
    strip = lambda t: INITIALS.sub("", t)  # noqa: E731
    named = lambda t: {m.group(0) for m in re.finditer(INITIALS.pattern + r"[\w-]+", t)}  # noqa: E731
    return strip(ours) == strip(theirs) and named(theirs) < named(ours)


APA_ORDER = (
    "APA 8.12 : œuvres d’une citation dans l’ordre de la liste — l’auteur seul avant le même auteur avec "
    "d’autres, « (Wenger, 2005 ; Wenger et al., 2002) », et les suffixes dans l’ordre, « (Dupuis, 2019a, 2019b) » "
    "(le citeproc de Pandoc suit la clé de tri du style, l’année, ou l’ordre écrit)"
)
APA_INITIALS = (
    "APA 8.20 : initiales du premier auteur dans toutes les citations quand deux auteurs ont le même nom "
    "(le citeproc de Pandoc ne les met qu’à l’une des citations)"
)


def pandoc():
    try:
        import pypandoc  # noqa: PLC0415

        return pypandoc.get_pandoc_path()
    except Exception:  # noqa: BLE001
        path = shutil.which("pandoc")
        if not path:
            sys.exit("Pandoc introuvable : pip install pypandoc-binary")
        return path


def memoire_binary():
    """$MEMOIRE_BIN, else the most recently built memoire binary (release or debug)."""
    if os.environ.get("MEMOIRE_BIN"):
        return os.environ["MEMOIRE_BIN"]
    built = [os.path.join(REPO, "target", p, "memoire") for p in ("release", "debug")]
    built = [b for b in built if os.path.exists(b)]
    if not built:
        sys.exit("construisez d’abord memoire : cargo build --release")
    return max(built, key=os.path.getmtime)


def spaces(text):
    """Every kind of white space as one plain space."""
    return re.sub(r"[\s\u00a0\u202f\u2009]+", " ", text).strip()


def text_of(fragment):
    return spaces(html.unescape(re.sub(r"<[^>]+>", "", fragment)))


def elements(page, opener, tag):
    """The inner HTML of each element that starts with `opener`, nested `tag`s counted."""
    out, at = [], 0
    while (start := page.find(opener, at)) >= 0:
        i, depth = page.index(">", start) + 1, 1
        body_start = i
        while depth:
            m = re.compile(rf"<(/?){tag}\b[^>]*>").search(page, i)
            if not m:
                break
            depth += -1 if m.group(1) else 1
            i = m.end()
        out.append((page[start:body_start], page[body_start:m.start() if m else len(page)]))
        at = i
    return out


def memoire_side(carnet, tmp):
    project = os.path.join(tmp, "memoire")
    shutil.copytree(carnet, project)
    shutil.copytree(os.path.join(REPO, "styles"), os.path.join(project, "styles"), dirs_exist_ok=True)
    built = subprocess.run(
        [memoire_binary(), "build", "--epub", "--date", DATE, "--quiet"], cwd=project, capture_output=True, text=True
    )
    if built.returncode != 0:
        sys.exit(f"memoire build a échoué sur {carnet} :\n{built.stderr}")
    citations, entries = defaultdict(list), {}
    with zipfile.ZipFile(os.path.join(project, "dist", "memoire.epub")) as z:
        opf = z.read("EPUB/package.opf").decode()
        manifest = dict(re.findall(r'<item id="([^"]+)" href="([^"]+)"', opf))
        for idref in re.findall(r'<itemref idref="([^"]+)"', opf):
            page = z.read("EPUB/" + manifest[idref]).decode()
            for _, inner in elements(page, '<span class="citation">', "span"):
                keys = tuple(sorted(set(re.findall(r'#bib-([^"]+)"', inner))))
                citations[keys].append(text_of(inner))
            for key, inner in re.findall(r'<li id="bib-([^"]+)">(.*?)</li>', page, re.S):
                entries[key] = text_of(inner)
    return citations, entries


def notes_in_order(carnet):
    """The carnet's note files in table-of-contents order (then any other, by name)."""
    content = os.path.join(carnet, "content")
    toc = open(os.path.join(content, "table-des-matieres.md")).read()
    listed = [os.path.normpath(os.path.join(content, p)) for p in re.findall(r"\]\((notes/[^)]+\.md)\)", toc)]
    notes = os.path.join(content, "notes")
    others = sorted(os.path.join(notes, n) for n in os.listdir(notes) if n.endswith(".md"))
    return listed + [n for n in others if n not in listed]


def pandoc_side(carnet, tmp):
    csl = os.path.join(tmp, "apa.csl")
    built = [os.path.join(REPO, "target", p, "examples", "apa_csl") for p in ("release", "debug")]
    built = [b for b in built if os.path.exists(b)]
    command = [max(built, key=os.path.getmtime)] if built else ["cargo", "run", "--quiet", "--example", "apa_csl"]
    with open(csl, "w") as f:
        out = subprocess.run(command, cwd=REPO, check=True, capture_output=True, text=True)
        xml = out.stdout
        if "xmlns=" not in xml[:200]:
            xml = xml.replace("<style ", '<style xmlns="http://purl.org/net/xbiblio/csl" ', 1)
        f.write(xml)
    body = ""
    for n, path in enumerate(notes_in_order(carnet)):
        text = open(path).read()
        text = text.split("---", 2)[2] if text.startswith("---") else text
        # Footnote labels are per note in a carnet: made unique in the one Pandoc document.
        body += re.sub(r"\[\^([^\]]+)\]", rf"[^n{n}-\1]", text) + "\n\n"
    src = os.path.join(tmp, "carnet.md")
    with open(src, "w") as f:
        f.write("---\nlang: fr-CA\n---\n\n" + body + "\n\n# Références\n\n::: {#refs}\n:::\n")
    bibs = [
        os.path.join(carnet, "bibliography", b)
        for b in sorted(os.listdir(os.path.join(carnet, "bibliography")))
    ]
    args = [pandoc(), src, "--citeproc", "--csl", csl, "-t", "html", "--wrap=none"]
    for b in bibs:
        args += ["--bibliography", b]
    page = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    citations, entries = defaultdict(list), {}
    for opener, inner in elements(page, '<span class="citation"', "span"):
        keys = tuple(sorted(set(re.search(r'data-cites="([^"]*)"', opener).group(1).split())))
        citations[keys].append(text_of(inner))
    for key, div in re.findall(r'<div id="ref-([^"]+)"[^>]*>(.*?)</div>', page, re.S):
        entries[key] = text_of(div)
    return citations, entries


def normalized(text, rules):
    """`text` with each rule applied, and the names of the rules that changed it."""
    used = []
    for name, f in rules:
        new = f(text)
        if new != text:
            used.append(name)
        text = new
    return text, used


def verdict(ours, theirs):
    """("identiques" | "adaptation française" | "règle APA" | "différentes", rules used)."""
    if ours == theirs:
        return "identiques", []
    french, used = normalized(theirs, FRENCH)
    if ours == french:
        return "adaptation française", used
    ordered = apa_order(french)
    for text, order in ((french, []), (ordered, [APA_ORDER] if ordered != french else [])):
        if ours == text:
            return "règle APA", used + order
        if initials_added(ours, text):
            return "règle APA", used + order + [APA_INITIALS]
    return "différentes", []


def compare(kind, pairs):
    """Counts the (label, memoire, Pandoc) pairs; prints those that differ."""
    counts = {"identiques": 0, "adaptation française": 0, "règle APA": 0, "différentes": 0}
    used = defaultdict(int)
    for label, a, b in pairs:
        v, rules = verdict(a, b)
        counts[v] += 1
        for r in set(rules):
            used[r] += 1
        if v == "différentes":
            print(f"{kind} {label} :\n  memoire : {a}\n  Pandoc  : {b}")
    return counts, used


def pair_citations(ours, theirs):
    """Pairs each key set's citations: identical ones first, then those a rule explains, then
    in order."""
    pairs = []
    for keys in sorted(set(ours) | set(theirs)):
        label = " ".join(keys)
        a, b = list(ours.get(keys, [])), list(theirs.get(keys, []))
        for t in list(a):
            if t in b:
                a.remove(t)
                b.remove(t)
                pairs.append((label, t, t))
        for t in list(a):
            match = next((u for u in b if verdict(t, u)[0] != "différentes"), None)
            if match is not None:
                a.remove(t)
                b.remove(match)
                pairs.append((label, t, match))
        for i in range(max(len(a), len(b))):
            pairs.append((label, a[i] if i < len(a) else "(absent)", b[i] if i < len(b) else "(absent)"))
    return pairs


def report(carnet):
    with tempfile.TemporaryDirectory() as tmp:
        ours = memoire_side(carnet, tmp)
        theirs = pandoc_side(carnet, tmp)
    c, cu = compare("citation", pair_citations(ours[0], theirs[0]))
    keys = sorted(set(ours[1]) | set(theirs[1]))
    e, eu = compare("entrée", [(k, ours[1].get(k, "(absent)"), theirs[1].get(k, "(absent)")) for k in keys])
    print(f"\n{carnet}\ncitations : {c}\nentrées : {e}\nrègles appliquées (citations, entrées) :")
    for name in [n for n, _ in FRENCH] + [APA_ORDER, APA_INITIALS]:
        if cu[name] or eu[name]:
            print(f"  {cu[name]:4} {eu[name]:4}  {name}")
    return c["différentes"] + e["différentes"]


def main():
    carnets = sys.argv[1:] or [os.path.join(REPO, "tests", "fixtures", "probe")]
    different = sum(report(os.path.abspath(c)) for c in carnets)
    sys.exit(1 if different else 0)


if __name__ == "__main__":
    main()
