"""Reading the files a cache cannot answer for: one by one, or in a process pool when many.

`read_file` is the one place a file becomes its 1..n Documents for the cached loader.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import threading
from collections import deque
from collections.abc import Callable, Generator, Sequence
from itertools import islice
from typing import Any, TypeVar

from tui.core.corpus.cache import META_FIELDS, Encoded, decode, encode
from tui.core.corpus.files import is_utf8_name, printable_name, read_parsed
from tui.core.corpus.parse import Parsed
from tui.core.models import Document, PassageKind, SkippedFile, Span

# Processes to parse a cold build with (1: in this process). By default one a core, at most
# MAX_WORKERS: the workers send back documents encoded as the cache writes them, and this
# process only writes. Measured on gen-10000, 2 cores at load 9-11 from other sessions: no
# faster than one process (15.8 s against 15.3 s, ~8 % more CPU), as Linux gives a session's
# processes one share between them; the parse is split only where cores are free. (With
# Documents pickled back, as before, a pool took 1.4-1.9x as long.) Again with the parse 1.6x
# cheaper, at load 3.6: 3.3 s against 3.0 s. The loader's own share (scan, SQLite, rows) is
# ~1.0 s of the 3.0 s CPU: on two free cores, two parsers would bring the build near 1.5 s.
ENV_WORKERS = "DOSSIER_PARSE_WORKERS"
MAX_WORKERS = 4
POOL_MIN_FILES = 2000  # fewer files are read faster than a pool starts
CHUNK = 200  # files per task: few round trips, and results still arrive in order soon

# A file's documents, what of it is skipped (a file of records may give both) and the hash of
# the bytes they were read from (None when nothing was read).
# With `encode`, the documents come as the cache writes them.
Result = tuple[Sequence[Document | Encoded], list[SkippedFile], str | None]
Job = tuple[str, str, str]  # (file, root, base id)


def read_file(file: str, root: str, doc_id: str, encoded: bool = False) -> Result:
    """A file's documents (a JSON Lines file may hold several), what of it is skipped and the
    hash of its bytes (the file is read once). `encoded`: the documents as the cache writes
    them, made from the parse without a Passage object each (~15 % of a cold build).
    `file` and `root` as the scan gives them (absolute, normalised)."""
    if not is_utf8_name(doc_id):  # ids go into caches, the index and JSON: no lone bytes
        reason = "the file name is not UTF-8: rename it"
        return [], [SkippedFile(printable_name(file), reason)], None
    parsed, skipped, data = read_parsed(os.fspath(file), os.fspath(root), doc_id=doc_id)
    docs = [_encoded(p) if encoded else p.document() for p in parsed]
    return docs, skipped, content_digest(data) if data is not None else None


_KIND_VALUES = {kind: kind.value for kind in PassageKind}  # marshal takes no StrEnum


def _encoded(parsed: Parsed) -> Encoded:
    """`cache.encode(parsed.document())`, without the Document: the same meta, the same body."""
    fields = parsed.fields
    meta = [fields[name] for name in META_FIELDS]
    body = marshal.dumps(
        tuple(
            [  # a list made, then a tuple of it: ~1.5x faster than a tuple of a generator
                (text, _KIND_VALUES[kind], level, _spans(spans) if spans else ())
                for text, kind, level, spans in parsed.blocks
            ]
        )
    )
    return Encoded(meta, _JSON.encode(meta), body, len(parsed.blocks))


def _spans(spans: tuple[Span, ...]) -> tuple[tuple[int, int, str], ...]:
    return tuple((s.start, s.end, s.style) for s in spans)


_JSON = json.JSONEncoder(ensure_ascii=False)  # json.dumps(…, ensure_ascii=False) makes one a call


def content_digest(data: bytes) -> str:
    """The hash the cache keeps of a file's bytes (as `cache.file_digest` reads it)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


# A file's result as a pool's worker sends it: the documents as plain tuples (an Encoded's
# fields). A named tuple is pickled through a Python call each way: sent as plain tuples, a
# generated document costs ~7 us less to send (~15 -> ~7) and ~1 us less to receive.
Sent = tuple[list[tuple[Any, ...]], list[SkippedFile], str | None]


def _read_chunk(jobs: list[Job]) -> list[Sent]:
    """A pool worker's task: each job's result, its documents encoded as plain tuples."""
    results: list[Sent] = []
    for job in jobs:
        docs, bad, digest = read_file(*job, encoded=True)
        results.append(([tuple(encode(doc)) for doc in docs], bad, digest))
    return results


def pool_size(n_files: int) -> int:
    """How many processes to read `n_files` with (1: in this process)."""
    wanted = os.environ.get(ENV_WORKERS, "")
    size = int(wanted) if wanted.isdigit() else min(os.cpu_count() or 1, MAX_WORKERS)
    return size if n_files >= POOL_MIN_FILES and size > 1 else 1


def parse_files(jobs: list[Job], encoded: bool = False) -> Generator[Result, None, None]:
    """Each job's result, in the order given; lazily, so a caller can list documents as they
    come and stop early (closing the generator stops the pool). `encoded`: a pool's workers
    return the documents as the cache writes them (cheaper to send back than Documents)."""
    if pool_size(len(jobs)) == 1:
        for job in jobs:
            yield read_file(*job, encoded=encoded)
        return
    # Encoded either way: ~3x cheaper to send than Documents (a pickled dataclass a passage).
    chunks = in_pool(jobs, _read_chunk)
    try:
        for results in chunks:
            for sent, bad, digest in results:
                docs = [Encoded._make(doc) for doc in sent]
                yield (docs if encoded else [decode(d) for d in docs]), bad, digest
    finally:
        chunks.close()


T = TypeVar("T")


def in_pool(
    jobs: list[Job], task: Callable[[list[Job]], list[T]]
) -> Generator[list[T], None, None]:
    """`task`'s results for each chunk of `jobs`, in order, from a pool of `pool_size`
    processes (in this process when it is 1 or cannot start). Lazy: closing the generator
    stops it."""
    workers = pool_size(len(jobs))
    every = [jobs[i : i + CHUNK] for i in range(0, len(jobs), CHUNK)]
    if workers == 1:
        for chunk in every:
            yield task(chunk)
        return
    import multiprocessing  # only for a pool: ~15 ms of every start otherwise
    from concurrent.futures import ProcessPoolExecutor

    # Fork only from a process with one thread (the CLI): the app loads in a thread of a
    # threaded process, where fork is unsafe. There the workers come from the forkserver (one
    # clean process, started once, which the entity pool then uses too): spawn paid an
    # interpreter's start a worker (bbc-news cold, loaded from a thread: 0.50-0.73 s with
    # spawn, 0.46-0.48 s with the forkserver, 3 runs each at load ~2).
    alone = threading.active_count() == 1 and threading.current_thread() is threading.main_thread()
    methods = multiprocessing.get_all_start_methods()
    method = "fork" if alone and os.name == "posix" else "forkserver"
    context = multiprocessing.get_context(method if method in methods else "spawn")
    if context.get_start_method() == "fork":  # forked workers inherit the parse's modules
        import tui.core.corpus.lead
        import tui.core.corpus.text_format  # noqa: F401
    chunks = iter(every)
    from tui.core.processes import tracker_running

    try:
        tracker_running()  # a UI's captured stderr would stop the pool from starting
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        # A few chunks ahead of the reader, not all: a loader slower than its parsers would
        # otherwise hold the whole corpus's results in memory.
        pending = deque(pool.submit(task, chunk) for chunk in islice(chunks, 2 * workers))
    except (OSError, ValueError):  # no processes here (a test's replaced stdio, limits)
        for chunk in every:
            yield task(chunk)
        return
    try:
        while pending:
            results = pending.popleft().result()
            following = next(chunks, None)
            if following is not None:
                pending.append(pool.submit(task, following))
            yield results
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
