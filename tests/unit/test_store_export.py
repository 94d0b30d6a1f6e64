"""Bookmarks exported to JSON and Markdown, and imported back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.test_store import ROOT, TEXTS
from tui.core.anchoring import reanchor
from tui.core.store import (
    Bookmark,
    Store,
    bookmarks_from_json,
    bookmarks_to_json,
    bookmarks_to_markdown,
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "db" / "dossier.sqlite") as s:
        yield s


def test_json_export_import_round_trip(tmp_path: Path, store: Store) -> None:
    store.add(ROOT, "a.txt", 1, TEXTS[0], note="note «one»", tags=["nato", "east"])
    store.add(ROOT, "b.txt", 4, TEXTS[3])
    exported = bookmarks_to_json(store.list())
    with Store(tmp_path / "other.sqlite") as other:
        result = other.import_bookmarks(bookmarks_from_json(exported))
        assert (result.added, result.merged) == (2, 0)

        def fields(s: Store) -> list[tuple[object, ...]]:
            return sorted(
                (
                    b.root,
                    b.doc,
                    b.passage,
                    b.quote,
                    b.text_hash,
                    b.note,
                    b.tags,
                    b.created,
                    b.updated,
                )
                for b in s.list()
            )

        assert fields(other) == fields(store)
        # Importing again merges: no duplicates.
        again = other.import_bookmarks(bookmarks_from_json(exported))
        assert (again.added, again.merged) == (0, 2) and other.count() == 2
    data = json.loads(exported)
    assert set(data["bookmarks"][0]) >= {
        "id", "root", "doc", "passage", "quote", "text_hash", "note", "tags", "created",
        "updated", "orphaned",
    }  # fmt: skip


def test_import_merges_notes_and_tags(store: Store) -> None:
    b, _ = store.add(ROOT, "a.txt", 1, TEXTS[0], tags=["mine"])
    incoming = Bookmark(
        id=77, root=ROOT, doc="a.txt", passage=1, quote=TEXTS[0], text_hash=b.text_hash,
        note="from laptop", tags=("theirs",), created="2020-01-01T00:00:00Z",
        updated="2099-01-01T00:00:00Z",
    )  # fmt: skip
    result = store.import_bookmarks([incoming])
    assert (result.added, result.merged) == (0, 1)
    (merged,) = store.list()
    assert merged.note == "from laptop" and merged.tags == ("mine", "theirs")
    assert merged.created == "2020-01-01T00:00:00Z"


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '{"nothing": 1}',
        '[{"doc": "a.txt"}]',
        '[{"root": "/", "doc": "a", "passage": "x", "quote": "q"}]',
    ],
)
def test_bad_import_files_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        bookmarks_from_json(text)


def test_markdown_export_groups_by_document(store: Store) -> None:
    store.add(ROOT, "a.txt", 2, TEXTS[1], note="Geneva matters", tags=["talks"])
    store.add(ROOT, "a.txt", 1, TEXTS[0])
    store.add(ROOT, "b.txt", 1, "Line one\nline two")
    marks = store.list()
    md = bookmarks_to_markdown(marks, {(ROOT, "a.txt"): ("NATO Gets a Second Life", "2024-02-19")})
    assert md.count("## ") - md.count("### ") == 2
    assert "## NATO Gets a Second Life" in md and "2024-02-19" in md
    assert md.index("### a.txt#1") < md.index("### a.txt#2") < md.index("## b.txt")
    assert f"> {TEXTS[1]}" in md and "**Note:** Geneva matters" in md
    assert "**Tags:** #talks" in md and "### b.txt#1" in md
    orphan = bookmarks_to_markdown([reanchor(marks[:1], None)[0]])
    assert "(orphaned)" in orphan
