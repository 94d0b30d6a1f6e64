"""What the bench scripts share to time a step and print the results: no `tui` import, so a
script can load it before the `tui` it measures is on the path (bench/incremental.py --code)."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def cpu() -> float:
    """CPU seconds (user and system) this process has used."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


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
