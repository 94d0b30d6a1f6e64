"""SQLite store: bookmarks, reading positions and per-user state, safe across processes.

One file, `data_dir()/dossier.sqlite`, in WAL mode so that several Dossier sessions and the
CLI can read and write at once. Every write runs in its own `BEGIN IMMEDIATE` transaction
(the busy timeout queues writers instead of failing them), so what a call returned as saved
survives a `kill -9`. The schema version is `PRAGMA user_version`; `MIGRATIONS` brings any
older file up to date.

What cannot be opened normally is never fatal: a corrupt or foreign file is moved aside and
a new store created; a read-only data directory gives a store that reads what is there and
keeps changes in memory for the session. Either way `Store.notice` says what happened.
"""

from __future__ import annotations

import builtins
import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

from tui.core.errors import StoreError
from tui.core.paths import data_dir

__all__ = ["Bookmark", "Position", "Store", "StoreError"]

DB_NAME = "dossier.sqlite"
APPLICATION_ID = 0x444F5353  # "DOSS": tells our database from another program's
BUSY_TIMEOUT = 15.0  # seconds a writer waits for another one before giving up
QUOTE_MAX = 1000  # characters of passage text kept with a bookmark
HISTORY_MAX = 200  # queries kept per scope
EXPORT_FORMAT = "dossier-bookmarks"

# Each migration is a list of statements run in one transaction; index + 1 is the version.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: bookmarks, reading positions, key/value state.
    (
        f"PRAGMA application_id = {APPLICATION_ID}",
        """CREATE TABLE bookmarks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            root TEXT NOT NULL,
            doc TEXT NOT NULL,
            passage INTEGER NOT NULL,
            text_hash TEXT NOT NULL DEFAULT '',
            quote TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        )""",
        "CREATE INDEX bookmarks_doc ON bookmarks (root, doc)",
        """CREATE TABLE positions (
            root TEXT NOT NULL,
            doc TEXT NOT NULL,
            passage INTEGER NOT NULL,
            total INTEGER NOT NULL,
            percent REAL NOT NULL,
            updated TEXT NOT NULL,
            PRIMARY KEY (root, doc)
        )""",
        "CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
    # 2: one bookmark per passage text (re-adding is idempotent), and query history.
    (
        "ALTER TABLE bookmarks ADD COLUMN anchor TEXT NOT NULL DEFAULT ''",
        "UPDATE bookmarks SET anchor = CASE WHEN text_hash != '' THEN text_hash ELSE quote END",
        # Duplicates from version 1 keep their notes: they get a distinct anchor, not deleted.
        """UPDATE bookmarks SET anchor = anchor || '#' || id WHERE id NOT IN
            (SELECT MIN(id) FROM bookmarks GROUP BY root, doc, anchor)""",
        "CREATE UNIQUE INDEX bookmarks_anchor ON bookmarks (root, doc, anchor)",
        """CREATE TABLE query_history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            scope TEXT NOT NULL,
            query TEXT NOT NULL,
            at TEXT NOT NULL
        )""",
        "CREATE INDEX query_history_scope ON query_history (scope, id)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)

# SQLite primary result codes (sqlite3 exposes them from 3.11 as exc.sqlite_errorcode).
_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _CANTOPEN, _NOTADB = 3, 5, 6, 8, 10, 11, 14, 26


class _Unusable(Exception):
    """The file at the store's path is not a usable Dossier database (reason in args[0])."""


class _Newer(Exception):
    """The database was written by a newer Dossier: read it, never replace it."""


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


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    merged: int  # already present: notes and tags merged into the existing bookmark


def text_hash(text: str) -> str:
    """A short hash of a passage's text, blind to whitespace changes."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def quote_of(text: str) -> str:
    """What a bookmark keeps of a passage's text."""
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1] + "…"


def parse_tags(raw: str | Iterable[str]) -> tuple[str, ...]:
    """Tags from "a, b,#c" or an iterable of such strings: trimmed, no '#', no duplicates."""
    parts = raw.split(",") if isinstance(raw, str) else [p for r in raw for p in r.split(",")]
    seen: dict[str, None] = {}
    for part in parts:
        tag = " ".join(part.strip().lstrip("#").split())
        if tag and tag.casefold() not in {t.casefold() for t in seen}:
            seen[tag] = None
    return tuple(seen)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _code(exc: sqlite3.Error) -> int:
    return int(getattr(exc, "sqlite_errorcode", 0)) & 0xFF


class Store:
    """Bookmarks, reading positions, query history and app state in one SQLite file.

    Thread-safe (one connection behind a lock; workers may call it). Use as a context
    manager or call `close()`.
    """

    def __init__(self, path: Path | None = None, *, timeout: float = BUSY_TIMEOUT) -> None:
        self.path = Path(path) if path is not None else data_dir() / DB_NAME
        self.timeout = timeout
        self.notice: str | None = None  # what the caller should tell the user, if anything
        self.read_only = False  # True: changes live in memory for this session only
        self.set_aside: Path | None = None  # where a corrupt or foreign file was moved
        self._lock = threading.RLock()
        self._conn = self._open()

    # ---- opening -------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
        )
        conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        return conn

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return self._open_fallback(
                f"cannot create the data directory {self.path.parent} ({exc.strerror or exc})"
            )
        inode = self._inode()
        conn: sqlite3.Connection | None = None
        try:
            conn = self._connect()
            self._check(conn)
            self._prepare(conn)
            return conn
        except _Unusable as exc:
            if conn is not None:
                conn.close()
            return self._replace(str(exc.args[0]), inode)
        except _Newer as exc:
            if conn is not None:
                conn.close()
            return self._open_fallback(str(exc.args[0]))
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            code = _code(exc)
            if code in (_CORRUPT, _NOTADB):
                return self._replace(f"not a readable database ({exc})", inode)
            if code in (_BUSY, _LOCKED):
                reason = f"{self.path} is locked by another program ({exc})"
            else:
                reason = f"cannot write to {self.path} ({exc})"
            return self._open_fallback(reason)

    def _inode(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_dev, st.st_ino)

    def _check(self, conn: sqlite3.Connection) -> None:
        """Raise _Unusable when the file is foreign or damaged; newer schemas go read-only."""
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not str(r[0]).startswith("sqlite_")
        }
        if app_id not in (0, APPLICATION_ID):
            raise _Unusable(f"another program's database (application id {app_id:#x})")
        if tables and ((app_id == 0 and version == 0) or "bookmarks" not in tables):
            raise _Unusable(
                "another program's database (tables: " + ", ".join(sorted(tables)) + ")"
            )
        rows = conn.execute("PRAGMA quick_check").fetchall()
        if rows != [("ok",)]:
            raise _Unusable("damaged (" + "; ".join(str(r[0]) for r in rows[:3]) + ")")
        if version > SCHEMA_VERSION:
            raise _Newer(
                f"{self.path} was written by a newer Dossier (schema {version}, this one knows "
                f"{SCHEMA_VERSION})"
            )

    def _prepare(self, conn: sqlite3.Connection) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            # Switching to WAL needs a moment alone with the file; another opener may hold it.
            try:
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                break
            except sqlite3.OperationalError as exc:
                if _code(exc) not in (_BUSY, _LOCKED) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
        if str(mode).lower() != "wal":
            raise sqlite3.OperationalError(f"cannot use WAL journal mode (got {mode})")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable across app crashes
        self._migrate(conn)

    def _migrate(self, conn: sqlite3.Connection) -> None:
        if conn.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Read again inside the transaction: another process may have migrated meanwhile.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            for number in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[number]:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {max(version, SCHEMA_VERSION)}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _replace(self, reason: str, inode: tuple[int, int] | None) -> sqlite3.Connection:
        """Move the unusable file aside and start a new store in its place."""
        aside: Path | None = None
        # Only move the file we examined: another process may already have replaced it.
        if inode is not None and self._inode() == inode:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
            n = 1
            while aside.exists():
                n += 1
                aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
            try:
                os.replace(self.path, aside)
                for suffix in ("-wal", "-shm"):
                    side = self.path.with_name(self.path.name + suffix)
                    if side.exists():
                        os.replace(side, aside.with_name(aside.name + suffix))
            except OSError as exc:
                return self._open_fallback(
                    f"{self.path} is {reason} and cannot be moved aside ({exc.strerror or exc})"
                )
        self.set_aside = aside
        conn: sqlite3.Connection | None = None
        try:
            conn = self._connect()
            self._check(conn)
            self._prepare(conn)
        except (sqlite3.Error, _Unusable) as exc:
            if conn is not None:
                conn.close()
            return self._open_fallback(f"cannot create a new store at {self.path} ({exc})")
        where = f"; it was moved to {aside}" if aside else ""
        self.notice = f"The bookmarks database was {reason}{where}. A new, empty one was created."
        return conn

    def _open_fallback(self, reason: str) -> sqlite3.Connection:
        """Read what can be read into memory; changes last for this session only."""
        self.read_only = True
        memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        loaded = False
        if self.path.is_file():
            base = "file:" + url_quote(str(self.path.resolve()))
            for uri in (base + "?mode=ro", base + "?mode=ro&immutable=1"):
                try:
                    source = sqlite3.connect(uri, uri=True, timeout=self.timeout)
                    try:
                        source.execute("SELECT count(*) FROM bookmarks").fetchone()
                        source.backup(memory)
                    finally:
                        source.close()
                    loaded = True
                    break
                except sqlite3.Error:
                    continue
        version = memory.execute("PRAGMA user_version").fetchone()[0]
        if version <= SCHEMA_VERSION:
            self._migrate(memory)
        kept = "read what is there; " if loaded else ""
        self.notice = (
            f"Bookmarks are read-only: {reason}. Dossier {kept}new bookmarks and reading "
            "positions last until you quit and are not saved."
        )
        return memory

    # ---- plumbing ------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction, taken before any read so that writers never deadlock."""
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

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"could not read {self.path}: {exc}") from exc

    @property
    def schema_version(self) -> int:
        return int(self._read("PRAGMA user_version")[0][0])

    # ---- bookmarks -----------------------------------------------------------------

    _COLUMNS = "id, root, doc, passage, text_hash, quote, note, tags, created, updated"

    @staticmethod
    def _bookmark(row: tuple[Any, ...]) -> Bookmark:
        try:
            tags = tuple(str(t) for t in json.loads(row[7]))
        except (ValueError, TypeError):
            tags = ()
        return Bookmark(
            id=row[0],
            root=row[1],
            doc=row[2],
            passage=row[3],
            text_hash=row[4],
            quote=row[5],
            note=row[6],
            tags=tags,
            created=row[8],
            updated=row[9],
        )

    def _get(self, conn: sqlite3.Connection, bookmark_id: int) -> Bookmark | None:
        row = conn.execute(
            f"SELECT {self._COLUMNS} FROM bookmarks WHERE id = ?", (bookmark_id,)
        ).fetchone()
        return self._bookmark(row) if row else None

    def _find(self, conn: sqlite3.Connection, root: str, doc: str, anchor: str) -> Bookmark | None:
        row = conn.execute(
            f"SELECT {self._COLUMNS} FROM bookmarks WHERE root = ? AND doc = ? AND anchor = ?",
            (root, doc, anchor),
        ).fetchone()
        return self._bookmark(row) if row else None

    def get(self, bookmark_id: int) -> Bookmark | None:
        rows = self._read(f"SELECT {self._COLUMNS} FROM bookmarks WHERE id = ?", (bookmark_id,))
        return self._bookmark(rows[0]) if rows else None

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
        digest = text_hash(text)
        tag_tuple = parse_tags(tags)
        note = note.strip()
        now = _now()
        with self._write() as conn:
            existing = self._find(conn, root, doc, digest)
            if existing is not None:
                if (note and note != existing.note) or not set(tag_tuple) <= set(existing.tags):
                    merged = parse_tags((*existing.tags, *tag_tuple))
                    conn.execute(
                        "UPDATE bookmarks SET note = ?, tags = ?, updated = ? WHERE id = ?",
                        (note or existing.note, json.dumps(merged), now, existing.id),
                    )
                    existing = self._get(conn, existing.id) or existing
                return existing, False
            cur = conn.execute(
                "INSERT INTO bookmarks (root, doc, passage, text_hash, quote, note, tags, created,"
                " updated, anchor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    root,
                    doc,
                    passage,
                    digest,
                    quote_of(text),
                    note,
                    json.dumps(tag_tuple),
                    now,
                    now,
                    digest,
                ),
            )
            added = self._get(conn, int(cur.lastrowid or 0))
        assert added is not None
        return added, True

    def remove(self, bookmark_id: int) -> Bookmark | None:
        """Delete a bookmark; returns it (for `restore`), or None when it was not there."""
        with self._write() as conn:
            old = self._get(conn, bookmark_id)
            if old is not None:
                conn.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))
        return old

    def toggle(
        self, root: str, doc: str, passage: int, text: str, anchored: Iterable[Bookmark] = ()
    ) -> tuple[bool, Bookmark]:
        """Add the passage's bookmark, or remove it when there is one.

        `anchored` are the document's bookmarks after `reanchor`: one that now points at
        `passage` (its text edited since) counts as this passage's bookmark too.
        Returns (added, bookmark): when `added` is False the bookmark was removed and can be
        passed to `restore` to undo.
        """
        digest = text_hash(text)
        here = [
            b.id
            for b in anchored
            if b.root == root and b.doc == doc and b.passage == passage and not b.orphaned
        ]
        with self._write() as conn:
            existing = self._find(conn, root, doc, digest)
            for bookmark_id in here:
                existing = existing or self._get(conn, bookmark_id)
            if existing is not None:
                conn.execute("DELETE FROM bookmarks WHERE id = ?", (existing.id,))
                return False, existing
        bookmark, _ = self.add(root, doc, passage, text)
        return True, bookmark

    def restore(self, bookmark: Bookmark) -> Bookmark:
        """Put back a removed bookmark with its id, note and dates (undo)."""
        anchor = bookmark.text_hash or bookmark.quote
        with self._write() as conn:
            existing = self._find(conn, bookmark.root, bookmark.doc, anchor)
            if existing is not None:  # bookmarked again meanwhile: keep that one, add the note
                if (bookmark.note and not existing.note) or bookmark.tags:
                    conn.execute(
                        "UPDATE bookmarks SET note = ?, tags = ? WHERE id = ?",
                        (
                            existing.note or bookmark.note,
                            json.dumps(parse_tags((*existing.tags, *bookmark.tags))),
                            existing.id,
                        ),
                    )
                return self._get(conn, existing.id) or existing
            taken = self._get(conn, bookmark.id) is not None
            conn.execute(
                "INSERT INTO bookmarks (id, root, doc, passage, text_hash, quote, note, tags,"
                " created, updated, anchor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    None if taken else bookmark.id,
                    bookmark.root,
                    bookmark.doc,
                    bookmark.passage,
                    bookmark.text_hash,
                    bookmark.quote,
                    bookmark.note,
                    json.dumps(list(bookmark.tags)),
                    bookmark.created or _now(),
                    bookmark.updated or _now(),
                    anchor,
                ),
            )
            row = conn.execute("SELECT last_insert_rowid()").fetchone()
            restored = self._get(conn, int(row[0]))
        assert restored is not None
        return restored

    def set_note(self, bookmark_id: int, note: str, tags: Iterable[str] = ()) -> Bookmark | None:
        """Replace a bookmark's note and tags; None when the bookmark no longer exists."""
        with self._write() as conn:
            conn.execute(
                "UPDATE bookmarks SET note = ?, tags = ?, updated = ? WHERE id = ?",
                (note.strip(), json.dumps(parse_tags(tags)), _now(), bookmark_id),
            )
            return self._get(conn, bookmark_id)

    def list(self, root: str | None = None) -> list[Bookmark]:
        """Every bookmark (of one corpus root if given), newest first."""
        where, params = ("WHERE root = ?", (root,)) if root is not None else ("", ())
        rows = self._read(
            f"SELECT {self._COLUMNS} FROM bookmarks {where} ORDER BY created DESC, id DESC",
            params,
        )
        return [self._bookmark(r) for r in rows]

    def for_document(self, root: str, doc: str) -> builtins.list[Bookmark]:
        """The document's bookmarks, by stored passage number (re-anchor before showing)."""
        rows = self._read(
            f"SELECT {self._COLUMNS} FROM bookmarks WHERE root = ? AND doc = ?"
            " ORDER BY passage, id",
            (root, doc),
        )
        return [self._bookmark(r) for r in rows]

    def count(self, root: str | None = None) -> int:
        if root is None:
            return int(self._read("SELECT count(*) FROM bookmarks")[0][0])
        return int(self._read("SELECT count(*) FROM bookmarks WHERE root = ?", (root,))[0][0])

    def import_bookmarks(self, bookmarks: Iterable[Bookmark]) -> ImportResult:
        """Merge bookmarks (from `bookmarks_from_json`): new ones added, known ones merged."""
        added = merged = 0
        # Oldest first, so that new ids keep the exported order among equal creation times.
        ordered = sorted(bookmarks, key=lambda b: (b.created, b.id))
        with self._write() as conn:
            for b in ordered:
                digest = b.text_hash or text_hash(b.quote)
                existing = self._find(conn, b.root, b.doc, digest)
                if existing is None:
                    conn.execute(
                        "INSERT INTO bookmarks (root, doc, passage, text_hash, quote, note, tags,"
                        " created, updated, anchor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            b.root,
                            b.doc,
                            b.passage,
                            digest,
                            b.quote,
                            b.note,
                            json.dumps(list(parse_tags(b.tags))),
                            b.created or _now(),
                            b.updated or b.created or _now(),
                            digest,
                        ),
                    )
                    added += 1
                    continue
                merged += 1
                newer = b.updated > existing.updated
                note = (b.note if newer else existing.note) or existing.note or b.note
                conn.execute(
                    "UPDATE bookmarks SET note = ?, tags = ?, created = ?, updated = ?"
                    " WHERE id = ?",
                    (
                        note,
                        json.dumps(list(parse_tags((*existing.tags, *b.tags)))),
                        min(existing.created, b.created or existing.created),
                        max(existing.updated, b.updated),
                        existing.id,
                    ),
                )
        return ImportResult(added, merged)

    # ---- reading positions ---------------------------------------------------------

    def save_position(self, root: str, doc: str, passage: int, total: int) -> Position:
        """Remember the last passage read; the percent kept is the furthest ever reached."""
        total = max(total, 1)
        passage = min(max(passage, 1), total)
        percent = round(100.0 * passage / total, 1)
        now = _now()
        with self._write() as conn:
            conn.execute(
                "INSERT INTO positions (root, doc, passage, total, percent, updated)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (root, doc) DO UPDATE SET"
                " passage = excluded.passage, total = excluded.total,"
                " percent = CASE WHEN positions.total = excluded.total"
                " THEN max(positions.percent, excluded.percent) ELSE excluded.percent END,"
                " updated = excluded.updated",
                (root, doc, passage, total, percent, now),
            )
            row = conn.execute(
                "SELECT root, doc, passage, total, percent, updated FROM positions"
                " WHERE root = ? AND doc = ?",
                (root, doc),
            ).fetchone()
        return Position(*row)

    def load_position(self, root: str, doc: str) -> Position | None:
        rows = self._read(
            "SELECT root, doc, passage, total, percent, updated FROM positions"
            " WHERE root = ? AND doc = ?",
            (root, doc),
        )
        return Position(*rows[0]) if rows else None

    def positions(self, root: str | None = None) -> dict[tuple[str, str], Position]:
        """Every reading position (of one root if given), keyed by (root, doc)."""
        where, params = ("WHERE root = ?", (root,)) if root is not None else ("", ())
        rows = self._read(
            f"SELECT root, doc, passage, total, percent, updated FROM positions {where}", params
        )
        return {(r[0], r[1]): Position(*r) for r in rows}

    # ---- app state and history -----------------------------------------------------

    def get_state(self, key: str, default: str | None = None) -> str | None:
        rows = self._read("SELECT value FROM state WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else default

    def set_state(self, key: str, value: str | None) -> None:
        """Set a value (None deletes it)."""
        with self._write() as conn:
            if value is None:
                conn.execute("DELETE FROM state WHERE key = ?", (key,))
            else:
                conn.execute(
                    "INSERT INTO state (key, value) VALUES (?, ?)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )

    def last_document(self, corpus: str) -> str | None:
        """The document last opened in a corpus (`corpus` as from `paths.corpus_key`)."""
        return self.get_state(f"last_document:{corpus}")

    def set_last_document(self, corpus: str, doc: str | None) -> None:
        self.set_state(f"last_document:{corpus}", doc)

    def query_history(self, scope: str = "search", limit: int = 50) -> builtins.list[str]:
        """Past queries, newest first, each once."""
        rows = self._read(
            "SELECT query FROM query_history WHERE scope = ? ORDER BY id DESC LIMIT ?",
            (scope, limit),
        )
        return [str(r[0]) for r in rows]

    def append_query(self, query: str, scope: str = "search") -> None:
        query = query.strip()
        if not query:
            return
        with self._write() as conn:
            conn.execute("DELETE FROM query_history WHERE scope = ? AND query = ?", (scope, query))
            conn.execute(
                "INSERT INTO query_history (scope, query, at) VALUES (?, ?, ?)",
                (scope, query, _now()),
            )
            conn.execute(
                "DELETE FROM query_history WHERE scope = ? AND id NOT IN"
                " (SELECT id FROM query_history WHERE scope = ? ORDER BY id DESC LIMIT ?)",
                (scope, scope, HISTORY_MAX),
            )

    def integrity(self) -> str:
        """`PRAGMA integrity_check`'s verdict ("ok" when the file is sound)."""
        return "; ".join(str(r[0]) for r in self._read("PRAGMA integrity_check"))


# ---- export and import (pure) -----------------------------------------------------------


def bookmarks_to_json(bookmarks: Iterable[Bookmark]) -> str:
    """Every field of every bookmark, as a JSON document `bookmarks_from_json` reads back."""
    payload = {
        "format": EXPORT_FORMAT,
        "version": 1,
        "exported": _now(),
        "bookmarks": [b.to_json() for b in bookmarks],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def bookmarks_from_json(text: str) -> list[Bookmark]:
    """Bookmarks from an export (or a bare list of bookmark objects); ValueError says why not."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg}, line {exc.lineno})") from None
    items = data.get("bookmarks") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ValueError("expected a Dossier bookmarks export (an object with 'bookmarks')")
    out: list[Bookmark] = []
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise ValueError(f"bookmark {i} is not an object")
        missing = [k for k in ("root", "doc", "passage", "quote") if k not in item]
        if missing:
            raise ValueError(f"bookmark {i} lacks {', '.join(missing)}")
        try:
            passage = int(item["passage"])
        except (TypeError, ValueError):
            raise ValueError(f"bookmark {i} has a passage that is not a number") from None
        tags = item.get("tags") or ()
        out.append(
            Bookmark(
                id=int(item.get("id") or 0),
                root=str(item["root"]),
                doc=str(item["doc"]),
                passage=passage,
                quote=str(item["quote"]),
                text_hash=str(item.get("text_hash") or ""),
                note=str(item.get("note") or ""),
                tags=parse_tags(tags if isinstance(tags, str) else [str(t) for t in tags]),
                created=str(item.get("created") or ""),
                updated=str(item.get("updated") or item.get("created") or ""),
            )
        )
    return out


def bookmarks_to_markdown(
    bookmarks: Iterable[Bookmark],
    documents: Mapping[tuple[str, str], tuple[str, str | None]] | None = None,
) -> str:
    """A reading file: bookmarks grouped by document (title, date), each passage as a block
    quote with its note, tags and `id#passage` anchor. `documents` maps (root, doc) to
    (title, date) for the documents that could be loaded."""
    documents = documents or {}
    groups: dict[tuple[str, str], list[Bookmark]] = {}
    for b in bookmarks:
        groups.setdefault((b.root, b.doc), []).append(b)
    total = sum(len(g) for g in groups.values())
    lines = [
        "# Dossier bookmarks",
        "",
        f"{total} bookmark{'s' if total != 1 else ''} in {len(groups)} "
        f"document{'s' if len(groups) != 1 else ''} · exported {_now()[:16].replace('T', ' ')} UTC",
        "",
    ]
    for key in sorted(groups):
        root, doc = key
        title, date = documents.get(key, (doc, None))
        lines += [f"## {title}", ""]
        lines += [f"`{doc}`" + (f" · {date}" if date else "") + f" · {root}", ""]
        for b in sorted(groups[key], key=lambda b: (b.orphaned, b.passage, b.id)):
            lines += [f"### {b.anchor}" + (" (orphaned)" if b.orphaned else ""), ""]
            lines += ["> " + line if line else ">" for line in b.quote.splitlines() or [""]]
            lines.append("")
            if b.note:
                lines += [f"**Note:** {b.note}", ""]
            if b.tags:
                lines += ["**Tags:** " + ", ".join(f"#{t}" for t in b.tags), ""]
            when = b.created[:16].replace("T", " ")
            extra = " · the passage was not found again in the current file" if b.orphaned else ""
            lines += [f"*Bookmarked {when} UTC{extra}*", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
