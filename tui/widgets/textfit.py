"""Fitting text into terminal cells (wide characters count double)."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.style import Style


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
