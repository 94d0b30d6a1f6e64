"""Keys that arrive together (a burst, as over SSH) are handled in order, each after the focus
change the one before it made: nothing typed ahead is lost or sent to the old focus."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from tests.app.conftest import held, settle
from tui.app import DossierApp, make_app
from tui.dialogs.title_finder import TitleFinder
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.search import SearchScreen
from tui.terminal import typeahead
from tui.widgets.reader import Reader

CHARACTERS = {"slash": "/", "space": " "}


def burst(app: DossierApp, *keys: str) -> None:
    """Post every key before the app handles any, as when they arrive in one read."""
    for key in keys:
        character = CHARACTERS.get(key, key if len(key) == 1 else None)
        app.post_message(events.Key(key, character))


async def opened(app: DossierApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("enter")  # the first document; the reader takes focus
    await settle(app, pilot)
    assert isinstance(app.focused, Reader)


async def test_a_burst_after_slash_goes_into_the_find_bar(seeds: Path) -> None:
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(app, pilot)
        burst(app, "slash", "a", "q")  # were "q" sent to the reader, the app would quit
        await settle(app, pilot)
        assert app.screen.query_one("#find", Input).value == "aq"
        assert app.is_running


async def test_a_burst_opens_search_and_title_finder_with_the_query_typed(seeds: Path) -> None:
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(app, pilot)
        burst(app, "s", "n", "a", "t", "o")
        await settle(app, pilot)
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one(Input).value == "nato"
        burst(app, "escape", "o", "c", "l", "o", "s")
        await settle(app, pilot)
        assert isinstance(app.screen, TitleFinder)
        assert app.screen.query_one(Input).value == "clos"


async def test_a_burst_into_the_bookmarks_filter_while_they_load(seeds: Path) -> None:
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(app, pilot)
        await pilot.press("b")
        await settle(app, pilot)
        burst(app, "B", "slash", "c", "l", "o")  # "c", "l", "o" bind nothing in the list
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        assert screen.query_one("#bookmarks-filter", Input).value == "clo"
        assert len(screen.shown) == 1  # the filter applies to the bookmarks once loaded


async def test_keys_a_screen_stops_do_not_hold_up_the_ones_behind(seeds: Path) -> None:
    """The search screen stops up/down itself (history); the keys after go on at once."""
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(app, pilot)
        burst(app, "s", "up", "down", "x", "y")
        await settle(app, pilot)
        assert app.screen.query_one(Input).value == "xy"
        assert app._in_flight is None and not app._held_keys


async def test_a_screen_that_holds_keys_for_ever_holds_them_once(
    seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A screen's hold (`holds_keys`) ends after HOLD_TICKS looks of an idle app, and is not
    waited for again: what it waited for may never come, and each key would wait as long."""
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(app, pilot)
        screen = app.screen
        asked: list[bool] = []

        def for_ever() -> bool:
            asked.append(True)
            return True

        monkeypatch.setattr(screen, "holds_keys", for_ever, raising=False)
        monkeypatch.setattr(typeahead, "HOLD_TICKS", 5)
        reader = app.query_one(Reader)
        start = reader.cursor
        burst(app, "j", "j")
        await settle(app, pilot)
        assert reader.cursor == start + 2  # both went through
        looks = len(asked)
        assert looks >= 5  # the first one was held
        burst(app, "k")
        await settle(app, pilot)
        assert reader.cursor == start + 1 and len(asked) == looks  # not held, not asked again


async def test_a_query_typed_after_o_waits_for_the_title_finder(
    seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`o` before the titles are in opens the finder when they come: what is typed after it
    goes there, not to the list (its `f` focused the filter, the rest was typed into it)."""
    import threading

    import tui.core.search as search_package

    titles_may_come = threading.Event()
    late = held(search_package.open_title_finder, titles_may_come)
    monkeypatch.setattr(search_package, "open_title_finder", late)
    app = make_app([str(seeds)])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen
        assert screen is not None
        while screen.corpus is None:  # the list, without its titles
            await pilot.pause()
        burst(app, "o", "f", "r", "a", "u", "d")
        while not screen.search.finder_wanted:
            await pilot.pause()
        titles_may_come.set()
        await settle(app, pilot)
        assert isinstance(app.screen, TitleFinder)
        assert app.screen.query_one(Input).value == "fraud"
        assert screen.query_one("#filter", Input).value == ""
