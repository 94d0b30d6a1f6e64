"""The title finder kept on disk: its words and postings, keyed by a hash of the titles, in
`data_dir()/titles/<corpus_key>.bin`. A start whose titles did not change (most starts, and
most refreshes: a changed file keeps its title) reads them instead of cutting every title
again (2-3 s of CPU at 100k titles). A stale file (other titles, another version) is built
over; a damaged or foreign one is first set aside (`<name>.corrupt-<stamp>`), as the other
caches are.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import threading
from array import array
from pathlib import Path

from tui.core.models import Corpus
from tui.core.paths import corpus_key, data_dir, file_identity, move_aside
from tui.core.search.titles import TitleFinder

MAGIC = "dossier-titles"
VERSION = 1  # raise when the finder cuts titles otherwise (fold, TOKEN)


def cache_path(roots: tuple[str, ...]) -> Path:
    return data_dir() / "titles" / f"{corpus_key(roots)}.bin"


def titles_digest(ids: list[str], titles: list[str]) -> str:
    text = "\0".join(ids) + "\1" + "\0".join(titles)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def open_title_finder(corpus: Corpus, path: Path | None = None) -> TitleFinder:
    """The title finder of `corpus`: read from its cache file when the titles are the ones it
    was made of, else built and written there (a cache that cannot be written is skipped)."""
    path = path if path is not None else cache_path(corpus.roots)
    ids = [d.id for d in corpus.documents]
    titles = [d.title for d in corpus.documents]
    digest = titles_digest(ids, titles)
    inode = file_identity(path)
    parts = _read(path, digest)
    if parts is DAMAGED:
        with contextlib.suppress(OSError):
            move_aside(path, inode)
    elif parts is not None:
        with contextlib.suppress(ValueError):
            return TitleFinder.from_parts(ids, titles, *parts)
    finder = TitleFinder(zip(ids, titles, strict=True))
    with contextlib.suppress(OSError):
        _write(path, digest, finder)
    return finder


# What `_read` gives for a file that is not one of ours (compared by identity).
DAMAGED: tuple[list[str], array[int], array[int]] = ([], array("I"), array("I"))


def _read(path: Path, digest: str) -> tuple[list[str], array[int], array[int]] | None:
    """The stored finder's parts; None when there is none or it is stale, DAMAGED when the
    file is not one this module wrote whole."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        stored = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return DAMAGED
    if not isinstance(stored, tuple) or len(stored) != 7 or stored[0] != MAGIC:
        return DAMAGED
    _, version, itemsize, held, words, postings, starts = stored
    if (version, itemsize, held) != (VERSION, array("I").itemsize, digest):
        return None  # another version's, or other titles': stale
    if not (isinstance(words, str) and isinstance(postings, bytes) and isinstance(starts, bytes)):
        return DAMAGED
    flat, bounds = array("I"), array("I")
    try:
        flat.frombytes(postings)
        bounds.frombytes(starts)
    except ValueError:
        return DAMAGED
    return (words.split("\n") if words else []), flat, bounds


def _write(path: Path, digest: str, finder: TitleFinder) -> None:
    vocab, postings, starts = finder.parts()
    stored = (
        MAGIC,
        VERSION,
        postings.itemsize,
        digest,
        "\n".join(vocab),  # words are letters and digits: no line breaks
        postings.tobytes(),
        starts.tobytes(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    # One a writer: a preview's titles and its loaded corpus's may be saved at once, by two
    # threads of one process.
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_bytes(marshal.dumps(stored))
        tmp.replace(path)  # whole or not at all: a reader never sees half a file
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
