"""Documents related to the current one, with a score and the reasons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.messages import message

if TYPE_CHECKING:
    from tui.core.models import Related


def related_label(rel: Related) -> Text:
    """Two lines: score and title (near-duplicates marked), then the shared entities and terms."""
    text = Text()
    text.append(f"{rel.score:.2f} ", style="bold")
    if rel.near_duplicate:
        text.append("≈ near-duplicate ", style="reverse")
    text.append(rel.title)
    reasons = Text("\n     ", style="dim")
    if rel.shared_entities:
        reasons.append(", ".join(rel.shared_entities[:4]), style="bold dim")
    if rel.shared_terms:
        if rel.shared_entities:
            reasons.append(" · ")
        reasons.append(", ".join(rel.shared_terms[:4]), style="italic dim")
    text.append_text(reasons)
    return text


class RelatedPanel(OptionList):
    """Related documents, best first. Enter posts `Open(doc_id)`."""

    BINDINGS = [
        Binding("j", "cursor_down", "Next related", show=False, id="related.down"),
        Binding("k", "cursor_up", "Previous related", show=False, id="related.up"),
    ]

    @message
    class Open(Message):
        doc_id: str

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.doc_id: str | None = None
        self.rows: list[Related] = []

    def set_related(self, doc_id: str | None, rows: list[Related] | None) -> None:
        """The rows for `doc_id`; None while they are being found."""
        self.doc_id = doc_id
        self.rows = list(rows or [])
        self.clear_options()
        if rows is None:
            self.add_option(Option(Text("Finding related documents…", style="dim"), disabled=True))
            return
        if not rows:
            self.add_option(Option(Text("No related documents.", style="dim"), disabled=True))
            return
        for rel in rows:
            self.add_option(Option(related_label(rel), id=rel.doc))
        self.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Open(event.option.id))
