"""Memory a build freed in a worker thread goes back to the system when asked."""

from __future__ import annotations

import threading

import pytest

from tui.core import memory


def _resident_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


@pytest.mark.skipif(memory._malloc_trim() is None, reason="needs glibc's malloc_trim (Linux)")
def test_memory_freed_by_a_thread_is_given_back() -> None:
    """As a build does: blocks too large for Python's own small-object allocator, made and
    mostly freed in a thread (glibc gives it an arena of its own), a few kept among them."""
    kept: list[bytes] = []

    def build() -> None:
        blocks = [bytes(2048) + i.to_bytes(4, "little") for i in range(40_000)]  # ~80 MB
        kept.extend(blocks[::50])  # a few live blocks keep the freed ones from the heap's top

    worker = threading.Thread(target=build)
    worker.start()
    worker.join()
    before = _resident_mb()
    assert memory.release_free_memory()
    after = _resident_mb()
    assert before - after > 30, (before, after)
    assert len(kept) == 800


def test_the_release_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(memory.ENV, "0")
    assert not memory.release_free_memory()
