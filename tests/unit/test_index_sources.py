"""The index keeps no passages: texts come from the corpus, removed rows are listed as dead."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.cli import main
from tui.core.corpus import load_corpus
from tui.core.search import SqliteIndex


def _corpus(folder: Path, n: int) -> Path:
    folder.mkdir()
    for k in range(n):
        (folder / f"d{k:02}.txt").write_text(
            f"Title {k}\n\nThe harbour wall number {k}.\n\nA quay by the river.\n", "utf-8"
        )
    return folder


def test_the_index_stores_no_passage_table(tmp_path: Path) -> None:
    index = SqliteIndex(tmp_path / "index.sqlite")
    index.refresh(load_corpus([_corpus(tmp_path / "c", 3)]))
    tables = {r[0] for r in index.conn.execute("SELECT name FROM sqlite_master")}
    assert "bodies" not in tables and "dead" in tables
    hit = index.query("harbour wall ", 1)[0]
    assert hit.text == "The harbour wall number 0."  # read from the corpus
    index.close()


def test_a_changed_document_leaves_dead_rows_that_no_query_finds(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "c", 20)
    index = SqliteIndex(tmp_path / "index.sqlite")
    index.refresh(load_corpus([folder]))
    (folder / "d05.txt").write_text("Title 5\n\nA zeppelin over the town.\n", "utf-8")
    os.utime(folder / "d05.txt", (5, 5))
    (folder / "d07.txt").unlink()
    stats = index.refresh(load_corpus([folder]))
    assert (stats.changed, stats.removed, stats.documents) == (1, 1, 19)
    # Two documents of three passages (the title is one): 6 dead rows of 60, under the share
    # that rebuilds.
    assert index.conn.execute("SELECT count(*) FROM dead").fetchone()[0] == 6
    assert [h.doc for h in index.query("zeppelin ")] == ["d05.txt"]
    assert not {"d05.txt", "d07.txt"} & {h.doc for h in index.query("harbour wall ", 50)}
    assert len(index.query("quay ", 50)) == 18
    index.close()
    reopened = SqliteIndex(tmp_path / "index.sqlite")  # the dead rows are read from the file
    reopened.refresh(load_corpus([folder]))
    assert not {"d05.txt", "d07.txt"} & {h.doc for h in reopened.query("harbour wall ", 50)}
    reopened.close()


def test_past_a_share_of_dead_rows_the_index_is_built_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.search import sqlite_backend

    monkeypatch.setattr(sqlite_backend, "DEAD_SHARE", 0.05)
    folder = _corpus(tmp_path / "c", 20)
    index = SqliteIndex(tmp_path / "index.sqlite")
    index.refresh(load_corpus([folder]))
    before = [h.doc for h in index.query("quay ", 50)]
    for k in (3, 4):
        (folder / f"d{k:02}.txt").write_text(f"Title {k}\n\nA zeppelin {k}.\n", "utf-8")
        os.utime(folder / f"d{k:02}.txt", (5, 5))
    stats = index.refresh(load_corpus([folder]))
    assert (stats.changed, stats.documents) == (2, 20)
    assert index.conn.execute("SELECT count(*) FROM dead").fetchone()[0] == 0
    # The vocabulary is the live documents' again: "harbour" is in 18 passages, not 20.
    assert index.conn.execute("SELECT df FROM terms WHERE term='harbour'").fetchone()[0] == 18
    # The changed documents stay after the others (as a refresh numbers them), ties alike.
    assert [h.doc for h in index.query("quay ", 50)] == [
        d for d in before if d not in ("d03.txt", "d04.txt")
    ]
    assert [h.doc for h in index.query("zeppelin ", 50)] == ["d03.txt", "d04.txt"]
    index.close()


def test_a_query_before_the_index_catches_up_skips_passages_it_cannot_read(
    tmp_path: Path,
) -> None:
    # The corpus cache already holds a file's new text while the index has its old rows:
    # those rows are skipped, not taken for a damaged index (which would be set aside).
    # 70 documents: more than the cache keeps in memory, so d01's passages are read again.
    folder = _corpus(tmp_path / "c", 70)
    load_corpus([folder])
    corpus = load_corpus([folder])  # from the cache: the documents read their passages there
    index = SqliteIndex(tmp_path / "index.sqlite")
    index.refresh(corpus)
    (folder / "d01.txt").write_text("Title 1\n\nOne passage only now.\n", "utf-8")
    os.utime(folder / "d01.txt", (5, 5))
    load_corpus([folder])  # rewrites the cache the documents of `corpus` read from
    found = {h.doc for h in index.query("harbour wall ", 100)}
    assert found == {f"d{k:02}.txt" for k in range(70)} - {"d01.txt"}
    assert index.path is not None and not list(tmp_path.glob("index.sqlite.bad-*"))
    index.close()


def test_the_command_line_searches_a_fresh_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _corpus(tmp_path / "c", 3)
    assert main(["index", str(folder)]) == 0
    capsys.readouterr()
    assert main(["search", "harbour wall number 2", str(folder), "--limit", "1"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("d02.txt#2")
    assert "indexing" not in err  # nothing changed: no progress shown


def test_a_query_between_batches_of_a_bulk_refresh_sees_the_rows_written_so_far(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # In bulk, rows are written every BATCH documents but committed rarely: a query in
    # between (on the same connection) must map the new rows to their documents.
    from tui.core.search import sqlite_backend

    folder = _corpus(tmp_path / "c", 4)
    index = SqliteIndex(tmp_path / "index.sqlite")
    index.refresh(load_corpus([folder]))
    for k in range(4, 14):
        (folder / f"d{k:02}.txt").write_text(f"Title {k}\n\nThe harbour of {k}.\n", "utf-8")
    monkeypatch.setattr(sqlite_backend, "BULK", 1)
    monkeypatch.setattr(sqlite_backend, "BATCH", 2)
    seen: list[int] = []
    real = SqliteIndex._yield_lock

    def query_then_yield(self: SqliteIndex) -> None:
        seen.append(len(self.query("harbour ", 50)))
        real(self)

    monkeypatch.setattr(SqliteIndex, "_yield_lock", query_then_yield)
    stats = index.refresh(load_corpus([folder]))
    assert stats.added == 10 and seen == [6, 8, 10, 12, 14]
    assert not list(tmp_path.glob("index.sqlite.bad-*"))
    assert len(index.query("harbour ", 50)) == 14
    index.close()
