"""A corpus's list before its first load is over: each file's title, date and metadata, read
from its head, without a word counted, a body written or a hash taken.

A first start of a large corpus parses every file whole and writes the cache (`load_corpus`):
at 100k generated articles ~8 s on two cores, 8x reading the files. The app shows this preview
first (at 100k, 5.2 CPU-s against the build's 14.1: a long plain text is parsed no further than
the paragraphs its metadata can be in, `text_format.head_blocks`), then the corpus the load
gives. Every field the list shows or filters on is the one the whole parse gives; `words` is
estimated from the text's length, and a document's passages, hidden lines and word count come
from its file, parsed whole, when first asked for (the last few kept).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

from tui.core.corpus.cache import META_FIELDS
from tui.core.corpus.cache_load import corpus_roots, make_corpus, with_ids
from tui.core.corpus.cache_parse import CHUNK, Job, in_pool
from tui.core.corpus.cache_rows import COLUMNS, Columns, LazyDocument, rows_of
from tui.core.corpus.files import (
    RECORD_FORMATS,
    file_format,
    is_utf8_name,
    load_path,
    printable_name,
    read_parsed,
    scan_files,
)
from tui.core.listing import order_columns
from tui.core.models import Corpus, Document, Passage, SkippedFile

ENV_PREVIEW = "DOSSIER_PREVIEW_FROM"
# Files from which a first start shows a preview: below, the load itself ends within a second
# or two (bbc-news, 2,225 files: ~0.5 s).
PREVIEW_FROM = 5000
# The share of plain-text files a corpus needs for a preview: only their heads are read alone
# (a web page, a Markdown file or a file of records is parsed whole: a corpus of them would be
# parsed twice before its list, the first time for nothing).
PLAIN_SHARE = 0.9
KEPT = 8  # documents parsed whole, kept for the reader and its panels
_WORDS = META_FIELDS.index("words")
_ID, _TITLE = COLUMNS.index("id"), COLUMNS.index("title")

# A file's rows (COLUMNS order; -1: passages not counted) and what of it is skipped.
Previewed = tuple[list[tuple[Any, ...]], list[SkippedFile]]


def preview_from() -> int:
    """The number of files from which a first start shows a preview (DOSSIER_PREVIEW_FROM)."""
    wanted = os.environ.get(ENV_PREVIEW, "")
    return int(wanted) if wanted.isdigit() else PREVIEW_FROM


def preview_file(file: str, root: str, doc_id: str) -> Previewed:
    """A file's documents' rows as the list needs them, and what of it is skipped (as the
    whole parse says)."""
    if not is_utf8_name(doc_id):  # as `cache_parse.read_file`
        return [], [SkippedFile(printable_name(file), "the file name is not UTF-8: rename it")]
    parsed, skipped, _ = read_parsed(file, root, doc_id, head=True)
    rows = [(*(p.fields[name] for name in META_FIELDS), seq, -1) for seq, p in enumerate(parsed)]
    return rows, skipped


def _preview_chunk(jobs: list[Job]) -> list[tuple[list[tuple[Any, ...]], list[SkippedFile]]]:
    """A pool's task: its files' rows column by column (one tuple a column, transposed in C:
    the loader extends its columns with them), and what of them is skipped."""
    rows: list[tuple[Any, ...]] = []
    skipped: list[SkippedFile] = []
    for job in jobs:
        found, bad = preview_file(*job)
        rows.extend(found)
        skipped.extend(bad)
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in COLUMNS]
    return [(columns, skipped)]


def preview_corpus(
    paths: Iterable[str | os.PathLike[str]],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    least: int = 0,
    plain_share: float = 0.0,
) -> Corpus | None:
    """The corpus under `paths` as its list shows it (see the module's docstring), with its
    list's order by title; None when it has fewer than `least` files, a smaller share than
    `plain_share` of plain-text ones (PLAIN_SHARE: what a preview is worth), or was `cancelled`.
    `progress(done, total)` after each few hundred files. Files are read in a pool of
    processes when there are many (`cache_parse.pool_size`)."""
    path_list, roots = corpus_roots(paths)
    passed_over: list[SkippedFile] = []  # folders the scan did not go into
    found = list(with_ids(scan_files(path_list, stat=False, skipped=passed_over), roots))
    if len(found) < least:
        return None
    plain = sum(1 for _, file, _, _ in found if file_format(file) == "txt")
    if plain < plain_share * len(found):
        return None
    jobs = [(file, root, doc_id) for root, file, doc_id, _ in found]
    columns = Columns()
    skipped = passed_over
    done = 0
    chunks = in_pool(jobs, _preview_chunk)
    try:
        for results in chunks:
            if cancelled is not None and cancelled():
                return None
            for cols, bad in results:
                columns.extend(cols)
                skipped.extend(bad)
            done = min(len(jobs), done + CHUNK)
            if progress is not None:
                progress(done, len(jobs))
    finally:
        chunks.close()
    corpus = make_corpus(roots, preview_documents(columns), skipped)
    corpus.orders["title"] = order_columns("title", columns.cols[_ID], columns.cols[_TITLE])
    return corpus


class PreviewDocument(LazyDocument):
    """A preview's document: its metadata a row of `Columns`; its passages, hidden lines and
    word count from its file, parsed whole when first asked for."""

    __slots__ = ()
    _parsed: ClassVar[OrderedDict[tuple[str, str], Document]] = OrderedDict()
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def whole(self) -> Document:
        """The document as its file gives it now, parsed whole."""
        key = (self.path, self.id)
        with self._lock:
            doc = self._parsed.get(key)
            if doc is not None:
                self._parsed.move_to_end(key)
                return doc
        doc = _parse_whole(self.plain_fields(), self.id, self.path, self.root, self.fmt)
        with self._lock:
            self._parsed[key] = doc
            while len(self._parsed) > KEPT:
                self._parsed.popitem(last=False)
        return doc

    def plain_fields(self) -> list[Any]:
        """Its row's metadata (META_FIELDS order)."""
        return [self._cols[i][self._i] for i in range(len(META_FIELDS))]

    @property
    def passages(self) -> tuple[Passage, ...]:
        return self.whole().passages

    @property
    def passage_count(self) -> int:
        return len(self.passages)

    @property
    def hidden(self) -> tuple[str, ...]:
        return self.whole().hidden

    @property
    def words(self) -> int:
        """Its words, counted once it was parsed whole; till then estimated (`parse`)."""
        with self._lock:
            doc = self._parsed.get((self.path, self.id))
        return doc.words if doc is not None else int(self._cols[_WORDS][self._i])

    @property
    def key(self) -> tuple[str, int]:
        raise TypeError("a preview's document is in no cache")

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        doc = self.whole()
        return Document, tuple(getattr(doc, name) for name in Document.__dataclass_fields__)


def _parse_whole(meta: list[Any], doc_id: str, path: str, root: str, fmt: str) -> Document:
    """The document `doc_id` of the file `path`, parsed whole; when the file no longer gives
    it, the preview's metadata with no passage."""
    from tui.core.corpus.cache import document_of

    base = doc_id.rpartition("#")[0] if fmt in RECORD_FORMATS else doc_id
    found, _ = load_path(Path(path), Path(root), doc_id=base)
    same = next((d for d in found if d.id == doc_id), None)
    return same if same is not None else document_of(meta, ())


def preview_documents(columns: Columns) -> list[Document]:
    """Every row's document, in row order."""
    kind = type("PreviewDocument", (PreviewDocument,), {"__slots__": (), "_cols": columns.cols})
    return list(rows_of(kind, len(columns)))
