"""Back/forward history of visited documents and positions."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Place:
    doc_id: str
    passage: int


@dataclass(slots=True)
class History:
    """A browser-like history: visiting truncates the forward part."""

    places: list[Place] = field(default_factory=list)
    index: int = -1

    @property
    def current(self) -> Place | None:
        return self.places[self.index] if 0 <= self.index < len(self.places) else None

    def visit(self, place: Place) -> None:
        if self.current == place:
            return
        del self.places[self.index + 1 :]
        self.places.append(place)
        self.index = len(self.places) - 1

    def update_current(self, passage: int) -> None:
        """Remember where the reader is in the current place, so back returns there."""
        if self.current is not None:
            self.places[self.index] = Place(self.current.doc_id, passage)

    def back(self) -> Place | None:
        if self.index > 0:
            self.index -= 1
            return self.places[self.index]
        return None

    def forward(self) -> Place | None:
        if self.index < len(self.places) - 1:
            self.index += 1
            return self.places[self.index]
        return None
