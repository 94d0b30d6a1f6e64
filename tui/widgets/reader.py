"""The reader: a document's passages with numbers in a gutter and a passage cursor.

A pager over lazily wrapped passages: only the lines on screen are wrapped and drawn, so a
50 MB file opens as fast as a short one. Position is (item, line within item); item 0 is the
title block, item n is passage n.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.events import Key, MouseScrollDown, MouseScrollUp, Resize
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from tui.messages import message
from tui.widgets.marks import Marks
from tui.widgets.paging import CountPrefix, advance, lines_between, retreat
from tui.widgets.reader_text import (
    READER_COMPONENTS,
    Gutter,
    Highlight,
    passage_strip,
    title_block,
    wrap_passage,
)
from tui.widgets.textfit import PaintStyle, fit, marking_style

if TYPE_CHECKING:
    from tui.core.models import Document


class Reader(Widget, can_focus=True):
    """Shows one document; the screen sets what to show and what to highlight."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Next passage (5j: 5 on)", show=False, id="reader.down"),
        Binding("k,up", "cursor_up", "Previous passage (5k: 5 back)", show=False, id="reader.up"),
        Binding(
            "space,pagedown,ctrl+f", "page_down", "Page down", show=False, id="reader.page_down"
        ),
        Binding("u,pageup,ctrl+b", "page_up", "Page up", show=False, id="reader.page_up"),
        Binding("d,ctrl+d", "half_down", "Half a page down", show=False, id="reader.half_down"),
        Binding("ctrl+u", "half_up", "Half a page up", show=False, id="reader.half_up"),
        Binding("g,home", "top", "Top of document", show=False, id="reader.top"),
        Binding("G,end", "bottom", "Bottom (12G: to passage 12)", show=False, id="reader.bottom"),
        Binding("m", "set_mark", "Set a mark (m, then a letter)", show=False, id="reader.mark"),
        Binding(
            "apostrophe", "go_mark", "Go to a mark ('a; '' back)", show=False, id="reader.go_mark"
        ),
    ]

    COMPONENT_CLASSES = READER_COMPONENTS

    @message
    class Jumped(Message):
        """A jump (g, G, 12G, a mark) from one passage to another: `[` comes back."""

        doc_id: str
        start: int
        end: int

    @message
    class CursorMoved(Message):
        """The passage cursor is on another passage (or another document was shown)."""

        doc_id: str
        passage: int
        total: int

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.document: Document | None = None
        self.cursor = 1
        self.top_item = 0
        self.top_line = 0
        self.highlights: dict[int, list[Highlight]] = {}
        self.bookmarked: set[int] = set()
        self.banner: str | None = None  # e.g. "raw text" shown in the title block
        self.empty_text = "No document open. Pick one from the list (tab) or press o to find one."
        self.counts = CountPrefix()
        self.marks = Marks()
        self._wraps: dict[int, list[tuple[int, int]]] = {}
        self._wrap_width = -1
        self._frame: list[tuple[int, int]] | None = None
        self._frame_size = self.size
        self._paint_style = PaintStyle(self)

    # -- what the screen calls -------------------------------------------------------------

    def show(self, document: Document | None, passage: int | None = None) -> None:
        """Show `document` with the cursor on `passage` (default: the first)."""
        self.document = document
        self._wraps.clear()
        self.highlights = {}
        self.bookmarked = set()
        self.top_item, self.top_line = 0, 0
        self.cursor = 1
        self.marks.forget_previous()
        if document is not None and passage is not None and passage > 1:
            self.go_to(passage, align="top")
        else:
            self._changed(post=True)

    def go_to(self, passage: int, align: str = "near") -> None:
        """Put the cursor on `passage`; align "top" scrolls it to the top of the view."""
        if self.document is None:
            return
        total = len(self.document.passages)
        self.cursor = max(1, min(passage, total))
        if align == "top":
            self.top_item, self.top_line = self.cursor, 0
            self._clamp_end()
        else:
            self._ensure_cursor_visible()
        self._changed(post=True)

    def jump_to(self, passage: int, align: str = "near") -> None:
        """`go_to` as a jump: `''` and `[` come back to where it started."""
        if self.document is None:
            return
        start = self.cursor
        self.marks.jumped(start)
        self.post_message(self.Jumped(self.document.id, start, passage))
        self.go_to(passage, align)

    def set_highlights(self, highlights: dict[int, list[Highlight]]) -> None:
        self.highlights = highlights
        self._changed(post=False)

    def set_bookmarked(self, passages: set[int]) -> None:
        self.bookmarked = passages
        self._changed(post=False)

    @property
    def total(self) -> int:
        return len(self.document.passages) if self.document else 0

    def visible_passages(self) -> tuple[int, int]:
        frame = self._get_frame()
        items = [item for item, _ in frame if item > 0]
        return (min(items), max(items)) if items else (0, 0)

    # -- layout ----------------------------------------------------------------------------

    @property
    def _text_width(self) -> int:
        return max(10, self.size.width - self._gutter_width - 1)

    @property
    def _gutter_width(self) -> int:
        return len(str(max(1, self.total))) + 4

    def _wrap(self, item: int) -> list[tuple[int, int]]:
        width = self._text_width
        if width != self._wrap_width:
            self._wraps.clear()
            self._wrap_width = width
        lines = self._wraps.get(item)
        if lines is None:
            lines = self._compute_wrap(item, width)
            self._wraps[item] = lines
        return lines

    def _compute_wrap(self, item: int, width: int) -> list[tuple[int, int]]:
        if item == 0 or self.document is None:
            return []
        return wrap_passage(self.document.passages[item - 1], width)

    def _title_lines(self) -> list[Strip]:
        width = self.size.width
        base = self._paint_style.style
        if self.document is None:
            style = base + self._cstyle("reader--empty")
            return [Strip([Segment(fit(self.empty_text, width), style)])]
        return title_block(
            self.document,
            width,
            self.banner or "",
            title=base + self._cstyle("reader--title"),
            meta=base + self._cstyle("reader--meta"),
            rule=base + self._cstyle("reader--rule"),
        )

    def _item_height(self, item: int) -> int:
        if item == 0:
            return len(self._title_lines())
        return len(self._wrap(item)) + 1  # a blank line after every passage

    def _clamp_end(self) -> None:
        """Never leave blank screen below the last passage when there is text above."""
        height = max(1, self.size.height)
        last = self.total
        end = (last, max(0, self._item_height(last) - 1))
        earliest_top = retreat(self._item_height, *end, height - 1)
        if (self.top_item, self.top_line) > earliest_top:
            self.top_item, self.top_line = earliest_top

    def _ensure_cursor_visible(self) -> None:
        height = max(1, self.size.height)
        if (self.cursor, 0) < (self.top_item, self.top_line):
            self.top_item, self.top_line = self.cursor, 0
            return
        below = lines_between(
            self._item_height, (self.top_item, self.top_line), self.cursor, height + 1
        )
        if below > height:
            cursor_height = self._item_height(self.cursor)
            if cursor_height >= height:
                self.top_item, self.top_line = self.cursor, 0
            else:
                end = (self.cursor, cursor_height - 1)
                self.top_item, self.top_line = retreat(self._item_height, *end, height - 1)

    def _changed(self, post: bool) -> None:
        self._frame = None
        self.refresh()
        if post and self.document is not None:
            self.post_message(self.CursorMoved(self.document.id, self.cursor, self.total))

    def _get_frame(self) -> list[tuple[int, int]]:
        if self._frame_size != self.size:
            self._frame = None
            self._frame_size = self.size
        if self._frame is None:
            frame: list[tuple[int, int]] = []
            item, line = self.top_item, self.top_line
            height = self.size.height
            last = self.total
            while len(frame) < height:
                h = self._item_height(item)
                if line >= h:
                    if item >= last:
                        break
                    item, line = item + 1, 0
                    continue
                frame.append((item, line))
                line += 1
            self._frame = frame
        return self._frame

    # -- drawing ---------------------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        self._frame = None
        if self.document is not None:
            self._ensure_cursor_visible()
            self._clamp_end()

    def _cstyle(self, name: str) -> Style:
        return marking_style(self.get_component_rich_style(name), name)

    def render_lines(self, crop: Region) -> list[Strip]:
        with self._paint_style.painting():
            return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        frame = self._get_frame()
        base = self._paint_style.style
        if y >= len(frame):
            return Strip.blank(width, base)
        item, line = frame[y]
        if item == 0:
            title = self._title_lines()
            if line >= len(title):
                return Strip.blank(width, base)
            return title[line].adjust_cell_length(width, base)
        return self._passage_line(item, line, width)

    def _passage_line(self, item: int, line: int, width: int) -> Strip:
        assert self.document is not None
        passage = self.document.passages[item - 1]
        gutter = Gutter(
            self._gutter_width - 4, item == self.cursor, line == 0 and item in self.bookmarked
        )
        highlights = self.highlights.get(passage.number, ())
        wraps = self._wrap(item)
        return passage_strip(
            passage, line, wraps, gutter, highlights, width, self._paint_style.style, self._cstyle
        )

    # -- actions ---------------------------------------------------------------------------

    def on_key(self, event: Key) -> None:
        if self.marks.waiting:  # the letter after `m` or `'`: no other key's action
            event.stop()
            doc_id = self.document.id if self.document else None
            target = self.marks.follow(doc_id, event.character, self.cursor)
            if target is not None:
                self.jump_to(target)
        elif self.counts.key(event.character):  # a digit of a count (`12G`, `5j`)
            event.stop()

    def action_set_mark(self) -> None:
        self.marks.wait("m")

    def action_go_mark(self) -> None:
        self.marks.wait("'")

    def action_half_down(self) -> None:
        if self.document is not None:
            self._scroll_lines(max(1, self.size.height // 2))

    def action_half_up(self) -> None:
        if self.document is not None:
            self._scroll_lines(-max(1, self.size.height // 2))

    def action_cursor_down(self) -> None:
        if self.document is None:
            return
        count = self.counts.take()
        if count is not None:
            self._move_cursor(min(self.total, self.cursor + count))
            return
        height = max(1, self.size.height)
        # Inside a passage taller than what is left of the screen, scroll before moving on.
        below = lines_between(
            self._item_height, (self.top_item, self.top_line), self.cursor, height + 1
        )
        if below > height and self._item_height(self.cursor) > height // 2:
            self._scroll_lines(height // 2)
            return
        if self.cursor < self.total:
            self._move_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        if self.document is None:
            return
        count = self.counts.take()
        if count is not None:
            self._move_cursor(max(1, self.cursor - count))
            return
        if self.cursor > 1:
            if (self.top_item, self.top_line) > (self.cursor, 0):
                self._scroll_lines(-(max(1, self.size.height) // 2))
                return
            self._move_cursor(self.cursor - 1)
        elif (self.top_item, self.top_line) != (0, 0):
            self.top_item, self.top_line = 0, 0
            self._changed(post=False)

    def _move_cursor(self, passage: int) -> None:
        """Move the cursor; when the view does not scroll, repaint only the two passages'
        lines (over SSH a cursor move then costs a few lines, not a screen)."""
        old_cursor, old_top = self.cursor, (self.top_item, self.top_line)
        self.cursor = passage
        self._ensure_cursor_visible()
        if (self.top_item, self.top_line) != old_top or self.document is None:
            self._changed(post=True)
            return
        rows = [y for y, (item, _) in enumerate(self._get_frame()) if item in (old_cursor, passage)]
        # The cursor is drawn in the gutter only (marker and number; the bookmark column
        # after them keeps its look), so only those cells of those lines change.
        for y in rows:
            self.refresh(Region(0, y, self._gutter_width - 2, 1))
        self.post_message(self.CursorMoved(self.document.id, self.cursor, self.total))

    def _scroll_lines(self, n: int) -> None:
        if n > 0:
            self.top_item, self.top_line = advance(
                self._item_height, self.total, self.top_item, self.top_line, n
            )
            self._clamp_end()
        else:
            self.top_item, self.top_line = retreat(
                self._item_height, self.top_item, self.top_line, -n
            )
        self._frame = None
        self._cursor_into_view()
        self.refresh()

    def _cursor_into_view(self) -> None:
        """After scrolling, keep the cursor on a passage whose start is on screen."""
        frame = self._get_frame()
        starts = [item for item, line in frame if item > 0 and line == 0]
        visible = {item for item, _ in frame if item > 0}
        if not visible:
            return
        cursor = self.cursor
        if cursor not in visible or (cursor not in starts and starts):
            if (cursor, 0) < (self.top_item, self.top_line):
                cursor = starts[0] if starts else min(visible)
            elif cursor not in visible:
                # Below the screen (`u`): the last passage on it whole, not one of which only
                # the first line shows (what `b` or `y` would act on could not be read).
                rows = set(frame)
                whole = [i for i in starts if (i, self._item_height(i) - 1) in rows]
                cursor = (whole or starts)[-1] if starts else max(visible)
        if cursor != self.cursor:
            self.cursor = cursor
            self._frame = None
            if self.document is not None:
                self.post_message(self.CursorMoved(self.document.id, self.cursor, self.total))

    def action_page_down(self) -> None:
        if self.document is not None:
            self._scroll_lines(max(1, self.size.height - 2))

    def action_page_up(self) -> None:
        if self.document is not None:
            self._scroll_lines(-max(1, self.size.height - 2))

    def action_top(self) -> None:
        count = self.counts.take()
        if count is not None:
            self.jump_to(count)  # `12g`: passage 12, as `12G`
        elif self.document is not None:
            self.jump_to(1)
            self.top_item, self.top_line = 0, 0  # the title block too
            self._changed(post=False)

    def action_bottom(self) -> None:
        count = self.counts.take()
        if count is not None:
            self.jump_to(count)  # `12G`: passage 12, the citation key in the gutter
        elif self.document is not None:
            self.jump_to(self.total, align="top")

    def on_mouse_scroll_down(self, event: MouseScrollDown) -> None:
        event.stop()
        if self.document is not None:
            self._scroll_lines(3)

    def on_mouse_scroll_up(self, event: MouseScrollUp) -> None:
        event.stop()
        if self.document is not None:
            self._scroll_lines(-3)
