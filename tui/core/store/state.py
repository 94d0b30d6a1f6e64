"""Per-user state: reading positions, key/value settings, the last document, query history."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

from tui.core.store.connection import Database, timestamp

if TYPE_CHECKING:
    from tui.core.store.records import Position

HISTORY_MAX = 200  # queries kept per scope
_POSITION = "SELECT root, doc, passage, total, percent, updated FROM positions"


class StateTable:
    """The reading-position, state and history operations of a `Store` (see there)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def save_position(self, root: str, doc: str, passage: int, total: int) -> Position:
        total = max(total, 1)
        passage = min(max(passage, 1), total)
        percent = round(100.0 * passage / total, 1)
        now = timestamp()
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO positions (root, doc, passage, total, percent, updated)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (root, doc) DO UPDATE SET"
                " passage = excluded.passage, total = excluded.total,"
                " percent = CASE WHEN positions.total = excluded.total"
                " THEN max(positions.percent, excluded.percent) ELSE excluded.percent END,"
                " updated = excluded.updated",
                (root, doc, passage, total, percent, now),
            )
            row = conn.execute(f"{_POSITION} WHERE root = ? AND doc = ?", (root, doc)).fetchone()
        from tui.core.store.records import Position

        return Position(*row)

    def forget_position(self, root: str, doc: str) -> None:
        with self._db.write() as conn:
            conn.execute("DELETE FROM positions WHERE root = ? AND doc = ?", (root, doc))

    def load_position(self, root: str, doc: str) -> Position | None:
        from tui.core.store.records import Position

        rows = self._db.read(f"{_POSITION} WHERE root = ? AND doc = ?", (root, doc))
        return Position(*rows[0]) if rows else None

    def positions(self, root: str | None = None) -> dict[tuple[str, str], Position]:
        from tui.core.store.records import Position

        where, params = ("WHERE root = ?", (root,)) if root is not None else ("", ())
        rows = self._db.read(f"{_POSITION} {where}", params)
        return {(r[0], r[1]): Position(*r) for r in rows}

    def get_state(self, key: str, default: str | None = None) -> str | None:
        rows = self._db.read("SELECT value FROM state WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else default

    def set_state(self, key: str, value: str | None) -> None:
        with self._db.write() as conn:
            if value is None:
                conn.execute("DELETE FROM state WHERE key = ?", (key,))
            else:
                conn.execute(
                    "INSERT INTO state (key, value) VALUES (?, ?)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )

    def last_document(self, corpus: str) -> str | None:
        return self.get_state(f"last_document:{corpus}")

    def set_last_document(self, corpus: str, doc: str | None) -> None:
        self.set_state(f"last_document:{corpus}", doc)

    def query_history(self, scope: str = "search", limit: int = 50) -> builtins.list[str]:
        rows = self._db.read(
            "SELECT query FROM query_history WHERE scope = ? ORDER BY id DESC LIMIT ?",
            (scope, limit),
        )
        return [str(r[0]) for r in rows]

    def append_query(self, query: str, scope: str = "search") -> None:
        query = query.strip()
        if not query:
            return
        with self._db.write() as conn:
            conn.execute("DELETE FROM query_history WHERE scope = ? AND query = ?", (scope, query))
            conn.execute(
                "INSERT INTO query_history (scope, query, at) VALUES (?, ?, ?)",
                (scope, query, timestamp()),
            )
            conn.execute(
                "DELETE FROM query_history WHERE scope = ? AND id NOT IN"
                " (SELECT id FROM query_history WHERE scope = ? ORDER BY id DESC LIMIT ?)",
                (scope, scope, HISTORY_MAX),
            )
