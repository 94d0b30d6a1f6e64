"""The store's schema: the file's identity, its migrations, and the checks run when opening it.

The schema version is `PRAGMA user_version`; `MIGRATIONS` brings any older file up to date.
`APPLICATION_ID` tells a Dossier database from another program's.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

DB_NAME = "dossier.sqlite"  # the store's file name in the data directory
APPLICATION_ID = 0x444F5353  # "DOSS": tells our database from another program's

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
BUSY, LOCKED, CORRUPT, NOTADB = 5, 6, 11, 26


class Unusable(Exception):
    """The file at the store's path is not a usable Dossier database (reason in args[0])."""


class Newer(Exception):
    """The database was written by a newer Dossier: read it, never replace it."""


def error_code(exc: sqlite3.Error) -> int:
    """The primary SQLite result code of an error (0 when unknown)."""
    return int(getattr(exc, "sqlite_errorcode", 0)) & 0xFF


def connect(path: Path, timeout: float) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), usable from any thread."""
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    return conn


def check(conn: sqlite3.Connection, path: Path) -> None:
    """Raise Unusable when the file is foreign or damaged, Newer when its schema is newer."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {
        r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not str(r[0]).startswith("sqlite_")
    }
    if app_id not in (0, APPLICATION_ID):
        raise Unusable(f"another program's database (application id {app_id:#x})")
    if tables and ((app_id == 0 and version == 0) or "bookmarks" not in tables):
        raise Unusable("another program's database (tables: " + ", ".join(sorted(tables)) + ")")
    rows = conn.execute("PRAGMA quick_check").fetchall()
    if rows != [("ok",)]:
        raise Unusable("damaged (" + "; ".join(str(r[0]) for r in rows[:3]) + ")")
    if version > SCHEMA_VERSION:
        raise Newer(
            f"{path} was written by a newer Dossier (schema {version}, this one knows "
            f"{SCHEMA_VERSION})"
        )


def prepare(conn: sqlite3.Connection, timeout: float) -> None:
    """Switch the file to WAL mode and bring its schema up to date."""
    deadline = time.monotonic() + timeout
    if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
        # A new, empty file: its switch to WAL (the one write in rollback mode) is not synced,
        # four disk syncs (~20-30 ms) of a first start; there is nothing in it to lose.
        conn.execute("PRAGMA synchronous = OFF")
    while True:
        # Switching to WAL needs a moment alone with the file; another opener may hold it.
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            break
        except sqlite3.OperationalError as exc:
            if error_code(exc) not in (BUSY, LOCKED) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)
    if str(mode).lower() != "wal":
        raise sqlite3.OperationalError(f"cannot use WAL journal mode (got {mode})")
    conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable across app crashes
    migrate(conn)


def migrate(conn: sqlite3.Connection) -> None:
    """Run the migrations the file lacks, in one transaction."""
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
