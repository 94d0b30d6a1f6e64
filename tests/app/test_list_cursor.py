"""The document list's cursor stays in sight: on the open document as a start shows it (the key
bar, mounted under the list after it, made it shorter), and after a filter that matched
nothing is cleared."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from textual.widgets import Input

from tests.app.conftest import drain, settle, write_corpus
from tui.app import make_app
from tui.core.paths import corpus_key
from tui.core.store import Store
from tui.screens.main import MainScreen
from tui.widgets.document_list import DocumentList

# More documents than an 80x24 list shows: the last read one is the 20th, at the list's foot.
FILES = {f"{i:03}.txt": f"Report number {i:03}\n\nThe body of report {i}.\n" for i in range(60)}


@asynccontextmanager
async def listed(root: Path, height: int = 24) -> AsyncIterator[tuple[Any, Any, DocumentList]]:
    """The app on `root` at 80 x `height`, ready: (app, pilot, its document list)."""
    app = make_app([str(root)])
    async with app.run_test(size=(80, height)) as pilot:
        await settle(app, pilot)
        yield app, pilot, app.screen.query_one(DocumentList)


def in_sight(doc_list: DocumentList) -> bool:
    top = round(doc_list.scroll_y)
    return top <= doc_list.cursor < top + doc_list.scrollable_content_region.height


async def test_the_open_document_s_row_is_in_sight_at_start_and_after_an_empty_filter(
    tmp_path: Path,
) -> None:
    root = write_corpus(tmp_path / "c", FILES)
    app = make_app([str(root)])
    async with app.run_test(size=(80, 24)) as pilot:  # the caches written
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.corpus is not None
        roots = screen.corpus.roots
    with Store() as store:  # the document last read: the list opens on it
        store.set_last_document(corpus_key(roots), "019.txt")
    for height in range(16, 25):  # wherever the list's foot is, the key bar coming after
        async with listed(root, height) as (app, pilot, doc_list):
            assert doc_list.highlighted is not None
            assert doc_list.highlighted.id == "019.txt"
            assert in_sight(doc_list), (height, doc_list.cursor, doc_list.scroll_y)
    async with listed(root) as (app, pilot, doc_list):
        await pilot.press("f", *"zzz")
        await drain(app, pilot)
        assert doc_list.rows == []
        await pilot.press("ctrl+u")
        await drain(app, pilot)
        assert app.screen.query_one("#filter", Input).value == ""
        assert doc_list.highlighted is not None
        assert doc_list.highlighted.id == "019.txt"
        await pilot.pause()
        assert in_sight(doc_list), (doc_list.cursor, doc_list.scroll_y)


async def test_a_count_before_j_or_k_moves_that_many_documents(tmp_path: Path) -> None:
    """As the README says, and as in the reader: `5j` moves five rows, `3k` three back."""
    async with listed(write_corpus(tmp_path / "c", FILES)) as (_app, pilot, doc_list):
        doc_list.focus()
        start = doc_list.cursor
        await pilot.press("5", "j")
        assert doc_list.cursor == start + 5
        await pilot.press("3", "k")
        assert doc_list.cursor == start + 2
        await pilot.press("1", "2", "j", "j")  # the count is used up by the key after it
        assert doc_list.cursor == start + 15
        assert in_sight(doc_list)


async def test_a_filter_that_matches_nothing_says_so(tmp_path: Path) -> None:
    """The list was blank, with "0 shown" in the filter's border only."""
    async with listed(write_corpus(tmp_path / "c", FILES)) as (app, pilot, doc_list):
        await pilot.press("f", *"[zz]")
        await drain(app, pilot)
        await pilot.pause()
        first = doc_list.render_line(0).text
        assert "No document matches “[zz]”: esc clears the filter." in first
        await pilot.press("ctrl+u")
        await drain(app, pilot)
        assert "Report number" in doc_list.render_line(0).text
