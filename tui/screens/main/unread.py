"""Read and unread documents, as in newsboat: go to the next unread one, mark one read or
unread. A document is unread until its cursor has moved (the list shows "·" for it)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.models import Document
    from tui.core.store import Store
    from tui.screens.main.screen import MainScreen


def save_read(store: Store, doc: Document, read: bool) -> None:
    """In a worker: all of `doc` read (its last passage, 100%), or no position at all."""
    from tui.core.errors import StoreError

    try:
        if read:
            total = max(1, doc.passage_count)
            store.save_position(doc.root, doc.id, total, total)
        else:
            store.forget_position(doc.root, doc.id)
    except StoreError:
        pass  # a read-only store said so at start


class ReadMarks:
    """`ctrl+n` and `M` on the main screen."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def is_read(self, doc_id: str) -> bool:
        return doc_id in self.screen.positions or doc_id in self.screen.doc_list.progress

    def next_unread(self) -> None:
        """Open the next unread document below the list's cursor (wrapping round)."""
        screen = self.screen
        rows = screen.doc_list.rows
        if not rows:
            return
        here = screen.doc_list.highlighted or screen.current
        start = next((i for i, d in enumerate(rows) if here is not None and d.id == here.id), -1)
        for step in range(1, len(rows) + 1):
            doc = rows[(start + step) % len(rows)]
            if not self.is_read(doc.id) and doc is not screen.current:
                screen.open_document(doc.id, None)
                screen.show_reader()
                return
        screen.notify("No unread document left in the list.", timeout=3)

    def toggle(self) -> None:
        """`M`: the document under the list's cursor (the open one from the reader) is marked
        read, or unread again when it was read."""
        screen = self.screen
        doc = screen.doc_list.highlighted if screen.doc_list.has_focus else screen.current
        if doc is None:
            return
        read = not self.is_read(doc.id)
        if read:
            screen.positions[doc.id] = doc.passage_count
            screen.doc_list.progress[doc.id] = 100.0
        else:
            screen.positions.pop(doc.id, None)
            screen.doc_list.progress.pop(doc.id, None)
        screen.doc_list.refresh_row(doc.id)
        if screen.store is not None:
            screen.in_thread("position", partial(save_read, screen.store, doc, read))
        screen.notify(f"{doc.title}: marked {'read' if read else 'unread'}.", timeout=2)
