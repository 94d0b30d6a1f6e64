"""Extraction of many documents in worker processes, for corpora too large for one core.

The extractor is sent to each worker once (initializer), documents go in chunks, and the
caller hears of each finished chunk (progress) and may stop between chunks (cancelled).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from tui.core.entities.extractor import EntityExtractor
from tui.core.entities.packed import Row
from tui.core.models import Document
from tui.core.processes import lower_priority, tracker_running

# Below this many documents to extract, starting processes costs more than it saves.
PARALLEL_FROM = 4000
CHUNK = 250

_worker_extractor: EntityExtractor | None = None


def _init(extractor: EntityExtractor) -> None:
    global _worker_extractor
    _worker_extractor = extractor
    # Two workers on two cores left the UI's thread waiting for a core (frame gaps): they
    # yield it (DOSSIER_NICE; a process of the workers' own, so no lock is held across).
    lower_priority()


def _extract_chunk(docs: list[Document]) -> list[tuple[str, list[Row]]]:
    assert _worker_extractor is not None
    return [
        (
            d.id,
            [
                (m.passage, m.start, m.end, m.surface, m.name, m.type)
                for m in _worker_extractor.extract(d)
            ],
        )
        for d in docs
    ]


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def extract_parallel(
    docs: list[Document],
    extractor: EntityExtractor,
    workers: int,
    done: Callable[[int], None],
    cancelled: Callable[[], bool],
) -> Iterator[tuple[str, list[Row]]]:
    """(document id, its mentions as rows) for every document, in no set order; `done(n)` after each
    chunk of n; stops early (yielding no more) once `cancelled()` says so."""
    chunks = [docs[i : i + CHUNK] for i in range(0, len(docs), CHUNK)]
    # forkserver: the workers do not inherit the caller's threads (a UI may have several).
    ctx = multiprocessing.get_context("forkserver")
    tracker_running()  # a UI's captured stderr would stop the pool from starting
    with ProcessPoolExecutor(workers, ctx, initializer=_init, initargs=(extractor,)) as pool:
        pending: set[Future[list[tuple[str, list[Row]]]]] = set()
        queue = iter(chunks)
        for chunk in queue:
            pending.add(pool.submit(_extract_chunk, chunk))
            if len(pending) >= workers * 2:
                break
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                out = fut.result()
                yield from out
                done(len(out))
            if cancelled():
                for fut in pending:
                    fut.cancel()
                return
            for chunk in queue:
                pending.add(pool.submit(_extract_chunk, chunk))
                if len(pending) >= workers * 2:
                    break
