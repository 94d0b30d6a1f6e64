"""The entities' and related documents' frozen dataclasses, apart from `tui.core.models` (which
imports them when first asked for) so that a start's list does not make them."""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.core.models import entity_key


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an entity: passage number and [start, end) character span in its text."""

    doc: str
    passage: int
    start: int
    end: int
    surface: str
    name: str = ""  # canonical name (after alias merging)
    type: str = ""

    @property
    def key(self) -> str:
        return entity_key(self.name, self.type)


@dataclass(slots=True)
class Entity:
    """An entity of the corpus: mention count, documents (first-seen order) and surface forms."""

    key: str
    name: str
    type: str
    count: int = 0
    docs: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)

    @property
    def doc_count(self) -> int:
        """How many documents mention it (`len(docs)`; the index's entities count without
        listing them)."""
        return len(self.docs)

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "type": self.type,
            "count": self.count,
            "docs": list(self.docs),
            "aliases": list(self.aliases),
        }


@dataclass(frozen=True, slots=True)
class Related:
    """A document related to another, with why."""

    doc: str
    title: str
    score: float
    shared_entities: tuple[str, ...]
    shared_terms: tuple[str, ...]
    near_duplicate: bool = False
    similarity: float = 0.0  # estimated shingle Jaccard (text overlap)

    def to_json(self) -> dict[str, object]:
        return {
            "doc": self.doc,
            "title": self.title,
            "score": round(self.score, 4),
            "shared_entities": list(self.shared_entities),
            "shared_terms": list(self.shared_terms),
            "near_duplicate": self.near_duplicate,
        }


@dataclass(frozen=True, slots=True)
class Highlight:
    """A span of a passage's text to highlight: kind "entity" or "term"."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class PassageRef:
    """A passage of another document about the same thing as a given passage."""

    doc: str
    title: str
    passage: int
    text: str
    score: float
    shared_entities: tuple[str, ...]
    shared_terms: tuple[str, ...]
    highlights: tuple[Highlight, ...]
