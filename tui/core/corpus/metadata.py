"""Metadata found in a document's text: date, byline and source lines, Markdown front matter."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.core.corpus.dates import full, parse_written_date
from tui.core.patterns import lazy_pattern

# Compiled when a line first has what they need (see `take_metadata`), or for front matter, a
# Markdown file: most files have no source URL, date or front matter on a line of its own.
_URL_LINE = lazy_pattern(
    r"^(?:source|originally published (?:at|on|in)|via|url)?\s*:?\s*<?(https?://\S+?)>?$", re.I
)
_DATE_MARKER = re.compile(
    r"^\s*(?:date|published|posted|updated)\s*[:\s]\s*(\d{4}-\d{2}-\d{2})(?:[T ][\d:]+Z?)?\s*",
    re.IGNORECASE,
)
_ISO_DATE_LINE = lazy_pattern(r"^(\d{4}-\d{2}-\d{2})(?:[T ][\d:]+Z?)?$")
_LONG_DATE = lazy_pattern(
    r"^(?:(?:published|posted|updated|date)\s*:?\s*)?(?:\w+day,?\s+)?"
    r"(?:(\d{1,2})\s+([a-z]+)\.?|([a-z]+)\.?\s+(\d{1,2}),?)(?:\s+(\d{4}))?"
    r"(?:,?\s+\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?$",
    re.IGNORECASE,
)
# The most words a line _ISO_DATE_LINE, _LONG_DATE or _URL_LINE matches can have ("Published:
# Monday, 12 March 2021, 10:00 am GMT" is 9).
SHORT_WORDS = 9
_BYLINE = re.compile(r"^(?:by|written by|author:?)\s+(.{2,80})$", re.IGNORECASE)
_FRONT_MATTER = lazy_pattern(r"^---\n(.*?)\n---\n", re.DOTALL)


@dataclass(slots=True)
class Metadata:
    """What the format parsers found about a document, filled in as they go."""

    title: str | None = None
    date: str | None = None
    partial_date: str | None = None  # see Document.partial_date
    byline: str | None = None
    source: str | None = None


def is_short(line: str) -> bool:
    """Whether `line` has at most SHORT_WORDS words. A prefix's split says "more" as the whole
    line's does (its words but the last are whole), without a copy of a paragraph's rest."""
    if len(line[:160].split(None, SHORT_WORDS)) > SHORT_WORDS:
        return False
    return len(line.split(None, SHORT_WORDS)) <= SHORT_WORDS


def take_metadata(para: str, meta: Metadata, position: int) -> str | None:
    """Pull metadata out of a paragraph near the top; return what remains (None: all taken)."""
    if position > 6:
        return para
    s = para.strip()
    # What a pattern needs before it is tried (most paragraphs are prose, and each try cost as
    # much as the rest of the paragraph's parse): its first letter, and for the patterns of a
    # whole line, at most SHORT_WORDS words, and a digit for a date, "://" for a URL (see
    # `test_metadata_gates_change_nothing`).
    first = s[:1].lower()
    short = is_short(s)
    m = _DATE_MARKER.match(s) if first in "dpu" else None
    if m and meta.date is None:
        meta.date = m.group(1)
        rest = s[m.end() :].strip()
        return rest or None
    m2 = _ISO_DATE_LINE().match(s) if short and first.isdecimal() else None
    if m2 and meta.date is None:
        meta.date = m2.group(1)
        return None
    m3 = _LONG_DATE().match(s) if short and any(c.isdecimal() for c in s) else None
    if m3 and meta.date is None:
        day, month = (m3.group(1), m3.group(2)) if m3.group(1) else (m3.group(4), m3.group(3))
        written = parse_written_date(f"{day} {month} {m3.group(5) or ''}")
        if written and full(written):
            meta.date = written
            return None
        if written and meta.partial_date is None:
            meta.partial_date = written  # the line stays: the reader shows only full dates
            return para
    m4 = _BYLINE.match(s) if first in "bwa" else None
    if m4 and meta.byline is None and len(s.split()) <= 10:
        meta.byline = m4.group(1).strip()
        return None
    m5 = _URL_LINE().match(s) if short and "://" in s else None
    if m5 and meta.source is None:
        meta.source = m5.group(1)
        return None
    return para


def read_front_matter(text: str, meta: Metadata) -> str:
    """Take a Markdown file's `---` front matter into `meta`; return the text after it."""
    fm = _FRONT_MATTER().match(text)
    if fm:
        for line in fm.group(1).splitlines():
            key, _, value = line.partition(":")
            key, value = key.strip().lower(), value.strip().strip("\"'")
            if key == "title" and value:
                meta.title = value
            elif key == "date" and value:
                m = re.match(r"\d{4}-\d{2}-\d{2}", value)
                meta.date = m.group() if m else None
            elif key in ("author", "byline") and value:
                meta.byline = value
            elif key in ("source", "url", "link") and value:
                meta.source = value
        text = text[fm.end() :]
    return text
