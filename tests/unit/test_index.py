"""The passage index: ranking pins on the seeds, typos, incremental refresh, damaged files."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from tui.core.corpus import load_corpus
from tui.core.search import QuerySyntaxError, SqliteIndex, index_path, open_index


@pytest.fixture(scope="module")
def seeds_index() -> SqliteIndex:
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    index = SqliteIndex(None)
    index.refresh(load_corpus([seeds]))
    return index


@pytest.mark.parametrize(
    ("query", "doc", "word"),
    [
        ("Rutte", "001_", "Rutte"),
        ("Albright", "000_", "Albright"),
        ("Galwan", "004_", "Galwan"),
        # Typos of names that are in the seeds ("Stoltenberg" is not in them).
        ("Madelein Albrigt", "000_", "Albright"),
        ("Rute", "001_", "Rutte"),
        ("Galwen", "004_", "Galwan"),
        ("galwan valley", "004_", "Galwan"),
        ("albri", "000_", "Albright"),  # a word being typed
    ],
)
def test_ranking_pins_on_the_seeds(
    seeds_index: SqliteIndex, query: str, doc: str, word: str
) -> None:
    hits = seeds_index.query(query, limit=5)
    assert hits, query
    top = hits[0]
    assert top.doc.startswith(doc)
    assert any(word.startswith(top.text[s:e]) for s, e in top.spans)
    assert top.score == pytest.approx(sum(top.parts.values()), abs=1e-3)


def test_all_words_rank_above_some_words(seeds_index: SqliteIndex) -> None:
    hits = seeds_index.query("Rutte troops Ukraine ", limit=20)
    assert hits[0].doc.startswith("001_")
    assert hits[0].parts["coverage"] >= hits[-1].parts["coverage"]


def test_exact_typed_words_rank_above_typos(seeds_index: SqliteIndex) -> None:
    hits = seeds_index.query("nato ", limit=50)
    assert all("nato" in h.text.lower() for h in hits)


def test_phrases_and_excludes(seeds_index: SqliteIndex) -> None:
    hits = seeds_index.query('"peace agreement"', limit=50)
    assert hits and all("peace agreement" in h.text.lower() for h in hits)
    assert seeds_index.query('"agreement peace"') == []
    hits = seeds_index.query("nato -kosovo", limit=50)
    assert hits and all("kosovo" not in h.text.lower() for h in hits)
    with pytest.raises(QuerySyntaxError):
        seeds_index.query("-nato")


def test_accents_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title\n\nThe café in Zürich opened.\n", encoding="utf-8")
    index = SqliteIndex(None)
    index.refresh(load_corpus([tmp_path]))
    hits = index.query("zurich cafe ")
    assert hits and [hits[0].text[s:e] for s, e in hits[0].spans] == ["café", "Zürich"]


def _write(folder: Path, name: str, body: str) -> None:
    (folder / name).write_text(f"Title {name}\n\n{body}\n", encoding="utf-8")


def test_refresh_touches_only_changed_added_and_deleted_files(tmp_path: Path) -> None:
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    for i in range(5):
        _write(corpus_dir, f"d{i}.txt", f"alpha paragraph number {i} about zeppelins.")
    index = open_index(load_corpus([corpus_dir]))
    first = index.refresh(load_corpus([corpus_dir]))
    assert (first.added, first.changed, first.removed) == (5, 0, 0)
    assert index.path is not None and index.path.exists()

    again = index.refresh(load_corpus([corpus_dir]))
    assert (again.added, again.changed, again.removed, again.unchanged) == (0, 0, 0, 5)

    _write(corpus_dir, "d1.txt", "now about submarines instead.")
    os.utime(corpus_dir / "d1.txt", (1, 1))
    _write(corpus_dir, "new.txt", "fresh words about hovercraft.")
    (corpus_dir / "d2.txt").unlink()
    os.utime(corpus_dir / "d3.txt", (2, 2))  # touched, same text: only the hash tells
    stats = index.refresh(load_corpus([corpus_dir]))
    assert (stats.added, stats.changed, stats.removed, stats.unchanged) == (1, 1, 1, 3)
    assert stats.documents == 5

    assert [h.doc for h in index.query("submarines ")] == ["d1.txt"]
    assert index.query("hovercraft ")[0].doc == "new.txt"
    assert {h.doc for h in index.query("zeppelins ")} == {"d0.txt", "d3.txt", "d4.txt"}
    index.close()

    reopened = open_index(load_corpus([corpus_dir]))
    assert reopened.refresh(load_corpus([corpus_dir])).unchanged == 5
    reopened.close()


@pytest.mark.parametrize("damage", ["garbage", "foreign", "stale"])
def test_a_damaged_or_foreign_index_is_moved_aside_and_rebuilt(tmp_path: Path, damage: str) -> None:
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    _write(corpus_dir, "a.txt", "the quick brown fox")
    corpus = load_corpus([corpus_dir])
    path = index_path(corpus)
    path.parent.mkdir(parents=True, exist_ok=True)
    if damage == "garbage":
        path.write_bytes(b"SQLite format 3\x00" + os.urandom(5000))
    elif damage == "foreign":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE bookmarks(x)")
        conn.commit()
        conn.close()
    else:
        index = open_index(corpus)
        index.refresh(corpus)
        index.conn.execute("UPDATE meta SET value='0' WHERE key='schema'")
        index.close()
    index = open_index(corpus)
    stats = index.refresh(corpus)
    assert stats.added == 1
    assert index.query("fox ")[0].doc == "a.txt"
    assert list(path.parent.glob("*.bad-*")), "the damaged file is kept aside, not deleted"
    index.close()


def test_read_only_data_dir_falls_back_to_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data dir should be")
    monkeypatch.setenv("DOSSIER_DATA_DIR", str(blocker))
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    _write(corpus_dir, "a.txt", "the quick brown fox")
    index = open_index(load_corpus([corpus_dir]))
    assert index.path is None
    assert index.refresh(load_corpus([corpus_dir])).added == 1
    assert index.query("fox")[0].doc == "a.txt"


def test_bbc_typos_and_size(bbc: Path, tmp_path: Path) -> None:
    corpus = load_corpus([bbc])
    index = open_index(corpus)
    stats = index.refresh(corpus)
    text_bytes = sum(len(p.text.encode()) for d in corpus.documents for p in d.passages)
    # The index stores no passage (0.70x on bbc-news; 1.1-1.2x when it kept them compressed).
    assert stats.size <= 0.8 * text_bytes
    exact = index.query("tony blair ", limit=5)
    typo = index.query("tony blari ", limit=5)
    assert exact and typo and typo[0].doc == exact[0].doc
    assert any("Blair" in h.text for h in typo)
    index.close()
    shutil.rmtree(tmp_path / "data", ignore_errors=True)


def test_cli_search_json_exit_codes_and_index(
    seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from tui.cli import main

    assert main(["search", "Rutte", str(seeds), "--json", "--limit", "3"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines and lines[0]["doc"].startswith("001_")
    assert set(lines[0]) == {"doc", "title", "passage", "score", "text", "spans", "parts"}
    start, end = lines[0]["spans"][0]
    assert lines[0]["text"][start:end] == "Rutte"
    # The score parts the `w` panel shows, adding up to the score.
    assert set(lines[0]["parts"]) == {"coverage", "density", "phrase", "exact"}
    assert sum(lines[0]["parts"].values()) == pytest.approx(lines[0]["score"], abs=1e-3)

    assert main(["search", "zzqqxxyy", str(seeds)]) == 1
    assert capsys.readouterr().out == ""
    assert main(["search", "--", "-nato", str(seeds)]) == 2
    assert "bad query" in capsys.readouterr().err
    assert main(["search", "", str(seeds)]) == 2
    assert main(["search", "the of", str(seeds)]) == 2
    assert "only common words" in capsys.readouterr().err

    assert main(["index", str(seeds)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("5 documents") and "0 added, 0 changed, 0 removed" in out


def test_a_write_of_the_stored_vocabulary_that_fails_is_rolled_back() -> None:
    from tui.core.search.sqlite_backend import _transaction

    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE terms(term TEXT PRIMARY KEY, df INTEGER)")
    with pytest.raises(sqlite3.IntegrityError), _transaction(conn):
        conn.execute("INSERT INTO terms VALUES ('alpha', 1)")
        conn.execute("INSERT INTO terms VALUES ('alpha', 2)")
    assert not conn.in_transaction
    assert conn.execute("SELECT count(*) FROM terms").fetchone()[0] == 0
    with _transaction(conn):
        conn.execute("INSERT INTO terms VALUES ('beta', 1)")
    assert not conn.in_transaction
    assert conn.execute("SELECT term FROM terms").fetchall() == [("beta",)]
