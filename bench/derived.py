"""Derived data benchmark: `dossier related`, `dossier entities` and `dossier search`, first
call (fresh data directory: every cache built) and warm (the same data directory again).

Usage: python bench/derived.py [--corpora bbc,10000] [--runs 3]

Each command runs in a fresh process to its end; the table gives seconds and the peak RSS of
that process (`os.wait4`). References measured in the same run: `python -c pass` (interpreter
start-up) and reading every raw file of the corpus in a fresh process. Warm is the median of
`--runs` calls; `uptime` is printed with the table (the machine is shared). Children may write
.pyc files (an installed dossier has them): the first call of the first command compiles.
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

from bench.gen_corpus import BBC  # noqa: E402

DOSSIER = str(Path(sys.executable).with_name("dossier"))
GENERATED = Path("/tmp/dossier-bench")
RAW_READ = (
    "import sys, pathlib\n"
    "for f in pathlib.Path(sys.argv[1]).rglob('*'):\n"
    "    if f.is_file() and not f.name.startswith('.'): f.read_bytes()\n"
)


def run(cmd: list[str], data: str) -> tuple[float, int]:
    """(seconds, peak RSS in MB) of a command run to its end; exits on a failure."""
    env = dict(os.environ, DOSSIER_DATA_DIR=data)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed dossier has its .pyc files
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    if status:
        sys.exit(f"failed ({status}): {' '.join(cmd)}\n{err.decode(errors='replace')}")
    return time.perf_counter() - t0, usage.ru_maxrss // 1024


def corpora(names: list[str]) -> list[tuple[str, Path, str]]:
    """(label, path, a document id for `related`) of each corpus present."""
    out = []
    for name in names:
        if name == "bbc":
            if BBC.is_dir():
                out.append(("bbc-news", BBC, "business/001"))
        else:
            path = GENERATED / f"gen-{name}"
            if path.is_dir():
                first = min(p for p in path.rglob("*.txt"))
                out.append((f"gen-{name}", path, str(first.relative_to(path).with_suffix(""))))
    return out


Row = tuple[str, str, float, float, int]  # corpus, command, first s, warm s, peak MB


def measure(names: list[str], runs: int, work: Path) -> list[Row]:
    rows: list[Row] = []
    for label, path, doc_id in corpora(names):
        data = str(work / label)
        py = [run([sys.executable, "-c", "pass"], data) for _ in range(runs)]
        raw = [run([sys.executable, "-c", RAW_READ, str(path)], data) for _ in range(runs)]
        rows.append((label, "python -c pass", py[0][0], statistics.median(t for t, _ in py), 0))
        rows.append((label, "read raw files", raw[0][0], statistics.median(t for t, _ in raw), 0))
        # The corpus cache is built once before, so each command's first call is its own.
        run([DOSSIER, "list", str(path), "--json"], data)
        for name, cmd in (
            ("related ID --json", [DOSSIER, "related", doc_id, str(path), "--json"]),
            ("entities --json", [DOSSIER, "entities", str(path), "--json"]),
            ("search 'oil price'", [DOSSIER, "search", "oil price", str(path)]),
        ):
            first, rss = run(cmd, data)
            warm = [run(cmd, data) for _ in range(runs)]
            rss = max(rss, *(r for _, r in warm))
            rows.append((label, name, first, statistics.median(t for t, _ in warm), rss))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", default="bbc,10000", help="bbc and/or generated sizes")
    parser.add_argument("--runs", type=int, default=3, help="warm calls (median)")
    args = parser.parse_args()
    print(f"uptime: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} (load 1, 5 min)")
    work = Path(tempfile.mkdtemp(prefix="derived-"))
    try:
        rows = measure(args.corpora.split(","), args.runs, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the data directories: hundreds of MB at 10k
    print(f"{'corpus':<10}{'command':<22}{'first s':>9}{'warm s':>9}{'warm/py':>9}{'peak MB':>9}")
    for label, name, first, warm, rss in rows:
        py_warm = next(w for lab, n, _, w, _ in rows if lab == label and n == "python -c pass")
        mb = f"{rss:>9}" if rss else f"{'':>9}"
        print(f"{label:<10}{name:<22}{first:>9.2f}{warm:>9.2f}{warm / py_warm:>9.1f}{mb}")
    print(f"uptime: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} (load 1, 5 min)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
