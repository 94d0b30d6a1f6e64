"""Bytes written to the terminal per keystroke: what a keypress costs over a slow SSH link.

Runs `dossier` on one long generated document in a 100×30 pty (TERM=xterm-256color, as over
SSH without COLORTERM), waits for it to settle, then sends keys one at a time and counts the
output bytes until the terminal has been quiet for 150 ms: page-down (space) and a passage
cursor move (j) in the reader, a character typed in the corpus search input. `less` pages the
same text in the same run for comparison. Medians over several keystrokes (a blinking input
cursor can add a few bytes to one sample).

    .venv/bin/python -m bench.ssh_bytes [--keys N] [--colorterm truecolor] [--compare-raw]

`--compare-raw` also runs dossier with DOSSIER_COMPACT_OUTPUT=0 (Textual's own output,
uncompacted) in the same run, as a reference.
"""

from __future__ import annotations

import argparse
import os
import random
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.startup import spawn_in_pty

COLS, ROWS = 100, 30
QUIET = 0.15  # seconds of silence that end one keystroke's output
BBC = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "bbc-news"


def long_text(paragraphs: int = 400) -> str:
    """A long document: a title and `paragraphs` paragraphs of news sentences."""
    sentences: list[str] = []
    for f in sorted(BBC.rglob("*.txt"))[:300]:
        body = f.read_text(encoding="utf-8", errors="replace").split("\n\n")[1:]
        for para in body:
            sentences += [s.strip() + "." for s in para.split(". ") if len(s) > 30]
    if not sentences:
        sentences = [f"Sentence {i} about markets, sport and politics." for i in range(3000)]
    rng = random.Random(7)
    paras = [
        " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 6))) for _ in range(paragraphs)
    ]
    return "A long report on markets, sport and politics\n\n" + "\n\n".join(paras) + "\n"


class Pty:
    """A program in a pseudo-terminal of COLS×ROWS; counts what it writes."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.proc, self.master = spawn_in_pty(
            argv, env, rows=ROWS, cols=COLS, start_new_session=True
        )
        self.total = 0

    def drain(self, quiet: float, deadline: float) -> int:
        """Read until nothing arrives for `quiet` seconds (or the deadline); bytes read."""
        got = 0
        end = time.monotonic() + deadline
        last = time.monotonic()
        while time.monotonic() < end:
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                got += len(chunk)
                last = time.monotonic()
            elif time.monotonic() - last >= quiet:
                break
        self.total += got
        return got

    def key(self, data: bytes, quiet: float = QUIET) -> int:
        self.drain(0.05, 1.0)  # anything left over is not this key's
        os.write(self.master, data)
        return self.drain(quiet, 5.0)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        os.close(self.master)


def measure_dossier(
    dossier: Path,
    corpus: Path,
    env: dict[str, str],
    keys: int,
    rows: list[tuple[str, float, list[int]]],
    label: str,
) -> int:
    """Run dossier in a pty and add its rows; the bytes of its first screen."""
    app = Pty([str(dossier), str(corpus)], env)
    try:
        startup = app.drain(1.0, 30.0)
        app.key(b"\r", quiet=0.5)  # open the document; the reader takes focus
        rows.append((f"{label}: page down (space)", *median_bytes(app, b" ", keys)))
        app.key(b"g", quiet=0.3)
        # Within the view (j then k, the cursor stays on screen), then j repeated until
        # the view has to scroll with it.
        within = [app.key(b"j" if i % 2 == 0 else b"k") for i in range(keys)]
        rows.append((f"{label}: passage cursor (j/k)", statistics.median(within), within))
        rows.append((f"{label}: cursor j, scrolling", *median_bytes(app, b"j", keys)))
        app.key(b"s", quiet=0.5)
        app.drain(0.5, 3.0)
        typed = [app.key(c.encode(), quiet=0.3) for c in "marketsx"[:keys]]
        rows.append((f"{label}: search input (a char)", statistics.median(typed), typed))
    finally:
        app.close()
    return startup


def median_bytes(term: Pty, data: bytes, n: int) -> tuple[float, list[int]]:
    samples = [term.key(data) for _ in range(n)]
    return statistics.median(samples), samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=9, help="keystrokes per measurement")
    parser.add_argument("--colorterm", default="", help="COLORTERM to set (e.g. truecolor)")
    parser.add_argument(
        "--compare-raw",
        action="store_true",
        help="also measure Textual's own output (DOSSIER_COMPACT_OUTPUT=0) in the same run",
    )
    args = parser.parse_args()
    dossier = Path(sys.executable).parent / "dossier"
    if not dossier.exists():
        sys.exit("dossier is not installed in this venv")
    work = Path(tempfile.mkdtemp(prefix="dossier-ssh-bytes-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        doc = corpus / "long.txt"
        doc.write_text(long_text(), encoding="utf-8")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(work / "home"),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            "DOSSIER_DATA_DIR": str(work / "data"),
            "DOSSIER_CONFIG_DIR": str(work / "config"),
            "LESS": "",
            "LESSHISTFILE": "-",
        }
        if args.colorterm:
            env["COLORTERM"] = args.colorterm
        rows: list[tuple[str, float, list[int]]] = []

        startup = measure_dossier(dossier, corpus, env, args.keys, rows, "dossier")
        if args.compare_raw:
            raw_env = env | {"DOSSIER_COMPACT_OUTPUT": "0", "DOSSIER_DATA_DIR": str(work / "raw")}
            raw_startup = measure_dossier(dossier, corpus, raw_env, args.keys, rows, "textual raw")

        less_bin = shutil.which("less")
        if less_bin:
            viewer = Pty([less_bin, str(doc)], env)
            try:
                viewer.drain(0.5, 10.0)
                rows.append(("less: page down (space)", *median_bytes(viewer, b" ", args.keys)))
                rows.append(("less: line down (j)", *median_bytes(viewer, b"j", args.keys)))
            finally:
                viewer.close()

        colorterm = f", COLORTERM={args.colorterm}" if args.colorterm else ""
        size = doc.stat().st_size
        print(f"ssh_bytes: {COLS}×{ROWS}, TERM=xterm-256color{colorterm}, {size:,} byte doc")
        print(f"dossier first screen: {startup:,} bytes")
        if args.compare_raw:
            print(f"textual raw first screen: {raw_startup:,} bytes (DOSSIER_COMPACT_OUTPUT=0)")
        print(f"{'keystroke':<34}{'median bytes':>14}  samples")
        for name, med, samples in rows:
            print(f"{name:<34}{med:>14,.0f}  {samples}")
        by = {name: med for name, med, _ in rows}
        page = by["dossier: page down (space)"]
        cursor = by["dossier: passage cursor (j/k)"]
        print()
        if "less: page down (space)" in by:
            ratio = page / max(by["less: page down (space)"], 1)
            verdict = "ok" if ratio <= 1.5 else "over target"
            print(f"page down, dossier / less: {ratio:.2f}×  (target ≤ 1.5×: {verdict})")
        ratio = cursor / max(page, 1)
        verdict = "ok" if ratio < 0.1 else "over target"
        print(f"cursor move / page repaint: {ratio:.3f}  (target < 0.1: {verdict})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
