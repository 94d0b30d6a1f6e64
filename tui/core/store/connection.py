"""The store's one connection, shared by every thread of the process behind a lock.

Why one connection and a lock rather than a connection per thread: the read-only fallback
is an in-memory database, which exists only inside the connection that holds it, and a
single connection keeps a session's reads consistent with its own writes whatever thread
made them. Store calls take milliseconds, so serialising them costs nothing visible.

Every write runs in its own `BEGIN IMMEDIATE` transaction: the write lock is taken before
any read, so two writers never deadlock, and what a call returned as saved survives a
`kill -9`. When another process holds the write lock the call waits up to the busy timeout,
and holds this lock while it waits; the UI therefore calls the store only from thread
workers, so such a wait never freezes a keypress.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tui.core.errors import StoreError


def timestamp() -> str:
    """Now, as the store writes it: ISO 8601, UTC, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Database:
    """One SQLite connection made safe to share: each read and transaction holds a lock."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.path = path  # named in error messages
        self._conn = conn
        # Re-entrant: a transaction's body may call a helper that reads through `read`.
        self._lock = threading.RLock()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction, taken before any read so that writers never deadlock.

        Raises StoreError when the transaction cannot start or commit (nothing is saved).
        """
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(f"could not save to {self.path}: {exc}") from exc
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            try:
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise StoreError(f"could not save to {self.path}: {exc}") from exc

    def read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows of one query; StoreError when it cannot be read."""
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"could not read {self.path}: {exc}") from exc

    def close(self) -> None:
        """Close the connection; later calls raise StoreError."""
        with self._lock:
            self._conn.close()
