#!/usr/bin/env python3
"""make bench: times memoire on generated carnets, side by side with Pandoc + Typst.

Generates carnets of 65 notes (about 40,000 words) and 650 notes with the project's generator,
builds each with the release binary (PDF + EPUB + archive) several times, and prints medians
and peak memory. When Pandoc (pip: pypandoc-binary) and Typst's Python binding (pip: typst) are
installed, the usual tool chain runs on the same carnet in the same run: Pandoc with citeproc
for the EPUB, Pandoc to Typst then Typst for the PDF. Benchmarks are not tests: nothing here
fails a build. Usage: bench/run.py [RUNS]
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
    return {k.strip(): float(v) for k, v in re.findall(r"([a-zé+ A-Z]+?) ([0-9.]+)", line.split(":", 1)[1])}


def bench_memoire(project):
    walls, peaks, typst, ours = [], [], [], []
    for _ in range(RUNS):
        wall, peak, out = timed([BIN, "--project", project, "build", "--date", DATE, "--timings", "-q"])
        s = stages(out.stderr)
        walls.append(wall)
        peaks.append(peak)
        t = (s.get("compilation Typst", 0) + s.get("export PDF", 0)) / 1000
        typst.append(t)
        ours.append(wall - t)
    return statistics.median(walls), max(peaks), statistics.median(typst), statistics.median(ours)


def reading_order(project):
    toc = open(os.path.join(project, "content/table-des-matieres.md"), encoding="utf-8").read()
    return [os.path.join(project, "content", p) for p in re.findall(r"\]\((notes/[^)]+)\)", toc)]


def bench_pandoc(project):
    try:
        import pypandoc
        import typst  # noqa: F401 (checked here, run in a fresh process below)
    except ImportError:
        return None
    pandoc = pypandoc.get_pandoc_path()
    notes = reading_order(project)
    bib = os.path.join(project, "bibliography/references.bib")
    out = tempfile.mkdtemp()
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        common = [pandoc, *notes, "--citeproc", "--bibliography", bib, "-M", "lang=fr-CA", "-M", "title=Bench"]
        subprocess.run(common + ["-o", os.path.join(out, "m.epub")], check=True, capture_output=True, cwd=project)
        subprocess.run(common + ["-t", "typst", "-s", "-o", os.path.join(out, "m.typ")], check=True, capture_output=True, cwd=project)
        # A fresh process, as `typst compile` is run in the tool chain: the Python binding
        # memoizes between calls in one process, which would time a warm cache.
        typ, pdf = os.path.join(out, "m.typ"), os.path.join(out, "m.pdf")
        subprocess.run([sys.executable, "-c", f"import typst; typst.compile({typ!r}, output={pdf!r})"], check=True)
        times.append(time.perf_counter() - start)
    shutil.rmtree(out)
    return statistics.median(times)


def bench_watch(project):
    """One-note edits in `memoire watch` (PDF + EPUB), against a cold PDF + EPUB build."""
    cold = statistics.median(timed([BIN, "--project", project, "build", "--pdf", "--epub", "--date", DATE, "-q"])[0] for _ in range(RUNS))
    note = reading_order(project)[len(reading_order(project)) // 2]
    original = open(note, encoding="utf-8").read()
    proc = subprocess.Popen([BIN, "--project", project, "watch", "--date", DATE, "--max-rebuilds", str(RUNS)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    times = []
    try:
        for line in proc.stdout:
            if "construction initiale" in line or "reconstruit" in line or "échec" in line:
                if "modifié" in line:
                    times.append(float(re.search(r"reconstruit en ([0-9]+) ms", line).group(1)) / 1000)
                if len(times) == RUNS:
                    break
                time.sleep(0.3)
                with open(note, "a", encoding="utf-8") as f:
                    f.write(f"\nUne phrase ajoutée pendant la mesure, numéro {len(times) + 1}.\n")
    finally:
        proc.wait(timeout=120)
        open(note, "w", encoding="utf-8").write(original)
    return statistics.median(times), cold


def words(project):
    out = run([BIN, "--project", project, "check"]).stdout
    return int(re.search(r"mots\s+(\d+)", out).group(1))


def main():
    subprocess.run(["cargo", "build", "--release", "--locked", "--examples", "--bins"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="memoire-bench-")
    results = {}
    print(f"memoire bench — release, médianes de {RUNS} exécutions, {os.cpu_count()} cœurs\n")
    for notes in (65, 650):
        project = os.path.join(work, f"carnet-{notes}")
        run([GEN, project, str(notes)])
        wall, peak, typst_s, ours = bench_memoire(project)
        results[notes] = wall
        print(f"carnet de {notes} notes ({words(project)} mots)")
        print(f"  memoire (PDF + EPUB + archive)  {wall:6.2f} s   pic mémoire {peak:5.0f} Mo")
        print(f"    Typst (compilation + export)  {typst_s:6.2f} s")
        print(f"    notre code (le reste)         {ours:6.2f} s   ({100 * ours / wall:.0f} % du total)")
        if notes == 65:
            pandoc = bench_pandoc(project)
            if pandoc is None:
                print("  Pandoc + Typst                  absent (pip install pypandoc-binary typst)")
            else:
                print(f"  Pandoc + Typst                  {pandoc:6.2f} s   memoire = {wall / pandoc:.2f}× ce temps")
            edit, cold = bench_watch(project)
            print(f"  watch, une note modifiée        {edit:6.2f} s   = {edit / cold:.2f}× une construction à froid PDF + EPUB ({cold:.2f} s)")
        print()
    print(f"650 notes / 65 notes : {results[650] / results[65]:.1f}× le temps")
    print("\nObjectifs (issue 8) : ≤ 0,25× Pandoc + Typst ; notre code ≤ 15 % ; watch ≤ 0,2× ; 650/65 ≤ 11× ; < 500 Mo.")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
