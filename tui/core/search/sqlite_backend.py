"""The persisted search backend: SQLite FTS5 finds candidate passages, `ranking.rank_found` scores
them.

The index is contentless FTS5 (the tokens only) and a row per document: the passages' texts
are read from the documents of the corpus it was last refreshed with (the corpus cache holds
them), not stored twice. It lives in `data_dir()/index/<corpus_key>.sqlite` (sqlite_storage.py)
and is refreshed incrementally.
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import sqlite3
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.models import Corpus, Document
from tui.core.search import sqlite_storage as storage
from tui.core.search.backend import (
    Cancelled,
    FileState,
    IndexCorruptError,
    Progress,
    RefreshStats,
    SearchBackend,
    SearchHit,
)
from tui.core.search.candidates import Group, Match
from tui.core.search.prepare import Prepared, prepare, prepared
from tui.core.search.query import Query, parse_query
from tui.core.search.ranking import Candidate, PassageWordsCache, rank_found
from tui.core.search.sqlite_storage import index_path
from tui.core.search.vocabulary import Vocabulary, resolve_terms


@dataclass(slots=True)
class _RowMap:
    """Where each FTS rowid's passage is: a document owns consecutive rowids from `first`."""

    firsts: list[int] = field(default_factory=list)  # first FTS rowid of each document
    doc_rows: list[int] = field(default_factory=list)  # its docs.id, in the same order

    def add(self, first: int, doc_row: int) -> None:
        at = bisect.bisect_left(self.firsts, first)  # at the end: a new row's rowids are last
        self.firsts.insert(at, first)
        self.doc_rows.insert(at, doc_row)

    def remove(self, first: int) -> None:
        at = bisect.bisect_left(self.firsts, first)
        if at < len(self.firsts) and self.firsts[at] == first:
            del self.firsts[at]
            del self.doc_rows[at]

    def locate(self, rowid: int) -> tuple[int, int]:
        """(docs.id, passage number) of an FTS rowid."""
        k = bisect.bisect_right(self.firsts, rowid) - 1
        if k < 0:
            raise sqlite3.DatabaseError(f"index row {rowid} has no document")
        return self.doc_rows[k], rowid - self.firsts[k] + 1


def _load_vocabulary(
    conn: sqlite3.Connection, live: Callable[[str, int], bool]
) -> tuple[Vocabulary, _RowMap]:
    # A copy of the FTS vocabulary made at refresh: counting it afresh reads the index.
    pairs = conn.execute("SELECT term, df FROM terms ORDER BY term").fetchall()
    row = conn.execute("SELECT coalesce(sum(passages), 0) FROM docs").fetchone()
    vocab = Vocabulary([t for t, _ in pairs], [d for _, d in pairs], int(row[0]), live)
    rows = _RowMap()
    for first, doc_row in conn.execute("SELECT first, id FROM docs ORDER BY first"):
        rows.firsts.append(first)
        rows.doc_rows.append(doc_row)
    return vocab, rows


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN … COMMIT on an autocommit connection, rolled back on any error (a ROLLBACK that
    fails, SQLite having ended the transaction itself, is passed over)."""
    conn.execute("BEGIN")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise


def _quoted(words: Sequence[str], joiner: str) -> str:
    return "(" + joiner.join(f'"{w}"' for w in words) + ")"


def _group(group: Group) -> str:
    if group.phrase:
        return '"' + " ".join(group.words) + '"'  # the words in a row: FTS5 keeps positions
    return _quoted(group.words, " AND " if group.every else " OR ")


def fts_expression(match: Match) -> str:
    """`match` as an FTS5 query. Words are named one by one: FTS5 reads them lazily, where a
    "word"* prefix query merges every matching word's list first (~100 ms at 1M passages).
    A phrase is an FTS5 phrase (the index keeps positions), so only passages holding it are
    read, however many hold its words."""
    groups = [_group(g) for g in match.groups]
    expr = (" AND " if match.every else " OR ").join(groups)
    if match.excludes:
        expr = f"({expr}) NOT {_quoted(match.excludes, ' OR ')}"
    return expr


BULK = 1000  # documents added or changed past which a refresh writes in bulk (a first build)
DELTA_MAX = 5000  # passages changed past which the vocabulary is counted afresh
BATCH = 2000  # documents between writes of the FTS rows (and a chance for a query to run)
BULK_COMMIT = 50_000  # documents between commits in bulk (see _refresh)
# Dead FTS rows (of changed or removed documents) past which the index is built again: they
# cost queries nothing but keep their words in the vocabulary.
DEAD_SHARE = 0.2


class SqliteIndex:
    """A SearchBackend on SQLite FTS5, in a file (or in memory when the file cannot be used)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._vocab: tuple[Vocabulary, _RowMap] | None = None
        self._docs: OrderedDict[int, tuple[str, str, list[str]] | None] = OrderedDict()
        # Where passages' texts come from: the corpus of the last refresh (its documents by id).
        self._source = Corpus(())
        self._next_rowid = 1
        self._dead = 0  # dead FTS rows (see the `dead` table)
        # Rows to insert at the next `_flush`: FTS rows and docs rows (ids given here).
        self._pending: list[tuple[int, str]] = []
        self._pending_docs: list[tuple[int, str, str, int, float, str, str, int, int]] = []
        self._next_doc = 1
        # The passages added and removed by a refresh of a few documents: the stored
        # vocabulary is updated by their words rather than counted afresh from the index.
        self._delta: tuple[list[str], list[str]] | None = None
        self._delta_passages = 0  # passages counted into the delta by this refresh
        # The docs rows added and removed since the last `_apply_delta` ((first, row), first)
        # and the change in passages: the loaded row map and vocabulary are updated by them.
        self._rows_added: list[tuple[int, int]] = []
        self._rows_removed: list[int] = []
        self._passages_delta = 0
        # The change of each word's passage count since the stored vocabulary was written.
        self._terms_delta: Counter[str] = Counter()
        self._states: dict[str, tuple[int, int, float, str]] | None = None
        self._states_version = -1
        self._scratch: sqlite3.Connection | None = None
        self._folded = PassageWordsCache()
        self.conn, self.path = storage.open_connection(path)

    def _reset(self, damaged: bool = True) -> None:
        """Throw the index away (moving a damaged file aside) and start empty."""
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
        if self.path is not None and self.path.exists():
            if damaged:
                storage.move_aside(self.path)
            else:
                storage.remove(self.path)
        self._vocab = None
        self._states = None
        self._dead = 0
        self._pending.clear()
        self._pending_docs.clear()
        self._docs.clear()
        self._folded.clear()
        self.conn, self.path = storage.open_connection(self.path)

    def clear(self) -> None:
        with self._lock:
            self._reset()

    def close(self) -> None:
        with self._lock, contextlib.suppress(sqlite3.Error):
            self.conn.close()
            if self._scratch is not None:
                self._scratch.close()

    @property
    def size(self) -> int:
        return storage.file_size(self.path)

    # -- refreshing ----------------------------------------------------------------------

    def build(
        self, corpus: Corpus, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> RefreshStats:
        """Rebuild from scratch."""
        with self._lock:
            self._reset(damaged=False)
            return self.refresh(corpus, progress, cancelled)

    def is_fresh(self, files: Sequence[FileState]) -> bool:
        """True when the index holds exactly these (path, size, mtime) files, unchanged."""
        with self._lock:
            try:
                rows = self.conn.execute("SELECT path, size, mtime FROM docs").fetchall()
            except sqlite3.Error:
                return False
        return set(rows) == set(files) and bool(rows)  # a file of records: one state, many rows

    def refresh(
        self, corpus: Corpus, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> RefreshStats:
        """Bring the index up to date with `corpus`: only added, changed and removed
        documents are touched (size and mtime first, then a hash of the text)."""
        with self._lock:
            try:
                return self._refresh(corpus, progress, cancelled)
            except sqlite3.DatabaseError as exc:
                if storage.is_disk_full(exc):
                    raise  # not damage: setting the file aside would only add a copy
                self._reset()
                return self._refresh(corpus, progress, cancelled)
            finally:
                self._release_pages()

    def _release_pages(self) -> None:
        """Let go of the pages SQLite holds for this connection (and the scratch one): a
        build fills the 32 MB page cache, which the app then kept for its life (32.7 of the
        49 MB SQLite held after a gen-10000 cold start); a query reads its few pages again."""
        for conn in (self.conn, self._scratch):
            if conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("PRAGMA shrink_memory")

    def _refresh(
        self, corpus: Corpus, progress: Progress | None, cancelled: Cancelled | None
    ) -> RefreshStats:
        started = time.perf_counter()
        conn = self.conn
        # Each document's (row, size, mtime, hash): kept from the last refresh in this process
        # unless another connection wrote since (reading 100k rows took 0.3-1.6 s of
        # refreshing one changed file).
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        existing = self._states if version == self._states_version else None
        if existing is None:
            self._vocab = None  # written by another connection since it was loaded, maybe
            rows = conn.execute("SELECT doc, id, size, mtime, hash FROM docs")
            existing = {row[0]: row[1:] for row in rows}
        self._states = None  # until this refresh is through
        states: dict[str, tuple[int, int, float, str]] = {}
        added = changed = unchanged = 0
        total = len(corpus.documents)
        self._source = corpus
        self._docs.clear()
        # After the last live or dead row: a rowid is never given twice.
        self._next_rowid, self._dead, self._next_doc = conn.execute(
            "SELECT max((SELECT coalesce(max(first + passages), 1) FROM docs),"
            " (SELECT coalesce(max(rowid) + 1, 1) FROM dead)), (SELECT count(*) FROM dead),"
            " (SELECT coalesce(max(id), 0) + 1 FROM docs)"
        ).fetchone()
        self._pending.clear()
        self._pending_docs.clear()
        bulk = total - len(existing) > BULK  # a first build, or many documents added
        committed = 0
        self._delta = None if bulk else ([], [])
        self._delta_passages = 0
        self._terms_delta.clear()
        self._rows_added.clear()
        self._rows_removed.clear()
        self._passages_delta = 0
        if bulk:
            storage.bulk_writes(conn, on=True)
        # Which documents need reading (not the same size and mtime as indexed): prepared
        # in a thread ahead of the writes when many are (a first build).
        known = {doc: (old[1], old[2]) for doc, old in existing.items()} if bulk else {}
        ahead = prepared(
            corpus.documents, lambda d: known.get(d.id) != (d.size, d.mtime), threaded=bulk
        )
        conn.execute("BEGIN")
        try:
            for i, (doc, item) in enumerate(zip(corpus.documents, ahead, strict=True)):
                if cancelled is not None and cancelled():
                    break
                old = existing.pop(doc.id, None)
                if old is not None and old[1] == doc.size and old[2] == doc.mtime:
                    unchanged += 1
                    states[doc.id] = old
                else:
                    item = item or prepare(doc)
                    digest = item.digest
                    if old is not None and old[3] == digest:
                        conn.execute(
                            "UPDATE docs SET size=?, mtime=?, path=? WHERE id=?",
                            (doc.size, doc.mtime, doc.path, old[0]),
                        )
                        unchanged += 1
                        states[doc.id] = (old[0], doc.size, doc.mtime, digest)
                    else:
                        if old is not None:
                            self._delete(old[0])
                            changed += 1
                        else:
                            added += 1
                        row = self._insert(doc, item)
                        states[doc.id] = (row, doc.size, doc.mtime, digest)
                if i % BATCH == BATCH - 1 and added + changed != committed:
                    committed = added + changed
                    self._flush()
                    # FTS5 writes a segment at each commit: in bulk, few commits, so few
                    # segments (every 2,000 documents made 50 at 100k, merged at the commits
                    # past 16 of them: 50 s, then again by 'optimize').
                    commit = not bulk or i % BULK_COMMIT == BULK_COMMIT - 1
                    if commit:
                        conn.execute("COMMIT")
                        if not bulk and added + changed > BULK:
                            bulk = True  # many changed: the vocabulary is counted at the end
                            self._delta = None
                            storage.bulk_writes(conn, on=True)
                    # Let a waiting query run between batches: searching works while building
                    # (on this connection, it sees the rows written so far).
                    self._apply_delta()
                    self._yield_lock()
                    if commit:
                        conn.execute("BEGIN")
                elif i % 20000 == 19999:
                    # Nothing written: the vocabulary stands (it took 1-2 s to load again
                    # after each refresh that changed nothing at 100k documents).
                    self._yield_lock()
                if progress is not None and (i % 200 == 0 or i + 1 == total):
                    progress(i + 1, total)
            removed = 0
            if cancelled is None or not cancelled():
                for old in existing.values():
                    self._delete(old[0])
                    removed += 1
            self._flush()
            self._apply_delta()
            conn.execute("COMMIT")
            if cancelled is None or not cancelled():
                self._states, self._states_version = states, version
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            self._vocab = None  # it may hold words the rollback took back
            self._terms_delta.clear()
            raise
        finally:
            ahead.close()  # stops the preparing thread
            self._pending.clear()
            self._pending_docs.clear()
            if bulk:
                storage.bulk_writes(conn, on=False)
        live = conn.execute("SELECT coalesce(sum(passages), 0) FROM docs").fetchone()[0]
        if self._dead > DEAD_SHARE * live and (cancelled is None or not cancelled()):
            # Many rows dead: build again, so that the vocabulary is the live documents'. In
            # the documents' present order: ties between passages go the same way as before.
            order = [r[0] for r in conn.execute("SELECT doc FROM docs ORDER BY first")]
            self._reset(damaged=False)
            documents = [d for d in map(corpus.get, order) if d is not None]
            stats = self._refresh(Corpus(corpus.roots, documents), progress, cancelled)
            return dataclasses.replace(
                stats,
                added=added,
                changed=changed,
                removed=removed,
                unchanged=unchanged,
                seconds=time.perf_counter() - started,
            )
        if added or changed or removed:
            self._docs.clear()
            self._folded.clear()
            if added + changed + removed > BULK:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("INSERT INTO fts(fts) VALUES('optimize')")
            if self._delta is None:  # many changed: the vocabulary is counted afresh
                self._vocab = None
                self._terms_delta.clear()
                self._store_terms()
            else:
                self._store_delta()
            free = conn.execute("PRAGMA freelist_count").fetchone()[0]
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            if free * 10 > pages:  # give back the space merging freed, to keep the file small
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("VACUUM")
        docs, passages = conn.execute(
            "SELECT count(*), coalesce(sum(passages), 0) FROM docs"
        ).fetchone()
        return RefreshStats(
            documents=docs,
            passages=passages,
            added=added,
            changed=changed,
            removed=removed,
            unchanged=unchanged,
            seconds=time.perf_counter() - started,
            size=self.size,
            path=str(self.path) if self.path else "",
        )

    def _yield_lock(self) -> None:
        """Let a waiting query run: searching works while the index is refreshed."""
        self._lock.release()
        time.sleep(0)
        self._lock.acquire()

    def _store_terms(self) -> None:
        """The stored copy of the vocabulary counted afresh from the index (seconds at 100k
        documents: a refresh of a few documents updates it by their words instead, see
        `_apply_delta`)."""
        conn = self.conn
        with _transaction(conn):
            conn.execute("DELETE FROM terms")
            conn.execute("INSERT INTO terms(term, df) SELECT term, doc FROM vocab")

    def _apply_delta(self) -> None:
        """Bring the stored vocabulary, and the loaded one with its row map, up to the rows
        written since the last call (in the refresh's transaction). In bulk there is no delta:
        the loaded vocabulary is dropped (loaded again when a query needs it), the stored one
        counted afresh at the end."""
        delta_texts, self._delta = self._delta, ([], []) if self._delta is not None else None
        added_rows, removed_rows = list(self._rows_added), list(self._rows_removed)
        passages, self._passages_delta = self._passages_delta, 0
        self._rows_added.clear()
        self._rows_removed.clear()
        if delta_texts is None:
            self._vocab = None
            return
        if not (delta_texts[0] or delta_texts[1] or added_rows or removed_rows):
            return
        if self._scratch is None:
            self._scratch = storage.scratch_connection()
        added, removed = (storage.term_counts(self._scratch, t) for t in delta_texts)
        delta = Counter(added)
        delta.subtract(removed)
        self._terms_delta.update(delta)  # stored after the commit, see `_store_delta`
        if self._vocab is not None:
            vocab, rows = self._vocab
            for first in removed_rows:
                rows.remove(first)
            for first, row in added_rows:
                rows.add(first, row)
            # Rows removed: a word of theirs may be in no live passage now (asked again).
            vocab.update(delta, vocab.rows + passages, live_changed=bool(removed_rows))

    def _store_delta(self) -> None:
        """Write the words counted by `_apply_delta` to the stored vocabulary, after the
        refresh's commit: in its transaction, each statement made FTS5 write its pending rows
        (~15 ms a word at 100k documents)."""
        delta = [(t, n) for t, n in self._terms_delta.items() if n]
        self._terms_delta.clear()
        if not delta:
            return
        conn = self.conn
        with _transaction(conn):
            conn.executemany(
                "INSERT INTO terms(term, df) VALUES (?, ?)"
                " ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
                delta,
            )
            if any(n < 0 for _, n in delta):
                conn.execute("DELETE FROM terms WHERE df <= 0")

    def _count_words(self, texts: list[str], sign: int) -> None:
        # Only added words: a dead row's words stay in the stored vocabulary until a rebuild
        # (the loaded one asks the index whether such a word is live, see `_is_live`).
        if self._delta is not None:
            self._delta[0 if sign > 0 else 1].extend(texts)
            self._delta_passages += len(texts)
            if self._delta_passages > DELTA_MAX:
                self._delta = None  # counting them would take longer than counting all

    def _insert(self, doc: Document, item: Prepared) -> int:
        """Index `doc`'s passages (at the next `_flush`); its row in docs."""
        # A document's passages get consecutive FTS rowids from `first`: small gaps between
        # rowids keep the index's lists of rowids small.
        digest, indexed = item.digest, item.indexed
        first = self._next_rowid
        self._next_rowid += len(indexed)
        row = self._next_doc
        self._next_doc += 1
        self._pending_docs.append(
            (row, doc.id, doc.path, doc.size, doc.mtime, digest, doc.title, len(indexed), first)
        )
        self._pending.extend(zip(range(first, first + len(indexed)), indexed, strict=True))
        self._count_words(indexed, +1)
        self._rows_added.append((first, row))
        self._passages_delta += len(indexed)
        return row

    def _flush(self) -> None:
        """Insert the pending rows: one call for many documents."""
        self.conn.executemany(
            "INSERT INTO docs(id, doc, path, size, mtime, hash, title, passages, first)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self._pending_docs,
        )
        self.conn.executemany("INSERT INTO fts(rowid, body) VALUES (?, ?)", self._pending)
        self._pending_docs.clear()
        self._pending.clear()

    def _delete(self, row: int) -> None:
        """Forget a document: its FTS rows are listed as dead (contentless FTS5 forgets a row
        only given the text it indexed, and the corpus now holds the new text or none)."""
        found = self.conn.execute("SELECT first, passages FROM docs WHERE id=?", (row,)).fetchone()
        if found is None:
            return
        first, count = found
        self.conn.executemany(
            "INSERT OR IGNORE INTO dead(rowid) VALUES (?)",
            ((r,) for r in range(first, first + count)),
        )
        self._dead += count
        self.conn.execute("DELETE FROM docs WHERE id=?", (row,))
        self._rows_removed.append(first)
        self._passages_delta -= count

    # -- querying --------------------------------------------------------------------------

    def warm(self) -> None:
        """Load the vocabulary now (0.2-0.8 s at 10k-100k documents) rather than on the
        first query: call it from the worker that opened or refreshed the index."""
        with self._lock:
            self._vocabulary()
            self._release_pages()  # the vocabulary's pages, read once

    def _vocabulary(self) -> tuple[Vocabulary, _RowMap]:
        if self._vocab is None:
            vocab, rows = _load_vocabulary(self.conn, self._is_live)
            # Loaded during a refresh (a query between its batches): the words it wrote so
            # far are stored only at its end.
            vocab.update(self._terms_delta, vocab.rows)
            self._vocab = vocab, rows
            self._dead = self.conn.execute("SELECT count(*) FROM dead").fetchone()[0]
        return self._vocab

    def _is_live(self, term: str, df: int) -> bool:
        """Whether a live passage holds `term`, counted in `df` passages: with dead rows, the
        stored vocabulary may still count a word only they held (one lookup of its rows, cut
        short at the first live one; none for a word in more passages than are dead)."""
        if df > self._dead:
            return True
        try:
            found = self.conn.execute(
                "SELECT 1 FROM fts WHERE fts MATCH ? AND rowid NOT IN (SELECT rowid FROM dead)"
                " LIMIT 1",
                (f'"{term}"',),
            ).fetchone()
        except sqlite3.Error:
            return True
        return found is not None

    def _document(self, row: int) -> tuple[str, str, list[str]] | None:
        """(id, title, passages' texts) of a docs row; None when the corpus of the last
        refresh does not hold it as indexed (changed since: the next refresh catches up)."""
        if row in self._docs:
            self._docs.move_to_end(row)
            return self._docs[row]
        found = self.conn.execute(
            "SELECT doc, title, passages FROM docs WHERE id=?", (row,)
        ).fetchone()
        if found is None:
            raise sqlite3.DatabaseError(f"index row {row} has no document")
        source = self._source.get(found[0])
        texts = [p.text for p in source.passages] if source is not None else []
        entry = (found[0], found[1], texts) if len(texts) == found[2] else None
        self._docs[row] = entry
        if len(self._docs) > 2000:
            self._docs.popitem(last=False)
        return entry

    def query(self, query: Query | str, limit: int = 50) -> list[SearchHit]:
        """The best passages for `query`, best first. Raises QuerySyntaxError for a query
        that cannot mean anything and IndexCorruptError when the file proves damaged."""
        q = parse_query(query) if isinstance(query, str) else query
        if q.is_empty or limit <= 0:
            return []
        with self._lock:
            try:
                return self._query(q, limit)
            except sqlite3.OperationalError as exc:
                if "malformed" not in str(exc) and "corrupt" not in str(exc):
                    raise
                self._reset()
                raise IndexCorruptError(str(exc)) from exc
            except sqlite3.DatabaseError as exc:
                self._reset()
                raise IndexCorruptError(str(exc)) from exc

    def _query(self, q: Query, limit: int) -> list[SearchHit]:
        vocab, rows = self._vocabulary()
        if not vocab.rows:
            return []
        terms = resolve_terms(q, vocab)
        return rank_found(
            q, terms, self._find, lambda rowid: self._candidate(rowid, rows), vocab.rows, limit
        )

    def _find(self, match: Match, after: int, limit: int) -> list[int]:
        sql = "SELECT rowid FROM fts WHERE fts MATCH ? AND rowid > ?"
        if self._dead:
            sql += " AND rowid NOT IN (SELECT rowid FROM dead)"
        sql += " LIMIT ?"
        return [r[0] for r in self.conn.execute(sql, (fts_expression(match), after, limit))]

    def _candidate(self, rowid: int, rows: _RowMap) -> Candidate | None:
        doc_row, number = rows.locate(rowid)
        found = self._document(doc_row)
        if found is None:
            return None
        doc_id, title, texts = found
        if not 1 <= number <= len(texts):
            raise sqlite3.DatabaseError(f"index row {rowid} has no passage")
        text = texts[number - 1]
        return Candidate(rowid, doc_id, title, number, text, self._folded.get(rowid, text))


def open_index(corpus: Corpus) -> SqliteIndex:
    """The persisted index for `corpus` (not refreshed: call `refresh(corpus)`)."""
    return SqliteIndex(index_path(corpus))


def open_backend(corpus: Corpus) -> SearchBackend:
    """The search backend for `corpus`: its persisted SQLite index (not refreshed)."""
    return open_index(corpus)
