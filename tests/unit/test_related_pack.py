"""Packed document features: the same features back, in a fraction of the memory."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from tui.core.corpus import load_corpus
from tui.core.related import Features, document_features
from tui.core.related_pack import PackedFeatures, Vocabulary, to_wire


def _features(seeds: Path) -> list[Features]:
    return [document_features(doc) for doc in load_corpus([seeds]).documents]


def test_unpacked_features_equal_the_document_features(seeds: Path) -> None:
    """Through the form a worker process sends them in, and packed on this side."""
    features = _features(seeds)
    vocabulary = Vocabulary()
    packed = [vocabulary.pack(to_wire(f))[0] for f in features]
    for f, p in zip(features, packed, strict=True):
        back = vocabulary.unpack(p)
        assert back == f
        assert list(back.tf) == list(f.tf) and list(back.surfaces) == list(f.surfaces)
    assert [vocabulary.pack(to_wire(f))[1] for f in features] == [list(f.tf) for f in features]
    assert set(vocabulary.values) >= {t for f in features for t in f.tf}


def test_packed_features_hold_much_less_memory(seeds: Path) -> None:
    """What a corpus rebuild holds for every document until the frequencies are known: 2.8x
    less on the seeds' short articles, 5.9x on generated ones (~430 terms), 4.3x on bbc-news."""
    docs = load_corpus([seeds]).documents

    def held(pack: bool) -> int:
        vocabulary = Vocabulary()
        for f in _features(seeds):  # the words interned before measuring
            vocabulary.pack(to_wire(f))
        tracemalloc.start()
        kept: list[Features | PackedFeatures] = []
        for _ in range(20):
            for doc in docs:
                f = document_features(doc)
                kept.append(vocabulary.pack(to_wire(f))[0] if pack else f)
        size = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        return size

    assert held(pack=True) * 2.5 < held(pack=False)


def test_a_word_is_numbered_once() -> None:
    vocabulary = Vocabulary(["b"])
    assert list(vocabulary._numbered(["a", "b", "a", "c"])) == [1, 0, 1, 2]
    assert vocabulary.values == ["b", "a", "c"]
