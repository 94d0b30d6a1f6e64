"""Pilot helpers: build the app as the CLI does and wait for its workers."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tui.app import DossierApp


async def settle(app: DossierApp, pilot: Pilot[None]) -> None:
    """Wait until no worker runs and the messages they posted are handled."""
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()


def write_corpus(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
