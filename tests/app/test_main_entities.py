"""Pilot tests for the entity and related panels, the browser and cross-references as wired
into the main screen."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from tests.app.conftest import drain, settle
from tui.app import make_app
from tui.core.related_cache import CachedRelated
from tui.screens.main import MainScreen
from tui.widgets.entity_panel import EntityPanel
from tui.widgets.reader import Reader
from tui.widgets.related_panel import RelatedPanel
from tui.widgets.status_line import StatusLine

DOC_001 = "001_170ba86b760580a8.txt"


async def open_001(pilot, app) -> MainScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, MainScreen)
    screen.open_document(DOC_001, None)
    await settle(app, pilot)
    assert screen.panels.entities is not None
    return screen


async def test_entity_panel_highlights_mentions_and_n_walks_them(seeds: Path) -> None:
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_001(pilot, app)
        await pilot.press("e")
        panel = screen.query_one(EntityPanel)
        assert panel.has_focus
        keys = [o.id for o in panel._options if o.id and not o.id.startswith("type:")]
        assert "ORG:nato" in keys
        panel.highlighted = next(i for i, o in enumerate(panel._options) if o.id == "ORG:nato")
        await pilot.pause()
        status = screen.query_one(StatusLine)
        assert status.parts["find"].startswith("entity NATO: ")
        reader = screen.query_one(Reader)
        doc = reader.document
        assert doc is not None
        lit = [(p, s, e) for p, spans in reader.highlights.items() for s, e, _ in spans]
        for passage, start, end in lit:
            assert doc.passages[passage - 1].text[start:end] in ("NATO", "NATO’s", "NATO's")
        kinds = {kind for spans in reader.highlights.values() for _, _, kind in spans}
        assert kinds == {"entity"}
        await pilot.press("n")  # from the panel: the reader jumps to the first mention
        assert panel.has_focus and status.parts["find"].startswith("entity NATO 1/")
        current = [p for p, spans in reader.highlights.items() for *_, k in spans if k == "current"]
        assert current == [reader.cursor] == [min(lit)[0]]
        await pilot.press("escape")  # leaving the panel keeps the mentions lit
        assert reader.has_focus and reader.highlights and "find" in status.parts
        await pilot.press("escape")  # esc in the reader clears them
        assert reader.has_focus and reader.highlights == {} and "find" not in status.parts


async def test_related_panel_agrees_with_a_careful_reader_and_opens(seeds: Path) -> None:
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_001(pilot, app)
        await pilot.press("r")
        panel = screen.query_one(RelatedPanel)
        assert panel.has_focus
        ids = [o.id for o in panel._options if o.id]
        assert [i[:3] for i in ids[:2]] == ["002", "003"]
        panel.highlighted = 0
        await pilot.press("enter")
        assert screen.current is not None and screen.current.id.startswith("002")
        await pilot.press("left_square_bracket")
        assert screen.current is not None and screen.current.id == DOC_001


async def test_cross_references_open_a_passage_elsewhere(seeds: Path) -> None:
    from tui.dialogs.crossrefs import CrossRefs

    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_001(pilot, app)
        await pilot.press("tab")
        related = screen.panels.related
        assert related is not None and not related.passages_ready
        # Kept on disk by the entities worker, once the related index was in use: `x` reads it.
        assert isinstance(related, CachedRelated) and related._passages_file().exists()
        await pilot.press("x")  # the passage index read in a worker
        await drain(app, pilot)
        modal = app.screen
        assert isinstance(modal, CrossRefs)
        assert modal.refs, "passage 1 of 001 (NATO, Ukraine, troops) has cross-references"
        target = modal.refs[0]
        await pilot.press("enter")
        assert screen.current is not None and screen.current.id == target.doc
        assert screen.query_one(Reader).cursor == target.passage


async def test_entity_browser_filters_the_document_list(seeds: Path) -> None:
    from tui.screens.entity_browser import EntityBrowser
    from tui.widgets.document_list import DocumentList

    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_001(pilot, app)
        from tui.core.entities import EntityIndex

        assert isinstance(screen.panels.entities, EntityIndex)
        docs = screen.panels.entities.documents_for("GPE:kosovo")
        screen.panels.open_browser("GPE:kosovo")
        await pilot.pause()
        assert isinstance(app.screen, EntityBrowser)
        await pilot.press("f")  # the browser's "filter documents": it closes with the request
        await settle(app, pilot)
        assert app.screen is screen and screen.query_one(DocumentList).has_focus
        doc_list = screen.query_one(DocumentList)
        assert {d.id for d in doc_list.rows} == set(docs) and len(docs) < 5
        await pilot.press("escape")  # beside the reader, esc in the list clears it
        await settle(app, pilot)
        assert len(doc_list.rows) == 5


async def test_esc_from_the_entity_panel_keeps_its_mentions_lit_at_80x24(seeds: Path) -> None:
    """At 80×24 the panel covers the reader: leaving it with esc must show the reader with the
    entity's mentions lit (they were once cleared, so never seen)."""
    app = make_app([str(seeds)])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_001(pilot, app)
        await pilot.press("e", "j")
        status = screen.query_one(StatusLine)
        label = status.parts["find"]
        assert label.startswith("entity ") and "mention" in label
        assert not screen.query_one(RelatedPanel).display or not screen.narrow
        await pilot.press("escape")
        reader = screen.query_one(Reader)
        assert reader.has_focus and reader.region.width == 80
        assert status.parts.get("find") == label and reader.highlights
        await pilot.press("n")
        assert "1/" in status.parts["find"]


async def test_entity_filter_at_80x24_shows_the_list_and_esc_keeps_it(seeds: Path) -> None:
    """`tab e enter / kosovo enter f` at 80×24: the list (filtered) is on screen where focus
    is, the panel's entity leaves the status line, esc goes to the reader without clearing the
    filter just set, F shows every document again, and a document opened from the filtered
    list has the entity's mentions lit."""
    from tui.screens.entity_browser import EntityBrowser
    from tui.widgets.document_list import DocumentList

    app = make_app([str(seeds)])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("tab", "e")
        status = screen.query_one(StatusLine)
        assert status.parts["find"].startswith("entity ")
        await pilot.press("enter")
        assert isinstance(app.screen, EntityBrowser)
        await pilot.press("slash", *"kosovo", "enter", "f")
        await settle(app, pilot)
        doc_list = screen.query_one(DocumentList)
        assert app.screen is screen and doc_list.has_focus
        assert doc_list.region.width == 80 and screen.query_one(EntityPanel).region.width == 0
        assert len(doc_list.rows) == 1 and "find" not in status.parts
        await pilot.press("escape")
        await settle(app, pilot)
        reader = screen.query_one(Reader)
        assert reader.has_focus and reader.region.width == 80 and len(doc_list.rows) == 1
        await pilot.press("tab", "enter")
        await settle(app, pilot)
        assert status.parts["find"].startswith("entity Kosovo: ") and reader.highlights
        await pilot.press("tab", "F")
        await settle(app, pilot)
        assert len(doc_list.rows) == 5


async def test_the_app_shares_the_related_cache_with_the_command_line(
    seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core import related_pack
    from tui.core.related_cache import CachedRelated, cache_path

    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_001(pilot, app)
        assert isinstance(screen.panels.related, CachedRelated)
        assert screen.panels.related.path == cache_path((str(seeds.resolve()),))

    # A second session (or `dossier related`) reads the rows: no document is read again.
    def unread(doc: object) -> None:
        raise AssertionError("a document's features were computed again")

    monkeypatch.setattr(related_pack, "document_features", unread)
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_001(pilot, app)
        related = screen.panels.related
        assert related is not None
        assert [r.doc[:3] for r in related.related(DOC_001)[:2]] == ["002", "003"]


async def test_related_works_in_memory_when_its_cache_cannot_be_written(
    seeds: Path, isolated_data_dir: Path
) -> None:
    from tui.core.related_cache import CachedRelated

    isolated_data_dir.mkdir(parents=True, exist_ok=True)
    (isolated_data_dir / "related").write_text("a file where the cache folder would be", "utf-8")
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_001(pilot, app)
        related = screen.panels.related
        assert related is not None and not isinstance(related, CachedRelated)
        assert [r.doc[:3] for r in related.related(DOC_001)[:2]] == ["002", "003"]


async def test_related_documents_are_found_off_the_event_loop(
    seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The related panel's rows come from reads of the related cache, behind a lock its
    background upkeep may hold for seconds: they are found in a worker, never on the event
    loop (a 1.85 s frame gap on bbc-news, cold); the panel says so meanwhile."""
    threads: list[bool] = []
    real = CachedRelated.related

    def related(self: CachedRelated, *args: object, **kwargs: object) -> object:
        threads.append(threading.current_thread() is threading.main_thread())
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(CachedRelated, "related", related)
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_001(pilot, app)
        panel = screen.query_one(RelatedPanel)
        assert threads and not any(threads)  # asked, and never from the event loop
        assert [o.id[:3] for o in panel._options if o.id][:2] == ["002", "003"]
        screen.panels.show()  # asked again: "finding…" until the worker answers
        assert [str(o.prompt) for o in panel._options] == ["Finding related documents…"]
        await drain(app, pilot)
        assert [o.id[:3] for o in panel._options if o.id][:2] == ["002", "003"]


async def test_a_warm_start_shows_related_documents_before_the_entities(
    seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing changed since the related cache was written: it answers without the entity
    index (~80 s to read at 100k documents), so the related panel does not wait for it."""
    from tui.core.entities import EntityIndex
    from tui.dialogs.crossrefs import CrossRefs

    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await open_001(pilot, app)  # the caches written
    gate = threading.Event()
    real = EntityIndex.build.__func__  # type: ignore[attr-defined]

    def held(cls: type[EntityIndex], *args: object, **kwargs: object) -> EntityIndex:
        gate.wait(10)
        return real(cls, *args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(EntityIndex, "build", classmethod(held))
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        for _ in range(500):
            await pilot.pause(0.02)
            if screen.panels.related is not None and screen.current is not None:
                break
        panel = screen.query_one(RelatedPanel)
        screen.open_document(DOC_001, None)
        for _ in range(500):
            await pilot.pause(0.02)
            if [o.id for o in panel._options if o.id]:
                break
        assert screen.panels.entities is None and not gate.is_set()
        assert [o.id[:3] for o in panel._options if o.id][:2] == ["002", "003"]
        await pilot.press("tab", "x")  # cross-references need the entities: not yet
        assert not isinstance(app.screen, CrossRefs)
        gate.set()
        await settle(app, pilot)
        assert screen.panels.entities is not None
        related = screen.panels.related
        assert isinstance(related, CachedRelated) and related.has_entities
        await pilot.press("x")
        await drain(app, pilot)
        assert isinstance(app.screen, CrossRefs) and app.screen.refs


async def test_the_background_passage_index_shows_its_progress(seeds: Path) -> None:
    """The passage index behind `x`, built in the background once the panels are ready, says
    how far it is in the status line (the only sign of the work `x` would wait for), and the
    part goes when it is done."""
    from tui.screens.main.messages import EntitiesProgress

    app = make_app([str(seeds)])
    seen: list[tuple[str, int, int]] = []
    parts: list[str | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        status = screen.query_one(StatusLine)
        real_progress = screen.loader.progress

        def progress(message):  # type: ignore[no-untyped-def]
            if isinstance(message, EntitiesProgress):
                seen.append((message.stage, message.done, message.total))
                real_progress(message)
                parts.append(status.parts.get("entities"))
            else:
                real_progress(message)

        screen.loader.progress = progress  # type: ignore[method-assign]
        await settle(app, pilot)
        await drain(app, pilot)
        kept = [(done, total) for stage, done, total in seen if stage == "cross-references"]
        assert kept and kept[-1][0] == kept[-1][1], seen
        shown = [p for p in parts if p and p.startswith("cross-references")]
        assert shown or len(kept) == 1, parts
        assert "entities" not in status.parts, status.parts


async def test_a_large_corpus_is_built_by_a_child_process_and_only_read_here(
    seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From `PARALLEL_FROM` documents (here 1) the entity, related and passage caches come from
    a child process (tui/core/build_child.py): this process builds none of them."""
    from tui.core import build_child, pool, related_cache
    from tui.dialogs.crossrefs import CrossRefs

    started: list[build_child.ChildBuild] = []

    class Seen(build_child.ChildBuild):
        def __init__(self, roots: tuple[str, ...]) -> None:
            super().__init__(roots)
            started.append(self)

    built_here: list[str] = []
    rebuild, passages = related_cache.CachedRelated._rebuild, related_cache._PassageIndex.__init__

    def rebuilt(*args: Any, **kwargs: Any) -> None:
        built_here.append("related rows")
        rebuild(*args, **kwargs)

    def passages_built(*args: Any, **kwargs: Any) -> None:
        built_here.append("passage index")
        passages(*args, **kwargs)

    monkeypatch.setattr(build_child, "ChildBuild", Seen)
    monkeypatch.setattr(pool, "PARALLEL_FROM", 1)
    monkeypatch.setattr(related_cache.CachedRelated, "_rebuild", rebuilt)
    monkeypatch.setattr(related_cache._PassageIndex, "__init__", passages_built)
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_001(pilot, app)
        assert len(started) == 1 and started[0].process is None  # through, and reaped
        await pilot.press("r")
        ids = [o.id for o in screen.query_one(RelatedPanel)._options if o.id]
        assert [i[:3] for i in ids[:2]] == ["002", "003"]  # as when built here (above)
        await pilot.press("tab", "x")  # the passage index the child wrote
        await drain(app, pilot)
        assert isinstance(app.screen, CrossRefs) and app.screen.refs
    assert built_here == []


async def test_a_few_changed_documents_are_updated_here_not_by_a_child(
    seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A child reads the whole corpus again: worth it for a first build (here 5 documents,
    `PARALLEL_FROM` 3), not for one changed document, which the app's process updates."""
    import os
    import shutil

    from tui.core import build_child, pool

    started: list[tuple[str, ...]] = []

    class Seen(build_child.ChildBuild):
        def __init__(self, roots: tuple[str, ...]) -> None:
            super().__init__(roots)
            started.append(roots)

    monkeypatch.setattr(build_child, "ChildBuild", Seen)
    monkeypatch.setattr(pool, "PARALLEL_FROM", 3)
    folder = tmp_path / "corpus"
    shutil.copytree(seeds, folder)
    for _ in range(2):
        app = make_app([str(folder)])
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_001(pilot, app)
            await pilot.press("r")
            ids = [o.id for o in screen.query_one(RelatedPanel)._options if o.id]
            assert [i[:3] for i in ids[:2]] == ["002", "003"]
        changed = folder / DOC_001
        changed.write_text(changed.read_text() + "\n\nA paragraph added to NATO's story.\n")
        mtime = changed.stat().st_mtime  # a new size anyway; a later mtime too, to be sure
        os.utime(changed, (mtime + 60, mtime + 60))
    assert len(started) == 1  # the first start's build


async def _entities_before_related(
    seeds: Path, monkeypatch: pytest.MonkeyPatch, owner: Any, name: str
) -> None:
    """With `owner.name` (what comes after the entity index) held: the entity panel filled for
    DOC_001 while the related index is not there, and `x` waiting for it; then both."""
    import asyncio

    from tests.app.conftest import held
    from tui.dialogs.crossrefs import CrossRefs

    gate, entered = threading.Event(), threading.Event()
    monkeypatch.setattr(owner, name, held(getattr(owner, name), gate, entered))
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        try:
            assert await asyncio.to_thread(entered.wait, 30)
            screen = app.screen
            assert isinstance(screen, MainScreen)
            for _ in range(500):  # the EntitiesFound posted before the hold, handled
                if screen.panels.entities is not None and screen.current is not None:
                    break
                await pilot.pause(0.02)
            screen.open_document(DOC_001, None)
            await pilot.pause()
            panel = screen.query_one(EntityPanel)
            assert screen.panels.entities is not None and screen.panels.related is None
            assert panel.doc_id == DOC_001 and panel._entities  # its rows, not "extracting…"
            await pilot.press("tab", "x")  # cross-references need the related index: not yet
            assert not isinstance(app.screen, CrossRefs)
        finally:
            gate.set()
        await settle(app, pilot)
        assert screen.panels.related is not None and screen.panels.linked


async def test_the_entity_panel_fills_before_the_related_rows_are_made(
    seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first build makes the related rows from the entity index: the entity panel does not
    wait for them (minutes at 100k documents)."""
    from tui.core import related_cache

    await _entities_before_related(seeds, monkeypatch, related_cache.CachedRelated, "_rebuild")


async def test_a_child_s_entity_cache_is_read_before_its_related_rows(
    seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From `PARALLEL_FROM` documents the child process writes the entity cache, says so, and
    goes on to the related rows: the app reads the entities and fills the panel meanwhile."""
    from tui.core import build_child, pool

    monkeypatch.setattr(pool, "PARALLEL_FROM", 1)
    await _entities_before_related(seeds, monkeypatch, build_child.ChildBuild, "until_ready")
