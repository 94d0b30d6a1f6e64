"""Documents from the corpus cache as light rows over shared columns.

A warm start holds 100k documents: one Python object per field per document was most of its
time and memory. Here the metadata lives in one list per field (`Columns`, read from the
cache's snapshot in one piece), and each `LazyDocument` is three slots: the columns, its row
and the cache its passages are read from when asked (only the last few read are kept). Whole
numbers and times are arrays (8 bytes a row, not an object; stored in the snapshot as bytes,
read without building an object each: half the snapshot's read time at 100k).
"""

from __future__ import annotations

from array import array
from dataclasses import fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from tui.core.corpus.cache import META_FIELDS, document_of, passages_from_body
from tui.core.models import Document, Passage

if TYPE_CHECKING:
    from tui.core.corpus.cache import CorpusCache

# The columns: a Document's fields but its passages, then the file's row (seq) and the count.
COLUMNS = (*META_FIELDS, "seq", "count")
SEQ, COUNT = len(META_FIELDS), len(META_FIELDS) + 1
_PATH, _MTIME = META_FIELDS.index("path"), META_FIELDS.index("mtime")
# Values most rows share (the root, "utf-8", "txt", None, ()): one object each, not one a row.
_SHARED = frozenset({"root", "encoding", "fmt", "hidden", "notes", "partial_date", "byline"})
_SHARED_AT = tuple(i for i, name in enumerate(COLUMNS) if name in _SHARED)
# The columns held as arrays, with their type codes (None: a list).
_ARRAYS = {"size": "q", "mtime": "d", "words": "q", "seq": "q", "count": "q"}
_TYPECODES = tuple(_ARRAYS.get(name) for name in COLUMNS)


class Columns:
    """The cached metadata of many documents, one list or array per column (see COLUMNS)."""

    __slots__ = ("_shared", "cols", "kind")

    def __init__(self, cols: tuple[Any, ...] | None = None) -> None:
        self.kind: type[LazyDocument] | None = None  # the class of its rows' documents
        self.cols: tuple[Any, ...] = cols or tuple(
            array(code) if code else [] for code in _TYPECODES
        )
        self._shared: dict[Any, Any] = {}

    def __len__(self) -> int:
        return len(self.cols[0])

    def stored(self) -> tuple[list[Any] | bytes, ...]:
        """The columns as the snapshot stores them (arrays as bytes)."""
        return tuple(c.tobytes() if isinstance(c, array) else c for c in self.cols)

    @classmethod
    def from_stored(cls, stored: object) -> Columns | None:
        """The columns of a snapshot (see `stored`); None when they are not well formed."""
        if not isinstance(stored, tuple) or len(stored) != len(COLUMNS):
            return None
        cols: list[Any] = []
        for code, col in zip(_TYPECODES, stored, strict=True):
            if code is None and isinstance(col, list):
                cols.append(col)
            elif code is not None and isinstance(col, bytes) and len(col) % 8 == 0:
                cols.append(array(code, col))
            else:
                return None
        if len({len(c) for c in cols}) != 1:
            return None
        return cls(tuple(cols))

    def extend(self, cols: list[tuple[Any, ...]]) -> None:
        """Add rows given column by column (COLUMNS order). Values are not made shared: rows
        unpickled together share theirs already (pickle sends an object once)."""
        for col, values in zip(self.cols, cols, strict=True):
            col.extend(values)

    def append(self, values: list[Any]) -> int:
        """Add a row (values in COLUMNS order); its index."""
        shared = self._shared
        row = list(values)
        for i in _SHARED_AT:
            value = row[i]
            row[i] = shared.setdefault(value, value)
        for col, value in zip(self.cols, row, strict=True):
            col.append(value)
        return len(self.cols[0]) - 1


class LazyDocument(Document):
    """A Document whose fields are a row of `Columns` and whose passages stay in the cache.

    Each instance holds its row number only: the columns and the cache are attributes of a
    subclass made per `Columns` (`Columns.documents`), so making 100k of them sets one slot each
    (~2x faster than three)."""

    __slots__ = ("_i",)
    _cols: ClassVar[tuple[Any, ...]]
    _cache: ClassVar[CorpusCache]
    _i: int

    @property
    def row(self) -> int:
        """Its row in its columns."""
        return self._i

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
            return _read_again(self.id, self.path, self.root, self.fmt)
        return found

    def set_mtime(self, mtime: float) -> None:
        """The file was touched, its content unchanged (see `CorpusCache.touch`)."""
        self._cols[_MTIME][self._i] = mtime

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled (to a worker process) as its metadata and its body as the cache holds it,
        unpickled as the plain Document, passages included (`_from_wire`). Reading the passages
        and pickling them as objects cost the sending process ~60 us a document more (the
        entity pool's sender is a thread of the UI's process); a body the cache no longer holds
        is sent as passages, read again from the file."""
        blob = self._cache.body_blob(*self.key)
        if blob is None:
            return Document, tuple(getattr(self, f.name) for f in fields(Document))
        return _from_wire, ([getattr(self, name) for name in META_FIELDS], blob)

    def plain(self) -> Document:
        """A plain Document with the same fields (to `dataclasses.replace` one)."""
        return Document(*(getattr(self, f.name) for f in fields(Document)))


def _read_again(doc_id: str, path: str, root: str, fmt: str) -> tuple[Passage, ...]:
    """The passages of a document the cache holds no body of, from its file."""
    from tui.core.corpus.files import RECORD_FORMATS, load_path

    base = doc_id.rpartition("#")[0] if fmt in RECORD_FORMATS else doc_id
    again, _ = load_path(Path(path), Path(root), doc_id=base)
    return next((tuple(d.passages) for d in again if d.id == doc_id), ())


def _from_wire(meta: list[Any], blob: bytes) -> Document:
    """The plain Document a pickled LazyDocument stands for (see `LazyDocument.__reduce__`)."""
    try:
        return document_of(meta, passages_from_body(blob))
    except (ValueError, EOFError, TypeError, KeyError):  # not a body this version wrote
        doc = document_of(meta, ())
        return replace(doc, passages=_read_again(doc.id, doc.path, doc.root, doc.fmt))


def _column(index: int) -> property:
    return property(lambda self: self._cols[index][self._i])


for _index, _name in enumerate(META_FIELDS):
    setattr(LazyDocument, _name, _column(_index))

_new = object.__new__
_set_i = LazyDocument.__dict__["_i"].__set__


def _document_class(cache: CorpusCache, columns: Columns) -> type[LazyDocument]:
    """The LazyDocument subclass of rows of `columns` read through `cache`."""
    kind = columns.kind
    if kind is None or kind._cache is not cache:
        attrs = {"__slots__": (), "_cols": columns.cols, "_cache": cache}
        kind = columns.kind = type("LazyDocument", (LazyDocument,), attrs)
    return kind


def lazy(cache: CorpusCache, columns: Columns, i: int) -> LazyDocument:
    """The document of row `i`."""
    doc = _new(_document_class(cache, columns))
    _set_i(doc, i)
    return doc


def lazy_all(cache: CorpusCache, columns: Columns) -> list[LazyDocument]:
    """Every row's document, in row order."""
    return rows_of(_document_class(cache, columns), len(columns))


def rows_of(kind: type[LazyDocument], n: int) -> list[LazyDocument]:
    """Documents of the class `kind` (its columns a class attribute) for rows 0..n-1."""
    new, set_i = _new, _set_i
    out = [new(kind) for _ in range(n)]
    for i, doc in enumerate(out):
        set_i(doc, i)
    return out


def row_of(doc: Document, seq: int, count: int) -> list[Any]:
    """A document's row (COLUMNS order)."""
    return [*(getattr(doc, name) for name in META_FIELDS), seq, count]
