"""Which passages a backend fetches for a query, described once for every backend.

A backend answers a `Match` (a boolean search over the words of passages) with the ids of
the matching passages in ascending order, at most `limit` of them. `find_rows` asks it, for
each term, which passages hold the word as typed and which hold any of its spellings (and,
for phrases, which hold every word of each): every passage holding one term (or, with
phrases, all of them) is a candidate, and these sets bound its score before it is read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tui.core.search.query import STOP_WORDS, Query
from tui.core.search.vocabulary import Term

# Passages fetched per word at most: only a word in most passages of a huge index reaches it.
ROW_CAP = 250_000
STOP_WORD_CAP = 1000


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


@dataclass(frozen=True, slots=True)
class FoundRows:
    """For each term, the passages holding it as typed and those holding any spelling of
    it; `rows`, the candidates."""

    exact: tuple[frozenset[int], ...]
    spelled: tuple[frozenset[int], ...]
    rows: frozenset[int]
    unknown: tuple[bool, ...] = ()  # per term: not looked up (a stop-word beside others)


def find_rows(query: Query, terms: Sequence[Term], find: FindRows) -> FoundRows:
    """The candidate passages for `query` and which term each holds (`find` answers a Match)."""

    def held(words: tuple[str, ...]) -> frozenset[int]:
        match = Match((Group(words, every=False),), True, query.excludes)
        return frozenset(find(match, cap))

    exact: list[frozenset[int]] = []
    spelled: list[frozenset[int]] = []
    # A stop-word beside rarer words finds no passage worth having that they miss, and
    # fetching the passages holding it costs most of a query: it is only scored.
    rare = any(t.word not in STOP_WORDS for t in terms)
    unknown = tuple(rare and t.word in STOP_WORDS for t in terms)
    # Stop-words alone (a query still being typed) have no ranking worth reading far.
    cap = ROW_CAP if rare or query.phrases else STOP_WORD_CAP
    for term, skip in zip(terms, unknown, strict=True):
        if skip:
            exact.append(frozenset())
            spelled.append(frozenset())
            continue
        as_typed = held((term.word,)) if term.exact else frozenset()
        spellings = term.spellings
        exact.append(as_typed)
        spelled.append(as_typed if spellings == (term.word,) else held(spellings))
    if query.phrases:
        groups = tuple(Group(p, every=True) for p in query.phrases)
        rows = frozenset(find(Match(groups, True, query.excludes), ROW_CAP))
    else:
        rows = frozenset().union(*spelled)
    return FoundRows(tuple(exact), tuple(spelled), rows, unknown)
