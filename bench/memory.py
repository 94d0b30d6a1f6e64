"""Memory benchmark: the app's resident memory with everything loaded, against the corpus text.

Usage: python bench/memory.py [--sizes 10000,100000] [--runs 1] [--data DIR] [--trace N]
       [--no-x] [--deadline S] [--corpus PATH ...]

For each corpus, the real app runs headless (Pilot) in a fresh process on a warm data directory
(`--data`, default a directory per corpus under /tmp/dossier-bench-memory: the first run builds
the caches, the next runs read them). The child waits on the messages that say each background
piece is done (the list shown, the title finder, the search index warm, the entities with the
related index), then presses `x` (cross-references) on the open document, and prints the time
each arrived (seconds from the app's start), the resident memory then, the steady resident
memory once everything is in (after a collection) and the peak. The corpus text (the sum of its
file sizes) is the target's reference; a bare Textual app run the same way is the reference for
what Textual itself holds. `--trace N` prints the N lines allocating the most (tracemalloc,
slow: use it at 10k).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GENERATED = Path("/tmp/dossier-bench")
STAGES = ("list", "titles", "index", "related", "entities", "crossrefs")


def _status_mb(first: str, second: str) -> tuple[float, float]:
    """Two of this process's /proc/self/status sizes, in MB."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in (first, second):
            fields[name] = int(value.split()[0]) / 1024
    return fields[first], fields[second]


def rss_mb() -> tuple[float, float]:
    """(resident, peak resident) of this process in MB."""
    return _status_mb("VmRSS", "VmHWM")


def rss_parts_mb() -> tuple[float, float]:
    """(anonymous, file-backed) resident memory of this process in MB: a file mapped in
    memory (the passage index behind `x`) counts in the second, by the pages touched."""
    return _status_mb("RssAnon", "RssFile")


async def measure_app(
    path: str, trace: int, press_x: bool = True, deadline: float = 0
) -> dict[str, object]:
    """Runs in the child: the app on `path` until every piece is in, then `x`."""
    from tui.app import make_app
    from tui.dialogs.crossrefs import CrossRefs
    from tui.screens.main.screen import MainScreen

    t0 = time.perf_counter()
    marks: dict[str, tuple[float, float]] = {}

    def mark(stage: str) -> None:
        marks.setdefault(stage, (time.perf_counter() - t0, rss_mb()[0]))

    # Each handler the screen has for "this piece is done", wrapped to note when it ran.
    for stage, name in (
        ("list", "on_list_ready"),
        ("titles", "on_titles_ready"),
        ("index", "on_index_ready"),
        ("index", "on_index_failed"),
        ("related", "on_related_ready"),  # the related panel's index, when it comes first
        ("related", "on_entities_ready"),  # (or with the entities)
        ("entities", "on_entities_ready"),
        ("entities", "on_entities_failed"),
    ):
        handler = getattr(MainScreen, name, None)
        if handler is None:  # an older screen's
            continue

        def wrapped(self: MainScreen, message: object, _h=handler, _s=stage) -> None:  # type: ignore[no-untyped-def]
            _h(self, message)
            mark(_s)

        setattr(MainScreen, name, wrapped)

    app = make_app([path])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        assert screen is not None
        try:
            await asyncio.wait_for(screen.ready.wait(), deadline or None)
        except TimeoutError:  # measured as far as it got (the stages missing show "-")
            press_x = False
        while screen.search.title_finder is None:
            await pilot.pause(0.05)
        start = time.perf_counter()
        if press_x:
            await pilot.press("x")
            while not isinstance(app.screen, CrossRefs):
                await pilot.pause(0.01)
                if time.perf_counter() - start > 900:
                    break
            marks["crossrefs"] = (time.perf_counter() - t0, rss_mb()[0])
            await pilot.press("escape")
        x_seconds = time.perf_counter() - start
        await app.workers.wait_for_complete()
        await pilot.pause()
        gc.collect()
        await pilot.pause(0.5)
        steady, peak = rss_mb()
        anon, file_backed = rss_parts_mb()
        top: list[str] = []
        if trace:
            import tracemalloc

            snapshot = tracemalloc.take_snapshot()
            for stat in snapshot.statistics("lineno")[:trace]:
                frame = stat.traceback[0]
                where = f"{frame.filename.replace(str(ROOT) + '/', '')}:{frame.lineno}"
                top.append(f"{stat.size / 2**20:8.1f} MB {stat.count:9d}  {where}")
        documents = len(screen.corpus) if screen.corpus is not None else 0
    return {
        "marks": marks,
        "x": x_seconds,
        "steady": steady,
        "peak": peak,
        "anon": anon,
        "file": file_backed,
        "docs": documents,
        "top": top,
    }


async def measure_bare() -> dict[str, object]:
    from bench.bare_app import Bare

    async with Bare().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        gc.collect()
        steady, peak = rss_mb()
    return {"steady": steady, "peak": peak}


def child(args: argparse.Namespace) -> None:
    if args.trace:
        import tracemalloc

        tracemalloc.start()
    if args.child == "bare":
        result = asyncio.run(measure_bare())
    else:
        result = asyncio.run(measure_app(args.child, args.trace, not args.no_x, args.deadline))
    print("RESULT " + json.dumps(result))


def run_child(
    target: str, data: str | None, trace: int = 0, no_x: bool = False, deadline: float = 0
) -> dict[str, object]:
    env = dict(os.environ)
    if data is not None:
        env["DOSSIER_DATA_DIR"] = data
    cmd = [sys.executable, __file__, "--child", target, "--trace", str(trace)]
    cmd += ["--no-x"] if no_x else []
    cmd += ["--deadline", str(deadline)]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    raise RuntimeError(f"{target}: no result\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")


def text_bytes(path: Path) -> int:
    """The corpus text: the sum of its files' sizes (hidden files left out, as the loader does)."""
    total = 0
    for folder, dirs, files in os.walk(path):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        total += sum(os.path.getsize(os.path.join(folder, f)) for f in files if f[0] != ".")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000", help="generated corpora (comma-separated)")
    parser.add_argument("--corpus", nargs="*", default=[], help="other corpora")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--data", default=None, help="the data directory (per corpus below it)")
    parser.add_argument("--trace", type=int, default=0)
    parser.add_argument("--no-x", action="store_true", help="leave cross-references out")
    parser.add_argument(
        "--deadline", type=float, default=0, help="seconds to wait for everything (0: no limit)"
    )
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    corpora = [GENERATED / f"gen-{n}" for n in args.sizes.split(",") if n] + [
        Path(p) for p in args.corpus
    ]
    base = Path(args.data or "/tmp/dossier-bench-memory")
    load = os.getloadavg()
    print(f"load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; times: seconds from the app's start")
    header = (
        f"{'corpus':<14}{'docs':>8}{'text MB':>9}{'bare MB':>9}"
        + "".join(f"{s:>11}" for s in STAGES)
        + f"{'x s':>7}{'steady MB':>11}{'peak MB':>9}{'/text':>7}{'anon':>7}{'file':>7}"
    )
    print(header)
    for path in corpora:
        text = text_bytes(path) / 2**20
        data = str(base / path.name) if args.data is None else args.data
        for _ in range(args.runs):
            bare = run_child("bare", None)
            result = run_child(str(path), data, args.trace, args.no_x, args.deadline)
            marks = result["marks"]
            assert isinstance(marks, dict)
            cells = "".join(
                f"{marks[s][0]:>6.1f}/{marks[s][1]:>4.0f}" if s in marks else f"{'-':>11}"
                for s in STAGES
            )
            steady = float(result["steady"])  # type: ignore[arg-type]
            print(
                f"{path.name:<14}{result['docs']:>8}{text:>9.0f}{bare['steady']:>9.0f}{cells}"
                f"{result['x']:>7.2f}{steady:>11.0f}{result['peak']:>9.0f}{steady / text:>7.2f}"
                f"{result.get('anon', 0):>7.0f}{result.get('file', 0):>7.0f}",
                flush=True,
            )
            for line in result["top"]:  # type: ignore[union-attr]
                print("    " + line)
    print("each stage: seconds/resident MB when it arrived; steady: after `x`, collected")
    print("anon, file: the steady resident memory, anonymous and file-backed (mapped files)")


if __name__ == "__main__":
    main()
