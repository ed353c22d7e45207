#!/usr/bin/env python3
"""Citations as memoire prints them, beside Pandoc's citeproc (the reference CSL processor)
on the same carnet, the same bibliography and the very APA style memoire uses (exported from
hayagriva's archive by `examples/apa_csl.rs`), in fr-CA. Issue 18's harness: `make citeproc`.

    python3 bench/citeproc.py [CARNET]      (default: tests/fixtures/probe)

Needs Pandoc: `pip install pypandoc-binary` (it ships Pandoc). Prints each citation and each
reference entry that differs, then the counts: identical, a French adaptation of memoire
(the list in ADAPTATIONS), different. Reads the carnet; writes only in a temporary folder.
"""

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATE = "2026-11-27"

# What memoire prints on purpose where Pandoc prints the CSL's English-leaning defaults
# (docs/format.md, « Citations »): each is (name, function applied to both texts).
ADAPTATIONS = [
    ("« et » entre les deux derniers noms", lambda t: t.replace(" & ", " et ").replace(", et ", " et ")),
    ("espaces françaises (fine insécable avant ; et :)", lambda t: re.sub(r"\s+([;:])", r"\1", t)),
    (
        "pages : « p. » même au pluriel, tiret demi-cadratin dans un intervalle (APA en français)",
        lambda t: re.sub(r"(\d)[-\u2011](\d)", "\\1–\\2", t.replace("pp. ", "p. ")),
    ),
]


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
    """The most recently built memoire binary (release or debug)."""
    built = [os.path.join(REPO, "target", p, "memoire") for p in ("release", "debug")]
    built = [b for b in built if os.path.exists(b)]
    if not built:
        sys.exit("construisez d’abord memoire : cargo build --release")
    return max(built, key=os.path.getmtime)


def spaces(text):
    """Every kind of white space as one plain space."""
    return re.sub(r"[\s\u00a0\u202f\u2009]+", " ", text).strip()


def markdown_text(md):
    """The text a reader sees of one line of memoire.md: link and emphasis marks dropped,
    backslash escapes and entities read."""
    md = re.sub(r"<a id=\"[^\"]*\"></a>", "", md)
    out, i = [], 0
    while i < len(md):
        c = md[i]
        if c == "\\" and i + 1 < len(md):
            out.append(md[i + 1])
            i += 2
        elif md.startswith("](<", i):
            i = md.index(">)", i) + 2
        elif c in "[*":
            i += 1
        else:
            out.append(c)
            i += 1
    return spaces(html.unescape("".join(out)))


def html_text(fragment):
    return spaces(html.unescape(re.sub(r"<[^>]+>", "", fragment)))


def memoire_side(carnet, tmp):
    project = os.path.join(tmp, "memoire")
    shutil.copytree(carnet, project)
    shutil.copytree(os.path.join(REPO, "styles"), os.path.join(project, "styles"), dirs_exist_ok=True)
    subprocess.run(
        [memoire_binary(), "build", "--archive", "--date", DATE, "--quiet"], cwd=project, check=True
    )
    with zipfile.ZipFile(os.path.join(project, "dist", f"memoire-{DATE}.zip")) as z:
        md = z.read(f"memoire-{DATE}/memoire.md").decode()
    citations, entries = {}, {}
    for line in md.splitlines():
        m = re.match(r"(C\d\d)\\?\. ", line)
        if m:
            citations[m.group(1)] = markdown_text(line)
        m = re.match(r'<a id="bib-([^"]+)"></a>(.*)', line)
        if m:
            entries[m.group(1)] = markdown_text(m.group(2))
    return citations, entries


def pandoc_side(carnet, tmp):
    csl = os.path.join(tmp, "apa.csl")
    with open(csl, "w") as f:
        out = subprocess.run(
            ["cargo", "run", "--quiet", "--example", "apa_csl"],
            cwd=REPO, check=True, capture_output=True, text=True,
        )
        xml = out.stdout
        if "xmlns=" not in xml[:200]:
            xml = xml.replace("<style ", '<style xmlns="http://purl.org/net/xbiblio/csl" ', 1)
        f.write(xml)
    notes = os.path.join(carnet, "content", "notes")
    body = ""
    for name in sorted(os.listdir(notes)):
        text = open(os.path.join(notes, name)).read()
        body += text.split("---", 2)[2] if text.startswith("---") else text
    src = os.path.join(tmp, "probe.md")
    with open(src, "w") as f:
        f.write("---\nlang: fr-CA\n---\n\n" + body + "\n\n# Références\n\n::: {#refs}\n:::\n")
    bibs = [
        os.path.join(carnet, "bibliography", b)
        for b in sorted(os.listdir(os.path.join(carnet, "bibliography")))
    ]
    args = [pandoc(), src, "--citeproc", "--csl", csl, "-t", "html", "--wrap=none"]
    for b in bibs:
        args += ["--bibliography", b]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    citations, entries = {}, {}
    for p in re.findall(r"<p>(C\d\d\..*?)</p>", out, re.S):
        text = html_text(p)
        citations[text[:3]] = text
    for key, div in re.findall(r'<div id="ref-([^"]+)"[^>]*>(.*?)</div>', out, re.S):
        entries[key] = html_text(div)
    return citations, entries


def compare(kind, ours, theirs):
    counts = {"identiques": 0, "adaptées": 0, "différentes": 0}
    for key in sorted(set(ours) | set(theirs)):
        a, b = ours.get(key, "(absent)"), theirs.get(key, "(absent)")
        if a == b:
            counts["identiques"] += 1
            continue
        used = []
        for name, f in ADAPTATIONS:
            a2, b2 = f(a), f(b)
            if (a2, b2) != (a, b):
                used.append(name)
            a, b = a2, b2
        if a == b:
            counts["adaptées"] += 1
            print(f"{kind} {key} : adaptation française ({' ; '.join(used)})")
        else:
            counts["différentes"] += 1
            print(f"{kind} {key} :\n  memoire : {ours.get(key, '(absent)')}\n  Pandoc  : {theirs.get(key, '(absent)')}")
    return counts


def main():
    carnet = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "tests", "fixtures", "probe"))
    with tempfile.TemporaryDirectory() as tmp:
        ours = memoire_side(carnet, tmp)
        theirs = pandoc_side(carnet, tmp)
    c = compare("citation", ours[0], theirs[0])
    e = compare("entrée", ours[1], theirs[1])
    print(f"\ncitations : {c}\nentrées : {e}")


if __name__ == "__main__":
    main()
