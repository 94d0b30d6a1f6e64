"""Related documents answered from a cache on disk: `data_dir()/related/<corpus_key>.sqlite`.

What `RelatedIndex` computes per document (its top TF-IDF terms with their surface forms, its
entity weights, its shingle sketch, the set of its terms and its entity counts) is kept with the
document's size and mtime, with the corpus's document frequencies and inverted postings. A
query reads the postings of the document's own terms and entities, never every vector.

A changed file recomputes only its own rows and moves the document frequencies by the delta;
the other documents keep the weights they were given (IDF drifts a little), until more than
REBUILD_SHARE of the corpus has changed since the last whole build, which then recomputes all.
Entity rows follow a state the caller stamps (the entity cache, the user's edits): when it changes,
documents whose entity counts changed get new entity weights. A corrupt or foreign file is set
aside, never overwritten.
"""

from __future__ import annotations

import contextlib
import json
import marshal
import mmap
import os
import sqlite3
import threading
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from tui import __version__
from tui.core.models import Corpus, Document
from tui.core.paths import corpus_key, data_dir, file_identity, move_aside
from tui.core.related import (
    SHINGLE,
    SKETCH_SIZE,
    STOPWORDS,
    TERMS_PER_DOC,
    Cancelled,
    Features,
    Frequencies,
    Progress,
    RelatedIndex,
    TermWeights,
    WeightsOf,
    _DocVec,
    _PassageIndex,
    entity_counts,
    entity_vector,
    term_vector,
    term_weights,
)
from tui.core.related_pack import PackedFeatures, Vocabulary, Wire, corpus_features

if TYPE_CHECKING:
    from tui.core.entities import EntityIndex

SCHEMA_VERSION = 2  # 2: terms and entity keys by number in the postings, rows packed
APPLICATION_ID = 0x44535243  # "DSRC": a Dossier related cache
# Bump when `document_features` or the vectors change what they give: the cache is rebuilt.
VECTORS_VERSION = 1
_WORDS = zlib.crc32(" ".join(sorted(STOPWORDS)).encode())
FORMAT = f"{__version__}/{VECTORS_VERSION}/{TERMS_PER_DOC}/{SKETCH_SIZE}/{SHINGLE}/{_WORDS:x}"
REBUILD_SHARE = 0.2
# The passage index behind cross-references, kept beside the cache (`<key>.passages`): built on
# the first `x`, read back by later ones and updated by the documents changed since (minutes to
# build at 100k documents); built again past this share of passages gone.
PASSAGES_FORMAT = f"dossier-passages/5/{FORMAT}"  # bump when `_PassageIndex` changes
PASSAGES_REBUILD = 0.2
_SCHEMA = (
    f"PRAGMA application_id = {APPLICATION_ID}",
    "CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # terms: the document's stems (space separated, zlib), for the frequencies' delta when it
    # goes; ents: its entity counts (JSON, zlib). vec: (stems, weights, surfaces or "" when the
    # stem's own) heaviest first and evec: (keys, weights), marshalled (weights exact).
    """CREATE TABLE IF NOT EXISTS docs (
        seq INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, size INTEGER NOT NULL,
        mtime REAL NOT NULL, terms BLOB NOT NULL, ents BLOB NOT NULL, vec BLOB NOT NULL,
        evec BLOB NOT NULL, sketch BLOB NOT NULL)""",
    # Each term and entity key has a number (never given twice): the postings' keys.
    """CREATE TABLE IF NOT EXISTS term_df (term TEXT PRIMARY KEY, id INTEGER NOT NULL,
        df INTEGER NOT NULL) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS ent_df (key TEXT PRIMARY KEY, id INTEGER NOT NULL,
        df INTEGER NOT NULL) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS term_post (term INTEGER NOT NULL, seq INTEGER NOT NULL,
        w REAL NOT NULL, PRIMARY KEY (term, seq)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS ent_post (key INTEGER NOT NULL, seq INTEGER NOT NULL,
        w REAL NOT NULL, PRIMARY KEY (key, seq)) WITHOUT ROWID""",
    "CREATE TABLE IF NOT EXISTS names (key TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID",
    f"PRAGMA user_version = {SCHEMA_VERSION}",
)
_TABLES = ("docs", "term_df", "ent_df", "term_post", "ent_post", "names")

Entities = Callable[[], "EntityIndex"]
_Posting = tuple[int, int, float]  # term or entity key's number, document seq, weight


def cache_path(roots: tuple[str, ...], folder: Path | None = None) -> Path:
    return (folder or data_dir()) / "related" / f"{corpus_key(roots)}.sqlite"


class Foreign(Exception):
    """The file is not a related cache of this schema."""


class Outdated(Foreign):
    """The file is a related cache of another schema: made again (not kept)."""


class CachedRelated(RelatedIndex):
    """A RelatedIndex whose vectors and postings stay on disk (see module docstring)."""

    def __init__(
        self, path: Path, docs: list[Document], entities: EntityIndex | None, timeout: float = 5
    ) -> None:
        super().__init__(docs, entities)
        self.path = path
        self.set_aside: Path | None = None
        path.parent.mkdir(parents=True, exist_ok=True)
        inode = file_identity(path)
        try:
            self.conn = _connect(path, timeout)
        except Outdated:  # ours, of another version: hundreds of MB at 100k, not worth keeping
            _remove(path, inode)
            self.conn = _connect(path, timeout)
        except (sqlite3.DatabaseError, Foreign):
            self.set_aside = move_aside(path, inode)
            self.conn = _connect(path, timeout)
        self._lock = threading.Lock()  # the app queries from the UI thread, built in a worker
        self._keeping = threading.Lock()  # held while the passage index is built or read
        self._seq: dict[str, int] = {}
        self._ids: dict[int, str] = {}

    @classmethod
    def open(
        cls,
        corpus: Corpus | Iterable[Document],
        entities: EntityIndex | Entities,
        state: Callable[[], str],
        path: Path,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> CachedRelated:
        """The corpus's related index, brought up to date with the corpus and `state()` (what
        the entity index follows from; asked again after building it, which may rewrite its
        cache).

        `entities` is the entity index, or a function building it: it is called only when
        documents changed or the state did. Raises sqlite3.Error when the cache cannot be used.
        """
        docs = list(corpus.documents if isinstance(corpus, Corpus) else corpus)
        index = cls(path, docs, entities if not callable(entities) else None)
        index.bring_up_to_date(entities, state, progress, cancelled)
        return index

    def bring_up_to_date(
        self,
        entities: EntityIndex | Entities,
        state: Callable[[], str],
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> None:
        """What `open` does once the file is open (for an index `open_if_current` found
        lacking): closed if it fails."""
        try:
            self._sync(entities, state, progress, cancelled)
        except _Cancelled:
            pass  # rolled back: the caller, cancelled too, does not use this index
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        self.conn.close()

    @property
    def has_entities(self) -> bool:
        """Whether the entity index is at hand (not when the cache answered without it)."""
        return self._entities is not None

    def use_entities(
        self,
        entities: EntityIndex,
        state: Callable[[], str],
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> None:
        """The entity index, built after `open` answered from the cache without it (nothing
        had changed), for cross-references. If building it changed what it follows from,
        the cache is brought up to date again (queries wait on the lock meanwhile)."""
        with self._lock:
            if self._info("entities") != state():
                try:
                    self._sync(entities, state, progress, cancelled)
                except _Cancelled:
                    return
            self._entities = entities

    # -- bringing the cache up to date --------------------------------------------------------

    def _info(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM info WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    @classmethod
    def open_if_current(
        cls, corpus: Corpus, state: Callable[[], str], path: Path
    ) -> tuple[CachedRelated, int]:
        """The cache, opened, and how many documents it does not hold as they are now
        (changed, added or removed: all of them when it holds none). 0: it is up to date with
        `corpus` and `state()`, ready as `open` leaves it on a warm start (nothing read but the
        ids); otherwise the caller brings it up to date (`bring_up_to_date`) or closes it.
        Raises sqlite3.Error when the cache cannot be used."""
        index = cls(path, list(corpus.documents), None)
        try:
            stored = index._stored()
            changed, removed = index._changes(stored)
            if not changed and not removed and index._info("entities") == state():
                index._load_ids(stored)
                return index, 0
        except BaseException:
            index.close()
            raise
        return index, max(1, len(changed) + len(removed))  # the state alone: 1, a small update

    def _stored(self) -> dict[str, tuple[int, int, float]]:
        return {
            doc_id: (seq, size, mtime)
            for seq, doc_id, size, mtime in self.conn.execute(
                "SELECT seq, id, size, mtime FROM docs"
            )
        }

    def _changes(
        self, stored: dict[str, tuple[int, int, float]]
    ) -> tuple[list[Document], list[str]]:
        changed = [
            d
            for d in self._docs.values()
            if (s := stored.get(d.id)) is None or (s[1], s[2]) != (d.size, d.mtime)
        ]
        return changed, [doc_id for doc_id in stored if doc_id not in self._docs]

    def _sync(
        self,
        entities: EntityIndex | Entities,
        state: Callable[[], str],
        progress: Progress | None,
        cancelled: Cancelled | None,
    ) -> None:
        stored = self._stored()
        changed, removed = self._changes(stored)
        self._load_ids(stored)
        if not changed and not removed and self._info("entities") == state():
            return  # the warm path: nothing read but the ids
        index = entities() if callable(entities) else entities
        self._entities = index
        with _transaction(self.conn):
            dirty = int(self._info("dirty") or 0) + len(changed) + len(removed)
            if not stored or dirty > REBUILD_SHARE * len(self._docs):
                self._rebuild(index, progress, cancelled)
                dirty = 0
            else:
                self._update(changed, removed, index, progress, cancelled)
            if cancelled is not None and cancelled():
                raise _Cancelled
            # Asked again: building the entity index may have rewritten its cache just now.
            self.conn.execute("INSERT OR REPLACE INTO info VALUES ('entities', ?)", (state(),))
            self.conn.execute("INSERT OR REPLACE INTO info VALUES ('dirty', ?)", (str(dirty),))
        stored = {
            doc_id: (seq, 0, 0.0) for seq, doc_id in self.conn.execute("SELECT seq, id FROM docs")
        }
        self._load_ids(stored)

    def _load_ids(self, stored: dict[str, tuple[int, int, float]]) -> None:
        self._seq = {doc_id: s[0] for doc_id, s in stored.items()}
        self._ids = {seq: doc_id for doc_id, seq in self._seq.items()}

    def _rebuild(
        self, entities: EntityIndex, progress: Progress | None, cancelled: Cancelled | None
    ) -> None:
        """Every row again, from the documents' text (as `RelatedIndex.build`)."""
        for table in _TABLES:
            self.conn.execute(f"DELETE FROM {table}")
        order = list(self._docs)
        n_docs = len(order)
        # Every document's features held until the frequencies are known: packed (~5 KB a
        # document, not ~45: 4.3 GB at 100k).
        vocabulary = Vocabulary()
        features: dict[str, PackedFeatures] = {}
        df: Counter[str] = Counter()

        # Progress: the features are the first half (from the pool, most of the CPU), the rows
        # written the second (here: at 100k documents, the longer half of the wall time).
        def half(done: int, total: int) -> None:
            if progress is not None:
                progress(done, 2 * total)

        for doc, wire in _features(list(self._docs.values()), half, cancelled):
            features[doc.id], terms = vocabulary.pack(wire)
            df.update(terms)
        counts = {doc_id: entity_counts(entities, doc_id) for doc_id in order}
        ent_df: Counter[str] = Counter()
        for c in counts.values():
            ent_df.update(c.keys())
        term_ids = {t: i for i, t in enumerate(df, 1)}
        ent_ids = {k: i for i, k in enumerate(ent_df, 1)}
        self.conn.executemany(
            "INSERT INTO term_df VALUES (?, ?, ?)", ((t, term_ids[t], n) for t, n in df.items())
        )
        self.conn.executemany(
            "INSERT INTO ent_df VALUES (?, ?, ?)", ((k, ent_ids[k], n) for k, n in ent_df.items())
        )
        self.conn.execute("INSERT OR REPLACE INTO info VALUES ('term_df', ?)", (len(df),))
        self.conn.execute("INSERT OR REPLACE INTO info VALUES ('ent_df', ?)", (len(ent_df),))
        posts = _Posts(term_ids, ent_ids)
        weights = term_weights(df, n_docs)
        for seq, doc_id in enumerate(order, 1):
            f = vocabulary.unpack(features.pop(doc_id))
            doc = self._docs[doc_id]
            self._write_doc(seq, doc, f, counts[doc_id], weights, ent_df, posts=posts)
            if cancelled is not None and cancelled():
                raise _Cancelled
            if progress is not None and seq % 100 == 0 and seq < n_docs:
                progress(n_docs + seq, 2 * n_docs)
        # In key order: appended to the tables' B-trees rather than inserted all over them.
        for table, rows in (("term_post", posts.terms), ("ent_post", posts.ents)):
            self.conn.executemany(f"INSERT INTO {table} VALUES (?, ?, ?)", rows.in_key_order())
        self._write_names(entities)
        if progress is not None:
            progress(2 * n_docs, 2 * n_docs)

    def _update(
        self,
        changed: list[Document],
        removed: list[str],
        entities: EntityIndex,
        progress: Progress | None,
        cancelled: Cancelled | None,
    ) -> None:
        """Only the changed documents' rows; the frequencies by the delta."""
        n_docs = len(self._docs)
        df_delta: Counter[str] = Counter()
        ent_delta: Counter[str] = Counter()
        old: dict[str, tuple[int, list[str], Counter[str]]] = {}
        for doc_id in [*removed, *(d.id for d in changed)]:
            row = self.conn.execute(
                "SELECT seq, terms, ents FROM docs WHERE id = ?", (doc_id,)
            ).fetchone()
            if row is not None:
                old[doc_id] = (row[0], _unpack_terms(row[1]), _unpack_counts(row[2]))
        for doc_id in removed:
            seq, terms, ents = old[doc_id]
            df_delta.subtract(terms)
            ent_delta.subtract(ents.keys())
            self._delete_doc(seq)
        features: dict[str, Features] = {}
        vocabulary = Vocabulary()
        for doc, wire in _features(changed, progress, cancelled):
            packed, terms = vocabulary.pack(wire)
            features[doc.id] = vocabulary.unpack(packed)
            df_delta.update(terms)
            if doc.id in old:
                df_delta.subtract(old[doc.id][1])
        # Entity counts: every document's, compared with what is stored (an alias resolved
        # across the corpus, or an edit, can change a document that did not change itself).
        new_counts: dict[str, Counter[str]] = {}
        for doc_id, ents_packed in self.conn.execute("SELECT id, ents FROM docs"):
            if doc_id in self._docs and doc_id not in features:
                counts = entity_counts(entities, doc_id)
                before = _unpack_counts(ents_packed)
                if counts != before:
                    new_counts[doc_id] = counts
                    ent_delta.subtract(before.keys())
                    ent_delta.update(counts.keys())
        for doc in changed:
            new_counts[doc.id] = counts = entity_counts(entities, doc.id)
            ent_delta.update(counts.keys())
            if doc.id in old:
                ent_delta.subtract(old[doc.id][2].keys())
        # Postings are deleted by their terms' and keys' numbers: before a frequency down to
        # zero takes its row (and its number) away.
        for doc in changed:
            if doc.id in old:
                self._delete_doc(old[doc.id][0])
        for doc_id in new_counts:
            if doc_id not in features:
                self._delete_ent_postings(doc_id)
        _apply_delta(self.conn, "term_df", "term", df_delta)
        _apply_delta(self.conn, "ent_df", "key", ent_delta)
        df = _Frequencies(self.conn, "term_df", "term")
        ent_df = _Frequencies(self.conn, "ent_df", "key")
        weights = WeightsOf(df, n_docs)
        for doc in changed:
            at = old[doc.id][0] if doc.id in old else None
            self._write_doc(at, doc, features[doc.id], new_counts[doc.id], weights, ent_df, n_docs)
        for doc_id, counts in new_counts.items():
            if doc_id not in features:
                self._rewrite_entities(doc_id, counts, ent_df, n_docs)
        self._write_names(entities)

    def _write_doc(
        self,
        seq: int | None,
        doc: Document,
        f: Features,
        counts: Counter[str],
        weights: TermWeights,
        ent_df: Frequencies,
        n_docs: int | None = None,
        posts: _Posts | None = None,
    ) -> None:
        """Write a document's row and its postings (or add them to `posts`, to write later)."""
        n_docs = n_docs if n_docs is not None else len(self._docs)
        terms = term_vector(f.tf, weights)
        ents = entity_vector(counts, ent_df, n_docs)
        cursor = self.conn.execute(
            "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                seq,
                doc.id,
                doc.size,
                doc.mtime,
                zlib.compress(" ".join(f.tf).encode("utf-8", "surrogatepass"), 1),
                _pack_counts(counts),
                marshal.dumps(
                    (
                        tuple(terms),
                        array("d", terms.values()).tobytes(),
                        tuple("" if (s := f.surfaces.get(t, t)) == t else s for t in terms),
                    )
                ),
                _pack_weights(ents),
                array("I", f.sketch).tobytes(),
            ),
        )
        at = cursor.lastrowid if seq is None else seq
        assert at is not None
        if posts is not None:
            posts.terms.add(at, map(posts.term_ids.__getitem__, terms), terms.values())
            posts.ents.add(at, map(posts.ent_ids.__getitem__, ents), ents.values())
            return
        self.conn.executemany(
            "INSERT INTO term_post SELECT id, ?, ? FROM term_df WHERE term = ?",
            ((at, w, t) for t, w in terms.items()),
        )
        self._write_ent_posts(at, ents)

    def _write_ent_posts(self, seq: int, ents: dict[str, float]) -> None:
        self.conn.executemany(
            "INSERT INTO ent_post SELECT id, ?, ? FROM ent_df WHERE key = ?",
            ((seq, w, k) for k, w in ents.items()),
        )

    def _rewrite_entities(
        self, doc_id: str, counts: Counter[str], ent_df: _Frequencies, n_docs: int
    ) -> None:
        (seq,) = self.conn.execute("SELECT seq FROM docs WHERE id = ?", (doc_id,)).fetchone()
        ents = entity_vector(counts, ent_df, n_docs)
        self.conn.execute(
            "UPDATE docs SET ents = ?, evec = ? WHERE seq = ?",
            (_pack_counts(counts), _pack_weights(ents), seq),
        )
        self._write_ent_posts(seq, ents)

    def _delete_ent_postings(self, doc_id: str) -> None:
        seq, evec = self.conn.execute(
            "SELECT seq, evec FROM docs WHERE id = ?", (doc_id,)
        ).fetchone()
        self._delete_postings("ent_post", "ent_df", "key", seq, _unpack_weights(evec))

    def _delete_doc(self, seq: int) -> None:
        """A document's row and its postings (found by its vectors' terms and keys)."""
        row = self.conn.execute("SELECT vec, evec FROM docs WHERE seq = ?", (seq,)).fetchone()
        if row is None:
            return
        self._delete_postings("term_post", "term_df", "term", seq, _unpack_vec(row[0])[0])
        self._delete_postings("ent_post", "ent_df", "key", seq, _unpack_weights(row[1]))
        self.conn.execute("DELETE FROM docs WHERE seq = ?", (seq,))

    def _delete_postings(
        self, table: str, df_table: str, column: str, seq: int, keys: Iterable[str]
    ) -> None:
        # By key and document: the postings' primary key (by document alone: a whole scan).
        self.conn.executemany(
            f"DELETE FROM {table} WHERE {column} = (SELECT id FROM {df_table} "
            f"WHERE {column} = ?) AND seq = ?",
            ((k, seq) for k in keys),
        )

    def _write_names(self, entities: EntityIndex) -> None:
        self.conn.execute("DELETE FROM names")
        self.conn.executemany(
            "INSERT INTO names VALUES (?, ?)", ((e.key, e.name) for e in entities.entities())
        )

    # -- the passage index behind cross-references ----------------------------------------------

    def _passages_file(self) -> Path:
        return self.path.with_name(f"{self.path.stem}.passages")

    def _passages_states(self) -> dict[str, str]:
        """What each document's passages in the index follow from: its size and mtime, and
        its entity counts as this cache holds them (an alias resolved across the corpus, or
        an edit, changes a document that did not change itself)."""
        with self._lock:
            ents = dict(self.conn.execute("SELECT id, ents FROM docs").fetchall())
        docs = self._docs
        return {
            doc_id: f"{docs[doc_id].size}\0{docs[doc_id].mtime!r}\0"
            f"{zlib.crc32(ents.get(doc_id, b''))}"
            for doc_id in self._order
        }

    def _kept_passages(self, hold: bool = True) -> _PassageIndex | None:
        """The kept passage index, brought up to the documents: only those changed since it
        was kept are read again (built afresh past PASSAGES_REBUILD of gone passages). Held:
        what was written, read back where it lies (see `_read_passages`)."""
        assert self._entities is not None
        read = self._read_passages()
        if read is None:
            return None
        kept_states, index = read
        if set(kept_states) != set(index.doc_number):
            return None  # not what it says it holds
        states = self._passages_states()
        changed = [d for d in self._order if kept_states.get(d) != states[d]]
        removed = [d for d in kept_states if d not in states]
        if changed or removed:
            index.update(self._docs, changed, removed, self._entities)
            if index.gone_share > PASSAGES_REBUILD:
                return None
            if self._write_passages(index, states) and hold:
                again = self._read_passages()
                return again[1] if again is not None else index
        return index

    def _read_passages(self) -> tuple[dict[str, str], _PassageIndex] | None:
        """The documents' states and the passage index kept, its arrays left in the file
        (mapped: read by the pages a query touches), or None when there is none (or it is
        damaged, or of another format)."""
        try:
            with self._passages_file().open("rb") as kept:
                states = _passages_head(kept)
                if states is None:
                    return None
                stored, sizes = marshal.load(kept)
                at = kept.tell()
                mapped = mmap.mmap(kept.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, EOFError, ValueError, TypeError):
            return None
        view = memoryview(mapped)
        arrays: dict[str, memoryview] = {}
        try:
            for name, size in sizes.items():
                at += -at % 8
                arrays[name] = view[at : at + size]
                if len(arrays[name]) != size:
                    return None  # cut short
                at += size
        except (AttributeError, TypeError):
            return None
        index = _PassageIndex.from_stored(stored, arrays, self._docs)
        return (states, index) if index is not None else None

    def _keep_passages(self, index: _PassageIndex) -> _PassageIndex:
        if self._write_passages(index, self._passages_states()):
            read = self._read_passages()
            if read is not None:
                return read[1]  # the built one's arrays freed: the file's pages instead
        return index

    def keep_passages(
        self, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> None:
        """Bring the kept passage index up to the documents now (in the worker that opened
        this index, after it is in use), so that the first `x` only reads it: built when there
        is none, updated by the documents changed since, left when none did (only its small
        head read). Not held in memory: `x` reads it when asked."""
        if self._entities is None or self._passages is not None:
            return
        with self._keeping:
            try:
                with self._passages_file().open("rb") as kept:
                    if _passages_head(kept) == self._passages_states():
                        return
            except (OSError, EOFError, ValueError, TypeError):
                pass
            if self._kept_passages(hold=False) is not None:
                return  # updated and written again
            index = _PassageIndex(self._order, self._docs, self._entities, progress, cancelled)
            if cancelled is None or not cancelled():
                self._write_passages(index, self._passages_states())

    def holding_passages(self) -> threading.Lock:
        """Held while another process writes the passage index: `prepare_passages` waits for
        it, then reads what was written, as after a `keep_passages` in another thread."""
        return self._keeping

    def prepare_passages(
        self, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> None:
        """As `RelatedIndex.prepare_passages`, after a `keep_passages` running in another
        thread (then reading what it kept rather than building it a second time)."""
        while not self._keeping.acquire(timeout=0.1):
            if cancelled is not None and cancelled():
                return
        try:
            super().prepare_passages(progress, cancelled)
        finally:
            self._keeping.release()

    def _write_passages(self, index: _PassageIndex, states: dict[str, str]) -> bool:
        """Whether the index could be written: its head (the documents' states), its plain
        values with its arrays' sizes, then each array at an offset a multiple of 8 (to be
        mapped and read in place)."""
        path = self._passages_file()
        tmp = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
        stored, arrays = index.stored()
        try:
            # Its head first: read alone to tell whether it is current.
            with tmp.open("wb") as out:
                marshal.dump((PASSAGES_FORMAT, states), out)
                sizes = {name: memoryview(value).nbytes for name, value in arrays.items()}
                marshal.dump((stored, sizes), out)
                for value in arrays.values():
                    out.write(bytes(-out.tell() % 8))
                    out.write(value)
            tmp.replace(path)  # whole or not at all
        except OSError:
            return False  # not kept: built again next time
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        return True

    # -- what a query reads -------------------------------------------------------------------

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._seq

    def _rows(self, sql: str, args: Iterable[object]) -> list[Any]:
        with self._lock:
            return self.conn.execute(sql, tuple(args)).fetchall()

    def _vec(self, doc_id: str) -> _DocVec:
        seq = self._seq[doc_id]
        rows = self._rows("SELECT vec, evec, sketch FROM docs WHERE seq = ?", (seq,))
        if not rows:
            raise KeyError(doc_id)
        vec, evec, sketch = rows[0]
        terms, surfaces = _unpack_vec(vec)
        return _DocVec(terms, _unpack_weights(evec), tuple(array("I", bytes(sketch))), surfaces)

    def _sketches(self, doc_ids: list[str]) -> dict[str, tuple[int, ...]]:
        seqs = [self._seq[d] for d in doc_ids]
        marks = ",".join("?" * len(seqs))
        rows = self._rows(f"SELECT seq, sketch FROM docs WHERE seq IN ({marks})", seqs)
        return {self._ids[seq]: tuple(array("I", b)) for seq, b in rows}

    def _postings(self, sql: str, key: str) -> list[tuple[str, float]]:
        ids = self._ids
        return [(ids[seq], w) for seq, w in self._rows(sql, (key,))]

    def _term_postings(self, term: str) -> Iterable[tuple[str, float]]:
        return self._postings(
            "SELECT seq, w FROM term_post WHERE term = (SELECT id FROM term_df WHERE term = ?)",
            term,
        )

    def _ent_postings(self, key: str) -> Iterable[tuple[str, float]]:
        return self._postings(
            "SELECT seq, w FROM ent_post WHERE key = (SELECT id FROM ent_df WHERE key = ?)", key
        )

    def _entity_name(self, key: str) -> str | None:
        rows = self._rows("SELECT name FROM names WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None


def _features(
    docs: list[Document], progress: Progress | None, cancelled: Cancelled | None
) -> Iterator[tuple[Document, Wire]]:
    """Each document with its features (`corpus_features`: in the pool's processes for many),
    `progress` every 100 or so; raises _Cancelled once `cancelled()` says so."""
    total = len(docs)
    taken = reported = 0

    def done(n: int) -> None:
        nonlocal taken, reported
        taken += n
        if progress is not None and (taken - reported >= 100 or taken == total):
            reported = taken
            progress(taken, total)

    stop = cancelled if cancelled is not None else (lambda: False)
    # The features first: asked for its next one, the pool reports the last one taken.
    for wire, doc in zip(corpus_features(docs, done, stop), docs, strict=False):
        yield doc, wire
    if stop():
        raise _Cancelled


def _passages_head(kept: BinaryIO) -> dict[str, str] | None:
    """The documents' states a kept passage index was made of (None: not one of this format)."""
    head = marshal.load(kept)
    if not isinstance(head, tuple) or len(head) != 2 or head[0] != PASSAGES_FORMAT:
        return None
    return head[1] if isinstance(head[1], dict) else None


class _Cancelled(Exception):
    """The build was cancelled: its transaction is rolled back."""


class _Frequencies:
    """Document frequencies read from the table when asked (a changed document's terms)."""

    def __init__(self, conn: sqlite3.Connection, table: str, column: str) -> None:
        self.conn, self.sql = conn, f"SELECT df FROM {table} WHERE {column} = ?"

    def __getitem__(self, key: str) -> int:
        row = self.conn.execute(self.sql, (key,)).fetchone()
        return int(row[0]) if row else 0


def _apply_delta(conn: sqlite3.Connection, table: str, column: str, delta: Counter[str]) -> None:
    """Move the frequencies by `delta`; a term or key new to the table takes the next number
    (counted in `info`, never given twice: a number dropped with its row is not reused)."""
    changes = [(k, n) for k, n in delta.items() if n]
    row = conn.execute("SELECT value FROM info WHERE key = ?", (table,)).fetchone()
    last = int(row[0]) if row else 0
    conn.executemany(
        f"INSERT INTO {table} VALUES (?, ?, ?) ON CONFLICT({column}) DO UPDATE SET df = df + ?",
        ((k, last + i, n, n) for i, (k, n) in enumerate(changes, 1)),
    )
    conn.execute("INSERT OR REPLACE INTO info VALUES (?, ?)", (table, str(last + len(changes))))
    conn.execute(f"DELETE FROM {table} WHERE df <= 0")


def _pack_counts(counts: Counter[str]) -> bytes:
    return zlib.compress(json.dumps(counts, ensure_ascii=False).encode("utf-8", "surrogatepass"), 1)


def _unpack_counts(packed: bytes) -> Counter[str]:
    return Counter(json.loads(zlib.decompress(packed).decode("utf-8", "surrogatepass")))


def _unpack_terms(packed: bytes) -> list[str]:
    return zlib.decompress(packed).decode("utf-8", "surrogatepass").split()


def _pack_weights(weights: dict[str, float]) -> bytes:
    return marshal.dumps((tuple(weights), array("d", weights.values()).tobytes()))


def _unpack_weights(packed: bytes) -> dict[str, float]:
    keys, weights = marshal.loads(packed)
    return dict(zip(keys, array("d", weights), strict=True))


def _unpack_vec(packed: bytes) -> tuple[dict[str, float], dict[str, str]]:
    """A document's term weights and each term's surface form."""
    terms, weights, surfaces = marshal.loads(packed)
    return (
        dict(zip(terms, array("d", weights), strict=True)),
        {t: s or t for t, s in zip(terms, surfaces, strict=True)},
    )


class _Posts:
    """Postings gathered to be written at once (a build), keyed by number."""

    def __init__(self, term_ids: dict[str, int], ent_ids: dict[str, int]) -> None:
        self.term_ids, self.ent_ids = term_ids, ent_ids
        self.terms = _PostingArrays()
        self.ents = _PostingArrays()


class _PostingArrays:
    """Postings as three arrays (16 bytes each; as tuples in a list ~90, ~700 MB held by a
    rebuild at 100k), added in document order."""

    def __init__(self) -> None:
        self.keys = array("I")
        self.seqs = array("I")
        self.weights = array("d")

    def add(self, seq: int, keys: Iterable[int], weights: Iterable[float]) -> None:
        """A document's postings: its keys and their weights (the loops in C)."""
        added = len(self.keys)
        self.keys.extend(keys)
        self.seqs.extend(array("I", [seq]) * (len(self.keys) - added))
        self.weights.extend(weights)

    def __len__(self) -> int:
        return len(self.keys)

    def in_key_order(self) -> Iterator[_Posting]:
        """The postings by key, then document (as sorted tuples would be): a counting sort by
        key, stable, of postings added in document order."""
        keys, seqs, weights = self.keys, self.seqs, self.weights
        starts = array("Q", bytes(8 * (max(keys, default=0) + 2)))
        for key in keys:
            starts[key + 1] += 1
        for i in range(1, len(starts)):
            starts[i] += starts[i - 1]
        order = array("Q", bytes(8 * len(keys)))
        for i, key in enumerate(keys):
            order[starts[key]] = i
            starts[key] += 1
        for i in order:
            yield keys[i], seqs[i], weights[i]


def _remove(path: Path, inode: tuple[int, int] | None) -> None:
    """Remove the cache file examined (and its -wal, -shm), unless another process replaced it."""
    if inode is None or file_identity(path) != inode:
        return
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm"):
        with contextlib.suppress(FileNotFoundError):
            path.with_name(name).unlink()


def _connect(path: Path, timeout: float) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables and app == APPLICATION_ID and version != SCHEMA_VERSION:
            raise Outdated(f"schema version {version}")
        if tables and app != APPLICATION_ID:
            raise Foreign(f"application id {app:#x}, schema version {version}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # a lost cache is rebuilt
        with _transaction(conn):
            for statement in _SCHEMA:
                conn.execute(statement)
            row = conn.execute("SELECT value FROM info WHERE key = 'format'").fetchone()
            if row is None or row[0] != FORMAT:
                for table in (*_TABLES, "info"):
                    conn.execute(f"DELETE FROM {table}")
                conn.execute("INSERT INTO info VALUES ('format', ?)", (FORMAT,))
    except BaseException:
        conn.close()
        raise
    return conn


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
