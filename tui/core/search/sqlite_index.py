"""The passage search index: SQLite FTS5 candidates, typo expansion, rapidfuzz re-ranking.

The index is contentless FTS5 (the tokens only) plus each document's passages stored once,
zlib-compressed, so the file stays under the size of the corpus text. It lives in
`data_dir()/index/<corpus_key>.sqlite` and is refreshed incrementally. Anything that does
not look exactly like an index of this version is moved aside and rebuilt.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import json
import math
import os
import re
import sqlite3
import threading
import time
import zlib
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from rapidfuzz import fuzz, process

from tui.core.models import Corpus, Document
from tui.core.paths import corpus_key, data_dir
from tui.core.search import (
    TOKEN,
    Query,
    SearchHit,
    TruncatedVocabulary,
    fold_with_offsets,
    match_spans,
    parse_query,
    typo_cutoff,
)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

APP_ID = "dossier-search"
SCHEMA_VERSION = "3"
TYPO_EXPANSIONS = 6
PREFIX_EXPANSIONS = 64  # a word being typed matches the commonest words it starts


class IndexCorruptError(RuntimeError):
    """The index file turned out to be damaged; it was moved aside: refresh, then retry."""


@dataclass(frozen=True, slots=True)
class RefreshStats:
    documents: int = 0
    passages: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    size: int = 0  # bytes on disk (0 in memory)
    path: str = ""  # "" when in memory

    def summary(self) -> str:
        where = self.path or "memory"
        return (
            f"{self.documents} documents, {self.passages} passages: {self.added} added, "
            f"{self.changed} changed, {self.removed} removed; {self.size / 1e6:.1f} MB "
            f"in {where}; {self.seconds:.2f} s"
        )


class SearchIndex(Protocol):
    """What the app and CLI need from a passage index (SQLite here; a server engine could
    stand in for it)."""

    def refresh(
        self, corpus: Corpus, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> RefreshStats: ...

    def query(self, query: Query | str, limit: int = 50) -> list[SearchHit]: ...

    def close(self) -> None: ...


def content_hash(doc: Document) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(doc.title.encode("utf-8", "surrogatepass"))
    for p in doc.passages:
        h.update(b"\0")
        h.update(p.text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def index_path(corpus: Corpus) -> Path:
    return data_dir() / "index" / f"{corpus_key(corpus.roots)}.sqlite"


_SCHEMA = """
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
    first INTEGER NOT NULL,
    body BLOB NOT NULL
);
CREATE VIRTUAL TABLE fts USING fts5(
    body, content='', columnsize=0, detail=none, tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE vocab USING fts5vocab(fts, 'row');
CREATE TABLE terms(term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
"""


@dataclass(slots=True)
class _Vocabulary:
    terms: list[str]
    df: list[int]
    rows: int
    cuts: TruncatedVocabulary
    by_length: dict[int, tuple[list[str], list[int]]] = field(default_factory=dict)
    position: dict[str, int] = field(default_factory=dict)
    typo_cache: dict[tuple[str, bool], list[int]] = field(default_factory=dict)
    firsts: list[int] = field(default_factory=list)  # first FTS rowid of each document
    doc_rows: list[int] = field(default_factory=list)  # its docs.id, in the same order

    def locate(self, rowid: int) -> tuple[int, int]:
        """(docs.id, passage number) of an FTS rowid."""
        k = bisect.bisect_right(self.firsts, rowid) - 1
        if k < 0:
            raise sqlite3.DatabaseError(f"index row {rowid} has no document")
        return self.doc_rows[k], rowid - self.firsts[k] + 1

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> _Vocabulary:
        # A copy of the FTS vocabulary made at refresh: counting it afresh reads the index.
        pairs = conn.execute("SELECT term, df FROM terms ORDER BY term").fetchall()
        terms = [t for t, _ in pairs]
        df = [d for _, d in pairs]
        row = conn.execute("SELECT coalesce(sum(passages), 0) FROM docs").fetchone()
        vocab = cls(terms, df, int(row[0]), TruncatedVocabulary(terms))
        for first, doc_row in sorted(conn.execute("SELECT first, id FROM docs")):
            vocab.firsts.append(first)
            vocab.doc_rows.append(doc_row)
        for i, t in enumerate(terms):
            words, ids = vocab.by_length.setdefault(len(t), ([], []))
            words.append(t)
            ids.append(i)
            vocab.position[t] = i
        return vocab

    def prefix_range(self, word: str) -> range:
        lo = bisect.bisect_left(self.terms, word)
        hi = bisect.bisect_left(self.terms, word + "\U0010ffff")
        return range(lo, hi)

    def typos(self, word: str, prefix: bool) -> list[int]:
        """Vocabulary indices a typo away from `word` (or from its start, when `prefix`)."""
        key = (word, prefix)
        cached = self.typo_cache.get(key)
        if cached is None:
            cached = self._typos(word, prefix)
            if len(self.typo_cache) > 4096:
                self.typo_cache.clear()
            self.typo_cache[key] = cached
        return cached

    def _typos(self, word: str, prefix: bool) -> list[int]:
        cutoff = typo_cutoff(word)
        if cutoff > 100:
            return []
        n = len(word)
        scored: list[tuple[float, int]] = []
        for length in range(n - 2, n + 3):
            bucket = self.by_length.get(length)
            if not bucket:
                continue
            words, ids = bucket
            found = process.extract(
                word, words, scorer=fuzz.ratio, score_cutoff=cutoff, limit=TYPO_EXPANSIONS
            )
            scored.extend((score, ids[k]) for _, score, k in found)
        if prefix:
            for i in self.cuts.similar(word, cutoff, limit=TYPO_EXPANSIONS):
                scored.append((fuzz.ratio(word, self.terms[i][: len(word)]), i))
        own = self.position.get(word, -1)
        scored = [(score, i) for score, i in scored if i != own]
        if not scored:
            return []
        # Only the closest spellings: "blari" is "blair", not also "bar".
        best = max(score for score, _ in scored)
        close = {i for score, i in scored if score >= best - 4}
        # The most frequent spellings first: a typo is likelier of a common word.
        return sorted(close, key=lambda i: -self.df[i])[: TYPO_EXPANSIONS * 2]


@dataclass(slots=True)
class _Term:
    word: str
    exact: bool  # the word itself is in the index
    prefix: bool  # also match words starting with it
    typos: tuple[str, ...]
    df: int
    starts: tuple[str, ...] = ()  # the commonest words starting with it, when `prefix`

    def fts(self) -> str:
        # Words named one by one: FTS5 reads them lazily, where a "word"* prefix query
        # merges every matching word's list first (~100 ms at 1M passages).
        alts = dict.fromkeys((self.word, *self.typos, *self.starts))
        return "(" + " OR ".join(f'"{w}"' for w in alts) + ")"


def _all_of(words: Sequence[str]) -> str:
    # The index keeps no positions (detail=none, to stay small): a phrase's words are
    # looked up together here and the phrase itself is checked when re-ranking.
    return "(" + " AND ".join(f'"{w}"' for w in words) + ")"


class SqliteIndex:
    """A SearchIndex on SQLite FTS5, in a file (or in memory when the file cannot be used)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._vocab: _Vocabulary | None = None
        self._docs: OrderedDict[int, tuple[str, str, list[str]]] = OrderedDict()
        self._zdict: bytes | None = None
        self._next_rowid = 1
        self._folded: OrderedDict[
            int, tuple[tuple[str, list[int] | None], list[str], Counter[str]]
        ] = OrderedDict()
        self.conn = self._open()

    # -- opening, validating, moving aside ---------------------------------------------

    def _connect(self, target: str) -> sqlite3.Connection:
        conn = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    def _open(self) -> sqlite3.Connection:
        if self.path is not None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                if self.path.exists() and not self._valid_file(self.path):
                    self._move_aside(self.path)
                conn = self._connect(str(self.path))
                if not self._has_schema(conn):
                    self._create(conn)
                return conn
            except (OSError, sqlite3.Error):
                self.path = None  # read-only or unusable data dir: keep going in memory
        conn = self._connect(":memory:")
        self._create(conn)
        return conn

    @staticmethod
    def _has_schema(conn: sqlite3.Connection) -> bool:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        return "meta" in names

    def _valid_file(self, path: Path) -> bool:
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

    @staticmethod
    def _move_aside(path: Path) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for suffix in ("", "-wal", "-shm", "-journal"):
            p = Path(f"{path}{suffix}")
            if p.exists():
                p.replace(Path(f"{path}.bad-{stamp}{suffix}"))

    @staticmethod
    def _create(conn: sqlite3.Connection) -> None:
        conn.executescript(_SCHEMA)
        conn.executemany(
            "INSERT INTO meta(key, value) VALUES (?, ?)",
            [("app", APP_ID), ("schema", SCHEMA_VERSION)],
        )

    def _reset(self) -> None:
        """Throw the index away (moving a damaged file aside) and start empty."""
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
        if self.path is not None and self.path.exists():
            self._move_aside(self.path)
        self._vocab = None
        self._zdict = None
        self._docs.clear()
        self._folded.clear()
        self.conn = self._open()

    def close(self) -> None:
        with self._lock, contextlib.suppress(sqlite3.Error):
            self.conn.close()

    @property
    def size(self) -> int:
        if self.path is None:
            return 0
        return sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())

    # -- refreshing ----------------------------------------------------------------------

    def build(
        self, corpus: Corpus, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> RefreshStats:
        """Rebuild from scratch."""
        with self._lock:
            self._reset()
            return self.refresh(corpus, progress, cancelled)

    def is_fresh(self, files: Sequence[tuple[str, int, float]]) -> bool:
        """True when the index holds exactly these (path, size, mtime) files, unchanged."""
        with self._lock:
            try:
                rows = self.conn.execute("SELECT path, size, mtime FROM docs").fetchall()
            except sqlite3.Error:
                return False
        return sorted(rows) == sorted(files) and bool(rows)

    def refresh(
        self, corpus: Corpus, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> RefreshStats:
        """Bring the index up to date with `corpus`: only added, changed and removed
        documents are touched (size and mtime first, then a hash of the text)."""
        with self._lock:
            try:
                return self._refresh(corpus, progress, cancelled)
            except sqlite3.DatabaseError:
                self._reset()
                return self._refresh(corpus, progress, cancelled)

    def _refresh(
        self, corpus: Corpus, progress: Progress | None, cancelled: Cancelled | None
    ) -> RefreshStats:
        started = time.perf_counter()
        conn = self.conn
        existing = {
            row[0]: row[1:] for row in conn.execute("SELECT doc, id, size, mtime, hash FROM docs")
        }
        added = changed = unchanged = 0
        total = len(corpus.documents)
        self._load_zdict(corpus)
        self._next_rowid = conn.execute(
            "SELECT coalesce(max(first + passages), 1) FROM docs"
        ).fetchone()[0]
        conn.execute("BEGIN")
        try:
            for i, doc in enumerate(corpus.documents):
                if cancelled is not None and cancelled():
                    break
                old = existing.pop(doc.id, None)
                if old is not None and old[1] == doc.size and old[2] == doc.mtime:
                    unchanged += 1
                else:
                    digest = content_hash(doc)
                    if old is not None and old[3] == digest:
                        conn.execute(
                            "UPDATE docs SET size=?, mtime=?, path=? WHERE id=?",
                            (doc.size, doc.mtime, doc.path, old[0]),
                        )
                        unchanged += 1
                    else:
                        if old is not None:
                            self._delete(old[0])
                            changed += 1
                        else:
                            added += 1
                        self._insert(doc, digest)
                if i % 2000 == 1999:
                    conn.execute("COMMIT")
                    # Let a waiting query run between batches: searching works while building.
                    self._vocab = None
                    self._lock.release()
                    time.sleep(0)
                    self._lock.acquire()
                    conn.execute("BEGIN")
                if progress is not None and (i % 200 == 0 or i + 1 == total):
                    progress(i + 1, total)
            removed = 0
            if cancelled is None or not cancelled():
                for old in existing.values():
                    self._delete(old[0])
                    removed += 1
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
        if added or changed or removed:
            self._vocab = None
            self._docs.clear()
            self._folded.clear()
            if added + changed + removed > 1000:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("INSERT INTO fts(fts) VALUES('optimize')")
            conn.execute("BEGIN")
            conn.execute("DELETE FROM terms")
            conn.execute("INSERT INTO terms(term, df) SELECT term, doc FROM vocab")
            conn.execute("COMMIT")
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

    def _load_zdict(self, corpus: Corpus) -> None:
        """The preset dictionary that compresses the stored passages (short documents
        compress poorly alone); made once from the first corpus indexed and kept."""
        if self._zdict is not None:
            return
        row = self.conn.execute("SELECT value FROM meta WHERE key='zdict'").fetchone()
        if row is not None:
            self._zdict = bytes(row[0])
            return
        docs = corpus.documents
        step = max(1, len(docs) // 100)
        sample = "\n".join(p.text for d in docs[::step] for p in d.passages[:4])
        self._zdict = sample.encode("utf-8")[-32768:]
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES ('zdict', ?)", (sqlite3.Binary(self._zdict),)
        )

    def _compress(self, data: bytes) -> bytes:
        packer = zlib.compressobj(9, zdict=self._zdict or b"")
        return packer.compress(data) + packer.flush()

    def _decompress(self, data: bytes) -> bytes:
        if self._zdict is None:
            row = self.conn.execute("SELECT value FROM meta WHERE key='zdict'").fetchone()
            self._zdict = bytes(row[0]) if row is not None else b""
        unpacker = zlib.decompressobj(zdict=self._zdict)
        return unpacker.decompress(data) + unpacker.flush()

    def _insert(self, doc: Document, digest: str) -> None:
        # A document's passages get consecutive FTS rowids from `first`: small gaps between
        # rowids keep the index's lists of rowids small.
        texts = [p.text for p in doc.passages]
        body = self._compress(json.dumps(texts, ensure_ascii=False).encode("utf-8"))
        first = self._next_rowid
        self._next_rowid += len(texts)
        self.conn.execute(
            "INSERT INTO docs(doc, path, size, mtime, hash, title, passages, first, body)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc.id, doc.path, doc.size, doc.mtime, digest, doc.title, len(texts), first, body),
        )
        self.conn.executemany(
            "INSERT INTO fts(rowid, body) VALUES (?, ?)",
            [(first + k, t) for k, t in enumerate(texts)],
        )

    def _delete(self, row: int) -> None:
        found = self.conn.execute("SELECT body, first FROM docs WHERE id=?", (row,)).fetchone()
        if found is None:
            return
        texts: list[str] = json.loads(self._decompress(found[0]))
        first = found[1]
        # Contentless FTS5 forgets a row given the exact text it indexed.
        self.conn.executemany(
            "INSERT INTO fts(fts, rowid, body) VALUES ('delete', ?, ?)",
            [(first + k, t) for k, t in enumerate(texts)],
        )
        self.conn.execute("DELETE FROM docs WHERE id=?", (row,))

    # -- querying --------------------------------------------------------------------------

    def warm(self) -> None:
        """Load the vocabulary now (0.2-0.8 s at 10k-100k documents) rather than on the
        first query: call it from the worker that opened or refreshed the index."""
        with self._lock:
            self._vocabulary()

    def _vocabulary(self) -> _Vocabulary:
        if self._vocab is None:
            self._vocab = _Vocabulary.load(self.conn)
        return self._vocab

    def _document(self, row: int) -> tuple[str, str, list[str]]:
        cached = self._docs.get(row)
        if cached is not None:
            self._docs.move_to_end(row)
            return cached
        found = self.conn.execute("SELECT doc, title, body FROM docs WHERE id=?", (row,)).fetchone()
        if found is None:
            raise sqlite3.DatabaseError(f"index row {row} has no document")
        entry = (found[0], found[1], json.loads(self._decompress(found[2])))
        self._docs[row] = entry
        if len(self._docs) > 2000:
            self._docs.popitem(last=False)
        return entry

    def _tokens(
        self, rowid: int, text: str
    ) -> tuple[tuple[str, list[int] | None], list[str], Counter[str]]:
        """A passage folded, its tokens and their set, cached: typing re-ranks the same ones."""
        cached = self._folded.get(rowid)
        if cached is None:
            folding = fold_with_offsets(text)
            token_list = TOKEN.findall(folding[0])
            cached = (folding, token_list, Counter(token_list))
            self._folded[rowid] = cached
            if len(self._folded) > 5000:
                self._folded.popitem(last=False)
        return cached

    def _terms(self, query: Query, vocab: _Vocabulary) -> list[_Term]:
        terms = []
        for k, word in enumerate(query.terms):
            prefix = query.prefix and k == len(query.terms) - 1 and len(word) >= 3
            position = vocab.position.get(word)
            own = vocab.df[position] if position is not None else 0
            starts: tuple[str, ...] = ()
            if prefix:
                span = vocab.prefix_range(word)
                common = sorted(span, key=lambda i: -vocab.df[i])[:PREFIX_EXPANSIONS]
                starts = tuple(vocab.terms[i] for i in common)
                own += sum(vocab.df[i] for i in common)
            # A word that is in the corpus is taken as typed, unless a close spelling is
            # far more common ("Stoltenburg" once, "Stoltenberg" everywhere).
            typos = tuple(
                vocab.terms[i] for i in vocab.typos(word, prefix) if vocab.df[i] >= 10 * own
            )
            df = own + sum(vocab.df[vocab.position[t]] for t in typos)
            terms.append(_Term(word, position is not None, prefix, typos, df, starts))
        return terms

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
        vocab = self._vocabulary()
        if not vocab.rows:
            return []
        terms = self._terms(q, vocab)
        phrases = [_all_of(p) for p in q.phrases]
        negative = " OR ".join(f'"{w}"' for w in q.excludes)
        wanted = max(limit * 2, 60) * (4 if q.phrases else 1)
        rows: dict[int, None] = {}
        # First the passages with every word as typed, then with typos and word starts,
        # then (nothing else found) with any of the words.
        if all(t.exact for t in terms):
            exact = [f'"{t.word}"' for t in terms] + phrases
            rows.update(dict.fromkeys(self._candidates(exact, negative, wanted, " AND ")))
        if len(rows) < wanted:
            expanded = [t.fts() for t in terms] + phrases
            rows.update(dict.fromkeys(self._candidates(expanded, negative, wanted, " AND ")))
            if not rows and len(expanded) > 1:
                rows.update(dict.fromkeys(self._candidates(expanded, negative, wanted, " OR ")))
        if not rows:
            return []
        return self._rerank(q, terms, list(rows)[: wanted * 2], vocab, limit)

    def _candidates(self, groups: list[str], negative: str, wanted: int, joiner: str) -> list[int]:
        expr = joiner.join(groups)
        if negative:
            expr = f"({expr}) NOT ({negative})"
        sql = "SELECT rowid FROM fts WHERE fts MATCH ? LIMIT ?"
        return [r[0] for r in self.conn.execute(sql, (expr, wanted))]

    def _rerank(
        self, q: Query, terms: list[_Term], rows: list[int], vocab: _Vocabulary, limit: int
    ) -> list[SearchHit]:
        n = max(vocab.rows, 1)
        weights = [math.log(1 + n / (1 + t.df)) for t in terms]
        total_weight = sum(weights) or 1.0
        has_phrases = bool(q.phrases)
        w_cover, w_density, w_phrase, w_exact = (
            (0.45, 0.15, 0.25, 0.15) if has_phrases else (0.6, 0.2, 0.0, 0.2)
        )
        span_words = frozenset(
            {t.word for t in terms if t.exact} | {w for t in terms for w in t.typos}
        )
        prefixes = [t.word for t in terms if t.prefix]
        starts = [
            re.compile(r"(?<![^\W_])" + re.escape(t.word)) if t.prefix else None for t in terms
        ]
        scored = []
        for rowid in rows:
            doc_row, number = vocab.locate(rowid)
            texts = self._document(doc_row)[2]
            if not 1 <= number <= len(texts):
                raise sqlite3.DatabaseError(f"index row {rowid} has no passage")
            folding, token_list, counts = self._tokens(rowid, texts[number - 1])
            cover = 0.0
            exact = 0
            for term, weight, start in zip(terms, weights, starts, strict=True):
                if term.word in counts or (start is not None and start.search(folding[0])):
                    best, exact = 1.0, exact + 1
                elif typo_cutoff(term.word) <= 100:
                    found = process.extractOne(
                        term.word,
                        counts.keys(),
                        scorer=fuzz.ratio,
                        score_cutoff=typo_cutoff(term.word),
                    )
                    best = found[1] / 100 * 0.8 if found else 0.0
                else:
                    best = 0.0
                cover += weight * best
            phrase = 0.0
            if has_phrases:
                joined = f" {' '.join(token_list)} "
                phrase = sum(f" {' '.join(p)} " in joined for p in q.phrases) / len(q.phrases)
                if not phrase:
                    continue  # a phrase is asked for exactly
            # How much of the passage is about the query: matched words per 20 words.
            matched = sum(counts[w] for w in span_words)
            density = min(1.0, matched * 20 / max(len(token_list), 20) / 4)
            parts = {
                "coverage": round(w_cover * (cover / total_weight if terms else phrase), 4),
                "density": round(w_density * density, 4),
                "phrase": round(w_phrase * phrase, 4),
                "exact": round(w_exact * (exact / len(terms) if terms else phrase), 4),
            }
            scored.append((round(sum(parts.values()), 4), rowid, doc_row, number, parts, folding))
        scored.sort(key=lambda item: (-item[0], item[1]))
        hits = []
        for score, _, doc_row, number, parts, folding in scored[:limit]:
            doc_id, title, texts = self._document(doc_row)
            text = texts[number - 1]
            spans = match_spans(text, span_words, prefixes, q.phrases, folding)
            hits.append(SearchHit(doc_id, title, number, score, text, spans, parts))
        return hits


def open_index(corpus: Corpus) -> SqliteIndex:
    """The persisted index for `corpus` (not refreshed: call `refresh(corpus)`)."""
    return SqliteIndex(index_path(corpus))


def file_states(corpus: Corpus) -> list[tuple[str, int, float]]:
    return [(d.path, d.size, d.mtime) for d in corpus.documents]


def stat_files(paths: Sequence[str]) -> list[tuple[str, int, float]]:
    """(path, size, mtime) of the candidate files under `paths`, without reading them."""
    from tui.core.corpus import iter_files

    out = []
    for _, file, _ in iter_files(paths):
        try:
            st = os.stat(file)
        except OSError:
            continue
        out.append((str(file), st.st_size, st.st_mtime))
    return out
