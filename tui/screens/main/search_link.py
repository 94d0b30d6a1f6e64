"""The main screen's side of searching: the title finder (`o`), the passage index behind the
search screen (`s`), and a result opened with its words lit up."""

from __future__ import annotations

import threading
from functools import partial
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from tui.screens.main import workers

if TYPE_CHECKING:
    from tui.core.history import Place
    from tui.core.search import SearchBackend, SearchHit, TitleFinder
    from tui.screens.main.messages import IndexFailed, IndexReady
    from tui.screens.main.screen import MainScreen
    from tui.screens.search import Opened, SearchScreen


SEARCH_SCREEN = "search"  # the installed search screen's name


class SearchLink:
    """The index (any `SearchBackend`), the title finder and the one search screen, kept so that
    esc and `s` again keep the query and the results."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.index: SearchBackend | None = None
        self.settled = threading.Event()  # set when the index is ready, or failed
        self._roots: tuple[str, ...] | None = None  # the corpus the index is of
        self.title_finder: TitleFinder | None = None
        self.finder_wanted = False  # `o` pressed before the titles were in: opened when they are
        self.search_screen: SearchScreen | None = None
        self.queries: list[str] = []  # oldest first; the store's history, once read
        self.place: Place | None = None  # where a search result was opened

    def build(self) -> None:
        corpus = self.screen.corpus
        # The same corpus's index is refreshed in place: its vocabulary is updated by the
        # changed documents' words (a newly opened one loads it again: seconds at 100k).
        same = corpus is not None and corpus.roots == self._roots
        previous = self.index if same else None
        self.index = None
        self.settled.clear()
        if corpus is not None:
            self._roots = corpus.roots
            self.screen.expect_work("index")
            self.screen.in_thread(
                "index", partial(workers.build_index, corpus, self.screen.post_message, previous)
            )

    def ready(self, message: IndexReady) -> None:
        self.index = message.index
        self.settled.set()

    def failed(self, message: IndexFailed) -> None:
        self.settled.set()
        self.screen.notify(f"Search index unavailable: {message.error}", severity="error")

    def find_title(self) -> None:
        from tui.dialogs.title_finder import TitleFinder

        screen = self.screen
        if self.title_finder is None:
            # Kept, not dropped: opened as the titles come (a key pressed as the list shows, on
            # a loaded machine, was lost with only this notice).
            self.finder_wanted = True
            screen.notify("Titles are still loading: the finder opens when they are in", timeout=2)
            return

        def done(doc_id: str | None) -> None:
            if doc_id:
                screen.open_document(doc_id, None)
                screen.show_reader()

        screen.app.push_screen(TitleFinder(self.title_finder), done)

    def titles_ready(self, finder: TitleFinder) -> None:
        self.title_finder = finder
        if self.finder_wanted:
            self.finder_wanted = False
            if self.screen.app.screen is self.screen:  # nothing opened over the list since
                self.find_title()

    def open_search(self) -> None:
        from tui.screens.search import SearchScreen

        app = self.screen.app
        if self.search_screen is None:
            self.search_screen = SearchScreen(self._search, self.queries)
            # Installed, so closing it keeps it (query and results) for the next `s`. A screen
            # pushed again after it was popped uninstalled is never repainted by Textual 8.2: the
            # terminal kept the reader while the hidden search screen took the keys.
            app.install_screen(self.search_screen, SEARCH_SCREEN)
        app.push_screen(SEARCH_SCREEN, self._opened)

    def _search(self, query: str) -> list[SearchHit]:
        """Runs in the search screen's worker thread."""
        from tui.core.search import IndexCorruptError, QuerySyntaxError

        # A query typed while the index is being built waits for it (in this worker thread,
        # cancelled by the next keystroke), then runs.
        worker = get_current_worker()
        while not self.settled.wait(timeout=0.1):
            if worker.is_cancelled:
                return []
        index = self.index
        if index is None:
            raise QuerySyntaxError("the search index is not available (see the notice)")
        try:
            return list(index.query(query, limit=50))
        except IndexCorruptError:
            # Damaged while we ran: the backend set the file aside and starts empty. Build
            # it again from the corpus in memory (this worker waits, as for the first build).
            corpus = self.screen.corpus
            if corpus is None:
                raise
            index.refresh(corpus)
            return list(index.query(query, limit=50))

    def _opened(self, result: Opened | None) -> None:
        screen = self.screen
        if result is None:
            return
        if screen.store is not None and result.remembered:
            screen.in_thread(
                "query-history", partial(workers.append_query, screen.store, result.remembered)
            )
        if not screen.open_document(result.doc_id, result.passage):
            return
        screen.show_reader()
        self.place = screen.history.current
        if screen.current is not None and result.terms:
            screen.matches.search_terms(result.terms, result.query, screen.current, result.passage)
