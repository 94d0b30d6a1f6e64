"""Pilot tests for the keys a less or vim reader reaches for: marks, jumps that `[` returns
from, half pages, ctrl+f/ctrl+b, and ctrl+c quitting."""

from __future__ import annotations

from pathlib import Path

from tests.app.conftest import settle, write_corpus
from tui.app import key_rows, make_app
from tui.screens.main import MainScreen
from tui.widgets.reader import Reader


def long_doc(n: int) -> str:
    return "Long Document\n\n" + "\n\n".join(
        f"Paragraph {i} " + "lorem ipsum dolor sit amet " * 8 for i in range(1, n)
    )


async def reading(app, pilot) -> tuple[MainScreen, Reader]:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, MainScreen)
    await pilot.press("tab")
    reader = screen.query_one(Reader)
    assert reader.has_focus
    return screen, reader


async def test_marks_set_and_return_and_quote_quote_goes_back(seeds: Path) -> None:
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        screen, reader = await reading(app, pilot)
        await pilot.press("5", "G", "m", "a")  # mark a on passage 5; `a` makes no note
        assert reader.cursor == 5 and app.screen is screen
        await pilot.press("G")
        assert reader.cursor == reader.total
        await pilot.press("apostrophe", "a")
        assert reader.cursor == 5
        await pilot.press("apostrophe", "apostrophe")  # back to where the jump started
        assert reader.cursor == reader.total
        await pilot.press("apostrophe", "apostrophe")
        assert reader.cursor == 5
        await pilot.press("apostrophe", "z")  # no mark z: nothing moves
        assert reader.cursor == 5


async def test_brackets_come_back_from_jumps_within_a_document(seeds: Path) -> None:
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        screen, reader = await reading(app, pilot)
        await pilot.press("j", "j")  # passage 3
        await pilot.press("G")
        await settle(app, pilot)
        await pilot.press("left_square_bracket")
        assert reader.cursor == 3 and screen.current is not None
        await pilot.press("right_square_bracket")
        assert reader.cursor == reader.total
        await pilot.press("7", "G", "t")  # the outline is a jump too
        await pilot.press("enter")  # its first heading
        await settle(app, pilot)
        first_heading = reader.cursor
        await pilot.press("left_square_bracket")
        assert reader.cursor == 7 != first_heading


async def test_less_paging_keys(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c", {"long.txt": long_doc(60)})
    app = make_app([str(root)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        reader = app.screen.query_one(Reader)
        assert reader.has_focus or app.screen.focused is not None
        reader.focus()
        await pilot.press("ctrl+f")
        after_page = reader.visible_passages()[0]
        await pilot.press("ctrl+b")
        top = reader.visible_passages()[0]
        await pilot.press("ctrl+d")
        after_half = reader.visible_passages()[0]
        await pilot.press("ctrl+u")
        assert reader.visible_passages()[0] == top
        await pilot.press("d")
        assert reader.visible_passages()[0] == after_half
        assert top < after_half < after_page


async def test_ctrl_c_quits(seeds: Path) -> None:
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.return_code is None
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.return_code == 0


def test_help_says_b_is_the_one_difference_from_less() -> None:
    rows = {(keys, text) for _, keys, text in key_rows()}
    assert any(keys == "b" and "deliberate difference" in text for keys, text in rows)
    keys = {keys for keys, _ in rows}
    assert {"space,pagedown,ctrl+f", "d,ctrl+d", "ctrl+u", "m", "'"} <= keys


async def test_the_list_hides_so_the_reader_takes_the_width(seeds: Path) -> None:
    app = make_app([str(seeds)])
    async with app.run_test(size=(130, 30)) as pilot:
        screen, reader = await reading(app, pilot)
        narrower = reader.region.width
        await pilot.press("L")
        await pilot.pause()
        assert reader.region.width == 130 > narrower and reader.has_focus
        await pilot.press("tab")  # to the list: it shows again
        await pilot.pause()
        assert reader.region.width == narrower and screen.doc_list.has_focus


async def test_next_unread_and_mark_read_or_unread(seeds: Path) -> None:
    """ctrl+n opens the next document never read (newsboat's habit); M marks the open one read
    (100% in the list and the store) and, pressed again, unread (no position at all)."""
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.current is not None
        first = screen.current.id
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        second = screen.current.id
        assert second != first and screen.query_one(Reader).has_focus
        await pilot.press("j")  # read a little: no longer unread
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        third = screen.current.id
        assert third not in (first, second)
        await pilot.press("M")
        await settle(app, pilot)
        store = screen.store
        assert store is not None and screen.doc_list.progress[third] == 100.0
        position = store.load_position(screen.current.root, third)
        assert position is not None and position.finished
        await pilot.press("M")
        await settle(app, pilot)
        assert third not in screen.doc_list.progress
        assert store.load_position(screen.current.root, third) is None


async def test_page_up_leaves_the_cursor_on_a_passage_seen_whole(tmp_path: Path) -> None:
    """After `u` the cursor was on the last passage whose first line was on screen, its
    other lines cut off (what `b` or `y` acted on could not be read); now the last one on
    screen whole, wherever the page's foot falls."""
    root = write_corpus(tmp_path / "c", {"long.txt": long_doc(80)})
    for height in range(16, 31):
        app = make_app([str(root)])
        async with app.run_test(size=(100, height)) as pilot:
            await settle(app, pilot)
            reader = app.screen.query_one(Reader)
            reader.focus()  # (a start after the first opens the document last read)
            await pilot.pause()
            await pilot.press("4", "0", "G", "5", "j")
            await pilot.press("u")
            frame = set(reader._get_frame())
            cursor = reader.cursor
            assert (cursor, 0) in frame, height
            assert (cursor, reader._item_height(cursor) - 1) in frame, (height, cursor)
