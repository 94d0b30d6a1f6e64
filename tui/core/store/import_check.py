"""Checking a bookmarks export before it is imported: types, bounds, one reason per entry.

An import file comes from outside (another machine, another person): every field is checked
for its type and size, and an entry that fails is rejected with a one-line reason while the
others are imported. Pure: text in, bookmarks and reasons out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from tui.core.store.bookmarks import QUOTE_MAX, TAGS_MAX, parse_tags
from tui.core.store.records import Bookmark

IMPORT_MAX_BYTES = 64 * 1024 * 1024  # a file larger than this is refused before it is read
ENTRIES_MAX = 100_000
NOTE_MAX = 10_000  # characters
TAG_MAX = 100  # characters per tag
NAME_MAX = 4096  # a root or document id, as a path
PASSAGE_MAX = 10_000_000
_STAMP_MAX = 40  # an ISO 8601 time stamp


@dataclass(frozen=True, slots=True)
class CheckedImport:
    """The entries that passed (`bookmarks`) and a line per entry that did not (`rejected`)."""

    bookmarks: list[Bookmark]
    rejected: list[str]


class _Rejected(ValueError):
    pass


def check_import(text: str) -> CheckedImport:
    """Read an export (or a bare list of bookmark objects). ValueError when the file as a
    whole is not one; otherwise every entry either becomes a Bookmark or a rejection."""
    try:
        data = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg}, line {exc.lineno})") from None
    except RecursionError:
        raise ValueError("not a bookmarks export (nested too deeply)") from None
    items = data.get("bookmarks") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ValueError("expected a Dossier bookmarks export (an object with 'bookmarks')")
    if len(items) > ENTRIES_MAX:
        raise ValueError(f"{len(items):,} bookmarks: at most {ENTRIES_MAX:,} in one import")
    out: list[Bookmark] = []
    rejected: list[str] = []
    for i, item in enumerate(items, 1):
        try:
            out.append(_bookmark(item))
        except _Rejected as exc:
            rejected.append(f"bookmark {i}: {exc}")
    return CheckedImport(out, rejected)


def _bookmark(item: Any) -> Bookmark:
    if not isinstance(item, dict):
        raise _Rejected("not an object")
    missing = [k for k in ("root", "doc", "passage", "quote") if item.get(k) is None]
    if missing:
        raise _Rejected(f"lacks {', '.join(missing)}")
    passage = item["passage"]
    if type(passage) is not int or not 1 <= passage <= PASSAGE_MAX:
        raise _Rejected(f"passage must be a whole number from 1 to {PASSAGE_MAX:,}")
    ident = item.get("id", 0)
    if ident is None:
        ident = 0
    if type(ident) is not int or not 0 <= ident < 2**63:
        raise _Rejected("id must be a whole number")
    tags = item.get("tags") or []
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise _Rejected("tags must be a list of strings")
    if len(tags) > TAGS_MAX or any(len(t) > TAG_MAX for t in tags):
        raise _Rejected(f"at most {TAGS_MAX} tags of {TAG_MAX} characters")
    quote = _text(item, "quote", QUOTE_MAX)
    return Bookmark(
        id=ident,
        root=_text(item, "root", NAME_MAX),
        doc=_text(item, "doc", NAME_MAX),
        passage=passage,
        quote=quote,
        text_hash=_text(item, "text_hash", 64),
        note=_text(item, "note", NOTE_MAX),
        tags=parse_tags(_checked_text(t, "tag") for t in tags),
        created=_text(item, "created", _STAMP_MAX),
        updated=_text(item, "updated", _STAMP_MAX) or _text(item, "created", _STAMP_MAX),
    )


def _text(item: dict[str, Any], key: str, limit: int) -> str:
    value = item.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _Rejected(f"{key} must be a string")
    if len(value) > limit:
        raise _Rejected(f"{key} is longer than {limit:,} characters")
    return _checked_text(value, key)


def _checked_text(value: str, key: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800" in the JSON)
        raise _Rejected(f"{key} holds an invalid character (a lone surrogate)") from None
    return value
