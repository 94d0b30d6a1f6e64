"""A search backend held in memory: an inverted index from each word to the passages holding
it, in pure Python (no SQLite). For small corpora and tests; nothing is persisted.

It numbers passages and counts words the way the SQLite backend does, and scores with the
same `ranking.rank_found`, so on ordinary text both return the same hits with the same scores.
Words are cut as `query.TOKEN` cuts folded text, which matches FTS5's unicode61 tokenizer
for letters and digits, accents removed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from tui.core.models import Corpus, Document
from tui.core.search.backend import Cancelled, FileState, Progress, RefreshStats, SearchHit
from tui.core.search.candidates import Group, Match
from tui.core.search.freshness import content_hash
from tui.core.search.query import Query, parse_query
from tui.core.search.ranking import Candidate, PassageWordsCache, passage_words, rank_found
from tui.core.search.vocabulary import Vocabulary, resolve_terms


@dataclass(slots=True)
class _Doc:
    path: str
    size: int
    mtime: float
    hash: str
    title: str
    first: int  # the id of its first passage; the others follow
    texts: list[str]


class MemoryBackend:
    """A SearchBackend over an in-memory inverted index of the corpus' passages."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._docs: dict[str, _Doc] = {}
        self._postings: dict[str, set[int]] = {}  # word -> ids of the passages holding it
        self._passages: dict[int, tuple[str, int]] = {}  # passage id -> (doc id, number)
        self._vocab: Vocabulary | None = None
        self._folded = PassageWordsCache()

    def refresh(
        self, corpus: Corpus, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> RefreshStats:
        """Bring the index up to date with `corpus`: only added, changed and removed
        documents are touched (size and mtime first, then a hash of the text)."""
        started = time.perf_counter()
        with self._lock:
            existing = dict(self._docs)
            # New passages are numbered after the last one, as SQLite numbers its rows.
            next_id = max((d.first + len(d.texts) for d in self._docs.values()), default=1)
            added = changed = unchanged = 0
            total = len(corpus.documents)
            for i, doc in enumerate(corpus.documents):
                if cancelled is not None and cancelled():
                    break
                old = existing.pop(doc.id, None)
                if old is not None and (old.size, old.mtime) == (doc.size, doc.mtime):
                    unchanged += 1
                else:
                    digest = content_hash(doc)
                    if old is not None and old.hash == digest:
                        old.size, old.mtime, old.path = doc.size, doc.mtime, doc.path
                        unchanged += 1
                    else:
                        if old is not None:
                            self._remove(doc.id)
                            changed += 1
                        else:
                            added += 1
                        self._add(doc, digest, next_id)
                        next_id += len(doc.passages)
                if progress is not None and (i % 200 == 0 or i + 1 == total):
                    progress(i + 1, total)
            removed = 0
            if cancelled is None or not cancelled():
                for doc_id in existing:
                    self._remove(doc_id)
                    removed += 1
            if added or changed or removed:
                self._vocab = None
                self._folded.clear()
            return RefreshStats(
                documents=len(self._docs),
                passages=len(self._passages),
                added=added,
                changed=changed,
                removed=removed,
                unchanged=unchanged,
                seconds=time.perf_counter() - started,
            )

    def _add(self, doc: Document, digest: str, first: int) -> None:
        texts = [p.text for p in doc.passages]
        self._docs[doc.id] = _Doc(doc.path, doc.size, doc.mtime, digest, doc.title, first, texts)
        for k, text in enumerate(texts):
            self._passages[first + k] = (doc.id, k + 1)
            for word in set(passage_words(text).tokens):
                self._postings.setdefault(word, set()).add(first + k)

    def _remove(self, doc_id: str) -> None:
        doc = self._docs.pop(doc_id)
        for k, text in enumerate(doc.texts):
            del self._passages[doc.first + k]
            for word in set(passage_words(text).tokens):
                rows = self._postings[word]
                rows.discard(doc.first + k)
                if not rows:
                    del self._postings[word]

    def is_fresh(self, files: Sequence[FileState]) -> bool:
        """True when the index holds exactly these (path, size, mtime) files, unchanged."""
        with self._lock:
            held = {(d.path, d.size, d.mtime) for d in self._docs.values()}
        return held == set(files) and bool(held)  # a file of records: one state, many docs

    def clear(self) -> None:
        with self._lock:
            self._docs.clear()
            self._postings.clear()
            self._passages.clear()
            self._vocab = None
            self._folded.clear()

    def close(self) -> None:
        self.clear()

    def warm(self) -> None:
        with self._lock:
            self._vocabulary()

    def _vocabulary(self) -> Vocabulary:
        if self._vocab is None:
            terms = sorted(self._postings)
            df = [len(self._postings[t]) for t in terms]
            self._vocab = Vocabulary(terms, df, len(self._passages))
        return self._vocab

    def query(self, query: Query | str, limit: int = 50) -> list[SearchHit]:
        """The best passages for `query`, best first. Raises QuerySyntaxError for a query
        that cannot mean anything."""
        q = parse_query(query) if isinstance(query, str) else query
        if q.is_empty or limit <= 0:
            return []
        with self._lock:
            vocab = self._vocabulary()
            if not vocab.rows:
                return []
            terms = resolve_terms(q, vocab)
            return rank_found(q, terms, self._find, self._candidate, vocab.rows, limit)

    def _group_rows(self, group: Group) -> set[int]:
        postings = [self._postings.get(w, set()) for w in group.words]
        if group.every:
            return set.intersection(*postings) if postings else set()
        return set().union(*postings)

    def _find(self, match: Match, after: int, limit: int) -> list[int]:
        """The first `limit` passage ids after `after` matching, in ascending order (as FTS5
        returns them)."""
        groups = [self._group_rows(g) for g in match.groups]
        if not groups:
            return []
        rows = set.intersection(*groups) if match.every else set().union(*groups)
        for word in match.excludes:
            rows -= self._postings.get(word, set())
        return sorted(r for r in rows if r > after)[:limit]

    def _candidate(self, row: int) -> Candidate:
        doc_id, number = self._passages[row]
        doc = self._docs[doc_id]
        text = doc.texts[number - 1]
        return Candidate(row, doc_id, doc.title, number, text, self._folded.get(row, text))
