"""Scoring candidate passages: a pure function of the query, its resolved terms, the
candidates' texts and the corpus size, shared by every backend (no I/O).

Passages holding every term come first, then those missing one, and so on (soft AND); within
each group, by score (with OR in the query, by score alone). A passage's score is the sum of
four parts, each in [0, weight], rounded to 4 places:

- coverage: the query's terms it holds, each weighted by its rarity,
  log(1 + passages / (1 + df)) with df summed over the term's spellings (so missing a rare
  word costs more than missing a common one); a term present as typed (or, for the word
  being typed, as the start of a word) counts 1, another form of it ("sanctions" for
  "sanction") 0.9, else its closest typo spelling in the passage 0.8 x the rapidfuzz ratio.
  With only phrases: the share of phrases.
- density: how many of its words are query words as typed, their forms or their typo
  spellings (what is highlighted), per 20 words of the passage (passages under 20 words
  count as 20); 4 per 20 words is full.
- phrase: the share of the query's phrases it holds word for word (a passage holding none
  is dropped: a phrase is asked for exactly).
- exact: the share of terms present as typed (as for coverage); with only phrases, the
  share of phrases.

Weights: coverage 0.6, density 0.2, exact 0.2; with phrases coverage 0.45, density 0.15,
phrase 0.25, exact 0.15. A passage holding an excluded phrase, or lacking a number of the
query as written ("50%", "1.5"), is dropped. Ties go to the
candidate with the smaller `key` (its order in the index), so a backend's candidate order
does not matter.

`rank_found` ranks every candidate a backend found without reading them all: the terms each
passage holds bound its score, passages are read best bound first, and reading stops when
no bound left can beat the `limit`-th hit; the first N hits do not depend on `limit`.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from tui.core.search.backend import SearchHit
from tui.core.search.candidates import FindRows, SortKey, candidate_keys
from tui.core.search.matching import fold_with_offsets, match_spans
from tui.core.search.query import TOKEN, Query
from tui.core.search.vocabulary import Term

FORM = 0.9  # coverage of a term present in another form
TYPO = 0.8  # coverage of a term present as a typo spelling, times the rapidfuzz ratio
CHUNK = 80  # passages ordered by score together (see rank_found)


@dataclass(frozen=True, slots=True)
class PassageWords:
    """A passage folded (with the map back to its characters), its tokens and their counts."""

    folding: tuple[str, list[int] | None]
    tokens: list[str]
    counts: Counter[str]


def passage_words(text: str) -> PassageWords:
    folding = fold_with_offsets(text)
    tokens = TOKEN.findall(folding[0])
    return PassageWords(folding, tokens, Counter(tokens))


class PassageWordsCache:
    """The last passages' words by passage id: typing re-ranks the same passages."""

    def __init__(self, size: int = 5000) -> None:
        self.size = size
        self._cache: OrderedDict[int, PassageWords] = OrderedDict()

    def get(self, key: int, text: str) -> PassageWords:
        found = self._cache.get(key)
        if found is None:
            found = passage_words(text)
            self._cache[key] = found
            if len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return found

    def clear(self) -> None:
        self._cache.clear()


@dataclass(frozen=True, slots=True)
class Candidate:
    """A passage to score: `key` orders it in its index (the tie-break), `words` is
    `passage_words(text)`, given so a backend can cache it."""

    key: int
    doc: str
    title: str
    passage: int
    text: str
    words: PassageWords


class Scorer:
    """The scoring of one query's candidates, and the bound on it from the terms held."""

    def __init__(self, query: Query, terms: Sequence[Term], passages: int) -> None:
        self.query = query
        self.terms = terms
        n = max(passages, 1)
        self.weights = [math.log(1 + n / (1 + t.df)) for t in terms]
        self.total_weight = sum(self.weights) or 1.0
        self.has_phrases = bool(query.phrases)
        self.w = (0.45, 0.15, 0.25, 0.15) if self.has_phrases else (0.6, 0.2, 0.0, 0.2)
        # What a term is worth when held in another spelling than as typed.
        self.others: list[dict[str, float]] = []
        for t in terms:
            other = {w: TYPO * fuzz.ratio(t.word, w) / 100 for w in t.typos}
            other.update(dict.fromkeys(t.forms, FORM))
            self.others.append(other)
        words = {t.word for t in terms if t.exact} | {w for o in self.others for w in o}
        words.update(v for t in terms for v in t.variants)
        self.span_words = frozenset(words)
        self.numbers = [
            re.compile(r"(?<![\w.,$€£¥])" + re.escape(n) + r"(?![\w%]|[.,]\d)")
            for n in query.numbers
        ]
        self.prefixes = [t.word for t in terms if t.prefix]
        # A word being typed counts as typed when the passage holds it or one of the words
        # it starts that the backend looked for (so the bound below is exact).
        self.as_typed = [frozenset((t.word, *t.variants, *t.starts)) for t in terms]

    def _parts(self, cover: float, density: float, phrase: float, exact: int) -> dict[str, float]:
        w_cover, w_density, w_phrase, w_exact = self.w
        n = len(self.terms)
        return {
            "coverage": round(w_cover * (cover / self.total_weight if n else phrase), 4),
            "density": round(w_density * density, 4),
            "phrase": round(w_phrase * phrase, 4),
            "exact": round(w_exact * (exact / n if n else phrase), 4),
        }

    def score(self, c: Candidate) -> tuple[SortKey, dict[str, float]] | None:
        """The candidate's sort key and score parts; None when it must be dropped."""
        words = c.words
        counts = words.counts
        if not all(n.search(c.text) for n in self.numbers):
            return None  # a number is asked for as written
        if self.has_phrases or self.query.exclude_phrases:
            joined = f" {' '.join(words.tokens)} "
            if any(f" {' '.join(p)} " in joined for p in self.query.exclude_phrases):
                return None
            held = sum(f" {' '.join(p)} " in joined for p in self.query.phrases)
            if self.has_phrases and not held:
                return None  # a phrase is asked for exactly
            phrase = held / len(self.query.phrases) if self.has_phrases else 0.0
        else:
            phrase = 0.0
        cover = 0.0
        exact = missing = 0
        for weight, typed, other in zip(self.weights, self.as_typed, self.others, strict=True):
            if not typed.isdisjoint(counts):
                best = 1.0
                exact += 1
            else:
                best = max((v for w, v in other.items() if w in counts), default=0.0)
                missing += best == 0.0
            cover += weight * best
        # How much of the passage is about the query: matched words per 20 words.
        matched = sum(counts[w] for w in self.span_words)
        density = min(1.0, matched * 20 / max(len(words.tokens), 20) / 4)
        parts = self._parts(cover, density, phrase, exact)
        missing *= not self.query.any_word  # OR: missing words only lower the score
        return (missing, -round(sum(parts.values()), 4), c.key), parts

    def bound(self, states: tuple[int, ...]) -> tuple[int, float]:
        """(terms missing, -score) at best for a passage holding each term as typed (state
        2), only in another spelling (1) or not at all (0); a term not looked up (-1) is
        assumed held. Rounded, so that signatures worth the same tie."""
        cover = 0.0
        exact = missing = 0
        for k, (state, weight) in enumerate(zip(states, self.weights, strict=True)):
            if state in (2, -1):
                best = 1.0
                exact += 1
            elif state == 1:
                best = max(self.others[k].values(), default=1.0)
            else:
                best, missing = 0.0, missing + 1
            cover += weight * best
        parts = self._parts(cover, 1.0, 1.0, exact)
        missing *= not self.query.any_word
        return missing, -round(sum(parts.values()) + 1e-3, 6)

    def hit(self, c: Candidate, key: SortKey, parts: dict[str, float]) -> SearchHit:
        spans = match_spans(
            c.text, self.span_words, self.prefixes, self.query.phrases, c.words.folding
        )
        return SearchHit(c.doc, c.title, c.passage, -key[1], c.text, spans, parts)


def rank(
    query: Query,
    terms: Sequence[Term],
    candidates: Iterable[Candidate],
    passages: int,
    limit: int,
) -> list[SearchHit]:
    """The best `limit` of all `candidates` for `query`, scored, best first. `terms` are the
    query's terms resolved against the index (resolve_terms); `passages` is how many it
    holds."""
    scorer = Scorer(query, terms, passages)
    scored = []
    for c in candidates:
        found = scorer.score(c)
        if found is not None:
            scored.append((found[0], c, found[1]))
    scored.sort(key=lambda item: item[0])
    return [scorer.hit(c, key, parts) for key, c, parts in scored[:limit]]


def rank_found(
    query: Query,
    terms: Sequence[Term],
    find: FindRows,
    load: Callable[[int], Candidate | None],
    passages: int,
    limit: int,
) -> list[SearchHit]:
    """The best `limit` of the candidate passages (`find` lists them, `load` reads one, or
    None when its text is gone), best first.

    Passages are taken best bound first in runs of CHUNK; each run is ordered by score
    (reading only the passages that could make the hits) and the runs follow each other. The
    order is fixed before `limit` is known, so the first N hits are the same for any larger
    limit; it is `rank`'s order except among passages with equal bounds (the same terms held
    the same way) more than CHUNK apart, which differ only in density. Candidates that a
    phrase or a number drops are read past until `limit` hits are found (or none is left):
    a backend that knows positions finds only the passages holding a phrase.
    """
    scorer = Scorer(query, terms, passages)
    bounds = candidate_keys(query, terms, find, scorer.bound)
    hits: list[SearchHit] = []
    while len(hits) < limit:
        chunk = list(itertools.islice(bounds, CHUNK))
        if not chunk:
            break
        hits.extend(_best(scorer, chunk, load, limit - len(hits)))
    return hits


def _best(
    scorer: Scorer, bounds: list[SortKey], load: Callable[[int], Candidate | None], limit: int
) -> list[SearchHit]:
    """The best `limit` passages of `bounds` (sorted), reading only those that may be."""
    worst: list[tuple[tuple[int, float, int], SortKey, Candidate, dict[str, float]]] = []
    for bound in bounds:
        if len(worst) >= limit and bound > worst[0][1]:
            break  # no passage left can beat the limit-th
        c = load(bound[2])
        if c is None:
            continue  # the backend no longer has its text
        scored = scorer.score(c)
        if scored is None:
            continue
        key, parts = scored
        item = ((-key[0], -key[1], -key[2]), key, c, parts)  # the worst kept on top
        if len(worst) < limit:
            heapq.heappush(worst, item)
        elif key < worst[0][1]:
            heapq.heapreplace(worst, item)
    kept = sorted(worst, key=lambda item: item[1])
    return [scorer.hit(c, key, parts) for _, key, c, parts in kept]
