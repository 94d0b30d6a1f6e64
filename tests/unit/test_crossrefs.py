"""Passage cross-references from the compact passage index: the same passages, scores and
reasons as the cosine written out plainly over every passage, built only when asked for."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from tui.core.corpus import load_corpus
from tui.core.entities import EntityIndex
from tui.core.models import Corpus
from tui.core.related import RelatedIndex, passage_terms, terms_with_spans

WORDS = [
    "harbour",
    "fishing",
    "quota",
    "ministers",
    "Lisbon",
    "Portugal",
    "Zürich",
    "café",
    "naïve",
    "ﬁnance",
    "Europe’s",
    "troops",
    "alliance",
    "border",
    "winter",
    "grain",
    "prices",
    "market",
    "railway",
    "strike",
    "union",
    "talks",
    "court",
    "judge",
    "appeal",
    "council",
    "budget",
    "election",
    "votes",
    "river",
    "flood",
    "bridge",
    "museum",
    "painting",
]


def write_corpus(root: Path) -> Corpus:
    """60 documents of a heading and three passages: one word is in every passage (more than
    the cap: left out of the postings), some passages are repeated word for word."""
    rng = random.Random(7)
    shared = " ".join(rng.choice(WORDS) for _ in range(12))
    for i in range(60):
        passages = [f"Report {i}"]
        for j in range(3):
            words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
            text = "Everywhere " + " ".join(words) + f" with Maria Costa in Lisbon {j}."
            passages.append(shared if (i + j) % 9 == 0 else text)
        (root / f"d{i:02d}.txt").write_text("\n\n".join(passages), "utf-8")
    return load_corpus([str(root)])


def plain_scores(
    corpus: Corpus, entities: EntityIndex, doc_id: str, number: int
) -> list[tuple[str, int, float]]:
    """(doc, passage, score) ranked, computed over every pair with the definition: a cosine
    of IDF-weighted terms (those in at most max(50, n/20) passages) and entities (twice)."""
    terms: dict[tuple[str, int], set[str]] = {}
    ents: dict[tuple[str, int], set[str]] = {}
    for d in corpus.documents:
        by_passage: dict[int, set[str]] = defaultdict(set)
        for m in entities.document_mentions(d.id):
            by_passage[m.passage].add(m.key)
        for p in d.passages:
            if not p.is_heading:
                terms[(d.id, p.number)] = {t for t, _, _, _ in terms_with_spans(p.text)}
                ents[(d.id, p.number)] = by_passage.get(p.number, set())
    n = len(terms)
    df: dict[str, int] = defaultdict(int)
    for ts in [*terms.values(), *ents.values()]:
        for t in ts:
            df[t] += 1
    idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
    cap = max(50, n // 20)

    def norm(pid: tuple[str, int]) -> float:
        return math.sqrt(
            sum(idf[t] ** 2 for t in terms[pid]) + sum((2 * idf[k]) ** 2 for k in ents[pid])
        )

    me = (doc_id, number)
    out = []
    for pid in terms:
        if pid[0] == doc_id:
            continue
        s = sum(idf[t] ** 2 for t in terms[me] & terms[pid] if df[t] <= cap)
        s += sum((2 * idf[k]) ** 2 for k in ents[me] & ents[pid])
        if s:
            out.append((pid[0], pid[1], s / (norm(me) * norm(pid))))
    return sorted(out, key=lambda r: (-r[2], r[0], r[1]))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Corpus, EntityIndex, RelatedIndex]:
    corpus = write_corpus(tmp_path_factory.mktemp("crossrefs"))
    entities = EntityIndex.build(corpus)
    return corpus, entities, RelatedIndex.build(corpus, entities)


@pytest.mark.parametrize(("doc_id", "number"), [("d00.txt", 2), ("d07.txt", 3), ("d33.txt", 4)])
def test_refs_are_the_plain_cosine_ranking(
    built: tuple[Corpus, EntityIndex, RelatedIndex], doc_id: str, number: int
) -> None:
    corpus, entities, related = built
    expected = plain_scores(corpus, entities, doc_id, number)[:10]
    refs = related.passage_refs(doc_id, number, limit=10)
    assert [(r.doc, r.passage) for r in refs] == [(d, p) for d, p, _ in expected]
    assert [r.score for r in refs] == pytest.approx([s for _, _, s in expected], rel=1e-12)


def test_a_large_corpus_reads_its_passages_in_worker_processes(
    built: tuple[Corpus, EntityIndex, RelatedIndex], monkeypatch: pytest.MonkeyPatch
) -> None:
    """From `PARALLEL_FROM` documents (here 1) the passages' terms come from a pool, in shards
    merged here: the same ranking and scores."""
    from tui.core import pool

    corpus, entities, _ = built
    runs: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        runs.append(len(args[1]))
        return map_chunks(*args, **kwargs)

    map_chunks = pool.map_chunks
    monkeypatch.setattr(pool, "PARALLEL_FROM", 1)
    monkeypatch.setattr(pool, "default_workers", lambda: 2)  # on a one-core machine too
    monkeypatch.setattr(pool, "map_chunks", counted)
    related = RelatedIndex.build(corpus, entities)
    related.prepare_passages()
    assert runs == [2]  # 60 documents in shards of 50, sent to the pool
    for doc_id, number in [("d00.txt", 2), ("d07.txt", 3), ("d33.txt", 4)]:
        expected = plain_scores(corpus, entities, doc_id, number)[:10]
        refs = related.passage_refs(doc_id, number, limit=10)
        assert [(r.doc, r.passage) for r in refs] == [(d, p) for d, p, _ in expected]
        assert [r.score for r in refs] == pytest.approx([s for _, _, s in expected], rel=1e-12)


def test_refs_give_the_reasons_and_spans(built: tuple[Corpus, EntityIndex, RelatedIndex]) -> None:
    corpus, _, related = built
    ref = related.passage_refs("d01.txt", 2, limit=3)[0]
    assert "Maria Costa" in ref.shared_entities
    assert ref.shared_terms[-1] == "everywhere"  # in every passage: the weakest reason
    text = corpus.get(ref.doc).passages[ref.passage - 1].text  # type: ignore[union-attr]
    lit = {text[h.start : h.end] for h in ref.highlights}
    assert "Maria Costa" in lit and "Everywhere" in lit


def test_a_heading_or_unknown_document(built: tuple[Corpus, EntityIndex, RelatedIndex]) -> None:
    _, _, related = built
    assert related.passage_refs("d05.txt", 1) == []  # the heading
    assert related.passage_refs("d05.txt", 99) == []
    with pytest.raises(KeyError):
        related.passage_refs("nope.txt", 2)


def test_the_passage_index_is_built_when_first_asked(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    related = RelatedIndex.build(corpus, EntityIndex.build(corpus))
    assert not related.passages_ready
    related.prepare_passages(cancelled=lambda: True)
    assert not related.passages_ready  # a cancelled build leaves nothing half done
    seen: list[tuple[int, int]] = []
    related.prepare_passages(progress=lambda done, total: seen.append((done, total)))
    assert related.passages_ready and seen[-1] == (60, 60)


@pytest.mark.parametrize(
    "text",
    [
        "Europe’s ﬁnance ministers met the Mayor of Zürich's café, naïvely.",
        "The Troops' troops TROOPS policies; it’s 3rd-rate x-ray e-mail don't",
        "",
    ],
)
def test_passage_terms_are_the_stems_of_terms_with_spans(text: str) -> None:
    expected = {t for t, _, _, _ in terms_with_spans(text)}
    assert passage_terms(text) == expected
    assert list(passage_terms(text)) == list(expected)  # the same order: same float sums
