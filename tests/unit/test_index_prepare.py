"""Documents prepared for the index ahead of its writes, in a thread or not."""

from __future__ import annotations

import threading

import pytest

from tui.core.models import Document, Passage, PassageKind
from tui.core.search.prepare import prepare, prepared


def _doc(k: int) -> Document:
    kind = next(iter(PassageKind))
    texts = [f"Passage {k} about Stra\u00dfe", f"Ber\u200blin {k}"]
    return Document(
        f"d{k}",
        f"/c/d{k}",
        "/c",
        f"T{k}",
        tuple(Passage(i + 1, t, kind) for i, t in enumerate(texts)),
    )


def test_without_a_thread_the_consumer_prepares_what_it_needs() -> None:
    assert list(prepared([_doc(k) for k in range(3)], lambda d: True, threaded=False)) == [None] * 3


def test_every_document_in_order_prepared_only_when_needed() -> None:
    docs = [_doc(k) for k in range(600)]  # more than the thread keeps ahead
    items = list(prepared(docs, lambda d: d.id != "d7", threaded=True))
    assert items[7] is None
    assert items[:7] + items[8:] == [prepare(d) for d in docs if d.id != "d7"]
    assert items[0] is not None and items[0].indexed == ["passage 0 about strasse", "berlin 0"]


def test_an_error_while_preparing_reaches_the_writer() -> None:
    def needed(doc: Document) -> bool:
        if doc.id == "d3":
            raise ValueError("unreadable")
        return True

    with pytest.raises(ValueError, match="unreadable"):
        list(prepared([_doc(k) for k in range(10)], needed, threaded=True))


def test_closing_early_stops_the_thread() -> None:
    ahead = prepared([_doc(k) for k in range(2000)], lambda d: True, threaded=True)
    next(ahead)
    ahead.close()
    assert not [t for t in threading.enumerate() if t.name == "index-prepare"]
