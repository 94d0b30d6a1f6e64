"""What tells a backend whether a document changed: file states and content hashes."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence

from tui.core.models import Corpus, Document
from tui.core.search.backend import FileState


def content_hash(doc: Document) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(doc.title.encode("utf-8", "surrogatepass"))
    for p in doc.passages:
        h.update(b"\0")
        h.update(p.text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def file_states(corpus: Corpus) -> list[FileState]:
    return [(d.path, d.size, d.mtime) for d in corpus.documents]


def stat_files(paths: Sequence[str]) -> list[FileState]:
    """(path, size, mtime) of the candidate files under `paths`, without reading them."""
    from tui.core.corpus import iter_files

    out = []
    for _, file, _ in iter_files(paths):
        try:
            st = os.stat(file)
        except OSError:
            continue
        out.append((str(file), st.st_size, st.st_mtime))
    return out
