"""Frozen dataclasses shared by the core, the CLI and the app.

The entities' and related documents' classes (`Mention`, `Entity`, `Related`, `Highlight`,
`PassageRef`) live in `tui.core.entity_models` and are imported from here as well, when first
asked for: making a dataclass costs ~3.5M instructions (its methods compiled), and a start's
list needs none of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

# Re-exported (`X as X`): PassageKind and plural live in light modules the UI imports early.
from tui.core.kinds import PassageKind as PassageKind
from tui.core.text import fold
from tui.core.text import plural as plural

if TYPE_CHECKING:
    from tui.core.entity_models import Entity as Entity
    from tui.core.entity_models import Highlight as Highlight
    from tui.core.entity_models import Mention as Mention
    from tui.core.entity_models import PassageRef as PassageRef
    from tui.core.entity_models import Related as Related

_LATER = frozenset({"Entity", "Highlight", "Mention", "PassageRef", "Related"})


def __getattr__(name: str) -> Any:
    if name not in _LATER:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from tui.core import entity_models

    value = getattr(entity_models, name)
    globals()[name] = value
    return value


@dataclass(frozen=True, slots=True)
class Span:
    """A styled run inside a passage's text: [start, end) with a style name."""

    start: int
    end: int
    style: str  # "bold", "italic", "code", "link"


@dataclass(frozen=True, slots=True)
class Passage:
    """One paragraph (or heading, list item) of a document's cleaned text.

    `number` starts at 1 and is stable for an unchanged file: it is what the CLI,
    bookmarks and `id#passage` anchors use. `text` is already neutralised: no
    control characters, no escape sequences.
    """

    number: int
    text: str
    kind: PassageKind = PassageKind.PARAGRAPH
    level: int = 0  # heading level (1-6), list depth
    spans: tuple[Span, ...] = ()

    @property
    def is_heading(self) -> bool:
        return self.kind is PassageKind.HEADING


@dataclass(frozen=True, slots=True)
class Document:
    """A readable file of the corpus with the metadata derived from it."""

    id: str  # path relative to the root it was found under, POSIX separators
    path: str  # absolute path on disk
    root: str  # the corpus root (folder, or the file's folder for a single file)
    title: str
    passages: tuple[Passage, ...]
    date: str | None = None  # ISO 8601 date
    byline: str | None = None
    source: str | None = None  # a source URL given by the text
    hidden: tuple[str, ...] = ()  # boilerplate lines removed from the reading view
    encoding: str = "utf-8"
    size: int = 0
    mtime: float = 0.0
    words: int = 0
    fmt: str = "txt"  # "txt", "md", "rtf" or "html"
    notes: tuple[str, ...] = ()  # what loading noticed (legacy encoding, control chars)
    # A date known only in part, when `date` is None: "--01-27" (day and month, year unknown)
    # or "2022-07" (a month), ISO 8601 style. A missing year is never guessed.
    partial_date: str | None = None

    @property
    def headings(self) -> tuple[Passage, ...]:
        return tuple(p for p in self.passages if p.kind is PassageKind.HEADING)

    def passage(self, number: int) -> Passage | None:
        if 1 <= number <= len(self.passages):
            return self.passages[number - 1]
        return None

    @property
    def passage_count(self) -> int:
        """How many passages (a document loaded from the cache knows without reading them)."""
        return len(self.passages)

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.words / 230))


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A file that was found but could not be read as a document, with why."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class ListOrder:
    """The document list's order for one sort (see `tui.core.listing`): positions in a corpus's
    documents, folder by folder, and each folder's name and count in that order."""

    positions: Sequence[int]
    folders: list[tuple[str, int]]


@dataclass(slots=True)
class Corpus:
    """The documents found under some paths, plus the files that were skipped."""

    roots: tuple[str, ...]
    documents: list[Document] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    _by_id: dict[str, Document] | None = field(default_factory=dict, repr=False, compare=False)
    # The list's order by sort key, once known (a warm start reads "title" from the cache).
    orders: dict[str, ListOrder] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id = {d.id: d for d in self.documents}

    def add(self, doc: Document) -> None:
        self.documents.append(doc)
        self.by_id[doc.id] = doc
        self.orders.clear()

    def get(self, doc_id: str) -> Document | None:
        return self.by_id.get(doc_id)

    @property
    def by_id(self) -> dict[str, Document]:
        """The documents by id; `unindexed` puts off making it till first asked for (a warm
        start shows 100k documents before anyone looks one up)."""
        by_id = self._by_id
        if by_id is None:
            by_id = self._by_id = {d.id: d for d in self.documents}
        return by_id

    def unindexed(self) -> None:
        """`documents` was set: the index by id is made when next needed."""
        self._by_id = None

    def __len__(self) -> int:
        return len(self.documents)

    @property
    def name(self) -> str:
        from pathlib import PurePath

        if len(self.roots) == 1:
            return PurePath(self.roots[0]).name or self.roots[0]
        return f"{len(self.roots)} paths"


# -- entities and related documents ---------------------------------------------------------

ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT")
# What each type is called on screen (the codes are for JSON and the command line).
ENTITY_TYPE_NAMES = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "other place",
    "NORP": "group or nationality",
    "EVENT": "event",
}


@lru_cache(maxsize=131072)
def surface_key(surface: str) -> str:
    """Folded form used to compare surfaces: case and accents folded, curly quotes straightened."""
    return fold(surface).replace("’", "'").replace("‘", "'").strip()


def entity_key(name: str, type_: str) -> str:
    """The key naming an entity: "TYPE:folded name" ("ORG:nato")."""
    return f"{type_}:{surface_key(name)}"
