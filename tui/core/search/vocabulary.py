"""The words an index knows and how a query word is resolved against them: typo expansion,
word starts, document frequencies (pure: no I/O; a backend supplies the word counts)."""

from __future__ import annotations

import bisect
import itertools
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

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

    def __init__(self, vocab: list[str]) -> None:
        self.vocab = vocab  # sorted; kept (not copied): `similar` gives indices into it
        # Each length's distinct cuts, in order (made in C: 130k words in ~0.1 s, where a
        # Python loop took 1.7 s). A cut of a sorted list is sorted: each table is too.
        self._tables = {
            length: list(dict.fromkeys(map(operator.itemgetter(slice(length)), vocab)))
            for length in range(4, self.MAX_CUT + 1)
        }

    def add(self, word: str) -> None:
        """Insert a word not yet in the vocabulary (and its cuts not yet in the tables)."""
        bisect.insort(self.vocab, word)
        for length, keys in self._tables.items():
            cut = word[:length]
            at = bisect.bisect_left(keys, cut)
            if at == len(keys) or keys[at] != cut:
                keys.insert(at, cut)

    def discard(self, word: str) -> None:
        """Remove a word (and each cut no other word of the vocabulary has)."""
        at = bisect.bisect_left(self.vocab, word)
        if at == len(self.vocab) or self.vocab[at] != word:
            return
        del self.vocab[at]
        for length, keys in self._tables.items():
            cut = word[:length]
            # The first word from `cut` on is the one that would share it, if any does.
            nxt = bisect.bisect_left(self.vocab, cut)
            if nxt < len(self.vocab) and self.vocab[nxt][:length] == cut:
                continue
            k = bisect.bisect_left(keys, cut)
            if k < len(keys) and keys[k] == cut:
                del keys[k]

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


class Vocabulary:
    """Every word of an index, sorted, with the number of passages holding it (`df`), and
    `rows` the number of passages in all.

    Updated in place when a few documents change (`update`), rather than made again: at 100k
    documents making it took seconds. A word whose passages were all removed may stay counted
    when the backend could not count the removed text's words (contentless FTS5 forgets a
    passage's text): `live`, when given, tells whether a word is still in some passage, and
    only such words are offered (asked once per word, with its count, until the next update)."""

    def __init__(
        self,
        terms: Sequence[str],
        df: Sequence[int],
        rows: int,
        live: Callable[[str, int], bool] | None = None,
    ) -> None:
        self.terms = list(terms)  # sorted
        self.df = dict(zip(self.terms, df, strict=True))
        self.rows = rows
        self.live = live
        # Typos are looked for among words of letters: numbers (90k of the 130k words of a
        # 100k-document corpus) are no word's typo, and comparing them doubled the time.
        letters = [t for t in self.terms if t.isalpha()]
        self.cuts = TruncatedVocabulary(letters)
        self.by_length: dict[int, list[str]] = {}  # words of letters by length, sorted
        for t in letters:
            self.by_length.setdefault(len(t), []).append(t)
        self.typo_cache: dict[tuple[str, bool], list[str]] = {}
        self._live: dict[str, bool] = {}
        place_variants("")  # read the place names now (50 ms), with the vocabulary, not on a key

    def count(self, word: str) -> int:
        """The passages holding `word` (0: not in the index, or no longer)."""
        n = self.df.get(word, 0)
        return n if n and self.is_live(word) else 0

    def is_live(self, word: str) -> bool:
        if self.live is None:
            return True
        found = self._live.get(word)
        if found is None:
            found = self._live[word] = self.live(word, self.df.get(word, 0))
        return found

    def update(self, delta: Mapping[str, int], rows: int, live_changed: bool = True) -> None:
        """Add each word's change of passage count (new words inserted, words no passage
        holds any more removed); `rows` the passages in all now."""
        for word, n in delta.items():
            if not n:
                continue
            old = self.df.get(word, 0)
            new = old + n
            if new > 0:
                self.df[word] = new
                if old <= 0:
                    self._insert(word)
            elif old > 0:
                del self.df[word]
                self._remove(word)
        self.rows = rows
        self.typo_cache.clear()
        if live_changed:
            self._live.clear()

    def _insert(self, word: str) -> None:
        bisect.insort(self.terms, word)
        if word.isalpha():
            bisect.insort(self.by_length.setdefault(len(word), []), word)
            self.cuts.add(word)

    def _remove(self, word: str) -> None:
        del self.terms[bisect.bisect_left(self.terms, word)]
        if word.isalpha():
            words = self.by_length[len(word)]
            del words[bisect.bisect_left(words, word)]
            self.cuts.discard(word)

    def commonest_starting(self, word: str, limit: int) -> list[str]:
        """The `limit` commonest words starting with `word` (alphabetical among equals)."""
        lo = bisect.bisect_left(self.terms, word)
        hi = bisect.bisect_left(self.terms, word + "\U0010ffff")
        ranked = sorted(self.terms[lo:hi], key=self.df.__getitem__, reverse=True)
        if self.live is None:
            return ranked[:limit]
        return list(itertools.islice(filter(self.is_live, ranked), limit))

    def typos(self, word: str, prefix: bool) -> list[str]:
        """Vocabulary words a typo away from `word` (or from its start, when `prefix`)."""
        key = (word, prefix)
        cached = self.typo_cache.get(key)
        if cached is None:
            cached = self._typos(word, prefix)
            if len(self.typo_cache) > 4096:
                self.typo_cache.clear()
            self.typo_cache[key] = cached
        return cached

    def _typos(self, word: str, prefix: bool) -> list[str]:
        cutoff = typo_cutoff(word)
        if cutoff > 100 or not word.isalpha():
            return []
        n = len(word)
        scored: list[str] = []
        for length in range(n - 2, n + 3):
            words = self.by_length.get(length)
            if not words:
                continue
            found = process.extract(
                word, words, scorer=fuzz.ratio, score_cutoff=cutoff, limit=TYPO_EXPANSIONS
            )
            scored.extend(w for w, _, _ in found)
        if prefix:
            for k in self.cuts.similar(word, cutoff, limit=TYPO_EXPANSIONS):
                scored.append(self.cuts.vocab[k])
        near = {w for w in scored if w != word and w not in STOP_WORDS and self.is_live(w)}
        if not near:
            return []
        # Only the closest spellings, in edits where a swap of two letters is one ("yonug"
        # is "young"); "blari" is "blair", not also "bar".
        edits = {w: _edits(word, w, prefix) for w in near}
        fewest = min(edits.values())
        close = [w for w in near if edits[w] == fewest]
        # Of those, the common ones: a typo is likelier of a common word.
        df = self.df
        top = max(df[w] for w in close)
        close = [w for w in close if df[w] * 10 >= top]
        return sorted(close, key=lambda w: (-df[w], w))[: TYPO_EXPANSIONS * 2]


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
        own = vocab.count(word)
        exact = own > 0
        starts: tuple[str, ...] = ()
        if prefix:
            starts = tuple(vocab.commonest_starting(word, PREFIX_EXPANSIONS))
            own += sum(vocab.df[w] for w in starts)
        variants = tuple(v for v in place_variants(word) if vocab.count(v))
        own += sum(vocab.df[v] for v in variants)
        forms = tuple(sorted(f for f in word_forms(word) if f not in variants and vocab.count(f)))
        own += sum(vocab.df[f] for f in forms)
        # A word that is in the index (or one of its forms or names) is not a typo ("land" is
        # not "and", "kiev" not "kier"); nor is a word being typed that starts words of the
        # index.
        typos: tuple[str, ...] = ()
        if not own:
            typos = tuple(vocab.typos(word, prefix))
        df = own + sum(vocab.df[t] for t in typos)
        terms.append(Term(word, exact, prefix, typos, df, starts, forms, variants))
    return terms
