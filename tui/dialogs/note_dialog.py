"""A small dialog to write a bookmark's note and tags."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tui.core.paths import styles_dir
from tui.core.store import parse_tags

NoteResult = tuple[str, tuple[str, ...]]


class NoteDialog(ModalScreen[NoteResult | None]):
    """Edit a note and comma-separated tags; dismisses with (note, tags), or None on escape.

    `quote` (the passage) is shown above the fields so the user sees what they annotate.
    """

    CSS_PATH = styles_dir() / "bookmarks.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="note.save"),
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
    ]

    def __init__(self, note: str = "", tags: tuple[str, ...] = (), quote: str = "") -> None:
        super().__init__()
        self._note = note
        self._tags = tags
        self._quote = quote

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Label("Annotate bookmark", classes="note-title")
            if self._quote:
                quote = " ".join(self._quote.split())
                yield Static(
                    Text(quote[:237] + "…" if len(quote) > 240 else quote), id="note-quote"
                )
            yield Label("Note", classes="note-label")
            yield Input(
                self._note,
                placeholder="A note on this passage",
                id="note-text",
                select_on_focus=False,
            )
            yield Label("Tags, comma-separated", classes="note-label")
            yield Input(
                ", ".join(self._tags),
                placeholder="tags, comma, separated",
                id="note-tags",
                select_on_focus=False,
            )
            yield Label("enter or ctrl+s save · tab next field · esc cancel", classes="note-help")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#note-text", Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        note = self.query_one("#note-text", Input).value.strip()
        tags = parse_tags(self.query_one("#note-tags", Input).value)
        self.dismiss((note, tags))

    def action_cancel(self) -> None:
        self.dismiss(None)
