"""`Store`: the one object callers hold; it opens the file and forwards to the tables.

The work is done in `bookmarks.BookmarkTable` and `state.StateTable`, which share one
`connection.Database`; this class only documents the API and keeps it in one place.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.paths import data_dir
from tui.core.store.bookmarks import BookmarkTable
from tui.core.store.connection import Database
from tui.core.store.opening import open_store
from tui.core.store.schema import DB_NAME
from tui.core.store.state import StateTable

if TYPE_CHECKING:
    from tui.core.store.records import Bookmark, ImportResult, Position

BUSY_TIMEOUT = 15.0  # seconds a writer waits for another one before giving up


class Store:
    """Bookmarks, reading positions, query history and app state in one SQLite file.

    Safe to call from several threads at once (one connection behind a lock, see
    `connection`) and from several processes (WAL mode, one transaction per write).
    `timeout` is how long a write waits while another process holds the write lock; the
    UI calls the store only from thread workers, so that wait never freezes a keypress.
    Raises StoreError when a write cannot be saved. Use as a context manager or call
    `close()`.
    """

    def __init__(self, path: Path | None = None, *, timeout: float = BUSY_TIMEOUT) -> None:
        self.path = Path(path) if path is not None else data_dir() / DB_NAME
        self.timeout = timeout
        opened = open_store(self.path, timeout)
        self.notice = opened.notice  # what the caller should tell the user, if anything
        self.read_only = opened.read_only  # True: changes live in memory for this session
        self.set_aside = opened.set_aside  # where a corrupt or foreign file was moved
        self._db = Database(opened.conn, self.path)
        self._bookmarks = BookmarkTable(self._db)
        self._state = StateTable(self._db)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self._db.read("PRAGMA user_version")[0][0])

    def integrity(self) -> str:
        """`PRAGMA integrity_check`'s verdict ("ok" when the file is sound)."""
        return "; ".join(str(r[0]) for r in self._db.read("PRAGMA integrity_check"))

    # ---- bookmarks -----------------------------------------------------------------

    def get(self, bookmark_id: int) -> Bookmark | None:
        return self._bookmarks.get(bookmark_id)

    def add(
        self,
        root: str,
        doc: str,
        passage: int,
        text: str,
        note: str = "",
        tags: Iterable[str] = (),
    ) -> tuple[Bookmark, bool]:
        """Bookmark a passage; returns (bookmark, created). Re-adding the same text is a no-op,
        except that a given note replaces the old one and given tags are added."""
        return self._bookmarks.add(root, doc, passage, text, note, tags)

    def remove(self, bookmark_id: int) -> Bookmark | None:
        """Delete a bookmark; returns it (for `restore`), or None when it was not there."""
        return self._bookmarks.remove(bookmark_id)

    def toggle(
        self,
        root: str,
        doc: str,
        passage: int,
        text: str,
        anchored: Iterable[Bookmark] = (),
        shown: bool | None = None,
    ) -> tuple[bool, Bookmark]:
        """Add the passage's bookmark, or remove it when there is one.

        `anchored` are the document's bookmarks after `reanchor`: one that now points at
        `passage` (its text edited since) counts as this passage's bookmark too.
        `shown` is whether the user's view showed the passage bookmarked: the toggle acts on
        that, so a stale view never removes what another session just added (False: add or
        keep) nor adds back what it just removed (True: remove if there).
        Returns (added, bookmark): when `added` is False the bookmark was removed and can be
        passed to `restore` to undo (id 0: it was already gone).
        """
        return self._bookmarks.toggle(root, doc, passage, text, anchored, shown)

    def restore(self, bookmark: Bookmark) -> Bookmark:
        """Put back a removed bookmark with its id, note and dates (undo)."""
        return self._bookmarks.restore(bookmark)

    def set_note(self, bookmark_id: int, note: str, tags: Iterable[str] = ()) -> Bookmark | None:
        """Replace a bookmark's note and tags; None when the bookmark no longer exists."""
        return self._bookmarks.set_note(bookmark_id, note, tags)

    def list(self, root: str | None = None) -> builtins.list[Bookmark]:
        """Every bookmark (of one corpus root if given), newest first."""
        return self._bookmarks.list(root)

    def for_document(self, root: str, doc: str) -> builtins.list[Bookmark]:
        """The document's bookmarks, by stored passage number (re-anchor before showing)."""
        return self._bookmarks.for_document(root, doc)

    def count(self, root: str | None = None) -> int:
        """How many bookmarks there are (of one corpus root if given)."""
        return self._bookmarks.count(root)

    def import_bookmarks(self, bookmarks: Iterable[Bookmark]) -> ImportResult:
        """Merge bookmarks (from `bookmarks_from_json`): new ones added, known ones merged."""
        return self._bookmarks.import_bookmarks(bookmarks)

    # ---- reading positions ---------------------------------------------------------

    def save_position(self, root: str, doc: str, passage: int, total: int) -> Position:
        """Remember the last passage read; the percent kept is the furthest ever reached."""
        return self._state.save_position(root, doc, passage, total)

    def forget_position(self, root: str, doc: str) -> None:
        """The document is unread again (newsboat's mark unread): no position, no percent."""
        self._state.forget_position(root, doc)

    def load_position(self, root: str, doc: str) -> Position | None:
        return self._state.load_position(root, doc)

    def positions(self, root: str | None = None) -> dict[tuple[str, str], Position]:
        """Every reading position (of one root if given), keyed by (root, doc)."""
        return self._state.positions(root)

    # ---- app state and history -----------------------------------------------------

    def get_state(self, key: str, default: str | None = None) -> str | None:
        return self._state.get_state(key, default)

    def set_state(self, key: str, value: str | None) -> None:
        """Set a value (None deletes it)."""
        self._state.set_state(key, value)

    def last_document(self, corpus: str) -> str | None:
        """The document last opened in a corpus (`corpus` as from `paths.corpus_key`)."""
        return self._state.last_document(corpus)

    def set_last_document(self, corpus: str, doc: str | None) -> None:
        self._state.set_last_document(corpus, doc)

    def query_history(self, scope: str = "search", limit: int = 50) -> builtins.list[str]:
        """Past queries, newest first, each once."""
        return self._state.query_history(scope, limit)

    def append_query(self, query: str, scope: str = "search") -> None:
        """Record a query (blank ones are ignored); only the latest HISTORY_MAX are kept."""
        self._state.append_query(query, scope)
