"""The document list on the main screen: filter text, entity filter and sort, the rows computed
in a worker (fast enough for 100k documents, but never on the event loop)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.widgets import Input

from tui.core.text import one_line, plural
from tui.screens.main import workers

if TYPE_CHECKING:
    from tui.screens.main.messages import ListReady
    from tui.screens.main.screen import MainScreen


@dataclass(frozen=True, slots=True)
class EntityFilter:
    """The list shows only the documents that mention one entity."""

    key: str
    name: str
    doc_ids: frozenset[str]


class ListPane:
    """What the list shows: the filter text, the entity filter, the sort."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.sort_key = workers.FIRST_SORT
        self.filter_text = ""
        self.entity_filter: EntityFilter | None = None
        self._moves = 0  # the list's user moves when its rows were last asked for

    def refresh(self, follow_open: bool = True, first: ListReady | None = None) -> None:
        """Recompute the rows (in a worker), the cursor kept on the open document (or, not
        `follow_open`, where it is: the files changed under the reader's eyes). `first`: the
        corpus's first list as its loader computed it, shown as it is if the view is still the
        one it was computed for (every document, by `FIRST_SORT`, no cursor to keep)."""
        screen = self.screen
        if screen.corpus is None:
            return
        if follow_open:
            keep = screen.current or screen.doc_list.highlighted
        else:
            keep = screen.doc_list.highlighted or screen.current
        self._moves = screen.doc_list.user_moves
        allowed = self.entity_filter.doc_ids if self.entity_filter else None
        plain = allowed is None and not self.filter_text and self.sort_key == workers.FIRST_SORT
        if first is not None and plain and keep is None:
            # Handled before the screen is next drawn: with the status the load just set.
            screen.post_message(first)
            return
        work = partial(
            workers.compute_list,
            screen.corpus,
            allowed,
            self.filter_text,
            self.sort_key,
            keep.id if keep else None,
            screen.post_message,
            follow_open,
        )
        screen.in_thread("list", work)

    def ready(self, message: ListReady) -> None:
        screen = self.screen
        current = screen.current
        here = screen.doc_list.highlighted
        keep: str | None
        if message.follow_open and current is not None:
            keep = current.id
        elif here is not None and screen.doc_list.user_moves != self._moves:
            # Keys moved the cursor while the rows were computed (the corpus loaded after its
            # preview, or before the first document opened): it stays where they put it.
            keep = here.id
        else:
            keep = message.keep
        screen.doc_list.empty_text = self._none_shown() if not message.rows else ""
        screen.doc_list.set_rows(message.rows, keep, message.folders, message.keep_at)
        # What a shown list starts (the index, the panels, the corpus's refresh: threads that
        # compete for the interpreter) waits till the list is painted (DocumentList.Painted):
        # at 100k, ~0.5 s sooner. A list not on screen after this refresh (hidden, or under
        # another screen; a key may have hidden it since: `enter` typed as the rows came) is
        # not painted: then it starts after the refresh.
        screen.call_after_refresh(self._unless_painted)
        if screen.corpus is not None:
            screen.status.set_part("progress", None)
            corpus = screen.corpus
            screen.status.set_part("corpus", f"{corpus.name} ({plural(len(corpus), 'document')})")
        label = f"{len(message.rows):,} shown · sorted by {self.sort_key}"
        if self.entity_filter is not None:
            label = f"mentioning {self.entity_filter.name} · F shows all · " + label
        screen.query_one("#filter", Input).border_subtitle = label

    def _none_shown(self) -> str:
        """Why the list shows nothing (its rows computed: the corpus is there)."""
        if self.filter_text:
            return f"No document matches “{one_line(self.filter_text)}”: esc clears the filter."
        if self.entity_filter is not None:
            return "No document to list: F shows all."
        return "No readable document here: ! says why."

    def _unless_painted(self) -> None:
        screen = self.screen
        if not (screen.is_current and screen.doc_list.region):
            screen.loader.shown()

    def filter_text_changed(self, text: str) -> None:
        self.filter_text = text
        self.refresh()

    def by_entity(self, key: str, name: str, doc_ids: frozenset[str]) -> None:
        """List only the documents that mention an entity (F clears), the list on screen."""
        screen = self.screen
        self.entity_filter = EntityFilter(key, name, doc_ids)
        self.refresh()
        if screen.narrow:
            screen.pane = "list"
        screen.set_focus(screen.doc_list)

    def clear_entity(self) -> None:
        self.entity_filter = None
        self.refresh()

    def show_all(self) -> None:
        """`F`: neither the filter text nor an entity filter: every document again."""
        field = self.screen.query_one("#filter", Input)
        had = bool(self.entity_filter or field.value)
        self.entity_filter = None
        if field.value:
            field.value = ""  # its Changed message refreshes the rows
        else:
            self.refresh()
        if had:
            self.screen.notify("The list shows every document again.", timeout=2)

    def cycle_sort(self) -> None:
        from tui.core.listing import next_sort_key

        docs = self.screen.corpus.documents if self.screen.corpus is not None else []
        self.sort_key = next_sort_key(self.sort_key, any(d.date for d in docs))
        self.refresh()
        self.screen.notify(f"Sorted by {self.sort_key}.", timeout=2)
