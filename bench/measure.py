"""What the bench scripts share to time a step and print the results: no `tui` import, so a
script can load it before the `tui` it measures is on the path (bench/incremental.py --code)."""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cpu() -> float:
    """CPU seconds (user and system) this process has used."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def raw_read(path: Path) -> tuple[float, float, int]:
    """The reference every load is measured against: (wall seconds, CPU seconds, bytes) of
    listing the folder and reading the bytes of every file the loader looks at (hidden files
    and folders left out), from the page cache. It is done once untimed first: a load finds
    the files cached (it comes right after another read of them), and a first read after other
    work had evicted them took 4.3 s at 100k documents against 1.6-1.9 s cached. The benches
    had three raw reads; one (rglob with an `is_file` for each path, no read before) gave 5.70 s
    at 100k where another gave 1.70 s in the same half hour, so a load looked 3x cheaper."""
    _read_all(path)
    wall, used = time.perf_counter(), cpu()
    total = _read_all(path)
    return time.perf_counter() - wall, cpu() - used, total


def _read_all(path: Path) -> int:
    total = 0
    for folder, dirs, names in os.walk(path):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if not name.startswith("."):
                with open(os.path.join(folder, name), "rb") as f:
                    total += len(f.read())
    return total


def timed(row: dict[str, str], label: str, fn: Callable[[], T]) -> T:
    """`fn()`, its wall and CPU seconds put in `row` as "<label> s" and "<label> cpu"."""
    wall, used = time.perf_counter(), cpu()
    out = fn()
    row[f"{label} s"] = f"{time.perf_counter() - wall:.2f}"
    row[f"{label} cpu"] = f"{cpu() - used:.2f}"
    return out


def table(rows: list[dict[str, str]]) -> str:
    columns = list(dict.fromkeys(k for r in rows for k in r))
    widths = {c: max(len(c), *(len(r.get(c, "")) for r in rows)) for c in columns}
    head = "| " + " | ".join(c.ljust(widths[c]) for c in columns) + " |"
    rule = "|" + "|".join("-" * (widths[c] + 2) for c in columns) + "|"
    body = ["| " + " | ".join(r.get(c, "").ljust(widths[c]) for c in columns) + " |" for r in rows]
    return "\n".join([head, rule, *body])
