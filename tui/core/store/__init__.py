"""SQLite store: bookmarks, reading positions and per-user state, safe across processes.

One file, `data_dir()/dossier.sqlite`, in WAL mode so that several Dossier sessions and the
CLI can read and write at once, and one connection per process that any thread may use.
What cannot be opened normally is never fatal (`Store.notice` says what happened).

- `store`: `Store`, the object callers hold; it forwards to the parts below.
- `schema`: the migrations and the checks run on opening; `opening`: recovery and fallback.
- `connection`: the shared connection, its lock and its transactions.
- `bookmarks`: the bookmark operations; `state`: positions, settings, query history.
- `records`: `Bookmark`, `Position` and `ImportResult`, what the operations return.
- `export`: bookmarks to and from JSON, and to a Markdown reading file (pure).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from tui.core.errors import StoreError
from tui.core.store.bookmarks import QUOTE_MAX, parse_tags, quote_of, text_hash
from tui.core.store.schema import APPLICATION_ID, DB_NAME, MIGRATIONS, SCHEMA_VERSION
from tui.core.store.state import HISTORY_MAX
from tui.core.store.store import BUSY_TIMEOUT, Store

if TYPE_CHECKING:
    from tui.core.store.export import (
        EXPORT_FORMAT,
        bookmarks_from_json,
        bookmarks_to_json,
        bookmarks_to_markdown,
    )
    from tui.core.store.records import Bookmark, ImportResult, Position

# Each from its module when first asked for: the app opens the store before a first start's
# list, which needs neither the records (three dataclasses, ~11M instructions to make) nor the
# export and its import checks (the CLI's `bookmarks` command, ~1.3 ms of imports).
_LATER = {
    "EXPORT_FORMAT": "export",
    "bookmarks_from_json": "export",
    "bookmarks_to_json": "export",
    "bookmarks_to_markdown": "export",
    "Bookmark": "records",
    "ImportResult": "records",
    "Position": "records",
}


def __getattr__(name: str) -> Any:
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT",
    "DB_NAME",
    "EXPORT_FORMAT",
    "HISTORY_MAX",
    "MIGRATIONS",
    "QUOTE_MAX",
    "SCHEMA_VERSION",
    "Bookmark",
    "ImportResult",
    "Position",
    "Store",
    "StoreError",
    "bookmarks_from_json",
    "bookmarks_to_json",
    "bookmarks_to_markdown",
    "parse_tags",
    "quote_of",
    "text_hash",
]
