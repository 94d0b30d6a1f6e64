"""The passage index keeps no page cache once a refresh or its warm-up is through: a cold build
filled SQLite's 32 MB page cache, which the app held for its life (measured on gen-10000)."""

from __future__ import annotations

import ctypes
import random
from pathlib import Path

import pytest

from tui.core.corpus import load_corpus
from tui.core.search import SqliteIndex


def _sqlite_memory_used() -> int:
    """Bytes SQLite has allocated in this process (`sqlite3_memory_used`), from the library
    the sqlite3 module uses."""
    import _sqlite3

    try:
        lib = ctypes.CDLL(_sqlite3.__file__)
        used = lib.sqlite3_memory_used
    except (OSError, AttributeError):
        pytest.skip("sqlite3_memory_used is not reachable from this Python's sqlite3")
    used.restype = ctypes.c_int64
    return int(used())


def _corpus(folder: Path, n: int = 1200) -> Path:
    """`n` documents of made-up words: an index of several MB of pages."""
    rng = random.Random(7)
    words = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(7)) for _ in range(20000)
    ]
    folder.mkdir()
    for k in range(n):
        paragraphs = [f"Title number {k}"] + [
            " ".join(rng.choice(words) for _ in range(80)) + "." for _ in range(8)
        ]
        (folder / f"doc{k:04d}.txt").write_text("\n\n".join(paragraphs))
    return folder


def test_a_refresh_and_its_warm_up_leave_no_pages_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_CORPUS_CACHE", "0")  # no corpus cache's pages counted here
    corpus = load_corpus([_corpus(tmp_path / "corpus")])
    before = _sqlite_memory_used()
    index = SqliteIndex(tmp_path / "index.sqlite")
    try:
        index.refresh(corpus)
        after_refresh = _sqlite_memory_used() - before
        index.warm()
        after_warm = _sqlite_memory_used() - before
        assert index.query("number", limit=5)  # still answers, reading its pages again
    finally:
        index.close()
    # Without the release: ~4.5 MB held after the refresh; with it ~0.6 MB (the schema, the
    # prepared statements, the open connection).
    assert after_refresh < 1_500_000
    assert after_warm < 1_500_000
