"""Fixtures for the unit tests: `make`, a search backend of each kind over files it writes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tui.core.corpus import load_corpus
from tui.core.search import MemoryBackend, SearchBackend, SqliteIndex

BACKENDS: dict[str, Callable[[Path], SearchBackend]] = {
    "sqlite": lambda folder: SqliteIndex(folder / "index.sqlite"),
    "memory": lambda folder: MemoryBackend(),
}


@pytest.fixture(params=sorted(BACKENDS))
def make(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[..., SearchBackend]]:
    """build({name: body}) -> a backend holding those files (a title line, then the body)."""
    made: list[SearchBackend] = []

    def build(files: dict[str, str]) -> SearchBackend:
        folder = tmp_path / "corpus"
        folder.mkdir()
        for name, body in files.items():
            (folder / name).write_text(f"{name}\n\n{body}\n", encoding="utf-8")
        backend = BACKENDS[request.param](tmp_path)
        backend.refresh(load_corpus([folder]))
        made.append(backend)
        return backend

    yield build
    for b in made:
        b.close()
