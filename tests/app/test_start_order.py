"""A warm start shows the cached list before the store is open: the store's imports and opening
delayed the list by ~100 ms. The reading state (read column, last document) follows the store."""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.geometry import Region
from textual.strip import Strip

import tui.core.store as store_package
from tests.app.conftest import drain, ready
from tui.app import make_app
from tui.core import memory
from tui.core.corpus import load_corpus
from tui.core.paths import corpus_key
from tui.core.store import Store
from tui.screens.main import MainScreen, workers
from tui.screens.main.loading import CorpusLoading
from tui.widgets.document_list import DocumentList


def _start_with_a_held_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, threading.Event, asyncio.Event]:
    """A cached corpus of three files whose last document read is b.txt, a store that opens
    only once the returned event is set, and an event set when the list is shown."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, title in [("a.txt", "Alpha"), ("b.txt", "Beta"), ("c.txt", "Gamma")]:
        (folder / name).write_text(f"{title} report\n\nThe body of {name}.\n", encoding="utf-8")
    corpus = load_corpus([folder])  # the cache, as a first start leaves it
    with Store() as store:
        store.set_last_document(corpus_key(corpus.roots), "b.txt")
        store.save_position(corpus.get("c.txt").root, "c.txt", 1, 2)  # type: ignore[union-attr]
    may_open = threading.Event()

    class HeldStore(Store):
        def __init__(self) -> None:
            may_open.wait(30)
            super().__init__()

    monkeypatch.setattr(store_package, "Store", HeldStore)
    shown = asyncio.Event()
    real_shown = CorpusLoading.shown

    def on_shown(self: CorpusLoading) -> None:
        real_shown(self)
        shown.set()

    monkeypatch.setattr(CorpusLoading, "shown", on_shown)
    return folder, may_open, shown


@asynccontextmanager
async def _listed_with_the_store_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[Any, Any, MainScreen, threading.Event]]:
    """The app on `_start_with_a_held_store`'s corpus, its list shown and its store held:
    (app, pilot, main screen, the event that lets the store open)."""
    folder, may_open, shown = _start_with_a_held_store(tmp_path, monkeypatch)
    app = make_app([str(folder)])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await asyncio.wait_for(shown.wait(), 30)
        yield app, pilot, screen, may_open


async def test_the_cached_list_is_shown_before_the_store_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with _listed_with_the_store_held(tmp_path, monkeypatch) as (app, _, screen, may_open):
        assert [d.id for d in screen.doc_list.rows] == ["a.txt", "b.txt", "c.txt"]
        assert screen.store is None and screen.current is None  # listed, the store not open
        may_open.set()
        await ready(app)
        assert screen.store is not None
        assert screen.current is not None and screen.current.id == "b.txt"  # the last document
        assert "c.txt" in screen.doc_list.progress  # the read column, from the store


async def test_keys_before_the_reading_state_keep_the_cursor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last document read is opened when the store is there; a key that moved the cursor
    before that keeps the cursor where it put it (Enter then opens what the user chose)."""
    async with _listed_with_the_store_held(tmp_path, monkeypatch) as (app, pilot, screen, may_open):
        await pilot.press("G")  # the last row, before the store is open
        may_open.set()
        await ready(app)
        assert screen.current is not None and screen.current.id == "b.txt"  # opened for them
        highlighted = screen.doc_list.highlighted
        assert highlighted is not None and highlighted.id == "c.txt"  # where G put it
        await pilot.press("enter")
        await ready(app)
        await pilot.pause()
        assert screen.current.id == "c.txt"


async def test_what_a_shown_list_starts_waits_for_its_paint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The panels, the index and the store start once the list's rows reached the terminal,
    not at the screen's next refresh (which can come before the list's paint: they then
    delayed it, ~100 ms on a warm start)."""
    folder, may_open, _ = _start_with_a_held_store(tmp_path, monkeypatch)
    may_open.set()
    events: list[str] = []
    real_render = DocumentList.render_lines

    def render_lines(self: DocumentList, crop: Region) -> list[Strip]:
        if self.rows and "painted" not in events:
            events.append("painted")
        return real_render(self, crop)

    monkeypatch.setattr(DocumentList, "render_lines", render_lines)
    real_shown = CorpusLoading.shown

    def on_shown(self: CorpusLoading) -> None:
        if self.screen.corpus is not None and not self.list_shown.is_set():
            events.append("shown")
        real_shown(self)

    monkeypatch.setattr(CorpusLoading, "shown", on_shown)
    app = make_app([str(folder)])
    async with app.run_test(size=(100, 30)):
        await ready(app)
    assert events == ["painted", "shown"]


def _load_log(folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the corpus worker posts on a start of `folder` (its list shown at once), in
    order, with "waited for the list" where it waited for the list's paint."""
    log: list[str] = []

    class Shown(threading.Event):
        def wait(self, timeout: float | None = None) -> bool:
            log.append("waited for the list")
            return super().wait(timeout)

    monkeypatch.setattr(workers, "cancelled", lambda: False)  # run here, not in a worker
    list_shown = Shown()
    list_shown.set()  # nothing blocks: the test looks at the order only
    work = threading.Thread(  # a thread of its own, as in the app
        target=workers.load_corpus,
        args=([str(folder)], True, lambda m: log.append(type(m).__name__), list_shown),
    )
    work.start()
    work.join()
    return log


def test_the_store_opens_after_the_cached_list_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker posts the cached list, then waits for it to be on screen before the store's
    imports and opening (which held the interpreter beside the list's paint)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Alpha report\n\nThe body.\n", encoding="utf-8")
    load_corpus([folder])  # the cache, as a first start leaves it
    log = _load_log(folder, monkeypatch)
    assert log.index("CorpusLoaded") < log.index("waited for the list") < log.index("StoreOpened")


def test_a_slow_first_load_opens_the_store_before_its_first_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first load listed in batches while it goes on (no preview) has the store open before
    the first batch: its documents can be opened and bookmarked then."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text(f"Report {i}\n\nThe body.\n", encoding="utf-8")
    monkeypatch.setattr(workers, "BATCH_SECONDS", 0)  # every document a batch
    log = _load_log(folder, monkeypatch)
    assert log.count("StoreOpened") == 1
    assert "CorpusBatch" in log
    assert log.index("StoreOpened") < log.index("CorpusBatch") < log.index("CorpusLoaded")


def test_a_first_start_imports_the_title_finder_once_the_list_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no cache yet, the worker posts the parsed list and waits for it to be on screen
    before importing the title finder (rapidfuzz, the query parser: ~12 ms that held the
    interpreter beside the list's paint)."""
    import sys
    import types

    import tui.core.search as search

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Alpha report\n\nThe body.\n", encoding="utf-8")
    log: list[str] = []

    class Watched(types.ModuleType):
        def __getattr__(self, name: str) -> object:
            if name == "open_title_finder" and "imported the title finder" not in log:
                log.append("imported the title finder")
            return getattr(search, name)

    class Shown(threading.Event):
        def wait(self, timeout: float | None = None) -> bool:
            log.append("waited for the list")
            return super().wait(timeout)

    monkeypatch.setitem(sys.modules, "tui.core.search", Watched("tui.core.search"))
    monkeypatch.setattr(workers, "cancelled", lambda: False)  # run here, not in a worker
    list_shown = Shown()
    list_shown.set()  # nothing blocks: the test looks at the order only
    workers.load_corpus([str(folder)], False, lambda m: log.append(type(m).__name__), list_shown)
    assert "TitlesReady" in log
    assert (
        log.index("CorpusLoaded")
        < log.index("waited for the list")
        < log.index("imported the title finder")
    )


def test_the_first_frame_imports_no_store_nor_config_parser() -> None:
    """The modules the reader's start imports before its first frame (the app and the command
    line) leave out SQLite and the TOML parser (the commands and a config file bring them),
    the models' dataclasses (~1 ms each to make; the loader's thread brings them), and the
    side panels and the footer (mounted once the list is shown: ~4 ms of imports)."""
    import subprocess
    import sys

    later = (
        "sqlite3",
        "tomllib",
        "tui.core.store",
        "tui.core.models",
        "tui.widgets.entity_panel",
        "tui.widgets.related_panel",
        "tui.widgets.key_bar",
    )
    script = (
        f"import sys, tui.cli, tui.app; print(sorted(m for m in {later!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[]\n"


def test_a_first_load_opens_the_corpus_cache_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first start finds no snapshot in the new cache and writes it from the same connection:
    closing the cache and opening it again checkpointed its log (three disk syncs, ~10-40 ms
    of the first start's list)."""
    from tui.core.corpus import cache as cache_module

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Alpha report\n\nThe body.\n", encoding="utf-8")
    opened: list[Path] = []
    real_open = cache_module.CorpusCache._open

    def counted_open(self: cache_module.CorpusCache) -> object:
        opened.append(self.path)
        return real_open(self)

    monkeypatch.setattr(cache_module.CorpusCache, "_open", counted_open)
    monkeypatch.setattr(workers, "cancelled", lambda: False)  # run here, not in a worker
    log: list[object] = []
    list_shown = threading.Event()
    list_shown.set()
    workers.load_corpus([str(folder)], False, log.append, list_shown)
    assert "CorpusLoaded" in [type(m).__name__ for m in log]
    assert len(opened) == 1, opened
    opened.clear()
    assert len(load_corpus([tmp_path / "corpus"], cache_dir=tmp_path / "other")) == 1
    assert len(opened) == 1, opened


def test_the_app_gives_memory_back_after_its_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The index build's worker asks once it is done (see also the entities worker)."""
    from tui.core import memory

    asked: list[int] = []
    monkeypatch.setattr(memory, "release_free_memory", lambda: asked.append(1) or True)
    monkeypatch.setattr(workers, "cancelled", lambda: False)

    class Index:
        def refresh(self, corpus: object, progress: object, cancelled: object) -> object:
            return type("Stats", (), {"summary": lambda self: "ok"})()

        def warm(self) -> None:
            pass

    posted: list[object] = []
    workers.build_index(object(), posted.append, Index())  # type: ignore[arg-type]
    assert asked == [1]
    assert [type(m).__name__ for m in posted] == ["IndexReady"]


async def test_the_app_keeps_what_it_built_out_of_the_collectors_passes(
    tmp_path: Path, seeds: Path
) -> None:
    """Once the list, document, index and entities are in, the objects they are made of (the
    screen, the corpus's documents) are frozen: a full pass of the collector, which holds the
    interpreter, no longer looks at them (on bbc-news, passes of 60-85 ms were frame gaps)."""
    import gc

    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)):
        await ready(app)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.corpus is not None
        looked_at = {id(o) for o in gc.get_objects()}
        assert id(screen.doc_list) not in looked_at
        assert id(screen.corpus.documents[0]) not in looked_at


async def test_nothing_asks_for_a_layout_between_the_first_frame_and_the_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the first frame is drawn, the next layout is the list's: the toast rack hidden
    again (as it already was) and the empty list's new width each cost a layout and a repaint
    of the whole screen, a frame between the first one and the list's."""
    from textual.widget import Widget

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Alpha report\n\nThe body.\n", encoding="utf-8")
    drawn: list[bool] = []
    asked: list[str] = []
    real_render = DocumentList.render_lines
    real_refresh = Widget.refresh

    def render_lines(self: DocumentList, crop: Region) -> list[Strip]:
        drawn.append(True)  # the first frame is being drawn
        return real_render(self, crop)

    def refresh(self: Widget, *regions: Region, layout: bool = False, **kw: bool) -> Widget:
        if (
            layout
            and drawn
            and isinstance(self.app.screen, MainScreen)
            and not self.app.screen.corpus
        ):
            asked.append(type(self).__name__)
        return real_refresh(self, *regions, layout=layout, **kw)

    monkeypatch.setattr(DocumentList, "render_lines", render_lines)
    monkeypatch.setattr(Widget, "refresh", refresh)
    app = make_app([str(folder)])
    async with app.run_test(size=(100, 30), notifications=True):
        await ready(app)
    assert drawn
    assert asked == [], asked


async def test_the_collector_paused_for_the_start_resumes_once_the_list_is_shown(
    seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI pauses the collector while the app starts; its passes come back once the first
    list is shown (their pass over what start-up made would have delayed it), not before."""
    enabled: list[bool] = []
    real_shown = CorpusLoading.shown

    def on_shown(self: CorpusLoading) -> None:
        enabled.append(gc.isenabled())
        real_shown(self)
        enabled.append(gc.isenabled())

    monkeypatch.setattr(CorpusLoading, "shown", on_shown)
    await _start_paused(seeds)
    assert enabled[:2] == [False, True]
    assert gc.isenabled()


async def test_the_collector_paused_for_the_start_resumes_when_the_load_fails(
    seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.core.corpus as corpus_package

    def unreadable(paths: list[str]) -> object:
        raise OSError("unreadable")

    monkeypatch.setattr(corpus_package, "open_cached", unreadable)
    await _start_paused(seeds)


async def _start_paused(seeds: Path) -> None:
    """The app started with the collector paused, as the CLI starts it: on once it is ready
    (the pause is undone after, whatever happened)."""
    memory.pause_collection()
    try:
        app = make_app([str(seeds)])
        async with app.run_test(size=(100, 30)):
            await ready(app)
            assert gc.isenabled()
    finally:
        memory.resume_collection()


def test_a_first_load_sends_its_last_progress_and_first_list_with_the_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The load's last progress and the list by title come in `CorpusLoaded` itself: posted
    alone, the progress was drawn at once (the worker's post let the UI's thread run), and the
    list, from a list worker started on `CorpusLoaded`, waited for the screen's next update."""
    from tui.screens.main.messages import CorpusLoaded, CorpusProgress

    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, title in (("a.txt", "Bravo"), ("b.txt", "Alpha"), ("c.txt", "Charlie")):
        (folder / name).write_text(f"{title} report\n\nThe body.\n", encoding="utf-8")
    monkeypatch.setattr(workers, "cancelled", lambda: False)  # run here, not in a worker
    log: list[object] = []
    list_shown = threading.Event()
    list_shown.set()
    workers.load_corpus([str(folder)], False, log.append, list_shown)
    assert not [m for m in log if isinstance(m, CorpusProgress) and m.done == m.total]
    loaded = next(m for m in log if isinstance(m, CorpusLoaded))
    assert loaded.progress is not None and (loaded.progress.done, loaded.progress.total) == (3, 3)
    assert loaded.first_list is not None and loaded.first_list.keep is None
    assert [d.title for d in loaded.first_list.rows] == [
        "Alpha report",
        "Bravo report",
        "Charlie report",
    ]


async def test_the_first_list_is_shown_only_for_the_view_it_was_made_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No list worker for a first list made by the loader; a filter typed before the corpus came
    gets its own list (the loader's, unfiltered, is not shown)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, title in (("a.txt", "Bravo"), ("b.txt", "Alpha")):
        (folder / name).write_text(f"{title} report\n\nThe body.\n", encoding="utf-8")
    computed: list[str] = []
    real_compute = workers.compute_list

    def compute_list(*args: object, **kwargs: object) -> None:
        computed.append(str(args[2]))  # the filter text
        real_compute(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(workers, "compute_list", compute_list)
    app = make_app([str(folder)])
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.corpus is not None
        assert computed == []  # the first list came with the corpus
        assert [d.title for d in screen.doc_list.rows] == ["Alpha report", "Bravo report"]
        first = workers.corpus_loaded(screen.corpus).first_list
        screen.current = None  # as before the corpus came: no document open, no cursor
        screen.doc_list.set_rows([])
        screen.list_pane.filter_text = "bravo"
        screen.list_pane.refresh(first=first)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert computed == ["bravo"]
        assert [d.title for d in screen.doc_list.rows] == ["Bravo report"]


async def test_reader_keys_typed_before_the_first_document_opens_wait_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`tab` `j` `b` typed as the list shows, before the store is open: the reader had no
    document, `j` and `b` did nothing and the bookmark was lost (e2e: a quick typist's `b q`).
    Keys for the reader wait for the document opened for the user; list keys do not (above)."""
    async with _listed_with_the_store_held(tmp_path, monkeypatch) as (app, pilot, screen, may_open):
        await pilot.press("tab")
        assert screen.focused is screen.reader and screen.current is None
        for key in ("j", "b"):
            await app.on_event(events.Key(key, key))  # as typed: not waited on, one by one
        may_open.set()
        await ready(app)
        await drain(app, pilot)
        assert screen.current is not None and screen.current.id == "b.txt"
        assert screen.reader.cursor == 2  # `j` moved the reader, once it had its document
        with Store() as store:
            marks = store.for_document(screen.current.root, "b.txt")
        assert [m.passage for m in marks] == [2]
