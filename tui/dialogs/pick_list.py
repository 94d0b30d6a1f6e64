"""A small modal list to pick from: the outline of a document, the skipped files."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

T = TypeVar("T")


class PickList(ModalScreen[T | None], Generic[T]):
    """Shows (label, value) rows; enter dismisses with the value, esc with None."""

    BINDINGS = [
        Binding("escape,q", "cancel", "Close", id="pick.close"),
        Binding("j", "down", "Down", show=False),
        Binding("k", "up", "Up", show=False),
    ]

    def __init__(self, title: str, rows: list[tuple[str, T]], empty: str = "Nothing here.") -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows
        self.empty = empty

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-box"):
            yield Static(Content(self.title_text), id="pick-title")
            if self.rows:
                yield OptionList(
                    *[Option(Content(label), id=str(i)) for i, (label, _) in enumerate(self.rows)],
                    id="pick-options",
                )
            else:
                yield Static(Content(self.empty), id="pick-empty")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = int(event.option.id or 0)
        self.dismiss(self.rows[index][1])

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()
