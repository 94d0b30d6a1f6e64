"""Extraction of many documents in worker processes (`tui.core.pool`), for corpora too large
for one core: the extractor is sent to each worker once, documents go in chunks."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from tui.core.entities.extractor import EntityExtractor
from tui.core.entities.packed import Row
from tui.core.models import Document
from tui.core.pool import PARALLEL_FROM, default_workers, map_chunks

__all__ = ["PARALLEL_FROM", "default_workers", "extract_parallel"]

_worker_extractor: EntityExtractor | None = None


def _init(extractor: EntityExtractor) -> None:
    global _worker_extractor
    _worker_extractor = extractor


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


def extract_parallel(
    docs: list[Document],
    extractor: EntityExtractor,
    workers: int,
    done: Callable[[int], None],
    cancelled: Callable[[], bool],
) -> Iterator[tuple[str, list[Row]]]:
    """(document id, its mentions as rows) for every document, in the documents' order;
    `done(n)` after each chunk of n; stops early (yielding no more) once `cancelled()` says
    so."""
    return map_chunks(_extract_chunk, docs, workers, done, cancelled, _init, (extractor,))
