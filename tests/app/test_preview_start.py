"""A first start of a large corpus: its preview is listed and readable while its files are
read whole; the loaded corpus then takes its place (open document, passage and cursor kept),
and only then are the index and the panels built."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

import tui.core.corpus as corpus_package
from tests.app.conftest import drain, held, ready, write_corpus
from tui.app import make_app
from tui.core.corpus import LazyDocument, load_corpus
from tui.core.corpus.preview import ENV_PREVIEW, PreviewDocument
from tui.screens.main import MainScreen
from tui.screens.main.list_pane import ListPane
from tui.screens.main.loading import CorpusLoading
from tui.screens.main.messages import CorpusLoaded, ListReady
from tui.widgets.status_line import StatusLine

PROSE = "The talks went on late into the night, and no side would say what was agreed."
LONG = "\n\n".join(f"Part {i}. {PROSE}" for i in range(10))
FILES = {
    "a.txt": f"Alpha report\n\n{LONG}",
    "b.txt": f"Beta report\n\nBy Jane Doe\n\n{LONG}",
    "sub/c.txt": "Gamma note\n\nA short one.\n",
    "sub/d.txt": f"LONDON, 3 May 2021 - Delta markets rose. {PROSE}\n\n{LONG}",
}


async def test_a_large_corpus_is_read_from_its_preview_till_it_is_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_corpus(tmp_path / "corpus", FILES)
    monkeypatch.setenv(ENV_PREVIEW, "1")  # every corpus is "large"
    entered, release = threading.Event(), threading.Event()
    # `entered`: the preview was listed, the store opened: the load starts now.
    monkeypatch.setattr(
        corpus_package, "refresh_corpus", held(corpus_package.refresh_corpus, release, entered)
    )
    shown: list[str | None] = []
    set_part = StatusLine.set_part

    def record(self: StatusLine, key: str, text: str | None) -> None:
        if key == "work":
            shown.append(text)
        set_part(self, key, text)

    monkeypatch.setattr(StatusLine, "set_part", record)
    expected = [d.title for d in load_corpus([folder], use_cache=False).documents]
    app = make_app([str(folder)])
    async with app.run_test(size=(100, 30)) as pilot:
        assert await asyncio.to_thread(entered.wait, 30)
        for worker in [w for w in app.workers if w.group != "corpus"]:
            await worker.wait()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.loader.preview
        assert sorted(d.title for d in screen.doc_list.rows) == sorted(expected)
        assert all(isinstance(d, PreviewDocument) for d in screen.doc_list.rows)
        # Nothing is built from a preview: no index, no entities.
        assert not any(w.group in ("index", "entities") for w in app.workers)
        assert screen.search.index is None and screen.panels.entities is None
        assert screen.search.title_finder is not None  # `o` finds titles meanwhile
        # A document opens and reads (its file parsed whole).
        screen.open_document("sub/d.txt", 3)
        await pilot.pause()
        reader = screen.reader
        assert reader.document is not None and reader.document.id == "sub/d.txt"
        assert reader.cursor == 3
        assert reader.document.passages[2].text == f"Part 1. {PROSE}"
        assert reader.document.date == "2021-05-03"
        screen.doc_list.move_to("a.txt")  # the list's cursor elsewhere than the open document
        await pilot.pause()

        release.set()
        await ready(app)
        await drain(app, pilot)
        assert not screen.loader.preview
        corpus = screen.corpus
        assert corpus is not None
        loaded = corpus.get("sub/d.txt")
        assert isinstance(loaded, LazyDocument) and not isinstance(loaded, PreviewDocument)
        assert screen.current is loaded and reader.document is loaded
        assert reader.cursor == 3  # the same passage
        assert not any(isinstance(d, PreviewDocument) for d in screen.doc_list.rows)
        highlighted = screen.doc_list.highlighted
        assert highlighted is not None and highlighted.id == "a.txt"  # the cursor stayed
        # Built from the loaded corpus once it came.
        assert screen.search.index is not None and screen.panels.entities is not None
        assert screen.work.fraction() is None  # the header's progress is over
    # One progress from the preview to the end: it only went up, and went away at the end.
    percents = [int(t.split("%")[0].split()[-1]) for t in shown if t]
    assert percents and percents == sorted(percents), shown
    assert shown[-1] is None


async def test_a_small_corpus_is_not_previewed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_corpus(tmp_path / "corpus", FILES)
    monkeypatch.setenv(ENV_PREVIEW, str(len(FILES) + 1))
    shown: list[bool] = []
    real = CorpusLoading.loaded

    def loaded(self: CorpusLoading, message: CorpusLoaded) -> None:
        shown.append(message.preview)
        real(self, message)

    monkeypatch.setattr(CorpusLoading, "loaded", loaded)
    app = make_app([str(folder)])
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app)
        await drain(app, pilot)
    assert shown == [False]


async def test_the_list_hidden_as_the_loaded_corpus_comes_still_starts_the_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 80×24 `enter` (the reader over the list) typed as the loaded corpus's rows came: the
    list was not painted, and what is built from the corpus waited for its paint for ever."""
    folder = write_corpus(tmp_path / "corpus", FILES)
    monkeypatch.setenv(ENV_PREVIEW, "1")
    real = ListPane.ready

    def then_enter(self: ListPane, message: ListReady) -> None:
        real(self, message)
        if not self.screen.loader.preview:  # the loaded corpus's rows: the reader over them
            self.screen.show_reader()

    monkeypatch.setattr(ListPane, "ready", then_enter)
    app = make_app([str(folder)])
    async with app.run_test(size=(80, 24)) as pilot:
        await asyncio.wait_for(ready(app), 60)  # a guard against hanging, not a speed limit
        await drain(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.search.index is not None and screen.panels.entities is not None


async def test_keys_moving_the_list_while_its_rows_are_computed_keep_the_cursor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loaded corpus's rows are computed in a worker (at 100k, ~0.5 s) from where the
    cursor was; `j` typed meanwhile moved it on: it stays where the keys put it."""
    folder = write_corpus(tmp_path / "corpus", FILES)
    app = make_app([str(folder)])
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app)
        await drain(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        held: list[Callable[[], object]] = []
        real_in_thread = screen.in_thread

        def hold_the_list(group: str, work: Callable[[], object], exclusive: bool = True) -> None:
            if group == "list":
                held.append(work)
            else:
                real_in_thread(group, work, exclusive)

        monkeypatch.setattr(screen, "in_thread", hold_the_list)
        screen.set_focus(screen.doc_list)
        before = screen.doc_list.highlighted
        screen.list_pane.refresh(follow_open=False)  # as the loaded corpus's list is asked for
        await pilot.press("j")
        moved = screen.doc_list.highlighted
        assert held and before is not None and moved is not None and moved.id != before.id
        real_in_thread("list", held[0])  # the rows computed from where the cursor was
        await drain(app, pilot)
        highlighted = screen.doc_list.highlighted
        assert highlighted is not None and highlighted.id == moved.id


async def test_a_file_gone_before_the_load_ends_stays_readable_with_a_banner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The open document's file went away while the corpus loaded after its preview: the
    reader keeps its text (parsed when it was opened) and says the file is gone."""
    folder = write_corpus(tmp_path / "corpus", FILES)
    monkeypatch.setenv(ENV_PREVIEW, "1")
    entered, release = threading.Event(), threading.Event()
    monkeypatch.setattr(
        corpus_package, "refresh_corpus", held(corpus_package.refresh_corpus, release, entered)
    )
    app = make_app([str(folder)])
    async with app.run_test(size=(100, 30)) as pilot:
        assert await asyncio.to_thread(entered.wait, 30)
        for worker in [w for w in app.workers if w.group != "corpus"]:
            await worker.wait()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.open_document("b.txt", 2)
        await pilot.pause()
        assert screen.reader.document is not None
        text = [p.text for p in screen.reader.document.passages]
        (folder / "b.txt").unlink()
        release.set()
        await ready(app)
        await drain(app, pilot)
        assert screen.corpus is not None and screen.corpus.get("b.txt") is None
        reader = screen.reader
        assert reader.banner == "file gone from disk"
        assert reader.document is not None and reader.document.id == "b.txt"
        assert [p.text for p in reader.document.passages] == text
