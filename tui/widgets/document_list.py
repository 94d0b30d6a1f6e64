"""A virtual document list: renders only the rows on screen, so 100k rows cost nothing to mount."""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.models import Document
from tui.widgets.textfit import fit, marking_style


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
    ]

    COMPONENT_CLASSES = {
        "document-list--cursor",
        "document-list--date",
        "document-list--dim",
        "document-list--current",
    }

    cursor: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class Selected(Message):
        doc_id: str

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._rows: list[Document] = []
        self.progress: dict[str, float] = {}  # doc id -> percent read (0..100)
        self.current_id: str | None = None  # the document open in the reader

    @property
    def rows(self) -> list[Document]:
        return self._rows

    def set_rows(self, rows: list[Document], keep: str | None = None) -> None:
        """Replace the rows, keeping the cursor on `keep` (a doc id) when it is still listed."""
        self._rows = rows
        self.virtual_size = Size(self.size.width, len(rows))
        index = 0
        if keep is not None:
            for i, doc in enumerate(rows):
                if doc.id == keep:
                    index = i
                    break
        self.cursor = index
        self.refresh()

    def move_to(self, doc_id: str) -> None:
        """Put the cursor on `doc_id` if it is listed."""
        for i, doc in enumerate(self._rows):
            if doc.id == doc_id:
                self.set_reactive(DocumentList.cursor, i)
                self._scroll_cursor_visible()
                self.refresh()
                return

    def refresh_row(self, doc_id: str) -> None:
        """Repaint the row of `doc_id` only, if it is on screen."""
        top = round(self.scroll_y)
        height = self.scrollable_content_region.height
        for y, doc in enumerate(self._rows[top : top + height]):
            if doc.id == doc_id:
                self.refresh(Region(0, y, self.size.width, 1))
                return

    @property
    def highlighted(self) -> Document | None:
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor]
        return None

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._rows) - 1)) if self._rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_cursor_visible()
        self.refresh()

    def _scroll_cursor_visible(self) -> None:
        height = self.scrollable_content_region.height or 1
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._rows))

    def _cstyle(self, name: str) -> Style:
        return marking_style(self.get_component_rich_style(name), name)

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._rows):
            return Strip([Segment(" " * width, base)], width)
        doc = self._rows[index]
        is_cursor = index == self.cursor
        style = base
        if is_cursor:
            style = base + self._cstyle("document-list--cursor")
        marker = "▌" if is_cursor else " "
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
        if 0 <= index < len(self._rows):
            if index == self.cursor:
                self.action_select()
            self.cursor = index

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._rows) - 1

    def action_select(self) -> None:
        doc = self.highlighted
        if doc is not None:
            self.post_message(self.Selected(doc.id))
