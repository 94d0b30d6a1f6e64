"""The corpus's entity list as `dossier entities --json` prints it, kept beside the entity cache
(`data_dir()/entities/<corpus_key>.list`) so that a warm call reads lines, not mentions.

The file's first line is a stamp of everything the list follows from: the documents (ids,
sizes, mtimes, in order), the mention cache (size, mtime, inode), the edits file's content, the
code and word lists of the extractor (this package's files, by size and mtime), the extractor
named in the environment. Any difference and the list is built again from the entity index.
Each further line is the entity's type, a tab, and its JSON line.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tui import __version__
from tui.core.models import Document, Entity

PACKAGE = Path(__file__).resolve().parent
ENV_MODEL = "DOSSIER_ENTITY_MODEL"  # the extractor's pipeline (see spacy_backend)


def listing_path(mention_cache: Path) -> Path:
    return mention_cache.with_suffix(".list")


def entity_state(mention_cache: Path, edits: Path) -> str:
    """A digest of what the entity index follows from, documents apart: the mention cache, the
    edits, the extractor's code and word lists and its name (see module docstring)."""
    h = hashlib.sha256(f"{__version__}\0{os.environ.get(ENV_MODEL, '')}\0".encode())
    try:  # a few hundred bytes: by content (an undo may leave the same size and mtime tick)
        h.update(edits.read_bytes())
    except OSError:
        h.update(b"-")
    hash_files(h, [mention_cache, *package_files()], inode=True)
    return h.hexdigest()


def package_files() -> list[Path]:
    """This package's code and word lists: what its extraction follows from."""
    return [*sorted(PACKAGE.glob("*.py")), *sorted(PACKAGE.glob("data/*"))]


def hash_files(h: Any, paths: Iterable[Path], inode: bool = False) -> None:
    """Each file's name, size and mtime (and inode) into the digest `h`; a missing one as such."""
    for path in paths:
        try:
            st = path.stat()
            ino = f"{st.st_ino}\0" if inode else ""
            h.update(f"{path.name}\0{st.st_size}\0{st.st_mtime_ns}\0{ino}".encode())
        except OSError:
            h.update(f"{path.name}\0-\0".encode())


def stamp(docs: Iterable[Document], mention_cache: Path, edits: Path) -> str:
    """A digest of what the list follows from: the entity state and the documents."""
    h = hashlib.sha256(entity_state(mention_cache, edits).encode())
    for doc in docs:
        h.update(f"{doc.id}\0{doc.size}\0{doc.mtime!r}\0".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def read_listing(path: Path, expected: str) -> list[tuple[str, str]] | None:
    """(type, JSON line) of every entity, most mentioned first; None when absent or stale."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    head, _, body = text.partition("\n")
    if head != expected:
        return None
    rows = [line.split("\t", 1) for line in body.split("\n") if line]
    if any(len(row) != 2 for row in rows):
        return None
    return [(type_, obj) for type_, obj in rows]


def write_listing(path: Path, expected: str, rows: Iterable[tuple[Entity, str]]) -> None:
    """Replace the list atomically (rows: an entity and its JSON line); a failure to write is
    ignored (it only costs time on the next call)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".entities.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(expected + "\n")
            fh.writelines(f"{ent.type}\t{line}\n" for ent, line in rows)
        os.replace(tmp, path)
    except OSError:
        pass
