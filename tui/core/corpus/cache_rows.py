"""Documents from the corpus cache as light rows over shared columns.

A warm start holds 100k documents: one Python object per field per document was most of its
time and memory. Here the metadata lives in one list per field (`Columns`, read from the
cache's snapshot in one piece), and each `LazyDocument` is three slots: the columns, its row
and the cache its passages are read from when asked (only the last few read are kept).
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.corpus.cache import META_FIELDS
from tui.core.models import Document, Passage

if TYPE_CHECKING:
    from tui.core.corpus.cache import CorpusCache

# The columns: a Document's fields but its passages, then the file's row (seq) and the count.
COLUMNS = (*META_FIELDS, "seq", "count")
SEQ, COUNT = len(META_FIELDS), len(META_FIELDS) + 1
_PATH, _MTIME = META_FIELDS.index("path"), META_FIELDS.index("mtime")
# Values most rows share (the root, "utf-8", "txt", None, ()): one object each, not one a row.
_SHARED = frozenset({"root", "encoding", "fmt", "hidden", "notes", "partial_date", "byline"})


class Columns:
    """The cached metadata of many documents, one list per column (see COLUMNS)."""

    __slots__ = ("_shared", "cols")

    def __init__(self, cols: tuple[list[Any], ...] | None = None) -> None:
        self.cols: tuple[list[Any], ...] = cols or tuple([] for _ in COLUMNS)
        self._shared: dict[Any, Any] = {}

    def __len__(self) -> int:
        return len(self.cols[0])

    def append(self, values: list[Any]) -> int:
        """Add a row (values in COLUMNS order); its index."""
        shared = self._shared
        for name, col, value in zip(COLUMNS, self.cols, values, strict=True):
            col.append(shared.setdefault(value, value) if name in _SHARED else value)
        return len(self.cols[0]) - 1


class LazyDocument(Document):
    """A Document whose fields are a row of `Columns` and whose passages stay in the cache."""

    __slots__ = ("_cache", "_cols", "_i")
    _cols: tuple[list[Any], ...]
    _i: int
    _cache: CorpusCache

    @property
    def key(self) -> tuple[str, int]:
        """(file path, seq): where the cache keeps this document's passages."""
        return self._cols[_PATH][self._i], self._cols[SEQ][self._i]

    @property
    def passage_count(self) -> int:
        return int(self._cols[COUNT][self._i])

    @property
    def passages(self) -> tuple[Passage, ...]:
        found = self._cache.body(*self.key)
        if found is None:  # the cache was rebuilt under us: read the file again
            from tui.core.corpus.files import RECORD_FORMATS, load_path

            base = self.id.rpartition("#")[0] if self.fmt in RECORD_FORMATS else self.id
            again, _ = load_path(Path(self.path), Path(self.root), doc_id=base)
            return next((tuple(d.passages) for d in again if d.id == self.id), ())
        return found

    def set_mtime(self, mtime: float) -> None:
        """The file was touched, its content unchanged (see `CorpusCache.touch`)."""
        self._cols[_MTIME][self._i] = mtime

    def __reduce__(self) -> tuple[type[Document], tuple[Any, ...]]:
        """Pickled (to a worker process) as the plain Document, passages included."""
        return Document, tuple(getattr(self, f.name) for f in fields(Document))

    def plain(self) -> Document:
        """A plain Document with the same fields (to `dataclasses.replace` one)."""
        return Document(*(getattr(self, f.name) for f in fields(Document)))


def _column(index: int) -> property:
    return property(lambda self: self._cols[index][self._i])


for _index, _name in enumerate(META_FIELDS):
    setattr(LazyDocument, _name, _column(_index))

_new = object.__new__
_set_cols = LazyDocument.__dict__["_cols"].__set__
_set_i = LazyDocument.__dict__["_i"].__set__
_set_cache = LazyDocument.__dict__["_cache"].__set__


def lazy(cache: CorpusCache, columns: Columns, i: int) -> LazyDocument:
    """The document of row `i`."""
    doc = _new(LazyDocument)
    _set_cols(doc, columns.cols)
    _set_i(doc, i)
    _set_cache(doc, cache)
    return doc


def lazy_all(cache: CorpusCache, columns: Columns) -> list[LazyDocument]:
    """Every row's document, in row order (~0.5 µs each)."""
    cols = columns.cols
    out = []
    for i in range(len(columns)):
        doc = _new(LazyDocument)
        _set_cols(doc, cols)
        _set_i(doc, i)
        _set_cache(doc, cache)
        out.append(doc)
    return out


def row_of(doc: Document, seq: int, count: int) -> list[Any]:
    """A document's row (COLUMNS order)."""
    return [*(getattr(doc, name) for name in META_FIELDS), seq, count]
