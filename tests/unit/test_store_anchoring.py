"""Re-anchoring: finding a bookmark's passage again after its document changed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from tests.unit.test_store import ROOT, TEXTS, make_doc, write_doc
from tui.core.anchoring import anchored_passages, load_document, reanchor, reanchor_all
from tui.core.models import Document
from tui.core.store import Bookmark, Store, quote_of, text_hash


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "db" / "dossier.sqlite") as s:
        yield s


def bookmark_on(number: int, texts: list[str] = TEXTS) -> Bookmark:
    text = texts[number - 1]
    return Bookmark(
        id=number, root=ROOT, doc="a.txt", passage=number, quote=quote_of(text),
        text_hash=text_hash(text),
    )  # fmt: skip


def test_unchanged_document_keeps_every_bookmark() -> None:
    marks = [bookmark_on(n) for n in range(1, 6)]
    assert reanchor(marks, make_doc(TEXTS)) == marks


def test_passages_inserted_before_move_the_bookmark() -> None:
    edited = ["A new opening paragraph about something else entirely.", *TEXTS]
    (b,) = reanchor([bookmark_on(3)], make_doc(edited))
    assert (b.passage, b.orphaned) == (4, False)


def test_an_edited_passage_is_found_by_its_quote() -> None:
    edited = list(TEXTS)
    edited[1] = TEXTS[1].replace("continue in Geneva", "continued in Geneva")
    del edited[0]  # and it moved up
    (b,) = reanchor([bookmark_on(2)], make_doc(edited))
    assert (b.passage, b.orphaned) == (1, False)


def test_a_deleted_passage_is_orphaned_not_moved() -> None:
    edited = [t for i, t in enumerate(TEXTS) if i != 2]
    b3, b4 = reanchor([bookmark_on(3), bookmark_on(4)], make_doc(edited))
    assert b3.orphaned and b3.passage == 3 and b3.quote == TEXTS[2]
    assert (b4.passage, b4.orphaned) == (3, False)


def test_a_rewritten_passage_is_orphaned() -> None:
    edited = list(TEXTS)
    edited[0] = "Forces on standby were recalled, the alliance said on Tuesday evening."
    (b,) = reanchor([bookmark_on(1)], make_doc(edited))
    assert b.orphaned


def test_a_missing_document_orphans_its_bookmarks() -> None:
    assert [b.orphaned for b in reanchor([bookmark_on(1), bookmark_on(2)], None)] == [True, True]


def test_repeated_text_anchors_nearest_the_old_place() -> None:
    texts = ["Intro text here.", "Repeated passage.", "Middle.", "Other.", "Repeated passage."]
    moved = ["New first paragraph.", *texts]
    (b,) = reanchor([bookmark_on(5, texts)], make_doc(moved))
    assert b.passage == 6


def test_short_quotes_need_a_close_match() -> None:
    texts = ["Background", "Some paragraph that follows the heading in the text."]
    edited = ["Backstory", texts[1]]
    (b,) = reanchor([bookmark_on(1, texts)], make_doc(edited))
    assert b.orphaned


def test_a_bookmark_without_hash_is_anchored_by_quote() -> None:
    b = Bookmark(id=1, root=ROOT, doc="a.txt", passage=1, quote=TEXTS[3])
    (found,) = reanchor([b], make_doc(TEXTS))
    assert (found.passage, found.orphaned) == (4, False)


def test_reanchor_all_looks_each_document_up_once(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    write_doc(folder, ["A new first paragraph was written here today.", *TEXTS])
    marks = [replace(bookmark_on(n), root=str(folder), doc="notes.txt") for n in (1, 2)]
    gone = replace(bookmark_on(3), root=str(folder), doc="gone.txt")
    asked: list[tuple[str, str]] = []

    def lookup(root: str, doc: str) -> Document | None:
        asked.append((root, doc))
        return load_document(root, doc)

    out, docs = reanchor_all([marks[0], gone, marks[1]], lookup)
    assert [(b.doc, b.passage, b.orphaned) for b in out] == [
        ("notes.txt", 2, False), ("gone.txt", 3, True), ("notes.txt", 3, False),
    ]  # fmt: skip
    assert sorted(asked) == sorted(docs) and len(asked) == 2
    # Multi-root corpora prefix ids with the root's name: still found on disk.
    prefixed = load_document(str(folder), "corpus/notes.txt")
    assert prefixed is not None and prefixed.id == "corpus/notes.txt"


def test_one_documents_bookmarks_after_an_edit_mark_their_new_passages(store: Store) -> None:
    # What the reader does in a worker: the store's rows for one document, re-anchored.
    for n in (2, 3, 5):
        store.add(ROOT, "a.txt", n, TEXTS[n - 1])
    edited = ["A paragraph added at the top of the file.", *TEXTS[:4]]  # and the last one cut
    anchored = reanchor(store.for_document(ROOT, "a.txt"), make_doc(edited))
    assert [(b.passage, b.orphaned) for b in anchored] == [(3, False), (4, False), (5, True)]
    assert anchored_passages(anchored) == {3, 4}
    assert store.for_document(ROOT, "a.txt")[0].passage == 2  # the store is left as it was
