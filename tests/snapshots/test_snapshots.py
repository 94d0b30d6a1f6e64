"""A few reviewed SVG snapshots: the main screen at 100×30 and 80×24, and help."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.app.conftest import settle
from tests.conftest import SEEDS
from tui.app import make_app


async def _settle(pilot: Any) -> None:
    await settle(pilot.app, pilot)  # ready, and every worker done


def test_main_screen_100x30(snap_compare: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await _settle(pilot)
        await pilot.press("tab", "j")

    assert snap_compare(make_app([str(SEEDS)]), terminal_size=(100, 30), run_before=run_before)


def test_main_screen_80x24(snap_compare: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await _settle(pilot)
        await pilot.press("j", "j", "enter", "j")

    assert snap_compare(make_app([str(SEEDS)]), terminal_size=(80, 24), run_before=run_before)


def test_help_screen(snap_compare: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await _settle(pilot)
        await pilot.press("question_mark")

    assert snap_compare(make_app([str(SEEDS)]), terminal_size=(100, 30), run_before=run_before)


def test_seeds_path_is_bundled() -> None:
    assert Path(SEEDS, "000_4a9b25a20419bc64.txt").is_file()
