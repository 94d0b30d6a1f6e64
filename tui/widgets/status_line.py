"""The header line: where you are (corpus, count, the document), loading progress, notices,
and at its right end the place in the document (passage N/M, percent), never cut off."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static

from tui.core.text import one_line
from tui.widgets.textfit import fit

# The title last: on a narrow line it is what gets cut ("…"), not a count or a match.
ORDER = ["corpus", "progress", "skipped", "bookmarks", "find", "document"]


class StatusLine(Static):
    """One line of plain text; the screen sets its parts and the place."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Content(" Dossier ─ loading…"), id=id, markup=False)
        self.parts: dict[str, str] = {}
        self.place = ""

    def set_part(self, key: str, text: str | None) -> None:
        """Set (or with None, drop) a part; corpus and document names are shown as text."""
        if text:
            self.parts[key] = one_line(text)
        else:
            self.parts.pop(key, None)
        self.refresh()

    def set_place(self, text: str | None) -> None:
        """Where the reader is ("¶ 3/15 · 20%"), kept whole at the right end."""
        self.place = text or ""
        self.refresh()

    def render(self) -> Content:
        shown = [self.parts[k] for k in ORDER[:-1] if k in self.parts]
        shown += [v for k, v in self.parts.items() if k not in ORDER]
        shown += [self.parts[k] for k in ORDER[-1:] if k in self.parts]
        left = " Dossier ─ " + " · ".join(shown)
        if not self.place:
            return Content(left)
        right = f" {self.place} "
        width = self.size.width or 80
        return Content(fit(left, max(0, width - cell_len(right))) + right)
