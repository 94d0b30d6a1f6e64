"""The key hints at the foot of a screen (KeyBar): the shown bindings of what has focus, the
command palette's on the right, redrawn (not rebuilt) on a focus change, clickable."""

from __future__ import annotations

from pathlib import Path

from tests.app.conftest import drain, ready
from tui.app import make_app
from tui.screens.main import MainScreen
from tui.screens.search import SearchScreen
from tui.widgets.key_bar import KeyBar

SEEDS = str(Path(__file__).resolve().parents[2] / "seeds")


def line(bar: KeyBar) -> str:
    return bar.render().plain


async def test_the_hints_follow_the_focus_and_keep_the_palette_on_the_right() -> None:
    app = make_app([SEEDS])
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app)
        await drain(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        bar = screen.query_one(KeyBar)
        text = line(bar)
        assert len(text) == 100
        assert text.startswith(" ⏎ Open document  o Find title  s Search  / Find in document")
        assert text.endswith("▏^p palette ")
        await pilot.press("tab")  # to the reader: the list's "Open document" goes
        await pilot.pause()
        text = line(bar)
        assert text.startswith(" o Find title  s Search") and "Open document" not in text
        assert text.endswith("▏^p palette ")
        assert not bar.children  # a line of text, not a widget a key


async def test_a_narrow_bar_crops_the_keys_not_the_palette() -> None:
    app = make_app([SEEDS])
    async with app.run_test(size=(60, 24)) as pilot:
        await ready(app)
        await drain(app, pilot)
        text = line(app.screen.query_one(KeyBar))
        assert len(text) == 60 and text.endswith("▏^p palette ")
        assert text.startswith(" ⏎ Open document  o Find title")


async def test_a_click_on_a_hint_presses_its_key() -> None:
    app = make_app([SEEDS])
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app)
        await drain(app, pilot)
        bar = app.screen.query_one(KeyBar)
        x = line(bar).index(" s Search") + 2
        await pilot.click(KeyBar, offset=(x, 0))
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert "esc Back" in line(app.screen.query_one(KeyBar))  # its own bar
