"""The bookmarks screen and the note dialog, driven with Pilot in a tiny host app."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, OptionList, Static

from tui.core.filters import filter_bookmarks
from tui.core.store import Bookmark
from tui.dialogs.note_dialog import NoteDialog
from tui.screens.bookmarks import (
    BookmarkRemoved,
    BookmarkRestored,
    BookmarksScreen,
    Jump,
    NoteEdited,
)


def mark(n: int, doc: str, quote: str, **kw: object) -> Bookmark:
    fields: dict[str, object] = {
        "id": n,
        "root": "/corpus",
        "doc": doc,
        "passage": n,
        "quote": quote,
        "created": f"2026-11-0{n}T10:00:00Z",
    }
    fields.update(kw)
    return Bookmark(**fields)  # type: ignore[arg-type]


MARKS = [
    mark(1, "a.txt", "NATO has indicated that it is sending forces on standby.", note="troops"),
    mark(2, "b.txt", "Talks in Geneva failed again this winter.", tags=("diplomacy",)),
    mark(3, "c.txt", "A passage that was deleted from its file.", orphaned=True),
]
TITLES = {"a.txt": "NATO Gets a Second Life", "b.txt": "Closing the Divide"}


class Host(App[None]):
    """Stands for the main screen: records the edits the bookmarks screen posts (they bubble
    to the app) and the jump it dismisses with."""

    def __init__(self) -> None:
        super().__init__()
        self.received: list[object] = []

    def compose(self) -> ComposeResult:
        yield Static("host")

    def on_bookmarks_screen_edited(self, message: BookmarksScreen.Edited) -> None:
        self.received.append(message.edit)

    def jumped(self, jump: Jump | None) -> None:
        if jump is not None:
            self.received.append(jump)


def header_of(screen: BookmarksScreen) -> str:
    return str(screen.query_one("#bookmarks-header", Static).content)


async def open_screen(app: Host, marks: list[Bookmark] = MARKS) -> BookmarksScreen:
    screen = BookmarksScreen(marks, TITLES)
    await app.push_screen(screen, app.jumped)
    return screen


async def test_lists_newest_first_with_orphans_marked() -> None:
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app)
        await pilot.pause()
        assert [b.id for b in screen.shown] == [3, 2, 1]
        options = screen.query_one(OptionList)
        first = str(options.get_option_at_index(0).prompt)
        # ▌ marks the cursor in the text itself, so it survives NO_COLOR.
        assert first.startswith("▌○ orphaned") and "A passage that was deleted" in first
        second = str(options.get_option_at_index(1).prompt)
        assert second.startswith(" ● Closing the Divide") and "#diplomacy" in second
        await pilot.press("down")
        await pilot.pause()
        assert str(options.get_option_at_index(0).prompt).startswith(" ○")
        assert str(options.get_option_at_index(1).prompt).startswith("▌●")


async def test_enter_jumps_and_dismisses() -> None:
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen is not screen
        assert app.received == [Jump("/corpus", "b.txt", 2)]


async def test_filter_by_note_tag_and_title() -> None:
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app)
        await pilot.press("slash", *"troops")
        await pilot.pause()
        assert [b.id for b in screen.shown] == [1]
        assert "1 match “troops”" in header_of(screen)
        # Typed letters went to the filter, not to the d/u/a bindings.
        assert screen.query_one(Input).value == "troops" and app.received == []
        screen.query_one(Input).value = "diplomcy"  # a typo still finds the tag
        await pilot.pause()
        assert [b.id for b in screen.shown] == [2]
        screen.query_one(Input).value = "second life"
        await pilot.pause()
        assert [b.id for b in screen.shown] == [1]
        screen.query_one(Input).value = "zzzz qqqq"
        await pilot.pause()
        assert screen.shown == [] and "No bookmark matches" in str(
            screen.query_one("#bookmarks-empty", Static).content
        )
        assert "0 matches “zzzz qqqq”" in header_of(screen)
        await pilot.press("escape")  # clears the filter
        await pilot.pause()
        assert len(screen.shown) == 3 and screen.query_one(Input).value == ""
        await pilot.press("enter", "enter")  # back to the list, then jump
        await pilot.pause()
        assert app.received == [Jump("/corpus", "c.txt", 3)]


async def test_delete_then_undo() -> None:
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app)
        await pilot.press("down", "d")
        await pilot.pause()
        assert [b.id for b in screen.shown] == [3, 1]
        assert app.received == [BookmarkRemoved(2)]
        await pilot.press("u")
        await pilot.pause()
        assert [b.id for b in screen.shown] == [3, 2, 1]
        assert app.received[-1] == BookmarkRestored(MARKS[1])
        assert screen.query_one(OptionList).highlighted == 1


async def test_undo_after_deleting_the_last_bookmark() -> None:
    """With the list emptied, `u` still undoes (it once went to the filter as text)."""
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, MARKS[:1])
        await pilot.press("d")
        await pilot.pause()
        assert screen.shown == []
        await pilot.press("u")
        await pilot.pause()
        assert screen.query_one("#bookmarks-filter", Input).value == ""
        assert [b.id for b in screen.shown] == [MARKS[0].id]
        assert app.received[-1] == BookmarkRestored(MARKS[0])
        assert screen.query_one(OptionList).has_focus


async def test_annotate_opens_the_dialog_and_posts_the_note() -> None:
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app)
        await pilot.press("down", "down", "a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        note = dialog.query_one("#note-text", Input)
        assert note.value == "troops" and note.has_focus
        note.value = "eastern flank"
        dialog.query_one("#note-tags", Input).value = "nato, #army, nato"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert app.received == [NoteEdited(1, "eastern flank", ("nato", "army"))]
        shown = {b.id: b for b in screen.shown}
        assert (shown[1].note, shown[1].tags) == ("eastern flank", ("nato", "army"))


async def test_note_dialog_escape_cancels_and_ctrl_s_saves() -> None:
    results: list[object] = []
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(NoteDialog("old", ("t",), quote="Some passage"), results.append)
        await pilot.pause()
        await pilot.press(*"er", "escape")
        await pilot.pause()
        app.push_screen(NoteDialog("old", ("t",)), results.append)
        await pilot.pause()
        await pilot.press("tab", *",u", "ctrl+s")
        await pilot.pause()
    assert results == [None, ("old", ("t", "u"))]


async def test_empty_list_says_how_to_add() -> None:
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, [])
        await pilot.press("d", "a", "enter")
        await pilot.pause()
        assert app.received == [] and app.screen is screen
        text = str(screen.query_one("#bookmarks-empty", Static).content)
        assert "press b on a passage" in text


def test_filter_ranks_best_match_first() -> None:
    marks = [
        mark(1, "a.txt", "Kosovo protests turned violent in the north."),
        mark(2, "b.txt", "Troops were sent to Kosovo after the protests."),
    ]
    assert [b.id for b in filter_bookmarks(marks, "", {})] == [2, 1]
    assert [b.id for b in filter_bookmarks(marks, "troops kosovo", {})] == [2]
    assert [b.id for b in filter_bookmarks(marks, "kosovo", {})] == [2, 1]
