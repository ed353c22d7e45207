#!/usr/bin/env python3
"""make bench-preview: `memoire preview` on the generated 65-note carnet, as a browser uses it.

A client subscribed to /events; for each edit (a numbered sentence at the end of a note in the
middle of the carnet, replaced, so that the carnet keeps its length), the time from the note's file written to the SVG
of the first changed page received (event, then GET /pages/N.svg), median over EDITS edits; then
the preview's resident memory (VmRSS) every 50 edits over MEMORY_EDITS edits. A benchmark, not
a test: nothing here fails a build. Usage: bench/preview.py [EDITS] [MEMORY_EDITS]
"""
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target/release/memoire")
GEN = os.path.join(ROOT, "target/release/examples/generate")
EDITS = int(sys.argv[1]) if len(sys.argv) > 1 else 20
MEMORY_EDITS = int(sys.argv[2]) if len(sys.argv) > 2 else 500


class Events:
    """A subscriber to /events: keeps the last `update` event and signals each one."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        self.cond = threading.Condition()
        self.last = None
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        buf = b""
        while True:
            data = self.sock.recv(65536)
            if not data:
                return
            buf += data
            while b"\n\n" in buf:
                block, buf = buf.split(b"\n\n", 1)
                for line in block.decode().splitlines():
                    if line.startswith("data: "):
                        with self.cond:
                            self.last = json.loads(line[6:])
                            self.cond.notify_all()

    def after(self, generation, timeout=30):
        with self.cond:
            self.cond.wait_for(lambda: self.last and self.last["generation"] > generation, timeout)
            return self.last


def rss_mb(pid):
    status = open(f"/proc/{pid}/status").read()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024


def main():
    subprocess.run(["cargo", "build", "--release", "--locked", "--examples", "--bins"], cwd=ROOT, check=True)
    project = os.path.join(tempfile.mkdtemp(prefix="memoire-preview-"), "carnet-65")
    subprocess.run([GEN, project, "65"], check=True, capture_output=True)
    proc = subprocess.Popen([BIN, "--project", project, "preview", "--no-open", "--port", "0", "--date", "2026-11-26"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = int(re.search(r"127\.0\.0\.1:(\d+)", proc.stdout.readline()).group(1))
        threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
        events = Events(port)
        state = events.after(0, timeout=120)
        toc = open(os.path.join(project, "content/table-des-matieres.md"), encoding="utf-8").read()
        notes = [os.path.join(project, "content", p) for p in re.findall(r"\]\((notes/[^)]+)\)", toc)]
        note = notes[len(notes) // 2]
        original = open(note, encoding="utf-8").read()
        print(f"memoire preview : mémoire résidente pendant {MEMORY_EDITS} éditions (après {EDITS} mesurées)")
        times, resent = [], []
        for i in range(EDITS + MEMORY_EDITS):
            time.sleep(0.15)
            generation = state["generation"]
            start = time.perf_counter()
            # The note keeps its length (a numbered sentence replaced): memory that grows is
            # kept by the preview, not asked for by a longer carnet.
            with open(note, "w", encoding="utf-8") as f:
                f.write(original + f"\nUne phrase ajoutée pendant la mesure, numéro {i + 1:04d}.\n")
            state = events.after(generation)
            if state["errors"] or not state["changed"]:
                raise SystemExit(f"édition {i + 1} : {state['errors'] or 'aucune page changée'}")
            url = f"http://127.0.0.1:{port}/pages/{state['changed'][0]}.svg"
            urllib.request.urlopen(url).read()
            if i < EDITS:
                times.append(time.perf_counter() - start)
                resent.append(len(state["changed"]))
            elif (i - EDITS) % 50 == 0 or i == EDITS + MEMORY_EDITS - 1:
                print(f"  après {i - EDITS + 1:3d} éditions : {rss_mb(proc.pid):6.0f} Mo résidents")
        pages = len(state["pages"])
        print(f"memoire preview, carnet de 65 notes ({pages} pages), {EDITS} éditions d’une note")
        print(f"  écriture du fichier → SVG de la page changée reçu : médiane {1000 * statistics.median(times):.0f} ms"
              f" (min {1000 * min(times):.0f}, max {1000 * max(times):.0f})")
        print(f"  pages renvoyées par édition : médiane {statistics.median(resent):.0f} sur {pages}")
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
