"""A first start of a large corpus: when its whole list is on screen, with the preview and
without it, against reading the raw files. Prints a table.

Usage: python bench/preview_list.py [--size 100000] [--runs 3]

The real `dossier` in a pty (`startup.time_to_text`) on a fresh data directory each time (no
corpus cache: a first start), the list counted shown when the header says how many documents
it holds (set with the rows). "Without" sets DOSSIER_PREVIEW_FROM past the corpus's size: the
list is then the cold build's. Runs alternate, each after a raw read of the files
(`measure.raw_read`, the page cache warm as for both starts), so a change of load hits all.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gen_corpus import generate  # noqa: E402
from bench.measure import raw_read  # noqa: E402
from bench.startup import ANY, DOSSIER, time_to_text  # noqa: E402

WITH, WITHOUT = "with the preview", "without (the cold build's list)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "tui", quiet=1)  # as an installed wheel is (startup.py)
    path = generate(args.size)
    past = {"DOSSIER_PREVIEW_FROM": str(args.size + 1)}
    cases: dict[str, dict[str, str]] = {WITH: {}, WITHOUT: past}
    raws: list[float] = []
    shown: dict[str, list[float]] = {label: [] for label in cases}
    rss: dict[str, list[int]] = {label: [] for label in cases}
    for _ in range(args.runs):
        raws.append(raw_read(path)[0])
        for label, extra in cases.items():
            kb: list[int] = []
            _, seconds = time_to_text(
                [DOSSIER, str(path)],
                ANY,
                timeout=600,
                env_extra=extra,
                rss=kb,
            )
            shown[label].append(seconds)
            rss[label].extend(kb)
    raw = statistics.median(raws)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\n{args.size:,} generated documents, first start, median of {args.runs}, load {load}")
    print(f"| {'what':<34} | {'list shown':<20} | {'resident':<9} |")
    print(f"|{'-' * 36}|{'-' * 22}|{'-' * 11}|")
    print(f"| {'reading the raw files (reference)':<34} | {raw:>6.2f} s{'':<12} | {'':<9} |")
    for label in cases:
        secs = statistics.median(shown[label])
        mb = max(rss[label], default=0) // 1024
        print(f"| {label:<34} | {secs:>6.2f} s ({secs / raw:>4.1f}x raw) | {mb:>6} MB |")


if __name__ == "__main__":
    main()
