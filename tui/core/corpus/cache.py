"""The persistent corpus cache: one SQLite file per corpus (its roots) in the data directory.

A row per file (path, size, mtime in ns, the id it was read under) and a row per document the
file holds (1..n: a JSON Lines file holds several): its metadata as JSON, its passages as JSON
apart, so a list can be built without reading a single body. A corrupt file, another
program's, or one of another schema is moved aside (as the store does) and a new one started;
a cache written by another parser version or Document shape is emptied, not trusted.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import sqlite3
import sys
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, NamedTuple

from tui import __version__
from tui.core.models import Document, Passage, PassageKind, Span
from tui.core.paths import corpus_key, data_dir, file_identity, move_aside

SCHEMA_VERSION = 3
APPLICATION_ID = 0x44534343  # "DSCC": a Dossier corpus cache, not another program's database
# Pages of 32 KB, not SQLite's 4 KB: a ~5 KB body took a page and most of an overflow page, and
# each page is a system call when the WAL is checkpointed into the file. A cold build's writes
# and commits at 4,000 generated documents: 31.9 -> 19.4 us of CPU a document, the file 30.1 ->
# 29.2 MB (gen-10000's whole cache, its log checkpointed: 77.6 -> 74.6 MB).
PAGE_SIZE = 32768
# Bump when parsing changes what a file gives: a cache from another parser is rebuilt.
PARSER_VERSION = 2  # 2: bodies marshalled, not JSON
_FIELDS = [f.name for f in fields(Document)]
META_FIELDS = tuple(name for name in _FIELDS if name != "passages")
PASSAGES_AT = _FIELDS.index("passages")  # where passages go among a Document's arguments
_TYPES = {f.name: str(f.type) for f in fields(Document)}
_TUPLES_AT = tuple(i for i, name in enumerate(META_FIELDS) if _TYPES[name].startswith("tuple"))
# The parser and the Document's shape the cached rows were written by.
# Bodies are marshalled, whose format may change between Python versions: another's is rebuilt.
FORMAT = f"{__version__}/{PARSER_VERSION}/{','.join(META_FIELDS)}/{marshal.version}"
_MTIME_AT = META_FIELDS.index("mtime")
# marshal's format may change between Python versions: a snapshot from another one is ignored.
# The last part is the snapshot's own layout (2: arrays as bytes, the list's orders).
_SNAPSHOT_STAMP = f"{FORMAT}/{sys.version_info[:2]}/{marshal.version}/2"
_KINDS = {k.value: k for k in PassageKind}
_SCHEMA = (
    f"PRAGMA application_id = {APPLICATION_ID}",
    "CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS files (
        path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
        base_id TEXT NOT NULL)""",
    # Metadata and bodies apart: listing a corpus scans a small table, never a body.
    """CREATE TABLE IF NOT EXISTS documents (
        path TEXT NOT NULL, seq INTEGER NOT NULL, meta TEXT NOT NULL, passages INTEGER NOT NULL)""",
    "CREATE UNIQUE INDEX IF NOT EXISTS documents_file ON documents (path, seq)",
    """CREATE TABLE IF NOT EXISTS bodies (
        path TEXT NOT NULL, seq INTEGER NOT NULL, body BLOB NOT NULL)""",
    "CREATE UNIQUE INDEX IF NOT EXISTS bodies_file ON bodies (path, seq)",
    # Every document's metadata in one blob (see `snapshot`): a warm start reads only this.
    """CREATE TABLE IF NOT EXISTS snapshot (
        id INTEGER PRIMARY KEY CHECK (id = 0), blob BLOB NOT NULL)""",
    f"PRAGMA user_version = {SCHEMA_VERSION}",
)


def cache_path(roots: tuple[str, ...], folder: Path | None = None) -> Path:
    """Where the cache of the corpus opened from `roots` lives (default: the data directory)."""
    return (folder or data_dir()) / "corpus" / f"{corpus_key(roots)}.sqlite"


@dataclass(frozen=True, slots=True)
class CachedFile:
    """What the cache knows of a file: the stat it was read at and the id it was read under."""

    size: int
    mtime_ns: int
    base_id: str
    digest: str | None = None  # the content's hash: a touched but unchanged file is not reparsed


class Encoded(NamedTuple):
    """A document as the cache writes it (made where it is parsed: a pool's worker encodes
    what it parsed, and the loader only writes)."""

    meta: list[Any]  # the fields but passages, in META_FIELDS order
    meta_json: str
    body: bytes  # the passages (see `body_blob`)
    passage_count: int


def encode(doc: Document | Encoded) -> Encoded:
    if isinstance(doc, Encoded):
        return doc
    meta = meta_row(doc)
    return Encoded(meta, json.dumps(meta, ensure_ascii=False), body_blob(doc), len(doc.passages))


def decode(doc: Document | Encoded) -> Document:
    """The Document an encoded one was made from."""
    if not isinstance(doc, Encoded):
        return doc
    return document_of(doc.meta, passages_from_body(doc.body))


def document_of(meta: list[Any], passages: tuple[Passage, ...]) -> Document:
    """The Document of a metadata row (META_FIELDS order) and its passages."""
    fields_ = list(meta)
    for i in _TUPLES_AT:
        fields_[i] = tuple(fields_[i])
    fields_.insert(PASSAGES_AT, passages)
    return Document(*fields_)


# The metadata columns (see `cache_rows.Columns.stored`), the files skipped (path, reason) and
# the list's stored orders: sort key -> (positions as int64 bytes, [(folder, count), …]).
Snapshot = tuple[tuple[Any, ...], list[tuple[str, str]], dict[str, tuple[bytes, list[Any]]]]
# The files table in a snapshot: paths, sizes and mtimes (int64 bytes), base ids.
StoredFiles = tuple[list[str], bytes, bytes, list[str]]
_PATH_AT, _ID_AT = META_FIELDS.index("path"), META_FIELDS.index("id")


class Foreign(Exception):
    """The file is not a corpus cache of this schema (reason in args[0])."""


class CorpusCache:
    """An open corpus cache. Writes go through one connection; bodies are read through one
    connection per thread (workers ask for bodies while the loader may still write)."""

    def __init__(self, path: Path, timeout: float = 5.0) -> None:
        self.path = path
        self.timeout = timeout
        self.set_aside: Path | None = None  # where a corrupt or foreign file was moved
        path.parent.mkdir(parents=True, exist_ok=True)
        inode = file_identity(path)
        try:
            self.conn = self._open()
        except (sqlite3.DatabaseError, Foreign):
            self.set_aside = move_aside(path, inode)
            self.conn = self._open()
        self._local = threading.local()
        # The files table as the snapshot read holds it (see `snapshot`), until used.
        self.snapshot_files: StoredFiles | None = None
        self._bodies: OrderedDict[tuple[str, int], tuple[Passage, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
        )
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            app = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables and (app != APPLICATION_ID or version != SCHEMA_VERSION):
                raise Foreign(f"application id {app:#x}, schema version {version}")
            # A new file's pages (an existing one keeps its own: the pragma does nothing once
            # the file is written), set before the switch to WAL writes the file's header.
            conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            # The switch to WAL is the one write in rollback mode: unsynced (four disk syncs,
            # ~10-30 ms of a first start), as a cache cut short by a crash is rebuilt.
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")  # a lost cache is rebuilt, not lost
            # The connection sized its page cache (SQLite's 2 MB) in pages of 4 KB, before a new
            # file's page size was set: sized again, or it held ~16 MB of 32 KB pages (a cold
            # build of gen-10000 peaked at 66 MB instead of 53).
            size = conn.execute("PRAGMA cache_size").fetchone()[0]
            conn.execute(f"PRAGMA cache_size = {size}")
            with _transaction(conn):
                for statement in _SCHEMA:
                    conn.execute(statement)
                columns = [row[1] for row in conn.execute("PRAGMA table_info(files)")]
                if "digest" not in columns:  # a cache from before content hashes
                    conn.execute("ALTER TABLE files ADD COLUMN digest TEXT")
                row = conn.execute("SELECT value FROM info WHERE key = 'format'").fetchone()
                if row is None or row[0] != FORMAT:
                    conn.execute("DELETE FROM files")
                    conn.execute("DELETE FROM documents")
                    conn.execute("DELETE FROM bodies")
                    conn.execute("DELETE FROM snapshot")
                    conn.execute("INSERT OR REPLACE INTO info VALUES ('format', ?)", (FORMAT,))
        except BaseException:
            conn.close()
            raise
        return conn

    def close(self) -> None:
        self.conn.close()

    def files(self) -> dict[str, tuple[int, int, str]]:
        """Every file the cache holds, by absolute path: (size, mtime in ns, base id)."""
        rows = self.conn.execute("SELECT path, size, mtime_ns, base_id FROM files")
        return {row[0]: row[1:] for row in rows}

    def file(self, path: str) -> CachedFile | None:
        """What the cache knows of one file (with its content hash)."""
        row = self.conn.execute(
            "SELECT size, mtime_ns, base_id, digest FROM files WHERE path = ?", (path,)
        ).fetchone()
        return CachedFile(*row) if row is not None else None

    def snapshot(self) -> Snapshot | None:
        """The metadata columns, skipped files and the list's orders as the last load left
        them, or None when files changed since (every write drops it) or it is unreadable. The
        files table it holds is kept in `snapshot_files` for the refresh that follows."""
        blob = self._snapshot_blob()
        if blob is None:
            return None
        try:
            stamp, columns, skipped, files, orders = marshal.loads(blob)
            usable = (
                stamp == _SNAPSHOT_STAMP
                and isinstance(columns, tuple)
                and isinstance(files, tuple)
                and len(files) == 4
                and isinstance(orders, dict)
            )
        except (ValueError, EOFError, TypeError):
            usable = False
        if not usable:  # another version's: dropped, so the next load writes one anew
            with suppress(sqlite3.Error):
                self.conn.execute("DELETE FROM snapshot")
            return None
        self.snapshot_files = files
        return columns, skipped, orders

    def _snapshot_blob(self) -> bytes | None:
        """The snapshot's bytes, read as a blob (~3x faster than a SELECT of 25 MB at 100k)."""
        try:
            with self.conn.blobopen("snapshot", "blob", 0, readonly=True) as blob:
                return blob.read()
        except sqlite3.OperationalError:  # no snapshot row
            return None

    def has_snapshot(self) -> bool:
        return self.conn.execute("SELECT 1 FROM snapshot WHERE id = 0").fetchone() is not None

    def save_snapshot(
        self,
        columns: tuple[Any, ...],
        skipped: list[tuple[str, str]],
        orders: dict[str, tuple[bytes, list[Any]]],
    ) -> None:
        """Store the snapshot: `columns` as `Columns.stored` gives them, the files table read
        here. Its paths and ids are the very strings of the columns: marshal then writes a
        reference, not the text again (~5 MB and a tenth of the read at 100k)."""
        rows = self.conn.execute("SELECT path, size, mtime_ns, base_id FROM files").fetchall()
        same = {s: s for s in columns[_PATH_AT]}
        same.update((s, s) for s in columns[_ID_AT])
        files = (
            [same.get(row[0], row[0]) for row in rows],
            array("q", (row[1] for row in rows)).tobytes(),
            array("q", (row[2] for row in rows)).tobytes(),
            [same.get(row[3], row[3]) for row in rows],
        )
        blob = marshal.dumps((_SNAPSHOT_STAMP, columns, skipped, files, orders))
        self.conn.execute("INSERT OR REPLACE INTO snapshot VALUES (0, ?)", (blob,))

    def touch(self, path: str, cached: CachedFile, mtime: float) -> None:
        """A file whose content hash did not change: only its stat is new (and the documents'
        `mtime`, which the search index compares with the file's)."""
        self.conn.execute("DELETE FROM snapshot")
        self.conn.execute(
            "UPDATE files SET size = ?, mtime_ns = ? WHERE path = ?",
            (cached.size, cached.mtime_ns, path),
        )
        self.conn.execute(
            f"UPDATE documents SET meta = json_set(meta, '$[{_MTIME_AT}]', ?) WHERE path = ?",
            (mtime, path),
        )

    def metadata(self) -> dict[str, list[list[Any]]]:
        """Every cached document's row (its fields but passages, in META_FIELDS order, then its
        seq and passage count), by file path, in file order."""
        out: dict[str, list[list[Any]]] = {}
        # A file's rows are written together, in order: the table's own order is file order.
        cursor = self.conn.execute("SELECT path, seq, meta, passages FROM documents")
        # One JSON parse per few thousand rows, not per row; chunks keep the peak memory low.
        while rows := cursor.fetchmany(4096):
            metas = json.loads("[" + ",".join(row[2] for row in rows) + "]")
            for (path, seq, _, count), meta in zip(rows, metas, strict=True):
                for i in _TUPLES_AT:  # JSON gave lists where the model has tuples
                    meta[i] = tuple(meta[i])
                meta += (seq, count)
                out.setdefault(path, []).append(meta)
        return out

    def store(
        self, path: str, cached: CachedFile, docs: Iterable[Document | Encoded], known: bool = True
    ) -> None:
        """Replace what the cache holds for `path` (`known`: it may hold rows to delete)."""
        self.store_many([(path, cached, [encode(doc) for doc in docs], known)])

    def store_many(self, files: list[tuple[str, CachedFile, list[Encoded], bool]]) -> None:
        """`store` for many files (path, stat, documents, known) in a few statements: a cold
        build writes a few hundred files at a time."""
        if not files:
            return
        gone = [(path,) for path, _, _, known in files if known]
        self.conn.executemany("DELETE FROM documents WHERE path = ?", gone)
        self.conn.executemany("DELETE FROM bodies WHERE path = ?", gone)
        self.conn.execute("DELETE FROM snapshot")
        self.conn.executemany(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
            ((path, c.size, c.mtime_ns, c.base_id, c.digest) for path, c, _, _ in files),
        )
        self.conn.executemany(
            "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?)",
            (
                (path, seq, doc.meta_json, doc.passage_count)
                for path, _, docs, _ in files
                for seq, doc in enumerate(docs)
            ),
        )
        self.conn.executemany(
            "INSERT OR REPLACE INTO bodies VALUES (?, ?, ?)",
            ((path, seq, doc.body) for path, _, docs, _ in files for seq, doc in enumerate(docs)),
        )
        paths = {path for path, *_ in files}
        with self._lock:
            for key in [k for k in self._bodies if k[0] in paths]:
                del self._bodies[key]

    def forget(self, paths: Iterable[str]) -> None:
        """Drop files that are gone (inside a transaction)."""
        paths = list(paths)
        if paths:
            self.conn.execute("DELETE FROM snapshot")
        for path in paths:
            for table in ("documents", "bodies", "files"):
                self.conn.execute(f"DELETE FROM {table} WHERE path = ?", (path,))

    def body(self, path: str, seq: int, keep: int = 64) -> tuple[Passage, ...] | None:
        """A document's passages, read when asked; the last `keep` read are kept in memory."""
        key = (path, seq)
        with self._lock:
            found = self._bodies.get(key)
            if found is not None:
                self._bodies.move_to_end(key)
                return found
        blob = self.body_blob(path, seq)
        if blob is None:
            return None
        try:
            passages = passages_from_body(blob)
        except (ValueError, EOFError, TypeError, KeyError):
            return None  # not a body this version wrote: the file is read again
        with self._lock:
            self._bodies[key] = passages
            while len(self._bodies) > keep:
                self._bodies.popitem(last=False)
        return passages

    def body_blob(self, path: str, seq: int) -> bytes | None:
        """A document's passages as the cache holds them (marshalled by the module's
        `body_blob`), read through this thread's connection; None when the cache holds no such
        row (or cannot be read)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = sqlite3.connect(self.path, timeout=self.timeout)
        try:
            row = conn.execute(
                "SELECT body FROM bodies WHERE path = ? AND seq = ?", (path, seq)
            ).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row is not None and isinstance(row[0], bytes) else None


def files_table(files: StoredFiles) -> dict[str, tuple[int, int, str]]:
    """The files table of a snapshot by path: (size, mtime in ns, base id)."""
    paths, sizes, mtimes, bases = files
    stats = zip(array("q", sizes), array("q", mtimes), bases, strict=True)
    return dict(zip(paths, stats, strict=True))


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on an error), on an autocommit connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        self.conn.execute("COMMIT" if kind is None else "ROLLBACK")


def _transaction(conn: sqlite3.Connection) -> _Transaction:
    return _Transaction(conn)


def file_digest(path: str) -> str | None:
    """A cheap hash of the file's bytes (None when it cannot be read)."""
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, lambda: hashlib.blake2b(digest_size=16)).hexdigest()
    except OSError:
        return None


def meta_row(doc: Document) -> list[Any]:
    return [getattr(doc, name) for name in META_FIELDS]


def body_blob(doc: Document) -> bytes:
    """The passages marshalled: (text, kind, level, ((start, end, style), …)) each. ~6x faster
    than JSON both ways (a cold build writes every body; an index build reads them all)."""
    return marshal.dumps(
        tuple(
            (p.text, p.kind.value, p.level, tuple((s.start, s.end, s.style) for s in p.spans))
            for p in doc.passages
        )
    )


def passages_from_body(body: bytes) -> tuple[Passage, ...]:
    return tuple(
        Passage(i + 1, text, _KINDS[kind], level, tuple(Span(*s) for s in spans) if spans else ())
        for i, (text, kind, level, spans) in enumerate(marshal.loads(body))
    )
