"""Ordering and narrowing the document list (pure, fast enough for 100k rows)."""

from __future__ import annotations

from collections.abc import Sequence

from tui.core.models import Document
from tui.core.text import fold

SORT_KEYS = ("title", "date", "length")
_SORT_IGNORED = "'\"‘’“”«»([{¿¡-–—…*# "  # leading punctuation does not decide title order


def sort_documents(docs: Sequence[Document], key: str) -> list[Document]:
    """Sort by title (A→Z), date (newest first, undated last) or length (longest first)."""
    if key == "date":
        dated = sorted(
            (d for d in docs if d.date), key=lambda d: (d.date or "", d.id), reverse=True
        )
        return dated + sorted((d for d in docs if not d.date), key=lambda d: d.id)
    if key == "length":
        return sorted(docs, key=lambda d: (-d.words, d.id))
    return sorted(docs, key=lambda d: (fold(d.title).lstrip(_SORT_IGNORED), d.id))


def filter_documents(docs: Sequence[Document], text: str) -> list[Document]:
    """Documents whose title, id, date, byline or source contain every word of `text`."""
    words = fold(text).split()
    if not words:
        return list(docs)
    out = []
    for doc in docs:
        hay = fold(f"{doc.title} {doc.id} {doc.date or ''} {doc.byline or ''} {doc.source or ''}")
        if all(w in hay for w in words):
            out.append(doc)
    return out


def next_sort_key(key: str, has_dates: bool = True) -> str:
    """The sort after `key`; sorting by date is skipped when no document has a date."""
    following = (
        SORT_KEYS[(SORT_KEYS.index(key) + 1) % len(SORT_KEYS)] if key in SORT_KEYS else "title"
    )
    if following == "date" and not has_dates:
        return next_sort_key(following)
    return following


def sort_first(docs: Sequence[Document], key: str) -> Document:
    """The document the list shows first (in load order past 5,000: sorting then is slow)."""
    if len(docs) > 5000:
        return docs[0]
    return sort_documents(docs, key)[0]
