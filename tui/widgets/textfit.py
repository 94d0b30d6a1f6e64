"""Fitting text into terminal cells (wide characters count double)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

if TYPE_CHECKING:
    from textual.widget import Widget


def fit(text: str, width: int, right: bool = False) -> str:
    """`text` cut with an ellipsis or padded to exactly `width` cells."""
    if width <= 0:
        return ""
    length = len(text) if text.isascii() else cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + "…"
    pad = " " * (width - length)
    return pad + text if right else text + pad


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of `text` to `width` cells, as (start, end) offsets into `text`.

    Offsets (not copies) let highlights and emphasis spans map onto wrapped lines.
    """
    if width <= 1:
        width = 1
    if not text:
        return [(0, 0)]
    ascii_text = text.isascii()
    lines: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while start < n:
        # Skip the spaces a wrap left at the start of a line.
        while start < n and text[start] == " " and lines:
            start += 1
        if start >= n:
            break
        if ascii_text:
            end = start + width
        else:
            end = start
            cells = 0
            while end < n:
                w = cell_len(text[end])
                if cells + w > width:
                    break
                cells += w
                end += 1
        if end >= n:
            lines.append((start, n))
            break
        cut = text.rfind(" ", start, end + 1)
        if cut <= start:
            cut = max(end, start + 1)  # a word longer than the line: hard break
            lines.append((start, cut))
            start = cut
        else:
            lines.append((start, cut))
            start = cut + 1
    return lines or [(0, 0)]


def marking_style(style: Style, name: str) -> Style:
    """A component style for a Line-API widget: only the classes that mark something (the
    cursor, matches, entity mentions) keep their background, so the rest lays over it."""
    if name.endswith(("cursor", "match", "entity")):
        return style
    return Style(
        color=style.color,
        bold=style.bold,
        italic=style.italic,
        underline=style.underline,
        reverse=style.reverse,
        strike=style.strike,
    )


def _neutral(style: Style | None) -> bool:
    """A style in which a space shows nothing but its background."""
    if style is None:
        return True
    return not (
        style.underline
        or style.underline2
        or style.strike
        or style.overline
        or style.reverse
        or style.frame
        or style.encircle
        or style.link
    )


def _same_ground(a: Style | None, b: Style | None) -> bool:
    """Spaces in `a` and in `b` look the same."""
    if a is None or b is None:
        return a is b
    return a.bgcolor == b.bgcolor and _neutral(a) and _neutral(b)


def compact_segments(segments: Iterable[Segment]) -> list[Segment]:
    """`segments` drawn the same with fewer style runs: blank runs take the style of a
    neighbour with the same background, then equal neighbours merge. Each run costs a style
    sequence on the wire, so over SSH this is most of what a repaint sends beyond the text."""
    out: list[Segment] = []
    for segment in segments:
        text, style, control = segment
        if control:
            out.append(segment)
            continue
        if not text:
            continue
        if out and not out[-1].control:
            ptext, pstyle, _ = out[-1]
            if style == pstyle or (not text.strip(" ") and _same_ground(style, pstyle)):
                out[-1] = Segment(ptext + text, pstyle)
                continue
            if not ptext.strip(" ") and _same_ground(pstyle, style):
                out[-1] = Segment(ptext + text, style)
                continue
        out.append(segment)
    return out


def line_strip(segments: Iterable[Segment], width: int, pad: Style) -> Strip:
    """One line of a Line-API widget: `segments` cut or padded (with `pad`) to `width`
    cells, in as few style runs as draw the same thing."""
    fitted = Strip(list(segments)).adjust_cell_length(width, pad)
    return Strip(compact_segments(fitted), width)


class PaintStyle:
    """A widget's `rich_style`, taken once a paint (`with paint_style.painting(): ...`) rather
    than once a line: it walks the styles of every ancestor, and asked for on each line it was
    most of a paint's cost (the list's first paint: ~14M instructions)."""

    def __init__(self, widget: Widget) -> None:
        self._widget = widget
        self._taken: Style | None = None

    @contextmanager
    def painting(self) -> Iterator[None]:
        self._taken = self._widget.rich_style
        try:
            yield
        finally:
            self._taken = None

    @property
    def style(self) -> Style:
        """The widget's style: the one taken for this paint, while a paint runs."""
        return self._widget.rich_style if self._taken is None else self._taken
