"""Query syntax, search hits, the fuzzy title finder and find-in-document (pure: no I/O)."""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from tui.core.models import Passage
from tui.core.text import fold

# Tokens as SQLite FTS5's unicode61 tokenizer sees them: letters and digits, not underscore.
TOKEN = re.compile(r"[^\W_]+")
MAX_TERMS = 32  # a pasted paragraph is searched by its first words, not rejected
MAX_TERM_CHARS = 64


class QuerySyntaxError(ValueError):
    """A query that cannot mean anything (the message says why, for the user)."""


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed search query; every word is folded (lower case, no accents).

    `prefix` is True when the last term is still being typed (no space after it), so it
    may also match as the start of a longer word.
    """

    raw: str
    terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    excludes: tuple[str, ...] = ()
    prefix: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.phrases

    @property
    def words(self) -> tuple[str, ...]:
        """Every positive word: the terms, then the words of the phrases."""
        return self.terms + tuple(w for p in self.phrases for w in p)


def _words(text: str) -> list[str]:
    return [w[:MAX_TERM_CHARS] for w in TOKEN.findall(fold(text))]


def parse_query(text: str) -> Query:
    """Parse `word "exact phrase" -exclude -"excluded phrase"`.

    A quote left open runs to the end of the query. Raises QuerySyntaxError only when the
    query excludes words but asks for none.
    """
    terms: list[str] = []
    phrases: list[tuple[str, ...]] = []
    excludes: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        negate = ch == "-" and i + 1 < n and not text[i + 1].isspace()
        if negate:
            i += 1
        if text[i] == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end
            words = _words(text[i + 1 : end])
            i = end + 1
            if negate:
                excludes.extend(words)
            elif len(words) == 1:
                terms.extend(words)
            elif words:
                phrases.append(tuple(words))
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] != '"':
            j += 1
        words = _words(text[i:j])
        i = j
        (excludes if negate else terms).extend(words)
    terms = list(dict.fromkeys(terms))[:MAX_TERMS]
    phrases = phrases[:MAX_TERMS]
    excludes = [w for w in dict.fromkeys(excludes) if w not in terms][:MAX_TERMS]
    if excludes and not terms and not phrases:
        raise QuerySyntaxError("the query only excludes words: add a word to search for")
    stripped = text.rstrip()
    prefix = bool(terms) and stripped == text and not stripped.endswith('"')
    return Query(text, tuple(terms), tuple(phrases), tuple(excludes), prefix)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One passage found by a search, with why it ranks where it does.

    `spans` are [start, end) character offsets of the matches in `text`; `parts` are the
    weighted components that add up to `score`.
    """

    doc: str
    title: str
    passage: int
    score: float
    text: str
    spans: tuple[tuple[int, int], ...] = ()
    parts: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TitleHit:
    """A document found by the title finder; `positions` index matched characters of `title`."""

    doc_id: str
    title: str
    score: float
    positions: tuple[int, ...] = ()


def fold_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """Fold `text` and map each folded character back to its index in `text`.

    The map is None when folding kept every character in place (plain ASCII).
    """
    if text.isascii():
        return text.lower(), None
    # Most non-ASCII text folds one character to one ("é" to "e", "’" stays): translate.
    table = {}
    for ch in set(text):
        if not ch.isascii():
            folded = fold(ch)
            if len(folded) != 1:
                break
            table[ord(ch)] = folded
    else:
        flat = text.translate(table).lower()
        if len(flat) == len(text):
            return flat, None
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKD", ch.casefold()):
            if not unicodedata.combining(c):
                out.append(c)
                offsets.append(i)
    return "".join(out), offsets


def _original_span(offsets: list[int] | None, start: int, end: int, size: int) -> tuple[int, int]:
    if offsets is None:
        return start, end
    o_start = offsets[start] if start < len(offsets) else size
    o_end = offsets[end - 1] + 1 if end - 1 < len(offsets) else size
    return o_start, o_end


@functools.lru_cache(maxsize=64)
def span_pattern(words: frozenset[str], prefixes: tuple[str, ...]) -> re.Pattern[str] | None:
    """A pattern over folded text finding whole `words` (group w) and word starts (group p)."""
    alts = []
    if words:
        ordered = sorted(words, key=lambda w: (-len(w), w))
        alts.append("(?P<w>" + "|".join(map(re.escape, ordered)) + r")(?![^\W_])")
    starts = [p for p in prefixes if p]
    if starts:
        ordered = sorted(starts, key=lambda w: (-len(w), w))
        alts.append("(?P<p>" + "|".join(map(re.escape, ordered)) + r")[^\W_]*")
    if not alts:
        return None
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alts) + ")")


def match_spans(
    text: str,
    words: Iterable[str],
    prefixes: Iterable[str] = (),
    phrases: Iterable[tuple[str, ...]] = (),
    folded: tuple[str, list[int] | None] | None = None,
) -> tuple[tuple[int, int], ...]:
    """Spans of the tokens of `text` equal to one of `words` (folded), starting with one of
    `prefixes`, or forming one of `phrases`, as offsets into `text`."""
    flat, offsets = folded if folded is not None else fold_with_offsets(text)
    spans: list[tuple[int, int]] = []
    pattern = span_pattern(frozenset(words), tuple(sorted(set(prefixes))))
    if pattern is not None:
        for m in pattern.finditer(flat):
            groups = m.groupdict()
            spans.append(m.span("w") if groups.get("w") is not None else m.span("p"))
    for phrase in phrases:
        if phrase:
            body = r"[\W_]+".join(map(re.escape, phrase))
            found = re.finditer(r"(?<![^\W_])" + body + r"(?![^\W_])", flat)
            spans.extend(m.span() for m in found)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(_original_span(offsets, s, e, len(text)) for s, e in merged)


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
        self._tables: dict[int, tuple[list[str], list[int]]] = {}
        for length in range(4, self.MAX_CUT + 1):
            keys: list[str] = []
            starts: list[int] = []
            last = None
            for i, w in enumerate(vocab):
                cut = w[:length]
                if cut != last:
                    keys.append(cut)
                    starts.append(i)
                    last = cut
            starts.append(len(vocab))
            self._tables[length] = (keys, starts)

    def similar(self, word: str, cutoff: float, limit: int = 30) -> list[int]:
        """Indices of the vocabulary words whose start is a typo away from `word`."""
        cut = word[: self.MAX_CUT]
        if len(cut) < 4:
            return []
        keys, starts = self._tables[len(cut)]
        found = process.extract(cut, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
        out: list[int] = []
        for _, _, k in found:
            out.extend(range(starts[k], starts[k + 1]))
        return out


class TitleFinder:
    """Fuzzy, typo-tolerant lookup of documents by title (and id), fast at 100k titles.

    Titles are split into words; each query word matches the words that start with it or
    are a typo away from one (rapidfuzz over the vocabulary), sets of titles are
    intersected in C, and only a few hundred candidates are scored with rapidfuzz.
    """

    RERANK = 400  # candidates scored with rapidfuzz per query

    def __init__(self, titles: Iterable[tuple[str, str]]) -> None:
        self.ids: list[str] = []
        self.titles: list[str] = []
        self._keys: list[str] = []
        postings: dict[str, set[int]] = {}
        for i, (doc_id, title) in enumerate(titles):
            self.ids.append(doc_id)
            self.titles.append(title)
            key = fold(f"{title} {doc_id}")
            self._keys.append(key)
            for word in TOKEN.findall(key):
                postings.setdefault(word, set()).add(i)
        self._vocab = sorted(postings)
        self._postings = [frozenset(postings[w]) for w in self._vocab]
        self._cuts = TruncatedVocabulary(self._vocab)
        self._word_cache: dict[str, tuple[frozenset[int], frozenset[int]]] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def _prefix_range(self, word: str) -> range:
        lo = bisect.bisect_left(self._vocab, word)
        hi = bisect.bisect_left(self._vocab, word + "\U0010ffff")
        return range(lo, hi)

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
                acc |= self._postings[i]
                if len(acc) >= 20_000:
                    break
            exact: frozenset[int] = frozenset(acc)
        else:
            exact = frozenset().union(*(self._postings[i] for i in exact_ids))
        typo: frozenset[int] = frozenset()
        cutoff = typo_cutoff(word)
        if cutoff <= 100:
            vocab_ids = set(self._cuts.similar(word, cutoff)) - set(exact_ids)
            typo = frozenset().union(*(self._postings[i] for i in vocab_ids)) - exact
        if len(self._word_cache) > 512:
            self._word_cache.clear()
        self._word_cache[word] = (exact, typo)
        return exact, typo

    def find(self, query: str, limit: int = 50) -> list[TitleHit]:
        """The best `limit` titles for `query`, best first (all titles in order when empty)."""
        words = list(dict.fromkeys(_words(query)))[:8]
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


def find_in_text(query: str, passages: Sequence[Passage | str]) -> list[tuple[int, int, int]]:
    """Every occurrence of `query` as (passage number, start, end), in reading order.

    Plain text, not a pattern; case-insensitive unless the query has a capital letter.
    Passages given as strings are numbered from 1.
    """
    needle = query.strip()
    if not needle:
        return []
    flags = 0 if any(c.isupper() for c in needle) else re.IGNORECASE
    pattern = re.compile(re.escape(needle), flags)
    found: list[tuple[int, int, int]] = []
    for index, passage in enumerate(passages):
        if isinstance(passage, str):
            number, text = index + 1, passage
        else:
            number, text = passage.number, passage.text
        found.extend((number, m.start(), m.end()) for m in pattern.finditer(text))
    return found


def snippet(
    text: str, spans: Sequence[tuple[int, int]], width: int = 160
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of about `width` characters of `text` around its first match, with the
    spans shifted into it; "…" marks cut ends."""
    if len(text) <= width:
        return text, tuple(spans)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 4, len(text) - width))
    if start > 0:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 and start - space < 20 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    inside = tuple(
        (max(s, start) + shift, min(e, end) + shift) for s, e in spans if e > start and s < end
    )
    return prefix + text[start:end] + suffix, inside
