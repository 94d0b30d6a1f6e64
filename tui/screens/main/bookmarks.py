"""Bookmarks on the main screen: `b` (with its undo slot), `a`, and the bookmarks screen.

Every store call runs in a worker (`workers.py`); the reader's marks and the count change when
`MarksLoaded` arrives.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from tui.screens.main import workers

if TYPE_CHECKING:
    from tui.core.models import Document
    from tui.core.store import Bookmark
    from tui.dialogs.note_dialog import NoteResult
    from tui.screens.bookmarks import BookmarkEdit, BookmarksScreen, Jump
    from tui.screens.main.messages import BookmarksGathered, BookmarkToggled, MarksLoaded
    from tui.screens.main.screen import MainScreen


class BookmarksLink:
    """The open document's bookmarks, what `b` last removed, and the bookmarks screen."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.marks: list[Bookmark] = []  # the open document's bookmarks, re-anchored
        self.undo: Bookmark | None = None  # what `b` last removed: `b` again restores it
        self.bookmarks_screen: BookmarksScreen | None = None  # the one open, to fill

    def _here(self) -> tuple[Document, int, str] | None:
        screen = self.screen
        doc = screen.current
        if doc is not None and screen.raw_mode:  # `b` and `a` did nothing, without a word
            screen.notify("Bookmarks are on passages: v goes back to them.", timeout=3)
            return None
        if doc is None or screen.store is None or screen.raw_mode:
            return None
        passage = doc.passage(screen.reader.cursor)
        return (doc, passage.number, passage.text) if passage else None

    def load(self) -> None:
        """Re-read the open document's bookmarks (and the count) in a worker."""
        screen = self.screen
        if screen.current is None or screen.store is None:
            self.marks = []
            screen.reader.set_bookmarked(set())
            return
        screen.in_thread(
            "marks", partial(workers.load_marks, screen.store, screen.current, screen.post_message)
        )

    def loaded(self, message: MarksLoaded) -> None:
        screen = self.screen
        if screen.current is None or screen.current.id != message.doc_id:
            return  # another document was opened meanwhile
        self.marks = message.marks
        screen.reader.set_bookmarked({b.passage for b in self.marks if not b.orphaned})
        if message.count is not None:
            n = message.count
            label = f"{n} bookmark{'s' if n != 1 else ''}" if n else None
            screen.status.set_part("bookmarks", label)

    def toggle(self) -> None:
        here = self._here()
        if here is None or self.screen.store is None:
            return
        doc, number, text = here
        store, post = self.screen.store, self.screen.post_message
        # What the user saw decides: a stale view never undoes another session's bookmark.
        shown = any(b.passage == number and not b.orphaned for b in self.marks)
        work = partial(
            workers.toggle_bookmark, store, doc, number, text, self.undo, post, shown=shown
        )
        self.screen.in_thread("bookmark", work, exclusive=False)

    def toggled(self, message: BookmarkToggled) -> None:
        if message.removed is not None:
            self.undo = message.removed
        elif message.restored:
            self.undo = None
        self.screen.notify(message.notice, timeout=message.timeout)

    def annotate(self) -> None:
        from tui.dialogs.note_dialog import NoteDialog

        here = self._here()
        if here is None:
            return
        doc, number, text = here
        mark = next((b for b in self.marks if b.passage == number and not b.orphaned), None)

        def done(result: NoteResult | None) -> None:
            store = self.screen.store
            if result is not None and store is not None:
                post = self.screen.post_message
                work = partial(workers.annotate, store, doc, mark, number, text, result, post)
                self.screen.in_thread("bookmark", work, exclusive=False)

        note, tags = (mark.note, mark.tags) if mark else ("", ())
        self.screen.app.push_screen(NoteDialog(note, tags, text), done)

    def open_screen(self) -> None:
        """Open the bookmarks screen at once; a worker fills it (keys typed meanwhile, as a
        filter, land in it rather than on this screen)."""
        from tui.screens.bookmarks import BookmarksScreen

        screen = self.screen
        if screen.store is None:
            return
        self.bookmarks_screen = BookmarksScreen(None)
        screen.app.push_screen(self.bookmarks_screen, self._jump)
        work = partial(workers.gather_bookmarks, screen.store, screen.corpus, screen.post_message)
        screen.in_thread("bookmarks", work)

    def gathered(self, message: BookmarksGathered) -> None:
        if message.error:
            self.screen.notify(message.error, severity="error")
        if self.bookmarks_screen is not None:  # unless it was closed before they came
            self.bookmarks_screen.set_bookmarks(message.bookmarks, message.titles, message.error)

    def _jump(self, jump: Jump | None) -> None:
        self.bookmarks_screen = None
        if jump is None:
            return
        screen = self.screen
        doc = screen.corpus.get(jump.doc) if screen.corpus is not None else None
        if doc is None or doc.root != jump.root:
            screen.notify(
                f"{jump.doc} is in another corpus: open it with `dossier {jump.root}`.",
                severity="warning",
            )
            return
        screen.open_document(doc.id, jump.passage)
        screen.show_reader()

    def apply(self, edit: BookmarkEdit) -> None:
        """A change made on the bookmarks screen, for the store (in a worker)."""
        store = self.screen.store
        if store is not None:
            screen = self.screen
            work = partial(workers.edit_bookmark, store, edit, screen.current, screen.post_message)
            screen.in_thread("bookmark", work, exclusive=False)
