"""Scale benchmark: corpus load, `dossier list --json` and start-up, without the corpus cache
("before", DOSSIER_CORPUS_CACHE=0), building it (cold) and reading it (warm). Prints a table.

Usage: python bench/scale.py [--sizes 10000,100000] [--runs 3] [--no-tui]

Per corpus (seeds, bbc-news, generated corpora cached under /tmp/dossier-bench): reading the
raw files (the reference for a load), each load in a fresh process (seconds, peak RSS), the
CLI list, and the app's first frame and whole list through a pty (as bench/startup.py) with
the resident memory when the list showed; a bare Textual app is the start-up reference.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gen_corpus import BBC, generate  # noqa: E402
from bench.measure import raw_read  # noqa: E402
from bench.startup import DOSSIER, time_to_text  # noqa: E402

NO_CACHE = {"DOSSIER_CORPUS_CACHE": "0"}
LOAD = (
    "import sys, time, resource\n"
    "from tui.core.corpus import load_corpus\n"
    "t = time.perf_counter(); c = load_corpus([sys.argv[1]])\n"
    "print(time.perf_counter() - t, len(c))\n"
)
# What a first start of a large corpus lists before its files are read whole.
PREVIEW = (
    "import sys, time, resource\n"
    "from tui.core.corpus.preview import preview_corpus\n"
    "t = time.perf_counter(); c = preview_corpus([sys.argv[1]])\n"
    "print(time.perf_counter() - t, len(c) if c else 0)\n"
)
# What the app shows first on a warm start: the cache's snapshot, no file looked at.
CACHED = (
    "import sys, time, resource\n"
    "from tui.core.corpus import load_cached\n"
    "t = time.perf_counter(); c = load_cached([sys.argv[1]])\n"
    "print(time.perf_counter() - t, len(c[0]) if c else 0)\n"
)


def run(cmd: list[str], data: str, extra: dict[str, str] | None = None) -> tuple[float, int, str]:
    """(seconds, peak RSS in MB, stdout) of a command run to its end."""
    secs, rss, out, _ = run_cpu(cmd, data, extra)
    return secs, rss, out


def run_cpu(
    cmd: list[str], data: str, extra: dict[str, str] | None = None
) -> tuple[float, int, str, float]:
    """As `run`, and the CPU seconds (user + system) it used: on this shared machine the wall
    time is 2-3x the CPU time at load 9, the CPU time hardly moves."""
    env = dict(os.environ, DOSSIER_DATA_DIR=data, **(extra or {}))
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    out = proc.stdout.read() if proc.stdout else b""
    _, _, usage = os.wait4(proc.pid, 0)
    cpu = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - t0, usage.ru_maxrss // 1024, out.decode(errors="replace"), cpu


def load(
    path: Path, data: str, extra: dict[str, str] | None = None, script: str = LOAD
) -> tuple[float, int]:
    """(seconds inside the process, peak RSS MB) of loading the corpus."""
    _, rss, out = run([sys.executable, "-c", script, str(path)], data, extra)
    return float(out.split()[0]), rss


def tui(
    path: Path, marker: bytes, data: str, runs: int, extra: dict[str, str] | None = None
) -> tuple[float, float, int]:
    """Median (first frame, list shown) seconds and resident MB when the list showed."""
    samples, rss = [], []
    for _ in range(runs):
        rss_kb: list[int] = []
        samples.append(
            time_to_text(
                [DOSSIER, str(path)],
                [b"filter documents", marker],
                timeout=600,
                data_dir=data,
                env_extra=extra,
                rss=rss_kb,
            )
        )
        rss.extend(rss_kb)
    first = statistics.median(s[0] for s in samples)
    shown = statistics.median(s[1] for s in samples)
    return first, shown, (int(statistics.median(rss)) // 1024 if rss else 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-tui", action="store_true")
    parser.add_argument(
        "--warm-only",
        metavar="DATA_DIR",
        help="only warm figures, with the caches already built in DATA_DIR (a 100k cold build "
        "takes minutes: build it once with a load, then measure warm here)",
    )
    args = parser.parse_args()
    corpora = [("seeds", ROOT / "seeds", b"(5 documents)")]
    if BBC.is_dir():
        corpora.append(("bbc-news", BBC, b"documents)"))
    for n in (int(s) for s in args.sizes.split(",") if s):
        corpora.append((f"{n:,} generated", generate(n), b"documents)"))

    bare = None
    if not args.no_tui:
        bare = statistics.median(
            time_to_text([sys.executable, str(ROOT / "bench" / "bare_app.py")], [b"bare"])[0]
            for _ in range(args.runs)
        )
    rows: list[tuple[str, str, str]] = []
    made: list[str] = []  # data directories made here, removed at the end (caches are large)
    for name, path, marker in corpora:
        data = args.warm_only or tempfile.mkdtemp(prefix="dossier-scale-")
        if not args.warm_only:
            made.append(data)
        raw = raw_read(path)[0]
        rows.append((name, "reading the raw files (reference)", f"{raw:.2f} s"))
        phases: list[tuple[str, dict[str, str] | None]] = [("before (no cache)", NO_CACHE)]
        before = phases if not args.warm_only else []
        cold: list[tuple[str, dict[str, str] | None]] = [("cold (cache built)", None)]
        cold = cold if not args.warm_only else []
        for label, extra in before + cold:
            secs, rss = load(path, data, extra)
            rows.append(
                (name, f"corpus load, {label}", f"{secs:.2f} s ({secs / raw:.1f}× raw), {rss} MB")
            )
        secs, rss = load(path, data)
        rows.append((name, "corpus load, warm", f"{secs:.2f} s ({secs / raw:.1f}× raw), {rss} MB"))
        secs, rss = load(path, data, script=CACHED)
        rows.append(
            (name, "corpus shown from the cache, warm (no stat)", f"{secs:.2f} s, {rss} MB")
        )
        for label, extra in [*before, ("warm", None)]:
            secs, rss, _, cpu = run_cpu([DOSSIER, "list", "--json", str(path)], data, extra)
            figure = f"{secs:.2f} s ({cpu:.2f} s CPU), {rss} MB peak"
            rows.append((name, f"dossier list --json, {label}", figure))
        if bare is not None:
            runs = args.runs if len(corpora) < 3 or "generated" not in name else 1
            for label, extra in [*before, ("warm", None)]:
                first, shown, rss = tui(path, marker, data, runs, extra)
                rows.append(
                    (
                        name,
                        f"app, {label}: first frame / list shown",
                        f"{first:.2f} s ({first / bare:.2f}×) / {shown:.2f} s "
                        f"({shown / bare:.2f}×), {rss} MB resident",
                    )
                )
    for folder in made:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"\nload average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if bare is not None:
        print(f"bare Textual app, first frame: {bare:.3f} s (median of {args.runs})")
    print(f"\n| {'corpus':<18} | {'what':<46} | {'measured':<52} |")
    print(f"|{'-' * 20}|{'-' * 48}|{'-' * 54}|")
    for name, what, figure in rows:
        print(f"| {name:<18} | {what:<46} | {figure:<52} |")


if __name__ == "__main__":
    main()
