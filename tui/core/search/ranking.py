"""Scoring candidate passages: a pure function of the query, its resolved terms, the
candidates' texts and the corpus size, shared by every backend (no I/O).

A passage's score is the sum of four parts, each in [0, weight], rounded to 4 places:

- coverage: the query's terms it holds, each weighted by its rarity,
  log(1 + passages / (1 + df)) with df summed over the term's spellings; a term present as
  typed (or, for the word being typed, as the start of a word) counts 1, else its closest
  typo in the passage 0.8 x the rapidfuzz ratio. With only phrases: the share of phrases.
- density: how many of its words are query words as typed or their typo spellings, per 20
  words of the passage (passages under 20 words count as 20); 4 per 20 words is full.
- phrase: the share of the query's phrases it holds word for word (a passage holding none
  is dropped: a phrase is asked for exactly).
- exact: the share of terms present as typed (as for coverage); with only phrases, the
  share of phrases.

Weights: coverage 0.6, density 0.2, exact 0.2; with phrases coverage 0.45, density 0.15,
phrase 0.25, exact 0.15. Ties go to the candidate with the smaller `key` (its order in the
index), so a backend's candidate order does not matter.
"""

from __future__ import annotations

import math
import re
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from tui.core.search.backend import SearchHit
from tui.core.search.matching import fold_with_offsets, match_spans
from tui.core.search.query import TOKEN, Query
from tui.core.search.vocabulary import Term, typo_cutoff


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


def rank(
    query: Query,
    terms: Sequence[Term],
    candidates: Iterable[Candidate],
    passages: int,
    limit: int,
) -> list[SearchHit]:
    """The best `limit` candidates for `query`, scored, best first. `terms` are the query's
    terms resolved against the index (resolve_terms); `passages` is how many it holds."""
    n = max(passages, 1)
    weights = [math.log(1 + n / (1 + t.df)) for t in terms]
    total_weight = sum(weights) or 1.0
    has_phrases = bool(query.phrases)
    w_cover, w_density, w_phrase, w_exact = (
        (0.45, 0.15, 0.25, 0.15) if has_phrases else (0.6, 0.2, 0.0, 0.2)
    )
    span_words = frozenset({t.word for t in terms if t.exact} | {w for t in terms for w in t.typos})
    prefixes = [t.word for t in terms if t.prefix]
    starts = [re.compile(r"(?<![^\W_])" + re.escape(t.word)) if t.prefix else None for t in terms]
    scored: list[tuple[float, int, Candidate, dict[str, float]]] = []
    for candidate in candidates:
        words = candidate.words
        counts = words.counts
        cover = 0.0
        exact = 0
        for term, weight, start in zip(terms, weights, starts, strict=True):
            if term.word in counts or (start is not None and start.search(words.folding[0])):
                best, exact = 1.0, exact + 1
            elif typo_cutoff(term.word) <= 100:
                found = process.extractOne(
                    term.word,
                    counts.keys(),
                    scorer=fuzz.ratio,
                    score_cutoff=typo_cutoff(term.word),
                )
                best = found[1] / 100 * 0.8 if found else 0.0
            else:
                best = 0.0
            cover += weight * best
        phrase = 0.0
        if has_phrases:
            joined = f" {' '.join(words.tokens)} "
            phrase = sum(f" {' '.join(p)} " in joined for p in query.phrases) / len(query.phrases)
            if not phrase:
                continue  # a phrase is asked for exactly
        # How much of the passage is about the query: matched words per 20 words.
        matched = sum(counts[w] for w in span_words)
        density = min(1.0, matched * 20 / max(len(words.tokens), 20) / 4)
        parts = {
            "coverage": round(w_cover * (cover / total_weight if terms else phrase), 4),
            "density": round(w_density * density, 4),
            "phrase": round(w_phrase * phrase, 4),
            "exact": round(w_exact * (exact / len(terms) if terms else phrase), 4),
        }
        scored.append((round(sum(parts.values()), 4), candidate.key, candidate, parts))
    scored.sort(key=lambda item: (-item[0], item[1]))
    hits = []
    for score, _, c, parts in scored[:limit]:
        spans = match_spans(c.text, span_words, prefixes, query.phrases, c.words.folding)
        hits.append(SearchHit(c.doc, c.title, c.passage, score, c.text, spans, parts))
    return hits
