"""JSON Lines and JSON arrays of articles: one document per record, fields found by name.

The common export of news datasets and scrapers. A record is a JSON object; its title, date,
text, URL, author and id are looked up under the usual names (`title`/`headline`,
`date`/`published`, `text`/`body`/`content`, ...), which the config's `[fields]` table can
extend. A bad record (not JSON, not an object, no text, too large) is skipped with its line
number and the rest are read; a truncated JSON array keeps every record before the cut.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from html import unescape
from typing import Any

from tui.core.corpus.dates import full, parse_written_date
from tui.core.text import one_line

RECORD_MAX_CHARS = 8 * 1024 * 1024  # a record longer than this is skipped, not read
BAD_RECORDS_LISTED = 20  # past this many bad records in a file, one line counts the rest
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "heading", "name", "subject"),
    "date": (
        "date",
        "published",
        "published_at",
        "publishedat",
        "pubdate",
        "date_published",
        "datepublished",
        "publish_date",
        "created_at",
        "created",
        "timestamp",
        "time",
    ),
    "text": (
        "text",
        "body",
        "content",
        "article",
        "maintext",
        "full_text",
        "story",
        "article_text",
        "description",
        "summary",
    ),
    "url": ("url", "link", "source_url", "uri", "href", "permalink"),
    "author": ("author", "authors", "byline", "creator", "writer"),
    "id": ("id", "_id", "doc_id", "uuid", "guid", "article_id"),
}
_TAG = re.compile(r"<[^>]{0,500}>")
_BLOCK_END = re.compile(r"</(?:p|div|h[1-6]|li|blockquote)>|<br\s*/?>", re.I)
_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?$")


@dataclass(frozen=True)
class FieldMap:
    """For each role, the record keys tried in order (compared case-insensitively)."""

    names: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_FIELDS))

    @classmethod
    def with_overrides(cls, overrides: Mapping[str, list[str]]) -> FieldMap:
        """The defaults with the configured names for a role tried first."""
        names = dict(DEFAULT_FIELDS)
        for role, keys in overrides.items():
            if role in names:
                extra = tuple(k.lower() for k in keys)
                names[role] = extra + tuple(k for k in names[role] if k not in extra)
        return cls(names)


@dataclass(frozen=True, slots=True)
class Article:
    """What a record holds, by role: the text is never empty."""

    line: int  # 1-based: the record's line (JSON Lines) or place in the array (JSON)
    key: str  # the record's id field, else its line number or place, as text
    text: str
    title: str | None = None
    date: str | None = None
    partial_date: str | None = None
    url: str | None = None
    author: str | None = None
    raw: Any = None  # the decoded record, kept only when asked (the raw view)


@dataclass(frozen=True, slots=True)
class BadRecord:
    """A record that could not be read, with its line and why."""

    line: int
    reason: str


def read_records(
    text: str, fmt: str, fields: FieldMap, keep_raw: bool = False
) -> Iterator[Article | BadRecord]:
    """Every record of a `.jsonl` (fmt "jsonl") or `.json` file's text, in file order."""
    raw = _json_array_items(text) if fmt == "json" else _json_lines(text)
    keys: set[str] = set()
    for line, item in raw:
        if isinstance(item, BadRecord):
            yield item
            continue
        article = article_of(item, line, fields)
        if isinstance(article, Article):
            if article.key in keys:  # an id used twice: the line number keeps ids unique
                article = replace(article, key=f"{article.key}~{line}")
            keys.add(article.key)
            if keep_raw:
                article = replace(article, raw=item)
        yield article


def article_of(record: Any, line: int, fields: FieldMap) -> Article | BadRecord:
    """The article a decoded JSON value holds, or why it holds none."""
    if not isinstance(record, dict):
        return BadRecord(line, f"a JSON {_kind(record)}, not an object")
    lowered = {str(k).lower(): v for k, v in record.items()}

    def value(role: str) -> Any:
        for name in fields.names.get(role, ()):
            found = lowered.get(name)
            if found not in (None, "", []):
                return found
        return None

    text = _text_of(value("text"))
    if not text.strip():
        return BadRecord(line, "no text field (looked for " + ", ".join(fields.names["text"]) + ")")
    date, partial = _date_of(value("date"))
    record_id = _string_of(value("id"))
    key = one_line(record_id).replace("#", "-")[:120] if record_id else str(line)
    return Article(
        line=line,
        key=key,
        text=text,
        title=_one_line_of(value("title")),
        date=date,
        partial_date=partial,
        url=_one_line_of(value("url")),
        author=_one_line_of(value("author")),
    )


def _json_lines(text: str) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(text.split("\n"), start=1):
        s = line.strip()
        if not s:
            continue
        if len(s) > RECORD_MAX_CHARS:
            yield number, BadRecord(number, f"record too large ({len(s) // 1_000_000} MB)")
            continue
        try:
            yield number, json.loads(s)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield number, BadRecord(number, f"not valid JSON ({_why(exc)})")


def _json_array_items(text: str) -> Iterator[tuple[int, Any]]:
    """The items of a JSON array (or of the one list of objects inside a top-level object),
    decoded one at a time so a truncated file keeps every item before the cut."""
    decoder = json.JSONDecoder()
    start = _skip_space(text, 0)
    if text.startswith("{", start):
        try:
            whole = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield 1, BadRecord(1, f"not valid JSON ({_why(exc)})")
            return
        items = _article_list(whole)
        if items is None:
            yield 1, whole  # one article, or an object that is none (said by `article_of`)
        else:
            for i, item in enumerate(items, start=1):
                yield i, item  # positions, not lines: json.loads keeps no line numbers
        return
    if not text.startswith("[", start):
        yield 1, BadRecord(1, "not a JSON array or object")
        return
    pos = _skip_space(text, start + 1)
    if text.startswith("]", pos):
        return
    position = 0
    while pos < len(text):
        position += 1
        try:
            item, end = decoder.raw_decode(text, pos)
        except (json.JSONDecodeError, RecursionError) as exc:
            line = text.count("\n", 0, pos) + 1
            yield line, BadRecord(line, f"not valid JSON ({_why(exc)}); the rest is not read")
            return
        yield position, item  # an item is known by its place in the array, not its line
        pos = _skip_space(text, end)
        if text.startswith(",", pos):
            pos = _skip_space(text, pos + 1)
        elif text.startswith("]", pos):
            return
        else:
            line = text.count("\n", 0, pos) + 1
            yield line, BadRecord(line, "the JSON array is cut off here; the rest is not read")
            return


def _article_list(whole: Any) -> list[Any] | None:
    """The list of articles inside a top-level object ({"articles": [...]}), if it has one."""
    if not isinstance(whole, dict):
        return None
    lists = [v for v in whole.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
    return lists[0] if len(lists) == 1 else None


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _why(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg}, column {exc.colno}"
    return "nested too deeply"


def _kind(value: Any) -> str:
    return {list: "list", str: "string", bool: "true/false", type(None): "null"}.get(
        type(value), "number"
    )


def _string_of(value: Any) -> str | None:
    """A field as one string: lists joined ("A, B"), objects by their name, numbers as text."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        parts = [s for s in (_string_of(v) for v in value) if s]
        return ", ".join(parts) or None
    if isinstance(value, dict):
        return _string_of(value.get("name") or value.get("title") or value.get("value"))
    return None


def _one_line_of(value: Any) -> str | None:
    """A field shown on one line (an author, a URL): escape sequences made visible."""
    text = _string_of(value)
    return one_line(text)[:300] if text else None


def _text_of(value: Any) -> str:
    """The body: a string (HTML tags taken out when it is markup) or a list of paragraphs."""
    if isinstance(value, list):
        return "\n\n".join(t for t in (_text_of(v) for v in value) if t.strip())
    text = _string_of(value) or ""
    if "<" in text and _TAG.search(text):
        text = _TAG.sub("", _BLOCK_END.sub("\n\n", text))
        text = unescape(text)
    return text


def _date_of(value: Any) -> tuple[str | None, str | None]:
    """(full ISO date, partial date) from an ISO string, written date or Unix time."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value  # milliseconds in many exports
        try:
            return datetime.fromtimestamp(seconds, UTC).date().isoformat(), None
        except (OverflowError, OSError, ValueError):
            return None, None
    text = _string_of(value)
    if not text:
        return None, None
    iso = _ISO.match(text)
    if iso:
        return iso.group(1), None
    written = parse_written_date(text)
    if written is None:
        try:
            written = datetime.strptime(text[:31], "%a, %d %b %Y %H:%M:%S %z").date().isoformat()
        except ValueError:  # RSS's pubDate, "Sun, 17 Jul 2022 10:00:00 +0000"
            return None, None
    return (written, None) if full(written) else (None, written)
