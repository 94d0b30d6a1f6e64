"""A corpus with no readable document is still a corpus (an empty one is falsy, `len`): its
skipped files are listed by `!`, and a second start lists what was added since."""

from __future__ import annotations

from pathlib import Path

from tests.app.conftest import settle
from tui.app import make_app
from tui.dialogs.pick_list import PickList
from tui.screens.main import MainScreen
from tui.widgets.document_list import DocumentList


async def test_a_corpus_of_skipped_files_says_why_and_a_later_start_lists_what_came(
    tmp_path: Path,
) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "empty.txt").write_text("")
    app = make_app([str(root)])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.corpus is not None
        assert len(screen.corpus) == 0
        await pilot.press("!")
        await pilot.pause()
        assert isinstance(app.screen, PickList)
        assert [label for label, _ in app.screen.rows] == [f"{root / 'empty.txt'} — empty file"]
    (root / "ok.txt").write_text("Okay title\n\nOkay word.\n", encoding="utf-8")
    app = make_app([str(root)])  # the cache holds a corpus of no document
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        doc_list = app.screen.query_one(DocumentList)
        assert [d.id for d in doc_list.rows] == ["ok.txt"]
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.status.parts["corpus"] == "c (1 document)"  # not "(1 documents)"
