"""All bookmarks, newest first, filterable; jump, delete (with undo) and annotate.

No I/O here: the screen is given re-anchored bookmarks and document titles (`set_bookmarks`),
posts an `Edited` message for each change the store must make (it bubbles to the app, which
hands it to the main screen) and dismisses with the `Jump` chosen, if any.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.filters import filter_bookmarks
from tui.core.models import plural
from tui.core.paths import styles_dir
from tui.core.store import Bookmark
from tui.core.text import one_line
from tui.dialogs.note_dialog import NoteDialog, NoteResult
from tui.messages import message
from tui.widgets.key_bar import KeyBar


@dataclass(frozen=True)
class Jump:
    """Open `doc` of corpus `root` at `passage` (what the screen dismisses with)."""

    root: str
    doc: str
    passage: int


@dataclass(frozen=True)
class BookmarkRemoved:
    """Delete this bookmark from the store (the screen keeps it for `u`)."""

    bookmark_id: int


@dataclass(frozen=True)
class BookmarkRestored:
    """Put this deleted bookmark back (undo)."""

    bookmark: Bookmark


@dataclass(frozen=True)
class NoteEdited:
    """Save a bookmark's new note and tags."""

    bookmark_id: int
    note: str
    tags: tuple[str, ...]


BookmarkEdit = BookmarkRemoved | BookmarkRestored | NoteEdited

_FIELD_MAX = 300  # characters of a title, note or tag list shown in a row


class BookmarksScreen(Screen[Jump | None]):
    """The bookmarks of every corpus; `enter` jumps, `d` deletes, `u` undoes, `a` annotates."""

    CSS_PATH = styles_dir() / "bookmarks.tcss"

    BINDINGS = [
        Binding("escape", "close", "Back", id="bookmarks.close"),
        Binding("slash", "focus_filter", "Filter", id="bookmarks.filter"),
        Binding("down", "focus_list", "To the list", show=False, id="bookmarks.to_list"),
        Binding("d,delete", "delete", "Delete", id="bookmarks.delete"),
        Binding("u", "undo", "Undo delete", id="bookmarks.undo"),
        Binding("a", "annotate", "Note", id="bookmarks.annotate"),
    ]

    @message
    class Edited(Message):
        """A change for the store to make (the screen shows it already)."""

        edit: BookmarkEdit

    def __init__(
        self,
        bookmarks: Sequence[Bookmark] | None,
        titles: Mapping[str, str] | None = None,
    ) -> None:
        """`titles` maps document ids to titles.
        `bookmarks` None opens the screen at once, loading, until `set_bookmarks` fills it
        (keys typed meanwhile, a filter say, are kept)."""
        super().__init__()
        self._loading = bookmarks is None
        self._error: str | None = None
        self._bookmarks = list(bookmarks or ())
        self._titles = dict(titles or {})
        self._shown: list[Bookmark] = []
        self._deleted: list[Bookmark] = []
        self._marked: int | None = None
        self._haystacks: dict[tuple[int, str], str] = {}

    def set_bookmarks(
        self, bookmarks: Sequence[Bookmark], titles: Mapping[str, str], error: str | None = None
    ) -> None:
        """The bookmarks, once loaded (or the error that kept them from loading)."""
        self._loading = False
        self._error = error
        self._bookmarks = list(bookmarks)
        self._titles = dict(titles)
        self._haystacks.clear()
        if self.is_mounted:
            self._refresh_list()

    # ---- building ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="bookmarks-header")
        yield Input(placeholder="/ filter by quote, note, tag or title", id="bookmarks-filter")
        yield OptionList(id="bookmarks-list")
        yield Static(id="bookmarks-empty")
        yield KeyBar()

    def on_mount(self) -> None:
        self._refresh_list()
        self.set_focus(self.query_one(OptionList))

    @property
    def shown(self) -> list[Bookmark]:
        """The bookmarks listed now, in order (for tests and the caller)."""
        return list(self._shown)

    def _title(self, b: Bookmark) -> str:
        return self._titles.get(b.doc, b.doc)

    def _prompt(self, b: Bookmark, current: bool = False) -> Text:
        # The cursor is drawn as a character too, so that it survives NO_COLOR.
        text = Text(no_wrap=False)
        text.append("▌" if current else " ", style="bold")
        if b.orphaned:
            text.append("○ ", style="bold")
            text.append("orphaned ", style="italic")
        else:
            text.append("● ", style="bold")
        # Names, quotes, notes and tags may come from an imported file: shown as text, one
        # line each, cut before neutralising so a huge note costs nothing.
        text.append(one_line(self._title(b)[:_FIELD_MAX]), style="bold")
        text.append(f"  {one_line(b.anchor[:_FIELD_MAX])}  {one_line(b.created[:10])}", style="dim")
        quote = " ".join(b.quote[: _FIELD_MAX * 2].split())
        quote = quote[:157] + "…" if len(quote) > 160 else quote
        text.append("\n   “" + one_line(quote) + "”")
        if b.note or b.tags:
            line = "\n   "
            if b.note:
                note = " ".join(b.note[: _FIELD_MAX * 2].split())
                line += "✎ " + one_line(note[:_FIELD_MAX] + ("…" if len(note) > _FIELD_MAX else ""))
            if b.tags:
                tags = " ".join(f"#{t}" for t in b.tags)
                line += ("  " if b.note else "") + one_line(tags[:_FIELD_MAX])
            text.append(line, style="italic")
        return text

    def _refresh_list(self, keep: int | None = None) -> None:
        query = self.query_one("#bookmarks-filter", Input).value
        self._shown = filter_bookmarks(self._bookmarks, query, self._titles, self._haystacks)
        options = self.query_one(OptionList)
        old = options.highlighted
        items: list[Option | None] = []
        for b in self._shown:
            items += [Option(self._prompt(b), id=str(b.id)), None]
        options.set_options(items[:-1])
        self._marked = None
        if self._shown:
            ids = [b.id for b in self._shown]
            if keep in ids:
                options.highlighted = ids.index(keep)
            else:
                options.highlighted = min(old or 0, len(self._shown) - 1)
            self._mark(options.highlighted)
        total = len(self._bookmarks)
        header = "Bookmarks · loading…" if self._loading else f"Bookmarks · {total}"
        if query.strip():
            matches = plural(len(self._shown), "match", "matches")
            header += f" · {matches} “{one_line(query.strip())}”"
        if self._deleted:
            header += " · u undoes the last delete"
        self.query_one("#bookmarks-header", Static).update(Text(header))
        empty = self.query_one("#bookmarks-empty", Static)
        if self._loading:
            empty.update(Text("Loading bookmarks…"))
        elif self._error:
            empty.update(Text(f"Bookmarks could not be read: {one_line(self._error)}"))
        elif not total:
            empty.update(Text("No bookmarks yet: press b on a passage to add one."))
        elif not self._shown:
            shown = one_line(query.strip())
            empty.update(Text(f"No bookmark matches “{shown}”. Press esc to clear."))
        list_had_focus = options.has_focus or self.focused is None
        empty.display = not self._shown
        options.display = bool(self._shown)
        if list_had_focus:
            # The list hidden (its last bookmark deleted): the screen keeps the keys, so `u`
            # undoes instead of landing in the filter; the list takes them back when it shows.
            self.set_focus(options if self._shown else None)
        self.refresh_bindings()

    def _mark(self, index: int | None) -> None:
        """Move the ▌ cursor mark to the option at `index`."""
        options = self.query_one(OptionList)
        for i, current in ((self._marked, False), (index, True)):
            if i is not None and 0 <= i < len(self._shown):
                options.replace_option_prompt_at_index(i, self._prompt(self._shown[i], current))
        self._marked = index

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index != self._marked:
            self._mark(event.option_index)

    def _current(self) -> Bookmark | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self._shown):
            return None
        return self._shown[index]

    # ---- events and actions --------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refresh_list()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.set_focus(self.query_one(OptionList))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        b = self._current()
        if b is not None:
            self.dismiss(Jump(b.root, b.doc, b.passage))

    def action_focus_list(self) -> None:
        self.set_focus(self.query_one(OptionList))

    def action_focus_filter(self) -> None:
        self.set_focus(self.query_one("#bookmarks-filter", Input))

    def action_close(self) -> None:
        filt = self.query_one("#bookmarks-filter", Input)
        if filt.has_focus and filt.value:
            filt.value = ""
            return
        if filt.has_focus:
            self.set_focus(self.query_one(OptionList))
            return
        self.dismiss()

    def action_delete(self) -> None:
        b = self._current()
        if b is None:
            return
        self._bookmarks = [x for x in self._bookmarks if x.id != b.id]
        self._deleted.append(b)
        self.post_message(self.Edited(BookmarkRemoved(b.id)))
        self._refresh_list()
        self.notify("Bookmark deleted: press u to undo.", timeout=4)

    def action_undo(self) -> None:
        if not self._deleted:
            self.notify("Nothing to undo.", timeout=2)
            return
        b = self._deleted.pop()
        self._bookmarks.append(b)
        self.post_message(self.Edited(BookmarkRestored(b)))
        self._refresh_list(keep=b.id)

    def action_annotate(self) -> None:
        b = self._current()
        if b is None:
            return

        def done(result: NoteResult | None) -> None:
            if result is None:
                return
            note, tags = result
            self._bookmarks = [
                replace(x, note=note, tags=tags) if x.id == b.id else x for x in self._bookmarks
            ]
            self.post_message(self.Edited(NoteEdited(b.id, note, tags)))
            self._refresh_list(keep=b.id)

        self.app.push_screen(NoteDialog(b.note, b.tags, b.quote), done)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("delete", "annotate"):
            return bool(self._shown)
        if action == "undo":
            return bool(self._deleted)
        return True
