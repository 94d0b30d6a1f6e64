"""Loading on the main screen: the store and the corpus (in a worker), progress in the status
line, then everything built from the corpus started (list, entities, index, reading state)."""

from __future__ import annotations

import threading
from functools import partial
from typing import TYPE_CHECKING

from tui.core.memory import resume_collection
from tui.core.progress import STAGES
from tui.screens.main import workers
from tui.screens.main.messages import (
    CorpusBatch,
    CorpusFailed,
    CorpusLoaded,
    CorpusProgress,
    CorpusRefreshed,
    EntitiesProgress,
    IndexProgress,
    ReadingState,
    StoreOpened,
)

if TYPE_CHECKING:
    from tui.screens.main.screen import MainScreen


class CorpusLoading:
    """From the paths given to a corpus on screen."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        # Set when the first list of a corpus is on screen: what the corpus worker, the index
        # and the panels do next would only slow the list down (at 100k, by seconds).
        self.list_shown = threading.Event()
        # Whether the loader opens the store: it does so after posting the cached list, so the
        # list may be shown before the store is there (the reading state then waits for it).
        self.store_pending = False
        self.started = False
        # The corpus on screen is a preview (`CorpusLoaded.preview`): nothing is built from it.
        self.preview = False
        self.state_read = False  # the reading state asked for (once: it opens a document)

    def start(self) -> None:
        self.started = True
        screen = self.screen
        self.store_pending = screen.store is None
        work = partial(
            workers.load_corpus,
            screen.paths,
            screen.store is None,
            screen.post_message,
            self.list_shown,
        )
        screen.in_thread("corpus", work)

    def store_opened(self, message: StoreOpened) -> None:
        screen = self.screen
        screen.store = message.store
        self.store_pending = False
        if message.store.notice:
            screen.notify(message.store.notice, severity="warning", timeout=12)
        if self.list_shown.is_set():  # the list came first: its reading state follows now
            self._read_state()

    def progress(self, message: CorpusProgress | IndexProgress | EntitiesProgress) -> None:
        """One progress in the header for all the stages (`tui.core.progress`)."""
        screen = self.screen
        work = screen.work
        match message:
            case CorpusProgress(done, total, stage):
                if work.fraction() is None:
                    # Files read, not from the cache: everything built from them follows (a
                    # small corpus has no preview: its round starts at "files").
                    work.expect(*STAGES[STAGES.index(stage) :])
                work.update(stage, done, total)
            case IndexProgress(done, total):
                work.update("index", done, total)
            case EntitiesProgress(stage, done, total):
                work.update(stage, done, total)
        screen.show_work()

    def batch(self, message: CorpusBatch) -> None:
        """While loading, list documents as they come (in load order), so the list scrolls."""
        resume_collection()  # a slow load: the collector is not kept paused till its end
        if self.screen.corpus is None:
            doc_list = self.screen.doc_list
            keep = doc_list.highlighted
            doc_list.set_rows(doc_list.rows + message.documents, keep=keep.id if keep else None)

    def failed(self, message: CorpusFailed) -> None:
        resume_collection()
        screen = self.screen
        screen.call_later(screen.mount_the_rest)
        screen.status.set_part("progress", None)
        screen.status.set_part("corpus", f"could not load: {message.error}")
        screen.notify(message.error, title="Could not load the corpus", severity="error")

    def loaded(self, message: CorpusLoaded) -> None:
        """A corpus to list: the first of the paths, or after its preview (the same documents,
        parsed whole and cached), which the open document and the list's cursor stay on."""
        screen = self.screen
        if message.progress is not None:
            self.progress(message.progress)
        after_preview, self.preview = self.preview, message.preview
        corpus = screen.corpus = message.corpus
        screen.finish_work(*(("list",) if message.preview else ("list", "files")))
        screen.status.set_part("progress", f"listing {len(corpus):,} documents…")
        if after_preview:
            screen.workers.cancel_group(screen, "titles")  # the loaded corpus's follow
            screen.reading.corpus_replaced()
        if not message.preview:  # a preview's are said again by its load
            self._show_skipped()
        if not corpus.documents:
            screen.reader.empty_text = "No readable document here. Press ! to see why."
            screen.reader.refresh()
        self.list_shown.clear()
        # After a preview the list's cursor stays where the user left it (keys moved it while
        # the corpus loaded), not on the open document.
        screen.list_pane.refresh(follow_open=not after_preview, first=message.first_list)

    def shown(self) -> None:
        """A list is on screen: the first of a corpus starts everything built from it."""
        screen = self.screen
        corpus = screen.corpus
        if self.list_shown.is_set() or corpus is None:
            return
        self.list_shown.set()
        # The collector, paused by the CLI while the app started, after the list: its pass
        # over everything start-up made would have delayed it.
        resume_collection()
        screen.call_later(screen.mount_the_rest)
        if not self.preview:
            screen.panels.build()
            screen.search.build()
        else:
            screen.in_thread("titles", partial(workers.titles, corpus, screen.post_message))
        if not self.store_pending:
            self._read_state()

    def _read_state(self) -> None:
        """The list's read column, the last document and past queries, from the store."""
        screen = self.screen
        corpus = screen.corpus
        if corpus is None or self.state_read:
            return
        self.state_read = True
        if screen.store is not None:
            work = partial(workers.load_reading_state, screen.store, corpus, screen.post_message)
            screen.in_thread("reading-state", work)
        else:
            screen.reading.reading_state(ReadingState({}, None, []))

    def refreshed(self, message: CorpusRefreshed) -> None:
        """Files changed since the cache was written: the list updates in place (its cursor,
        filter and sort kept), the index and panels catch up; the open document stays open."""
        screen = self.screen
        old = screen.corpus
        screen.corpus = message.corpus
        if old is not None and old.skipped != message.corpus.skipped:
            self._show_skipped()
        screen.list_pane.refresh(follow_open=False)
        screen.reading.files_changed(message.changed, message.removed)
        if message.added or message.removed or message.changed:
            screen.panels.build()
            screen.search.build()

    def _show_skipped(self) -> None:
        screen = self.screen
        corpus = screen.corpus
        if corpus is None:
            return
        if not corpus.skipped:
            screen.status.set_part("skipped", None)
        else:
            n = len(corpus.skipped)
            screen.status.set_part("skipped", f"{n} skipped — press ! to see why")
            screen.notify(
                f"{n} file{'s' if n != 1 else ''} skipped — press ! to see why",
                severity="warning",
            )
