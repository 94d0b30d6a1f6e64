"""Which passages a backend fetches for a query, described once for every backend.

A backend answers a `Match` (a boolean search over the words of passages) with the ids of
the matching passages in ascending order, at most `limit` of them; `candidate_rows` asks it
for the passages with every word as typed, then with typos and word starts, then (nothing
else found) with any of the words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tui.core.search.query import Query
from tui.core.search.vocabulary import Term


@dataclass(frozen=True, slots=True)
class Group:
    """Words a passage must hold: every one (a phrase's words) or any one (a term's
    spellings). Positions are not checked here: the ranking checks a phrase itself."""

    words: tuple[str, ...]
    every: bool


@dataclass(frozen=True, slots=True)
class Match:
    """Passages that satisfy every group (any group when not `every`) and hold none of
    `excludes`."""

    groups: tuple[Group, ...]
    every: bool
    excludes: tuple[str, ...] = ()


FindRows = Callable[[Match, int], Sequence[int]]


def candidates_wanted(query: Query, limit: int) -> int:
    """How many passages each Match fetches: a phrase is checked after fetching, so more."""
    return max(limit * 2, 60) * (4 if query.phrases else 1)


def candidate_rows(query: Query, terms: Sequence[Term], limit: int, find: FindRows) -> list[int]:
    """The passage ids to rank for `query`, in the order found (`find` answers a Match)."""
    wanted = candidates_wanted(query, limit)
    phrases = [Group(p, every=True) for p in query.phrases]
    rows: dict[int, None] = {}
    if all(t.exact for t in terms):
        exact = [Group((t.word,), every=False) for t in terms] + phrases
        rows.update(dict.fromkeys(find(Match(tuple(exact), True, query.excludes), wanted)))
    if len(rows) < wanted:
        expanded = tuple([Group(t.spellings, every=False) for t in terms] + phrases)
        rows.update(dict.fromkeys(find(Match(expanded, True, query.excludes), wanted)))
        if not rows and len(expanded) > 1:
            rows.update(dict.fromkeys(find(Match(expanded, False, query.excludes), wanted)))
    return list(rows)[: wanted * 2]
