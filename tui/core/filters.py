"""Filtering as the user types: bookmarks (every word, fuzzily) and entities (by name or
alias, letters in order). Pure functions; the screens call them on every keystroke."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from tui.core.text import fold

if TYPE_CHECKING:  # types only: the entity rules load on first use
    from tui.core.entities import Entity
    from tui.core.store import Bookmark

FILTER_CUTOFF = 70.0  # rapidfuzz partial_ratio a bookmark needs to stay in a filtered list


def haystack(bookmark: Bookmark, title: str) -> str:
    """What the filter matches against: title, note, tags and quote."""
    tags = " ".join(bookmark.tags)
    return default_process(f"{title} {bookmark.note} {tags} {bookmark.quote}")


def filter_bookmarks(
    bookmarks: Sequence[Bookmark],
    query: str,
    titles: Mapping[str, str],
    cache: dict[tuple[int, str], str] | None = None,
) -> list[Bookmark]:
    """Newest first without a query; with one, best fuzzy matches first (ties newest first).

    Every word of the query must match somewhere ("nato army" finds both). `cache` keeps the
    prepared text of each bookmark between calls (the screen filters on every keystroke).
    """
    newest = sorted(bookmarks, key=lambda b: (b.created, b.id), reverse=True)
    needle = default_process(query)
    if not needle:
        return newest
    cache = {} if cache is None else cache
    texts = []
    for b in newest:
        key = (b.id, b.updated + b.note + "\0".join(b.tags))
        text = cache.get(key)
        if text is None:
            text = cache[key] = haystack(b, titles.get(b.doc, b.doc))
        texts.append(text)
    totals = [0.0] * len(newest)
    alive = list(range(len(newest)))
    for word in needle.split():
        still = []
        for i in alive:
            text = texts[i]
            if word in text:
                score = 100.0
            elif len(word) < 3:  # too short to match approximately
                score = 0.0
            else:
                score = fuzz.partial_ratio(word, text, score_cutoff=FILTER_CUTOFF)
            if score:
                totals[i] += score
                still.append(i)
        alive = still
    ranked = sorted(alive, key=lambda i: (-totals[i], i))
    return [newest[i] for i in ranked]


def _folded_score(q: str, t: str) -> float | None:
    if not q:
        return 0.0
    if t.startswith(q):
        return 3.0 - len(t) / 1000
    pos = t.find(q)
    if pos >= 0:
        return 2.0 + (1.0 if t[pos - 1] == " " else 0.0) / 2 - len(t) / 1000
    i = 0
    gaps = 0
    for ch in t:
        if i < len(q) and ch == q[i]:
            i += 1
        elif i:
            gaps += 1
    if i < len(q):
        return None
    return 1.0 / (1 + gaps)


def folded_forms(entities: list[Entity]) -> dict[str, tuple[str, ...]]:
    """Each entity's name and aliases folded once, for filtering as the user types."""
    return {e.key: tuple(dict.fromkeys(fold(f) for f in (e.name, *e.aliases))) for e in entities}


def filter_entities(
    entities: list[Entity], query: str, forms: dict[str, tuple[str, ...]] | None = None
) -> list[Entity]:
    """Entities whose name or an alias matches `query` fuzzily, best match then most mentioned."""
    q = fold(query).strip()
    if not q:
        return entities
    forms = forms if forms is not None else folded_forms(entities)
    first = q[0]
    scored = []
    for ent in entities:
        best = None
        for form in forms[ent.key]:
            if first not in form:
                continue
            s = _folded_score(q, form)
            if s is not None and (best is None or s > best):
                best = s
        if best is not None:
            scored.append((best, ent))
    scored.sort(key=lambda se: (-round(se[0], 1), -se[1].count, se[1].name))
    return [e for _, e in scored]
