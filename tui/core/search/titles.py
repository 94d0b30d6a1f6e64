"""The title finder: fuzzy, typo-tolerant lookup of documents by title (pure: no I/O)."""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from tui.core.search.matching import fold_with_offsets
from tui.core.search.query import TOKEN, folded_words
from tui.core.search.vocabulary import TruncatedVocabulary, typo_cutoff
from tui.core.text import fold


@dataclass(frozen=True, slots=True)
class TitleHit:
    """A document found by the title finder; `positions` index matched characters of `title`."""

    doc_id: str
    title: str
    score: float
    positions: tuple[int, ...] = ()


class TitleFinder:
    """Fuzzy, typo-tolerant lookup of documents by title (and id), fast at 100k titles.

    Titles are split into words; each query word matches the words that start with it or
    are a typo away from one (rapidfuzz over the vocabulary), sets of titles are
    intersected in C, and only a few hundred candidates are scored with rapidfuzz.
    """

    RERANK = 400  # candidates scored with rapidfuzz per query

    def __init__(self, titles: Iterable[tuple[str, str]]) -> None:
        ids: list[str] = []
        names: list[str] = []
        for doc_id, title in titles:
            ids.append(doc_id)
            names.append(title)
        keys = _keys(ids, names)
        postings: dict[str, array[int]] = {}
        for i, words in enumerate(map(dict.fromkeys, map(TOKEN.findall, keys))):
            for word in words:  # each once a title
                post = postings.get(word)
                if post is None:
                    postings[word] = array("I", (i,))
                else:
                    post.append(i)
        vocab = sorted(postings)
        # Every word's titles in one array, word after word in vocabulary order: the titles of
        # the words [lo, hi) are _postings[_starts[lo]:_starts[hi]]. A frozenset per word took
        # ~100 MB at 100k titles (200k words, most of them ids' numbers); this takes ~5.
        flat = array("I")
        starts = array("I", (0,))
        for word in vocab:
            flat.extend(postings.pop(word))
            starts.append(len(flat))
        self._setup(ids, names, keys, vocab, flat, starts)

    @classmethod
    def from_parts(
        cls,
        ids: list[str],
        titles: list[str],
        vocab: list[str],
        postings: array[int],
        starts: array[int],
    ) -> TitleFinder:
        """The finder of `ids` and `titles` from what `parts` gave (a cache of it). Raises
        ValueError when the parts do not fit the titles."""
        if len(starts) != len(vocab) + 1 or starts[0] != 0 or starts[-1] != len(postings):
            raise ValueError("title finder parts do not fit together")
        if len(ids) != len(titles) or (postings and max(postings) >= len(ids)):
            raise ValueError("title finder parts are of other titles")
        finder = cls.__new__(cls)
        finder._setup(ids, titles, _keys(ids, titles), vocab, postings, starts)
        return finder

    def parts(self) -> tuple[list[str], array[int], array[int]]:
        """What makes the finder besides its titles (vocabulary, postings, starts), to keep."""
        return self._vocab, self._postings, self._starts

    def _setup(
        self,
        ids: list[str],
        titles: list[str],
        keys: list[str],
        vocab: list[str],
        postings: array[int],
        starts: array[int],
    ) -> None:
        self.ids = ids
        self.titles = titles
        self._keys = keys
        self._vocab = vocab
        self._postings = postings
        self._starts = starts
        # Typos are looked for among words of letters, as in passages: ids' numbers (200k of
        # the 209k words at 100k titles) are no word's typo, and cutting them took 0.5 s.
        self._cuts = TruncatedVocabulary([w for w in vocab if w.isalpha()])
        self._word_cache: dict[str, tuple[frozenset[int], frozenset[int]]] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def _prefix_range(self, word: str) -> range:
        lo = bisect.bisect_left(self._vocab, word)
        hi = bisect.bisect_left(self._vocab, word + "\U0010ffff")
        return range(lo, hi)

    def _titles_of(self, lo: int, hi: int) -> array[int]:
        """The titles holding words lo..hi-1 of the vocabulary (with repeats)."""
        return self._postings[self._starts[lo] : self._starts[hi]]

    def _matches(self, word: str) -> tuple[frozenset[int], frozenset[int]]:
        """(titles with a word starting with `word`, titles with a typo of it)."""
        cached = self._word_cache.get(word)
        if cached is not None:
            return cached
        exact_ids = self._prefix_range(word)
        if len(word) <= 2:
            # One or two letters start too many words to matter: enough titles to show.
            acc: set[int] = set()
            for i in exact_ids:
                acc.update(self._titles_of(i, i + 1))
                if len(acc) >= 20_000:
                    break
            exact: frozenset[int] = frozenset(acc)
        else:
            exact = frozenset(self._titles_of(exact_ids.start, exact_ids.stop))
        typo: frozenset[int] = frozenset()
        cutoff = typo_cutoff(word)
        if cutoff <= 100:
            similar = (self._cuts.vocab[k] for k in self._cuts.similar(word, cutoff))
            vocab_ids = {bisect.bisect_left(self._vocab, w) for w in similar} - set(exact_ids)
            typo = frozenset().union(*(self._titles_of(i, i + 1) for i in vocab_ids)) - exact
        if len(self._word_cache) > 512:
            self._word_cache.clear()
        self._word_cache[word] = (exact, typo)
        return exact, typo

    def find(self, query: str, limit: int = 50) -> list[TitleHit]:
        """The best `limit` titles for `query`, best first (all titles in order when empty)."""
        words = list(dict.fromkeys(folded_words(query)))[:8]
        if not words:
            return [TitleHit(self.ids[i], self.titles[i], 0.0) for i in range(len(self.ids))][
                :limit
            ]
        matches = [self._matches(w) for w in words]
        # Fewest-candidates first: each intersection only shrinks what the next one walks.
        order = sorted(range(len(words)), key=lambda k: len(matches[k][0]) + len(matches[k][1]))
        exact_all: set[int] | None = None
        any_all: set[int] | None = None
        for k in order:
            exact, typo = matches[k]
            exact_all = set(exact) if exact_all is None else exact_all & exact
            either = exact | typo
            any_all = set(either) if any_all is None else any_all & either
        assert exact_all is not None and any_all is not None
        pool = sorted(exact_all)[: self.RERANK]
        if len(pool) < self.RERANK:
            pool += sorted(any_all - exact_all)[: self.RERANK - len(pool)]
        if not pool:
            # No title has every word: rank those with any of them.
            union: set[int] = set()
            for exact, typo in matches:
                union |= exact | typo
                if len(union) >= self.RERANK:
                    break
            pool = sorted(union)[: self.RERANK]
        if not pool:
            return self._subsequence(words, limit)
        phrase = " ".join(words)
        scored = process.extract(
            phrase,
            {i: self._keys[i] for i in pool},
            scorer=fuzz.partial_ratio,
            limit=None,
        )
        exact_set = exact_all
        ranked = sorted(
            scored,
            key=lambda item: (
                -(
                    sum(item[2] in matches[k][0] for k in range(len(words))) * 100
                    + sum(item[2] in matches[k][1] for k in range(len(words))) * 60
                    + item[1]
                ),
                len(self.titles[item[2]]),
                item[2],
            ),
        )[:limit]
        hits = []
        for _, ratio, i in ranked:
            n_exact = sum(i in matches[k][0] for k in range(len(words)))
            n_typo = sum(i in matches[k][1] for k in range(len(words)))
            score = round((n_exact * 100 + n_typo * 60) / len(words) * 0.7 + ratio * 0.3, 2)
            hits.append(
                TitleHit(
                    self.ids[i],
                    self.titles[i],
                    score + (1.0 if i in exact_set else 0.0),
                    self._positions(self.titles[i], words),
                )
            )
        return hits

    def _subsequence(self, words: Sequence[str], limit: int) -> list[TitleHit]:
        """Titles holding the query's letters in order, as fzf matches ("jne" finds "June"):
        the last resort, when no word matches. Tightest first match, then shortest title."""
        letters = "".join(words)[:16]
        # "j[^n]*n[^e]*e": each letter at its first place after the last, without backtracking.
        pattern = re.compile(
            re.escape(letters[0])
            + "".join(f"[^{re.escape(c)}]*{re.escape(c)}" for c in letters[1:])
        )
        found: list[tuple[int, int, int]] = []
        for i, key in enumerate(self._keys):
            title_end = len(key) - len(self.ids[i]) - 1  # the key is "title id", folded
            m = pattern.search(key, 0, title_end)  # the first start, not the tightest: fast
            if m is not None:
                found.append((m.end() - m.start(), len(self.titles[i]), i))
        hits = []
        for width, _, i in sorted(found)[:limit]:
            title = self.titles[i]
            folded, offsets = fold_with_offsets(title)
            m = _tightest(pattern, folded, len(folded))
            spots = _letter_spots(folded, letters, m.start()) if m is not None else []
            positions = tuple(offsets[j] if offsets is not None else j for j in spots)
            score = round(100 * len(letters) / width * 0.3, 2)
            hits.append(TitleHit(self.ids[i], title, score, positions))
        return hits

    def _positions(self, title: str, words: Sequence[str]) -> tuple[int, ...]:
        folded, offsets = fold_with_offsets(title)
        positions: set[int] = set()
        for token in TOKEN.finditer(folded):
            value = token.group()
            best = 0
            for w in words:
                if value.startswith(w):
                    best = max(best, len(w))
                elif best == 0 and len(w) >= 4 and fuzz.ratio(w, value[: len(w)]) >= typo_cutoff(w):
                    best = min(len(w), len(value))
            for j in range(token.start(), token.start() + best):
                positions.add(offsets[j] if offsets is not None else j)
        return tuple(sorted(positions))


def _keys(ids: list[str], titles: list[str]) -> list[str]:
    """What a title is matched by: its words and its document id's, folded."""
    return list(map(fold, map("{} {}".format, titles, ids)))


def _tightest(pattern: re.Pattern[str], text: str, end: int) -> re.Match[str] | None:
    """The shortest match of `pattern` (letters in order, lazily apart) in `text[:end]`."""
    best: re.Match[str] | None = None
    pos = 0
    while (m := pattern.search(text, pos, end)) is not None:
        if best is None or m.end() - m.start() < best.end() - best.start():
            best = m
        pos = m.start() + 1
    return best


def _letter_spots(text: str, letters: str, start: int) -> list[int]:
    """Where `letters` occur in order in `text` from `start`, each as early as it can."""
    spots = []
    for ch in letters:
        start = text.index(ch, start)
        spots.append(start)
        start += 1
    return spots
