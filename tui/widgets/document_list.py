"""A virtual document list: renders only the rows on screen, so 100k rows cost nothing to mount.

A corpus in several folders (bbc-news: business, entertainment, …) is listed folder by folder
under a row per folder, which folds and unfolds (newsboat's habit)."""

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
from tui.core.text import one_line
from tui.widgets.textfit import fit, marking_style


@dataclass(frozen=True, slots=True)
class FolderRow:
    """The row above a folder's documents: its name, how many, folded or not."""

    folder: str
    count: int
    folded: bool


def folder_of(doc: Document) -> str:
    return doc.id.rpartition("/")[0]


def grouped(docs: list[Document], folded: set[str]) -> list[Document | FolderRow]:
    """`docs` under a row per folder (folders by name, documents in the order given); a corpus
    in one folder is listed as it is."""
    groups: dict[str, list[Document]] = {}
    for doc in docs:
        groups.setdefault(folder_of(doc), []).append(doc)
    if len(groups) <= 1:
        return list(docs)
    lines: list[Document | FolderRow] = []
    for folder in sorted(groups):
        members = groups[folder]
        lines.append(FolderRow(folder or ".", len(members), folder in folded))
        if folder not in folded:
            lines.extend(members)
    return lines


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

    @dataclass
    class Selected(Message):
        doc_id: str

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._rows: list[Document] = []  # the documents listed, in order
        self._lines: list[Document | FolderRow] = []  # what is on screen: folders and documents
        self.folded: set[str] = set()
        self.progress: dict[str, float] = {}  # doc id -> percent read (0..100)
        self.current_id: str | None = None  # the document open in the reader

    @property
    def rows(self) -> list[Document]:
        return self._rows

    def set_rows(self, rows: list[Document], keep: str | None = None) -> None:
        """Replace the rows, keeping the cursor on `keep` (a doc id) when it is still listed."""
        self._rows = rows
        self._relayout()
        index = 0
        if keep is not None:
            index = next((i for i, d in enumerate(self._lines) if _is(d, keep)), 0)
        self.cursor = index
        self.refresh()

    def _relayout(self) -> None:
        self._lines = grouped(self._rows, self.folded)
        self.virtual_size = Size(self.size.width, len(self._lines))

    def move_to(self, doc_id: str) -> None:
        """Put the cursor on `doc_id` if it is listed (its folder unfolded)."""
        doc = next((d for d in self._rows if d.id == doc_id), None)
        if doc is None:
            return
        if folder_of(doc) in self.folded:
            self.folded.discard(folder_of(doc))
            self._relayout()
        for i, line in enumerate(self._lines):
            if _is(line, doc_id):
                self.set_reactive(DocumentList.cursor, i)
                self._scroll_cursor_visible()
                self.refresh()
                return

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
            return line if isinstance(line, Document) else None
        return None

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._lines) - 1)) if self._lines else 0

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
        self.virtual_size = Size(self.size.width, len(self._lines))

    def _cstyle(self, name: str) -> Style:
        return marking_style(self.get_component_rich_style(name), name)

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._lines):
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
        self.cursor = len(self._lines) - 1

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
        if not any(isinstance(other, FolderRow) for other in self._lines):
            return  # one folder: nothing to fold
        self.folded ^= {key}
        self._relayout()
        shown = "." if key == "" else key
        self.cursor = next(
            i for i, d in enumerate(self._lines) if isinstance(d, FolderRow) and d.folder == shown
        )
        self.refresh()


def _is(line: Document | FolderRow, doc_id: str) -> bool:
    return isinstance(line, Document) and line.id == doc_id
