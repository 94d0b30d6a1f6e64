"""The words an index knows and how a query word is resolved against them: typo expansion,
word starts, document frequencies (pure: no I/O; a backend supplies the word counts)."""

from __future__ import annotations

import bisect
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from tui.core.search.place_variants import place_variants
from tui.core.search.query import STOP_WORDS, Query

TYPO_EXPANSIONS = 6
PREFIX_EXPANSIONS = 64  # a word being typed matches the commonest words it starts


def typo_cutoff(word: str) -> float:
    """The rapidfuzz ratio a word must reach to count as a typo of `word` (0: no typos)."""
    if len(word) < 4:
        return 101.0
    if len(word) < 7:
        return 74.0
    return 80.0


class TruncatedVocabulary:
    """A sorted vocabulary cut to each length L from 4 to 12, so that a typo in a half-typed
    word ("stoltenb") is compared with the word starts of its own length."""

    MAX_CUT = 12

    def __init__(self, vocab: Sequence[str]) -> None:
        self.vocab = vocab  # sorted
        # Each length's distinct cuts, in order (made in C: 130k words in ~0.1 s, where a
        # Python loop took 1.7 s, paid again each time the index changed).
        self._tables = {
            length: list(dict.fromkeys(map(operator.itemgetter(slice(length)), vocab)))
            for length in range(4, self.MAX_CUT + 1)
        }

    def similar(self, word: str, cutoff: float, limit: int = 30) -> list[int]:
        """Indices of the vocabulary words whose start is a typo away from `word`."""
        cut = word[: self.MAX_CUT]
        if len(cut) < 4:
            return []
        keys = self._tables[len(cut)]
        found = process.extract(cut, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
        out: list[int] = []
        for key, _, _ in found:
            lo = bisect.bisect_left(self.vocab, key)
            if len(key) < len(cut):
                out.append(lo)  # a word shorter than the cut: itself only
                continue
            out.extend(range(lo, bisect.bisect_left(self.vocab, key + "\U0010ffff")))
        return out


@dataclass(slots=True)
class Vocabulary:
    """Every word of an index, sorted, with the number of passages holding it (`df`), and
    `rows` the number of passages in all."""

    terms: list[str]
    df: list[int]
    rows: int
    cuts: TruncatedVocabulary = field(init=False)
    by_length: dict[int, tuple[list[str], list[int]]] = field(init=False, default_factory=dict)
    position: dict[str, int] = field(init=False, default_factory=dict)
    typo_cache: dict[tuple[str, bool], list[int]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        # Typos are looked for among words of letters: numbers (90k of the 130k words of a
        # 100k-document corpus) are no word's typo, and comparing them doubled the time.
        self.cuts = TruncatedVocabulary([t for t in self.terms if t.isalpha()])
        for i, t in enumerate(self.terms):
            if not t.isalpha():
                continue
            words, ids = self.by_length.setdefault(len(t), ([], []))
            words.append(t)
            ids.append(i)
        self.position = dict(zip(self.terms, range(len(self.terms)), strict=True))
        place_variants("")  # read the place names now (50 ms), with the vocabulary, not on a key

    def prefix_range(self, word: str) -> range:
        lo = bisect.bisect_left(self.terms, word)
        hi = bisect.bisect_left(self.terms, word + "\U0010ffff")
        return range(lo, hi)

    def typos(self, word: str, prefix: bool) -> list[int]:
        """Vocabulary indices a typo away from `word` (or from its start, when `prefix`)."""
        key = (word, prefix)
        cached = self.typo_cache.get(key)
        if cached is None:
            cached = self._typos(word, prefix)
            if len(self.typo_cache) > 4096:
                self.typo_cache.clear()
            self.typo_cache[key] = cached
        return cached

    def _typos(self, word: str, prefix: bool) -> list[int]:
        cutoff = typo_cutoff(word)
        if cutoff > 100 or not word.isalpha():
            return []
        n = len(word)
        scored: list[tuple[float, int]] = []
        for length in range(n - 2, n + 3):
            bucket = self.by_length.get(length)
            if not bucket:
                continue
            words, ids = bucket
            found = process.extract(
                word, words, scorer=fuzz.ratio, score_cutoff=cutoff, limit=TYPO_EXPANSIONS
            )
            scored.extend((score, ids[k]) for _, score, k in found)
        if prefix:
            for k in self.cuts.similar(word, cutoff, limit=TYPO_EXPANSIONS):
                i = self.position[self.cuts.vocab[k]]
                scored.append((fuzz.ratio(word, self.terms[i][: len(word)]), i))
        own = self.position.get(word, -1)
        near = {i for _, i in scored if i != own and self.terms[i] not in STOP_WORDS}
        if not near:
            return []
        # Only the closest spellings, in edits where a swap of two letters is one ("yonug"
        # is "young"); "blari" is "blair", not also "bar".
        edits = {i: _edits(word, self.terms[i], prefix) for i in near}
        fewest = min(edits.values())
        close = [i for i in near if edits[i] == fewest]
        # Of those, the common ones: a typo is likelier of a common word.
        top = max(self.df[i] for i in close)
        close = [i for i in close if self.df[i] * 10 >= top]
        return sorted(close, key=lambda i: (-self.df[i], self.terms[i]))[: TYPO_EXPANSIONS * 2]


def _edits(word: str, other: str, prefix: bool) -> int:
    """Edits from `word` to `other` (to its start, for a word being typed); a swap is one."""
    if prefix and len(other) > len(word):
        return int(OSA.distance(word, other[: len(word)]))
    return int(OSA.distance(word, other))


def word_forms(word: str) -> set[str]:
    """Other forms of an English word, guessed by its ending: plural, -s, -ed, -ing."""
    if len(word) < 3 or not word.isalpha():
        return set()
    stems = {word}
    for end, back in (("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e")):
        if word.endswith(end) and len(word) - len(end) >= 3:
            stems.add(word[: len(word) - len(end)] + back)
    if word.endswith("ing") and len(word) >= 6:
        stem = word[:-3]
        stems.update({stem, stem + "e"})
        if len(stem) > 2 and stem[-1] == stem[-2]:
            stems.add(stem[:-1])  # "running" -> "run"
    forms = set(stems)
    for stem in stems:
        forms.update({stem + "s", stem + "es", stem + "ed", stem + "ing"})
        if stem.endswith("e"):
            forms.update({stem + "d", stem[:-1] + "ing"})
        if stem.endswith("y") and len(stem) > 3:
            forms.update({stem[:-1] + "ies", stem[:-1] + "ied"})
    forms.discard(word)
    return forms


@dataclass(frozen=True, slots=True)
class Term:
    """A query word resolved against a vocabulary: the spellings it stands for and how many
    passages hold one of them (`df`, summed over the spellings)."""

    word: str
    exact: bool  # the word itself is in the index
    prefix: bool  # also match words starting with it
    typos: tuple[str, ...]
    df: int
    starts: tuple[str, ...] = ()  # the commonest words starting with it, when `prefix`
    forms: tuple[str, ...] = ()  # its other forms in the index ("authority" for "authorities")
    variants: tuple[str, ...] = ()  # the same place's other names in the index ("kyiv", "kiev")

    @property
    def typed(self) -> tuple[str, ...]:
        """The index words that hold the term as typed: the word, the other names of the
        place it names, and the words it starts."""
        return tuple(
            dict.fromkeys(((self.word,) if self.exact else ()) + self.variants + self.starts)
        )

    @property
    def spellings(self) -> tuple[str, ...]:
        """The word, its other forms, its typo spellings and the words it starts, each once."""
        return tuple(
            dict.fromkeys((self.word, *self.variants, *self.forms, *self.typos, *self.starts))
        )


def resolve_terms(query: Query, vocab: Vocabulary) -> list[Term]:
    """Each term of `query` with its other forms, its typo spellings (only for a word the
    index lacks) and, for the word being typed, the commonest words it starts."""
    terms = []
    for k, word in enumerate(query.terms):
        prefix = query.prefix and k == len(query.terms) - 1 and len(word) >= 3
        position = vocab.position.get(word)
        own = vocab.df[position] if position is not None else 0
        starts: tuple[str, ...] = ()
        if prefix:
            span = vocab.prefix_range(word)
            common = sorted(span, key=lambda i: -vocab.df[i])[:PREFIX_EXPANSIONS]
            starts = tuple(vocab.terms[i] for i in common)
            own += sum(vocab.df[i] for i in common)
        variants = tuple(v for v in place_variants(word) if v in vocab.position)
        own += sum(vocab.df[vocab.position[v]] for v in variants)
        forms = tuple(
            sorted(f for f in word_forms(word) if f in vocab.position and f not in variants)
        )
        own += sum(vocab.df[vocab.position[f]] for f in forms)
        # A word that is in the index (or one of its forms or names) is not a typo ("land" is
        # not "and", "kiev" not "kier"); nor is a word being typed that starts words of the
        # index.
        typos: tuple[str, ...] = ()
        if not own:
            typos = tuple(vocab.terms[i] for i in vocab.typos(word, prefix))
        df = own + sum(vocab.df[vocab.position[t]] for t in typos)
        terms.append(Term(word, position is not None, prefix, typos, df, starts, forms, variants))
    return terms
