"""Part 11: an index damaged while the app runs, a full disk, a read-only data directory."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tui.cli import main
from tui.core.corpus import load_corpus
from tui.core.search import sqlite_backend
from tui.core.search.sqlite_backend import SqliteIndex, open_index
from tui.core.search.sqlite_storage import move_aside
from tui.screens.main import search_link
from tui.screens.main.search_link import SearchLink


def corpus_dir(tmp_path: Path) -> Path:
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("Geneva talks\n\nNATO met in Geneva today.\n", "utf-8")
    (root / "b.txt").write_text("Other news\n\nRain fell in Berlin.\n", "utf-8")
    return root


def test_an_index_damaged_while_the_app_runs_is_rebuilt_for_the_next_search(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = load_corpus([corpus_dir(tmp_path)])
    index = open_index(corpus)
    index.refresh(corpus)
    real = SqliteIndex._query
    damaged = [True]

    def damaged_once(self: SqliteIndex, *args: Any) -> Any:
        if damaged.pop() if damaged else False:
            raise sqlite3.DatabaseError("database disk image is malformed")
        return real(self, *args)

    monkeypatch.setattr(SqliteIndex, "_query", damaged_once)
    monkeypatch.setattr(
        search_link, "get_current_worker", lambda: SimpleNamespace(is_cancelled=False)
    )
    link = SearchLink(SimpleNamespace(corpus=corpus))  # type: ignore[arg-type]
    link.index = index
    link.settled.set()
    hits = link._search("geneva")
    assert {h.doc for h in hits} == {"a.txt"}  # not "No passage matches" until a restart
    index.close()


def test_only_the_last_damaged_copy_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite"
    for n in range(3):
        path.write_bytes(b"junk" * 1000)
        for old in tmp_path.glob("*.bad-*"):  # distinct stamps without waiting a second
            old.rename(old.with_name(f"{old.name}-{n}"))
        move_aside(path)
    assert len(list(tmp_path.glob("x.sqlite.bad-*"))) == 1


def test_a_full_disk_is_one_line_and_leaves_no_copies(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    isolated_data_dir: Path,
) -> None:
    root = corpus_dir(tmp_path)

    def full(*args: Any) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(sqlite_backend.SqliteIndex, "_insert", full)
    for _ in range(2):
        assert main(["index", str(root)]) == 2
        err = capsys.readouterr().err
        assert err.strip().count("\n") == 0 and "disk" in err and "full" in err
    assert list(isolated_data_dir.rglob("*.bad-*")) == []


def test_an_unwritable_data_dir_is_said_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Under a regular file, so that nothing can be created even as root (CI runs as root).
    root = corpus_dir(tmp_path)
    (tmp_path / "file").write_text("", "utf-8")
    monkeypatch.setenv("DOSSIER_DATA_DIR", str(tmp_path / "file" / "data"))
    assert main(["index", str(root)]) == 0
    assert "in memory" in capsys.readouterr().err
    assert main(["entities", str(root), "--hide", "Geneva"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("dossier: ") and err.count("\n") == 1 and "Traceback" not in err
