"""The entity index keeps mentions packed: read back, they are the mentions it was given, and
an index read from the mention cache answers as the one that extracted them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.corpus import load_corpus
from tui.core.entities import EntityIndex, cache_path
from tui.core.entities.packed import Forms, PackedMentions, forms_of
from tui.core.models import Mention

MENTIONS = [
    Mention("a.txt", 1, 0, 4, "NATO", "NATO", "ORG"),
    Mention("a.txt", 2, 70_000, 70_011, "Mr Lavrov", "Sergei Lavrov", "PERSON"),
    Mention("a.txt", 2, 80, 84, "NATO", "NATO", "ORG"),
]


def test_packed_mentions_read_back_as_given() -> None:
    forms = Forms()
    packed = PackedMentions("a.txt", MENTIONS, forms)
    assert list(packed) == MENTIONS and len(packed) == 3
    assert packed[-1] == MENTIONS[-1] and packed[0:2] == MENTIONS[0:2]
    with pytest.raises(IndexError):
        packed[3]
    assert len(forms.values) == 2  # NATO is stored once
    assert list(forms_of(packed)) == [(m.surface, m.name, m.type) for m in MENTIONS]
    moved = packed.with_forms({0: forms.number(("NATO", "North Atlantic Alliance", "ORG"))})
    assert [m.name for m in moved] == [
        "North Atlantic Alliance",
        "Sergei Lavrov",
        "North Atlantic Alliance",
    ]
    assert packed.with_forms({}) is packed


TEXTS = {
    "a.txt": "Talks in Paris\n\nSergei Lavrov met NATO envoys in Paris.\n\nLavrov left early.",
    "b.txt": "Berlin notes\n\nLavrov spoke in Berlin; NATO said nothing about Paris.",
    "c.txt": "Quiet day\n\nIn Berlin, Charles Dupont stayed home. Charles slept.",
}


def test_an_index_read_from_the_cache_is_the_one_extracted(tmp_path: Path) -> None:
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text, "utf-8")
    corpus = load_corpus([str(tmp_path)])
    fresh = EntityIndex.build(corpus, cache=cache_path(corpus.roots))
    cached = EntityIndex.build(corpus, cache=cache_path(corpus.roots))  # read back
    plain = EntityIndex.build(corpus)  # no cache at all
    for index in (cached, plain):
        assert [(e.key, e.count, e.docs, e.aliases) for e in index.entities()] == [
            (e.key, e.count, e.docs, e.aliases) for e in fresh.entities()
        ]
        for doc in corpus.documents:
            assert index.document_mentions(doc.id) == fresh.document_mentions(doc.id)
    # The lone surname is the full name's, in both documents.
    lavrov = cached.resolve("Lavrov")
    assert (
        lavrov is not None and lavrov.name == "Sergei Lavrov" and lavrov.docs == ["a.txt", "b.txt"]
    )
    assert cached.hide(lavrov.key) and cached.resolve("Sergei Lavrov") is None
