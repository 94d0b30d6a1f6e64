"""Reading on the main screen: opening a document where reading was, remembering the place,
back and forward, the raw view, the outline and copying a passage with its citation."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from tui.core.history import Place
from tui.core.text import one_line
from tui.screens.main import workers

if TYPE_CHECKING:
    from tui.screens.main.messages import RawLoaded, ReadingState
    from tui.screens.main.screen import MainScreen
    from tui.widgets.reader import Reader


class ReadingView:
    """What the reader shows and where it has been (the screen keeps `current` and history)."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def reading_state(self, message: ReadingState) -> None:
        """What the store remembers: the read column, the last document (opened), queries."""
        from tui.core.listing import sort_first

        screen = self.screen
        corpus = screen.corpus
        if corpus is None:
            return
        screen.positions = {doc_id: p.passage for doc_id, p in message.positions.items()}
        percents = {doc_id: p.percent for doc_id, p in message.positions.items()}
        screen.doc_list.progress = {**percents, **screen.doc_list.progress}
        screen.doc_list.refresh()
        screen.search.queries[:0] = message.queries
        if corpus.documents and screen.current is None:
            last = corpus.get(message.last_document) if message.last_document else None
            first = last or sort_first(corpus.documents, screen.list_pane.sort_key)
            # Keys may have come first (the store opens after the list): the cursor stays.
            self.open(first.id, None, follow_list=not screen.doc_list.moved_by_user)
            if len(corpus.documents) == 1:  # `dossier report.md`: a list of one is in the way
                screen.show_reader()
        screen.stage_done("document")

    def open(
        self, doc_id: str, passage: int | None, history: bool = True, follow_list: bool = True
    ) -> bool:
        screen = self.screen
        reader = screen.reader
        doc = screen.corpus.get(doc_id) if screen.corpus is not None else None
        if doc is None:
            if screen.corpus is not None:
                screen.notify(f"No document {doc_id!r} in this corpus.", severity="warning")
            return False
        if history and screen.current is not None:
            screen.history.update_current(reader.cursor)
        screen.current, screen.raw_mode = doc, False
        reader.banner = None
        reader.show(doc, screen.positions.get(doc.id) if passage is None else passage)
        screen.bookmarks.load()
        if history:
            screen.history.visit(Place(doc.id, reader.cursor))
        screen.doc_list.current_id = doc.id
        if follow_list:
            screen.doc_list.move_to(doc.id)
        else:
            screen.doc_list.refresh()  # its mark for the open document
        screen.status.set_part("document", None)
        screen.matches.clear()
        screen.panels.show()
        return True

    def corpus_replaced(self) -> None:
        """The corpus a preview listed is loaded: the open document is shown as the load gave
        it (its text the same: both parsed the file whole), at the same passage; the raw view
        stays as it is. A document whose file went away meanwhile stays readable."""
        screen = self.screen
        doc, corpus = screen.current, screen.corpus
        if doc is None or corpus is None:
            return
        loaded = corpus.get(doc.id)
        if loaded is None:
            self.files_changed([], [doc.id])
        elif screen.raw_mode:
            screen.current = loaded  # shown again as the raw view is left
        else:
            self.open(doc.id, screen.reader.cursor, history=False, follow_list=False)

    def files_changed(self, changed: list[str], removed: list[str]) -> None:
        """The open document's file changed or went away since the cache saw it (a warm start
        shows the cached text first): the reader shows the file as it is now, at the same
        passage, or says that the file is gone (its text stays readable)."""
        screen = self.screen
        doc, corpus = screen.current, screen.corpus
        if doc is None or corpus is None or screen.raw_mode:
            return
        if doc.id in changed and corpus.get(doc.id) is not None:
            self.open(doc.id, screen.reader.cursor, history=False, follow_list=False)
            screen.notify("The open document changed on disk: shown as it is now.", timeout=6)
        elif doc.id in removed:
            screen.reader.banner = "file gone from disk"
            screen.reader.show(doc, screen.reader.cursor)
            screen.notify("The open document's file is gone from disk.", severity="warning")

    def cursor_moved(self, message: Reader.CursorMoved) -> None:
        """Remember the place (in a worker: the store may be busy) and the read column."""
        screen = self.screen
        screen.history.update_current(message.passage)
        shown = round(100 * message.passage / max(1, message.total))
        screen.status.set_place(f"¶ {message.passage}/{message.total} · {shown}%")
        doc, corpus = screen.current, screen.corpus
        # The title in the header once the reader's title block has scrolled away.
        scrolled = doc is not None and screen.reader.top_item > 0
        screen.status.set_part("document", doc.title if doc is not None and scrolled else None)
        if doc is None or corpus is None or screen.raw_mode:
            return
        if message.passage <= 1 and doc.id not in screen.positions:
            return  # shown at its start (as on start-up) is not read: the list keeps "·"
        screen.positions[doc.id] = message.passage
        if screen.store is not None:
            work = partial(
                workers.save_position, screen.store, corpus, doc, message.passage, message.total
            )
            screen.in_thread("position", work)
        doc_list = screen.doc_list
        percent = round(100.0 * message.passage / max(1, message.total), 1)
        if percent > doc_list.progress.get(message.doc_id, -1.0):
            doc_list.progress[message.doc_id] = percent
            doc_list.refresh_row(message.doc_id)

    def jumped(self, message: Reader.Jumped) -> None:
        """A jump within the document (g, G, 12G, a mark, the outline): `[` returns from it."""
        history = self.screen.history
        current = history.current
        if current is not None and current.doc_id == message.doc_id and not self.screen.raw_mode:
            history.update_current(message.start)
            history.visit(Place(message.doc_id, message.end))

    def back(self) -> None:
        screen = self.screen
        current, place = screen.history.current, screen.search.place
        if place is not None and current is not None and current.doc_id == place.doc_id:
            # Back from a search result: to the results, exactly as they were.
            screen.search.place = None
            screen.search.open_search()
            return
        screen.history.update_current(screen.reader.cursor)
        back = screen.history.back()
        if back is not None:
            self.go(back)

    def forward(self) -> None:
        screen = self.screen
        screen.history.update_current(screen.reader.cursor)
        place = screen.history.forward()
        if place is not None:
            self.go(place)

    def go(self, place: Place) -> None:
        screen = self.screen
        current = screen.current
        if current is not None and current.id == place.doc_id and not screen.raw_mode:
            screen.reader.go_to(place.passage, align="near")
        else:
            self.open(place.doc_id, place.passage, history=False)
        screen.show_reader()

    def toggle_raw(self) -> None:
        screen = self.screen
        if screen.current is None:
            return
        if screen.raw_mode:
            self.open(screen.current.id, None, history=False)
        else:
            screen.in_thread("raw", partial(workers.load_raw, screen.current, screen.post_message))

    def raw_loaded(self, message: RawLoaded) -> None:
        reader = self.screen.reader
        self.screen.raw_mode = True
        reader.show(message.document)
        reader.banner = "raw text (v: back to the reading view)"
        reader.refresh()

    def outline(self) -> None:
        from tui.dialogs.pick_list import PickList

        doc = self.screen.current
        if doc is None:
            return
        rows = [
            (("  " * max(0, p.level - 1)) + f"{p.number:>4}  {p.text}", p.number)
            for p in doc.headings
        ]
        if not rows:
            rows = [(f"{p.number:>4}  {p.text[:70]}", p.number) for p in doc.passages]
        self.screen.app.push_screen(PickList[int](f"Outline — {doc.title}", rows), self._picked)

    def _picked(self, passage: int | None) -> None:
        if passage is not None:
            self.screen.reader.jump_to(passage, align="top")
            self.screen.show_reader()

    def copy(self) -> None:
        """Copy the passage under the cursor with a citation (OSC 52 reaches over SSH)."""
        from tui.core.citation import citation

        screen = self.screen
        doc = screen.current
        if doc is None:
            return
        number = screen.reader.cursor
        passage = doc.passage(number)
        if passage is None:
            return
        screen.app.copy_to_clipboard(citation(doc, number, passage.text))
        screen.notify(
            f"Copied {doc.id}#{number} with its citation to the clipboard (OSC 52).", timeout=3
        )

    def skipped(self) -> None:
        """`!`: the files that were not loaded, and why."""
        from tui.dialogs.pick_list import PickList

        corpus = self.screen.corpus
        if corpus is None:
            self.screen.notify("The corpus is still loading…", timeout=2)
            return
        skipped = corpus.skipped
        rows = [(f"{one_line(s.path)} — {one_line(s.reason)}", s.path) for s in skipped]
        title = f"Skipped files ({len(rows)})"
        self.screen.app.push_screen(PickList[str](title, rows, empty="No file was skipped."))
