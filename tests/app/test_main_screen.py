"""Pilot tests for the main screen: navigation, history, help, hostile text, narrow terminals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from tests.app.conftest import settle, write_corpus
from tui.app import make_app
from tui.dialogs.help import HelpScreen
from tui.screens.main import MainScreen
from tui.widgets.document_list import DocumentList
from tui.widgets.reader import Reader


def long_doc(n: int) -> str:
    return "Long Document\n\n" + "\n\n".join(
        f"Paragraph {i} " + "lorem ipsum dolor sit amet " * 8 for i in range(1, n)
    )


async def test_opens_first_document_and_moves_the_passage_cursor(seeds: Path) -> None:
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        reader = screen.query_one(Reader)
        assert screen.current is not None and reader.document is screen.current
        assert len(screen.query_one(DocumentList).rows) == 5
        await pilot.press("tab")
        assert reader.has_focus
        await pilot.press("j", "j", "down")
        assert reader.cursor == 4
        await pilot.press("k")
        assert reader.cursor == 3
        await pilot.press("G")
        assert reader.cursor == reader.total
        await pilot.press("g")
        assert reader.cursor == 1


async def test_page_down_moves_view_and_cursor(tmp_path: Path) -> None:
    write_corpus(tmp_path, {"long.txt": long_doc(60)})
    app = make_app([str(tmp_path)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        reader = app.screen.query_one(Reader)
        assert reader.has_focus  # a corpus of one document opens in the reader
        await pilot.press("space")
        first, _ = reader.visible_passages()
        assert first > 1 and reader.cursor >= first
        await pilot.press("space", "space")
        after, _ = reader.visible_passages()
        assert after > first
        await pilot.press("u")
        back, _ = reader.visible_passages()
        assert back < after


async def test_list_enter_opens_and_history_goes_back_and_forward(seeds: Path) -> None:
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        first = screen.current
        assert first is not None
        reader = screen.query_one(Reader)
        await pilot.press("tab", "j", "j", "tab")  # cursor on passage 3, back to the list
        await pilot.press("j", "enter")
        second = screen.current
        assert second is not None and second.id != first.id and reader.cursor == 1
        await pilot.press("left_square_bracket")
        assert screen.current is not None and screen.current.id == first.id
        assert reader.cursor == 3  # back returns to the position left
        await pilot.press("right_square_bracket")
        assert screen.current is not None and screen.current.id == second.id


async def test_a_count_before_a_key_goes_to_a_passage_by_number(seeds: Path) -> None:
    """`12G` goes to passage 12 (the citation key in the gutter), `3k` three back, `2j` two on;
    a count is used once."""
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        reader = app.screen.query_one(Reader)
        await pilot.press("tab")
        assert reader.has_focus and reader.total >= 13
        await pilot.press("1", "2", "G")
        assert reader.cursor == 12
        await pilot.press("3", "k")
        assert reader.cursor == 9
        await pilot.press("2", "j")
        assert reader.cursor == 11
        await pilot.press("j")  # no count left over: one on
        assert reader.cursor == 12
        await pilot.press("G")
        assert reader.cursor == reader.total
        await pilot.press("4", "0", "g")
        assert reader.cursor == reader.total  # beyond the last: the last
        await pilot.press("0", "g")  # a lone 0 is no count
        assert reader.cursor == 1


async def test_filter_and_sort_the_list(seeds: Path) -> None:
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        doc_list = app.screen.query_one(DocumentList)
        await pilot.press("f", *"rubio")
        await settle(app, pilot)
        assert [d.id[:3] for d in doc_list.rows] == ["003"]
        await pilot.press("escape")
        assert doc_list.has_focus
        assert [d.id[:3] for d in doc_list.rows] == ["003"]  # esc from the filter keeps it
        await pilot.press("escape")  # esc in the list clears it
        await settle(app, pilot)
        assert len(doc_list.rows) == 5
        assert app.screen.query_one("#filter", Input).value == ""
        await pilot.press("f", *"rubio", "escape")
        await pilot.press("f", "ctrl+u")
        await settle(app, pilot)
        assert len(doc_list.rows) == 5
        await pilot.press("escape", "S")  # title -> date: the dated document first
        await settle(app, pilot)
        assert doc_list.rows[0].id.startswith("000")


async def test_help_lists_every_key_with_its_description(seeds: Path) -> None:
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        keys = {(k, d) for _, k, d in help_screen.rows}
        for expected in [
            ("j,down", "Next passage (5j: 5 on)"),
            ("q", "Quit"),
            ("[", "Back"),
            ("t", "Outline"),
        ]:
            assert expected in keys
        assert all(description for _, _, description in help_screen.rows)
        body = help_screen.query_one("#help-body")
        assert body.max_scroll_y > 0  # longer than the screen: the paging keys must move it
        await pilot.press("space")
        await pilot.pause()
        assert body.scroll_y > 0
        await pilot.press("G")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert body.scroll_y == 0
        # Keys that arrive between two refreshes each move it (in tmux, 10 quick `j`s moved it
        # 3 lines: each scroll was deferred to after the refresh, from the same target).
        assert body.max_scroll_y >= 6
        for _ in range(5):  # as a burst of keys is handled: no refresh between them
            help_screen.action_scroll_down()
        await pilot.pause()
        assert body.scroll_y == 5
        help_screen.action_scroll_up()
        help_screen.action_scroll_up()
        await pilot.pause()
        assert body.scroll_y == 3
        help_screen.action_page_down()
        help_screen.action_page_down()
        await pilot.pause()
        page = body.scrollable_content_region.height
        assert body.scroll_y == min(body.max_scroll_y, 3 + 2 * page)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_outline_jumps_to_a_heading(seeds: Path) -> None:
    app = make_app([str(seeds / "002_ae5626166ea06b75.txt")])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        reader = app.screen.query_one(Reader)
        await pilot.press("t")
        await pilot.press("down", "enter")
        assert reader.document is not None
        heading = reader.document.passages[reader.cursor - 1]
        assert heading.is_heading and reader.cursor > 1


async def test_hostile_text_is_shown_literally(tmp_path: Path) -> None:
    write_corpus(
        tmp_path,
        {
            "evil.txt": "Evil [bold]Title[/]\n\n"
            "A [link=http://x]click[/link] \x1b[31mred\x1b[0m end."
        },
    )
    app = make_app([str(tmp_path)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        reader = app.screen.query_one(Reader)
        lines = ["".join(seg.text for seg in reader.render_line(y)) for y in range(12)]
        screen_text = "\n".join(lines)
        assert "Evil [bold]Title[/]" in screen_text
        assert "[link=http://x]click[/link]" in screen_text
        assert "^[[31mred" in screen_text and "\x1b" not in screen_text


async def test_raw_view_toggle_shows_boilerplate(seeds: Path) -> None:
    app = make_app([str(seeds / "003_6a95722672624bc6.txt")])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        reader = screen.query_one(Reader)
        assert all("Adblock" not in p.text for p in reader.document.passages)  # type: ignore[union-attr]
        await pilot.press("v")
        await settle(app, pilot)
        assert reader.banner == "raw text (v: back to the reading view)"
        assert any(p.text == "Adblock Detected" for p in reader.document.passages)  # type: ignore[union-attr]
        await pilot.press("v")
        assert reader.banner is None


async def test_narrow_terminal_takes_turns_and_survives_resizes(seeds: Path) -> None:
    app = make_app([str(seeds)])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.narrow
        doc_list = screen.query_one(DocumentList)
        reader = screen.query_one(Reader)
        await pilot.press("enter")
        assert reader.has_focus and reader.region.width == 80
        await pilot.press("tab")
        assert doc_list.has_focus and doc_list.region.width == 80
        for size in [(40, 10), (200, 60), (20, 5), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.press("tab", "j", "space", "G")
        assert reader.cursor == reader.total


async def test_narrow_find_and_next_match_show_the_reader(seeds: Path) -> None:
    """At 80x24 the list and the reader take turns: finding from the list shows the reader,
    where the matches are; a corpus of one document opens in the reader."""
    app = make_app([str(seeds)])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.pane == "list"
        reader = screen.query_one(Reader)
        await pilot.press("slash", *"nato", "enter")
        assert screen.pane != "list" and reader.has_focus
        assert reader.region.width == 80
        await pilot.press("tab")  # back to the list
        assert screen.pane == "list"
        await pilot.press("n")
        assert screen.pane != "list" and reader.region.width == 80
    app = make_app([str(seeds / "002_ae5626166ea06b75.txt")])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen) and app.screen.pane != "list"
        assert isinstance(app.focused, Reader) and app.focused.region.width == 80


async def test_skipped_files_are_listed(tmp_path: Path) -> None:
    write_corpus(tmp_path, {"ok.txt": "Ok\n\nText.", "empty.txt": ""})
    app = make_app([str(tmp_path)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("exclamation_mark")
        from tui.dialogs.pick_list import PickList

        picker = app.screen
        assert isinstance(picker, PickList)
        assert picker.rows[0][0].endswith("empty.txt — empty file")


async def test_large_corpus_list_is_virtual(tmp_path: Path) -> None:
    for i in range(3000):
        (tmp_path / f"{i:05}.txt").write_text(f"Title {i}\n\nBody {i}.")
    app = make_app([str(tmp_path)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        doc_list = app.screen.query_one(DocumentList)
        assert len(doc_list.rows) == 3000
        await pilot.press("G")
        assert doc_list.cursor == 2999
        assert doc_list.scroll_y > 2900


async def test_every_key_is_in_the_command_palette(seeds: Path) -> None:
    from tui.app import ActionsProvider, DossierApp

    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        provider = ActionsProvider(app.screen, None)
        descriptions = {hit.text async for hit in provider.discover()}
        for binding in [*MainScreen.BINDINGS, *Reader.BINDINGS, *DossierApp.BINDINGS]:
            if getattr(binding, "action", "") == "open_palette":
                continue  # the palette itself: opened by its keys, not listed in itself
            if getattr(binding, "description", ""):
                assert binding.description in descriptions  # type: ignore[union-attr]
        hits = [hit async for hit in provider.search("outline")]
        assert hits
        await hits[0].command()
        await pilot.pause()
        from tui.dialogs.pick_list import PickList

        assert isinstance(app.screen, PickList)


async def test_colon_opens_the_command_palette_without_a_ctrl_key(seeds: Path) -> None:
    from textual.command import CommandPalette

    app = make_app([str(seeds)])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for key in ("colon", "ctrl+p"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette)
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("f", "colon")  # in the filter input, ":" is text
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one("#filter", Input).value == ":"


async def test_find_in_document_walks_matches_and_wraps(seeds: Path) -> None:
    """What the reader sees: the status line's "k/N", the cursor on each match in turn."""
    from tui.widgets.status_line import StatusLine

    app = make_app([str(seeds / "002_ae5626166ea06b75.txt")])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        reader = app.screen.query_one(Reader)
        status = app.screen.query_one(StatusLine)
        await pilot.press("slash", *"belarus")
        assert status.parts["find"] == "find 'belarus' 1/1"
        await pilot.press("ctrl+u", *"nato", "enter")
        assert reader.has_focus
        doc = reader.document
        assert doc is not None
        found = [p.number for p in doc.passages for _ in range(p.text.lower().count("nato"))]
        assert len(found) > 3
        label, _, counter = status.parts["find"].rpartition(" ")
        position, total = (int(n) for n in counter.split("/"))
        assert label == "find 'nato'" and total == len(found)
        assert reader.cursor == found[position - 1]
        order = found[position - 1 :] + found[: position - 1]
        passages = [reader.cursor]
        for _ in range(total):
            await pilot.press("n")
            passages.append(reader.cursor)
        assert passages == [*order, order[0]]
        assert status.parts["find"] == f"find 'nato' {position}/{total}"  # wrapped around
        await pilot.press("N")
        assert status.parts["find"] == f"find 'nato' {(position - 2) % total + 1}/{total}"
        assert f"{(position - 2) % total + 1}/{total}" in str(status.render())
        # Capitals make it case-sensitive.
        await pilot.press("slash", "ctrl+u", *"Nato")
        assert status.parts["find"] == "find 'Nato': no match"
        assert reader.highlights == {}


async def test_copy_puts_the_passage_and_its_citation_on_the_clipboard(seeds: Path) -> None:
    app = make_app([str(seeds / "000_4a9b25a20419bc64.txt")])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "j", "y")  # one document: the reader has focus
        copied = app.clipboard
        assert copied.startswith("“The recent upheaval in Kosovo")
        assert copied.endswith("(2024-02-19), 000_4a9b25a20419bc64.txt#3")


async def test_starting_a_worker_never_describes_its_work_on_the_event_loop(seeds: Path) -> None:
    """Textual describes an unnamed worker by repr(work): with the corpus bound into the work,
    that cost ~0.7 s of frozen UI per corpus load on bbc-news. The screen's workers are named."""

    class Work:
        ran = False

        def __call__(self) -> None:
            Work.ran = True

        def __repr__(self) -> str:
            raise AssertionError("the work was described by its repr")

    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
        app.screen.in_thread("probe", Work())
        await settle(app, pilot)
        assert Work.ran


async def test_a_corpus_in_folders_is_listed_in_groups_that_fold(tmp_path: Path) -> None:
    """bbc-news has five folders: the list shows a row per folder, enter or z folds it."""
    from tui.widgets.document_list import FolderRow

    root = write_corpus(
        tmp_path / "c",
        {
            "sport/a.txt": "Alpha\n\nText.",
            "sport/b.txt": "Beta\n\nText.",
            "tech/c.txt": "Gamma\n\nText.",
        },
    )
    app = make_app([str(root)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        doc_list = app.screen.query_one(DocumentList)
        doc_list.focus()
        lines = doc_list._lines
        assert ["FolderRow" if isinstance(x, FolderRow) else "Document" for x in lines] == [
            "FolderRow", "Document", "Document", "FolderRow", "Document"
        ]  # fmt: skip
        assert lines[0] == FolderRow("sport", 2, False)
        await pilot.press("g", "enter")  # on the folder's row: fold it
        assert doc_list._lines[0] == FolderRow("sport", 2, True) and len(doc_list._lines) == 3
        assert len(doc_list.rows) == 3  # still listed, only folded
        await pilot.press("j", "j", "z")  # from a document of tech: tech folds
        assert len(doc_list._lines) == 2 and doc_list.cursor == 1
        await pilot.press("z")
        assert len(doc_list._lines) == 3
        app.screen.open_document("sport/b.txt", None)  # type: ignore[attr-defined]
        await pilot.pause()
        assert doc_list.highlighted is not None and doc_list.highlighted.id == "sport/b.txt"


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 40)])
async def test_layout_classes_are_set_before_the_first_frame(
    seeds: Path, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The screen's layout classes for the terminal's width are in place before it is styled:
    no restyle of the whole screen for them one by one after mounting (each cost ~20 ms of the
    first frame at 80×24)."""
    from textual.app import App

    restyled: list[str] = []
    real_update_styles = App.update_styles

    def update_styles(self: App[object], node: Any, animate: bool = True) -> None:
        if isinstance(node, MainScreen):
            restyled.append(" ".join(sorted(node.classes)))
        real_update_styles(self, node, animate)

    monkeypatch.setattr(App, "update_styles", update_styles)
    app = make_app([str(seeds)])
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        screen = app.main_screen
        assert screen is not None
        assert screen.has_class("-narrow") == (size[0] < 100)
        assert screen.has_class("-wide") == (size[0] >= 140)
        # Textual restyles the screen itself (resume, focus): each time with its final layout.
        final = " ".join(sorted(screen.classes))
        assert all(classes == final for classes in restyled), restyled


async def test_the_palette_s_keys_command_opens_the_help_and_esc_closes_it(seeds: Path) -> None:
    """Textual's "Keys" opened a panel beside the screen that esc did not close: it is this
    app's help now."""
    app = make_app([str(seeds)])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        main = app.screen
        (keys,) = [c for c in app.get_system_commands(main) if c.title == "Keys"]
        keys.callback()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and not main.query("HelpPanel")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is main
