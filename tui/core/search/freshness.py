"""What tells a backend whether a document changed: file states and content hashes."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence

from tui.core.models import Corpus, Document
from tui.core.search.backend import FileState


def content_hash(doc: Document) -> str:
    return text_hash(doc.title, [p.text for p in doc.passages])


def text_hash(title: str, texts: list[str]) -> str:
    """A hash of the title and each passage's text, each after a NUL (one encode and one
    update for the whole document: one per passage cost more than the hashing)."""
    text = "\0".join([title, *texts])
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


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
