"""The document list's order: a warm start takes it from the corpus cache (nothing sorted), and
it is the order a fresh sort gives, folder by folder, filtered or not."""

from __future__ import annotations

from pathlib import Path

import pytest

import tui.core.listing as listing
from tests.app.conftest import settle, write_corpus
from tui.app import make_app
from tui.core.models import Document
from tui.widgets.document_list import DocumentList, FolderRow

FILES = {
    "world/b.txt": "“Quoted” floods\n\nRivers rose.",
    "world/a.txt": "Zebra escape\n\nThe zoo.",
    "sport/c.txt": "Cup final\n\nA draw.",
    "sport/d.txt": "Athletics\n\nA record.",
    "e.txt": "Middle of nowhere\n\nA village.",
}


def expected(docs: list[Document], key: str) -> list[str]:
    """Folder by folder (by name), each sorted as `sort_documents` sorts."""
    folders = sorted({d.id.rpartition("/")[0] for d in docs})
    return [
        d.id
        for f in folders
        for d in listing.sort_documents([d for d in docs if d.id.rpartition("/")[0] == f], key)
    ]


async def test_a_warm_start_lists_the_stored_order_without_sorting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_corpus(tmp_path / "c", FILES)
    app = make_app([str(root)])
    async with app.run_test(size=(100, 30)) as pilot:  # the first start writes the cache
        await settle(app, pilot)
        first = [d.id for d in app.screen.query_one(DocumentList).rows]

    def no_sort(*args: object) -> None:
        raise AssertionError("the list was sorted on a warm start")

    monkeypatch.setattr(listing, "list_order", no_sort)
    app = make_app([str(root)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        doc_list = app.screen.query_one(DocumentList)
        docs = list(app.screen.corpus.documents)  # type: ignore[attr-defined]
        assert [d.id for d in doc_list.rows] == first == expected(docs, "title")
        assert first == ["e.txt", "sport/d.txt", "sport/c.txt", "world/b.txt", "world/a.txt"]
        folders = [x for x in doc_list._lines if isinstance(x, FolderRow)]
        assert folders == [
            FolderRow(".", 1, False),
            FolderRow("sport", 2, False),
            FolderRow("world", 2, False),
        ]


async def test_sorts_and_filters_keep_the_folders(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c", FILES)
    app = make_app([str(root)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        doc_list = app.screen.query_one(DocumentList)
        docs = list(app.screen.corpus.documents)  # type: ignore[attr-defined]
        doc_list.focus()
        await pilot.press("S")  # title -> length (no dates here)
        await settle(app, pilot)
        assert [d.id for d in doc_list.rows] == expected(docs, "length")
        await pilot.press("S")
        await settle(app, pilot)
        assert [d.id for d in doc_list.rows] == expected(docs, "title")
        await pilot.press("f", "e")  # "Quoted", "Zebra escape", "Athletics", e.txt's id
        await settle(app, pilot)
        assert [d.id for d in doc_list.rows] == [
            "e.txt",
            "sport/d.txt",
            "world/b.txt",
            "world/a.txt",
        ]
        folders = [(x.folder, x.count) for x in doc_list._lines if isinstance(x, FolderRow)]
        assert folders == [(".", 1), ("sport", 1), ("world", 2)]


def _docs(*ids: str) -> list[Document]:
    return [Document(i, f"/c/{i}", "/c", i.upper(), ()) for i in ids]


async def test_the_cursor_follows_a_kept_document_through_folded_folders() -> None:
    """`set_rows` with the worker's folder counts and the kept row: the line is worked out
    from the counts, a folded folder's rows not counted."""
    from textual.app import App, ComposeResult

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield DocumentList()

    rows = _docs("a/1", "a/2", "b/3", "b/4", "b/5", "c/6")
    folders = [("a", 2), ("b", 3), ("c", 1)]
    app = One()
    async with app.run_test(size=(60, 20)) as pilot:
        doc_list = app.query_one(DocumentList)
        doc_list.set_rows(rows, "b/4", folders, keep_at=3)
        await pilot.pause()
        assert doc_list.highlighted is not None and doc_list.highlighted.id == "b/4"
        assert doc_list.cursor == 5  # a, 1, 2, b, 3, [4]
        doc_list.folded = {"a"}
        doc_list.set_rows(rows, "c/6", folders, keep_at=None)  # found by id
        assert doc_list.cursor == 6  # a (folded), b, 3, 4, 5, c, [6]
        doc_list.set_rows(rows, "a/2", folders, keep_at=1)  # in a folded folder: the top
        assert doc_list.cursor == 0
        doc_list.move_to("a/2")  # unfolds it
        assert doc_list.folded == set() and doc_list.cursor == 2
        doc_list.set_rows(list(reversed(rows)), "b/3")  # not grouped: grouped here
        assert [d.id for d in doc_list.rows] == ["a/2", "a/1", "b/5", "b/4", "b/3", "c/6"]
        assert doc_list.highlighted is not None and doc_list.highlighted.id == "b/3"
