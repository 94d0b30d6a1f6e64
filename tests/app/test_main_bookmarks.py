"""Bookmarks and reading state in the main screen."""

from __future__ import annotations

from pathlib import Path

from tests.app.conftest import settle
from tui.app import make_app
from tui.core.store import Store
from tui.dialogs.note_dialog import NoteDialog
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.main import MainScreen
from tui.widgets.reader import Reader


async def test_b_toggles_with_undo_and_a_annotates(seeds: Path) -> None:
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.current is not None
        reader = screen.query_one(Reader)
        await pilot.press("tab", "j", "j", "b")
        await settle(app, pilot)
        assert reader.bookmarked == {3}
        with Store() as store:
            (mark,) = store.list()
            assert mark.passage == 3 and mark.doc == screen.current.id
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        await pilot.press(*"why", "tab", *"x,y", "enter")
        await settle(app, pilot)
        with Store() as store:
            (mark,) = store.list()
            assert (mark.note, mark.tags) == ("why", ("x", "y"))
        await pilot.press("b")
        await settle(app, pilot)
        assert reader.bookmarked == set()
        await pilot.press("b")  # undo: the note comes back
        await settle(app, pilot)
        assert reader.bookmarked == {3}
        with Store() as store:
            (mark,) = store.list()
            assert mark.note == "why"


async def test_bookmarks_screen_jumps(seeds: Path) -> None:
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("tab", "j", "j", "j", "b", "g")
        await settle(app, pilot)
        await pilot.press("B")
        await settle(app, pilot)
        assert isinstance(app.screen, BookmarksScreen)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen and screen.query_one(Reader).cursor == 4


async def test_reading_state_survives_a_restart(seeds: Path) -> None:
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("j", "j", "enter")  # third document of the list
        await pilot.press("j", "j", "j", "j")
        await settle(app, pilot)
        opened = screen.current
        assert opened is not None and screen.query_one(Reader).cursor == 5
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.current is not None and screen.current.id == opened.id
        assert screen.query_one(Reader).cursor == 5


async def test_document_list_shows_read_partly_read_and_unread(seeds: Path) -> None:
    from tests.app.conftest import settle
    from tui.app import make_app
    from tui.widgets.document_list import DocumentList
    from tui.widgets.reader import Reader

    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        doc_list = app.screen.query_one(DocumentList)
        reader = app.screen.query_one(Reader)
        first = doc_list.rows[0].id
        await pilot.press("tab", "G")
        assert doc_list.progress[first] == 100.0
        await pilot.press("tab", "j", "enter", "j")
        second = doc_list.rows[1].id
        assert 0 < doc_list.progress[second] < 100
        assert reader.cursor == 2
        row = "".join(seg.text for seg in doc_list.render_line(1))
        assert f"{doc_list.progress[second]:3.0f}%" in row
        unread = "".join(seg.text for seg in doc_list.render_line(3))
        assert "·" in unread
    # A new session sees the same state from the store.
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        doc_list = app.screen.query_one(DocumentList)
        assert doc_list.progress[first] == 100.0 and second in doc_list.progress


async def test_header_counts_bookmarks(seeds: Path) -> None:
    from tests.app.conftest import settle
    from tui.app import make_app
    from tui.widgets.status_line import StatusLine

    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        status = app.screen.query_one(StatusLine)
        assert "bookmarks" not in status.parts
        await pilot.press("tab", "b", "j", "b")
        await settle(app, pilot)  # the store writes in a worker; the count follows
        assert status.parts["bookmarks"] == "2 bookmarks"


async def test_a_second_session_holding_the_write_lock_never_freezes_a_key(seeds: Path) -> None:
    """`b` while another connection holds the write lock: the keys after it are handled at
    once and the event loop runs; the bookmark lands when the lock is released."""
    import asyncio
    import sqlite3

    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.store is not None
        reader = screen.query_one(Reader)
        other = sqlite3.connect(screen.store.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            await pilot.press("tab", "b", "j")
            assert reader.cursor == 2  # the key after `b` was handled
            ticked = asyncio.Event()
            app.set_timer(0.01, ticked.set)
            await ticked.wait()  # a timer still fires: the loop is not blocked
            assert reader.bookmarked == set()  # the write waits for the lock
        finally:
            other.execute("ROLLBACK")
            other.close()
        await settle(app, pilot)
        assert reader.bookmarked == {1}
        doc = screen.current
        assert doc is not None
        with Store() as store:
            assert [(m.doc, m.passage) for m in store.list()] == [(doc.id, 1)]


async def test_b_in_the_raw_view_says_where_bookmarks_are(seeds: Path) -> None:
    """The raw view has no passages: `b` there did nothing, without a word."""
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.current is not None
        await pilot.press("tab", "v")
        await settle(app, pilot)
        assert screen.raw_mode
        await pilot.press("b")
        await settle(app, pilot)
        assert any("v goes back to them" in n.message for n in app._notifications)
        with Store() as store:
            assert store.list() == []
