"""The main screen: it composes the document list, the reader and the side panels, and routes.

Widgets post messages up; the screen sets attributes down. Slow work (loading, indexing, every
store call) runs in thread workers (`workers.py`) that post typed messages (`messages.py`);
bookmarks, matches, side panels and search each have a small coordinator of their own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.reactive import reactive
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from tui.core.history import History
from tui.core.memory import every, keep_alive_objects
from tui.core.progress import STAGES, BuildProgress
from tui.screens.main import messages as msg
from tui.screens.main.bookmarks import BookmarksLink
from tui.screens.main.keys import MAIN_KEYS
from tui.screens.main.list_pane import ListPane
from tui.screens.main.loading import CorpusLoading
from tui.screens.main.matches import MatchesView
from tui.screens.main.panels import SidePanels
from tui.screens.main.reading import ReadingView
from tui.screens.main.search_link import SearchLink
from tui.screens.main.toasts import TextToastScreen
from tui.screens.main.unread import ReadMarks
from tui.widgets.document_list import DocumentList
from tui.widgets.field import Field
from tui.widgets.reader import Reader
from tui.widgets.status_line import StatusLine

if TYPE_CHECKING:  # the side panels and the footer: imported when mounted, after the list
    from tui.core.models import Corpus, Document
    from tui.core.store import Store
    from tui.screens.bookmarks import BookmarksScreen
    from tui.widgets.entity_panel import EntityPanel
    from tui.widgets.related_panel import RelatedPanel

NARROW = 100  # below this width the list and the reader take turns
WIDE = 140  # from this width the entity and related panels stay beside the reader

Pane = Literal["list", "reader", "side"]  # what a narrow terminal shows (side: over the reader)
SidePanel = Literal["entity-panel", "related-panel"]


# The background stages each worker group works on (see `BuildProgress`).
WORKER_STAGES = {
    "corpus": ("list", "files"),
    "index": ("index",),
    "entities": ("entities", "related", "cross-references"),
    "crossrefs": ("cross-references",),
}
_ENDED = (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED)


class MainScreen(TextToastScreen):
    """Document list, reader, status line and footer; owns history and the loaded corpus."""

    AUTO_FOCUS = "#documents"

    BINDINGS = MAIN_KEYS  # remappable by id; the help screen and the palette list them

    # Layout state; the watchers set the CSS classes that styles/app.tcss lays out by.
    narrow: reactive[bool] = reactive(False)
    wide: reactive[bool] = reactive(False)
    pane: reactive[Pane] = reactive[Pane]("reader")
    side_panel: reactive[SidePanel] = reactive[SidePanel]("entity-panel")
    finding: reactive[bool] = reactive(False)
    list_hidden: reactive[bool] = reactive(False)  # `L` beside the reader: the reader's width

    def __init__(self, paths: list[str]) -> None:
        super().__init__()
        self.paths = paths
        self.corpus: Corpus | None = None
        self.store: Store | None = None
        self.history = History()
        self.current: Document | None = None
        self.raw_mode = False
        self.positions: dict[str, int] = {}  # doc id -> passage last read (from the store)
        # Set once the list, the first document, the index and the entities are in (or failed):
        # what tests and the startup benchmark wait on, instead of counting rounds.
        self.ready = asyncio.Event()
        self._pending = {"list", "document", "index", "entities"}
        # What a build has made so far is kept out of the collector's full passes, each a
        # frame gap (tui/core/memory.py), as it goes.
        self._keep_built = every(0.25, keep_alive_objects)
        # One progress in the header for every stage of the background work.
        self.work = BuildProgress()
        self.bookmarks = BookmarksLink(self)
        self.panels = SidePanels(self)
        self.search = SearchLink(self)
        self.reading = ReadingView(self)
        self.loader = CorpusLoading(self)
        self.list_pane = ListPane(self)
        self.read_marks = ReadMarks(self)
        # The layout for the terminal's width, set before anything is styled: set after
        # mounting, each class restyled the whole screen (~20 ms each) before the first frame.
        # Every layout reactive is set here: one read before it is set runs its watcher, which
        # restyled the screen (then bare: its CSS parsed, applied to it alone) in this __init__.
        width = self.app.size.width
        self.set_reactive(MainScreen.narrow, width < NARROW)
        self.set_reactive(MainScreen.wide, width >= WIDE)
        self.set_reactive(MainScreen.pane, "list" if width < NARROW else "reader")
        self.set_reactive(MainScreen.side_panel, "entity-panel")
        self.set_reactive(MainScreen.finding, False)
        self.set_reactive(MainScreen.list_hidden, False)
        self.update_classes(self._layout_classes(), update=False)

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        with Horizontal(id="body"):
            with Vertical(id="list-pane"):
                yield Field(placeholder="filter documents (f)", id="filter", then="#documents")
                yield DocumentList(id="documents")
            yield Reader(id="reader")
        yield Field(
            placeholder="find in document (enter: to reader, esc: close)", id="find", then="#reader"
        )

    @cached_property
    def reader(self) -> Reader:
        return self.query_one(Reader)

    @cached_property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    @cached_property
    def doc_list(self) -> DocumentList:
        return self.query_one(DocumentList)

    @cached_property
    def matches(self) -> MatchesView:
        return MatchesView(self)

    def on_mount(self) -> None:
        self.status.set_part("corpus", "loading…")
        self.set_focus(self.doc_list)
        # Draw the first frame first: the loader thread (which competes for the interpreter)
        # starts once the list says it reached the terminal (DocumentList.Painted), and the key
        # hints and side panels (many widgets to style) once the list is on screen. The
        # callback after the first refresh is there for a list that is not on screen (it comes
        # later: after the resize's and the focus's repaints).
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        keep_alive_objects()  # the screen and its styles, made once
        if self.is_attached and not self.loader.started:  # not already closing or started
            self.loader.start()

    def on_document_list_painted(self, message: DocumentList.Painted) -> None:
        if not self.loader.started:
            self._after_first_frame()
        else:
            self.loader.shown()

    async def mount_the_rest(self) -> None:
        """The side panels and the footer, once the list is on screen (or failed to load):
        styling them beside the loader delayed the list by a frame or two."""
        body = self.query_one("#body", Horizontal)
        if not body.is_attached or self.query("#side"):
            return
        from tui.widgets.entity_panel import EntityPanel
        from tui.widgets.key_bar import KeyBar
        from tui.widgets.related_panel import RelatedPanel

        side = Vertical(EntityPanel(id="entity-panel"), RelatedPanel(id="related-panel"), id="side")
        await body.mount(side)
        await self.mount(KeyBar())
        # A footer mounted after the first frame shows nothing until the bindings change: tell
        # it they did, so the key hints are there from the start (not only after `tab`).
        self.refresh_bindings()

    def on_resize(self, event: Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.narrow, self.wide = width < NARROW, width >= WIDE
        if self.narrow and self.current is None:
            self.pane = "list"

    def _layout_classes(self) -> dict[str, bool]:
        return {
            "-narrow": self.narrow,
            "-wide": self.wide,
            "-show-list": self.pane == "list",
            "-show-side": self.pane == "side",
            # At 80×24 the side pane replaces the reader: show only the panel asked for.
            "-side-entities": self.side_panel == "entity-panel",
            "-side-related": self.side_panel == "related-panel",
            "-finding": self.finding,
            "-hide-list": self.list_hidden,
        }

    def _sync_layout(self) -> None:
        """The screen's layout classes from its layout state, changed in one restyle."""
        self.update_classes(self._layout_classes())

    def watch_narrow(self) -> None:
        self._sync_layout()

    def watch_wide(self) -> None:
        self._sync_layout()

    def watch_pane(self) -> None:
        self._sync_layout()

    def watch_side_panel(self) -> None:
        self._sync_layout()

    def watch_finding(self) -> None:
        self._sync_layout()

    def watch_list_hidden(self, hidden: bool) -> None:
        self._sync_layout()
        if hidden and not self.narrow and not self.reader.has_focus:
            self.set_focus(self.reader)

    @property
    def list_covers_reader(self) -> bool:
        """At 80×24 the list and the reader take turns: whether it is the list's turn."""
        return self.narrow and self.pane == "list"

    def show_reader(self) -> None:
        self.pane = "reader"
        self.set_focus(self.reader)

    def show_side(self, panel: SidePanel) -> None:
        self.pane, self.side_panel = "side", panel
        self.set_focus(self.query_one(f"#{panel}"))

    def holds_keys(self) -> bool:
        """Keys wait (`TypeaheadApp`) for what the key before them asked for:
        - the title finder, `o` pressed before the titles were in (it opens when they are):
          the query typed after `o` went to the list, its `f` to the filter;
        - the document opened for the user at start, while the reader has the focus (the store
          opens after the list): `tab` `j` `b` typed as the list showed went to an empty
          reader, and the bookmark was lost. Keys for the list do not wait: they move its
          cursor, which the document opened then leaves."""
        if self.search.finder_wanted:
            return True
        return self.focused is self.reader and "document" in self._pending and self.loader.started

    def stage_done(self, *stages: str) -> None:
        """A loading stage is over: `ready` is set when the last one is."""
        self._pending.difference_update(stages)
        keep_alive_objects()  # what the stage built
        if not self._pending:
            self.ready.set()

    def in_thread(self, group: str, work: Callable[[], object], exclusive: bool = True) -> None:
        """Run `work` (a function of `workers.py`, its arguments bound) in a thread worker.

        Named and described by its group: otherwise Textual describes it by `repr(work)`, and the
        repr of a partial holding the corpus costs ~0.3 s at 2,000 documents, on the event loop.
        """
        self.run_worker(
            work, name=group, description=group, thread=True, group=group, exclusive=exclusive
        )

    def expect_work(self, *stages: str) -> None:
        """Background stages about to run: the header's progress counts them from now."""
        self.work.expect(*stages)
        self.show_work()

    def finish_work(self, *stages: str) -> None:
        self.work.finish(*stages)
        self.show_work()

    def show_work(self) -> None:
        self.status.set_part("work", self.work.text())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker's end ends its stages, whatever they reported (a cache had nothing to do,
        it failed, it was cancelled): the progress never waits on work no longer running."""
        group = event.worker.group
        stages = WORKER_STAGES.get(group)
        if stages is None or event.state not in _ENDED:
            return
        if not any(w.group == group and w.state not in _ENDED for w in self.workers):
            self.finish_work(*stages)

    # -- loading ---------------------------------------------------------------------------

    def on_store_opened(self, message: msg.StoreOpened) -> None:
        self.loader.store_opened(message)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

    def on_worker_notice(self, message: msg.WorkerNotice) -> None:
        self.notify(message.text, severity=message.severity, timeout=message.timeout)

    @on(msg.CorpusProgress)
    @on(msg.IndexProgress)
    @on(msg.EntitiesProgress)
    def show_progress(
        self, message: msg.CorpusProgress | msg.IndexProgress | msg.EntitiesProgress
    ) -> None:
        self.loader.progress(message)
        self._keep_built()

    def on_corpus_batch(self, message: msg.CorpusBatch) -> None:
        self.loader.batch(message)

    def on_corpus_failed(self, message: msg.CorpusFailed) -> None:
        self.loader.failed(message)
        self.finish_work(*STAGES)
        self.stage_done("list", "document", "index", "entities")  # nothing more will come

    def on_corpus_loaded(self, message: msg.CorpusLoaded) -> None:
        self.loader.loaded(message)

    def on_corpus_refreshed(self, message: msg.CorpusRefreshed) -> None:
        self.loader.refreshed(message)

    def on_reading_state(self, message: msg.ReadingState) -> None:
        self.reading.reading_state(message)

    def on_titles_ready(self, message: msg.TitlesReady) -> None:
        self.search.titles_ready(message.finder)

    def on_index_ready(self, message: msg.IndexReady) -> None:
        self.search.ready(message)
        self.finish_work("index")
        self.stage_done("index")

    def on_index_failed(self, message: msg.IndexFailed) -> None:
        self.search.failed(message)
        self.finish_work("index")
        self.stage_done("index")

    def on_related_ready(self, message: msg.RelatedReady) -> None:
        self.panels.related_ready(message)

    def on_entities_found(self, message: msg.EntitiesFound) -> None:
        self.panels.entities_found(message)
        self.finish_work("entities")

    def on_entities_ready(self, message: msg.EntitiesReady) -> None:
        self.panels.ready(message)
        self.finish_work("entities", "related")
        self.stage_done("entities")

    def on_related_found(self, message: msg.RelatedFound) -> None:
        self.panels.related_found(message)

    def on_cross_refs_ready(self, message: msg.CrossRefsReady) -> None:
        self.panels.crossrefs_ready(message)

    def on_entities_failed(self, message: msg.EntitiesFailed) -> None:
        self.notify(f"Entities unavailable: {message.error}", severity="error")
        self.finish_work("entities", "related", "cross-references")
        self.stage_done("entities")

    def on_entity_edit_saved(self, message: msg.EntityEditSaved) -> None:
        self.notify(f"Entity {message.action} saved.", timeout=3)
        self.panels.build()

    # -- the document list -----------------------------------------------------------------

    def on_list_ready(self, message: msg.ListReady) -> None:
        self.list_pane.ready(message)
        self.stage_done("list")

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.list_pane.filter_text_changed(event.value)

    @on(Input.Submitted, "#filter")
    def filter_submitted(self, event: Input.Submitted) -> None:
        self.set_focus(self.doc_list)

    def on_document_list_selected(self, message: DocumentList.Selected) -> None:
        self.open_document(message.doc_id, None)
        self.show_reader()
        by_entity = self.list_pane.entity_filter
        if by_entity is not None and message.doc_id in by_entity.doc_ids:
            # Opened from "mentioning X": X's mentions lit, n goes to the first.
            self.panels.light(by_entity.key, by_entity.name)

    # -- opening documents -------------------------------------------------------------------

    def open_document(self, doc_id: str, passage: int | None, history: bool = True) -> bool:
        """Show `doc_id` at `passage` (None: where reading was); False if there is none."""
        return self.reading.open(doc_id, passage, history)

    def on_reader_jumped(self, message: Reader.Jumped) -> None:
        self.reading.jumped(message)

    def on_reader_cursor_moved(self, message: Reader.CursorMoved) -> None:
        self.reading.cursor_moved(message)

    def on_raw_loaded(self, message: msg.RawLoaded) -> None:
        self.reading.raw_loaded(message)

    # -- routing: widgets and other screens ------------------------------------------------

    def on_marks_loaded(self, message: msg.MarksLoaded) -> None:
        self.bookmarks.loaded(message)

    def on_bookmark_toggled(self, message: msg.BookmarkToggled) -> None:
        self.bookmarks.toggled(message)

    def on_bookmarks_gathered(self, message: msg.BookmarksGathered) -> None:
        self.bookmarks.gathered(message)

    def bookmark_edited(self, message: BookmarksScreen.Edited) -> None:
        """The app hands over what the bookmarks screen changed."""
        self.bookmarks.apply(message.edit)

    def on_entity_panel_selected(self, message: EntityPanel.Selected) -> None:
        self.panels.selected(message)

    def on_entity_panel_browse(self, message: EntityPanel.Browse) -> None:
        self.panels.open_browser(message.key)

    def on_related_panel_open(self, message: RelatedPanel.Open) -> None:
        self.open_document(message.doc_id, None)
        self.show_reader()

    @on(Input.Changed, "#find")
    def find_changed(self, event: Input.Changed) -> None:
        if self.current is not None:
            self.matches.find(event.value, self.current)

    @on(Input.Submitted, "#find")
    def find_submitted(self, event: Input.Submitted) -> None:
        self.matches.close_find()

    # -- actions -----------------------------------------------------------------------------

    def action_switch_pane(self) -> None:
        if self.narrow:
            if self.pane != "list":
                self.pane = "list"
                self.set_focus(self.doc_list)
            elif self.current is not None:
                self.show_reader()
        else:
            self.list_hidden = False  # tab to the list shows it
            self.set_focus(self.doc_list if self.reader.has_focus else self.reader)

    def action_filter(self) -> None:
        if self.narrow:
            self.pane = "list"
        self.set_focus(self.query_one("#filter", Input))

    def action_escape(self) -> None:
        side = (self.panels.entity_panel(), self.panels.related_panel())
        if self.finding and self.query_one("#find", Input).has_focus:
            self.matches.close_find()
        elif any(w.has_focus for w in side):
            self.panels.hide()
        elif self.list_pane.filter_text and self.doc_list.has_focus:
            self.query_one("#filter", Input).value = ""  # the list shows everything again
        elif self.query_one("#filter", Input).has_focus:
            self.set_focus(self.doc_list)
        elif self.list_covers_reader and self.current is not None:
            self.show_reader()  # an entity filter stays (F clears it): it was just chosen
        elif self.list_pane.entity_filter is not None and self.doc_list.has_focus:
            self.list_pane.clear_entity()
        elif self.reader.has_focus and self.matches.kind is not None:
            self.matches.clear()

    def action_find(self) -> None:
        self.matches.open_find()

    def action_next_match(self) -> None:
        self.matches.step(1)

    def action_previous_match(self) -> None:
        self.matches.step(-1)

    def action_toggle_list(self) -> None:
        if self.narrow:
            self.action_switch_pane()  # at 80×24 the list and the reader take turns anyway
        else:
            self.list_hidden = not self.list_hidden

    def action_next_unread(self) -> None:
        self.read_marks.next_unread()

    def action_toggle_read(self) -> None:
        self.read_marks.toggle()

    def action_show_all(self) -> None:
        self.list_pane.show_all()

    def action_cycle_sort(self) -> None:
        self.list_pane.cycle_sort()

    # One line each: the coordinators do the work.
    def action_find_title(self) -> None:
        self.search.find_title()

    def action_search(self) -> None:
        self.search.open_search()

    def action_entities(self) -> None:
        self.panels.show_entities()

    def action_related(self) -> None:
        self.panels.show_related()

    def action_crossrefs(self) -> None:
        self.panels.crossrefs()

    def action_toggle_bookmark(self) -> None:
        self.bookmarks.toggle()

    def action_annotate(self) -> None:
        self.bookmarks.annotate()

    def action_bookmarks(self) -> None:
        self.bookmarks.open_screen()

    def action_back(self) -> None:
        self.reading.back()

    def action_forward(self) -> None:
        self.reading.forward()

    def action_outline(self) -> None:
        self.reading.outline()

    def action_toggle_raw(self) -> None:
        self.reading.toggle_raw()

    def action_copy(self) -> None:
        self.reading.copy()

    def action_skipped(self) -> None:
        self.reading.skipped()
