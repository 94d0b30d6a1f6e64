"""Work on many documents in worker processes, a chunk at a time, for corpora too large for one
core: entity extraction, a related rebuild's document features, the passage index's term sets.

The workers come from the forkserver (they do not inherit the caller's threads: a UI has
several), each set up once (`initializer`) and at a lower priority than the UI's thread. A few
chunks are in flight, not all: a caller slower than its workers would otherwise hold the whole
corpus's results. Results come back in the order of the items, so that what the caller numbers
as it goes is numbered the same on every run; the caller hears of each chunk taken (`done`) and
may stop between chunks (`cancelled`).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from tui.core.processes import lower_priority, tracker_running

T = TypeVar("T")
R = TypeVar("R")

# From this many documents, in processes (as the corpus parse, whose forkserver they reuse).
# bbc-news's 2,225, one document at a time here or in the pool (entities, related rows, passage
# index; 2 alternating runs, load ~3-3.7): this process's CPU 6.7 -> 2.2 s, wall 7.4-8.7 ->
# 6.4-6.8 s; with 1,021 documents the pool took 0.1-1.1 s longer, this process 2 s less.
PARALLEL_FROM = 2000
CHUNK = 250


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _start(owner: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    # Two workers on two cores left the UI's thread waiting for a core (frame gaps): they
    # yield it (DOSSIER_NICE; a process of the workers' own, so no lock is held across).
    lower_priority()
    threading.Thread(target=_end_with, args=(owner,), daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


def _end_with(owner: int, every: float = 0.5) -> None:
    """End this worker once the process that started the pool is gone. The forkserver is the
    workers' parent, not the app: when the app quit during a first build, they went on with
    their chunks, then waited for more for ever (the queue's pipe is theirs too, so it never
    ends), at 100 % of both cores until their chunks were through."""
    while True:
        time.sleep(every)
        if _gone(owner):
            os._exit(0)


def _gone(pid: int) -> bool:
    """Whether process `pid` has ended (a zombie, not yet reaped by its parent, included)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # the pid, taken by a process of another user's
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except (OSError, IndexError):
        return False  # no /proc here: alive, as far as can be told


def map_chunks(
    task: Callable[[list[T]], list[R]],
    items: Sequence[T],
    workers: int,
    done: Callable[[int], None],
    cancelled: Callable[[], bool],
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    chunk: int = CHUNK,
) -> Iterator[R]:
    """`task`'s result for every item, in the items' order, `task` given chunks of `chunk`
    items in `workers` processes; `done(n)` after each chunk of n is taken; stops early
    (yielding no more) once `cancelled()` says so."""
    chunks = iter([list(items[i : i + chunk]) for i in range(0, len(items), chunk)])
    ctx = multiprocessing.get_context("forkserver")
    tracker_running()  # a UI's captured stderr would stop the pool from starting
    with ProcessPoolExecutor(
        workers, ctx, initializer=_start, initargs=(os.getpid(), initializer, initargs)
    ) as pool:
        pending: deque[Future[list[R]]] = deque(
            pool.submit(task, chunk) for _, chunk in zip(range(2 * workers), chunks, strict=False)
        )
        while pending:
            out = pending.popleft().result()
            following = next(chunks, None)
            if following is not None:
                pending.append(pool.submit(task, following))
            yield from out
            done(len(out))
            if cancelled():
                for fut in pending:
                    fut.cancel()
                return
