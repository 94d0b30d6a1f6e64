"""Loading a corpus through its persistent cache, in two steps.

`load_cached`: the documents as the last load left them, from one snapshot blob, without a
stat (~1 s at 100k documents). `refresh_corpus`: stat every file, keep the documents of the
files unchanged since (same size and mtime, or the same content hash), parse the rest alone,
write them back and say what was added, removed and changed. The app shows the first at once
and applies the second when it comes; `load_corpus` does both (the CLI must be correct).

Documents from the cache are `LazyDocument`s (`cache_rows`): their metadata is a row of shared
columns, their passages are read from the cache when first asked for.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import time
from array import array
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.corpus.cache import (
    CachedFile,
    CorpusCache,
    Encoded,
    StoredFiles,
    cache_path,
    decode,
    encode,
    file_digest,
    files_table,
)
from tui.core.corpus.cache_rows import COLUMNS, Columns, LazyDocument, lazy, lazy_all, row_of
from tui.core.listing import order_columns
from tui.core.models import Corpus, Document, ListOrder, SkippedFile

if TYPE_CHECKING:
    from tui.core.corpus.files import Progress

# A file the scan found: (root, file, base id, its stat or None).
Found = tuple[str, str, str, "os.stat_result | None"]
ENV_CACHE = "DOSSIER_CORPUS_CACHE"  # "0": neither read nor write the corpus cache
# A file changed less than this long before it was read may change again within the same
# mtime tick: it is cached as stale, so the next start reads it once more.
RACY_NS = 2_000_000_000


def open_cache(roots: tuple[str, ...], folder: Path | None = None) -> CorpusCache | None:
    """The corpus's cache, or None when it cannot be opened (loading then parses everything)."""
    try:
        return CorpusCache(cache_path(roots, folder))
    except (OSError, sqlite3.Error):
        return None


@dataclass
class Refresh:
    """What looking at the files found: the corpus's documents now (in file order), the files
    skipped, and the ids added, removed or read again since the documents given."""

    documents: list[Document]
    skipped: list[SkippedFile]
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def corpus(self, roots: tuple[str, ...]) -> Corpus:
        return make_corpus(roots, self.documents, self.skipped)


def make_corpus(
    roots: tuple[str, ...], documents: list[Document], skipped: list[SkippedFile]
) -> Corpus:
    corpus = Corpus(roots=roots, skipped=skipped)
    corpus.documents = documents
    corpus._by_id = {d.id: d for d in documents}
    return corpus


def corpus_roots(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], tuple[str, ...]]:
    """The paths given and the corpus's roots; FileNotFoundError when one does not exist."""
    path_list = [Path(p).expanduser() for p in paths]
    for path in path_list:
        if not path.exists():
            raise FileNotFoundError(f"no such file or folder: {path}")
    return path_list, tuple(str(p.resolve()) for p in path_list)


def load_cached(
    paths: Iterable[str | os.PathLike[str]], cache_dir: Path | None = None, use_cache: bool = True
) -> tuple[Corpus, CorpusCache] | None:
    """The corpus as the cache last saw it, without looking at a single file (no stat), and the
    open cache; None when the cache holds no snapshot (a first start, or files changed while
    the last one was being written). `refresh_corpus` then says what changed since."""
    current, cache = open_cached(paths, cache_dir, use_cache)
    if current is None or cache is None:
        if cache is not None:
            cache.close()
        return None
    return current, cache


def open_cached(
    paths: Iterable[str | os.PathLike[str]], cache_dir: Path | None = None, use_cache: bool = True
) -> tuple[Corpus | None, CorpusCache | None]:
    """As `load_cached`, but the cache stays open without a snapshot, for `refresh_corpus` to
    write: closing it and opening it again checkpointed its log, three disk syncs (~10-40 ms
    on a first start)."""
    _, roots = corpus_roots(paths)
    if not use_cache or os.environ.get(ENV_CACHE) == "0":
        return None, None
    cache = open_cache(roots, cache_dir)
    if cache is None:
        return None, None
    # 100k new objects would run the collector over the whole heap several times (~3x the
    # time of making them, in the app): it waits till they are made.
    with _collector_paused():
        try:
            snapshot = cache.snapshot()
        except sqlite3.Error:
            snapshot = None
        columns = Columns.from_stored(snapshot[0]) if snapshot is not None else None
        if snapshot is None or columns is None:
            return None, cache
        _, skipped, orders = snapshot
        docs: list[Document] = list(lazy_all(cache, columns))
        corpus = Corpus(roots=roots, skipped=[SkippedFile(p, r) for p, r in skipped])
        corpus.documents = docs
        corpus.unindexed()
        corpus.orders.update(_orders(orders, len(docs)))
    return corpus, cache


@contextmanager
def _collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _orders(stored: dict[str, Any], n: int) -> dict[str, ListOrder]:
    """The list's orders a snapshot holds, those that fit its `n` documents."""
    out = {}
    for key, value in stored.items():
        try:
            positions = array("q", value[0])
            folders = [(str(f), int(c)) for f, c in value[1]]
        except (TypeError, ValueError, IndexError):
            continue
        fits = not n or (min(positions) >= 0 and max(positions) < n)
        if fits and len(positions) == n and sum(c for _, c in folders) == n:
            out[key] = ListOrder(positions, folders)
    return out


def stored_orders(columns: Columns) -> dict[str, tuple[bytes, list[tuple[str, int]]]]:
    """The list's default order (by title) as a snapshot stores it: a warm start sorts
    nothing (sorting 100k titles took ~0.7 s)."""
    ids, titles = columns.cols[COLUMNS.index("id")], columns.cols[COLUMNS.index("title")]
    order = order_columns("title", ids, titles)
    return {"title": (array("q", order.positions).tobytes(), order.folders)}


def fresh_snapshot(
    paths: Iterable[str | os.PathLike[str]], cache_dir: Path | None = None
) -> tuple[Columns, list[SkippedFile]] | None:
    """The cached documents' columns and the skipped files, when every file is as the cache
    last saw it; None when one is not, or the corpus is not one folder (`load_corpus` then
    reads what changed). Checked without parsing anything or making a Document: one scandir
    per folder, each file's size, mtime and id compared with the snapshot's files table. For
    commands that print the whole corpus (`dossier list --json`: at 100k, 4.6 s -> ~1.5 s)."""
    _, roots = corpus_roots(paths)
    if len(roots) != 1 or not os.path.isdir(roots[0]) or os.environ.get(ENV_CACHE) == "0":
        return None
    cache = open_cache(roots, cache_dir)
    if cache is None:
        return None
    try:
        with _collector_paused():
            snapshot = cache.snapshot()
            columns = Columns.from_stored(snapshot[0]) if snapshot is not None else None
        files = cache.snapshot_files
        if snapshot is None or columns is None or files is None:
            return None
        if not _unchanged(roots[0], files):
            return None
        return columns, [SkippedFile(p, r) for p, r in snapshot[1]]
    except sqlite3.Error:
        return None
    finally:
        cache.close()


def _as_snapshot(current: Corpus | None, cache: CorpusCache | None, roots: tuple[str, ...]) -> bool:
    """Whether the files are as the snapshot `current` was read from says (one folder): then
    nothing is to be refreshed (at 100k, ~0.7 s instead of ~2 s of a refresh that finds
    nothing)."""
    files = cache.snapshot_files if cache is not None else None
    if current is None or cache is None or files is None:
        return False
    if len(roots) != 1 or not os.path.isdir(roots[0]) or not _unchanged(roots[0], files):
        return False
    cache.snapshot_files = None
    return True


def _unchanged(root: str, files: StoredFiles) -> bool:
    """Whether the files under the folder `root` are those of a snapshot's files table, each
    with its size and mtime (its id follows from its path: one root, no duplicates).

    The files `scan_files` finds, by its rules (hidden files and folders, symbolic links to
    folders, extensions), looked up by name in their folder and stat'ed relative to it: no
    entries sorted, no full path made or looked up (~2x less work than `scan_files` at 100k
    files; the stat is then most of it)."""
    from tui.core.corpus.files import is_folder, listed, walked_into

    paths, sizes, mtimes, _ = files
    names: dict[str, dict[str, int]] = {}
    for row, path in enumerate(paths):
        folder, _, name = path.rpartition(os.sep)
        names.setdefault(folder, {})[name] = row
    size_at, mtime_at = array("q", sizes), array("q", mtimes)
    seen = 0
    folders = [root]
    while folders:
        folder = folders.pop()
        known = names.get(folder, {})
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            return False  # `scan_files` passes it over: its files are gone
        try:
            with os.scandir(fd) as entries:
                for entry in entries:
                    name = entry.name
                    i = known.get(name)
                    if is_folder(entry):
                        if walked_into(entry):
                            folders.append(f"{folder}{os.sep}{name}")
                        if i is not None:
                            return False  # a file become a folder
                        continue
                    if i is None:
                        if not listed(name):
                            continue
                        return False  # a file the cache has not seen
                    st = entry.stat()  # through `fd`: no path looked up again
                    if st.st_mtime_ns != mtime_at[i] or st.st_size != size_at[i]:
                        return False
                    seen += 1
        except OSError:
            return False
        finally:
            os.close(fd)
    return seen == len(paths)


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
    paths = list(paths)
    current, cache = open_cached(paths, cache_dir, use_cache)
    if current is not None and batch is not None:
        batch(current.documents)
        batch = None
    refresh = refresh_corpus(
        paths, current, cache, progress, cancelled, batch, cache_dir, use_cache
    )
    return refresh.corpus(corpus_roots(paths)[1])


def refresh_corpus(
    paths: Iterable[str | os.PathLike[str]],
    current: Corpus | None = None,
    cache: CorpusCache | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    batch: Callable[[list[Document]], None] | None = None,
    cache_dir: Path | None = None,
    use_cache: bool = True,
) -> Refresh:
    """Stat every file under `paths`; keep the `current` documents of the files unchanged since
    the cache read them (same size and mtime, or same content hash), parse the rest and write
    them to the cache. Nothing in `current` is changed: the caller swaps in the result."""
    from tui.core.corpus.cache_parse import parse_files, read_file
    from tui.core.corpus.files import scan_files

    path_list, roots = corpus_roots(paths)
    if _as_snapshot(current, cache, roots):  # the usual warm start: nothing changed
        assert current is not None
        return Refresh(current.documents, current.skipped)
    passed_over: list[SkippedFile] = []  # folders the scan did not go into
    found = with_ids(scan_files(path_list, skipped=passed_over), roots)
    use_cache = use_cache and os.environ.get(ENV_CACHE) != "0"
    if cache is None and use_cache:
        cache = open_cache(roots, cache_dir)
    known = _known(cache)
    held = _Held(current.documents if current is not None else [])
    # Which files the cache answers for (same size, mtime and base id) and which to read.
    plan: list[tuple[str, str, str, bool]] = []
    stats: dict[str, os.stat_result] = {}  # of the files to read, to cache them with
    for root, file, doc_id, st in found:
        entry = known.get(file)
        fresh = (
            st is not None
            and entry is not None
            and entry[0] == st.st_size
            and entry[1] == st.st_mtime_ns
            and entry[2] == doc_id
        )
        if not fresh and st is not None and entry is not None and _same_content(cache, st, file):
            fresh = _touch(cache, file, st)
            for doc in held.get(file):
                if isinstance(doc, LazyDocument):
                    doc.set_mtime(st.st_mtime)
        if not fresh and st is not None:
            stats[file] = st
        plan.append((root, file, doc_id, fresh))
    missing = any(fresh and file not in held for _, file, _, fresh in plan)
    metadata = _metadata(cache) if missing else {}
    columns = Columns()
    stale = [(file, root, doc_id) for root, file, doc_id, fresh in plan if not fresh]
    parsed = parse_files(stale, encoded=cache is not None)
    documents: list[Document] = []
    skipped: list[SkippedFile] = passed_over  # the plan's scan is over
    other: list[Document] = []  # not kept from `current`: read again, or new to it
    # The files read since the last commit, written together, and where their documents are.
    writes: list[tuple[str, CachedFile, list[Encoded], bool]] = []
    written: list[tuple[int, list[Encoded]]] = []
    kept = 0
    sent = 0
    total = len(plan)
    now = time.time_ns()
    try:
        for i, (root, file, doc_id, fresh) in enumerate(plan):
            if cancelled is not None and cancelled():
                break
            docs: list[Document] = []
            if fresh and file in held:
                docs = held.get(file)
                kept += len(docs)
            elif fresh and cache is not None and file in metadata:
                docs = [lazy(cache, columns, columns.append(row)) for row in metadata[file]]
            else:
                # A file the cache answered for but holds no row of (another process wrote
                # meanwhile) is read here, alone.
                read, bad, digest = next(parsed) if not fresh else read_file(file, root, doc_id)
                skipped.extend(bad)
                # A file with bad records is not cached: it is read again, and its bad records
                # said again, on every start until it is mended.
                st = stats.get(file)
                if read and not bad and cache is not None and st is not None:
                    racy = now - st.st_mtime_ns < RACY_NS
                    mtime = -1 if racy else st.st_mtime_ns
                    cached = CachedFile(st.st_size, mtime, doc_id, digest)
                    stored = [encode(doc) for doc in read]
                    writes.append((file, cached, stored, file in known))
                    written.append((len(documents), stored))
                    # Held by the cache once written: memory keeps the metadata, not the body.
                    rows = [[*e.meta, seq, e.passage_count] for seq, e in enumerate(stored)]
                    docs = [lazy(cache, columns, columns.append(row)) for row in rows]
                else:
                    docs = [decode(doc) for doc in read]
            if not (fresh and file in held):
                other.extend(docs)
            documents.extend(docs)
            if i % 500 == 499 or i + 1 == total:
                _write(cache, writes, written, documents)
                _commit(cache)  # before the documents are shown: their bodies are then readable
                if batch is not None and len(documents) > sent:
                    batch(documents[sent:])
                    sent = len(documents)
                if progress is not None:
                    progress(i + 1, total)
        else:  # every file looked at: what is gone is known, the snapshot is whole
            if cache is not None:
                gone = set(known) - {file for _, file, *_ in plan}
                _finish(cache, gone, documents, skipped, columns)
    finally:
        parsed.close()
    # Only the documents not kept from `current` can be new or changed. A file read again
    # as it was (one with bad records is never cached) changed nothing.
    before = current.by_id if current is not None else {}
    again = [d for d in other if d.id in before]
    changed = [d.id for d in again if _changed(d, before[d.id])]
    removed = [] if kept + len(again) == len(before) else _removed(before, documents)
    return Refresh(
        documents,
        skipped,
        added=[d.id for d in other if d.id not in before],
        removed=removed,
        changed=changed,
    )


def _changed(new: Document, old: Document) -> bool:
    """Whether a document read again differs from the one listed (a file never cached, one
    with bad records, is read again on every start). What is compared is what the list holds
    (a file rewritten within its mtime's tick keeps its size and mtime)."""
    return _listed_as(new) != _listed_as(old)


def _listed_as(doc: Document) -> tuple[object, ...]:
    return (doc.size, doc.mtime, doc.title, doc.date, doc.words, doc.passage_count)


def with_ids(found: Iterable[Found], roots: tuple[str, ...]) -> Iterator[Found]:
    """The files a scan found, each with the base id its documents get: with several roots,
    prefixed with its root's name (as a file's root is its folder); a second file of the same
    id gets its path."""
    multi_root = len({r if os.path.isdir(r) else os.path.dirname(r) for r in roots}) > 1
    base_ids: set[str] = set()
    for root, file, doc_id, st in found:
        if multi_root:
            doc_id = f"{os.path.basename(root)}/{doc_id}"
        if doc_id in base_ids:
            doc_id = file
        base_ids.add(doc_id)
        yield root, file, doc_id, st


class _Held:
    """The documents a corpus holds, by file: where a file's run of documents starts (they are
    contiguous, in file order) and, for the few files of several, how many. A list per file
    cost ~15 MB at 100k."""

    def __init__(self, documents: list[Document]) -> None:
        self.documents = documents
        self.start: dict[str, int] = {}
        self.count: dict[str, int] = {}
        for i, doc in enumerate(documents):
            path = doc.path
            first = self.start.setdefault(path, i)
            if first != i:
                self.count[path] = i - first + 1

    def __contains__(self, file: str) -> bool:
        return file in self.start

    def get(self, file: str) -> list[Document]:
        first = self.start.get(file)
        if first is None:
            return []
        docs = self.documents[first : first + self.count.get(file, 1)]
        return docs if all(d.path == file for d in docs[1:]) else []


def _removed(before: dict[str, Document], documents: list[Document]) -> list[str]:
    now = {d.id for d in documents}
    return sorted(i for i in before if i not in now)


def _same_content(cache: CorpusCache | None, st: os.stat_result, file: str) -> bool:
    """Whether a file whose mtime moved (a `touch`, a copy) still holds what was cached."""
    if cache is None:
        return False
    entry = cache.file(file)
    return (
        entry is not None
        and entry.digest is not None
        and entry.size == st.st_size
        and file_digest(file) == entry.digest
    )


def _touch(cache: CorpusCache | None, file: str, st: os.stat_result) -> bool:
    if cache is None:
        return False
    racy = time.time_ns() - st.st_mtime_ns < RACY_NS
    stat = CachedFile(st.st_size, -1 if racy else st.st_mtime_ns, "")
    try:
        if not cache.conn.in_transaction:
            cache.conn.execute("BEGIN IMMEDIATE")
        cache.touch(file, stat, st.st_mtime)
    except sqlite3.Error:
        return False
    return True


def _rows_of(columns: Columns, documents: list[Document]) -> bool:
    """Whether `documents` are the rows of `columns`, all and in order."""
    kind = columns.kind
    return len(columns) == len(documents) and all(
        type(doc) is kind and doc.row == i for i, doc in enumerate(documents)
    )


def _seq_count(doc: Document) -> tuple[int, int]:
    """A document's row in its file and passage count (a document not cached: its own)."""
    if isinstance(doc, LazyDocument):
        return doc.key[1], doc.passage_count
    return -1, len(doc.passages)


def _known(cache: CorpusCache | None) -> dict[str, tuple[int, int, str]]:
    """The files the cache holds: (size, mtime in ns, base id) by path."""
    if cache is None:
        return {}
    if cache.snapshot_files is not None:  # read with the snapshot, just now
        known, cache.snapshot_files = files_table(cache.snapshot_files), None
        return known
    try:
        return cache.files()
    except sqlite3.Error:
        return {}


def _metadata(cache: CorpusCache | None) -> dict[str, list[list[Any]]]:
    if cache is None:
        return {}
    try:
        return cache.metadata()
    except sqlite3.Error:
        return {}


def _write(
    cache: CorpusCache | None,
    writes: list[tuple[str, CachedFile, list[Encoded], bool]],
    written: list[tuple[int, list[Encoded]]],
    documents: list[Document],
) -> None:
    """Write the files read since the last commit (committed by `_commit`); when the cache
    refuses (locked, read-only), their documents are held whole: this start parsed them, the
    next one tries again."""
    if writes and cache is not None:
        try:
            if not cache.conn.in_transaction:
                cache.conn.execute("BEGIN IMMEDIATE")
            cache.conn.execute("SAVEPOINT batch")  # a batch written whole or not at all
            try:
                cache.store_many(writes)
            except sqlite3.Error:
                with suppress(sqlite3.Error):
                    cache.conn.execute("ROLLBACK TO batch")
                raise
            finally:
                with suppress(sqlite3.Error):
                    cache.conn.execute("RELEASE batch")
        except sqlite3.Error:
            for at, encoded in written:
                documents[at : at + len(encoded)] = [decode(doc) for doc in encoded]
    writes.clear()
    written.clear()


def _commit(cache: CorpusCache | None) -> None:
    if cache is not None and cache.conn.in_transaction:
        try:
            cache.conn.execute("COMMIT")
        except sqlite3.Error:
            cache.conn.execute("ROLLBACK")


def _finish(
    cache: CorpusCache,
    gone: set[str],
    documents: list[Document],
    skipped: list[SkippedFile],
    made: Columns | None = None,
) -> None:
    """Drop the files gone; write the snapshot a warm start reads when any write dropped it.
    `made`: the columns this load made rows in, stored as they are when every document is
    their row, in order (a cold build: ~10 % of its loader's time, rows made twice)."""
    try:
        if not cache.conn.in_transaction:
            cache.conn.execute("BEGIN IMMEDIATE")
        cache.forget(gone)
        if not cache.has_snapshot():
            columns = made if made is not None and _rows_of(made, documents) else None
            if columns is None:
                columns = Columns()
                for doc in documents:
                    columns.append(row_of(doc, *_seq_count(doc)))
            skips = [(s.path, s.reason) for s in skipped]
            cache.save_snapshot(columns.stored(), skips, stored_orders(columns))
        cache.conn.execute("COMMIT")
    except sqlite3.Error:
        if cache.conn.in_transaction:
            cache.conn.execute("ROLLBACK")
