"""Startup benchmark: time to first frame, and corpus load times. Prints a table.

Usage: python bench/startup.py [--runs 5] [--docs 100000] [--no-bbc]

`--docs 0` leaves the generated corpus out. Before timing, `tui/` is compiled to bytecode, as
`pip install` does for an installed wheel: with PYTHONDONTWRITEBYTECODE set (as on the CI and
bench machines) an editable install would otherwise compile every module on every start.

Time to first frame is measured through a pty: from spawning the process to the first
appearance of the header text on the terminal. Each is the median of --runs runs, in the
same run as the reference (a bare Textual app).
"""

from __future__ import annotations

import argparse
import compileall
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gen_corpus import BBC, generate  # noqa: E402

DOSSIER = str(Path(sys.executable).parent / "dossier")


def time_to_text(
    cmd: list[str],
    markers: list[bytes],
    timeout: float = 120.0,
    data_dir: str | None = None,
    env_extra: dict[str, str] | None = None,
    rss: list[int] | None = None,
) -> list[float]:
    """Seconds from spawn until each marker has appeared in the terminal output.

    `data_dir`: the data directory to use (default: a new one, so nothing is cached);
    `rss`, when given, gets the process's resident memory (KB) when the last marker showed.
    """
    master, slave = pty.openpty()
    os.set_blocking(master, False)
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="100", LINES="30", **(env_extra or {}))
    env["DOSSIER_DATA_DIR"] = data_dir or tempfile.mkdtemp(prefix="dossier-bench-")
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    seen = b""
    found: list[float] = []
    deadline = start + timeout
    try:
        while len(found) < len(markers) and time.perf_counter() < deadline:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(master, 1 << 16)
                except OSError:
                    break
                while len(found) < len(markers) and markers[len(found)] in seen:
                    found.append(time.perf_counter() - start)
        if rss is not None and len(found) == len(markers):
            rss.append(resident_kb(proc.pid))
    finally:
        proc.kill()
        proc.wait()
        os.close(master)
    return found + [float("nan")] * (len(markers) - len(found))


def resident_kb(pid: int) -> int:
    """The resident memory of a running process (KB), from /proc; 0 where there is none."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def median_runs(cmd: list[str], markers: list[bytes], runs: int, warm: bool = False) -> list[float]:
    """Medians over `runs` starts, each with a new data directory (nothing cached), or with
    `warm` one directory for all, filled by a start before them (as a user's second start)."""
    data_dir = None
    if warm:
        data_dir = tempfile.mkdtemp(prefix="dossier-bench-warm-")
        time_to_text(cmd, markers, data_dir=data_dir)
    samples = [time_to_text(cmd, markers, data_dir=data_dir) for _ in range(runs)]
    return [statistics.median(s[i] for s in samples) for i in range(len(markers))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--no-bbc", action="store_true", help="leave bbc-news out")
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "tui", quiet=1)

    rows: list[tuple[str, float, float | None]] = []
    bare = median_runs([sys.executable, str(ROOT / "bench" / "bare_app.py")], [b"bare"], args.runs)[
        0
    ]
    rows.append(("bare Textual app", bare, None))
    for warm in (False, True):
        seeds = median_runs(
            [DOSSIER, str(ROOT / "seeds")],
            [b"filter documents", b"(5 documents)"],
            args.runs,
            warm=warm,
        )
        start = "second start" if warm else "first start"
        rows.append((f"dossier seeds, {start}: first frame", seeds[0], None))
        rows.append((f"dossier seeds, {start}: list shown", seeds[1], None))
    if BBC.is_dir() and not args.no_bbc:
        for warm in (False, True):
            bbc = median_runs(
                [DOSSIER, str(BBC)], [b"filter documents", b"documents)"], args.runs, warm=warm
            )
            start = "second start" if warm else "first start"
            rows.append((f"dossier bbc-news, {start}: first frame", bbc[0], None))
            rows.append((f"dossier bbc-news, {start}: list shown", bbc[1], None))
    big = generate(args.docs) if args.docs else None
    if big is not None:
        large = median_runs(
            [DOSSIER, str(big)], [b"filter documents", b"documents)"], max(1, args.runs // 2)
        )
        rows.append((f"dossier {args.docs:,} docs: first frame", large[0], None))
        rows.append((f"dossier {args.docs:,} docs: list shown", large[1], None))

    from tui.core.corpus import load_corpus

    loads = []
    corpora = [("bbc-news", None if args.no_bbc else BBC), (f"{args.docs:,} docs", big)]
    for label, path in corpora:
        if path is not None and path.is_dir():
            t0 = time.perf_counter()
            corpus = load_corpus([path])
            loads.append((label, time.perf_counter() - t0, len(corpus)))
            raw_t0 = time.perf_counter()
            total = sum(len(p.read_bytes()) for p in path.rglob("*.txt"))
            loads.append(
                (f"{label}: reading the raw files (reference)", time.perf_counter() - raw_t0, total)
            )

    print(f"\nTime to first frame (median of {args.runs} runs; 100k: {max(1, args.runs // 2)})\n")
    print(f"| {'what':<46} | {'seconds':>8} | {'× bare app':>10} |")
    print(f"|{'-' * 48}|{'-' * 10}|{'-' * 12}|")
    for label, secs, _ in rows:
        print(f"| {label:<46} | {secs:8.3f} | {secs / bare:10.2f} |")
    print("\nCorpus load (in process)\n")
    print(f"| {'corpus':<44} | {'seconds':>8} | {'count':>12} |")
    print(f"|{'-' * 46}|{'-' * 10}|{'-' * 14}|")
    for label, secs, count in loads:
        print(f"| {label:<44} | {secs:8.2f} | {count:>12,} |")


if __name__ == "__main__":
    main()
