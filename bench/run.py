#!/usr/bin/env python3
"""make bench: times memoire on generated carnets, side by side with Pandoc + Typst.

Generates carnets of 65 notes (about 40,000 words) and 650 notes with the project's generator,
builds each with the release binary (PDF + EPUB + archive) several times, and prints medians
and peak memory. When Pandoc (pip: pypandoc-binary) and Typst's Python binding (pip: typst) are
installed, the usual tool chain runs on the same carnet in the same run: Pandoc with citeproc
for the EPUB, Pandoc to Typst then Typst for the PDF. What is compared is measured side by
side, round after round (65 notes, the Pandoc chain, 650 notes; a cold build before each watch
edit), so that a shared machine whose speed drifts weighs on both sides of each ratio alike.
Benchmarks are not tests: nothing here fails a build. Usage: bench/run.py [RUNS]
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target/release/memoire")
GEN = os.path.join(ROOT, "target/release/examples/generate")
DATE = "2026-11-26"
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5


def run(cmd, cwd=None):
    return subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True)


def timed(cmd, cwd=None):
    """Wall seconds and peak resident memory (MB) of one command."""
    start = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, cwd=cwd, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    peak_kb = int(out.stderr.strip().splitlines()[-1])
    return wall, peak_kb / 1024, out


def stages(stderr):
    """Stage times (ms) printed by `memoire build --timings`."""
    line = next(l for l in stderr.splitlines() if l.startswith("temps (ms)"))
    # « chargement+résolution 51,3 ; fin de l’archive 0,4 ; … »: stages apart, decimal commas.
    found = (re.match(r"\s*(.+?) ([0-9]+,[0-9]+)", part) for part in line.split(":", 1)[1].split(";"))
    return {m.group(1): float(m.group(2).replace(",", ".")) for m in found if m}


def memoire_once(project, extra=()):
    """One build of the three outputs (and `extra` ones): wall seconds, peak MB, Typst's seconds
    (compile + export)."""
    outputs = ["--pdf", "--epub", "--archive", *extra] if extra else []
    wall, peak, out = timed([BIN, "--project", project, "build", *outputs, "--date", DATE, "--timings", "-q"])
    s = stages(out.stderr)
    return wall, peak, (s.get("compilation Typst", 0) + s.get("export PDF", 0)) / 1000


def reading_order(project):
    toc = open(os.path.join(project, "content/table-des-matieres.md"), encoding="utf-8").read()
    return [os.path.join(project, "content", p) for p in re.findall(r"\]\((notes/[^)]+)\)", toc)]


def pandoc_chain(project):
    """The usual tool chain on `project`, as a function timing one run; None when not installed."""
    try:
        import pypandoc
        import typst  # noqa: F401 (checked here, run in a fresh process below)
    except ImportError:
        return None
    pandoc = pypandoc.get_pandoc_path()
    notes = reading_order(project)
    bib = os.path.join(project, "bibliography/references.bib")
    out = tempfile.mkdtemp()

    def once():
        start = time.perf_counter()
        common = [pandoc, *notes, "--citeproc", "--bibliography", bib, "-M", "lang=fr-CA", "-M", "title=Bench"]
        subprocess.run(common + ["-o", os.path.join(out, "m.epub")], check=True, capture_output=True, cwd=project)
        subprocess.run(common + ["-t", "typst", "-s", "-o", os.path.join(out, "m.typ")], check=True, capture_output=True, cwd=project)
        # A fresh process, as `typst compile` is run in the tool chain: the Python binding
        # memoizes between calls in one process, which would time a warm cache.
        typ, pdf = os.path.join(out, "m.typ"), os.path.join(out, "m.pdf")
        subprocess.run([sys.executable, "-c", f"import typst; typst.compile({typ!r}, output={pdf!r})"], check=True)
        return time.perf_counter() - start

    return once


def bench_watch(project):
    """One-note edits in `memoire watch` (PDF + EPUB), each after a cold PDF + EPUB build of the
    same carnet: the two are timed side by side, as the machine is when each edit is made."""
    note = reading_order(project)[len(reading_order(project)) // 2]
    original = open(note, encoding="utf-8").read()
    proc = subprocess.Popen([BIN, "--project", project, "watch", "--verbose", "--date", DATE, "--max-rebuilds", str(RUNS)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    edits, colds = [], []
    try:
        for line in proc.stdout:
            if "à jour en" in line or "échec" in line or "erreurs" in line:
                if " : " in line and "à jour en" in line:
                    edits.append(float(re.search(r"ms : total ([0-9]+)", line).group(1)) / 1000)
                if len(edits) == RUNS:
                    break
                colds.append(timed([BIN, "--project", project, "build", "--pdf", "--epub", "--date", DATE, "-q"])[0])
                time.sleep(0.3)
                with open(note, "a", encoding="utf-8") as f:
                    f.write(f"\nUne phrase ajoutée pendant la mesure, numéro {len(edits) + 1}.\n")
    finally:
        proc.wait(timeout=120)
        open(note, "w", encoding="utf-8").write(original)
    return statistics.median(edits), statistics.median(colds)


def words(project):
    out = run([BIN, "--project", project, "check"]).stdout
    # « mots   12 345 »: French groups thousands with a narrow no-break space.
    return int(re.search(r"mots\s+([\d\u202f]+)", out).group(1).replace("\u202f", ""))


def main():
    subprocess.run(["cargo", "build", "--release", "--locked", "--examples", "--bins"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="memoire-bench-")
    print(f"memoire bench — release, médianes de {RUNS} exécutions, {os.cpu_count()} cœurs\n")
    projects = {}
    for notes in (65, 650):
        projects[notes] = os.path.join(work, f"carnet-{notes}")
        run([GEN, projects[notes], str(notes)])
    pandoc = pandoc_chain(projects[65])
    # Side by side: each round builds the 65-note carnet, runs the Pandoc chain on it, then
    # builds the 650-note carnet, so that a machine whose speed drifts weighs on every ratio alike.
    runs = {65: [], 650: []}
    pandoc_times, docx_runs = [], []
    for _ in range(RUNS):
        runs[65].append(memoire_once(projects[65]))
        docx_runs.append(memoire_once(projects[65], ["--docx"]))
        if pandoc:
            pandoc_times.append(pandoc())
        runs[650].append(memoire_once(projects[650]))
    walls = {n: statistics.median(r[0] for r in runs[n]) for n in runs}
    for notes in (65, 650):
        wall = walls[notes]
        typst_s = statistics.median(r[2] for r in runs[notes])
        ours = statistics.median(r[0] - r[2] for r in runs[notes])
        print(f"carnet de {notes} notes ({words(projects[notes])} mots)")
        print(f"  memoire (PDF + EPUB + archive)  {wall:6.2f} s   pic mémoire {max(r[1] for r in runs[notes]):5.0f} Mo")
        print(f"    Typst (compilation + export)  {typst_s:6.2f} s")
        print(f"    notre code (le reste)         {ours:6.2f} s   ({100 * ours / wall:.0f} % du total)")
        if notes == 65:
            if not pandoc:
                print("  Pandoc + Typst                  absent (pip install pypandoc-binary typst)")
            else:
                p = statistics.median(pandoc_times)
                print(f"  Pandoc + Typst                  {p:6.2f} s   memoire = {wall / p:.3f}× ce temps")
            d = statistics.median(r[0] for r in docx_runs)
            print(f"  … et le document Word (--docx)  {d:6.2f} s   +{100 * (d - wall) / wall:.1f} % (objectif issue 29 : ≤ 15 %)")
            edit, cold = bench_watch(projects[65])
            print(f"  watch, une note modifiée        {edit:6.2f} s   = {edit / cold:.3f}× une construction à froid PDF + EPUB ({cold:.2f} s)")
        print()
    print(f"650 notes / 65 notes : {walls[650] / walls[65]:.2f}× le temps")
    print("\nObjectifs (issue 8) : ≤ 0,25× Pandoc + Typst ; notre code ≤ 15 % ; watch ≤ 0,2× ; 650/65 ≤ 11× ; < 500 Mo.")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
