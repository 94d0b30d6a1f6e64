"""Pilot helpers: build the app as the CLI does, wait until it is ready, and until the work a
key started is done."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerState

from tui.app import DossierApp
from tui.terminal.typeahead import TypeaheadApp

BUSY = (WorkerState.PENDING, WorkerState.RUNNING)


READY_WITHIN = 120.0  # seconds: a start that never gets ready fails, not hangs


async def ready(app: DossierApp) -> None:
    """Until the main screen has its list, first document, index and entities (or failed)."""
    screen = app.main_screen
    assert screen is not None
    try:
        await asyncio.wait_for(screen.ready.wait(), READY_WITHIN)
    except TimeoutError:
        raise AssertionError(f"never ready: still pending {sorted(screen._pending)}") from None


async def drain(app: App[object], pilot: Pilot[None]) -> None:
    """Until no worker runs and the messages they posted are handled. A key's work may start
    more (a bookmark written, then the marks read): wait again while any is left."""
    while True:
        if isinstance(app, TypeaheadApp):
            await app.keys_handled.wait()  # keys typed ahead may still wait their turn
        for worker in [w for w in app.workers if w.state in BUSY]:
            with suppress(WorkerCancelled):  # replaced by a newer one (a query typed on)
                await worker.wait()
        await pilot.pause()
        idle_keys = not isinstance(app, TypeaheadApp) or app.keys_handled.is_set()
        if idle_keys and not any(worker.state in BUSY for worker in app.workers):
            return


async def settle(app: DossierApp, pilot: Pilot[None]) -> None:
    """Ready, and nothing left running."""
    await ready(app)
    await drain(app, pilot)


def write_corpus(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def held(
    real: Callable[..., Any], until: threading.Event, entered: threading.Event | None = None
) -> Callable[..., Any]:
    """`real`, run once `until` is set (at most 30 s later), in the thread that called it;
    `entered` is set as the call starts waiting."""

    def wait_then(*args: Any, **kwargs: Any) -> Any:
        if entered is not None:
            entered.set()
        until.wait(30)
        return real(*args, **kwargs)

    return wait_then
