"""Several threads of one process calling one Store at once (the UI's workers) lose nothing."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tui.core.store import Bookmark, Store, StoreError

THREADS = 6
ROUNDS = 25
ROOT = "/corpus"
SHARED_TEXT = "A passage every thread bookmarks and unbookmarks in turn."


def run_together(
    work: Callable[[int], list[tuple[bool, Bookmark]]],
) -> list[list[tuple[bool, Bookmark]]]:
    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(work, range(THREADS)))


def test_threads_hammering_add_toggle_positions_and_list_agree(tmp_path: Path) -> None:
    store = Store(tmp_path / "dossier.sqlite")
    start = threading.Barrier(THREADS)
    listed: list[int] = []

    def work(n: int) -> list[tuple[bool, Bookmark]]:
        toggles: list[tuple[bool, Bookmark]] = []
        start.wait()
        for i in range(ROUNDS):
            _, created = store.add(ROOT, f"t{n}.txt", i + 1, f"thread {n} passage {i}", note=f"{n}")
            assert created
            toggles.append(store.toggle(ROOT, "shared.txt", 1, SHARED_TEXT))
            store.save_position(ROOT, f"t{n}.txt", i + 1, ROUNDS)
            store.save_position(ROOT, "shared.txt", 1 + (i * 7 + n) % ROUNDS, ROUNDS)
            marks = store.list(ROOT)
            assert len({b.id for b in marks}) == len(marks)
            listed.append(len(marks))
        return toggles

    try:
        toggles = [t for per_thread in run_together(work) for t in per_thread]
        own = [b for b in store.list(ROOT) if b.doc != "shared.txt"]
        assert len(own) == THREADS * ROUNDS
        for n in range(THREADS):
            mine = sorted(b.passage for b in own if b.doc == f"t{n}.txt")
            assert mine == list(range(1, ROUNDS + 1))
            assert {b.note for b in own if b.doc == f"t{n}.txt"} == {str(n)}
        # Each toggle flipped the shared bookmark once: adds minus removals is what is left.
        added = sum(1 for was_added, _ in toggles if was_added)
        removed = len(toggles) - added
        shared = store.for_document(ROOT, "shared.txt")
        assert len(shared) == added - removed
        assert len(shared) == 0  # an even number of toggles in all
        positions = store.positions(ROOT)
        for n in range(THREADS):
            assert positions[(ROOT, f"t{n}.txt")].passage == ROUNDS
        assert positions[(ROOT, "shared.txt")].percent == max(
            round(100.0 * (1 + (i * 7 + n) % ROUNDS) / ROUNDS, 1)
            for i in range(ROUNDS)
            for n in range(THREADS)
        )
        assert len(listed) == THREADS * ROUNDS and max(listed) <= THREADS * ROUNDS + 1
        assert store.integrity() == "ok"
    finally:
        store.close()


def test_a_call_after_close_raises_store_error(tmp_path: Path) -> None:
    # A worker that finishes after the app closed the store gets an error it already handles.
    store = Store(tmp_path / "dossier.sqlite")
    store.add(ROOT, "a.txt", 1, SHARED_TEXT)
    store.close()
    with pytest.raises(StoreError, match="could not read"):
        store.count()
    with pytest.raises(StoreError, match="could not save"):
        store.save_position(ROOT, "a.txt", 1, 2)
