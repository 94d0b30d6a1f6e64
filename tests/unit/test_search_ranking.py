"""Ranking and candidate gathering as pure functions: no backend, no I/O."""

from __future__ import annotations

import random

import pytest

from tui.core.search import (
    Candidate,
    Vocabulary,
    parse_query,
    passage_words,
    rank,
    ranking,
    resolve_terms,
)
from tui.core.search.candidates import Group, Match, driving_terms, signatures
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
    assert len(_rank("channel ", limit=2)) == 2


def test_rarer_words_weigh_more() -> None:
    # "dawn" is in two passages, "channel" in three: the passage with the rarer word wins.
    query = parse_query("channel dawn ")
    terms = resolve_terms(query, _vocabulary(TEXTS))
    assert terms[1].df < terms[0].df
    given = _candidates(["A channel, nothing else.", "A dawn, nothing else."])
    hits = rank(query, terms, given, len(TEXTS), 10)
    assert [h.doc for h in hits] == ["d1", "d0"]
    assert hits[0].parts["coverage"] > hits[1].parts["coverage"]


def test_signatures_split_candidates_by_how_they_hold_each_term() -> None:
    query = parse_query("airship chanel -balloon ")
    terms = resolve_terms(query, _vocabulary(TEXTS))
    found = dict(signatures(query, terms))
    # "chanel" is not in the vocabulary: held only in another spelling, or not at all.
    assert set(found) == {(2, 1), (2, 0), (0, 1)}
    assert found[2, 1].groups == (Group(("airship",), False), Group(("channel",), False))
    assert found[2, 0].excludes == ("balloon", "channel")
    expected = '(("airship") AND ("channel")) NOT ("balloon")'
    assert fts_expression(found[2, 1]) == expected


@pytest.mark.parametrize(
    "text",
    ["flood rescue ", "the flood ", "flod bridge ", "repairs", "bridg", '"river bridge" storm '],
)
@pytest.mark.parametrize("chunk", [250, 5])
def test_rank_found_reads_few_passages_and_agrees_with_rank(
    text: str, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ranking, "CHUNK", chunk)
    rng = random.Random(7)
    words = ["river", "bridge", "storm", "flood", "rescue", "repair", "the", "of"]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(2, 30))) for _ in range(200)]
    vocab = _vocabulary(texts)
    query = parse_query(text)
    terms = resolve_terms(query, vocab)
    by_key = {c.key: c for c in _candidates(texts)}

    def holds(key: int, words: tuple[str, ...], every: bool) -> bool:
        counts = by_key[key].words.counts
        return (all if every else any)(w in counts for w in words)

    def find(match: Match, after: int, limit: int) -> list[int]:
        rows = [k for k in by_key if all(holds(k, g.words, g.every) for g in match.groups)]
        return [k for k in rows if k > after and not holds(k, match.excludes, False)][:limit]

    # Candidates: passages holding a term that drives the search (not "the" beside "flood").
    spellings = {w for k in driving_terms(terms) for w in terms[k].spellings}
    held = [k for k in by_key if not spellings.isdisjoint(by_key[k].words.counts)]
    if query.phrases:
        held = [k for k in by_key if all(holds(k, p, True) for p in query.phrases)]
    read: list[int] = []

    def load(key: int) -> Candidate:
        read.append(key)
        return by_key[key]

    every = rank(query, terms, [by_key[k] for k in held], len(texts), 1000)
    assert len(every) > 10
    for limit in (1, 10, 1000):
        read.clear()
        hits = ranking.rank_found(query, terms, find, load, len(texts), limit)
        if chunk == 250:  # one run: exactly rank's order
            assert hits == every[:limit]
        else:  # runs of 5: the same hits, ordered by bound first
            longest = ranking.rank_found(query, terms, find, by_key.__getitem__, len(texts), 999)
            assert hits == longest[:limit]
        if limit == 1 and chunk == 250 and text == "flood rescue ":
            assert len(read) < len(held)  # bounds spared reading them all
