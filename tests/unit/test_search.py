"""Query syntax, the title finder, find-in-document and snippets."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.corpus import load_corpus
from tui.core.models import Passage
from tui.core.search import (
    QuerySyntaxError,
    TitleFinder,
    find_in_text,
    match_spans,
    parse_query,
    snippet,
)


@pytest.mark.parametrize(
    ("text", "terms", "phrases", "excludes"),
    [
        ("nato troops", ("nato", "troops"), (), ()),
        ('"peace agreement" Rutte', ("rutte",), (("peace", "agreement"),), ()),
        ("nato -kosovo", ("nato",), (), ("kosovo",)),
        ('nato -"north kosovo"', ("nato",), (), ()),  # the phrase: see exclude_phrases
        ('"open quote never closed', (), (("open", "quote", "never", "closed"),), ()),
        ('"single"', ("single",), (), ()),
        ("Zürich ÉTÉ", ("zurich", "ete"), (), ()),
        ("a-b c", ("a", "b", "c"), (), ()),
        ("(nato)* [x] ^$", ("nato", "x"), (), ()),
        ("nato nato", ("nato",), (), ()),
    ],
)
def test_parse_query(text: str, terms: tuple, phrases: tuple, excludes: tuple) -> None:
    q = parse_query(text)
    assert (q.terms, q.phrases, q.excludes) == (terms, phrases, excludes)


def test_only_excludes_is_a_syntax_error() -> None:
    with pytest.raises(QuerySyntaxError):
        parse_query("-nato -kosovo")


def test_empty_and_symbol_queries_are_empty_not_errors() -> None:
    for text in ("", "   ", "-", '""', "🙂🙂", "***"):
        assert parse_query(text).is_empty


def test_prefix_flag_tracks_a_word_being_typed() -> None:
    assert parse_query("nato sec").prefix
    assert not parse_query("nato sec ").prefix
    assert not parse_query('"nato sec"').prefix


@pytest.fixture(scope="module")
def finder() -> TitleFinder:
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    corpus = load_corpus([seeds])
    return TitleFinder([(d.id, d.title) for d in corpus.documents])


def test_title_finder_matches_words_and_starts(finder: TitleFinder) -> None:
    hits = finder.find("second life")
    assert hits[0].title.startswith("NATO Just Got Its Second Life")
    assert finder.find("secon")[0].doc_id == hits[0].doc_id


def test_title_finder_tolerates_typos(finder: TitleFinder) -> None:
    exact = finder.find("rubio")[0]
    assert finder.find("ruboi")[0].doc_id == exact.doc_id
    assert finder.find("secnod life")[0].doc_id == finder.find("second life")[0].doc_id


def test_title_finder_positions_mark_the_matched_characters(finder: TitleFinder) -> None:
    hit = finder.find("second")[0]
    marked = "".join(hit.title[i] for i in hit.positions)
    assert marked.lower() == "second"


def test_title_finder_finds_by_id_and_lists_all_when_empty(finder: TitleFinder) -> None:
    assert finder.find("003")[0].doc_id.startswith("003_")
    assert len(finder.find("")) == len(finder) == 5
    assert finder.find("", limit=2) == finder.find("", limit=2)[:2]
    assert finder.find("qqqqzzzz") == []


def test_title_finder_highlights_accented_titles() -> None:
    finder = TitleFinder([("a", "Élan à Zürich"), ("b", "Other")])
    hit = finder.find("zurich")[0]
    assert hit.doc_id == "a"
    assert "".join(hit.title[i] for i in hit.positions) == "Zürich"


def test_find_in_text_is_case_insensitive_unless_capitals() -> None:
    passages = [Passage(1, "NATO and nato and Nato"), Passage(2, "no match"), Passage(3, "nato.")]
    assert find_in_text("nato", passages) == [(1, 0, 4), (1, 9, 13), (1, 18, 22), (3, 0, 4)]
    assert find_in_text("NATO", passages) == [(1, 0, 4)]
    assert find_in_text("a.d", ["a.d and abd"]) == [(1, 0, 3)]
    assert find_in_text("  ", passages) == []


def test_match_spans_are_offsets_into_the_original_text() -> None:
    text = "Die Zürcher Straße in Zürich, zurich again"
    spans = match_spans(text, ["zurich"])
    assert [text[s:e] for s, e in spans] == ["Zürich", "zurich"]
    spans = match_spans("Peace agreement, a peace  agreement", [], phrases=[("peace", "agreement")])
    assert len(spans) == 2
    assert match_spans("Stoltenberg said", [], prefixes=["stol"]) == ((0, 4),)


def test_snippet_windows_around_the_first_match() -> None:
    text = "word " * 100 + "TARGET " + "word " * 100
    start = text.index("TARGET")
    cut, spans = snippet(text, [(start, start + 6)], width=80)
    assert len(cut) <= 82
    assert cut[spans[0][0] : spans[0][1]] == "TARGET"
    assert cut.startswith("…") and cut.endswith("…")


def test_a_snippet_holds_its_first_match_wherever_it_is() -> None:
    """Near a passage's end too: the window's start, moved back to a word's start, took its
    end before a last word matched ("…told an investors' conference in…" for "Kiev")."""
    words = ["a", "word", "longer", "conference", "investors'", "in", "Kiev", "standards"]
    text = " ".join(words[(i * 7) % len(words)] for i in range(140))
    for start in range(len(text)):
        for length in (1, 4, 19):
            end = min(len(text), start + length)
            cut, spans = snippet(text, [(start, end), (0, 1)], width=160)
            assert len(cut) <= 162 + length
            s, e = spans[0]
            assert cut[s:e] == text[start:end], (start, length, cut)


def test_title_finder_falls_back_to_letters_in_order() -> None:
    titles = [("a", "Budget review"), ("b", "Juniper trees"), ("z", "June elections")]
    finder = TitleFinder(titles)
    hits = finder.find("jne")  # no word starts with it or is a typo away
    assert [h.doc_id for h in hits] == ["z", "b"]  # "Jun e" is tighter than "Junipe"
    assert "".join(hits[0].title[i] for i in hits[0].positions) == "Jne"
    assert finder.find("qqz") == []
