"""Pilot tests for the entity panel, the related panel, the entity browser and cross-references,
each in a tiny host app that records the messages and dismiss results."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList
from textual.worker import WorkerCancelled

from tui.core.corpus import load_corpus
from tui.core.entities import EntityIndex
from tui.core.models import Corpus
from tui.core.related import RelatedIndex
from tui.dialogs.crossrefs import CrossRefs
from tui.screens.entity_browser import (
    EntityBrowser,
    EntityEdit,
    EntityEditDialog,
    FilterDocuments,
    OpenPassage,
)
from tui.widgets.entity_panel import EntityPanel
from tui.widgets.related_panel import RelatedPanel

DOC1 = "001_170ba86b760580a8.txt"


@pytest.fixture(scope="module")
def seeds_data() -> tuple[Corpus, EntityIndex, RelatedIndex]:
    corpus = load_corpus([str(Path(__file__).resolve().parents[2] / "seeds")])
    entities = EntityIndex.build(corpus)
    return corpus, entities, RelatedIndex.build(corpus, entities)


class Host(App[None]):
    """Shows the two panels and records the messages they post."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[Message] = []
        self.results: list[Any] = []

    def compose(self) -> ComposeResult:
        yield EntityPanel(id="entities")
        yield RelatedPanel(id="related")

    def on_entity_panel_selected(self, message: EntityPanel.Selected) -> None:
        self.seen.append(message)

    def on_entity_panel_browse(self, message: EntityPanel.Browse) -> None:
        self.seen.append(message)

    def on_related_panel_open(self, message: RelatedPanel.Open) -> None:
        self.seen.append(message)


async def settle(app: App[Any], pilot: Any) -> None:
    for _ in range(3):
        with suppress(WorkerCancelled):  # replaced by a newer one (another entity highlighted)
            await app.workers.wait_for_complete()
        await pilot.pause()


async def test_entity_panel_groups_by_type_and_posts_selection(
    seeds_data: tuple[Corpus, EntityIndex, RelatedIndex],
) -> None:
    _, entities, _ = seeds_data
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        panel = app.query_one(EntityPanel)
        panel.set_entities(DOC1, entities.for_document(DOC1))
        panel.focus()
        await settle(app, pilot)
        headers = [
            str(panel.get_option_at_index(i).prompt)
            for i in range(panel.option_count)
            if panel.get_option_at_index(i).disabled
        ]
        rows = entities.for_document(DOC1)
        totals = {t: sum(n for e, n in rows if e.type == t) for t in {e.type for e, _ in rows}}
        expected = sorted(totals, key=lambda t: -totals[t])
        labels = {"GPE": "Places", "ORG": "Organisations", "NORP": "Groups & nationalities"}
        assert headers[:2] == [labels[t] for t in expected[:2]]  # most mentioned type first
        first = panel.selected_key
        assert first == "GPE:ukraine"  # the most mentioned entity of the first group
        await pilot.press("down")
        await settle(app, pilot)
        selected = [m for m in app.seen if isinstance(m, EntityPanel.Selected)]
        assert selected and selected[-1].key not in (None, "GPE:ukraine")
        await pilot.press("enter")
        await settle(app, pilot)
        browse = [m for m in app.seen if isinstance(m, EntityPanel.Browse)]
        assert browse and browse[-1].key == selected[-1].key


async def test_related_panel_lists_reasons_and_opens(
    seeds_data: tuple[Corpus, EntityIndex, RelatedIndex],
) -> None:
    _, _, related = seeds_data
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        panel = app.query_one(RelatedPanel)
        rows = related.related(DOC1, limit=4)
        panel.set_related(DOC1, rows)
        panel.focus()
        await settle(app, pilot)
        prompt = str(panel.get_option_at_index(0).prompt)
        assert rows[0].title in prompt and rows[0].shared_entities[0] in prompt
        await pilot.press("down", "enter")
        await settle(app, pilot)
        opened = [m for m in app.seen if isinstance(m, RelatedPanel.Open)]
        assert [m.doc_id for m in opened] == [rows[1].doc]


async def test_related_panel_marks_near_duplicates(tmp_path: Path) -> None:
    story = " ".join(f"Sentence {i} says Kosovo and NATO agreed on point {i}." for i in range(40))
    (tmp_path / "a.txt").write_text("Story\n\n" + story, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Story again\n\n" + story + " One more line.", "utf-8")
    (tmp_path / "c.txt").write_text("Other\n\nCats sleep in Paris all day long.", "utf-8")
    corpus = load_corpus([str(tmp_path)])
    ents = EntityIndex.build(corpus)
    rows = RelatedIndex.build(corpus, ents).related("a.txt")
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        panel = app.query_one(RelatedPanel)
        panel.set_related("a.txt", rows)
        await settle(app, pilot)
        assert rows[0].doc == "b.txt" and rows[0].near_duplicate
        assert "near-duplicate" in str(panel.get_option_at_index(0).prompt)


class BrowserHost(App[None]):
    def __init__(self, screen_factory: Any) -> None:
        super().__init__()
        self.factory = screen_factory
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.factory(), self.results.append)


async def test_browser_filters_and_requests_document_filter(
    seeds_data: tuple[Corpus, EntityIndex, RelatedIndex],
) -> None:
    corpus, entities, _ = seeds_data
    app = BrowserHost(lambda: EntityBrowser(entities, corpus))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, EntityBrowser)
        await pilot.press("slash")
        await pilot.press(*"rutte")
        await settle(app, pilot)
        assert screen.shown[0].name == "Mark Rutte"
        await pilot.press("enter")  # back to the list
        await settle(app, pilot)
        assert screen.current is not None and screen.current.name == "Mark Rutte"
        mentions = screen.query_one("#entity-mentions", OptionList)
        assert mentions.option_count >= 2  # "Mark Rutte" and "Rutte" in 001
        await pilot.press("f")
        await settle(app, pilot)
        assert app.results == [
            FilterDocuments("Mark Rutte", (DOC1,), "PERSON:mark rutte")
        ]  # as written


async def test_browser_opens_a_passage_and_shows_cooccurrence(
    seeds_data: tuple[Corpus, EntityIndex, RelatedIndex],
) -> None:
    corpus, entities, _ = seeds_data
    app = BrowserHost(lambda: EntityBrowser(entities, corpus, key="GPE:kosovo"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, EntityBrowser)
        summary = str(screen.query_one("#entity-summary").render())
        assert "Kosovo" in summary and "NATO" in summary  # appears with NATO
        assert "  place · " in summary and "GPE" not in summary  # the type by name, as the panel
        kosovo = entities.get("GPE:kosovo")
        assert kosovo is not None and len(kosovo.docs) == 1 and "in 1 document\n" in summary
        await pilot.press("tab", "down", "enter")
        await settle(app, pilot)
        (result,) = app.results
        assert isinstance(result, OpenPassage)
        assert result.doc_id == "000_4a9b25a20419bc64.txt" and result.passage >= 1


async def test_browser_rename_merge_and_hide_requests(
    seeds_data: tuple[Corpus, EntityIndex, RelatedIndex],
) -> None:
    corpus, entities, _ = seeds_data
    app = BrowserHost(lambda: EntityBrowser(entities, corpus, key="ORG:kfor"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        assert isinstance(app.screen, EntityEditDialog)
        await pilot.press(*"no such thing", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, EntityBrowser) and app.results == []
        await pilot.press("m")
        await settle(app, pilot)
        await pilot.press(*"nato", "enter")
        await settle(app, pilot)
        assert app.results == [EntityEdit("merge", "ORG:kfor", "ORG:nato")]
    app = BrowserHost(lambda: EntityBrowser(entities, corpus, key="ORG:kfor"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, EntityEditDialog)
        dialog.query_one(Input).value = "Kosovo Force"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.results == [EntityEdit("rename", "ORG:kfor", "Kosovo Force")]
    app = BrowserHost(lambda: EntityBrowser(entities, corpus, key="ORG:kfor"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("h")
        await settle(app, pilot)
        assert app.results == [EntityEdit("hide", "ORG:kfor")]


async def test_crossrefs_highlights_and_opens(
    seeds_data: tuple[Corpus, EntityIndex, RelatedIndex],
) -> None:
    corpus, _, related = seeds_data
    refs = related.passage_refs(DOC1, 1, limit=5)
    assert refs and all(r.doc != DOC1 for r in refs)
    app = BrowserHost(lambda: CrossRefs(corpus.get(DOC1).title, 1, refs))  # type: ignore[union-attr]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CrossRefs)
        prompt = screen.query_one(OptionList).get_option_at_index(0).prompt
        spans = [s for s in prompt.spans if "underline" in str(s.style)]  # type: ignore[union-attr]
        assert spans  # shared entities / words are styled, not marked up
        await pilot.press("j", "enter")
        await settle(app, pilot)
        assert app.results == [(refs[1].doc, refs[1].passage)]


async def test_crossrefs_escape_and_empty() -> None:
    app = BrowserHost(lambda: CrossRefs("Nothing", 1, []))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, CrossRefs)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.results == [None]
        assert not isinstance(app.screen, Screen) or not isinstance(app.screen, CrossRefs)


async def test_browser_fits_80_columns(
    seeds_data: tuple[Corpus, EntityIndex, RelatedIndex],
) -> None:
    """At 80×24 the header and its keys are not cut, and a row names its type in a word,
    so that "Russian  group · 3 docs" takes one line of the list (the type codes and the long
    "group or nationality" once wrapped or were cut)."""
    from textual.widgets import Static

    corpus, entities, _ = seeds_data
    app = BrowserHost(lambda: EntityBrowser(entities, corpus))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        for id_ in ("#entity-browser-header", "#entity-browser-keys"):
            static = screen.query_one(id_, Static)
            assert static.visual is not None
            text = str(static.render())
            assert "esc close" in text or id_.endswith("header")
            assert len(text) <= static.content_region.width
        listing = screen.query_one("#entity-list", OptionList)
        rows = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        russian = next(r for r in rows if r.startswith("Russian "))
        assert russian == "Russian  group · 3 docs"
        assert len(russian) <= listing.content_region.width - 1  # the scrollbar's column


async def test_the_browser_reads_the_index_in_workers_and_lists_no_documents_to_count_them(
    seeds_data: tuple[Corpus, EntityIndex, RelatedIndex], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100k documents listing the entities took ~50 ms, counting the shown ones' documents
    by listing them ~100 ms, and a common entity's companions and mentions ~1.7 s: all on the
    UI's thread, at each move of the cursor. The index is now read in workers, and a count is
    a count."""
    import threading

    from tui.core.entities.index import IndexedEntity

    corpus = seeds_data[0]
    entities = EntityIndex.build(corpus)  # its own: the shared one's entities were listed
    threads: list[str] = []
    for name in ("entities", "cooccurring", "mentions"):
        real = getattr(EntityIndex, name)

        def spy(self: EntityIndex, *args: Any, _real: Any = real, **kwargs: Any) -> Any:
            threads.append(threading.current_thread().name)
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(EntityIndex, name, spy)
    app = BrowserHost(lambda: EntityBrowser(entities, corpus, key="GPE:kosovo"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, EntityBrowser)
        assert screen.current is not None and screen.current.key == "GPE:kosovo"
        assert "NATO" in str(screen.query_one("#entity-summary").render())
        assert screen.query_one("#entity-mentions", OptionList).option_count >= 1
        assert len(threads) >= 3 and threading.main_thread().name not in threads, threads
        rows = [e for e in screen.shown if isinstance(e, IndexedEntity)]
        assert rows and all(e._listed is None for e in rows if e is not screen.current)


def test_an_indexed_entity_counts_its_documents_without_listing_them(
    seeds_data: tuple[Corpus, EntityIndex, RelatedIndex],
) -> None:
    from tui.core.models import Entity

    entities = EntityIndex.build(seeds_data[0])  # its own: the shared one's were listed
    for ent in entities.entities():
        count = ent.doc_count
        assert getattr(ent, "_listed", None) is None
        plain = Entity(ent.key, ent.name, ent.type, ent.count, list(ent.docs), ent.aliases)
        assert count == plain.doc_count == len(ent.docs)
        assert entities.mentions(ent.key, limit=2) == entities.mentions(ent.key)[:2]
