"""Opening the store file, and what happens when it cannot be opened normally.

Never fatal: a corrupt or foreign file is moved aside and a new store created in its place;
a read-only or locked data directory, or a file from a newer Dossier, gives an in-memory copy
of what can be read, whose changes last for the session. `Opened.notice` says what happened.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote as url_quote

from tui.core.paths import file_identity, move_aside
from tui.core.store.schema import (
    BUSY,
    CORRUPT,
    LOCKED,
    NOTADB,
    SCHEMA_VERSION,
    Newer,
    Unusable,
    check,
    connect,
    error_code,
    migrate,
    prepare,
)


@dataclass(frozen=True, slots=True)
class Opened:
    """A connection to the store, and how it was obtained."""

    conn: sqlite3.Connection
    notice: str | None = None  # what the caller should tell the user, if anything
    read_only: bool = False  # True: changes live in memory for this session only
    set_aside: Path | None = None  # where a corrupt or foreign file was moved


def open_store(path: Path, timeout: float) -> Opened:
    """Open (creating, migrating or replacing as needed) the store file at `path`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return _open_fallback(
            path, timeout, f"cannot create the data directory {path.parent} ({exc.strerror or exc})"
        )
    inode = file_identity(path)
    emptied = _emptied(path)
    conn: sqlite3.Connection | None = None
    try:
        conn = connect(path, timeout)
        check(conn, path)
        prepare(conn, timeout)
        return Opened(conn, notice=emptied)
    except Unusable as exc:
        if conn is not None:
            conn.close()
        return _replace(path, timeout, str(exc.args[0]), inode)
    except Newer as exc:
        if conn is not None:
            conn.close()
        return _open_fallback(path, timeout, str(exc.args[0]))
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        code = error_code(exc)
        if code in (CORRUPT, NOTADB):
            return _replace(path, timeout, f"not a readable database ({exc})", inode)
        if code in (BUSY, LOCKED):
            reason = f"{path} is locked by another program ({exc})"
        else:
            reason = f"cannot write to {path} ({exc})"
        return _open_fallback(path, timeout, reason)


# A store file this old and still of 0 bytes was emptied (SQLite writes a new one's header at
# its first write, milliseconds after making it: another session may be doing so).
EMPTIED_AFTER = 10.0  # seconds


def _emptied(path: Path) -> str | None:
    """What to say of a store file of 0 bytes, made a while ago: whatever emptied it (a crash,
    a full disk) took its bookmarks, and SQLite would start a new store in it without a word.
    There is nothing in it to set aside."""
    try:
        st = path.stat()
    except OSError:
        return None
    if st.st_size or time.time() - st.st_mtime < EMPTIED_AFTER:
        return None
    return (
        f"The bookmarks database {path} was empty (0 bytes): something emptied it (a crash, "
        "a full disk?), and its bookmarks are gone. A new one was started in its place."
    )


def _replace(path: Path, timeout: float, reason: str, inode: tuple[int, int] | None) -> Opened:
    """Move the unusable file aside and start a new store in its place."""
    aside: Path | None = None
    # Only move the file we examined: another process may already have replaced it.
    if inode is not None and file_identity(path) == inode:
        try:
            aside = move_aside(path, inode)
        except OSError as exc:
            return _open_fallback(
                path,
                timeout,
                f"{path} is {reason} and cannot be moved aside ({exc.strerror or exc})",
                aside=None,
            )
    conn: sqlite3.Connection | None = None
    try:
        conn = connect(path, timeout)
        check(conn, path)
        prepare(conn, timeout)
    except (sqlite3.Error, Unusable) as exc:
        if conn is not None:
            conn.close()
        return _open_fallback(
            path, timeout, f"cannot create a new store at {path} ({exc})", aside=aside
        )
    where = f"; it was moved to {aside}" if aside else ""
    notice = f"The bookmarks database was {reason}{where}. A new, empty one was created."
    return Opened(conn, notice=notice, set_aside=aside)


def _open_fallback(path: Path, timeout: float, reason: str, aside: Path | None = None) -> Opened:
    """Read what can be read into memory; changes last for this session only."""
    memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    loaded = False
    if path.is_file():
        base = "file:" + url_quote(str(path.resolve()))
        for uri in (base + "?mode=ro", base + "?mode=ro&immutable=1"):
            try:
                source = sqlite3.connect(uri, uri=True, timeout=timeout)
                try:
                    source.execute("SELECT count(*) FROM bookmarks").fetchone()
                    source.backup(memory)
                finally:
                    source.close()
                loaded = True
                break
            except sqlite3.Error:
                continue
    version = memory.execute("PRAGMA user_version").fetchone()[0]
    if version <= SCHEMA_VERSION:
        migrate(memory)
    kept = "read what is there; " if loaded else ""
    notice = (
        f"Bookmarks are read-only: {reason}. Dossier {kept}new bookmarks and reading "
        "positions last until you quit and are not saved."
    )
    return Opened(memory, notice=notice, read_only=True, set_aside=aside)
