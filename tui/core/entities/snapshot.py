"""The assembled entity index kept beside the mention cache: `<corpus_key>.index`.

Reading every document's cached mentions and merging aliases again took ~77 s on a warm start
at 100k documents. This file keeps what that produced (the forms, every document's mentions as
numbers, the entity table) so that a start with no changed file maps it instead. Its head says
what it follows from: the extractor's version, this package's code and word lists (by size and
mtime), the mention cache as it was when written (size, mtime, inode) and the documents (ids,
sizes, mtimes). The arrays are mapped, not read: the pages of the mentions are only read (and
resident) for the documents looked at. Written whole to a temporary file and renamed over the
old one; a stale one is written again, a damaged or foreign one set aside.
"""

from __future__ import annotations

import hashlib
import marshal
import mmap
import os
import struct
import sys
import tempfile
from array import array
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui import __version__
from tui.core.entities.listing import hash_files, package_files
from tui.core.models import Document
from tui.core.paths import file_identity, move_aside

MAGIC = b"DSENTIX1"
# Bump when what is kept, or what the index derives from it, changes.
FORMAT = f"{__version__}/1/{marshal.version}/{sys.version_info[:2]}"
_HEAD = struct.Struct("<8sQQ")  # magic, length of the head, of the strings
ALIGN = 8

# The arrays kept, in order: name and typecode.
ARRAYS = (
    ("rows", "I"),  # passage, start, end, form: four a mention, documents in order
    ("at", "I"),  # document n's mentions are rows[4 * at[n] : 4 * at[n + 1]]
    ("sizes", "q"),  # each document's size and mtime, for a partial update
    ("mtimes", "d"),
    ("rank", "I"),  # each form's place in first-seen order (UNSEEN: in no document)
    ("form_count", "I"),  # each form's number of mentions
    ("base", "i"),  # each form's entity (-1: none)
    ("span", "I"),  # entity e's documents are docs[span[e] : span[e + 1]]
    ("docs", "I"),  # document numbers
    ("counts", "I"),  # each entity's number of mentions
    ("first", "I"),  # each entity's first-seen form (its name and type)
)


@dataclass
class Kept:
    """What the file holds: the strings from marshal, the arrays as mapped views."""

    stamp: str  # the documents' digest
    ids: list[str]
    surfaces: list[str]
    raw_names: list[str]  # as extracted
    names: list[str]  # lone surnames resolved
    types: list[str]
    keys: list[str]  # the entities'
    aliases: list[tuple[str, ...]]
    arrays: dict[str, Any]  # name -> memoryview cast to its typecode (or array)


def snapshot_path(mention_cache: Path) -> Path:
    return mention_cache.with_suffix(".index")


def package_state() -> str:
    """This package's code and word lists, by name, size and mtime."""
    h = hashlib.sha256()
    hash_files(h, package_files())
    return h.hexdigest()


def file_state(path: Path) -> str:
    """The mention cache as it is now (size, mtime, inode); '-' when absent."""
    try:
        st = path.stat()
    except OSError:
        return "-"
    return f"{st.st_size}/{st.st_mtime_ns}/{st.st_ino}"


def documents_stamp(docs: Iterable[Document]) -> str:
    """A digest of the documents' ids, sizes and mtimes, in order."""
    text = "".join([f"{d.id}\0{d.size}\0{d.mtime!r}\0" for d in docs])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _key(version: str, mention_cache: Path) -> tuple[str, str, str, str]:
    return (FORMAT, version, package_state(), file_state(mention_cache))


class _Damaged(Exception):
    """Not a snapshot, or not a whole one."""


def read_snapshot(path: Path, version: str, mention_cache: Path) -> Kept | None:
    """The kept index when it was written from this mention cache by this code and extractor
    version; None otherwise: absent, stale (written again later), or damaged or foreign (then
    set aside as `<name>.corrupt-<stamp>`, never overwritten)."""
    identity = file_identity(path)
    try:
        with path.open("rb") as fh:
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except ValueError:  # empty: not one of ours
        _set_aside(path, identity)
        return None
    except OSError:
        return None
    try:
        return _read(mapped, version, mention_cache)
    except (_Damaged, EOFError, ValueError, TypeError, struct.error):
        _set_aside(path, identity)
        return None


def _read(mapped: mmap.mmap, version: str, mention_cache: Path) -> Kept | None:
    magic, head_len, strings_len = _HEAD.unpack_from(mapped, 0)
    if magic != MAGIC:
        raise _Damaged("not an entity snapshot")
    start = _HEAD.size
    head = marshal.loads(mapped[start : start + head_len])
    if not isinstance(head, tuple) or len(head) != 3:
        raise _Damaged("no head")
    if head[0] != _key(version, mention_cache):
        return None  # stale: another version, or written before the mention cache changed
    stamp, places = head[1], head[2]
    strings = marshal.loads(mapped[start + head_len : start + head_len + strings_len])
    ids, surfaces, raw_names, names, types, keys, aliases = strings
    view = memoryview(mapped)
    arrays: dict[str, Any] = {}
    for (name, code), (offset, nbytes) in zip(ARRAYS, places, strict=True):
        if offset % ALIGN or offset + nbytes > len(mapped):
            raise _Damaged("an array out of the file")
        arrays[name] = view[offset : offset + nbytes].cast(code)  # type: ignore[call-overload]
    kept = Kept(stamp, ids, surfaces, raw_names, names, types, keys, aliases, arrays)
    if not _consistent(kept):
        raise _Damaged("arrays of the wrong lengths")
    return kept


def _set_aside(path: Path, identity: tuple[int, int] | None) -> None:
    with suppress(OSError):
        move_aside(path, identity)


def _consistent(kept: Kept) -> bool:
    a = kept.arrays
    n_docs, n_forms, n_ents = len(kept.ids), len(kept.surfaces), len(kept.keys)
    return (
        len(a["at"]) == n_docs + 1
        and len(a["sizes"]) == len(a["mtimes"]) == n_docs
        and len(a["rows"]) == 4 * a["at"][-1]
        and len(kept.raw_names) == len(kept.names) == len(kept.types) == n_forms
        and len(a["rank"]) == len(a["form_count"]) == len(a["base"]) == n_forms
        and len(a["span"]) == n_ents + 1
        and len(a["counts"]) == len(kept.aliases) == n_ents
        and len(a["docs"]) == a["span"][-1]
    )


def write_snapshot(path: Path, version: str, mention_cache: Path, kept: Kept) -> None:
    """Replace the kept index atomically; a failure to write is ignored (it only costs time
    on the next start)."""
    strings = marshal.dumps(
        (
            kept.ids,
            kept.surfaces,
            kept.raw_names,
            kept.names,
            kept.types,
            kept.keys,
            kept.aliases,
        )
    )
    blobs = [bytes(memoryview(kept.arrays[name]).cast("B")) for name, _ in ARRAYS]
    # The head's length does not depend on the offsets' values (marshal writes ints as 4 or
    # 8 bytes by size): laid out with a first guess, then again with the real offsets.
    places = [(0, len(b)) for b in blobs]
    for _ in range(3):
        head = marshal.dumps((_key(version, mention_cache), kept.stamp, places))
        offset = _HEAD.size + len(head) + len(strings)
        new = []
        for blob in blobs:
            offset += -offset % ALIGN
            new.append((offset, len(blob)))
            offset += len(blob)
        if new == places:
            break
        places = new
    else:
        return
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".entities.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as out:
            out.write(_HEAD.pack(MAGIC, len(head), len(strings)))
            out.write(head)
            out.write(strings)
            at = _HEAD.size + len(head) + len(strings)
            for (offset, _), blob in zip(places, blobs, strict=True):
                out.write(b"\0" * (offset - at))
                out.write(blob)
                at = offset + len(blob)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with suppress(OSError):
                os.unlink(tmp)


def as_array(code: str, values: Any) -> array[Any]:
    """An array of `code` from a sequence of numbers or a mapped view."""
    out = array(code)
    if isinstance(values, memoryview):
        out.frombytes(values.cast("B"))
    else:
        out.extend(values)
    return out
