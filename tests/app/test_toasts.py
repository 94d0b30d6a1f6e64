"""Pilot tests: every toast of the main screen shows names as text. "[BBC] Report.txt" is shown
as written (not taken as markup), and a name holding ESC, OSC or bidi controls is neutralised."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App

from tests.app.conftest import settle, write_corpus
from tui.app import make_app
from tui.screens.main import MainScreen

NAMES = ["[BBC] Report.txt", "[b]bold[/b].txt", "ev\x1b[31mil\x1b]0;owned\x07\u202eeman.txt"]


def toasts(app: App[object]) -> list[str]:
    return [n.message for n in app._notifications]  # what the toast widgets are given


def assert_shown_as_text(app: App[object], name: str) -> None:
    messages = [m for m in toasts(app) if "Report" in m or "bold" in m or "owned" in m]
    assert messages, toasts(app)
    assert all(not n.markup for n in app._notifications)
    for message in messages:
        assert not any(c in message for c in "\x1b\x07\u202e")
        if name.isprintable():
            assert name in message  # as written, brackets and all


async def opened(app, pilot, name: str) -> MainScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, MainScreen)
    screen.open_document(name, None)
    screen.show_reader()
    await settle(app, pilot)
    return screen


@pytest.mark.parametrize("name", NAMES)
async def test_copy_toast(tmp_path: Path, name: str) -> None:
    root = write_corpus(tmp_path / "c", {name: "Title\n\nSome text."})
    app = make_app([str(root)])
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(app, pilot, name)
        await pilot.press("y")
        assert_shown_as_text(app, name)


@pytest.mark.parametrize("name", NAMES)
async def test_bookmark_toast(tmp_path: Path, name: str) -> None:
    root = write_corpus(tmp_path / "c", {name: "Title\n\nSome text."})
    app = make_app([str(root)])
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(app, pilot, name)
        await pilot.press("b")
        await settle(app, pilot)
        assert_shown_as_text(app, name)


@pytest.mark.parametrize("name", NAMES)
async def test_no_match_toast(tmp_path: Path, name: str) -> None:
    """The find label carries what was typed; here the name, which the document lacks."""
    root = write_corpus(tmp_path / "c", {"a.txt": "Title\n\nSome text.", "b.txt": "B\n\nx."})
    app = make_app([str(root)])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await opened(app, pilot, "a.txt")
        screen.matches.find(name, screen.current)  # type: ignore[arg-type]
        await pilot.press("n")
        assert_shown_as_text(app, name.removesuffix(".txt"))
