#!/usr/bin/env python3
"""Hostile probes of issue 25, run against one `memoire` binary: each probe builds a small
project from the fixture carnet, does one hostile thing, and reports the exit code, the time,
the peak memory and whether a source changed. For the closing note's before/after table:

    python3 bench/probes.py target/release/memoire            # this build
    python3 bench/probes.py /tmp/ancien/target/release/memoire # an earlier one

Every probe is bounded (120 s, `ulimit -v` 8 GiB); a probe that hits a bound says so.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE = os.path.join(REPO, "tests", "fixtures", "carnet")
NOTE = "content/notes/4.9-animation.md"
DATE = "2026-12-04"


def project():
    d = tempfile.mkdtemp(prefix="sonde-")
    shutil.copytree(FIXTURE, d, dirs_exist_ok=True)
    shutil.copytree(os.path.join(REPO, "styles"), os.path.join(d, "styles"))
    return d


def append(d, rel, text):
    with open(os.path.join(d, rel), "a", encoding="utf-8") as f:
        f.write(text)


def snapshot(d):
    out = {}
    for top in ("content", "bibliography", "styles", "sauvegardes"):
        for root, _, files in os.walk(os.path.join(d, top)):
            for f in files:
                p = os.path.join(root, f)
                with open(p, "rb") as fh:
                    out[os.path.relpath(p, d)] = hashlib.sha256(fh.read()).hexdigest()
    return out


def run(binary, d, args, timeout=120):
    """(exit code, seconds, peak MB) of `binary args` in `d`, under /usr/bin/time."""
    cmd = ["/usr/bin/time", "-f", "%e %M", binary] + args
    start = time.time()
    try:
        p = subprocess.run(
            ["bash", "-c", 'ulimit -v 8388608; exec "$@"', "sonde"] + cmd,
            cwd=d, capture_output=True, text=True, timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return ("délai", timeout, None, "")
    last = p.stderr.strip().splitlines()[-1] if p.stderr.strip() else ""
    try:
        secs, kb = last.split()
        mb = int(kb) // 1024
        secs = float(secs)
    except ValueError:
        secs, mb = round(time.time() - start, 2), None
    code = p.returncode if p.returncode >= 0 else f"signal {-p.returncode}"
    return (code, secs, mb, p.stdout + p.stderr)


def apa_csl():
    # The style an author might copy and break: memoire's APA, exported by examples/apa_csl.rs.
    out = subprocess.run([os.path.join(REPO, "target/debug/examples/apa_csl")], capture_output=True, text=True)
    return out.stdout if out.returncode == 0 else None


PROBES = []


def probe(name):
    def wrap(f):
        PROBES.append((name, f))
        return f
    return wrap


@probe("1 diff --markdown sur une note")
def p1(b):
    d = project()
    run(b, d, ["build", "--archive", "--date", "2026-11-01", "--quiet"])
    append(d, NOTE, "\nAjout.\n")
    run(b, d, ["build", "--archive", "--date", "2026-11-02", "--quiet"])
    before = snapshot(d)
    r = run(b, d, ["diff", "dist/memoire-2026-11-01.zip", "dist/memoire-2026-11-02.zip", "--markdown", NOTE])
    return r, before != snapshot(d)


@probe("2 import de deux copies d’une note")
def p2(b):
    d = project()
    page = lambda body: f"4.14. Une note à importer | Mémoire sur les communautés de pratique / résultats\n\nℹ️ Contexte \nx\nTable des matières | Résumé | Références\n\n{body}\n\nSuite : 5.1. Autre | Mémoire sur les communautés de pratique / discussion\n"
    open(os.path.join(d, "a.txt"), "w").write(page("Premier texte de l’autrice."))
    open(os.path.join(d, "b.txt"), "w").write(page("Second texte."))
    r = run(b, d, ["import", "--date", DATE, "a.txt", "b.txt"])
    text = open(os.path.join(d, "content/notes/4.14-a-importer.md")).read()
    kept = "Premier texte" in text or any("Premier" in open(os.path.join(d, "sauvegardes", f)).read()
                                        for f in os.listdir(os.path.join(d, "sauvegardes"))) if os.path.isdir(os.path.join(d, "sauvegardes")) else "Premier texte" in text
    return r, not kept


@probe("6 macro CSL qui s’appelle")
def p6(b):
    d = project()
    xml = apa_csl()
    if xml is None:
        return ("—", 0, None, ""), False
    i = xml.index('<macro name="')
    name = xml[i + 13: xml.index('"', i + 13)]
    body = xml.index(">", i) + 1
    open(os.path.join(d, "styles/boucle.csl"), "w").write(xml[:body] + f'<text macro="{name}"/>' + xml[body:])
    append(d, "content/memoire.toml", '\n[build]\ncitation_style = "boucle.csl"\n')
    append(d, NOTE, "\nVoir [@wenger2005].\n")
    return run(b, d, ["build", "--date", DATE, "--quiet"]), False


def bib_probe(b, text, args=("check",)):
    d = project()
    open(os.path.join(d, "bibliography/sonde.bib"), "w").write(text)
    append(d, NOTE, "\nVoir [@sonde].\n")
    return run(b, d, list(args) + (["--date", DATE] if args[0] == "build" else [])), False


@probe("7 crossref vers soi-même")
def p7a(b):
    return bib_probe(b, "@book{sonde, crossref = {sonde}, title = {T}, author = {A, B}, year = {2000}}\n")


@probe("7 @string en boucle")
def p7b(b):
    return bib_probe(b, '@string{ra = rb # "x"}\n@string{rb = ra # "y"}\n@book{sonde, title = ra, author = {A, B}, year = {2000}}\n')


@probe("8 @string qui doublent (build)")
def p8(b):
    text = '@string{s0 = "0123456789"}\n'
    for i in range(1, 9):
        text += "@string{s%d = %s}\n" % (i, " # ".join(["s%d" % (i - 1)] * 10))
    text += "@book{sonde, title = s8, author = {A, B}, year = {2000}}\n"
    return bib_probe(b, text, ("build",))


@probe("9 .bib de 100 000 entrées (check)")
def p9a(b):
    text = "".join("@book{k%d, author = {Auteur, A.}, title = {T%d}, year = {2000}}\n" % (i, i) for i in range(100_000))
    return bib_probe(b, text + "@book{sonde, author = {A, B}, title = {T}, year = {2000}}\n")


@probe("9 chaîne de 5 000 crossref (check)")
def p9b(b):
    text = "@book{e0, title = {T}, author = {A, B}, year = {2000}}\n"
    text += "".join("@inbook{e%d, crossref = {e%d}}\n" % (i, i - 1) for i in range(1, 5000))
    return bib_probe(b, text + "@book{sonde, crossref = {e4999}}\n")


@probe("10 diff d’une archive à entrée de 2 Gio")
def p10(b):
    d = project()
    run(b, d, ["build", "--archive", "--date", DATE, "--quiet"])
    src = os.path.join(d, f"dist/memoire-{DATE}.zip")
    bomb = os.path.join(d, "bombe.zip")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        top = zin.namelist()[0].split("/")[0]
        manifest = None
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith("MANIFEST.json"):
                manifest = (info, json.loads(data))
                continue
            if info.filename.endswith("SHA256SUMS"):
                continue
            zout.writestr(info, data)
        h = hashlib.sha256()
        chunk = b"\0" * (1 << 20)
        name = f"{top}/content/notes/immense.md"
        with zout.open(zipfile.ZipInfo(name, date_time=(2026, 12, 4, 0, 0, 0)), "w", force_zip64=True) as f:
            for _ in range(2048):
                f.write(chunk)
                h.update(chunk)
        info, m = manifest
        m["files"]["content/notes/immense.md"] = {"size": 2048 << 20, "sha256": h.hexdigest()}
        m["files"] = dict(sorted(m["files"].items()))
        zout.writestr(info, json.dumps(m, indent=2, ensure_ascii=False) + "\n")
        sums = "".join(f"{f['sha256']}  {p}\n" for p, f in m["files"].items())
        zout.writestr(f"{top}/SHA256SUMS", sums)
    return run(b, d, ["diff", "bombe.zip"]), False


@probe("11 paragraphe de 1 Mo (build)")
def p11a(b):
    d = project()
    append(d, NOTE, "\n" + "mot " * 250_000 + "\n")
    return run(b, d, ["build", "--pdf", "--date", DATE, "--quiet"]), False


@probe("11 100 000 notes de bas de page (build)")
def p11b(b):
    d = project()
    append(d, NOTE, "".join(f"\nAppel[^n{i}].\n\n[^n{i}]: Note {i}.\n" for i in range(100_000)))
    return run(b, d, ["build", "--pdf", "--date", DATE, "--quiet"]), False


@probe("11 diff --pdf d’une note de 30 000 mots réécrite")
def p11c(b):
    d = project()
    paragraphs = "\n\n".join(" ".join(f"mot{i}qz{j}" for j in range(100)) for i in range(300))
    append(d, NOTE, "\n" + paragraphs + "\n")
    run(b, d, ["build", "--archive", "--date", "2026-11-01", "--quiet"])
    path = os.path.join(d, NOTE)
    text = open(path).read()
    open(path, "w").write(text.replace("qz", "qy"))
    return run(b, d, ["diff", "dist/memoire-2026-11-01.zip", "--pdf", "dist/changements.pdf", "--date", DATE]), False


@probe("12 url javascript: en bibliographie (build)")
def p12(b):
    r = bib_probe(b, "@online{sonde, author = {A, B}, title = {T}, year = {2020}, url = {javascript:alert(1)}}\n", ("build",))
    return r


def note_probe(b, text, args=("build",)):
    d = project()
    append(d, NOTE, text)
    c = run(b, d, ["check"])
    r = run(b, d, list(args) + ["--date", DATE, "--quiet"])
    return (f"check {c[0]}, build {r[0]}", r[1], r[2], c[3] + r[3]), False


@probe("13 SVG à <image href=file:…>")
def p13a(b):
    d = project()
    open(os.path.join(d, "content/notes/images/s.svg"), "w").write(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image href="file:///etc/hostname" width="10" height="10"/></svg>')
    append(d, NOTE, "\n![Schéma](images/s.svg)\n")
    c = run(b, d, ["check"])
    r = run(b, d, ["build", "--epub", "--date", DATE, "--quiet"])
    return (f"check {c[0]}, build --epub {r[0]}", r[1], r[2], ""), False


@probe("13 <span lang=\"english\">")
def p13b(b):
    return note_probe(b, '\nUn mot <span lang="english">here</span>.\n')


@probe("13 margin = \"5.cm\"")
def p13c(b):
    d = project()
    append(d, "content/memoire.toml", '\n[layout]\nmargin = "5.cm"\n')
    c = run(b, d, ["check"])
    r = run(b, d, ["build", "--date", DATE, "--quiet"])
    return (f"check {c[0]}, build {r[0]}", r[1], r[2], ""), False


@probe("13 intertitre de 8 000 caractères")
def p13d(b):
    return note_probe(b, "\n## " + "titre " * 1400 + "\n")


@probe("14 titre de page « Titre](../x) [x »")
def p14(b):
    d = project()
    open(os.path.join(d, "p.txt"), "w").write(
        "4.15. Titre](../../../../tmp/x) [x | Mémoire sur les communautés de pratique / résultats\n\nℹ️ Contexte \nx\nTable des matières | Résumé | Références\n\nTexte.\n\nSuite : 5.1. Autre | Mémoire sur les communautés de pratique / discussion\n")
    i = run(b, d, ["import", "--date", DATE, "p.txt"])
    c = run(b, d, ["check"])
    toc = open(os.path.join(d, "content/table-des-matieres.md")).read()
    return (f"import {i[0]}, check {c[0]}", i[1], i[2], ""), "(../../../../tmp/x)" in toc and "\\]" not in toc


@probe("16 diff content/")
def p16a(b):
    return run(b, project(), ["diff", "content/"]), False


@probe("16 diff d’un tube nommé")
def p16b(b):
    d = project()
    os.mkfifo(os.path.join(d, "tube"))
    return run(b, d, ["diff", "tube"], timeout=20), False


@probe("16 gabarit \"a\" * 10^10")
def p16c(b):
    d = project()
    append(d, "styles/memoire.typ", '\n#let trop = "a" * 10000000000\n')
    return run(b, d, ["build", "--pdf", "--date", DATE, "--quiet"]), False


def main():
    binary = os.path.abspath(sys.argv[1])
    only = sys.argv[2:]
    print("| sonde | sortie | temps (s) | mémoire (Mo) | source changée |")
    print("|---|---|---|---|---|")
    for name, f in PROBES:
        if only and not any(name.startswith(o) for o in only):
            continue
        (code, secs, mb, _), changed = f(binary)
        print(f"| {name} | {code} | {secs} | {mb if mb is not None else '—'} | {'OUI' if changed else 'non'} |", flush=True)


if __name__ == "__main__":
    main()
