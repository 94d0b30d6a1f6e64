"""The store's records: a bookmark, a reading position, what an import did.

In a module of their own, made when the store first returns one and not when it is opened: a
frozen dataclass costs ~3.5M instructions to make (its methods compiled), and a first start
opens the store before its list, which shows none of them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A bookmarked passage.

    `passage` is the number stored when the bookmark was made; after `reanchor` it is the
    passage's current number, and `orphaned` says the passage could not be found again
    (the bookmark is then shown with its `quote`, never dropped).
    """

    id: int
    root: str  # the corpus root the document was found under (resolved)
    doc: str  # the document id (path relative to the root)
    passage: int
    quote: str  # the passage's text, shortened to QUOTE_MAX characters
    text_hash: str = ""
    note: str = ""
    tags: tuple[str, ...] = ()
    created: str = ""  # ISO 8601, UTC
    updated: str = ""
    orphaned: bool = False

    @property
    def anchor(self) -> str:
        """The `id#passage` form the CLI and exports use."""
        return f"{self.doc}#{self.passage}"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["tags"] = list(self.tags)
        return data


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What `import_bookmarks` did."""

    added: int
    merged: int  # already present: notes and tags merged into the existing bookmark


@dataclass(frozen=True, slots=True)
class Position:
    """Where reading stopped in a document; `percent` is the furthest point reached."""

    root: str
    doc: str
    passage: int
    total: int
    percent: float
    updated: str

    @property
    def finished(self) -> bool:
        return self.percent >= 100.0
