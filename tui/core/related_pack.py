"""Document features held compactly while a whole corpus's related rows are computed.

A rebuild needs every document's term counts before it can weigh any of them (the document
frequencies), so it holds them all: as `Features` (a Counter and a dict of surfaces a document,
a tuple of Python ints for the sketch) that was ~30 KB a generated document (427 terms), 4.3 GB
resident at 100k. `PackedFeatures` holds the same as arrays of numbers into a vocabulary shared
by the corpus (~3 KB); `Vocabulary.unpack` gives back the exact `Features` for writing the row.

The features themselves (`corpus_features`) come from worker processes for a large corpus: they
are most of a rebuild's time, and independent a document; the vocabulary's numbering stays on
this side (`Vocabulary.pack`), so that every document's numbers are in one vocabulary.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import filterfalse

from tui.core.models import Document
from tui.core.numbering import Numbering
from tui.core.pool import PARALLEL_FROM, default_workers, map_chunks
from tui.core.related import Features, document_features

# A document's `Features` as a worker process sends them: its terms (space-separated, in
# first-seen order), their counts, the surfaces that are not the term itself (their positions
# and the words), the sketch. Five flat objects to unpickle, not a Counter and a dict of ~400 words
# (8.5 KB pickled a generated document: 1.4 s to unpickle 10,000 of them).
Wire = tuple[str, "array[int]", "array[int]", str, "array[int]"]


class PackedFeatures:
    """A document's `Features`: its terms' numbers and counts in first-seen order, the surfaces
    that are not the term itself (by position), the sketch."""

    __slots__ = ("counts", "other_at", "others", "sketch", "terms")

    def __init__(
        self,
        terms: array[int],
        counts: array[int],
        other_at: array[int],
        others: array[int],
        sketch: array[int],
    ) -> None:
        self.terms = terms
        self.counts = counts
        self.other_at = other_at
        self.others = others
        self.sketch = sketch


def _smallest(values: Iterable[int]) -> array[int]:
    """`values` in the narrowest unsigned array they fit."""
    numbers = list(values)
    top = max(numbers, default=0)
    return array("B" if top < 1 << 8 else "H" if top < 1 << 16 else "I", numbers)


class Vocabulary(Numbering[str]):
    """Words (terms and surfaces) numbered as first seen, and back."""

    def pack(self, wire: Wire) -> tuple[PackedFeatures, list[str]]:
        """The document's features held on this side, and its terms (for the frequencies)."""
        joined, counts, other_at, others, sketch = wire
        terms = joined.split(" ") if joined else []
        packed = PackedFeatures(
            self._numbered(terms),
            counts,
            other_at,
            self._numbered(others.split(" ") if others else []),
            sketch,
        )
        return packed, terms

    def _numbered(self, words: list[str]) -> array[int]:
        """`number` of each word, the loops in C but for the words new to the vocabulary (a
        generated document's ~480 words a call: 4.9M calls of `number` at 10k documents)."""
        numbers, values = self._numbers, self.values
        for word in filterfalse(numbers.__contains__, words):
            numbers[word] = len(values)
            values.append(word)
        return array("I", map(numbers.__getitem__, words))

    def unpack(self, packed: PackedFeatures) -> Features:
        words = self.values
        terms = [words[i] for i in packed.terms]
        tf: Counter[str] = Counter(dict(zip(terms, packed.counts, strict=True)))
        surfaces = dict(zip(terms, terms, strict=True))
        for at, other in zip(packed.other_at, packed.others, strict=True):
            surfaces[terms[at]] = words[other]
        return Features(tf, tuple(packed.sketch), surfaces)


def to_wire(features: Features) -> Wire:
    other_at: list[int] = []
    others: list[str] = []
    for at, (term, surface) in enumerate(features.surfaces.items()):
        if surface != term:
            other_at.append(at)
            others.append(surface)
    return (
        " ".join(features.tf),
        _smallest(features.tf.values()),
        _smallest(other_at),
        " ".join(others),
        array("I", features.sketch),
    )


def _wires(docs: list[Document]) -> list[Wire]:
    return [to_wire(document_features(d)) for d in docs]


def corpus_features(
    docs: list[Document],
    done: Callable[[int], None],
    cancelled: Callable[[], bool],
    workers: int | None = None,
) -> Iterator[Wire]:
    """Every document's features, in order, from `workers` processes (default: the cores this
    process may use) when `PARALLEL_FROM` documents or more need them, else in this one (most
    of a related rebuild's time: ~1.7-2.3 ms a generated document, 3-4 minutes at 100k);
    `done(n)` after every n documents; no more once `cancelled()` says so."""
    workers = workers if workers is not None else default_workers()
    if workers > 1 and len(docs) >= PARALLEL_FROM:
        yield from map_chunks(_wires, docs, workers, done, cancelled)
        return
    for doc in docs:
        if cancelled():
            return
        yield to_wire(document_features(doc))
        done(1)
