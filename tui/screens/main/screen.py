"""The main screen: the coordinator. Widgets post messages up; this screen sets attributes down
and runs every slow thing (loading, indexing) in thread workers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input
from textual.worker import get_current_worker

from tui.core.errors import StoreError
from tui.core.history import History, Place
from tui.core.models import Corpus, Document
from tui.core.paths import corpus_key
from tui.messages import OpenDocument
from tui.widgets.document_list import DocumentList
from tui.widgets.entity_panel import EntityPanel
from tui.widgets.reader import Reader
from tui.widgets.related_panel import RelatedPanel
from tui.widgets.status_line import StatusLine

if TYPE_CHECKING:  # heavy modules load on first use, after the first frame is drawn
    from tui.core.search import SearchHit
    from tui.core.store import Bookmark, Store
    from tui.dialogs.note_dialog import NoteResult
    from tui.screens.bookmarks import BookmarksScreen

NARROW = 100  # below this width the list and the reader take turns
WIDE = 140  # from this width the entity and related panels stay beside the reader


@dataclass
class CorpusProgress(Message):
    done: int
    total: int


@dataclass
class CorpusBatch(Message):
    documents: list[Document]


@dataclass
class CorpusLoaded(Message):
    corpus: Corpus


@dataclass
class CorpusFailed(Message):
    error: str


@dataclass
class ListReady(Message):
    rows: list[Document]
    keep: str | None


@dataclass
class RawLoaded(Message):
    document: Document


@dataclass
class StoreOpened(Message):
    store: Store


@dataclass
class EntitiesReady(Message):
    entities: object  # EntityIndex (imported lazily: extraction is heavy)
    related: object  # RelatedIndex


@dataclass
class EntitiesProgress(Message):
    stage: str
    done: int
    total: int


@dataclass
class IndexProgress(Message):
    done: int
    total: int


@dataclass
class IndexReady(Message):
    index: object  # SqliteIndex (imported lazily)
    summary: str


@dataclass
class TitlesReady(Message):
    finder: object  # core TitleFinder


@dataclass
class ProgressReady(Message):
    percents: dict[str, float]


@dataclass
class BookmarksReady(Message):
    bookmarks: list[Bookmark]
    titles: dict[str, str]
    error: str | None = None


class MainScreen(Screen[None]):
    """Document list, reader, status line and footer; owns history and the loaded corpus."""

    AUTO_FOCUS = "#documents"

    # The footer shows the first ones; every one is in the help screen and the palette.
    BINDINGS = [
        Binding("o", "find_title", "Find title", id="main.find_title"),
        Binding("s", "search", "Search", id="main.search"),
        Binding("slash", "find", "Find in document", id="main.find"),
        Binding("e", "entities", "Entities", id="main.entities"),
        Binding("r", "related", "Related", id="main.related"),
        Binding("b", "toggle_bookmark", "Bookmark", id="main.bookmark"),
        Binding("B", "bookmarks", "Bookmarks", id="main.bookmarks"),
        Binding("left_square_bracket", "back", "Back", id="main.back"),
        Binding("right_square_bracket", "forward", "Forward", id="main.forward"),
        Binding("tab", "switch_pane", "Switch pane", show=False, id="main.switch_pane"),
        Binding("n", "next_match", "Next match", show=False, id="main.next_match"),
        Binding("N", "previous_match", "Previous match", show=False, id="main.previous_match"),
        Binding("x", "crossrefs", "Cross-references", show=False, id="main.crossrefs"),
        Binding("a", "annotate", "Note on passage", show=False, id="main.annotate"),
        Binding("y", "copy", "Copy passage", show=False, id="main.copy"),
        Binding("t", "outline", "Outline", show=False, id="main.outline"),
        Binding("f", "filter", "Filter list", show=False, id="main.filter"),
        Binding("S", "cycle_sort", "Sort list", show=False, id="main.sort"),
        Binding("v", "toggle_raw", "Raw text", show=False, id="main.raw"),
        Binding("exclamation_mark", "skipped", "Skipped files", show=False, id="main.skipped"),
        Binding("escape", "escape", "Back / close / clear", show=False, id="main.escape"),
    ]

    def __init__(self, paths: list[str]) -> None:
        super().__init__()
        self.paths = paths
        self.corpus: Corpus | None = None
        self.history = History()
        self.sort_key = "title"
        self.filter_text = ""
        self.current: Document | None = None
        self.raw_mode = False
        # What n/N walk: find-in-document matches, search terms, or an entity's mentions.
        self.matches: list[tuple[int, int, int]] = []
        self.match_index = -1
        self.match_label = ""
        self.entities: object | None = None  # EntityIndex once built
        self.related: object | None = None  # RelatedIndex once built
        self.entity_filter: tuple[str, frozenset[str]] | None = None  # (label, doc ids)
        self.index: object | None = None  # SqliteIndex once refreshed
        self.index_settled = threading.Event()  # set when the index is ready, or failed
        self.title_finder: object | None = None  # core TitleFinder
        self.search_screen: object | None = None  # kept, so esc and s keep query and results
        self.search_place: Place | None = None  # where a search result was opened
        self.store: Store | None = None
        self.doc_marks: list[Bookmark] = []  # the open document's bookmarks, re-anchored
        self.unbookmarked: Bookmark | None = None  # what `b` last removed: `b` again restores

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        with Horizontal(id="body"):
            with Vertical(id="list-pane"):
                yield Input(placeholder="filter documents (f)", id="filter")
                yield DocumentList(id="documents")
            yield Reader(id="reader")
        yield Input(placeholder="find in document (enter: to reader, esc: close)", id="find")

    def on_mount(self) -> None:
        status = self.query_one(StatusLine)
        status.set_part("corpus", "loading…")
        self._apply_width(self.app.size.width)
        self.set_focus(self.query_one(DocumentList))
        # Draw the first frame first: the footer and the side panels (many widgets to style)
        # and the loader thread (which competes for the interpreter) come right after it.
        self.call_after_refresh(self._after_first_frame)

    async def _after_first_frame(self) -> None:
        body = self.query_one("#body", Horizontal)
        if not body.is_attached:  # the app is already closing
            return
        side = Vertical(EntityPanel(id="entity-panel"), RelatedPanel(id="related-panel"), id="side")
        await body.mount(side)
        await self.mount(Footer())
        # Let the frame reach the terminal before the loader thread takes the interpreter.
        self.set_timer(0.05, self.load_corpus)

    def on_resize(self, event: Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        narrow = width < NARROW
        self.set_class(narrow, "-narrow")
        self.set_class(width >= WIDE, "-wide")
        if narrow and self.current is None:
            self.add_class("-show-list")

    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow")

    @property
    def list_covers_reader(self) -> bool:
        """At 80×24 the list and the reader take turns: whether it is the list's turn."""
        return self.narrow and self.has_class("-show-list")

    # -- loading ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="corpus")
    def load_corpus(self) -> None:
        from tui.core.corpus import load_corpus

        worker = get_current_worker()
        if self.store is None:
            from tui.core.store import Store

            self.post_message(StoreOpened(Store()))  # opening may move a corrupt file aside

        def progress(done: int, total: int) -> None:
            self.post_message(CorpusProgress(done, total))

        def batch(documents: list[Document]) -> None:
            self.post_message(CorpusBatch(documents))

        try:
            corpus = load_corpus(
                self.paths,
                progress=progress,
                batch=batch,
                cancelled=lambda: worker.is_cancelled,
            )
        except (OSError, ValueError) as exc:
            self.post_message(CorpusFailed(str(exc)))
            return
        self.post_message(CorpusLoaded(corpus))

    @work(thread=True, exclusive=True, group="progress")
    def load_progress(self) -> None:
        """How far each document of the corpus has been read (for the list's read column)."""
        if self.store is None or self.corpus is None:
            return
        percents: dict[str, float] = {}
        for root in {d.root for d in self.corpus.documents}:
            for (_, doc_id), position in self.store.positions(root).items():
                percents[doc_id] = position.percent
        self.post_message(ProgressReady(percents))

    def on_progress_ready(self, message: ProgressReady) -> None:
        doc_list = self.query_one(DocumentList)
        doc_list.progress = {**message.percents, **doc_list.progress}
        doc_list.refresh()

    def on_store_opened(self, message: StoreOpened) -> None:
        self.store = message.store
        if message.store.notice:
            self.notify(message.store.notice, severity="warning", timeout=12)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

    def on_corpus_progress(self, message: CorpusProgress) -> None:
        self.query_one(StatusLine).set_part(
            "progress", f"loading {message.done:,}/{message.total:,} files"
        )

    def on_corpus_batch(self, message: CorpusBatch) -> None:
        """While loading, list documents as they come (in load order), so the list scrolls."""
        if self.corpus is not None:
            return
        doc_list = self.query_one(DocumentList)
        keep = doc_list.highlighted
        doc_list.set_rows(doc_list.rows + message.documents, keep=keep.id if keep else None)

    def on_corpus_failed(self, message: CorpusFailed) -> None:
        status = self.query_one(StatusLine)
        status.set_part("progress", None)
        status.set_part("corpus", f"could not load: {message.error}")
        self.notify(message.error, title="Could not load the corpus", severity="error")

    def on_corpus_loaded(self, message: CorpusLoaded) -> None:
        corpus = message.corpus
        self.corpus = corpus
        status = self.query_one(StatusLine)
        status.set_part("progress", f"listing {len(corpus):,} documents…")
        if corpus.skipped:
            n = len(corpus.skipped)
            status.set_part("skipped", f"{n} skipped — press ! to see why")
            self.notify(
                f"{n} file{'s' if n != 1 else ''} skipped — press ! to see why",
                severity="warning",
            )
        if not corpus.documents:
            self.query_one(Reader).empty_text = "No readable document here. Press ! to see why."
            self.query_one(Reader).refresh()
        self.refresh_list()
        self.load_progress()
        self.entities = self.related = None
        self.build_entities()
        self.index = self.title_finder = self.search_screen = None
        self.index_settled.clear()
        self.build_index()
        if corpus.documents:
            last = self.store.last_document(corpus_key(corpus.roots)) if self.store else None
            first = (corpus.get(last) if last else None) or sort_first(corpus, self.sort_key)
            self.open_document(first.id, None)
            if len(corpus.documents) == 1:  # `dossier report.md`: a list of one is in the way
                self._show_reader()

    # -- search: title finder, corpus search ------------------------------------------------

    @work(thread=True, exclusive=True, group="index")
    def build_index(self) -> None:
        from tui.core.search import TitleFinder
        from tui.core.search.sqlite_index import open_index

        corpus = self.corpus
        if corpus is None:
            return
        worker = get_current_worker()
        self.post_message(TitlesReady(TitleFinder((d.id, d.title) for d in corpus.documents)))

        def progress(done: int, total: int) -> None:
            self.post_message(IndexProgress(done, total))

        try:
            index = open_index(corpus)
            stats = index.refresh(corpus, progress=progress, cancelled=lambda: worker.is_cancelled)
            index.warm()  # load the vocabulary now, not on the first keystroke
        except Exception as exc:  # a broken index must never take the reader down
            self.index_settled.set()
            self.app.call_from_thread(
                self.notify, f"Search index unavailable: {exc}", severity="error"
            )
            return
        if not worker.is_cancelled:
            self.post_message(IndexReady(index, stats.summary()))

    def on_titles_ready(self, message: TitlesReady) -> None:
        self.title_finder = message.finder

    def on_index_progress(self, message: IndexProgress) -> None:
        if message.total and message.done < message.total:
            percent = 100 * message.done // message.total
            self.query_one(StatusLine).set_part("index", f"indexing {percent}%")

    def on_index_ready(self, message: IndexReady) -> None:
        self.index = message.index
        self.index_settled.set()
        self.query_one(StatusLine).set_part("index", None)

    def action_find_title(self) -> None:
        from tui.dialogs.title_finder import TitleFinder

        if self.title_finder is None:
            self.notify("Titles are still loading…", timeout=2)
            return

        def done(doc_id: str | None) -> None:
            if doc_id:
                self.open_document(doc_id, None)
                self._show_reader()

        self.app.push_screen(TitleFinder(self.title_finder), done)  # type: ignore[arg-type]

    def action_search(self) -> None:
        from tui.screens.search import SearchScreen

        if self.search_screen is None:
            newest_first = self.store.query_history("search") if self.store else []
            self.search_screen = SearchScreen(
                self._search, list(reversed(newest_first)), target=self
            )
        assert isinstance(self.search_screen, SearchScreen)
        self.app.push_screen(self.search_screen)

    def _search(self, query: str) -> list[SearchHit]:
        """Runs in the search screen's worker thread."""
        from tui.core.search import QuerySyntaxError
        from tui.core.search.sqlite_index import SqliteIndex

        # A query typed while the index is being built waits for it (in this worker thread,
        # cancelled by the next keystroke), then runs.
        worker = get_current_worker()
        while not self.index_settled.wait(timeout=0.1):
            if worker.is_cancelled:
                return []
        index = self.index
        if not isinstance(index, SqliteIndex):
            raise QuerySyntaxError("the search index is not available (see the notice)")
        return list(index.query(query, limit=50))

    def on_search_screen_open(self, message: object) -> None:
        from tui.core.search import find_in_text
        from tui.screens.search import SearchScreen

        assert isinstance(message, SearchScreen.Open)
        if self.store is not None and isinstance(self.search_screen, SearchScreen):
            history = self.search_screen.history
            if history:
                with suppress(StoreError):
                    self.store.append_query(history[-1], "search")
        if not self.open_document(message.doc_id, message.passage):
            return
        self._show_reader()
        self.search_place = self.history.current
        if self.current is not None and message.terms:
            matches = sorted(
                {m for term in message.terms for m in find_in_text(term, self.current.passages)}
            )
            query = self.search_screen.query_text if self.search_screen else ""  # type: ignore[attr-defined]
            self.set_matches(matches, f"search {query.strip()!r}", jump=False)
            here = [i for i, m in enumerate(matches) if m[0] == message.passage]
            if here:
                self.match_index = here[0]
                self._show_matches()

    # -- entities and related documents ----------------------------------------------------

    @work(thread=True, exclusive=True, group="entities")
    def build_entities(self) -> None:
        from tui.core.entities import EntityIndex, RuleExtractor, cache_path
        from tui.core.entities.edits import load_edits
        from tui.core.related import RelatedIndex

        corpus = self.corpus
        if corpus is None:
            return
        worker = get_current_worker()

        def stopped() -> bool:
            return worker.is_cancelled

        def progress(stage: str) -> Callable[[int, int], None]:
            def update(done: int, total: int) -> None:
                self.post_message(EntitiesProgress(stage, done, total))

            return update

        edits = load_edits()
        if edits.message:
            self.app.call_from_thread(self.notify, edits.message, severity="warning")
        try:
            entities = EntityIndex.build(
                corpus,
                RuleExtractor(),
                progress=progress("entities"),
                cancelled=stopped,
                cache=cache_path(corpus.roots),
            )
            edits.apply(entities)
            related = RelatedIndex.build(
                corpus, entities, progress=progress("related"), cancelled=stopped
            )
            related.prepare_passages()
        except OSError as exc:
            self.app.call_from_thread(self.notify, f"Entities unavailable: {exc}", severity="error")
            return
        if not worker.is_cancelled:
            self.post_message(EntitiesReady(entities, related))

    def on_entities_progress(self, message: EntitiesProgress) -> None:
        if message.total and message.done < message.total:
            percent = 100 * message.done // message.total
            self.query_one(StatusLine).set_part("entities", f"{message.stage} {percent}%")

    def on_entities_ready(self, message: EntitiesReady) -> None:
        self.entities, self.related = message.entities, message.related
        self.query_one(StatusLine).set_part("entities", None)
        self._show_panels()

    def _show_panels(self) -> None:
        from tui.core.entities import EntityIndex
        from tui.core.related import RelatedIndex

        entities, related = self.entities, self.related
        if not isinstance(entities, EntityIndex) or not isinstance(related, RelatedIndex):
            return
        doc = self.current
        if doc is None or self.raw_mode:
            self.query_one(EntityPanel).set_entities(None, [])
            self.query_one(RelatedPanel).set_related(None, [])
            return
        self.query_one(EntityPanel).set_entities(doc.id, entities.for_document(doc.id))
        try:
            rows = related.related(doc.id, limit=10)
        except KeyError:
            rows = []
        self.query_one(RelatedPanel).set_related(doc.id, rows)

    def _show_side(self, panel: str) -> None:
        self.add_class("-show-side")
        # At 80×24 the side pane replaces the reader: show only the panel asked for.
        self.set_class(panel == "entity-panel", "-side-entities")
        self.set_class(panel == "related-panel", "-side-related")
        self.remove_class("-show-list")
        self.set_focus(self.query_one(f"#{panel}"))

    def _hide_side(self) -> None:
        self.remove_class("-show-side")
        if self.match_kind == "entity":
            self.clear_matches()  # esc clears an entity's highlights
        self.set_focus(self.query_one(Reader))

    def action_entities(self) -> None:
        from tui.core.entities import EntityIndex

        if self.entities is None:
            self.notify("Entities are still being extracted…", timeout=2)
        self._show_side("entity-panel")
        panel = self.query_one(EntityPanel)
        index = panel.highlighted
        if index is not None and isinstance(self.entities, EntityIndex):
            key = panel.get_option_at_index(index).id
            entity = self.entities.get(key) if key else None
            if entity is not None:
                self._light_entity(entity.key, entity.name)

    def action_related(self) -> None:
        if self.related is None:
            self.notify("Related documents are still being computed…", timeout=2)
        self._show_side("related-panel")

    def on_entity_panel_selected(self, message: EntityPanel.Selected) -> None:
        # The panel also "selects" its first row when it is refilled: only a reader's
        # choice (the panel has focus) lights mentions up.
        if self.query_one(EntityPanel).has_focus:
            self._light_entity(message.key, message.name)

    def _light_entity(self, key: str, name: str) -> None:
        from tui.core.entities import EntityIndex

        if not isinstance(self.entities, EntityIndex) or self.current is None:
            return
        mentions = self.entities.mentions(key, self.current.id)
        spans = sorted((m.passage, m.start, m.end) for m in mentions)
        self.set_matches(spans, f"entity {name}", jump=False)

    def on_entity_panel_browse(self, message: EntityPanel.Browse) -> None:
        self.open_browser(message.key)

    def open_browser(self, key: str | None = None) -> None:
        from tui.core.entities import EntityIndex
        from tui.screens.entity_browser import EntityBrowser

        if not isinstance(self.entities, EntityIndex) or self.corpus is None:
            self.notify("Entities are still being extracted…", timeout=2)
            return
        self.app.push_screen(EntityBrowser(self.entities, self.corpus, key), self._browser_done)

    def _browser_done(self, request: object) -> None:
        from tui.screens.entity_browser import BrowserRequest

        if not isinstance(request, BrowserRequest):
            return
        if request.action == "open" and request.doc_id:
            self.open_document(request.doc_id, request.passage)
            self._show_reader()
        elif request.action == "filter":
            name = request.value or request.key.partition(":")[2]
            self.entity_filter = (name, frozenset(request.doc_ids))
            self.refresh_list()
            if self.narrow:
                self.add_class("-show-list")
            self.set_focus(self.query_one(DocumentList))
            self.notify(
                f"Listing the {len(request.doc_ids)} documents that mention {name}; "
                "esc in the list clears.",
                timeout=4,
            )
        elif request.action in ("merge", "rename", "hide"):
            self.save_entity_edit(request)

    @work(thread=True, exclusive=True, group="entity-edit")
    def save_entity_edit(self, request: object) -> None:
        from tui.core.entities.edits import load_edits
        from tui.screens.entity_browser import BrowserRequest

        assert isinstance(request, BrowserRequest)
        edits = load_edits()
        if request.action == "merge":
            edits.merge(request.key, request.value)
        elif request.action == "rename":
            edits.rename(request.key, request.value)
        else:
            edits.hide(request.key)
        try:
            edits.save()
        except OSError as exc:
            self.app.call_from_thread(
                self.notify, f"Could not save the entity edit: {exc}", severity="error"
            )
            return
        self.app.call_from_thread(self.notify, f"Entity {request.action} saved.", timeout=3)
        self.app.call_from_thread(self.build_entities)

    def on_related_panel_open(self, message: RelatedPanel.Open) -> None:
        self.open_document(message.doc_id, None)
        self._show_reader()

    def action_crossrefs(self) -> None:
        from tui.core.related import RelatedIndex
        from tui.dialogs.crossrefs import CrossRefs

        doc = self.current
        if doc is None or self.raw_mode:
            return
        if not isinstance(self.related, RelatedIndex):
            self.notify("Cross-references are still being computed…", timeout=2)
            return
        number = self.query_one(Reader).cursor
        refs = self.related.passage_refs(doc.id, number)

        def done(result: tuple[str, int] | None) -> None:
            if result:
                self.open_document(result[0], result[1])
                self._show_reader()

        self.app.push_screen(CrossRefs(doc.title, number, refs), done)

    # -- the document list -----------------------------------------------------------------

    def refresh_list(self) -> None:
        if self.corpus is None:
            return
        keep = self.current or self.query_one(DocumentList).highlighted
        self.compute_list(self.filter_text, self.sort_key, keep.id if keep else None)

    @work(thread=True, exclusive=True, group="list")
    def compute_list(self, text: str, sort_key: str, keep: str | None) -> None:
        from tui.core.listing import filter_documents, sort_documents

        assert self.corpus is not None
        docs = self.corpus.documents
        if self.entity_filter is not None:
            allowed = self.entity_filter[1]
            docs = [d for d in docs if d.id in allowed]
        rows = sort_documents(filter_documents(docs, text), sort_key)
        if not get_current_worker().is_cancelled:
            self.post_message(ListReady(rows, keep))

    def on_list_ready(self, message: ListReady) -> None:
        doc_list = self.query_one(DocumentList)
        doc_list.set_rows(message.rows, keep=self.current.id if self.current else message.keep)
        if self.corpus is not None:
            status = self.query_one(StatusLine)
            status.set_part("progress", None)
            status.set_part("corpus", f"{self.corpus.name} ({len(self.corpus):,} documents)")
        label = f"{len(message.rows):,} shown · sorted by {self.sort_key}"
        if self.entity_filter is not None:
            label = f"mentioning {self.entity_filter[0]} · " + label
        self.query_one("#filter", Input).border_subtitle = label

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.refresh_list()

    @on(Input.Submitted, "#filter")
    def filter_submitted(self, event: Input.Submitted) -> None:
        self.set_focus(self.query_one(DocumentList))

    def on_document_list_selected(self, message: DocumentList.Selected) -> None:
        self.open_document(message.doc_id, None)
        self._show_reader()

    # -- opening documents -------------------------------------------------------------------

    def on_open_document(self, message: OpenDocument) -> None:
        self.open_document(message.doc_id, message.passage, history=message.history)
        self._show_reader()

    def open_document(self, doc_id: str, passage: int | None, history: bool = True) -> bool:
        if self.corpus is None:
            return False
        doc = self.corpus.get(doc_id)
        if doc is None:
            self.notify(f"No document {doc_id!r} in this corpus.", severity="warning")
            return False
        reader = self.query_one(Reader)
        if history and self.current is not None:
            self.history.update_current(reader.cursor)
        self.current = doc
        self.raw_mode = False
        reader.banner = None
        if passage is None and self.store is not None:
            position = self.store.load_position(doc.root, doc.id)
            passage = position.passage if position else None
        reader.show(doc, passage)
        self._load_marks()
        if history:
            self.history.visit(Place(doc.id, reader.cursor))
        doc_list = self.query_one(DocumentList)
        doc_list.current_id = doc.id
        doc_list.move_to(doc.id)
        self.query_one(StatusLine).set_part("document", None)
        self.clear_matches()
        self._show_panels()
        return True

    def on_reader_cursor_moved(self, message: Reader.CursorMoved) -> None:
        self.history.update_current(message.passage)
        if self.current is not None and self.corpus is not None and not self.raw_mode:
            self.remember(self.current.root, message.doc_id, message.passage, message.total)
            doc_list = self.query_one(DocumentList)
            percent = round(100.0 * message.passage / max(1, message.total), 1)
            if percent > doc_list.progress.get(message.doc_id, -1.0):
                doc_list.progress[message.doc_id] = percent
                doc_list.refresh_row(message.doc_id)

    @work(thread=True, exclusive=True, group="position")
    def remember(self, root: str, doc_id: str, passage: int, total: int) -> None:
        """Save where reading is, and which document is open (several sessions may write)."""
        if self.store is None or self.corpus is None:
            return
        try:
            self.store.save_position(root, doc_id, passage, total)
            self.store.set_last_document(corpus_key(self.corpus.roots), doc_id)
        except StoreError:
            pass  # a read-only store said so at start; positions are not worth a notice each

    # -- bookmarks ---------------------------------------------------------------------------

    def _load_marks(self) -> None:
        doc = self.current
        if doc is None or self.store is None:
            self.doc_marks = []
        else:
            from tui.core.anchoring import reanchor

            self.doc_marks = reanchor(self.store.for_document(doc.root, doc.id), doc)
        marked = {b.passage for b in self.doc_marks if not b.orphaned}
        self.query_one(Reader).set_bookmarked(marked)
        if self.store is not None:
            with suppress(Exception):  # a count is not worth an error
                n = self.store.count()
                self.query_one(StatusLine).set_part(
                    "bookmarks", f"{n} bookmark{'s' if n != 1 else ''}" if n else None
                )

    def _cursor_passage(self) -> tuple[Document, int, str] | None:
        doc = self.current
        if doc is None or self.store is None or self.raw_mode:
            return None
        passage = doc.passage(self.query_one(Reader).cursor)
        return (doc, passage.number, passage.text) if passage else None

    def action_toggle_bookmark(self) -> None:
        here = self._cursor_passage()
        if here is None or self.store is None:
            return
        doc, number, text = here
        undo = self.unbookmarked
        marked = any(b.passage == number and not b.orphaned for b in self.doc_marks)
        try:
            if (
                undo
                and (undo.root, undo.doc, undo.passage) == (doc.root, doc.id, number)
                and (not marked)
            ):
                self.store.restore(undo)
                self.unbookmarked = None
                self.notify(f"Bookmark on {doc.id}#{number} restored.", timeout=3)
            else:
                added, mark = self.store.toggle(doc.root, doc.id, number, text, self.doc_marks)
                if added:
                    self.notify(f"Bookmarked {doc.id}#{number} (a: add a note).", timeout=3)
                else:
                    self.unbookmarked = replace(mark, passage=number)
                    self.notify("Bookmark removed: press b again to undo.", timeout=4)
        except StoreError as exc:
            self.notify(str(exc), severity="error")
        self._load_marks()

    def action_annotate(self) -> None:
        here = self._cursor_passage()
        if here is None or self.store is None:
            return
        doc, number, text = here
        mark = next((b for b in self.doc_marks if b.passage == number and not b.orphaned), None)

        from tui.dialogs.note_dialog import NoteDialog

        def done(result: NoteResult | None) -> None:
            if result is None or self.store is None:
                return
            try:
                target = mark or self.store.add(doc.root, doc.id, number, text)[0]
                self.store.set_note(target.id, *result)
            except StoreError as exc:
                self.notify(str(exc), severity="error")
            if self.current is doc:
                self._load_marks()

        note, tags = (mark.note, mark.tags) if mark else ("", ())
        self.app.push_screen(NoteDialog(note, tags, text), done)

    def action_bookmarks(self) -> None:
        """Open the bookmarks screen at once; the worker fills it (keys typed meanwhile, as a
        filter, land in it rather than on this screen)."""
        from tui.screens.bookmarks import BookmarksScreen

        if self.store is not None:
            self.app.push_screen(BookmarksScreen(None, target=self))
            self.gather_bookmarks()

    @work(thread=True, exclusive=True, group="bookmarks")
    def gather_bookmarks(self) -> None:
        """Every bookmark, re-anchored: this corpus from memory, other corpora from disk."""
        from tui.core.anchoring import load_document, reanchor_all

        if self.store is None:
            return
        corpus = self.corpus

        def lookup(root: str, doc_id: str) -> Document | None:
            doc = corpus.get(doc_id) if corpus is not None else None
            if doc is not None and doc.root == root:
                return doc
            return load_document(root, doc_id)

        try:
            marks, docs = reanchor_all(self.store.list(), lookup)
        except StoreError as exc:
            self.post_message(BookmarksReady([], {}, error=str(exc)))
            return
        titles = {doc_id: d.title for (_, doc_id), d in docs.items() if d is not None}
        self.post_message(BookmarksReady(marks, titles))

    def on_bookmarks_ready(self, message: BookmarksReady) -> None:
        from tui.screens.bookmarks import BookmarksScreen

        if message.error:
            self.notify(message.error, severity="error")
        for screen in self.app.screen_stack:  # unless it was closed before they came
            if isinstance(screen, BookmarksScreen):
                screen.set_bookmarks(message.bookmarks, message.titles, message.error)

    def on_bookmarks_screen_jump(self, message: BookmarksScreen.Jump) -> None:
        doc = self.corpus.get(message.doc) if self.corpus is not None else None
        if doc is None or doc.root != message.root:
            self.notify(
                f"{message.doc} is in another corpus: open it with `dossier {message.root}`.",
                severity="warning",
            )
            return
        self.open_document(doc.id, message.passage)
        self._show_reader()

    def _store_call(self, call: str, *args: object) -> None:
        if self.store is None:
            return
        try:
            getattr(self.store, call)(*args)
        except StoreError as exc:
            self.notify(str(exc), severity="error")
        self._load_marks()

    def on_bookmarks_screen_delete(self, message: BookmarksScreen.Delete) -> None:
        self._store_call("remove", message.bookmark_id)

    def on_bookmarks_screen_restore(self, message: BookmarksScreen.Restore) -> None:
        self._store_call("restore", message.bookmark)

    def on_bookmarks_screen_edit_note(self, message: BookmarksScreen.EditNote) -> None:
        self._store_call("set_note", message.bookmark_id, message.note, message.tags)

    def _show_reader(self) -> None:
        self.remove_class("-show-list")
        self.remove_class("-show-side")
        self.set_focus(self.query_one(Reader))

    # -- actions -----------------------------------------------------------------------------

    def action_switch_pane(self) -> None:
        reader = self.query_one(Reader)
        doc_list = self.query_one(DocumentList)
        if self.narrow:
            if self.has_class("-show-list"):
                if self.current is not None:
                    self._show_reader()
            else:
                self.add_class("-show-list")
                self.set_focus(doc_list)
            return
        if reader.has_focus:
            self.set_focus(doc_list)
        else:
            self.set_focus(reader)

    def action_filter(self) -> None:
        if self.narrow:
            self.add_class("-show-list")
        self.set_focus(self.query_one("#filter", Input))

    def action_escape(self) -> None:
        side_focused = any(
            w.has_focus for w in (self.query_one(EntityPanel), self.query_one(RelatedPanel))
        )
        if self.query_one("#find", Input).has_focus:
            self.close_find()
        elif side_focused:
            self._hide_side()
        elif self.entity_filter is not None and self.query_one(DocumentList).has_focus:
            self.entity_filter = None
            self.refresh_list()
        elif self.query_one("#filter", Input).has_focus:
            self.set_focus(self.query_one(DocumentList))
        elif self.list_covers_reader and self.current is not None:
            self._show_reader()

    # -- matches: find in document, search terms, entity mentions --------------------------

    def action_find(self) -> None:
        if self.current is None:
            return
        find = self.query_one("#find", Input)
        if self.list_covers_reader:
            self._show_reader()  # the matches light up as you type: they must be on screen
        self.add_class("-finding")
        self.set_focus(find)
        if find.value:
            self.set_find(find.value)

    def close_find(self) -> None:
        self.remove_class("-finding")
        self.set_focus(self.query_one(Reader))

    @on(Input.Changed, "#find")
    def find_changed(self, event: Input.Changed) -> None:
        self.set_find(event.value)

    @on(Input.Submitted, "#find")
    def find_submitted(self, event: Input.Submitted) -> None:
        self.close_find()

    def set_find(self, text: str) -> None:
        from tui.core.search import find_in_text

        if self.current is None:
            return
        matches = find_in_text(text, self.current.passages) if text.strip() else []
        self.set_matches(matches, f"find {text.strip()!r}" if text.strip() else "")

    def set_matches(
        self, matches: list[tuple[int, int, int]], label: str, jump: bool = True
    ) -> None:
        """Highlight `matches` in the reader and go to the first one at or after the cursor."""
        self.matches = matches
        self.match_label = label
        self.match_index = -1
        reader = self.query_one(Reader)
        if matches and jump:
            after = [i for i, m in enumerate(matches) if m[0] >= reader.cursor]
            self.match_index = after[0] if after else 0
            reader.go_to(matches[self.match_index][0])
        self._show_matches()

    def clear_matches(self) -> None:
        self.matches, self.match_index, self.match_label = [], -1, ""
        self._show_matches()

    def _show_matches(self) -> None:
        highlights: dict[int, list[tuple[int, int, str]]] = {}
        for i, (passage, start, end) in enumerate(self.matches):
            kind = "current" if i == self.match_index else self.match_kind
            highlights.setdefault(passage, []).append((start, end, kind))
        self.query_one(Reader).set_highlights(highlights)
        status = self.query_one(StatusLine)
        if not self.match_label:
            status.set_part("find", None)
        elif not self.matches:
            status.set_part("find", f"{self.match_label}: no match")
        elif self.match_index < 0:
            count = len(self.matches)
            if self.match_kind == "entity":
                noun = "mention" if count == 1 else "mentions"
            else:
                noun = "match" if count == 1 else "matches"
            status.set_part("find", f"{self.match_label}: {count} {noun} (n: next)")
        else:
            position = self.match_index + 1
            status.set_part("find", f"{self.match_label} {position}/{len(self.matches)}")

    @property
    def match_kind(self) -> str:
        return "entity" if self.match_label.startswith("entity") else "match"

    def action_next_match(self) -> None:
        self._step_match(1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    def _step_match(self, step: int) -> None:
        if not self.matches:
            if self.match_label:
                self.notify(f"{self.match_label}: no match in this document.", timeout=2)
            return
        self.match_index = (self.match_index + step) % len(self.matches)
        if self.list_covers_reader:
            self._show_reader()
        self.query_one(Reader).go_to(self.matches[self.match_index][0])
        self._show_matches()

    def action_copy(self) -> None:
        """Copy the passage under the cursor with a citation (OSC 52 reaches over SSH)."""
        doc = self.current
        if doc is None:
            return
        number = self.query_one(Reader).cursor
        passage = doc.passage(number)
        if passage is None:
            return
        self.app.copy_to_clipboard(citation(doc, number, passage.text))
        self.notify(
            f"Copied {doc.id}#{number} with its citation to the clipboard (OSC 52).", timeout=3
        )

    def action_cycle_sort(self) -> None:
        from tui.core.listing import next_sort_key

        self.sort_key = next_sort_key(self.sort_key)
        self.refresh_list()
        self.notify(f"Sorted by {self.sort_key}.", timeout=2)

    def action_back(self) -> None:
        current = self.history.current
        place = self.search_place
        if place is not None and current is not None and current.doc_id == place.doc_id:
            # Back from a search result: to the results, exactly as they were.
            self.search_place = None
            self.action_search()
            return
        self.history.update_current(self.query_one(Reader).cursor)
        place = self.history.back()
        if place is not None:
            self._go(place)

    def action_forward(self) -> None:
        self.history.update_current(self.query_one(Reader).cursor)
        place = self.history.forward()
        if place is not None:
            self._go(place)

    def _go(self, place: Place) -> None:
        reader = self.query_one(Reader)
        if self.current is not None and self.current.id == place.doc_id and not self.raw_mode:
            reader.go_to(place.passage, align="near")
        else:
            self.open_document(place.doc_id, place.passage, history=False)
        self._show_reader()

    def action_outline(self) -> None:
        from tui.dialogs.pick_list import PickList

        if self.current is None:
            return
        rows = [
            (("  " * max(0, p.level - 1)) + f"{p.number:>4}  {p.text}", p.number)
            for p in self.current.headings
        ]
        if not rows:
            rows = [(f"{p.number:>4}  {p.text[:70]}", p.number) for p in self.current.passages]
        title = f"Outline — {self.current.title}"
        self.app.push_screen(PickList[int](title, rows), self._outline_picked)

    def _outline_picked(self, passage: int | None) -> None:
        if passage is not None:
            self.query_one(Reader).go_to(passage, align="top")
            self._show_reader()

    def action_skipped(self) -> None:
        from tui.dialogs.pick_list import PickList

        skipped = self.corpus.skipped if self.corpus else []
        rows = [(f"{s.path} — {s.reason}", s.path) for s in skipped]
        self.app.push_screen(
            PickList[str](f"Skipped files ({len(rows)})", rows, empty="No file was skipped.")
        )

    def action_toggle_raw(self) -> None:
        if self.current is None:
            return
        if self.raw_mode:
            self.open_document(self.current.id, None, history=False)
            return
        self.load_raw(self.current)

    @work(thread=True, exclusive=True, group="raw")
    def load_raw(self, doc: Document) -> None:
        from tui.core.rawview import raw_document

        try:
            raw = raw_document(doc)
        except OSError as exc:
            self.app.call_from_thread(
                self.notify, f"Cannot read {doc.path}: {exc}", severity="error"
            )
            return
        self.post_message(RawLoaded(raw))

    def on_raw_loaded(self, message: RawLoaded) -> None:
        reader = self.query_one(Reader)
        self.raw_mode = True
        reader.show(message.document)
        reader.banner = "raw text (v: back to the reading view)"
        reader.refresh()


def sort_first(corpus: Corpus, key: str) -> Document:
    from tui.core.listing import sort_documents

    if len(corpus.documents) > 5000:
        return corpus.documents[0]
    return sort_documents(corpus.documents, key)[0]


def citation(doc: Document, number: int, text: str) -> str:
    """A passage as a reader would quote it: the text, then title, date and anchor."""
    source = f"{doc.title}"
    if doc.date:
        source += f" ({doc.date})"
    return f"“{text}”\n— {source}, {doc.id}#{number}"
