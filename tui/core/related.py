"""Related documents and passage cross-references, each with the reasons for the link.

A document's relatedness to another mixes two cosines over sparse vectors: its entities
(IDF-weighted, so rare shared entities weigh more) and its distinctive terms (TF-IDF). Near
duplicates (the same story edited or republished) are found with a bottom-k MinHash sketch of
word 4-shingles. Inverted indexes keep a query proportional to the postings it touches, so it
scales to tens of thousands of documents without numpy.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
import sys
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, Union

from tui.core.entities.gazetteer import data_text, entries
from tui.core.models import Corpus, Document, Highlight, PassageRef, Related
from tui.core.text import fold

if TYPE_CHECKING:
    from tui.core.entities import EntityIndex

__all__ = [
    "STOPWORDS",
    "Highlight",
    "PassageRef",
    "Related",
    "RelatedIndex",
    "sketch_jaccard",
    "stem",
    "terms_with_spans",
]

Progress = Callable[[int, int], None]
Buffer = Union[bytes, memoryview, "array[int]", "array[float]"]  # what `stored` gives and takes
Cancelled = Callable[[], bool]

TERMS_PER_DOC = 80  # a document's vector keeps its most distinctive terms only
SKETCH_SIZE = 64
SHINGLE = 4
NEAR_DUPLICATE = 0.45  # estimated Jaccard of 4-shingles at or above which two texts are one story
TERM_WEIGHT = 0.6
ENTITY_WEIGHT = 0.4

_WORD = re.compile(r"[^\W\d_](?:[\w’'-]*[^\W_])?")

# Left out of the terms: function words and news prose's commonest words (a data file), and the
# particles inside people's names ("van", "der"), which the entity side keeps in its own list.
STOPWORDS = frozenset(
    entries((Path(__file__).parent / "data" / "related_stopwords.txt").read_text("utf-8"))
    + entries(data_text("name_particles.txt"))
)


def stem(word: str) -> str:
    return _stem(word)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A light English stem so that "troops" ~ "troop" and "policies" ~ "policy"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("es") and word[-3] in "sxz":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms_with_spans(text: str) -> list[tuple[str, int, int, str]]:
    """(stem, start, end, surface) for the content words of a text."""
    out = []
    for m in _WORD.finditer(text):
        w = fold(m.group()).replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) < 3 or w in STOPWORDS:
            continue
        out.append((stem(w), m.start(), m.end(), m.group()))
    return out


def passage_terms(text: str) -> set[str]:
    """The stems of `terms_with_spans(text)`, as a set (built in the same order: a float summed
    over it adds up the same), each distinct word folded and stemmed once."""
    return {t for w in _WORD.findall(text) if (t := _term(w)) is not None}


@lru_cache(maxsize=1 << 18)
def _term(word: str) -> str | None:
    """The stem `terms_with_spans` gives a matched word (None: too short, or a stopword)."""
    w = fold(word).replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) < 3 or w in STOPWORDS:
        return None
    return stem(w)


def _shingle_sketch(words: list[str]) -> tuple[int, ...]:
    """Bottom-k sketch (k smallest hashes) of the text's word shingles."""
    if len(words) < SHINGLE:
        grams = {" ".join(words)} if words else set()
    else:
        grams = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    hashes = {zlib.crc32(g.encode("utf-8")) for g in grams}
    return tuple(sorted(heapq.nsmallest(SKETCH_SIZE, hashes)))


def sketch_jaccard(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of two bottom-k sketches."""
    if not a or not b:
        return 0.0
    union = heapq.nsmallest(SKETCH_SIZE, set(a) | set(b))
    sa, sb = set(a), set(b)
    both = sum(1 for h in union if h in sa and h in sb)
    return both / len(union)


@dataclass(slots=True)
class _DocVec:
    terms: dict[str, float]  # stem -> normalised TF-IDF weight (top terms only)
    ents: dict[str, float]  # entity key -> normalised weight
    sketch: tuple[int, ...]
    surfaces: dict[str, str]  # stem -> the surface form seen most


@dataclass(slots=True)
class Features:
    """What a document's text gives, before the corpus's document frequencies weigh it."""

    tf: Counter[str]  # stem -> count
    sketch: tuple[int, ...]
    surfaces: dict[str, str]  # stem -> the surface form seen most


def document_features(doc: Document) -> Features:
    """A document's term counts, shingle sketch and surface forms (reads its passages)."""
    words: list[str] = []
    for p in doc.passages:
        words.extend(_WORD.findall(fold(p.text).replace("’", "'")))
    # Counted once per distinct word (in first-seen order), then folded into stems: a stem's
    # surface is its most frequent word, the first seen on a tie (as Counter.most_common).
    counts = Counter(w[:-2] if w.endswith("'s") else w for w in words)
    tf: Counter[str] = Counter()
    surfaces: dict[str, str] = {}
    best: dict[str, int] = {}
    for w, c in counts.items():
        if len(w) < 3 or w in STOPWORDS:
            continue
        # Interned: a corpus's documents share one copy of each word instead of one each.
        w = sys.intern(w)
        st = sys.intern(_stem(w))
        tf[st] += c
        if c > best.get(st, 0):
            best[st] = c
            surfaces[st] = w
    return Features(tf, _shingle_sketch(words), surfaces)


class Frequencies(Protocol):
    """Document frequencies by term or entity key (a dict, or a table read when asked)."""

    def __getitem__(self, key: str, /) -> int: ...


def idf(n_docs: int, df: int) -> float:
    return math.log((n_docs + 1) / (df + 0.5))


class TermWeights(Protocol):
    """The IDF of each term that can link documents (None for one that cannot)."""

    def get(self, term: str, /) -> float | None: ...


def term_weights(df: Mapping[str, int], n_docs: int) -> dict[str, float]:
    """Every term's `TermWeights`, computed once for a whole corpus's vectors: a term found in one
    document only links it to nothing, and is left out."""
    return {t: idf(n_docs, d) for t, d in df.items() if d > 1 or n_docs <= 2}


class WeightsOf:
    """`TermWeights` computed when asked, from frequencies read when asked (a few documents'
    vectors)."""

    def __init__(self, df: Frequencies, n_docs: int) -> None:
        self._df, self._n = df, n_docs

    def get(self, term: str, /) -> float | None:
        d = self._df[term]
        return idf(self._n, d) if d > 1 or self._n <= 2 else None


def term_vector(tf: Counter[str], weights: TermWeights) -> dict[str, float]:
    """The document's TERMS_PER_DOC most distinctive terms, normalised, heaviest first."""
    get, log = weights.get, math.log
    terms = {t: (1 + log(c)) * w for t, c in tf.items() if (w := get(t)) is not None}
    # heapq.nlargest's equivalent (its documentation's words, ties in their order), in C.
    heaviest = sorted(terms.items(), key=itemgetter(1), reverse=True)[:TERMS_PER_DOC]
    return _normalised(dict(heaviest))


def entity_vector(counts: Counter[str], df: Frequencies, n_docs: int) -> dict[str, float]:
    """The document's entities weighed by their mentions in it and their rarity, normalised."""
    return _normalised({k: (1 + math.log(c)) * idf(n_docs, df[k]) for k, c in counts.items()})


class RelatedIndex:
    """Related documents and passages for a corpus and its EntityIndex."""

    def __init__(self, docs: list[Document], entities: EntityIndex | None) -> None:
        self._docs = {d.id: d for d in docs}
        self._order = [d.id for d in docs]
        self._entities = entities
        self._vecs: dict[str, _DocVec] = {}
        self._term_post: dict[str, list[tuple[str, float]]] = defaultdict(list)
        self._ent_post: dict[str, list[tuple[str, float]]] = defaultdict(list)
        self._passages: _PassageIndex | None = None

    @classmethod
    def build(
        cls,
        corpus: Corpus | Iterable[Document],
        entities: EntityIndex,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> RelatedIndex:
        docs = list(corpus.documents if isinstance(corpus, Corpus) else corpus)
        index = cls(docs, entities)
        index._build(entities, progress, cancelled)
        return index

    def _build(
        self, entities: EntityIndex, progress: Progress | None, cancelled: Cancelled | None
    ) -> None:
        n_docs = len(self._order)
        features: dict[str, Features] = {}
        df: Counter[str] = Counter()
        for n, doc_id in enumerate(self._order, 1):
            if cancelled is not None and cancelled():
                return
            features[doc_id] = f = document_features(self._docs[doc_id])
            df.update(f.tf.keys())
            if progress is not None and (n % 100 == 0 or n == n_docs):
                progress(n, n_docs)
        ent_df: Counter[str] = Counter()
        doc_ents: dict[str, Counter[str]] = {}
        for doc_id in self._order:
            counts = entity_counts(entities, doc_id)
            doc_ents[doc_id] = counts
            ent_df.update(counts.keys())
        weights = term_weights(df, n_docs)
        for doc_id in self._order:
            f = features[doc_id]
            terms = term_vector(f.tf, weights)
            ents = entity_vector(doc_ents[doc_id], ent_df, n_docs)
            vec = _DocVec(terms, ents, f.sketch, f.surfaces)
            self._vecs[doc_id] = vec
            for t, w in vec.terms.items():
                self._term_post[t].append((doc_id, w))
            for k, w in vec.ents.items():
                self._ent_post[k].append((doc_id, w))

    # -- what a query reads (a cached index reads them from disk) ----------------------------

    def _vec(self, doc_id: str) -> _DocVec:
        return self._vecs[doc_id]

    def _sketches(self, doc_ids: list[str]) -> dict[str, tuple[int, ...]]:
        return {d: self._vecs[d].sketch for d in doc_ids}

    def _term_postings(self, term: str) -> Iterable[tuple[str, float]]:
        return self._term_post.get(term, ())

    def _ent_postings(self, key: str) -> Iterable[tuple[str, float]]:
        return self._ent_post.get(key, ())

    def _entity_name(self, key: str) -> str | None:
        return self._entities.name_of(key) if self._entities is not None else None

    def _title(self, doc_id: str) -> str:
        return self._docs[doc_id].title

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._vecs

    def related(self, doc_id: str, limit: int = 10) -> list[Related]:
        """The documents most related to `doc_id`, best first, with shared entities and terms.

        Raises KeyError for an unknown document id.
        """
        vec = self._vec(doc_id)
        term_scores: dict[str, float] = defaultdict(float)
        ent_scores: dict[str, float] = defaultdict(float)
        for t, w in vec.terms.items():
            for other, w2 in self._term_postings(t):
                term_scores[other] += w * w2
        for k, w in vec.ents.items():
            for other, w2 in self._ent_postings(k):
                ent_scores[other] += w * w2
        scores: dict[str, float] = defaultdict(float)
        for other, s in term_scores.items():
            scores[other] += TERM_WEIGHT * s
        for other, s in ent_scores.items():
            scores[other] += ENTITY_WEIGHT * s
        scores.pop(doc_id, None)
        # Near-duplicates are looked for among the best candidates (they share many terms).
        best = heapq.nlargest(max(limit, 50), scores.items(), key=lambda kv: (kv[1], kv[0]))
        sketches = self._sketches([other for other, _ in best])
        out = []
        for other, score in best:
            sim = sketch_jaccard(vec.sketch, sketches[other])
            out.append((other, score, sim))
        out.sort(key=lambda x: (-(x[1] + (1.0 if x[2] >= NEAR_DUPLICATE else 0.0)), x[0]))
        kept = self._one_per_story(out, limit, sketches)
        return [self._explain(vec, other, score, sim) for other, score, sim in kept]

    @staticmethod
    def _one_per_story(
        ranked: list[tuple[str, float, float]],
        limit: int,
        sketches: dict[str, tuple[int, ...]],
    ) -> list[tuple[str, float, float]]:
        """The best `limit`, leaving out a document that is a near-duplicate of one already
        kept (a story filed twice would take two rows with the same title)."""
        kept: list[tuple[str, float, float]] = []
        for row in ranked:
            sketch = sketches[row[0]]
            if any(sketch_jaccard(sketch, sketches[k[0]]) >= NEAR_DUPLICATE for k in kept):
                continue
            kept.append(row)
            if len(kept) == limit:
                break
        return kept

    def _explain(self, a: _DocVec, other: str, score: float, sim: float) -> Related:
        b = self._vec(other)
        shared_e = sorted(
            (k for k in a.ents if k in b.ents),
            key=lambda k: (-a.ents[k] * b.ents[k], k),
        )
        names = []
        entity_words: set[str] = set()
        for k in shared_e[:8]:
            name = self._entity_name(k)
            if name is not None:
                names.append(name)
                entity_words.update(stem(w) for w in fold(name).split())
        shared_t = sorted(
            (t for t in a.terms if t in b.terms and t not in entity_words),
            key=lambda t: (-a.terms[t] * b.terms[t], t),
        )
        return Related(
            doc=other,
            title=self._title(other),
            score=score,
            shared_entities=tuple(names),
            shared_terms=tuple(a.surfaces.get(t, t) for t in shared_t[:8]),
            near_duplicate=sim >= NEAR_DUPLICATE,
            similarity=sim,
        )

    # -- passages -----------------------------------------------------------------------------

    @property
    def passages_ready(self) -> bool:
        """Whether `passage_refs` answers without building the passage index first."""
        return self._passages is not None

    def prepare_passages(
        self, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> None:
        """Build the passage index now (in a worker) rather than on the first `passage_refs`.
        A cancelled build leaves none.

        Raises ValueError when the index was opened without the entity index."""
        if self._entities is None:
            raise ValueError("passage cross-references need the entity index")
        if self._passages is None:
            index = self._kept_passages()
            if index is None:
                index = _PassageIndex(self._order, self._docs, self._entities, progress, cancelled)
                if cancelled is not None and cancelled():
                    return
                index = self._keep_passages(index)
            self._passages = index

    def _kept_passages(self, hold: bool = True) -> _PassageIndex | None:
        """The passage index kept from an earlier build of the same documents (a cached
        index reads it from disk; `hold`: to be queried, not only brought up to date)."""
        return None

    def _keep_passages(self, index: _PassageIndex) -> _PassageIndex:
        """Keep a passage index just built (a cached index writes it to disk and gives the
        copy it wrote, read back where it lies)."""
        return index

    def passage_refs(self, doc_id: str, passage: int, limit: int = 10) -> list[PassageRef]:
        """Passages of other documents about the same thing as passage `passage` of `doc_id`."""
        self.prepare_passages()
        assert self._passages is not None and self._entities is not None
        return self._passages.refs(doc_id, passage, limit, self._entities)


class _PassageIndex:
    """Passages' shared terms and entities, compact: passages are numbers (in corpus order),
    terms are numbers, postings are arrays. A passage's own terms are not kept: a query cuts
    them again from the passage's text (its own and its few best matches'), as the build did.

    ~8 bytes a posting and 8 a passage, where sets of strings per passage took ~50 a term:
    the difference between ~100 MB and gigabytes at 100k documents. Read back (`from_stored`),
    terms and entity keys are sorted strings in one buffer (`_Strings`), numbered by rank.
    """

    terms: list[str] | _Strings  # term number -> term
    term_ids: dict[str, int] | _Strings  # `.get(term)`: its number
    ent_keys: list[str] | _Strings
    ent_number: dict[str, int] | _Strings
    ent_idf: dict[str, float] | _Weights

    def __init__(
        self,
        order: list[str],
        docs: dict[str, Document],
        entities: EntityIndex,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> None:
        self.docs = docs
        self.order = order
        self.doc_number = {doc_id: i for i, doc_id in enumerate(order)}
        # Passage p belongs to document p_doc[p] and is its passage p_number[p]; a document's
        # passages are doc_start[i]:doc_start[i + 1] (headings left out).
        self.p_doc = array("I")
        self.p_number = array("I")
        self.doc_start = array("I", [0])
        term_ids: dict[str, int] = {}
        term_post: list[array[int]] = []
        ent_post: dict[str, array[int]] = {}
        # Each passage's term ids, in the order of its term set: only while building (the norms).
        p_terms = array("I")
        p_terms_end = array("I")
        p_ents: list[tuple[str, ...]] = []
        total = len(order)
        n = 0
        for chunk, shard in _shards([docs[doc_id] for doc_id in order], cancelled):
            if cancelled is not None and cancelled():
                return
            base = len(self.p_doc)
            # The shard's terms numbered in the corpus's numbering (as first seen: the shards
            # come in order), then its postings and term lists renumbered, the loops in C.
            local = array("I")
            for t in shard.terms:
                tid = term_ids.get(t)
                if tid is None:
                    tid = term_ids[t] = len(term_post)
                    term_post.append(array("I"))
                local.append(tid)
            starts, flat = shard.post_starts, shard.post_flat
            for lt, tid in enumerate(local):
                term_post[tid].extend(map(base.__add__, flat[starts[lt] : starts[lt + 1]]))
            p_terms_end.extend(map(len(p_terms).__add__, shard.ends))
            p_terms.extend(map(local.__getitem__, shard.p_terms))
            self.p_number.extend(shard.numbers)
            for doc, count in zip(chunk, shard.counts, strict=True):
                first = len(self.p_doc)
                self.p_doc.extend([n] * count)
                self.doc_start.append(len(self.p_doc))
                by_passage = _passage_entities(entities, doc.id)
                for pid in range(first, first + count):
                    ents = tuple(by_passage.get(self.p_number[pid], ()))
                    p_ents.append(ents)
                    for k in ents:
                        post = ent_post.get(k)
                        if post is None:
                            post = ent_post[k] = array("I")
                        post.append(pid)
                n += 1
            if progress is not None:
                progress(n, total)
        n = max(1, len(self.p_doc))
        self.terms = list(term_ids)  # term id -> term
        self.term_ids = term_ids
        self.term_idf = array("d", (math.log((n + 1) / (len(v) + 0.5)) for v in term_post))
        self.ent_idf = {k: math.log((n + 1) / (len(v) + 0.5)) for k, v in ent_post.items()}
        # Each passage's length as a vector (terms weigh their IDF, entities twice theirs), so
        # that a score is a cosine in 0..1, on the same scale as related documents'. Summed in
        # the order of the passage's term set, as the scores are.
        self.norms = array("d")
        start = 0
        idf = self.term_idf
        ent_idf = self.ent_idf
        for pid, end in enumerate(p_terms_end):
            norm = math.sqrt(
                sum(idf[t] ** 2 for t in p_terms[start:end])
                + sum((2.0 * ent_idf[k]) ** 2 for k in p_ents[pid])
            )
            self.norms.append(norm or 1.0)
            start = end
        del p_terms, p_terms_end, p_ents
        # Very common terms link everything to everything: leave them out of the postings.
        # Every term's passages in one array (one array a term took ~64 bytes more each).
        self.cap = cap = max(50, n // 20)
        self.term_df = array("I", map(len, term_post))
        self.term_flat, self.term_starts = _flat(v if len(v) <= cap else () for v in term_post)
        del term_post
        self.ent_keys = list(ent_post)
        self.ent_number = {k: i for i, k in enumerate(self.ent_keys)}
        self.ent_flat, self.ent_starts = _flat(ent_post.values())

    @classmethod
    def from_stored(
        cls, stored: object, arrays: Mapping[str, Buffer], docs: dict[str, Document]
    ) -> _PassageIndex | None:
        """The index `stored` and `arrays` hold (see `stored`), over `docs`, or None when it
        is not well formed (whether it is of these documents is the caller's to check).

        The arrays are used where they are, not copied: given slices of a file mapped in
        memory, a query touches only the pages of the postings it reads (at 100k documents,
        ~300 MB of postings stay on disk rather than in the process)."""
        if not isinstance(stored, tuple) or len(stored) != len(_STORED):
            return None
        parts = dict(zip(_STORED, stored, strict=True))
        if not isinstance(parts["order"], list):
            return None
        index = cls.__new__(cls)
        # The corpus's own id strings rather than the copies read back (one less each).
        index.docs, index.order = docs, [_same(docs, d) for d in parts["order"]]
        live = array("I")
        try:
            live.frombytes(parts["live"])
            index.doc_number = {index.order[i]: i for i in live}
        except (TypeError, ValueError, IndexError):
            return None
        if not isinstance(parts["cap"], int):
            return None
        index.cap = parts["cap"]
        views: dict[str, memoryview] = {}
        try:
            for name, code in {**_ARRAYS, **_STRINGS}.items():
                view = memoryview(arrays[name]).cast("B")
                views[name] = view.cast(code)  # type: ignore[call-overload]
        except (KeyError, TypeError, ValueError):
            return None
        for name in _ARRAYS:  # typed as a build's arrays: `update` makes them arrays first
            setattr(index, name, views[name])
        for text, ends in (("term_text", "term_ends"), ("key_text", "key_ends")):
            if (views[ends][-1] if len(views[ends]) else 0) != len(views[text]):
                return None
        index.terms = index.term_ids = _Strings(views["term_text"], views["term_ends"])
        index.ent_keys = index.ent_number = _Strings(views["key_text"], views["key_ends"])
        index.ent_idf = _Weights(index.ent_keys, views["key_idf"])
        n_pass, n_terms, n_ents = len(index.p_doc), len(index.terms), len(index.ent_keys)
        fits = (
            len(index.doc_start) == len(index.order) + 1
            and index.doc_start[-1] == n_pass == len(index.p_number) == len(index.norms)
            and len(index.term_idf) == n_terms == len(index.term_starts) - 1 == len(index.term_df)
            and len(index.ent_starts) == n_ents + 1 == len(views["key_idf"]) + 1
            and index.term_starts[-1] == len(index.term_flat)
            and index.ent_starts[-1] == len(index.ent_flat)
        )
        return index if fits else None

    def stored(self) -> tuple[tuple[list[str] | bytes | int, ...], dict[str, Buffer]]:
        """The index as plain values (lists, strings and bytes) and its arrays (by name, see
        `_ARRAYS`) to keep; `from_stored` reads them back given the same documents. Terms and
        entity keys are renumbered in sorted order (their postings and weights with them)."""
        live = array("I", sorted(self.doc_number.values())).tobytes()
        values: dict[str, list[str] | bytes | int] = {
            "live": live,
            "cap": self.cap,
            "order": self.order,
        }
        terms, keys = self.terms, self.ent_keys
        by_term = sorted(range(len(terms)), key=terms.__getitem__)
        by_key = sorted(range(len(keys)), key=keys.__getitem__)
        term_text, term_ends = _Strings.pack([terms[i] for i in by_term])
        key_text, key_ends = _Strings.pack([keys[i] for i in by_key])
        term_flat, term_starts = _flat(self._term_post(i) for i in by_term)
        ent_flat, ent_starts = _flat(self._ent_post(keys[i]) for i in by_key)
        ent_idf = self.ent_idf
        arrays: dict[str, Buffer] = {
            "term_df": array("I", (self.term_df[i] for i in by_term)),
            "p_doc": self.p_doc,
            "p_number": self.p_number,
            "doc_start": self.doc_start,
            "term_idf": array("d", (self.term_idf[i] for i in by_term)),
            "norms": self.norms,
            "term_flat": term_flat,
            "term_starts": term_starts,
            "ent_flat": ent_flat,
            "ent_starts": ent_starts,
            "term_text": term_text,
            "term_ends": term_ends,
            "key_text": key_text,
            "key_ends": key_ends,
            "key_idf": array("d", (ent_idf[keys[i]] for i in by_key)),
        }
        return tuple(values[name] for name in _STORED), arrays

    def _thaw(self) -> None:
        """Arrays, lists and dicts of their own again, to change (after `from_stored` left
        them in a file)."""
        for name, code in _ARRAYS.items():
            value = getattr(self, name)
            if not isinstance(value, array):
                own = array(code)
                own.frombytes(value.cast("B"))
                setattr(self, name, own)
        if isinstance(self.terms, _Strings):
            self.terms = list(self.terms)
            self.term_ids = {t: i for i, t in enumerate(self.terms)}
        if isinstance(self.ent_keys, _Strings):
            assert isinstance(self.ent_idf, _Weights)
            self.ent_idf = dict(zip(self.ent_keys, self.ent_idf.weights, strict=True))
            self.ent_keys = list(self.ent_keys)
            self.ent_number = {k: i for i, k in enumerate(self.ent_keys)}

    @property
    def gone_share(self) -> float:
        """The share of its passages that are of documents changed or removed since."""
        return self.p_doc.count(_GONE) / max(1, len(self.p_doc))

    def update(
        self,
        docs: dict[str, Document],
        changed: list[str],
        removed: list[str],
        entities: EntityIndex,
    ) -> None:
        """Bring the index to `docs` where only `changed` (in corpus order) and `removed`
        differ: their old passages are marked gone (skipped by queries), the changed ones'
        new passages added at the end. Only those documents are read; the others keep the
        weights (IDF) they were given, as the related cache does, until a build."""
        self._thaw()
        assert isinstance(self.terms, list) and isinstance(self.term_ids, dict)
        assert isinstance(self.ent_keys, list) and isinstance(self.ent_number, dict)
        assert isinstance(self.ent_idf, dict)
        for doc_id in [*removed, *changed]:
            i = self.doc_number.pop(doc_id, None)
            if i is not None:
                for pid in range(self.doc_start[i], self.doc_start[i + 1]):
                    self.p_doc[pid] = _GONE
        self.docs = docs
        n = max(1, len(self.p_doc))
        terms: dict[int, array[int]] = {}
        ents: dict[str, array[int]] = {}
        added: list[tuple[int, list[int], tuple[str, ...]]] = []
        new_tids: set[int] = set()
        for doc_id in changed:
            if doc_id not in docs:
                continue
            i = self.doc_number[doc_id] = len(self.order)
            self.order.append(doc_id)
            by_passage = _passage_entities(entities, doc_id)
            for p in docs[doc_id].passages:
                if p.is_heading:
                    continue
                pid = len(self.p_doc)
                self.p_doc.append(i)
                self.p_number.append(p.number)
                tids = []
                for t in passage_terms(p.text):
                    tid = self.term_ids.get(t)
                    if tid is None:
                        tid = self.term_ids[t] = len(self.terms)
                        new_tids.add(tid)
                        self.terms.append(t)
                        self.term_df.append(0)
                        self.term_idf.append(0.0)
                        self.term_starts.append(self.term_starts[-1])
                    self.term_df[tid] += 1
                    terms.setdefault(tid, array("I")).append(pid)
                    tids.append(tid)
                keys = tuple(by_passage.get(p.number, ()))
                for k in keys:
                    ents.setdefault(k, array("I")).append(pid)
                added.append((pid, tids, keys))
            self.doc_start.append(len(self.p_doc))
        # Words and entities new to the index get their weight from their passages so far.
        for tid in new_tids:
            self.term_idf[tid] = math.log((n + 1) / (len(terms[tid]) + 0.5))
        for k, post in ents.items():
            if k not in self.ent_idf:
                self.ent_idf[k] = math.log((n + 1) / (len(post) + 0.5))
        for _, tids, keys in added:
            norm = math.sqrt(
                sum(self.term_idf[t] ** 2 for t in tids)
                + sum((2.0 * self.ent_idf[k]) ** 2 for k in keys)
            )
            self.norms.append(norm or 1.0)
        cap, df = self.cap, self.term_df
        self.term_flat, self.term_starts = _flat(
            (self._term_post(tid) + terms[tid] if tid in terms else self._term_post(tid))
            if df[tid] <= cap
            else ()
            for tid in range(len(self.terms))
        )
        for k in ents:
            if k not in self.ent_number:
                self.ent_number[k] = len(self.ent_keys)
                self.ent_keys.append(k)
                self.ent_starts.append(self.ent_starts[-1])
        self.ent_flat, self.ent_starts = _flat(
            self._ent_post(k) + ents[k] if k in ents else self._ent_post(k) for k in self.ent_keys
        )

    def _term_post(self, tid: int) -> array[int]:
        return self.term_flat[self.term_starts[tid] : self.term_starts[tid + 1]]

    def _ent_post(self, key: str) -> array[int]:
        k = self.ent_number.get(key)
        if k is None:
            return array("I")
        return self.ent_flat[self.ent_starts[k] : self.ent_starts[k + 1]]

    def _pid(self, doc_id: str, number: int) -> int | None:
        """The passage's number in the index (None: a heading, or no such passage)."""
        i = self.doc_number.get(doc_id)
        if i is None:
            return None
        lo, hi = self.doc_start[i], self.doc_start[i + 1]
        at = bisect.bisect_left(self.p_number, number, lo, hi)
        return at if at < hi and self.p_number[at] == number else None

    def refs(self, doc_id: str, number: int, limit: int, entities: EntityIndex) -> list[PassageRef]:
        pid = self._pid(doc_id, number)
        if pid is None:
            if doc_id not in self.docs:
                raise KeyError(doc_id)
            return []
        this_doc = self.p_doc[pid]
        ts = passage_terms(self.docs[doc_id].passages[number - 1].text)
        es = _passage_entities(entities, doc_id).get(number, set())
        scores: dict[int, float] = defaultdict(float)
        p_doc = self.p_doc
        for t in ts:
            tid = self.term_ids.get(t)
            if tid is None:  # the text changed since the build: the index answers for the old
                continue
            w = self.term_idf[tid] ** 2
            for other in self._term_post(tid):
                if p_doc[other] != this_doc and p_doc[other] != _GONE:
                    scores[other] += w
        for k in es:
            w = (2.0 * self.ent_idf[k]) ** 2
            for other in self._ent_post(k):
                if p_doc[other] != this_doc and p_doc[other] != _GONE:
                    scores[other] += w
        norm_a = self.norms[pid]
        order, p_number, norms = self.order, self.p_number, self.norms
        ranked = sorted(
            ((s / (norm_a * norms[o]), order[p_doc[o]], p_number[o]) for o, s in scores.items()),
            key=lambda so: (-so[0], so[1], so[2]),
        )
        out = []
        for score, other_doc, other_n in ranked[:limit]:
            doc = self.docs[other_doc]
            p = doc.passages[other_n - 1]
            o_terms = passage_terms(p.text)
            mentions = entities.document_mentions(other_doc)
            o_ents = {m.key for m in mentions if m.passage == other_n}
            shared_e = es & o_ents
            entity_words = {
                stem(w)
                for k in shared_e
                if (ent := entities.get(k)) is not None
                for w in fold(ent.name).split()
            }
            shared_t = (ts & o_terms) - entity_words
            hl: list[Highlight] = []
            covered: list[tuple[int, int]] = []
            for m in mentions:
                if m.passage == other_n and m.key in shared_e:
                    hl.append(Highlight(m.start, m.end, "entity"))
                    covered.append((m.start, m.end))
            surface: dict[str, str] = {}
            for st, s, e, word in terms_with_spans(p.text):
                if st in shared_t and not any(cs <= s < ce for cs, ce in covered):
                    hl.append(Highlight(s, e, "term"))
                    surface.setdefault(st, word.lower())
            names = []
            for k in sorted(shared_e, key=lambda k: -self.ent_idf[k]):
                ent = entities.get(k)
                if ent is not None:
                    names.append(ent.name)
            idf = self.term_idf
            terms = sorted(shared_t, key=lambda t: (-idf[self.term_ids.get(t) or 0], t))
            out.append(
                PassageRef(
                    doc=other_doc,
                    title=doc.title,
                    passage=other_n,
                    text=p.text,
                    score=score,
                    shared_entities=tuple(names),
                    shared_terms=tuple(surface.get(t, t) for t in terms[:10]),
                    highlights=tuple(sorted(hl, key=lambda h: h.start)),
                )
            )
        return out


# What `_PassageIndex.stored` keeps: its arrays (with their type codes) and lists.
_GONE = 0xFFFFFFFF  # the document of a passage changed or removed since the build
_ARRAYS = {
    "term_df": "I",
    "p_doc": "I",
    "p_number": "I",
    "doc_start": "I",
    "term_idf": "d",
    "norms": "d",
    "term_flat": "I",
    "term_starts": "Q",
    "ent_flat": "I",
    "ent_starts": "Q",
}
# And the sorted strings (`_Strings`) of the terms and the entity keys, with each key's weight.
_STRINGS = {"term_text": "B", "term_ends": "Q", "key_text": "B", "key_ends": "Q", "key_idf": "d"}
_STORED = ("order", "live", "cap")


class _Strings:
    """Sorted distinct strings in one UTF-8 buffer and where each ends: a string's number is
    its rank, found by bisection (`get`), as a dict would give it, without a dict's ~100 bytes
    and a string object each (read in place from a mapped file)."""

    def __init__(self, text: Buffer, ends: Sequence[int]) -> None:
        self.text, self.ends = memoryview(text).cast("B"), ends

    @staticmethod
    def pack(strings: list[str]) -> tuple[bytes, array[int]]:
        """The buffer and ends of `strings` (sorted)."""
        encoded = [s.encode("utf-8", "surrogatepass") for s in strings]
        ends = array("Q")
        at = 0
        for e in encoded:
            at += len(e)
            ends.append(at)
        return b"".join(encoded), ends

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, i: int) -> str:
        start = self.ends[i - 1] if i else 0
        return bytes(self.text[start : self.ends[i]]).decode("utf-8", "surrogatepass")

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(len(self)))

    def get(self, key: str, default: int | None = None) -> int | None:
        i = bisect.bisect_left(self, key)
        return i if i < len(self.ends) and self[i] == key else default


class _Weights:
    """A weight for each of `_Strings` (by the string), in an array of the same order."""

    def __init__(self, keys: _Strings, weights: Sequence[float]) -> None:
        self.keys, self.weights = keys, weights

    def __getitem__(self, key: str) -> float:
        i = self.keys.get(key)
        if i is None:
            raise KeyError(key)
        return self.weights[i]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.keys.get(key) is not None


def _same(docs: dict[str, Document], doc_id: str) -> str:
    """The id as the corpus holds it (a document gone since: as read)."""
    doc = docs.get(doc_id)
    return doc.id if doc is not None else doc_id


def _flat(postings: Iterable[Iterable[int]]) -> tuple[array[int], array[int]]:
    """Lists of passages as one array and where each starts (and the last ends)."""
    flat = array("I")
    starts = array("Q", [0])
    for post in postings:
        flat.extend(post)
        starts.append(len(flat))
    return flat, starts


@dataclass(slots=True)
class _Shard:
    """The passages of a run of documents (headings left out) as a passage index holds them,
    with terms numbered in the shard (`terms[i]` is term i) and passages from 0."""

    terms: list[str]
    counts: array[int]  # each document's passages
    numbers: array[int]  # each passage's number in its document
    p_terms: array[int]  # each passage's term numbers, in the order of its term set
    ends: array[int]  # where each passage's terms end in p_terms
    post_flat: array[int]  # each term's passages, term after term
    post_starts: array[int]  # where each term's passages start in post_flat (and the last ends)


def _shard(docs: list[Document]) -> _Shard:
    """Reads the documents' passages (in a worker process, for a large corpus)."""
    term_ids: dict[str, int] = {}
    posts: list[array[int]] = []
    counts, numbers, p_terms, ends = array("I"), array("I"), array("I"), array("I")
    pid = 0
    for doc in docs:
        count = 0
        for p in doc.passages:
            if p.is_heading:
                continue
            numbers.append(p.number)
            for t in passage_terms(p.text):
                tid = term_ids.get(t)
                if tid is None:
                    tid = term_ids[t] = len(posts)
                    posts.append(array("I"))
                posts[tid].append(pid)
                p_terms.append(tid)
            ends.append(len(p_terms))
            pid += 1
            count += 1
        counts.append(count)
    flat, starts = _flat(posts)
    return _Shard(list(term_ids), counts, numbers, p_terms, ends, flat, array("I", starts))


def _shards_of(chunks: list[list[Document]]) -> list[_Shard]:
    return [_shard(docs) for docs in chunks]


SHARD = 50  # documents a shard: between two looks at `cancelled` when built here


def _shards(
    docs: list[Document], cancelled: Cancelled | None
) -> Iterator[tuple[list[Document], _Shard]]:
    """The documents in runs, each with its shard: from worker processes (their text read there,
    ~2/3 of a build's time) from `PARALLEL_FROM` documents, else read here."""
    from tui.core import pool

    runs = [docs[i : i + SHARD] for i in range(0, len(docs), SHARD)]
    workers = pool.default_workers()
    if workers > 1 and len(docs) >= pool.PARALLEL_FROM:
        stop = cancelled if cancelled is not None else (lambda: False)
        shards = pool.map_chunks(_shards_of, runs, workers, lambda n: None, stop, chunk=5)
        yield from zip(runs, shards, strict=False)
        return
    for run in runs:
        yield run, _shard(run)


def _passage_entities(entities: EntityIndex, doc_id: str) -> dict[int, set[str]]:
    """The keys of the entities mentioned in each passage of a document."""
    by_passage: dict[int, set[str]] = defaultdict(set)
    for m in entities.document_mentions(doc_id):
        by_passage[m.passage].add(m.key)
    return by_passage


def entity_counts(entities: EntityIndex, doc_id: str) -> Counter[str]:
    """How many times each entity is mentioned in the document (no Mention made)."""
    return entities.counts_in(doc_id)


def _normalised(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in vec.values()))
    if not norm:
        return {}
    return {k: w / norm for k, w in vec.items() if w > 0}
