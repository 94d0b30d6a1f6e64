"""Matches on the main screen: find-in-document (`/`), n/N, and the match cursor shown in the
reader and the status line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Input

from tui.core.matches import MatchCursor, MatchKind, Span

if TYPE_CHECKING:
    from tui.core.models import Document
    from tui.screens.main.screen import MainScreen


class MatchesView:
    """Keeps the reader's highlights and the status line in step with a `MatchCursor`."""

    def __init__(self, screen: MainScreen) -> None:
        self.cursor = MatchCursor()
        self.screen = screen
        self.reader = screen.reader
        self.status = screen.status

    def open_find(self) -> None:
        """`/`: the find field, the reader on screen (the matches light up as you type)."""
        screen = self.screen
        if screen.current is None:
            return
        if screen.list_covers_reader:
            screen.show_reader()
        screen.finding = True
        field = screen.query_one("#find", Input)
        screen.set_focus(field)
        if field.value:
            self.find(field.value, screen.current)

    def close_find(self) -> None:
        self.screen.finding = False
        self.screen.set_focus(self.reader)

    @property
    def kind(self) -> MatchKind | None:
        """What is highlighted now (None: nothing)."""
        return self.cursor.kind if self.cursor.label else None

    def set(self, matches: list[Span], kind: MatchKind, label: str, jump: bool = True) -> None:
        """Highlight `matches`; with `jump`, go to the first one at or after the cursor."""
        passage = self.cursor.reset(matches, kind, label, self.reader.cursor if jump else None)
        if passage is not None:
            self.reader.go_to(passage)
        self.show()

    def find(self, text: str, doc: Document) -> None:
        """Find-in-document: every occurrence of `text` (capitals make it case-sensitive)."""
        from tui.core.search import find_in_text

        query = text.strip()
        matches = find_in_text(text, doc.passages) if query else []
        self.set(matches, MatchKind.FIND, f"find {query!r}" if query else "")

    def search_terms(self, terms: tuple[str, ...], query: str, doc: Document, at: int) -> None:
        """A search result's words, the one in passage `at` current."""
        from tui.core.search import find_in_text

        matches = sorted({m for term in terms for m in find_in_text(term, doc.passages)})
        self.set(matches, MatchKind.SEARCH, f"search {query.strip()!r}", jump=False)
        self.cursor.select_passage(at)
        self.show()

    def clear(self) -> None:
        self.cursor.clear()
        self.show()

    def step(self, step: int) -> bool:
        """Go `step` matches on; False when there is none to go to (the reader is told)."""
        if self.cursor.matches and self.screen.list_covers_reader:
            self.screen.show_reader()
        passage = self.cursor.step(step, at=self.reader.cursor)
        if passage is None:
            if self.cursor.label:
                self.screen.notify(f"{self.cursor.label}: no match in this document.", timeout=2)
            return False
        self.reader.go_to(passage)
        self.show()
        return True

    def show(self) -> None:
        self.reader.set_highlights(self.cursor.highlights())
        self.status.set_part("find", self.cursor.status())
