"""What the index needs of each document it (re)indexes, prepared ahead of the SQLite writes.

Reading a document's passages back from the corpus cache, hashing and folding them is pure
Python; FTS5 cutting and writing them runs in SQLite with the GIL released. In a bulk build a
thread prepares the next documents while the index writes the last ones, so both cores work.
"""

from __future__ import annotations

import itertools
import queue
import threading
import unicodedata
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass

from tui.core.models import Document
from tui.core.search.freshness import text_hash
from tui.core.search.matching import drop_zero_width

AHEAD = 256  # documents prepared ahead of the writer at most (bounds the memory held)


def fts_text(text: str) -> str:
    """What FTS5 is given for a passage: case-folded, NFKC-normalised and without
    zero-width characters, so that its tokenizer cuts words as `query.TOKEN` cuts folded
    text ("ﬁnance" is "finance", "Straße" is "strasse", "Ber\u200blin" is "berlin")."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", drop_zero_width(text).casefold())


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document to write: its content hash and its passages as FTS5 is given them."""

    digest: str
    indexed: list[str]


def prepare(doc: Document) -> Prepared:
    texts = [p.text for p in doc.passages]
    return Prepared(text_hash(doc.title, texts), [fts_text(t) for t in texts])


def prepared(
    docs: Sequence[Document], needed: Callable[[Document], bool], threaded: bool
) -> Generator[Prepared | None, None, None]:
    """For each of `docs`, in order, its `Prepared` when `needed(doc)`, else None, computed
    in a thread ahead of the consumer; closing the iterator stops it. Without `threaded`,
    None for each: the consumer prepares the few it needs (asking `needed` of 100k documents
    would cost a refresh of one changed file ~0.1 s)."""
    if not threaded:
        yield from itertools.repeat(None, len(docs))
        return
    ahead: queue.Queue[tuple[Prepared | None, BaseException | None]] = queue.Queue(AHEAD)
    stop = threading.Event()

    def offer(entry: tuple[Prepared | None, BaseException | None]) -> bool:
        while not stop.is_set():
            try:
                ahead.put(entry, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False  # the consumer is gone

    def work() -> None:
        try:
            for doc in docs:
                if not offer((prepare(doc) if needed(doc) else None, None)):
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            offer((None, exc))

    thread = threading.Thread(target=work, name="index-prepare", daemon=True)
    thread.start()
    try:
        for _ in range(len(docs)):
            item, error = ahead.get()
            if error is not None:
                raise error
            yield item
    finally:
        stop.set()
        thread.join()
