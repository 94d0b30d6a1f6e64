"""The header line: where you are (corpus, count), loading progress, notices."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class StatusLine(Static):
    """One line of plain text; the screen sets its parts."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Content(" Dossier ─ loading…"), id=id, markup=False)
        self.parts: dict[str, str] = {}

    def set_part(self, key: str, text: str | None) -> None:
        if text:
            self.parts[key] = text
        else:
            self.parts.pop(key, None)
        order = ["corpus", "document", "progress", "skipped", "bookmarks", "find"]
        shown = [self.parts[k] for k in order if k in self.parts]
        shown += [v for k, v in self.parts.items() if k not in order]
        self.update(Content(" Dossier ─ " + " · ".join(shown)))
