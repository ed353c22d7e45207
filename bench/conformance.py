#!/usr/bin/env python3
"""The PDFs judged by external checkers (issue 27): page-validation (pip; PDF/UA-1 and PDF/A-2a
rules, no Java) and outloud (pip; PDF/UA-1 and WCAG 2.2, plus semantic checks).

    python3 bench/conformance.py MEMOIRE GENERATE WORKDIR [SPEC_PDF]

builds the PDFs of content/, the fixture carnet, a generated 65-note carnet under the UQAM
preset with an English abstract, an annex, a figure and a table, and new mémoires made by
`memoire init` with each preset (and SPEC_PDF, the PDF of the CommonMark spec's examples that
tests/it/spec.rs builds, when given); prints each checker's counts; exits 1 when a rule of either
profile fails or outloud reports an error. outloud's warnings are printed, not judged: its
ORD-001 ranks marked content by structure element, each element's own content before its
children's, where the tag tree interleaves them (`/K [Span, 3]` reads the span first); the order
is measured here again by walking `/K` as written, and a page painted out of that order (below
outloud's own 80 % threshold) fails. See docs/format.md (« Accessibilité du PDF »).
"""
import json
import os
import shutil
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATE = "2026-12-04"


def sh(*args, cwd=None):
    p = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{' '.join(args)} a échoué :\n{p.stdout}\n{p.stderr}")
    return p.stdout


def copy_project(src, dst):
    shutil.rmtree(dst, ignore_errors=True)
    for part in ("content", "bibliography", "styles"):
        if os.path.isdir(os.path.join(src, part)):
            shutil.copytree(os.path.join(src, part), os.path.join(dst, part))


def add_to_toc(d, line):
    toc = os.path.join(d, "content/table-des-matieres.md")
    text = open(toc, encoding="utf-8").read()
    refs = "- [Références]"
    i = text.find(refs)
    text = text[:i] + line + "\n" + text[i:] if i >= 0 else text + line + "\n"
    open(toc, "w", encoding="utf-8").write(text)


def generated(memoire, generate, d):
    """The benchmark's 65 notes, under UQAM, with an English abstract, an annex, a figure, a table."""
    shutil.rmtree(d, ignore_errors=True)
    sh(generate, d, "65")
    cfg = os.path.join(d, "content/memoire.toml")
    text = open(cfg, encoding="utf-8").read()
    text = text.replace("[memoire]\n", '[memoire]\npresentation = "uqam"\n', 1)
    # The preset writes « Mémoire présenté comme exigence partielle de la » itself.
    lines = ['degree = "maîtrise en essais"' if l.startswith("degree") else l for l in text.split("\n")]
    text = "\n".join(l for l in lines if not l.startswith("expected_notes"))  # 2 notes are added
    open(cfg, "w", encoding="utf-8").write(text)
    notes = os.path.join(d, "content/notes")
    open(os.path.join(notes, "abstract.md"), "w", encoding="utf-8").write(
        "---\ntitle: Abstract\nrole: abstract\n---\n\nThis abstract is written in English for the test.\n")
    open(os.path.join(notes, "annexe-a.md"), "w", encoding="utf-8").write(
        "---\ntitle: Guide d’entretien\nrole: annexe\n---\n\nLes questions posées aux participant·es.\n")
    os.makedirs(os.path.join(notes, "images"), exist_ok=True)
    shutil.copy(os.path.join(REPO, "tests/fixtures/pages/image.png"), os.path.join(notes, "images/figure.png"))
    first = sorted(f for f in os.listdir(notes) if f[0].isdigit())[0]
    with open(os.path.join(notes, first), "a", encoding="utf-8") as f:
        f.write('\n![Un schéma d’essai](images/figure.png "Un schéma d’essai")\n\n'
                "| Cas | Membres |\n|---|---:|\n| A | 12 |\n| B | 30 |\n\nTable: Un tableau d’essai\n")
    add_to_toc(d, "- [Abstract](notes/abstract.md)")
    add_to_toc(d, "- [Annexe](notes/annexe-a.md)")
    return d


def reading_order(pdf_path):
    """Pages painted out of the tag tree's order, the tree read as `/K` lists it (children and
    marked content interleaved), with outloud's threshold; and sequences out of place in all."""
    from bisect import bisect_left

    import pikepdf
    from outloud.model import Document

    doc = Document(pdf_path)
    page_of = {p.objgen: i for i, p in enumerate(doc.pdf.pages)}
    logical = {}

    def walk(el, page):
        pg = el.get("/Pg")
        if pg is not None:
            page = page_of.get(pg.objgen, page)
        k = el.get("/K")
        if k is None:
            return
        for kid in (list(k) if isinstance(k, pikepdf.Array) else [k]):
            if isinstance(kid, pikepdf.Dictionary):
                if kid.get("/Type") == "/MCR":
                    p = page_of.get(kid.Pg.objgen, page) if "/Pg" in kid else page
                    logical.setdefault(p, []).append(int(kid.MCID))
                elif kid.get("/Type") != "/OBJR":
                    walk(kid, page)
            else:
                logical.setdefault(page, []).append(int(kid))

    walk(doc.pdf.Root.StructTreeRoot, None)

    def increasing(seq):
        tails = []
        for v in seq:
            i = bisect_left(tails, v)
            tails[i:i + 1] = [v]
        return len(tails)

    bad, moved, total = 0, 0, 0
    for i in range(len(doc.pdf.pages)):
        rank = {}
        for n, mcid in enumerate(logical.get(i, [])):
            rank.setdefault(mcid, n)
        painted = [rank[k[1]] for k in doc.content(i).paint_order if k[1] in rank]
        kept = increasing(painted)
        moved, total = moved + len(painted) - kept, total + len(painted)
        if len(painted) >= 4 and kept / len(painted) < 0.8:
            bad += 1
    return bad, moved, total


def main():
    memoire, generate, work = (os.path.abspath(a) for a in sys.argv[1:4])
    spec_pdf = os.path.abspath(sys.argv[4]) if len(sys.argv) > 4 else None
    os.makedirs(work, exist_ok=True)
    projects = []
    d = os.path.join(work, "memoire")
    copy_project(REPO, d)
    projects.append(("content/ (le mémoire)", d))
    d = os.path.join(work, "carnet")
    copy_project(os.path.join(REPO, "tests/fixtures/carnet"), d)
    projects.append(("carnet d’essai", d))
    projects.append(("65 notes, uqam, abstract, annexe, figure, tableau", generated(memoire, generate, os.path.join(work, "c65"))))
    for preset in ("standard", "uqam", "laval"):
        d = os.path.join(work, f"init-{preset}")
        shutil.rmtree(d, ignore_errors=True)
        sh(memoire, "init", d, "--presentation", preset)
        projects.append((f"memoire init --presentation {preset}", d))

    import page  # pip install page-validation

    failed = 0
    print(f"{'PDF':52} {'PDF/UA-1':>10} {'PDF/A-2a':>10}   {'outloud':28} ordre des balises (/K) : pages, séquences déplacées")
    pdfs = []
    for name, d in projects:
        sh(memoire, "build", "--pdf", "--quiet", "--date", DATE, cwd=d)
        pdfs.append((name, os.path.join(d, "dist/memoire.pdf")))
    if spec_pdf and os.path.exists(spec_pdf):
        pdfs.append(("exemples CommonMark (621 notes au 1er niveau)", spec_pdf))
    # The outline links a level's bookmarks by /Next: 621 notes side by side make a chain of 621
    # references, past page-validation's default depth (256). The structure tree itself is 8
    # deep. The limit is raised for that chain, not for anything else.
    limits = page.SafetyLimits(max_reference_depth=4096)
    bad_pdfs = 0
    for name, pdf in pdfs:
        failed_before = failed
        cells = []
        for profile in ("ua1", "2a"):
            r = page.validate_pdf(pdf, profile=profile, limits=limits)
            cells.append(f"{r.rules.passed}/{r.rules.total}")
            for f in r.failures:
                failed += 1
                obj = f.object_id and f.object_id.object_number
                print(f"  {name} : {profile} {f.rule_id} (objet {obj}) : {f.message}")
        report = os.path.join(work, "outloud.json")
        subprocess.run(["outloud", pdf, "--json", report, "-q", "--fail-on", "never"], capture_output=True)
        res = json.load(open(report))["results"][0]
        counts = res["counts"]
        failed += counts["error"]
        rules = sorted({f["rule"] for f in res["findings"]})
        cells.append(f"{counts['error']} err, {counts['warning']} avert. {','.join(rules)}")
        bad, moved, total = reading_order(pdf)
        failed += bad
        cells.append(f"{bad} page(s), {moved}/{total}")
        print(f"{name:52} {cells[0]:>10} {cells[1]:>10}   {cells[2]:28} {cells[3]}")
        for f in res["findings"]:
            if f["severity"] == "error":
                print(f"  {name} : outloud {f['rule']} : {f['message']}")
        bad_pdfs += failed > failed_before
    # A closing line CI reads: each PDF passed when none of its rules failed.
    print(f"conformance: {len(pdfs) - bad_pdfs} passed, {bad_pdfs} failed")
    if failed:
        sys.exit(f"{failed} règle(s) en échec")


if __name__ == "__main__":
    main()
