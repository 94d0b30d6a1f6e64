"""Former home of the SQLite index, kept for the code that imports it from here (part 6
moves it to `tui.core.search`); re-exports only.

Lazily: the main screen imports `open_index` from here before it posts the title finder,
and calling it, not importing it, loads SQLite and the backend.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.models import Corpus
    from tui.core.search.backend import IndexCorruptError, RefreshStats, SearchHit, SearchIndex
    from tui.core.search.freshness import content_hash, file_states, stat_files
    from tui.core.search.sqlite_backend import SqliteIndex, open_backend
    from tui.core.search.sqlite_storage import APP_ID, SCHEMA_VERSION, index_path

_MODULES = {
    "IndexCorruptError": "backend",
    "RefreshStats": "backend",
    "SearchHit": "backend",
    "SearchIndex": "backend",
    "content_hash": "freshness",
    "file_states": "freshness",
    "stat_files": "freshness",
    "SqliteIndex": "sqlite_backend",
    "open_backend": "sqlite_backend",
    "APP_ID": "sqlite_storage",
    "SCHEMA_VERSION": "sqlite_storage",
    "index_path": "sqlite_storage",
}


def open_index(corpus: Corpus) -> SqliteIndex:
    """The persisted index for `corpus` (not refreshed: call `refresh(corpus)`)."""
    from tui.core.search.sqlite_backend import open_index as open_sqlite_index

    return open_sqlite_index(corpus)


if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        module = _MODULES.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"tui.core.search.{module}"), name)


__all__ = [
    "APP_ID",
    "SCHEMA_VERSION",
    "IndexCorruptError",
    "RefreshStats",
    "SearchHit",
    "SearchIndex",
    "SqliteIndex",
    "content_hash",
    "file_states",
    "index_path",
    "open_backend",
    "open_index",
    "stat_files",
]
