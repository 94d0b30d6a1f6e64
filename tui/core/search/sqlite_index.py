"""Former home of the SQLite index, kept for the screens that import it from here (part 6
moves them to `tui.core.search`); re-exports only."""

from __future__ import annotations

from tui.core.search.backend import IndexCorruptError, RefreshStats, SearchHit, SearchIndex
from tui.core.search.freshness import content_hash, file_states, stat_files
from tui.core.search.sqlite_backend import SqliteIndex, open_backend, open_index
from tui.core.search.sqlite_storage import APP_ID, SCHEMA_VERSION, index_path

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
