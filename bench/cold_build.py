"""Cold corpus-cache build: one process or a pool of parsers, against reading the raw files and
parsing without the cache, in the same run. Prints a table.

Usage: python bench/cold_build.py [--size 10000] [--workers 1,2]

Each build is a fresh process with a fresh data directory (the cache is written from nothing);
`DOSSIER_PARSE_WORKERS` sets the pool. The raw read and the uncached parse are the references.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gen_corpus import generate  # noqa: E402
from bench.scale import NO_CACHE, load, raw_read  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    path = generate(args.size)
    raw = raw_read(path)
    rows = [("reading the raw files (reference)", f"{raw:.2f} s")]
    data = tempfile.mkdtemp(prefix="dossier-cold-")
    try:
        secs, rss = load(path, data, NO_CACHE)
        figure = f"{secs:.2f} s ({secs / raw:.1f}× raw), {rss} MB"
        rows.append(("parse, no cache (reference)", figure))
        for workers in (int(w) for w in args.workers.split(",")):
            fresh = tempfile.mkdtemp(prefix="dossier-cold-")
            try:
                secs, rss = load(path, fresh, {"DOSSIER_PARSE_WORKERS": str(workers)})
            finally:
                shutil.rmtree(fresh, ignore_errors=True)
            figure = f"{secs:.2f} s ({secs / raw:.1f}× raw), {rss} MB"
            rows.append((f"cold build, {workers} parser process(es)", figure))
    finally:
        shutil.rmtree(data, ignore_errors=True)
    print(f"\n{args.size:,} generated documents")
    print(f"| {'what':<40} | {'measured':<36} |")
    print(f"|{'-' * 42}|{'-' * 38}|")
    for what, figure in rows:
        print(f"| {what:<40} | {figure:<36} |")


if __name__ == "__main__":
    main()
