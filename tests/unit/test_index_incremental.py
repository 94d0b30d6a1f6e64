"""A refresh of a few documents updates the loaded vocabulary in place (not loaded again), and
the words of removed or changed documents are no longer offered."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.core.corpus import load_corpus
from tui.core.search import SqliteIndex, Vocabulary, open_index
from tui.core.search import sqlite_backend as backend
from tui.core.search.query import parse_query
from tui.core.search.vocabulary import resolve_terms


def _write(folder: Path, name: str, paragraphs: list[str], mtime: int | None = None) -> None:
    path = folder / name
    path.write_text(f"Title {name}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """Ten documents of ten passages, and one whose twelve passages name "blair" (a tenth of
    the passages: changing it leaves dead rows under the share that rebuilds the index)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(10):
        _write(folder, f"d{i}.txt", [f"ordinary passage {k} of paper {i}." for k in range(10)])
    _write(folder, "speech.txt", [f"tony blair spoke, part {k}." for k in range(12)])
    _write(folder, "village.txt", ["a village called blain."])
    return folder


def _loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = backend._load_vocabulary

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(backend, "_load_vocabulary", counted)
    return calls


def test_a_new_word_is_offered_without_loading_the_vocabulary_again(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = open_index(load_corpus([corpus_dir]))
    index.refresh(load_corpus([corpus_dir]))
    index.warm()
    loads = _loads(monkeypatch)
    _write(corpus_dir, "d3.txt", ["now about a zebrafish and walruses."], mtime=5)
    _write(corpus_dir, "new.txt", ["a hovercraft crossed."])
    stats = index.refresh(load_corpus([corpus_dir]))
    assert (stats.added, stats.changed) == (1, 1)
    # Typos and word starts of the new words find them: the loaded vocabulary has them.
    assert [h.doc for h in index.query("zebrafsh")] == ["d3.txt"]
    assert [h.doc for h in index.query("hovercr")] == ["new.txt"]
    assert [h.doc for h in index.query("walrus ")] == ["d3.txt"]  # a form of a new word
    assert loads == []
    index.close()


def test_a_removed_word_is_no_longer_offered(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = open_index(load_corpus([corpus_dir]))
    index.refresh(load_corpus([corpus_dir]))
    # "blari" is a typo of the common "blair", not of the rare "blain".
    assert {h.doc for h in index.query("blari ")} == {"speech.txt"}
    loads = _loads(monkeypatch)
    _write(corpus_dir, "speech.txt", [f"someone spoke, part {k}." for k in range(12)], mtime=5)
    index.refresh(load_corpus([corpus_dir]))
    # "blair" is in no passage now: the typo is of "blain", and "blair" starts nothing.
    assert [h.doc for h in index.query("blari ")] == ["village.txt"]
    vocab = index._vocabulary()[0]
    assert resolve_terms(parse_query("blai"), vocab)[0].starts == ("blain",)
    assert resolve_terms(parse_query("blair "), vocab)[0].exact is False
    assert loads == []
    index.close()

    # Opened again, the stored vocabulary still counts "blair" (its rows are dead, not
    # forgotten): the loaded one asks the index.
    again = SqliteIndex(index.path)
    again.refresh(load_corpus([corpus_dir]))
    assert [h.doc for h in again.query("blari ")] == ["village.txt"]
    again.close()


def test_an_updated_vocabulary_is_the_one_made_afresh() -> None:
    before = {"blair": 12, "blain": 1, "stoltenberg": 3, "2024": 5, "tony": 12}
    after = {"blain": 2, "stoltenberg": 3, "2024": 6, "tony": 12, "zebrafish": 1, "kyiv": 2}
    vocab = Vocabulary(sorted(before), [before[t] for t in sorted(before)], 40)
    delta = {t: after.get(t, 0) - before.get(t, 0) for t in before.keys() | after.keys()}
    vocab.update(delta, 41)
    fresh = Vocabulary(sorted(after), [after[t] for t in sorted(after)], 41)
    assert vocab.terms == fresh.terms
    assert vocab.df == fresh.df
    assert vocab.rows == fresh.rows
    assert vocab.by_length == fresh.by_length
    assert vocab.cuts.vocab == fresh.cuts.vocab
    assert vocab.cuts._tables == fresh.cuts._tables
    for word in ("blari", "stoltenb", "zebrafsh", "kiyv"):
        for prefix in (False, True):
            assert vocab.typos(word, prefix) == fresh.typos(word, prefix)


def test_a_vocabulary_loaded_between_batches_has_the_words_written_before(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = open_index(load_corpus([corpus_dir]))
    index.refresh(load_corpus([corpus_dir]))
    index.close()
    words = ["zebrafish", "hovercraft", "marmalade", "trombone"]
    for i, word in enumerate(words):
        _write(corpus_dir, f"a{i}.txt", [f"now about a {word}."])
    monkeypatch.setattr(backend, "BATCH", 2)  # documents between writes (and queries)
    real = SqliteIndex._yield_lock

    def query_between(self: SqliteIndex) -> None:
        self.warm()  # a query between two batches loads the vocabulary
        real(self)

    monkeypatch.setattr(SqliteIndex, "_yield_lock", query_between)
    again = open_index(load_corpus([corpus_dir]))  # its vocabulary not loaded yet
    assert again.refresh(load_corpus([corpus_dir])).added == 4
    for i, word in enumerate(words):
        typo = word[0] + word[2] + word[1] + word[3:]  # two letters swapped
        assert [h.doc for h in again.query(typo + " ")] == [f"a{i}.txt"], word
    again.close()
