"""Cold corpus-cache build: one process or a pool of parsers, against reading the raw files and
parsing without the cache, in the same run. Prints a table.

Usage: python bench/cold_build.py [--size 10000] [--workers 1,2] [--runs 1] [--against TREE]
       [--preview-only]

The preview rows: what a first start lists before the build ends (`preview_corpus`: titles,
dates and metadata from each file's head, nothing written).
Each build is a fresh process with a fresh data directory (the cache is written from nothing);
`DOSSIER_PARSE_WORKERS` sets the pool. The raw read and the uncached parse are the references;
`--against /work/main` adds the cold builds of another checkout's code (run from its folder),
interleaved with these, so a before/after is measured at the same load.
Wall seconds are measured inside the process; CPU seconds (user + system, the pool's workers
included) say what the build costs whatever else the machine runs: on 2 shared cores at load
8-10, wall time was ~3x the CPU time for every row, the raw read's included.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gen_corpus import generate  # noqa: E402
from bench.measure import raw_read  # noqa: E402
from bench.scale import LOAD, NO_CACHE, PREVIEW  # noqa: E402


def load(
    path: Path, data: str, extra: dict[str, str], tree: Path = ROOT, script: str = LOAD
) -> tuple[float, float, int]:
    """(wall seconds inside the process, CPU seconds with its children, peak RSS MB), with the
    code of the checkout `tree` (`python -c` imports from its working folder first)."""
    env = dict(os.environ, DOSSIER_DATA_DIR=data, **extra)
    cmd = [sys.executable, "-c", script, str(path)]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=tree
    )
    out = proc.stdout.read() if proc.stdout else b""
    _, _, usage = os.wait4(proc.pid, 0)  # the child's time includes the workers it reaped
    return float(out.split()[0]), usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--against", type=Path, help="another checkout, e.g. /work/main")
    parser.add_argument(
        "--preview-only", action="store_true", help="only the preview's rows (and the raw read)"
    )
    args = parser.parse_args()
    path = generate(args.size)
    cases = [] if args.preview_only else [("parse, no cache (reference)", NO_CACHE, ROOT, LOAD)]
    trees = [(ROOT, "")] + ([(args.against, f", {args.against.name}")] if args.against else [])
    for workers in [] if args.preview_only else args.workers.split(","):
        for tree, name in trees:
            label = f"cold build, {workers} parser process(es){name}"
            cases.append((label, {"DOSSIER_PARSE_WORKERS": workers}, tree, LOAD))
    # The list a first start shows before the build (tui/core/corpus/preview.py).
    for workers in args.workers.split(","):
        for tree, name in trees:
            label = f"preview (the list), {workers} process(es){name}"
            cases.append((label, {"DOSSIER_PARSE_WORKERS": workers}, tree, PREVIEW))
    raw: list[tuple[float, float]] = []
    samples: dict[str, list[tuple[float, float, int]]] = {label: [] for label, *_ in cases}
    for _ in range(args.runs):  # interleaved, so a change of load hits every row alike
        raw.append(raw_read(path)[:2])
        for label, extra, tree, script in cases:
            data = tempfile.mkdtemp(prefix="dossier-cold-")
            try:
                samples[label].append(load(path, data, extra, tree, script))
            finally:
                shutil.rmtree(data, ignore_errors=True)
    raw_wall = statistics.median(r[0] for r in raw)
    raw_cpu = statistics.median(r[1] for r in raw)
    print(f"\n{args.size:,} generated documents, median of {args.runs} run(s), load {_load()}")
    print(f"| {'what':<40} | {'wall':<22} | {'CPU':<22} | {'peak':<7} |")
    print(f"|{'-' * 42}|{'-' * 24}|{'-' * 24}|{'-' * 9}|")
    print(
        f"| {'reading the raw files (reference)':<40} | {raw_wall:>6.2f} s{'':<14} | "
        f"{raw_cpu:>6.2f} s{'':<14} | {'':<7} |"
    )
    for label, *_ in cases:
        wall = statistics.median(s[0] for s in samples[label])
        cpu = statistics.median(s[1] for s in samples[label])
        rss = max(s[2] for s in samples[label])
        print(
            f"| {label:<40} | {wall:>6.2f} s ({wall / raw_wall:>5.1f}x raw) | "
            f"{cpu:>6.2f} s ({cpu / raw_cpu:>5.1f}x raw) | {rss:>4} MB |"
        )


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
