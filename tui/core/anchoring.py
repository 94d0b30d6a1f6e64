"""Re-anchoring: finding a bookmark's passage again after its file changed.

In order: the same number with the same text; the same text elsewhere (the passage moved);
the passage whose text best matches the bookmark's quote, when the match is good enough;
otherwise the bookmark is orphaned: kept with its quote and stored number, never moved to a
passage that merely looks a little like it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from tui.core.corpus import load_file, load_records
from tui.core.corpus.files import EXTENSIONS, RECORD_FORMATS
from tui.core.models import Document, Passage
from tui.core.store import Bookmark, quote_of, text_hash

THRESHOLD = 80.0  # rapidfuzz ratio (0-100) a changed passage needs to keep its bookmark
# Quotes shorter than this must match better: short texts look alike by chance.
SHORT_QUOTE = 40
SHORT_THRESHOLD = 92.0


def reanchor(
    bookmarks: Iterable[Bookmark], document: Document | None, threshold: float = THRESHOLD
) -> list[Bookmark]:
    """The bookmarks with their passage's current number, or `orphaned=True`.

    `document` is the current version of the bookmarks' document (None: it is gone).
    """
    if document is None:
        return [replace(b, orphaned=True) for b in bookmarks]
    passages = document.passages
    hashes = [text_hash(p.text) for p in passages]
    return [_anchor(b, passages, hashes, threshold) for b in bookmarks]


Lookup = Callable[[str, str], "Document | None"]  # (root, doc id) -> the current document


def reanchor_all(
    bookmarks: Iterable[Bookmark], lookup: Lookup, threshold: float = THRESHOLD
) -> tuple[list[Bookmark], dict[tuple[str, str], Document | None]]:
    """Re-anchor bookmarks of many documents, in the order given.

    `lookup` gives each (root, doc) once (e.g. from the loaded corpus, else `load_document`);
    returns the bookmarks and the documents looked up (None: gone).
    """
    marks = list(bookmarks)
    groups: dict[tuple[str, str], list[Bookmark]] = {}
    for b in marks:
        groups.setdefault((b.root, b.doc), []).append(b)
    documents = {key: lookup(*key) for key in groups}
    anchored: dict[int, Bookmark] = {}
    for key, group in groups.items():
        for old, new in zip(group, reanchor(group, documents[key], threshold), strict=True):
            anchored[id(old)] = new
    return [anchored[id(b)] for b in marks], documents


def load_document(root: str, doc_id: str) -> Document | None:
    """The current version of a bookmarked document, read from disk (None: it is gone).

    The one function here that reads a file: call it from a worker or the CLI.
    """
    base = Path(root)
    for file in _files_of(base, doc_id):
        loaded = load_file(file, base)
        if isinstance(loaded, Document):
            return replace(loaded, id=doc_id)
    # A record of a JSON Lines file or array: "file.jsonl#key".
    file_id, hash_, _ = doc_id.rpartition("#")
    if hash_ and EXTENSIONS.get(Path(file_id).suffix.lower()) in RECORD_FORMATS:
        for file in _files_of(base, file_id):
            documents, _ = load_records(file, base, doc_id=file_id)
            for doc in documents:
                if doc.id == doc_id:
                    return doc
    return None


def _files_of(base: Path, file_id: str) -> list[Path]:
    """The files an id may name under `base` (multi-root corpora prefix ids with the root's
    name), those that exist."""
    candidates = [base / file_id]
    first, _, rest = file_id.partition("/")
    if rest and first == base.name:
        candidates.append(base / rest)
    return [file for file in candidates if file.is_file()]


def _nearest(candidates: list[int], old: int) -> int:
    return min(candidates, key=lambda n: (abs(n - old), n))


def _anchor(
    b: Bookmark, passages: tuple[Passage, ...], hashes: list[str], threshold: float
) -> Bookmark:
    if b.text_hash:
        if 1 <= b.passage <= len(passages) and hashes[b.passage - 1] == b.text_hash:
            return replace(b, orphaned=False)
        same = [i + 1 for i, h in enumerate(hashes) if h == b.text_hash]
        if same:
            return replace(b, passage=_nearest(same, b.passage), orphaned=False)
    quote = default_process(b.quote.removesuffix("…"))
    if not quote:
        return replace(b, orphaned=True)
    needed = threshold if len(quote) >= SHORT_QUOTE else max(threshold, SHORT_THRESHOLD)
    scores: list[tuple[float, int]] = []
    for p in passages:
        text = default_process(quote_of(p.text).removesuffix("…"))
        score = fuzz.ratio(quote, text, score_cutoff=needed)
        if score:
            scores.append((score, p.number))
    if not scores:
        return replace(b, orphaned=True)
    best = max(s for s, _ in scores)
    # Equal matches (repeated text): the one nearest the old place.
    tied = [n for s, n in scores if s >= best - 0.5]
    return replace(b, passage=_nearest(tied, b.passage), orphaned=False)


def anchored_passages(bookmarks: Iterable[Bookmark]) -> frozenset[int]:
    """The passage numbers that re-anchored bookmarks point at (orphans point nowhere)."""
    return frozenset(b.passage for b in bookmarks if not b.orphaned)
