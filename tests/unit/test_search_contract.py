"""The SearchBackend contract: one suite run against every implementation (SQLite, memory).

Both backends rank with the same pure function (`ranking.rank`) from candidates and term
statistics they gather the same way, so the last tests ask them for identical hits and scores.
They can disagree only where SQLite FTS5's unicode61 tokenizer and Python's folding cut a word
differently (e.g. "ß", which Python folds to "ss" and FTS5 keeps; ligatures such as "ﬁ"):
such words are absent from the corpora compared here.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tui.core.corpus import load_corpus
from tui.core.models import Corpus
from tui.core.search import (
    MemoryBackend,
    QuerySyntaxError,
    SearchBackend,
    SearchHit,
    SqliteIndex,
    file_states,
)

BACKENDS: dict[str, Callable[[Path], SearchBackend]] = {
    "sqlite": lambda folder: SqliteIndex(folder / "index.sqlite"),
    "memory": lambda folder: MemoryBackend(),
}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchBackend]:
    made = BACKENDS[request.param](tmp_path)
    yield made
    made.close()


def _write(folder: Path, name: str, body: str, mtime: float | None = None) -> None:
    path = folder / name
    path.write_text(f"Title of {name}\n\n{body}\n", encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    _write(folder, "airships.txt", "Zeppelins crossed the sea.\n\nA peace agreement was signed.")
    _write(folder, "boats.txt", "Submarines and zeppelins.\n\nThe agreement on peace failed.")
    _write(folder, "cafes.txt", "The café in Zürich opened.\n\nIts coffee drew crowds.")
    return folder


def _load(folder: Path) -> Corpus:
    return load_corpus([folder])


def _words(hit: SearchHit) -> list[str]:
    return [hit.text[s:e] for s, e in hit.spans]


def test_refresh_reports_what_it_did(backend: SearchBackend, corpus_dir: Path) -> None:
    corpus = _load(corpus_dir)
    stats = backend.refresh(corpus)
    passages = sum(len(d.passages) for d in corpus.documents)
    assert (stats.documents, stats.passages, stats.added, stats.unchanged) == (3, passages, 3, 0)
    assert stats.summary().startswith(f"3 documents, {passages} passages: 3 added")
    again = backend.refresh(_load(corpus_dir))
    assert (again.added, again.changed, again.removed, again.unchanged) == (0, 0, 0, 3)


def test_exact_words_with_spans_and_score_parts(backend: SearchBackend, corpus_dir: Path) -> None:
    backend.refresh(_load(corpus_dir))
    backend.warm()
    hits = backend.query("submarines ")
    assert [(h.doc, h.passage) for h in hits] == [("boats.txt", 2)]  # 1: the title
    assert _words(hits[0]) == ["Submarines"]
    assert set(hits[0].parts) == {"coverage", "density", "phrase", "exact"}
    assert hits[0].score == pytest.approx(sum(hits[0].parts.values()), abs=1e-3)


def test_hits_come_best_first(backend: SearchBackend, corpus_dir: Path) -> None:
    backend.refresh(_load(corpus_dir))
    hits = backend.query("crossed sea submarines ")
    assert [h.doc for h in hits] == ["airships.txt", "boats.txt"]  # no passage has all three
    assert hits[0].parts["coverage"] > hits[1].parts["coverage"]  # two words beat one
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    # Soft AND: the passage missing "sea" follows the one with both words.
    assert [h.doc for h in backend.query("zeppelins sea ")] == ["airships.txt", "boats.txt"]


def test_typos_and_word_starts(backend: SearchBackend, corpus_dir: Path) -> None:
    backend.refresh(_load(corpus_dir))
    typo = backend.query("zepelins ")
    assert {h.doc for h in typo} == {"airships.txt", "boats.txt"}
    assert all(_words(h) == ["Zeppelins"] or _words(h) == ["zeppelins"] for h in typo)
    assert all(h.parts["exact"] == 0 for h in typo)
    typing = backend.query("subma")  # no space after it: the word is still being typed
    assert [h.doc for h in typing] == ["boats.txt"] and _words(typing[0]) == ["Subma"]
    assert backend.query("subma ") == []


def test_phrases_are_matched_word_for_word(backend: SearchBackend, corpus_dir: Path) -> None:
    backend.refresh(_load(corpus_dir))
    hits = backend.query('"peace agreement"')
    assert [(h.doc, h.passage) for h in hits] == [("airships.txt", 3)]
    assert _words(hits[0]) == ["peace agreement"] and hits[0].parts["phrase"] > 0
    assert [h.doc for h in backend.query('"agreement on peace"')] == ["boats.txt"]
    assert backend.query('"sea peace"') == []


def test_exclusions(backend: SearchBackend, corpus_dir: Path) -> None:
    backend.refresh(_load(corpus_dir))
    assert [h.doc for h in backend.query("zeppelins -submarines ")] == ["airships.txt"]
    # A phrase excluded is the phrase: "agreement on peace failed" does not hold "on failed".
    assert {h.doc for h in backend.query('agreement -"on failed" ')} == {
        "airships.txt",
        "boats.txt",
    }
    assert [h.doc for h in backend.query('agreement -"on peace" ')] == ["airships.txt"]
    with pytest.raises(QuerySyntaxError):
        backend.query("-zeppelins")


def test_accents_are_ignored_both_ways(backend: SearchBackend, corpus_dir: Path) -> None:
    backend.refresh(_load(corpus_dir))
    hits = backend.query("zurich cafe ")
    assert [(h.doc, h.passage) for h in hits] == [("cafes.txt", 2), ("cafes.txt", 1)]
    assert _words(hits[0]) == ["café", "Zürich"]
    assert next((h.doc, h.passage) for h in backend.query("CAFÉ ")) == ("cafes.txt", 2)


def test_limit_empty_query_and_no_match(backend: SearchBackend, corpus_dir: Path) -> None:
    backend.refresh(_load(corpus_dir))
    assert len(backend.query("title ", limit=50)) == 3  # every document's title passage
    assert len(backend.query("title ", limit=2)) == 2
    assert backend.query("title ", limit=0) == []
    assert backend.query("") == [] and backend.query("   ") == []
    assert backend.query("xylophone ") == []


def test_an_empty_backend_finds_nothing(backend: SearchBackend) -> None:
    backend.warm()
    assert backend.query("anything ") == []
    assert not backend.is_fresh([])


def test_refresh_follows_changes_and_removals(backend: SearchBackend, corpus_dir: Path) -> None:
    backend.refresh(_load(corpus_dir))
    assert backend.is_fresh(file_states(_load(corpus_dir)))
    _write(corpus_dir, "boats.txt", "Now about hovercraft instead.", mtime=1)
    (corpus_dir / "cafes.txt").unlink()
    os.utime(corpus_dir / "airships.txt", (2, 2))  # touched, same text: only the hash tells
    corpus = _load(corpus_dir)
    assert not backend.is_fresh(file_states(corpus))
    stats = backend.refresh(corpus)
    assert (stats.added, stats.changed, stats.removed, stats.unchanged) == (0, 1, 1, 1)
    assert stats.documents == 2
    assert backend.is_fresh(file_states(corpus))
    assert [h.doc for h in backend.query("hovercraft ")] == ["boats.txt"]
    assert [h.doc for h in backend.query("zeppelins ")] == ["airships.txt"]
    assert backend.query("submarines ") == [] and backend.query("zurich ") == []


def test_clear_forgets_everything(backend: SearchBackend, corpus_dir: Path) -> None:
    backend.refresh(_load(corpus_dir))
    backend.clear()
    assert backend.query("zeppelins ") == []
    assert backend.refresh(_load(corpus_dir)).added == 3
    assert len(backend.query("zeppelins ")) == 2


def test_close_can_be_called_twice(backend: SearchBackend, corpus_dir: Path) -> None:
    backend.refresh(_load(corpus_dir))
    backend.close()
    backend.close()


# -- the backends agree --------------------------------------------------------------------

QUERIES = [
    "nato",
    "nato ",
    "Rutte troops Ukraine ",
    "rute ",
    "Madelein Albrigt",
    "albri",
    '"peace agreement"',
    '"north of kosovo" troops',
    "nato -kosovo ",
    'ukraine -"united states"',
    "galwan valley ",
    "the",
    "a",
    "the nato",
    "élection",
    "zzqqxxyy ",
    "security council resolution ",
]


def _hits(backend: SearchBackend, query: str) -> list[tuple[object, ...]]:
    return [(h.doc, h.passage, h.score, h.parts, h.spans) for h in backend.query(query, 50)]


def _both(tmp_path: Path) -> list[SearchBackend]:
    return [make(tmp_path) for _, make in sorted(BACKENDS.items())]


def test_backends_agree_on_the_seeds(seeds: Path, tmp_path: Path) -> None:
    backends = _both(tmp_path)
    for b in backends:
        b.refresh(load_corpus([seeds]))
    compared = 0
    for query in QUERIES:
        sqlite, memory = (_hits(b, query) for b in backends)
        assert sqlite == memory, query
        compared += bool(sqlite)
    assert compared >= len(QUERIES) - 2  # the comparison is not between empty lists
    for b in backends:
        b.close()


def test_backends_agree_after_an_incremental_refresh(seeds: Path, tmp_path: Path) -> None:
    # A changed document is numbered anew, after the others: ties are broken the same way.
    folder = tmp_path / "seeds"
    shutil.copytree(seeds, folder)
    backends = _both(tmp_path)
    for b in backends:
        b.refresh(load_corpus([folder]))
    first = sorted(folder.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n\nNATO troops again.\n", "utf-8")
    os.utime(first, (3, 3))
    sorted(folder.glob("*.txt"))[-1].unlink()
    for b in backends:
        stats = b.refresh(load_corpus([folder]))
        assert (stats.changed, stats.removed) == (1, 1)
    for query in ("nato ", "troops ", "nato troops", '"nato troops"'):
        sqlite, memory = (_hits(b, query) for b in backends)
        assert sqlite and sqlite == memory, query
    for b in backends:
        b.close()
