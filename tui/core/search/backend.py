"""The seam between the app and a search engine: the SearchBackend protocol, what it returns
(SearchHit, RefreshStats) and the error it may raise.

Two implementations: `SqliteIndex` (sqlite_backend.py, persisted, the default through
`open_backend`) and `MemoryBackend` (memory_backend.py, an inverted index in memory). Both
answer the same Matches (candidates.candidate_keys) their own way and rank with
`ranking.rank_found`, so they agree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from tui.core.models import Corpus
from tui.core.search.query import Query

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
FileState = tuple[str, int, float]  # (path, size, mtime)


class IndexCorruptError(RuntimeError):
    """The index file turned out to be damaged; it was moved aside: refresh, then retry."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One passage found by a search, with why it ranks where it does.

    `spans` are [start, end) character offsets of the matches in `text`; `parts` are the
    weighted components that add up to `score`.
    """

    doc: str
    title: str
    passage: int
    score: float
    text: str
    spans: tuple[tuple[int, int], ...] = ()
    parts: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RefreshStats:
    """What a refresh did, and what the backend holds after it."""

    documents: int = 0
    passages: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    size: int = 0  # bytes on disk (0 in memory)
    path: str = ""  # "" when in memory

    def summary(self) -> str:
        where = self.path or "memory"
        return (
            f"{self.documents} documents, {self.passages} passages: {self.added} added, "
            f"{self.changed} changed, {self.removed} removed; {self.size / 1e6:.1f} MB "
            f"in {where}; {self.seconds:.2f} s"
        )


class SearchBackend(Protocol):
    """What the app and the CLI need from a passage search engine.

    Safe to call from several threads: a query waits for a refresh in progress (or runs
    between its batches).
    """

    def refresh(
        self, corpus: Corpus, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> RefreshStats:
        """Bring the backend up to date with `corpus`, touching only added, changed and
        removed documents. `cancelled` stops it early (removals are then skipped)."""
        ...

    def warm(self) -> None:
        """Do now the loading the first query would otherwise wait for."""
        ...

    def query(self, query: Query | str, limit: int = 50) -> list[SearchHit]:
        """The best `limit` passages for `query`, best first, each with its score `parts`.
        Raises QuerySyntaxError for a query that cannot mean anything and IndexCorruptError
        when storage proves damaged (the backend is then empty: refresh, then retry)."""
        ...

    def is_fresh(self, files: Sequence[FileState]) -> bool:
        """True when the backend holds exactly these files, unchanged (so a caller may skip
        reading the corpus)."""
        ...

    def clear(self) -> None:
        """Forget every document: the next refresh starts from nothing."""
        ...

    def close(self) -> None: ...
