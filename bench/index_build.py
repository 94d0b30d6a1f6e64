"""Benchmark the search index's cold build, with where its time goes.

    .venv/bin/python bench/index_build.py /tmp/dossier-bench/gen-10000 --runs 3
    .venv/bin/python bench/index_build.py /tmp/dossier-bench/gen-100000

For each folder: the corpus is loaded (through the corpus cache, made on a first run: "load s"),
then, as references in the same run, every file's bytes are read ("raw read s") and every
document's passages are read back from the corpus cache ("passages s", what the build must
read anyway). Then the index is built from nothing `--runs` times ("build s"), with the time
spent in each kind of SQLite statement (timed around every call) and the rest ("python s":
reading passages, hashing, folding). The data directory is DOSSIER_DATA_DIR (default: a
folder under the system's temporary directory, kept between runs so the corpus cache is
warm); the index is written beside it and removed at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import table  # noqa: E402

# The SQLite statements timed apart (by how they start); the others are "other sql s".
PARTS = {
    "fts insert s": "INSERT INTO fts(rowid",
    "optimize s": "INSERT INTO fts(fts) VALUES('optimize')",
    "commit s": "COMMIT",
    "terms s": "INSERT INTO terms",
    "docs s": "INSERT INTO docs",
    "vacuum s": "VACUUM",
}


class TimedConnection:
    """A sqlite3 connection whose execute and executemany calls are timed by statement."""

    def __init__(self, conn: Any, times: Counter[str]) -> None:
        self._conn = conn
        self._times = times

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)

    def _timed(self, method: str, sql: str, *args: Any) -> Any:
        started = time.perf_counter()
        cursor = getattr(self._conn, method)(sql, *args)
        part = next((k for k, start in PARTS.items() if sql.startswith(start)), "other sql s")
        self._times[part] += time.perf_counter() - started
        return cursor

    def execute(self, sql: str, *args: Any) -> Any:
        return self._timed("execute", sql, *args)

    def executemany(self, sql: str, *args: Any) -> Any:
        return self._timed("executemany", sql, *args)


def build_once(corpus: Any, path: Path) -> dict[str, float]:
    from tui.core.search import SqliteIndex
    from tui.core.search import sqlite_storage as storage

    for old in path.parent.glob(path.name + "*"):
        old.unlink()
    times: Counter[str] = Counter()
    real_open = storage.open_connection

    def timed_open(target: Path | None) -> Any:
        conn, where = real_open(target)
        return TimedConnection(conn, times), where

    storage.open_connection = timed_open  # type: ignore[assignment]
    try:
        index = SqliteIndex(path)
        started = time.perf_counter()
        stats = index.refresh(corpus)
        total = time.perf_counter() - started
        index.close()
    finally:
        storage.open_connection = real_open  # type: ignore[assignment]
    out = {"build s": total, "index MB": stats.size / 1e6}
    out.update({k: times[k] for k in (*PARTS, "other sql s")})
    out["python s"] = total - sum(times.values())
    return out


def bench(folder: Path, runs: int) -> dict[str, str]:
    from tui.core.corpus import load_corpus

    row = {"corpus": folder.name}
    started = time.perf_counter()
    corpus = load_corpus([folder])
    row["load s"] = f"{time.perf_counter() - started:.1f}"
    row["docs"] = str(len(corpus.documents))
    started = time.perf_counter()
    size = sum(len(Path(d.path).read_bytes()) for d in corpus.documents)
    raw = time.perf_counter() - started
    row["raw read s"] = f"{raw:.2f}"
    row["corpus MB"] = f"{size / 1e6:.0f}"
    started = time.perf_counter()
    passages = sum(len(d.passages) for d in corpus.documents)
    row["passages s"] = f"{time.perf_counter() - started:.1f}"
    row["passages"] = str(passages)
    path = Path(os.environ["DOSSIER_DATA_DIR"]) / "bench-index" / "index.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    results = [build_once(corpus, path) for _ in range(runs)]
    for old in path.parent.glob(path.name + "*"):
        old.unlink()
    builds = [r["build s"] for r in results]
    row["build s"] = " / ".join(f"{b:.1f}" for b in builds)
    median = results[builds.index(statistics.median_low(builds))]
    for key, value in median.items():
        if key != "build s":
            row[key] = f"{value:.1f}"
    row["build/raw"] = f"{statistics.median_low(builds) / max(raw, 1e-3):.0f}x"
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", type=Path, help="corpus folders")
    parser.add_argument("--runs", type=int, default=1, help="builds per folder (median shown)")
    args = parser.parse_args()
    os.environ.setdefault(
        "DOSSIER_DATA_DIR", str(Path(tempfile.gettempdir()) / "dossier-bench-index")
    )
    rows = []
    for folder in args.folders:
        rows.append(bench(folder, args.runs))
        print(table(rows), flush=True)
    print(
        f"load average {os.getloadavg()[0]:.1f}; parts of the median build; "
        "python s = build s - every SQLite call (passages read, hashed, folded)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
