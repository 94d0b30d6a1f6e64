"""Loading a corpus through its persistent cache: stat every file, read only the cache for
files unchanged since (size and mtime), parse the rest alone and write them back.

Documents from the cache are `LazyDocument`s: their metadata is in memory, their passages are
read from the cache when first asked for (and only the last few read are kept).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

from tui.core.corpus.cache import PASSAGES_AT, CachedFile, CorpusCache, cache_path
from tui.core.corpus.cache_parse import parse_files, read_file
from tui.core.corpus.files import RECORD_FORMATS, Progress, iter_files, load_path
from tui.core.models import Corpus, Document, Passage

ENV_CACHE = "DOSSIER_CORPUS_CACHE"  # "0": neither read nor write the corpus cache
# A file changed less than this long before it was read may change again within the same
# mtime tick: it is cached as stale, so the next start reads it once more.
RACY_NS = 2_000_000_000
_PASSAGES = Document.__dict__["passages"]  # the slot Document keeps its passages in


class LazyDocument(Document):
    """A Document whose passages stay in the cache until asked for (see module docstring)."""

    __slots__ = ("_cache", "_count", "_key")
    _cache: CorpusCache
    _count: int
    _key: tuple[str, int]

    @property
    def passage_count(self) -> int:
        held = _PASSAGES.__get__(self, Document)
        return len(held) if held is not None else self._count

    @property
    def passages(self) -> tuple[Passage, ...]:
        held: tuple[Passage, ...] | None = _PASSAGES.__get__(self, Document)
        if held is not None:
            return held
        found = self._cache.body(*self._key)
        if found is None:  # the cache was rebuilt under us: read the file again
            base = self.id.rpartition("#")[0] if self.fmt in RECORD_FORMATS else self.id
            again, _ = load_path(Path(self.path), Path(self.root), doc_id=base)
            return next((tuple(d.passages) for d in again if d.id == self.id), ())
        return found

    @passages.setter
    def passages(self, value: tuple[Passage, ...] | None) -> None:
        _PASSAGES.__set__(self, value)

    @classmethod
    def from_document(cls, cache: CorpusCache, path: str, seq: int, doc: Document) -> LazyDocument:
        """The lazy twin of a document just written to the cache."""
        args = [getattr(doc, f.name) for f in fields(Document)]
        args[PASSAGES_AT] = None
        return cls.from_cache(cache, path, seq, len(doc.passages), args)

    @classmethod
    def from_cache(
        cls, cache: CorpusCache, path: str, seq: int, count: int, args: list[Any]
    ) -> LazyDocument:
        """`args`: the Document's fields in order, passages None (see CorpusCache.metadata)."""
        doc = cls(*args)
        object.__setattr__(doc, "_cache", cache)
        object.__setattr__(doc, "_count", count)
        object.__setattr__(doc, "_key", (path, seq))
        return doc


def open_cache(roots: tuple[str, ...], folder: Path | None = None) -> CorpusCache | None:
    """The corpus's cache, or None when it cannot be opened (loading then parses everything)."""
    try:
        return CorpusCache(cache_path(roots, folder))
    except (OSError, sqlite3.Error):
        return None


def load_corpus(
    paths: Iterable[str | os.PathLike[str]],
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    batch: Callable[[list[Document]], None] | None = None,
    cache_dir: Path | None = None,
    use_cache: bool = True,
) -> Corpus:
    """Load every document under `paths`, through the corpus cache (see module docstring).

    Files that cannot be read are skipped with a reason,
    `progress(done, total)` every few hundred files, `batch(documents)` with the documents
    loaded since its last call. Raises FileNotFoundError when a path does not exist.
    DOSSIER_CORPUS_CACHE=0 in the environment (or `use_cache=False`) parses every file.
    """
    path_list = [Path(p).expanduser() for p in paths]
    for path in path_list:
        if not path.exists():
            raise FileNotFoundError(f"no such file or folder: {path}")
    corpus = Corpus(roots=tuple(str(p.resolve()) for p in path_list))
    found = list(iter_files(path_list))
    multi_root = len({root for root, _, _ in found}) > 1
    use_cache = use_cache and os.environ.get(ENV_CACHE) != "0"
    cache = open_cache(corpus.roots, cache_dir) if use_cache else None
    known = _known(cache)
    # Which files the cache answers for (same size, mtime and base id) and which to read.
    plan: list[tuple[str, str, str, os.stat_result | None, bool]] = []
    base_ids: set[str] = set()
    for root, file, doc_id in found:
        if multi_root:
            doc_id = f"{os.path.basename(root)}/{doc_id}"
        if doc_id in base_ids:
            doc_id = file
        base_ids.add(doc_id)
        try:
            st: os.stat_result | None = os.stat(file)
        except OSError:
            st = None
        entry = known.get(file)
        fresh = (
            st is not None
            and entry is not None
            and (entry.size, entry.mtime_ns, entry.base_id) == (st.st_size, st.st_mtime_ns, doc_id)
        )
        plan.append((root, file, doc_id, st, fresh))
    metadata = _metadata(cache) if any(fresh for *_, fresh in plan) else {}
    stale = [(file, root, doc_id) for root, file, doc_id, _, fresh in plan if not fresh]
    parsed = parse_files(stale)
    sent = 0
    total = len(plan)
    now = time.time_ns()
    try:
        for i, (root, file, doc_id, st, fresh) in enumerate(plan):
            if cancelled is not None and cancelled():
                break
            docs: list[Document] = []
            if fresh and cache is not None and file in metadata:
                docs = [LazyDocument.from_cache(cache, file, *row) for row in metadata[file]]
            else:
                # A file the cache answered for but holds no row of (another process wrote
                # meanwhile) is read here, alone.
                docs, skipped = next(parsed) if not fresh else read_file(file, root, doc_id)
                corpus.skipped.extend(skipped)
                # A file with bad records is not cached: it is read again, and its bad records
                # said again, on every start until it is mended.
                if docs and not skipped and cache is not None and st is not None:
                    racy = now - st.st_mtime_ns < RACY_NS
                    mtime = -1 if racy else st.st_mtime_ns
                    entry = CachedFile(st.st_size, mtime, doc_id)
                    if _store(cache, file, entry, docs, file in known):
                        # Held by the cache now: memory keeps the metadata, not the body.
                        docs = [
                            LazyDocument.from_document(cache, file, seq, doc)
                            for seq, doc in enumerate(docs)
                        ]
            for doc in docs:
                corpus.add(doc)
            if i % 500 == 499 or i + 1 == total:
                _commit(cache)  # before the documents are shown: their bodies are then readable
                if batch is not None and len(corpus.documents) > sent:
                    batch(corpus.documents[sent:])
                    sent = len(corpus.documents)
                if progress is not None:
                    progress(i + 1, total)
        if cache is not None:
            gone = set(known) - {file for _, file, *_ in plan}
            _finish(cache, gone)
    finally:
        parsed.close()
    return corpus


def _known(cache: CorpusCache | None) -> dict[str, CachedFile]:
    if cache is None:
        return {}
    try:
        return cache.files()
    except sqlite3.Error:
        return {}


def _metadata(cache: CorpusCache | None) -> dict[str, list[tuple[int, int, list[Any]]]]:
    if cache is None:
        return {}
    try:
        return cache.metadata()
    except sqlite3.Error:
        return {}


def _store(
    cache: CorpusCache, file: str, cached: CachedFile, docs: list[Document], known: bool
) -> bool:
    """Write one file's documents (committed by `_commit`); False when the cache refused."""
    try:
        if not cache.conn.in_transaction:
            cache.conn.execute("BEGIN IMMEDIATE")
        cache.store(file, cached, docs, known)
    except sqlite3.Error:
        return False  # a locked or read-only cache: this start parses, the next one tries again
    return True


def _commit(cache: CorpusCache | None) -> None:
    if cache is not None and cache.conn.in_transaction:
        try:
            cache.conn.execute("COMMIT")
        except sqlite3.Error:
            cache.conn.execute("ROLLBACK")


def _finish(cache: CorpusCache, gone: set[str]) -> None:
    try:
        if not cache.conn.in_transaction:
            cache.conn.execute("BEGIN IMMEDIATE")
        cache.forget(gone)
        cache.conn.execute("COMMIT")
    except sqlite3.Error:
        if cache.conn.in_transaction:
            cache.conn.execute("ROLLBACK")
