"""Which passages a backend fetches for a query, described once for every backend.

A backend answers a `Match` (a boolean search over the words of passages) with the ids of
the matching passages in ascending order after a given id, at most `limit` of them.

Passages are grouped by how they hold each term: as typed (state 2), only in another
spelling, a form or a typo (state 1), or not at all (state 0). A passage's way of holding
the terms (its signature) bounds its score, so `candidate_keys` asks for the signatures best
bound first, each as one Match whose excluded words make the groups disjoint, a page of
passages at a time: a query reads the passages it ranks and the few after, never every
passage holding a common word, and the order does not depend on how many hits are wanted.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from tui.core.search.query import STOP_WORDS, Query
from tui.core.search.vocabulary import Term

# Terms whose signatures are asked for (the rarest); the others are only scored.
MAX_DRIVING = 5
# Above this many driving terms a term is held or not: another spelling bounds as typed
# (3^5 signatures, most of them empty, would cost more to ask for than they spare).
MAX_SPLIT = 3
FIRST_PAGE = 128
LAST_PAGE = 8192

NOT_LOOKED_UP = -1  # a term's state when it drives no search: assumed held, for the bound


@dataclass(frozen=True, slots=True)
class Group:
    """Words a passage must hold: every one (a phrase's words) or any one (a term's
    spellings). With `phrase`, a backend that knows positions may ask for the words in a
    row; the ranking checks the phrase itself either way."""

    words: tuple[str, ...]
    every: bool
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class Match:
    """Passages that satisfy every group (any group when not `every`) and hold none of
    `excludes`."""

    groups: tuple[Group, ...]
    every: bool
    excludes: tuple[str, ...] = ()


FindRows = Callable[[Match, int, int], Sequence[int]]  # (match, after id, limit)
SortKey = tuple[int, float, int]  # (terms missing, -score, passage id): smaller is better
BoundOf = Callable[[tuple[int, ...]], tuple[int, float]]


def as_typed(term: Term) -> tuple[str, ...]:
    """The index words that hold `term` as typed: the word, the place's other names, and the
    words it starts."""
    return term.typed


def other_spellings(term: Term) -> tuple[str, ...]:
    """The index words that hold `term` in another spelling: its forms and typo spellings."""
    typed = {term.word, *term.variants, *term.starts}
    return tuple(w for w in term.spellings if w not in typed)


def driving_terms(terms: Sequence[Term]) -> list[int]:
    """Indices of the terms whose signatures are searched: the rarest MAX_DRIVING, leaving
    out stop-words beside rarer words (the passages they find alone are not worth having,
    and listing them costs most of a query)."""
    rare = [k for k, t in enumerate(terms) if t.word not in STOP_WORDS]
    chosen = rare or list(range(len(terms)))
    return sorted(sorted(chosen, key=lambda k: (terms[k].df, k))[:MAX_DRIVING])


def signatures(query: Query, terms: Sequence[Term]) -> Iterator[tuple[tuple[int, ...], Match]]:
    """Every way a candidate may hold the terms (a state per term, NOT_LOOKED_UP for terms
    that do not drive) with the Match finding exactly the passages that hold them so."""
    driving = driving_terms(terms)
    split = len(driving) <= MAX_SPLIT
    choices: list[tuple[int, ...]] = []
    for k, term in enumerate(terms):
        if k not in driving:
            choices.append((NOT_LOOKED_UP,))
            continue
        typed, other = as_typed(term), other_spellings(term)
        if split:
            choices.append(tuple(s for s, ok in ((2, typed), (1, other), (0, True)) if ok))
        else:
            choices.append((2, 0) if typed or other else (0,))
    phrases = tuple(Group(p, every=True, phrase=True) for p in query.phrases)
    for states in itertools.product(*choices):
        groups: list[Group] = list(phrases)
        excludes: list[str] = list(query.excludes)
        for term, state in zip(terms, states, strict=True):
            typed, other = as_typed(term), other_spellings(term)
            if state == 2 and not split:
                groups.append(Group(typed + other, every=False))  # held, in any spelling
            elif state == 2:
                groups.append(Group(typed, every=False))
            elif state == 1:
                groups.append(Group(other, every=False))
                excludes.extend(typed)
            elif state == 0:
                excludes.extend(typed + other)
        if groups:  # a passage holding no term is no candidate (unless a phrase's)
            yield states, Match(tuple(groups), True, tuple(dict.fromkeys(excludes)))


def _rows(find: FindRows, match: Match) -> Iterator[int]:
    """The passages of `match` in ascending order, fetched a page at a time."""
    after, page = -1, FIRST_PAGE  # passage ids are 0 or more
    while True:
        rows = find(match, after, page)
        yield from rows
        if len(rows) < page:
            return
        after, page = rows[-1], min(page * 4, LAST_PAGE)


def candidate_keys(
    query: Query, terms: Sequence[Term], find: FindRows, bound: BoundOf
) -> Iterator[SortKey]:
    """Every candidate passage's best sort key (`bound` of its signature), best first; ties
    by passage id. Passages are fetched only as the keys are taken."""
    keyed = sorted(
        ((bound(states), k, match) for k, (states, match) in enumerate(signatures(query, terms))),
        key=lambda item: (item[0], item[1]),
    )
    for key, same in itertools.groupby(keyed, key=lambda item: item[0]):
        streams = [_rows(find, match) for _, _, match in same]
        for row in heapq.merge(*streams) if len(streams) > 1 else streams[0]:
            yield key[0], key[1], row
