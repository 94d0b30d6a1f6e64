"""A warm start shows the cached corpus at once; the files are looked at in the background and
the list updates in place (cursor, filter and open document kept)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from textual.widgets import Input

import tui.core.corpus as corpus_package
from tests.app.conftest import drain, held, ready
from tui.app import make_app
from tui.core.corpus import load_corpus
from tui.screens.main import MainScreen

PAST = 1_600_000_000


def write(folder: Path, name: str, text: str, when: int = PAST) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (when, when))


def _cached_then_held(folder: Path, monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The corpus cached (as a first start leaves it); the next start's background look at
    the files waits until the returned event is set (the test has changed them)."""
    load_corpus([folder])
    changed = threading.Event()
    after_the_change = held(corpus_package.refresh_corpus, changed)
    monkeypatch.setattr(corpus_package, "refresh_corpus", after_the_change)
    return changed


async def test_files_changed_after_start_update_the_list_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "corpus"
    for name, title in [("a.txt", "Alpha"), ("b.txt", "Beta"), ("c.txt", "Gamma")]:
        write(folder, name, f"{title} report\n\nThe body of {name}.\n")
    changed = _cached_then_held(folder, monkeypatch)
    app = make_app([str(folder)])
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        titles = [d.title for d in screen.doc_list.rows]
        assert titles == ["Alpha report", "Beta report", "Gamma report"]  # from the cache
        assert screen.current is not None and screen.current.id == "a.txt"
        screen.query_one("#filter", Input).value = "report"
        await pilot.pause()
        for worker in [w for w in app.workers if w.group != "corpus"]:
            await worker.wait()  # the corpus worker waits for the change, below
        await pilot.pause()
        screen.doc_list.move_to("c.txt")

        write(folder, "c.txt", "Gamma report revised\n\nA new body.\n", PAST + 60)
        (folder / "b.txt").unlink()
        write(folder, "d.txt", "Delta report\n\nAdded later.\n")
        changed.set()
        await drain(app, pilot)

        titles = [d.title for d in screen.doc_list.rows]
        assert titles == ["Alpha report", "Delta report", "Gamma report revised"]
        highlighted = screen.doc_list.highlighted
        assert highlighted is not None and highlighted.id == "c.txt"  # the cursor stayed
        assert screen.current is not None and screen.current.id == "a.txt"  # still open
        assert screen.query_one("#filter", Input).value == "report"
        assert screen.corpus is not None and screen.corpus.get("b.txt") is None


@pytest.mark.parametrize("how", ["changed", "removed"])
async def test_the_open_document_follows_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """The document opened at start (from the cache) changed or went away meanwhile: once the
    files were looked at, the reader shows it as it is now, or says that the file is gone."""
    folder = tmp_path / "corpus"
    write(folder, "a.txt", "Alpha report\n\nThe first body.\n\nA second passage.\n")
    write(folder, "b.txt", "Beta report\n\nThe body of b.\n")
    changed = _cached_then_held(folder, monkeypatch)
    app = make_app([str(folder)])
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.current is not None and screen.current.id == "a.txt"
        if how == "changed":
            write(folder, "a.txt", "Alpha revised\n\nA new body.\n\nA second passage.\n", PAST + 60)
        else:
            (folder / "a.txt").unlink()
        changed.set()
        await drain(app, pilot)
        reader = screen.reader
        assert reader.document is not None and reader.document.id == "a.txt"
        if how == "changed":
            assert reader.document.title == "Alpha revised"
            assert screen.current is reader.document
            assert "A new body." in [p.text for p in reader.document.passages]
        else:
            assert reader.banner == "file gone from disk"
            assert reader.document.title == "Alpha report"  # still readable
