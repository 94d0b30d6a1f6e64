"""Ranking and candidate gathering as pure functions: no backend, no I/O."""

from __future__ import annotations

import pytest

from tui.core.search import (
    Candidate,
    Vocabulary,
    parse_query,
    passage_words,
    rank,
    resolve_terms,
)
from tui.core.search.candidates import Match, candidate_rows, candidates_wanted
from tui.core.search.sqlite_backend import fts_expression

TEXTS = [
    "The airship crossed the channel at dawn.",
    "An airship and a balloon.",
    "Balloons drift; the channel is calm.",
    "The airship crossed the channel at dawn.",  # the same text as the first, a later key
]


def _vocabulary(texts: list[str]) -> Vocabulary:
    holding: dict[str, int] = {}
    for text in texts:
        for word in set(passage_words(text).tokens):
            holding[word] = holding.get(word, 0) + 1
    terms = sorted(holding)
    return Vocabulary(terms, [holding[t] for t in terms], len(texts))


def _candidates(texts: list[str]) -> list[Candidate]:
    return [
        Candidate(key, f"d{key}", f"Doc {key}", 1, text, passage_words(text))
        for key, text in enumerate(texts)
    ]


def _rank(text: str, limit: int = 10) -> list[tuple[str, float]]:
    query = parse_query(text)
    terms = resolve_terms(query, _vocabulary(TEXTS))
    hits = rank(query, terms, _candidates(TEXTS), len(TEXTS), limit)
    return [(h.doc, h.score) for h in hits]


def test_scores_add_up_and_ties_go_to_the_smaller_key() -> None:
    query = parse_query("airship channel ")
    terms = resolve_terms(query, _vocabulary(TEXTS))
    hits = rank(query, terms, _candidates(TEXTS), len(TEXTS), 10)
    assert [h.doc for h in hits[:2]] == ["d0", "d3"]  # same text, same score: key order
    assert hits[0].score == hits[1].score
    for hit in hits:
        assert hit.score == pytest.approx(sum(hit.parts.values()), abs=1e-3)
    top = hits[0]
    assert [top.text[s:e] for s, e in top.spans] == ["airship", "channel"]


def test_the_order_candidates_arrive_in_does_not_matter() -> None:
    query = parse_query("airship balloon ")
    terms = resolve_terms(query, _vocabulary(TEXTS))
    forward = rank(query, terms, _candidates(TEXTS), len(TEXTS), 10)
    backward = rank(query, terms, list(reversed(_candidates(TEXTS))), len(TEXTS), 10)
    assert forward == backward and forward[0].doc == "d1"


def test_a_typo_scores_below_the_word_as_typed() -> None:
    exact = dict(_rank("balloon "))
    typo = dict(_rank("baloon "))
    assert exact["d1"] > typo["d1"] > 0


def test_a_phrase_is_required_word_for_word_and_limit_cuts() -> None:
    assert [d for d, _ in _rank('"crossed the channel"')] == ["d0", "d3"]
    assert _rank('"channel crossed"') == []
    assert len(_rank("the ", limit=2)) == 2


def test_rarer_words_weigh_more() -> None:
    # "dawn" is in two passages, "channel" in three: the passage with the rarer word wins.
    query = parse_query("channel dawn ")
    terms = resolve_terms(query, _vocabulary(TEXTS))
    assert terms[1].df < terms[0].df
    given = _candidates(["A channel, nothing else.", "A dawn, nothing else."])
    hits = rank(query, terms, given, len(TEXTS), 10)
    assert [h.doc for h in hits] == ["d1", "d0"]
    assert hits[0].parts["coverage"] > hits[1].parts["coverage"]


def test_candidate_rows_widens_only_when_needed() -> None:
    asked: list[Match] = []

    def find(match: Match, limit: int) -> list[int]:
        asked.append(match)
        return [1, 2] if all(len(g.words) == 1 for g in match.groups) else []

    query = parse_query("airship chanel -balloon ")
    terms = resolve_terms(query, _vocabulary(TEXTS))
    assert candidate_rows(query, terms, 50, find) == []
    # "chanel" is not in the vocabulary: no all-as-typed pass; every word with its
    # spellings, then any word.
    assert [m.every for m in asked] == [True, False]
    assert asked[0].groups[1].words == ("chanel", "channel")
    assert asked[0].excludes == ("balloon",)
    expected = '(("airship") OR ("chanel" OR "channel")) NOT ("balloon")'
    assert fts_expression(asked[1]) == expected

    asked.clear()
    exact = parse_query("airship channel ")
    assert candidate_rows(exact, resolve_terms(exact, _vocabulary(TEXTS)), 50, find) == [1, 2]
    assert len(asked) == 2 and candidates_wanted(exact, 50) == 100
