"""Memory after a large build: what it freed given back to the system, and what it made kept
out of the garbage collector's full passes (below).

A cold build (entities, the related rows, the passage index, the search index) allocates and
frees hundreds of MB in worker threads. glibc's allocator keeps what was freed (an arena per
thread, free pages between live blocks) for later allocations, so the app stayed at the size
of its largest build: 1.4 GB after a cold start at 100k documents, against 460 MB when started
warm. `release_free_memory()` asks glibc to return it (`malloc_trim`), a few milliseconds; it
does nothing where there is no glibc, or when `DOSSIER_MALLOC_TRIM=0`.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable
from functools import cache

ENV = "DOSSIER_MALLOC_TRIM"


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # here: the app imports this module before its first frame

    try:
        trim: Callable[[int], int] = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
    return trim


def release_free_memory() -> bool:
    """Give the memory the allocator holds free back to the system; True if it was asked."""
    if os.environ.get(ENV) == "0":
        return False
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


# -- the collector's full passes ----------------------------------------------------------------
#
# Python's cyclic garbage collector runs a full pass over every tracked object once the objects
# that survived its young passes grow by a quarter. Whichever thread triggers it holds the
# interpreter throughout: on a cold start of bbc-news, passes of 60-85 ms (the imported modules,
# the DOM, the corpus's documents, the entity lexicon, the extraction's run decisions), each a
# frame the UI could not draw. Objects alive at a milestone (start-up done, a stage built) live
# as long as the app, so `keep_alive_objects` moves them out of the collector's sight
# (`gc.freeze`, constant time), after a pass over the young objects only: later full passes
# look only at what came after. A cycle of frozen objects that dies later is not collected:
# ~6,500 objects more at the exit of a gen-10000 cold run (~12,000 without the young pass);
# `DOSSIER_GC_FREEZE=0` turns it off.

ENV_FREEZE = "DOSSIER_GC_FREEZE"


def keep_alive_objects() -> bool:
    """Leave every object alive now out of the collector's later passes; True if done."""
    if os.environ.get(ENV_FREEZE) == "0" or _paused:
        return False  # paused: `resume_collection` does it
    gc.collect(1)  # young cycles already dead are freed, not frozen (a millisecond or two)
    gc.freeze()
    return True


# -- start-up -------------------------------------------------------------------------------------
#
# While the app starts, the collector's young passes look again and again at the objects of
# every module being imported and of the first screen, which live as long as the app: ~120
# passes before the first frame of the seeds, ~5 % of the instructions to it (callgrind). The
# CLI pauses the automatic passes before it imports the app; the main screen resumes them once
# its first list is shown (or the load failed, or a slow load lists its first documents), and
# what start-up made is then looked at once and frozen (a pass over everything alive: ~2 % of
# the instructions to the list, which would otherwise wait for it).

_paused = False


def pause_collection() -> None:
    """No automatic pass of the collector till `resume_collection` (if it was on)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_collection() -> None:
    """The automatic passes back on, if `pause_collection` turned them off, after one pass
    over what was made meanwhile (`keep_alive_objects`)."""
    global _paused
    if _paused:
        _paused = False
        keep_alive_objects()
        gc.enable()


def every(seconds: float, action: Callable[[], object]) -> Callable[[], None]:
    """A callable running `action` at most once every `seconds` (for a build's progress)."""
    due = [time.monotonic() + seconds]

    def maybe() -> None:
        now = time.monotonic()
        if now >= due[0]:
            due[0] = now + seconds
            action()

    return maybe
