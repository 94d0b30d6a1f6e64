"""How the reader draws text: the title block, a passage's indent, emphasis and highlights.

Functions of a document and styles only (no widget state), so the reader keeps to paging and
the cursor.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.core.kinds import PassageKind
from tui.core.text import one_line, plural
from tui.widgets.textfit import fit, line_strip, wrap_offsets

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from tui.core.models import Document, Passage

# The reader's component classes (styled in app.tcss).
READER_COMPONENTS = {
    "reader--title",
    "reader--meta",
    "reader--rule",
    "reader--gutter",
    "reader--cursor",
    "reader--marker",
    "reader--heading",
    "reader--match",
    "reader--current-match",
    "reader--entity",
    "reader--bookmark",
    "reader--quote",
    "reader--empty",
}

Highlight = tuple[int, int, str]  # start, end, kind ("match", "current", "entity")

EMPHASIS = {
    "bold": Style(bold=True),
    "italic": Style(italic=True),
    "code": Style(reverse=True),
    "link": Style(underline=True),
    "strike": Style(strike=True),
}

# The component class that styles each kind of highlight.
HIGHLIGHT_CLASSES = {"current": "reader--current-match", "entity": "reader--entity"}


def passage_indent(passage: Passage) -> str:
    """What goes before a passage's first line: a bullet for list items, bars for quotes."""
    if passage.kind is PassageKind.LIST_ITEM:
        return "  " * (passage.level - 1) + "• "
    if passage.kind is PassageKind.QUOTE:
        return "│ " * passage.level
    return ""


def wrap_passage(passage: Passage, width: int) -> list[tuple[int, int]]:
    """A passage's lines as (start, end) offsets at `width` cells; code keeps its own lines."""
    if passage.kind is PassageKind.CODE:
        lines: list[tuple[int, int]] = []
        offset = 0
        for raw in passage.text.split("\n"):
            lines.append((offset, offset + min(len(raw), width)))
            offset += len(raw) + 1
        return lines
    return wrap_offsets(passage.text, max(5, width - len(passage_indent(passage))))


def title_block(
    doc: Document, width: int, banner: str, *, title: Style, meta: Style, rule: Style
) -> list[Strip]:
    """The title, the metadata line(s), the source and a rule, wrapped to `width`."""
    strips = []
    for start, end in wrap_offsets(doc.title, max(10, width - 2)):
        strips.append(Strip([Segment(" " + fit(doc.title[start:end], width - 1), title)]))
    parts = [one_line(doc.id)]  # a file name: shown as text, never obeyed by the terminal
    if doc.date:
        parts.append(doc.date)
    if doc.byline:
        parts.append(f"by {doc.byline}")
    counts = f"{plural(doc.words, 'word')} · {plural(len(doc.passages), 'passage')}"
    parts.append(f"{doc.reading_minutes} min · {counts}")
    if banner:
        parts.append(banner)
    meta_text = " · ".join(parts)
    for start, end in wrap_offsets(meta_text, max(10, width - 2)):
        strips.append(Strip([Segment(" " + fit(meta_text[start:end], width - 1), meta)]))
    if doc.source:
        strips.append(Strip([Segment(" " + fit(doc.source, width - 1), meta)]))
    strips.append(Strip([Segment("─" * width, rule)]))
    return strips


def styled_segments(
    passage: Passage,
    start: int,
    end: int,
    style: Style,
    highlights: Iterable[Highlight],
    component_style: Callable[[str], Style],
) -> list[Segment]:
    """The text [start, end) of a passage as segments, with emphasis and highlights."""
    text = passage.text
    marks: list[tuple[int, int, Style]] = []
    for span in passage.spans:
        if span.end > start and span.start < end and span.style in EMPHASIS:
            marks.append((span.start, span.end, EMPHASIS[span.style]))
    for hs, he, kind in highlights:
        if he > start and hs < end:
            name = HIGHLIGHT_CLASSES.get(kind, "reader--match")
            marks.append((hs, he, component_style(name)))
    if not marks:
        return [Segment(text[start:end], style)]
    cuts = {start, end}
    for ms, me, _ in marks:
        cuts.add(min(max(ms, start), end))
        cuts.add(min(max(me, start), end))
    segments = []
    for a, b in itertools.pairwise(sorted(cuts)):
        if a >= b:
            continue
        seg_style = style
        for ms, me, mstyle in marks:
            if ms <= a and me >= b:
                seg_style = seg_style + mstyle
        segments.append(Segment(text[a:b], seg_style))
    return segments


@dataclass(frozen=True, slots=True)
class Gutter:
    """What a passage line's gutter shows: the number's width, the cursor, a bookmark."""

    number_width: int
    cursor: bool
    bookmark: bool


def passage_strip(
    passage: Passage,
    line: int,
    wraps: list[tuple[int, int]],
    gutter: Gutter,
    highlights: Iterable[Highlight],
    width: int,
    base: Style,
    cstyle: Callable[[str], Style],
) -> Strip:
    """Line `line` of `passage` (wrapped at `wraps`; past them, the blank line after it)."""
    # The cursor lives in the gutter (marker, number): moving it repaints a few cells.
    cursor = base + cstyle("reader--cursor") if gutter.cursor else base
    style = base
    number_width = gutter.number_width
    number = str(passage.number).rjust(number_width) if line == 0 else " " * number_width
    # line_strip merges the runs that look alike (a plain gutter becomes one run).
    segments = [
        Segment("▌" if gutter.cursor else " ", cursor + cstyle("reader--marker")),
        Segment(number, cursor + cstyle("reader--gutter")),
        Segment(" ", cursor),
        Segment("●" if gutter.bookmark else " ", style + cstyle("reader--bookmark")),
        Segment(" ", style),
    ]
    if line >= len(wraps):  # the blank line after a passage
        return line_strip(segments, width, style)
    start, end = wraps[line]
    text_style = style
    if passage.kind is PassageKind.HEADING:
        text_style = style + cstyle("reader--heading")
    elif passage.kind is PassageKind.QUOTE:
        text_style = style + cstyle("reader--quote")
    indent = passage_indent(passage)
    if indent:
        segments.append(Segment(indent if line == 0 else " " * len(indent), text_style))
    segments.extend(styled_segments(passage, start, end, text_style, highlights, cstyle))
    return line_strip(segments, width, style)
