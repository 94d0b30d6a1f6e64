"""Document features held compactly while a whole corpus's related rows are computed.

A rebuild needs every document's term counts before it can weigh any of them (the document
frequencies), so it holds them all: as `Features` (a Counter and a dict of surfaces a document,
a tuple of Python ints for the sketch) that was ~30 KB a generated document (427 terms), 4.3 GB
resident at 100k. `PackedFeatures` holds the same as arrays of numbers into a vocabulary shared
by the corpus (~3 KB); `Vocabulary.unpack` gives back the exact `Features` for writing the row.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable

from tui.core.numbering import Numbering
from tui.core.related import Features


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

    def pack(self, features: Features) -> PackedFeatures:
        number = self.number
        other_at: list[int] = []
        others: list[int] = []
        for at, (term, surface) in enumerate(features.surfaces.items()):
            if surface != term:
                other_at.append(at)
                others.append(number(surface))
        return PackedFeatures(
            array("I", map(number, features.tf)),
            _smallest(features.tf.values()),
            _smallest(other_at),
            array("I", others),
            array("I", features.sketch),
        )

    def unpack(self, packed: PackedFeatures) -> Features:
        words = self.values
        terms = [words[i] for i in packed.terms]
        tf: Counter[str] = Counter(dict(zip(terms, packed.counts, strict=True)))
        surfaces = dict(zip(terms, terms, strict=True))
        for at, other in zip(packed.other_at, packed.others, strict=True):
            surfaces[terms[at]] = words[other]
        return Features(tf, tuple(packed.sketch), surfaces)
