"""Worker processes started from a program whose stderr is not a file.

A full-screen UI replaces `sys.stderr` with an object whose `fileno()` is -1 (Textual's print
capture). Python's multiprocessing starts its resource tracker (needed by every process pool)
passing `sys.stderr.fileno()` to the new process, and fails on -1: "bad value(s) in
fds_to_keep". `tracker_running()` starts the tracker first with a stderr that is a file
(/dev/null), so a pool started later from any thread finds it running.
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
