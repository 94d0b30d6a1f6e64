"""A virtual document list: renders only the rows on screen, so 100k rows cost nothing to mount.

A corpus in several folders (bbc-news: business, entertainment, …) is listed folder by folder
under a row per folder, which folds and unfolds (newsboat's habit)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.events import Key
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.text import one_line
from tui.messages import message
from tui.widgets.paging import CountPrefix
from tui.widgets.textfit import PaintStyle, fit, marking_style

if TYPE_CHECKING:
    from tui.core.models import Document


@dataclass(frozen=True, slots=True)
class FolderRow:
    """The row above a folder's documents: its name, how many, folded or not."""

    folder: str
    count: int
    folded: bool


def folder_of(doc: Document) -> str:
    return doc.id.rpartition("/")[0]


def group_rows(docs: list[Document]) -> tuple[list[Document], list[tuple[str, int]]]:
    """`docs` folder by folder (folders by name, documents in the order given), and each
    folder's name and count."""
    groups: dict[str, list[Document]] = {}
    for doc in docs:
        groups.setdefault(folder_of(doc), []).append(doc)
    if len(groups) <= 1:
        return docs, [(folder, len(members)) for folder, members in groups.items()]
    rows: list[Document] = []
    for folder in sorted(groups):
        rows += groups[folder]
    return rows, [(folder, len(groups[folder])) for folder in sorted(groups)]


class DocumentList(ScrollView, can_focus=True):
    """Rows of documents (title, date, words); the screen decides which rows and their order."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Next document", show=False, id="list.down"),
        Binding("k,up", "cursor_up", "Previous document", show=False, id="list.up"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup,u", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("g,home", "first", "First document", show=False, id="list.first"),
        Binding("G,end", "last", "Last document", show=False, id="list.last"),
        Binding("enter", "select", "Open document", id="list.open"),
        Binding(
            "z",
            "fold",
            "Fold / unfold the folder (enter on its row too)",
            show=False,
            id="list.fold",
        ),
    ]

    COMPONENT_CLASSES = {
        "document-list--cursor",
        "document-list--date",
        "document-list--dim",
        "document-list--current",
        "document-list--folder",
    }

    cursor: reactive[int] = reactive(0, always_update=True)

    @message
    class Selected(Message):
        doc_id: str

    @message
    class Painted(Message):
        """The list reached the terminal: first empty, then after each `set_rows`. What waits
        on it (the loader, what a shown list starts) would only delay the paint if started
        sooner; a screen's refresh callbacks can run before this widget's paint."""

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._rows: list[Document] = []  # the documents listed, folder by folder, in order
        self._folders: list[tuple[str, int]] = []  # each folder's name and count, in order
        self._lines: Sequence[Document | FolderRow] = []  # what is on screen: folders, documents
        self._row_of: dict[str, int] | None = None  # row by doc id, made when first asked
        self.folded: set[str] = set()
        self.progress: dict[str, float] = {}  # doc id -> percent read (0..100)
        self.current_id: str | None = None  # the document open in the reader
        # How often the user has moved the cursor (keys, mouse): rows computed before the
        # last move keep it, and a document opened for them at start leaves it be.
        self.user_moves = 0
        self._announce_paint = True  # post Painted at the next render
        self._paint_style = PaintStyle(self)
        self.counts = CountPrefix()  # digits typed before j/k: `5j` moves five rows
        self.empty_text = ""  # shown when the rows set are none (a filter matched nothing)

    @property
    def rows(self) -> list[Document]:
        return self._rows

    def set_rows(
        self,
        rows: list[Document],
        keep: str | None = None,
        folders: list[tuple[str, int]] | None = None,
        keep_at: int | None = None,
    ) -> None:
        """Replace the rows, keeping the cursor on `keep` (a doc id) when it is still listed.

        `folders`: the rows are already folder by folder, these are each folder's name and
        count (the list's worker gives them: nothing here then looks at each row, at 100k a
        fifth of a second); `keep_at`: the row of `keep`, when known."""
        if folders is None:
            rows, folders = group_rows(rows)
        self._rows, self._folders, self._row_of = rows, folders, None
        self._relayout()
        index = 0
        if keep is not None:
            if keep_at is None or not 0 <= keep_at < len(rows) or rows[keep_at].id != keep:
                keep_at = self._row_index(keep)
            line = self._line_of(keep_at) if keep_at is not None else None
            index = line if line is not None else 0
        self.cursor = index
        self._announce_paint = True
        self.refresh()

    def _relayout(self) -> None:
        """The lines from the rows: a row per folder above its documents (unless folded)."""
        if len(self._folders) <= 1:
            self._lines = self._rows
        else:
            lines: list[Document | FolderRow] = []
            start = 0
            for folder, count in self._folders:
                folded = folder in self.folded
                lines.append(FolderRow(folder or ".", count, folded))
                if not folded:
                    lines += self._rows[start : start + count]
                start += count
            self._lines = lines
        self.virtual_size = Size(self.size.width, len(self._lines))

    def _row_index(self, doc_id: str) -> int | None:
        if self._row_of is None:
            self._row_of = {doc.id: i for i, doc in enumerate(self._rows)}
        return self._row_of.get(doc_id)

    def _line_of(self, row: int) -> int | None:
        """The line of a row (None when its folder is folded)."""
        if len(self._folders) <= 1:
            return row
        line = start = 0
        for folder, count in self._folders:
            line += 1  # the folder's own row
            folded = folder in self.folded
            if row < start + count:
                return None if folded else line + row - start
            line += 0 if folded else count
            start += count
        return None

    def move_to(self, doc_id: str) -> None:
        """Put the cursor on `doc_id` if it is listed (its folder unfolded)."""
        row = self._row_index(doc_id)
        if row is None:
            return
        doc = self._rows[row]
        if folder_of(doc) in self.folded:
            self.folded.discard(folder_of(doc))
            self._relayout()
        line = self._line_of(row)
        if line is not None:
            self.set_reactive(DocumentList.cursor, line)
            self._scroll_cursor_visible()
            self.refresh()

    def refresh_row(self, doc_id: str) -> None:
        """Repaint the row of `doc_id` only, if it is on screen."""
        top = round(self.scroll_y)
        height = self.scrollable_content_region.height
        for y, line in enumerate(self._lines[top : top + height]):
            if _is(line, doc_id):
                self.refresh(Region(0, y, self.size.width, 1))
                return

    @property
    def highlighted(self) -> Document | None:
        """The document under the cursor (None on a folder's row)."""
        if 0 <= self.cursor < len(self._lines):
            line = self._lines[self.cursor]
            return None if isinstance(line, FolderRow) else line
        return None

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._lines) - 1)) if self._lines else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_cursor_visible()
        self.refresh()

    def _scroll_cursor_visible(self) -> None:
        # `force`: rows just set (after a filter that matched nothing) have no scrollbar yet
        # until the next layout, and Textual refuses to scroll a list without one.
        height = self.scrollable_content_region.height or 1
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, force=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, force=True)

    def on_resize(self) -> None:
        # An empty list has nothing to scroll: a new virtual size would only cost a layout
        # pass (a frame between the first one and the list's, at start).
        if self._lines:
            self.virtual_size = Size(self.size.width, len(self._lines))
            # Shorter (the key bar mounted under it after the first list), the cursor's row
            # at its foot would be out of sight.
            self.call_after_refresh(self._scroll_cursor_visible)

    def _cstyle(self, name: str) -> Style:
        return marking_style(self.get_component_rich_style(name), name)

    def render_lines(self, crop: Region) -> list[Strip]:
        with self._paint_style.painting():
            strips = super().render_lines(crop)
        if self._announce_paint:
            self._announce_paint = False
            self.post_message(self.Painted())
        return strips

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        base = self._paint_style.style
        if index >= len(self._lines):
            if index == 0 and self.empty_text:  # rows set, none to show: say why
                text = fit(f" {self.empty_text}", max(1, width))
                return Strip([Segment(text, base + self._cstyle("document-list--dim"))], width)
            return Strip([Segment(" " * width, base)], width)
        doc = self._lines[index]
        is_cursor = index == self.cursor
        style = base
        if is_cursor:
            style = base + self._cstyle("document-list--cursor")
        marker = "▌" if is_cursor else " "
        if isinstance(doc, FolderRow):
            sign = "▸" if doc.folded else "▾"
            label = fit(f"{sign} {one_line(doc.folder)}/  ({doc.count:,})", max(1, width - 1))
            folder = style + self._cstyle("document-list--folder")
            return Strip([Segment(marker, style), Segment(label, folder)], width)
        read = self.progress.get(doc.id)
        if read is None:
            state = "   ·"  # unread
        elif read >= 100:
            state = "   ✓"  # read to the end
        else:
            state = f"{read:3.0f}%"
        date = doc.date or ""
        date_width = 11 if width >= 40 else 0
        title_width = max(1, width - 7 - date_width)
        title_style = style
        if doc.id == self.current_id:
            title_style = style + self._cstyle("document-list--current")
        segments = [
            Segment(marker, style),
            Segment(state, style + self._cstyle("document-list--dim")),
            Segment("  ", style),
            Segment(fit(doc.title, title_width), title_style),
        ]
        if date_width:
            date_style = style + self._cstyle("document-list--date")
            segments.append(Segment(fit(date, date_width, right=True), date_style))
        return Strip(segments, width).adjust_cell_length(width, style)

    def on_click(self, event: object) -> None:
        y = getattr(event, "y", 0)
        index = round(self.scroll_y) + int(y)
        if 0 <= index < len(self._lines):
            if index == self.cursor:
                self.action_select()
            self._user_move(index)

    @property
    def moved_by_user(self) -> bool:
        """Whether the user has moved the cursor: a document opened for them at start (the
        last one read) then leaves the cursor where they put it."""
        return self.user_moves > 0

    def _user_move(self, to: int) -> None:
        self.user_moves += 1
        self.cursor = to

    def on_key(self, event: Key) -> None:
        if self.counts.key(event.character):  # a digit of a count (`5j`), as in the reader
            event.stop()

    def action_cursor_down(self) -> None:
        self._user_move(self.cursor + (self.counts.take() or 1))

    def action_cursor_up(self) -> None:
        self._user_move(self.cursor - (self.counts.take() or 1))

    def action_page_down(self) -> None:
        self._user_move(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self._user_move(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        self._user_move(0)

    def action_last(self) -> None:
        self._user_move(len(self._lines) - 1)

    def action_select(self) -> None:
        doc = self.highlighted
        if doc is not None:
            self.post_message(self.Selected(doc.id))
        else:
            self.action_fold()

    def action_fold(self) -> None:
        """Fold the cursor's folder (from any of its rows), or unfold it; the cursor goes to
        the folder's row."""
        if not 0 <= self.cursor < len(self._lines):
            return
        line = self._lines[self.cursor]
        folder = line.folder if isinstance(line, FolderRow) else folder_of(line)
        key = "" if folder == "." else folder
        if len(self._folders) <= 1:
            return  # one folder: nothing to fold
        self.folded ^= {key}
        self._relayout()
        at = 0  # the folder's row: past each folder before it and its rows shown
        for name, count in self._folders:
            if name == key:
                break
            at += 1 + (0 if name in self.folded else count)
        self.cursor = at
        self.refresh()


def _is(line: Document | FolderRow, doc_id: str) -> bool:
    return not isinstance(line, FolderRow) and line.id == doc_id
