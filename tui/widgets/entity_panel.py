"""The current document's entities, grouped by type with mention counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.messages import message

if TYPE_CHECKING:
    from tui.core.models import Entity

TYPE_LABELS = {
    "PERSON": "People",
    "ORG": "Organisations",
    "GPE": "Places",
    "LOC": "Other places",
    "NORP": "Groups & nationalities",
    "EVENT": "Events",
}


class EntityPanel(OptionList):
    """Entities of one document. Moving the selection posts `Selected`; enter posts `Browse`."""

    BINDINGS = [
        Binding("j", "cursor_down", "Next entity", show=False, id="entities.down"),
        Binding("k", "cursor_up", "Previous entity", show=False, id="entities.up"),
    ]

    @message
    class Selected(Message):
        """The highlighted entity changed: the reader highlights its mentions."""

        key: str
        name: str

    @message
    class Browse(Message):
        """Open the entity browser on this entity."""

        key: str

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.doc_id: str | None = None
        self._entities: dict[str, Entity] = {}

    def set_entities(self, doc_id: str | None, rows: list[tuple[Entity, int]]) -> None:
        """Show `rows` ((entity, mentions in this document)) by type, most mentioned first."""
        self.doc_id = doc_id
        self._entities = {e.key: e for e, _ in rows}
        self.clear_options()
        if not rows:
            self.add_option(Option(Text("No entities found.", style="dim"), disabled=True))
            return
        width = max(len(str(n)) for _, n in rows)
        from tui.core.models import ENTITY_TYPES as TYPES

        totals = {t: sum(n for e, n in rows if e.type == t) for t in TYPES}
        # The most mentioned types first (places, then organisations, in most news).
        for type_ in sorted(TYPES, key=lambda t: (-totals[t], TYPES.index(t))):
            group = [(e, n) for e, n in rows if e.type == type_]
            if not group:
                continue
            self.add_option(
                Option(Text(TYPE_LABELS[type_], style="bold"), id=f"type:{type_}", disabled=True)
            )
            for ent, n in group:
                label = Text(" ")
                label.append(ent.name)
                label.append(f" {n:>{width}}", style="dim")
                self.add_option(Option(label, id=ent.key))
        first = next(
            (i for i in range(self.option_count) if not self.get_option_at_index(i).disabled),
            None,
        )
        self.highlighted = first

    @property
    def selected_key(self) -> str | None:
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return option.id if option.id in self._entities else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        ent = self._entities.get(event.option.id or "")
        if ent is not None:
            self.post_message(self.Selected(ent.key, ent.name))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        ent = self._entities.get(event.option.id or "")
        if ent is not None:
            self.post_message(self.Browse(ent.key))
