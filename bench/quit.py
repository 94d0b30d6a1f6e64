"""How long `q` takes to give the shell back, against a bare Textual app quitting in the same run.

`.venv/bin/python bench/quit.py [--runs N] [--delay S]`: starts each program in a pty at 100×30,
waits until it has drawn (Dossier: until the list shows the corpus), waits `--delay` seconds
(background indexing and extraction still running on a large corpus), sends `q` and times until
the process has exited. Medians; ratios to the bare app.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import select
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gen_corpus import BBC  # noqa: E402
from bench.startup import spawn_in_pty  # noqa: E402

DOSSIER = str(Path(sys.executable).parent / "dossier")


def quit_seconds(cmd: list[str], drawn: bytes, delay: float, timeout: float = 120.0) -> float:
    """Seconds from sending `q` (once `drawn` is on screen and `delay` has passed) to exit."""
    env = dict(os.environ, TERM="xterm-256color")
    env["DOSSIER_DATA_DIR"] = tempfile.mkdtemp(prefix="dossier-bench-")
    proc, master = spawn_in_pty(cmd, env)
    seen = b""
    deadline = time.perf_counter() + timeout
    try:
        while drawn not in seen and time.perf_counter() < deadline:
            if select.select([master], [], [], 0.05)[0]:
                try:
                    seen += os.read(master, 1 << 16)
                except OSError:
                    break
        end_wait = time.perf_counter() + delay
        while time.perf_counter() < end_wait:  # keep reading, as a terminal would
            if select.select([master], [], [], 0.05)[0]:
                try:
                    os.read(master, 1 << 16)
                except OSError:
                    break
        os.write(master, b"q")
        start = time.perf_counter()
        while proc.poll() is None and time.perf_counter() < deadline:
            if select.select([master], [], [], 0.02)[0]:
                with contextlib.suppress(OSError):
                    os.read(master, 1 << 16)
        return time.perf_counter() - start
    finally:
        proc.kill()
        proc.wait()
        os.close(master)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--delay", type=float, default=1.0)
    args = parser.parse_args()
    bare_cmd = [sys.executable, "-c", BARE_WITH_Q]
    cases = [("bare Textual app", bare_cmd, b"bare")]
    cases.append(("dossier seeds", [DOSSIER, str(ROOT / "seeds")], b"documents)"))
    if BBC.is_dir():
        cases.append(("dossier bbc-news", [DOSSIER, str(BBC)], b"documents)"))
    samples: dict[str, list[float]] = {label: [] for label, _, _ in cases}
    for _ in range(args.runs):  # interleaved, so every program sees the same machine
        for label, cmd, drawn in cases:
            samples[label].append(quit_seconds(cmd, drawn, args.delay))
    bare = statistics.median(samples["bare Textual app"])
    print(f"\nQuit: `q` to the shell back (median of {args.runs}, {args.delay} s after drawing)\n")
    print(f"| {'what':<20} | {'seconds':>8} | {'× bare app':>10} |")
    print(f"|{'-' * 22}|{'-' * 10}|{'-' * 12}|")
    for label, _, _ in cases:
        secs = statistics.median(samples[label])
        print(f"| {label:<20} | {secs:8.3f} | {secs / bare:10.2f} |")


BARE_WITH_Q = (
    "from textual.app import App\n"
    "from textual.widgets import Static\n"
    "class Bare(App[None]):\n"
    "    BINDINGS = [('q', 'quit', 'Quit')]\n"
    "    def compose(self):\n"
    "        yield Static('Dossier - bare')\n"
    "Bare().run()\n"
)

if __name__ == "__main__":
    main()
