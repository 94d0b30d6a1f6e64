"""The cache of raw mentions per file: `data_dir()/entities/<corpus_key>.sqlite`.

One row per file: its size and mtime and the mentions found in it, under the version of the
extractor that found them. A changed, added or removed file rewrites its own row only, so a
changed file costs itself (its extraction and one row), not the whole corpus's cache. A cache
written by another version is emptied and refilled, never mixed in; an unreadable one is set
aside and rebuilt.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from contextlib import closing, suppress
from pathlib import Path

from tui.core.models import Mention
from tui.core.paths import corpus_key, data_dir

# doc id -> (size, mtime, mentions)
Cached = dict[str, tuple[int, float, Sequence[Mention]]]
Pack = Callable[[str, list[Mention]], Sequence[Mention]]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    id TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime REAL NOT NULL, mentions TEXT NOT NULL
);
"""


def cache_path(roots: tuple[str, ...], folder: Path | None = None) -> Path:
    """Where the entity cache of the corpus opened from `roots` lives (under `folder`, by
    default the user's data directory)."""
    return (folder or data_dir()) / "entities" / f"{corpus_key(roots)}.sqlite"


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=5)
    # A cache: a write lost in a crash only costs its extraction again, so no fsync waits.
    conn.execute("PRAGMA synchronous = OFF")
    conn.executescript(_SCHEMA)
    return conn


def read_cache(path: Path, version: str, pack: Pack | None = None) -> Cached:
    """The cached mentions; {} when absent, unreadable or written by another extractor version
    (a cache is rebuilt, not fixed). `pack` stores each document's mentions as they are read
    (the entity index's compact form), so that the corpus's are never all objects at once."""
    if not path.is_file():
        return {}
    try:
        with closing(_connect(path)) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
            if row is None or row[0] != version:
                return {}
            out: Cached = {}
            # One copy of each surface, name and type for the whole corpus, not one a mention:
            # at 10k documents (540k mentions) ~90 MB of strings, ~2 MB this way.
            strings: dict[str, str] = {}
            one = strings.setdefault
            for doc_id, size, mtime, text in conn.execute(
                "SELECT id, size, mtime, mentions FROM docs"
            ):
                mentions = [
                    Mention(
                        doc_id,
                        int(p),
                        int(s),
                        int(e),
                        one(sf, str(sf)),
                        one(nm, str(nm)),
                        one(t, str(t)),
                    )
                    for p, s, e, sf, nm, t in json.loads(text)
                ]
                out[doc_id] = (
                    int(size),
                    float(mtime),
                    pack(doc_id, mentions) if pack else mentions,
                )
            return out
    except sqlite3.OperationalError:
        return {}  # locked by another process's write: extracted again, not set aside
    except (sqlite3.Error, ValueError, TypeError):
        _set_aside(path)
        return {}


def update_cache(path: Path, version: str, changed: Cached, removed: Iterable[str]) -> None:
    """Write the rows of the `changed` files and drop those of the `removed` ones, in one
    transaction; a cache of another version is emptied first. A failure to write is ignored
    (it only costs time on the next open)."""
    rows = [
        (
            doc_id,
            size,
            mtime,
            json.dumps(
                [[m.passage, m.start, m.end, m.surface, m.name, m.type] for m in mentions],
                ensure_ascii=False,
                separators=(",", ":"),
            ),
        )
        for doc_id, (size, mtime, mentions) in changed.items()
        if size
    ]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(_connect(path)) as conn, conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
            if row is None or row[0] != version:
                conn.execute("DELETE FROM docs")
                conn.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('version', ?)", (version,)
                )
            conn.executemany("DELETE FROM docs WHERE id = ?", [(d,) for d in removed])
            conn.executemany(
                "INSERT OR REPLACE INTO docs (id, size, mtime, mentions) VALUES (?, ?, ?, ?)",
                rows,
            )
    except (OSError, sqlite3.Error):
        return  # a cache that cannot be written only costs time on the next open
    with suppress(OSError):
        path.with_suffix(".json").unlink(missing_ok=True)  # the whole-corpus JSON it replaces


def _set_aside(path: Path) -> None:
    """Move an unreadable cache out of the way so the next write starts a new one."""
    with suppress(OSError):
        path.replace(path.with_name(path.name + ".corrupt"))
