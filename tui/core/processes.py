"""Worker processes started from a program whose stderr is not a file; background work that
yields the CPU to the UI.

A full-screen UI replaces `sys.stderr` with an object whose `fileno()` is -1 (Textual's print
capture). Python's multiprocessing starts its resource tracker (needed by every process pool)
passing `sys.stderr.fileno()` to the new process, and fails on -1: "bad value(s) in
fds_to_keep". `tracker_running()` starts the tracker first with a stderr that is a file
(/dev/null), so a pool started later from any thread finds it running.

`lower_priority()`, called by each entity-extraction pool worker: the pool's processes compete
with the UI's thread for the two cores; at a lower priority (nice +10) the UI's thread is
scheduled first whenever it has something to do. Not for threads of the UI's process: a thread
at a lower priority that holds the interpreter (the GIL) while other processes run keeps the
UI's thread waiting behind it (a priority inversion: tried on the index and entity threads, the
longest frame gaps grew).
"""

from __future__ import annotations

import os
import sys
import threading

_LOCK = threading.Lock()


def _stderr_is_a_file() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        return False


def tracker_running() -> None:
    """Make sure multiprocessing's resource tracker runs (a no-op when it does, or when the
    program's stderr is a file: the pool then starts it itself)."""
    if os.name != "posix" or _stderr_is_a_file():
        return
    from multiprocessing import resource_tracker

    with _LOCK, open(os.devnull, "w") as devnull:
        captured, sys.stderr = sys.stderr, devnull
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = captured


BACKGROUND_NICE = 10  # how much lower background work runs (a nice value: 0..19)


def background_nice() -> int:
    """How many nice steps background work yields: DOSSIER_NICE (0 keeps it level with the UI),
    default BACKGROUND_NICE."""
    raw = os.environ.get("DOSSIER_NICE", "")
    try:
        return max(0, min(19, int(raw))) if raw.strip() else BACKGROUND_NICE
    except ValueError:
        return BACKGROUND_NICE


def lower_priority(by: int | None = None) -> bool:
    """Let the calling thread (a pool worker process's only one), and the processes it starts
    from now on, yield the CPU to the UI's thread: Linux keeps a nice value per thread. It can
    only be lowered, never raised back. False where nothing was changed (other systems, or
    `by` 0)."""
    by = background_nice() if by is None else by
    if by <= 0 or not sys.platform.startswith("linux"):
        return False
    tid = threading.get_native_id()
    try:
        now = os.getpriority(os.PRIO_PROCESS, tid)
        os.setpriority(os.PRIO_PROCESS, tid, min(19, now + by))
    except OSError:
        return False
    return True
