"""The SQLite index file: its schema and opening it (a damaged or foreign file is moved aside,
an unusable data dir falls back to memory)."""

from __future__ import annotations

import contextlib
import errno
import sqlite3
import time
from pathlib import Path

from tui.core.models import Corpus
from tui.core.paths import corpus_key, data_dir

APP_ID = "dossier-search"
# 4: FTS5 indexes case-folded NFKC text; 5: zero-width characters dropped; 6: positions kept,
# passages in their own table; 7: no passages stored (read from the corpus), rows of removed
# documents listed in `dead`
SCHEMA_VERSION = "7"


def index_path(corpus: Corpus) -> Path:
    return data_dir() / "index" / f"{corpus_key(corpus.roots)}.sqlite"


TOKENIZE = "'unicode61 remove_diacritics 2'"

_SCHEMA = f"""
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs(
    id INTEGER PRIMARY KEY,
    doc TEXT UNIQUE NOT NULL,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime REAL NOT NULL,
    hash TEXT NOT NULL,
    title TEXT NOT NULL,
    passages INTEGER NOT NULL,
    first INTEGER NOT NULL
);
-- FTS rows of documents changed or removed since the index was built: contentless FTS5 can
-- forget a row only given its text, which the corpus no longer has; queries skip them.
CREATE TABLE dead(rowid INTEGER PRIMARY KEY);
CREATE VIRTUAL TABLE fts USING fts5(
    body, content='', columnsize=0, detail=full, tokenize={TOKENIZE}
);
-- A flush of FTS5's pending words makes a segment: 1 MB by default made 10x more of them.
INSERT INTO fts(fts, rank) VALUES('hashsize', 33554432);
CREATE VIRTUAL TABLE vocab USING fts5vocab(fts, 'row');
CREATE TABLE terms(term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
"""


def connect(target: str) -> sqlite3.Connection:
    conn = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA cache_size=-32768")  # 32 MB of pages at most (default 2 MB)
    return conn


def bulk_writes(conn: sqlite3.Connection, on: bool) -> None:
    """Settings for writing many documents (a first build) or a few: in bulk, FTS5 does not
    merge its segments as it goes (one 'optimize' at the end merges them once: 2x faster)
    and SQLite does not wait for the disk (a crash leaves a damaged index, set aside and
    rebuilt). Outside a transaction."""
    conn.execute(f"PRAGMA synchronous={'OFF' if on else 'NORMAL'}")
    conn.execute("INSERT INTO fts(fts, rank) VALUES('automerge', ?)", (0 if on else 4,))


def term_counts(conn: sqlite3.Connection, texts: list[str]) -> dict[str, int]:
    """How many of `texts` hold each word, cut into words by the index's own tokenizer (an
    in-memory FTS5 table beside the index, `scratch`, emptied after)."""
    conn.execute("BEGIN")  # one transaction: FTS5 writes its segment once
    conn.executemany("INSERT INTO scratch(rowid, body) VALUES (?, ?)", enumerate(texts, 1))
    conn.execute("COMMIT")
    counts = dict(conn.execute("SELECT term, doc FROM scratch_vocab").fetchall())
    conn.execute("INSERT INTO scratch(scratch) VALUES('delete-all')")
    return counts


def scratch_connection() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    conn.execute(
        "CREATE VIRTUAL TABLE scratch USING fts5("
        f"body, content='', columnsize=0, detail=none, tokenize={TOKENIZE})"
    )
    conn.execute("CREATE VIRTUAL TABLE scratch_vocab USING fts5vocab(scratch, 'row')")
    return conn


def open_connection(path: Path | None) -> tuple[sqlite3.Connection, Path | None]:
    """A connection to the index at `path`, created if need be, and the path it uses: None
    when the file cannot be used (read-only or unusable data dir: the index is in memory)."""
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists() and not is_valid_file(path):
                move_aside(path)
            conn = connect(str(path))
            if not _has_schema(conn):
                create_schema(conn)
            return conn, path
        except (OSError, sqlite3.Error):
            pass
    conn = connect(":memory:")
    create_schema(conn)
    return conn, None


def _has_schema(conn: sqlite3.Connection) -> bool:
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    return "meta" in names


def is_valid_file(path: Path) -> bool:
    """True when `path` is an index of this application and schema that SQLite can read."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("app") != APP_ID or meta.get("schema") != SCHEMA_VERSION:
                return False
            conn.execute("SELECT count(*) FROM docs").fetchone()
            conn.execute("SELECT rowid FROM fts WHERE fts MATCH 'a' LIMIT 1").fetchall()
            return True
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def move_aside(path: Path) -> None:
    """Rename the index file (and its journals) to `<name>.bad-<time>`: the last damaged copy
    is kept to look at, older ones are deleted (each is as large as the index)."""
    for old in path.parent.glob(f"{path.name}.bad-*"):
        with contextlib.suppress(OSError):
            old.unlink()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for suffix in ("", "-wal", "-shm", "-journal"):
        p = Path(f"{path}{suffix}")
        if p.exists():
            p.replace(Path(f"{path}.bad-{stamp}{suffix}"))


def is_disk_full(exc: BaseException) -> bool:
    """The error is a full disk (or quota), not a damaged file: nothing to set aside."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    return isinstance(exc, sqlite3.Error) and "disk is full" in str(exc)


def create_schema(conn: sqlite3.Connection) -> None:
    conn.executescript(_SCHEMA)
    conn.executemany(
        "INSERT INTO meta(key, value) VALUES (?, ?)",
        [("app", APP_ID), ("schema", SCHEMA_VERSION)],
    )


def file_size(path: Path | None) -> int:
    """Bytes the index takes on disk, its write-ahead log included (0 in memory)."""
    if path is None:
        return 0
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def remove(path: Path) -> None:
    """Delete the index file and its journals (to build it again, not because it is damaged)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()
