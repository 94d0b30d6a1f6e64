"""Key latency: CPU time of the UI's thread a key (a focus change with `tab`, a cursor move with
`j`), the real app headless (Pilot) on a corpus against a bare Textual app with two focusable
widgets and Textual's Footer in the same run. Prints a table.

Usage: python bench/keys.py [--presses 9] [--corpus PATH]

CPU time of the main thread, not wall time: what a key costs whatever else the machine runs.
The medians of `--presses` presses each (after everything is loaded).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


async def per_key(app: Any, keys: list[str], presses: int, before: Any = None) -> dict[str, float]:
    out: dict[str, float] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        if before is not None:
            await before(app, pilot)
        for _ in range(3):
            await pilot.pause()
        for key in keys:
            costs = []
            for _ in range(presses):
                start = time.thread_time()
                await pilot.press(key)
                await pilot.pause()
                await pilot.pause()
                costs.append(time.thread_time() - start)
            out[key] = statistics.median(costs) * 1000
    return out


def bare_app() -> Any:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Input

    class Bare(App[None]):
        BINDINGS = [("o", "bell", "Find title"), ("s", "bell", "Search")]

        def compose(self) -> ComposeResult:
            yield Input(placeholder="one")
            yield Input(placeholder="two")
            yield Footer()

    return Bare()


async def loaded(app: Any, pilot: Any) -> None:
    from tests.app.conftest import drain

    await app.main_screen.ready.wait()
    await drain(app, pilot)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--presses", type=int, default=9)
    parser.add_argument("--corpus", default=str(ROOT / "seeds"))
    args = parser.parse_args()
    import os

    data = tempfile.TemporaryDirectory(prefix="dossier-bench-keys-")
    os.environ["DOSSIER_DATA_DIR"] = data.name
    from tui.app import make_app

    keys = ["tab", "j"]
    bare = asyncio.run(per_key(bare_app(), ["tab"], args.presses))
    dossier = asyncio.run(per_key(make_app([args.corpus]), keys, args.presses, loaded))
    print(f"CPU time of the UI's thread a key (median of {args.presses}), {Path(args.corpus).name}")
    print()
    print("| key                          |   ms CPU | × bare tab |")
    print("|------------------------------|----------|------------|")
    print(f"| bare app + Footer: tab       | {bare['tab']:8.1f} |       1.00 |")
    for key in keys:
        print(f"| dossier: {key:<19} | {dossier[key]:8.1f} | {dossier[key] / bare['tab']:10.2f} |")
    data.cleanup()


if __name__ == "__main__":
    main()
