"""Opening what cannot be opened normally: corrupt, foreign, newer, read-only, locked."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.unit.test_store import ROOT, TEXTS
from tui.core.store import SCHEMA_VERSION, Store, StoreError


def test_corrupt_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "dossier.sqlite"
    path.write_bytes(b"this is not a database, just some text\n" * 200)
    with Store(path) as s:
        assert not s.read_only and s.set_aside is not None
        assert s.set_aside.name.startswith("dossier.sqlite.corrupt-")
        assert s.set_aside.read_bytes().startswith(b"this is not a database")
        assert s.notice is not None and str(s.set_aside) in s.notice
        s.add(ROOT, "a.txt", 1, TEXTS[0])
        assert s.count() == 1


def test_an_emptied_file_is_said_and_a_new_one_made(tmp_path: Path) -> None:
    """A store of 0 bytes (a crash or a full disk emptied it) opened as new without a word:
    its bookmarks were gone with nothing said. A file just made (another session creating the
    store) is not taken for one."""
    path = tmp_path / "dossier.sqlite"
    path.write_bytes(b"")
    old = path.stat().st_mtime - 3600
    os.utime(path, (old, old))
    with Store(path) as s:
        assert s.notice is not None and "empty (0 bytes)" in s.notice and str(path) in s.notice
        s.add(ROOT, "a.txt", 1, TEXTS[0])
        assert s.count() == 1
    with Store(path) as s:
        assert s.notice is None and s.count() == 1
    fresh = tmp_path / "new.sqlite"
    fresh.write_bytes(b"")
    with Store(fresh) as s:
        assert s.notice is None


def test_damaged_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "dossier.sqlite"
    with Store(path) as s:
        for i in range(300):
            s.add(ROOT, f"{i}.txt", 1, f"text {i} " * 20)
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 4] = b"\xff" * (4096 * 2)  # scribble over b-tree pages
    path.write_bytes(bytes(data))
    with Store(path) as s:
        assert s.set_aside is not None and s.set_aside.exists()
        assert s.count() == 0 and s.notice and "moved" in s.notice


def test_another_programs_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "dossier.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places (id INTEGER, url TEXT)")
    conn.commit()
    conn.close()
    with Store(path) as s:
        assert s.set_aside is not None and "another program" in (s.notice or "")
        assert sqlite3.connect(s.set_aside).execute("SELECT count(*) FROM moz_places").fetchone()


def test_newer_schema_is_read_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "dossier.sqlite"
    with Store(path) as s:
        s.add(ROOT, "a.txt", 1, TEXTS[0])
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with Store(path) as s:
        assert s.read_only and s.set_aside is None and "newer" in (s.notice or "")
        assert s.count() == 1
    assert list(tmp_path.glob("*.corrupt-*")) == []


@contextmanager
def read_only_dir(folder: Path) -> Iterator[None]:
    """Make `folder` and its files unwritable, even for root (chattr +i)."""
    files = [folder, *folder.iterdir()]
    if os.geteuid() != 0:
        for f in files:
            f.chmod(0o555 if f.is_dir() else 0o444)
        try:
            yield
        finally:
            for f in files:
                f.chmod(0o755 if f.is_dir() else 0o644)
        return
    if subprocess.run(["chattr", "+i", *map(str, files)], capture_output=True).returncode:
        pytest.skip("cannot make a folder read-only here (chattr failed)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", *map(str, files)], check=True)


def test_read_only_data_dir_still_reads(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    with Store(folder / "dossier.sqlite") as s:
        s.add(ROOT, "a.txt", 1, TEXTS[0], note="saved before")
        s.save_position(ROOT, "a.txt", 3, 5)
    with read_only_dir(folder), Store(folder / "dossier.sqlite") as s:
        assert s.read_only and s.notice is not None and "read-only" in s.notice
        assert [b.note for b in s.list()] == ["saved before"]
        pos = s.load_position(ROOT, "a.txt")
        assert pos is not None and pos.passage == 3
        s.add(ROOT, "a.txt", 2, TEXTS[1])  # kept for the session
        assert s.count() == 2
    with Store(folder / "dossier.sqlite") as s:
        assert s.count() == 1 and not s.read_only


def test_uncreatable_data_dir_gives_an_empty_read_only_store(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with Store(blocker / "data" / "dossier.sqlite") as s:
        assert s.read_only and s.notice and "cannot create the data directory" in s.notice
        assert s.list() == []


def test_write_blocked_by_another_session_raises_store_error(tmp_path: Path) -> None:
    path = tmp_path / "dossier.sqlite"
    with Store(path, timeout=0) as store:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another session holds the write lock
        with pytest.raises(StoreError, match="could not save"):
            store.add(ROOT, "a.txt", 1, TEXTS[0])
        assert store.count() == 0  # reads go on meanwhile (WAL)
        other.execute("COMMIT")
        other.close()
        assert store.add(ROOT, "a.txt", 1, TEXTS[0])[1]
        assert store.count() == 1
