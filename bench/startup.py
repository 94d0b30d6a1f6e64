"""Startup benchmark: time to first frame, and corpus load times. Prints a table.

Usage: python bench/startup.py [--runs 5] [--docs 100000] [--no-bbc]

`--docs 0` leaves the generated corpus out. Before timing, `tui/` is compiled to bytecode, as
`pip install` does for an installed wheel: with PYTHONDONTWRITEBYTECODE set (as on the CI and
bench machines) an editable install would otherwise compile every module on every start.

Time to first frame is measured through a pty: from spawning the process to the first
appearance of the header text on the terminal. Runs are interleaved: each round starts the
reference (a bare Textual app) and then every case once, and the "× bare app" column is the
median of the ratios within a round, so a shared machine's changing load moves both sides.
"""

from __future__ import annotations

import argparse
import compileall
import os
import pty
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gen_corpus import BBC, generate  # noqa: E402
from bench.measure import raw_read  # noqa: E402

DOSSIER = str(Path(sys.executable).parent / "dossier")
# The list is shown when its rows are: the last row's title (by the default sort), not the
# header's "(5 documents)", which is set in the same handler and can reach the terminal a frame
# before the rows.
SEEDS = [b"filter documents", b"Ukraine Security"]
ANY = [b"filter documents", b"documents)"]


def spawn_in_pty(
    cmd: list[str], env: dict[str, str], rows: int = 30, cols: int = 100, **popen: Any
) -> tuple[subprocess.Popen[bytes], int]:
    """`cmd` started in a new pseudo-terminal of `cols`×`rows` (its stdin, stdout and stderr);
    the process and the terminal's master end, which the caller reads and closes."""
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    proc = subprocess.Popen(
        cmd, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True, **popen
    )
    os.close(slave)
    return proc, master


def pty_env(data_dir: str, **extra: str) -> dict[str, str]:
    """The environment of a program started in a 100x30 pty (`spawn_in_pty`) with `data_dir`
    as its data directory."""
    return {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": "100",
        "LINES": "30",
        **extra,
        "DOSSIER_DATA_DIR": data_dir,
    }


def read_ready(master: int, wait: float = 0.05) -> bytes | None:
    """What the program in the pty wrote within `wait` seconds (b"": nothing); None once the
    terminal is closed."""
    ready, _, _ = select.select([master], [], [], wait)
    if not ready:
        return b""
    try:
        return os.read(master, 1 << 16)
    except OSError:
        return None


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
    made = None if data_dir else tempfile.mkdtemp(prefix="dossier-bench-")
    env = pty_env(data_dir or made or "", **(env_extra or {}))
    start = time.perf_counter()
    proc, master = spawn_in_pty(cmd, env)
    os.set_blocking(master, False)
    seen = b""
    found: list[float] = []
    deadline = start + timeout
    try:
        while len(found) < len(markers) and time.perf_counter() < deadline:
            written = read_ready(master)
            if written is None:
                break
            seen += written
            while len(found) < len(markers) and markers[len(found)] in seen:
                found.append(time.perf_counter() - start)
        if rss is not None and len(found) == len(markers):
            rss.append(resident_kb(proc.pid))
    finally:
        proc.kill()
        proc.wait()
        os.close(master)
        if made is not None:  # a cold start's caches (hundreds of MB at 100k) go with it
            shutil.rmtree(made, ignore_errors=True)
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


Case = tuple[str, list[str], list[bytes], bool]  # label, command, markers, warm


def interleaved(bare_cmd: list[str], cases: list[Case], runs: int) -> list[Row]:
    """Each round starts the bare app, then every case once: a ratio is taken within its round,
    so the load of a shared machine moves both sides of it (medians of the ratios)."""
    dirs = {}
    for label, cmd, markers, warm in cases:
        if warm:  # one directory for all rounds, filled by a start before them
            dirs[label] = tempfile.mkdtemp(prefix="dossier-bench-warm-")
            time_to_text(cmd, markers, data_dir=dirs[label])
    bare: list[float] = []
    seen: dict[tuple[str, int], list[float]] = {}
    for _ in range(runs):
        base = time_to_text(bare_cmd, [b"bare"])[0]
        bare.append(base)
        for label, cmd, markers, _warm in cases:
            found = time_to_text(cmd, markers, data_dir=dirs.get(label))
            for i, secs in enumerate(found):
                seen.setdefault((label, i), []).append(secs)
    for folder in dirs.values():
        shutil.rmtree(folder, ignore_errors=True)
    rows: list[Row] = [("bare Textual app", statistics.median(bare), 1.0)]
    for label, _cmd, markers, _warm in cases:
        for i, what in enumerate(MARKER_NAMES[: len(markers)]):
            secs = seen[(label, i)]
            ratios = [s / b for s, b in zip(secs, bare, strict=True)]
            rows.append((f"{label}: {what}", statistics.median(secs), statistics.median(ratios)))
    return rows


Row = tuple[str, float, float]  # label, median seconds, median ratio to the bare app's round
MARKER_NAMES = ["first frame", "list shown"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--no-bbc", action="store_true", help="leave bbc-news out")
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "tui", quiet=1)

    bare_cmd = [sys.executable, str(ROOT / "bench" / "bare_app.py")]
    cases: list[Case] = []
    for warm in (False, True):
        start = "second start" if warm else "first start"
        cases.append((f"dossier seeds, {start}", [DOSSIER, str(ROOT / "seeds")], SEEDS, warm))
    if BBC.is_dir() and not args.no_bbc:
        for warm in (False, True):
            start = "second start" if warm else "first start"
            cases.append((f"dossier bbc-news, {start}", [DOSSIER, str(BBC)], ANY, warm))
    rows = interleaved(bare_cmd, cases, args.runs)
    big = generate(args.docs) if args.docs else None
    if big is not None:
        big_case: Case = (f"dossier {args.docs:,} docs", [DOSSIER, str(big)], ANY, False)
        rows += interleaved(bare_cmd, [big_case], max(1, args.runs // 2))[1:]

    from tui.core.corpus import load_corpus

    loads = []
    corpora = [("bbc-news", None if args.no_bbc else BBC), (f"{args.docs:,} docs", big)]
    for label, path in corpora:
        if path is not None and path.is_dir():
            t0 = time.perf_counter()
            corpus = load_corpus([path])
            loads.append((label, time.perf_counter() - t0, len(corpus)))
            raw, _, total = raw_read(path)
            loads.append((f"{label}: reading the raw files (reference)", raw, total))

    print(
        f"\nTime to first frame (median of {args.runs} rounds; 100k: {max(1, args.runs // 2)}); "
        "× bare: the median of the ratios to the bare app started in the same round\n"
    )
    print(f"| {'what':<46} | {'seconds':>8} | {'× bare app':>10} |")
    print(f"|{'-' * 48}|{'-' * 10}|{'-' * 12}|")
    for label, secs, ratio in rows:
        print(f"| {label:<46} | {secs:8.3f} | {ratio:10.2f} |")
    print("\nCorpus load (in process)\n")
    print(f"| {'corpus':<44} | {'seconds':>8} | {'count':>12} |")
    print(f"|{'-' * 46}|{'-' * 10}|{'-' * 14}|")
    for label, secs, count in loads:
        print(f"| {label:<44} | {secs:8.2f} | {count:>12,} |")


if __name__ == "__main__":
    main()
