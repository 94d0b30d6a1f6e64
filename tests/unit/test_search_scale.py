"""Part 12 at scale: a query lists the passages it ranks and a few pages more, never every
passage holding a common word; OR ranks by score alone; zero-width characters are folded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tui.core.corpus import load_corpus
from tui.core.search import (
    Candidate,
    SearchBackend,
    SqliteIndex,
    Vocabulary,
    parse_query,
    passage_words,
    rank,
    ranking,
    resolve_terms,
)
from tui.core.search.candidates import Match


def _passages(n: int) -> list[Candidate]:
    texts = [f"The government report number {k} on roads." for k in range(n)]
    texts[-1] = "A zebra crossing report."  # the rare word, last in file order
    texts[-2] = "The government zebra report."
    return [Candidate(k, f"d{k}", "", 1, t, passage_words(t)) for k, t in enumerate(texts)]


def test_a_common_word_never_lists_every_passage_holding_it() -> None:
    passages = _passages(20_000)
    holding: dict[str, list[int]] = {}
    for c in passages:
        for word in c.words.counts:
            holding.setdefault(word, []).append(c.key)
    listed: list[int] = []

    def find(match: Match, after: int, limit: int) -> list[int]:
        rows = set.intersection(
            *({r for w in g.words for r in holding.get(w, [])} for g in match.groups)
        )
        rows -= {r for w in match.excludes for r in holding.get(w, [])}
        found = sorted(r for r in rows if r > after)[:limit]
        listed.extend(found)
        return found

    terms_df = {w: len(rows) for w, rows in holding.items()}
    vocab = Vocabulary(sorted(terms_df), [terms_df[w] for w in sorted(terms_df)], len(passages))
    query = parse_query("government zebra ")
    terms = resolve_terms(query, vocab)
    hits = ranking.rank_found(query, terms, find, passages.__getitem__, len(passages), 10)
    every = rank(query, terms, passages, len(passages), 10)
    assert hits == every
    assert [h.doc for h in hits[:2]] == ["d19998", "d19999"]  # both words, then the rare one
    assert len(listed) < 1000  # of 19,999 passages holding "government"


def test_or_ranks_by_score_alone(make: Callable[..., SearchBackend]) -> None:
    files = {f"f{k:02}.txt": "A flood came." for k in range(40)}  # "flood" is common
    files["a1.txt"] = "The flood and the rescues."  # both words, in other forms
    files["z2.txt"] = "Rescue, rescue."  # the rare word as typed, densely
    backend = make(files)
    soft_and = backend.query("floods rescue ", limit=3)
    assert [h.doc for h in soft_and[:2]] == ["a1.txt", "z2.txt"]  # every word first
    any_word = backend.query("floods OR rescue ", limit=3)
    assert [h.doc for h in any_word[:2]] == ["z2.txt", "a1.txt"]  # the better score first
    assert [h.score for h in any_word] == sorted((h.score for h in any_word), reverse=True)


def test_zero_width_characters_inside_a_word_are_folded(
    make: Callable[..., SearchBackend],
) -> None:
    text = "Talks in Ber\u200blin and Pa\u00adris."
    backend = make({"a.txt": "Nothing here.", "z.txt": text})
    for query in ("berlin ", "paris ", "Ber\u200blin "):
        hits = backend.query(query)
        assert [h.doc for h in hits] == ["z.txt"], query
    hit = backend.query("berlin ")[0]
    assert [hit.text[s:e] for s, e in hit.spans] == ["Ber\u200blin"]


def test_a_phrase_is_found_however_often_its_words_meet_apart(
    make: Callable[..., SearchBackend],
) -> None:
    files = {f"a{k:03}.txt": "Trust in the government fell." for k in range(300)}
    files.update({f"z{k}.txt": "Ministers in government met." for k in range(3)})
    backend = make(files)
    hits = backend.query('"in government"')  # the default limit
    assert [h.doc for h in hits] == ["z0.txt", "z1.txt", "z2.txt"]


def test_the_tui_and_the_cli_find_the_same_passages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from tui.cli import main

    folder = tmp_path / "corpus"
    folder.mkdir()
    bodies = {f"a{k}.txt": "Refugees waited for days." for k in range(8)}
    bodies.update({f"b{k}.txt": "The border was closed." for k in range(4)})
    bodies["z.txt"] = "Refugees reached the border."
    for name, body in bodies.items():
        (folder / name).write_text(body + "\n", encoding="utf-8")
    assert main(["search", "refugees border", str(folder), "--json", "--limit", "50"]) == 0
    cli = [json.loads(line)["doc"] for line in capsys.readouterr().out.splitlines()]
    index = SqliteIndex(tmp_path / "tui.sqlite")
    index.refresh(load_corpus([folder]))
    tui = [h.doc for h in index.query("refugees border", limit=50)]  # as the screen asks
    index.close()
    assert cli[0] == tui[0] == "z.txt"
    assert sorted(cli) == sorted(tui) == sorted(bodies)


def test_a_phrase_search_does_not_depend_on_limit(
    make: Callable[..., SearchBackend], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ranking, "CHUNK", 4)
    files = {f"a{k:02}.txt": "The bridge over the river." for k in range(20)}
    files.update({f"b{k:02}.txt": "The river bridge, the river bridge." for k in range(20)})
    backend = make(files)
    everything = [(h.doc, h.score) for h in backend.query('"river bridge"', limit=100)]
    assert sorted(d for d, _ in everything) == [f"b{k:02}.txt" for k in range(20)]
    for n in (1, 3, 7):
        assert [(h.doc, h.score) for h in backend.query('"river bridge"', limit=n)] == (
            everything[:n]
        )


@pytest.mark.parametrize("query", ['"police of" ', "50% "])
def test_a_phrase_or_number_is_found_however_many_passages_hold_its_words(
    make: Callable[..., SearchBackend], monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    # Before: only the first CHECKED_MAX candidates (1,500; here 5) were checked.
    monkeypatch.setattr(ranking, "CHECKED_MAX", 5, raising=False)
    files = {f"a{k:02}.txt": "Chief of police, 50 officers." for k in range(30)}
    files["z.txt"] = "The police of Oslo: up 50% in a year."
    backend = make(files)
    assert [h.doc for h in backend.query(query, limit=10)] == ["z.txt"]


@pytest.mark.parametrize("bulk", [1000, 1])
def test_a_refresh_keeps_the_stored_vocabulary_equal_to_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bulk: int
) -> None:
    # A few documents changed: their words' counts are updated (bulk 1: counted afresh).
    from tui.core.search import sqlite_backend

    monkeypatch.setattr(sqlite_backend, "BULK", bulk)
    folder = tmp_path / "corpus"
    folder.mkdir()
    for k in range(6):
        (folder / f"d{k}.txt").write_text(f"Title {k}\n\nThe Ångström river {k}.\n\nA quay.\n")
    index = SqliteIndex(tmp_path / "index.sqlite")
    index.refresh(load_corpus([folder]))
    (folder / "d1.txt").write_text("Title one\n\nThe harbour wall, the harbour.\n")
    (folder / "d2.txt").unlink()
    (folder / "d9.txt").write_text("Nine\n\nA new quay by the river.\n")
    stats = index.refresh(load_corpus([folder]))
    assert (stats.added, stats.changed, stats.removed) == (1, 1, 1)
    stored = dict(index.conn.execute("SELECT term, df FROM terms").fetchall())
    counted = dict(index.conn.execute("SELECT term, doc FROM vocab WHERE doc > 0").fetchall())
    assert stored == counted and stored["harbour"] == 1 and "2" not in stored
    assert [h.doc for h in index.query("harbour ")] == ["d1.txt"]
    index.close()


def test_a_refresh_that_changes_nothing_keeps_the_vocabulary_loaded(tmp_path: Path) -> None:
    # Past a batch of 2,000 documents a refresh used to drop the vocabulary even when nothing
    # had changed: the next keystroke waited for it to load again (1-2 s at 100k).
    folder = tmp_path / "corpus"
    folder.mkdir()
    for k in range(2001):
        (folder / f"d{k:04}.txt").write_text(f"Note {k}\n\nA word.\n", encoding="utf-8")
    corpus = load_corpus([folder])
    index = SqliteIndex(tmp_path / "index.sqlite")
    index.refresh(corpus)
    index.warm()
    loaded = index._vocab
    assert loaded is not None
    assert index.refresh(corpus).unchanged == 2001
    assert index._vocab is loaded
    index.close()


def test_a_refresh_sees_what_another_process_wrote_to_the_index(tmp_path: Path) -> None:
    # The documents' states are kept between refreshes, unless the file changed under them.
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("A\n\nThe old harbour.\n", encoding="utf-8")
    mine = SqliteIndex(tmp_path / "index.sqlite")
    mine.refresh(load_corpus([folder]))
    (folder / "a.txt").write_text("A\n\nThe new harbour wall.\n", encoding="utf-8")
    (folder / "b.txt").write_text("B\n\nA quay.\n", encoding="utf-8")
    other = SqliteIndex(tmp_path / "index.sqlite")
    assert other.refresh(load_corpus([folder])).added == 1
    other.close()
    stats = mine.refresh(load_corpus([folder]))
    assert (stats.added, stats.changed, stats.unchanged) == (0, 0, 2)
    (folder / "b.txt").write_text("B\n\nA long quay.\n", encoding="utf-8")
    assert mine.refresh(load_corpus([folder])).changed == 1
    assert [h.doc for h in mine.query("long quay ")] == ["b.txt"]
    mine.close()
