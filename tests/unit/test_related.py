"""Related documents (ranking pinned on the seeds, reasons, near-duplicates) and passage
cross-references."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tui.core.corpus import load_corpus
from tui.core.entities import EntityIndex
from tui.core.related import RelatedIndex, _shingle_sketch, sketch_jaccard, stem

DOC0 = "000_4a9b25a20419bc64.txt"
DOC1 = "001_170ba86b760580a8.txt"
DOC2 = "002_ae5626166ea06b75.txt"
DOC3 = "003_6a95722672624bc6.txt"
DOC4 = "004_d9e1add691e13b5a.txt"


@pytest.fixture(scope="module")
def seeds_related() -> RelatedIndex:
    corpus = load_corpus([str(Path(__file__).resolve().parents[2] / "seeds")])
    return RelatedIndex.build(corpus, EntityIndex.build(corpus))


def test_seed_001_pairs_with_002_and_003_first(seeds_related: RelatedIndex) -> None:
    ranked = seeds_related.related(DOC1)
    assert [r.doc for r in ranked[:2]] == [DOC2, DOC3]
    assert {r.doc for r in ranked} == {DOC0, DOC2, DOC3, DOC4}
    scores = [r.score for r in ranked]
    assert scores == sorted(scores, reverse=True)
    assert not any(r.near_duplicate for r in ranked)


def test_reasons_name_shared_entities_and_terms(seeds_related: RelatedIndex) -> None:
    best = seeds_related.related(DOC1)[0]
    assert "Vladimir Putin" in best.shared_entities  # rare in the corpus, shared by 001 and 002
    assert "troops" in best.shared_terms
    # Entities shared by every document weigh least: they come after the rarer ones.
    assert best.shared_entities.index("Vladimir Putin") < best.shared_entities.index("NATO")
    # Shared terms do not repeat the shared entities' words.
    assert not {"nato", "russia", "ukraine"} & set(best.shared_terms)


def test_related_is_symmetric_in_score(seeds_related: RelatedIndex) -> None:
    a = {r.doc: r.score for r in seeds_related.related(DOC1)}
    b = {r.doc: r.score for r in seeds_related.related(DOC2)}
    assert a[DOC2] == pytest.approx(b[DOC1])


def test_unknown_document_raises(seeds_related: RelatedIndex) -> None:
    with pytest.raises(KeyError):
        seeds_related.related("nope.txt")


def test_near_duplicates_are_marked_and_ranked_first(tmp_path: Path) -> None:
    story = " ".join(
        f"On day {i} the ministers of Portugal met in Lisbon about fishing quota number {i}."
        for i in range(30)
    )
    edited = story.replace("day 3 ", "day three ").replace("quota number 7", "quota seven")
    (tmp_path / "a.txt").write_text("Fishing talks\n\n" + story, "utf-8")
    (tmp_path / "b.txt").write_text("Fishing talks (updated)\n\n" + edited, "utf-8")
    (tmp_path / "c.txt").write_text(
        "Other fish\n\nThe ministers of Portugal met in Lisbon about fishing, briefly.", "utf-8"
    )
    corpus = load_corpus([str(tmp_path)])
    rel = RelatedIndex.build(corpus, EntityIndex.build(corpus))
    ranked = rel.related("a.txt")
    assert ranked[0].doc == "b.txt" and ranked[0].near_duplicate
    assert ranked[1].doc == "c.txt" and not ranked[1].near_duplicate


def test_sketch_estimates_jaccard() -> None:
    words = [f"w{i}" for i in range(300)]
    same = _shingle_sketch(words)
    assert sketch_jaccard(same, _shingle_sketch(words)) == 1.0
    other = _shingle_sketch([f"x{i}" for i in range(300)])
    assert sketch_jaccard(same, other) == 0.0
    half = _shingle_sketch(words[:150] + [f"y{i}" for i in range(150)])
    assert 0.15 < sketch_jaccard(same, half) < 0.55


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("troops", "troop"),
        ("policies", "policy"),
        ("taxes", "tax"),
        ("news", "new"),
        ("class", "class"),
        ("status", "status"),
    ],
)
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_passage_refs_share_entities_with_spans(seeds_related: RelatedIndex) -> None:
    refs = seeds_related.passage_refs(DOC1, 1, limit=5)
    assert refs and all(r.doc != DOC1 for r in refs)
    scores = [r.score for r in refs]
    assert scores == sorted(scores, reverse=True)
    top = refs[0]
    assert top.shared_entities
    for h in top.highlights:
        assert 0 <= h.start < h.end <= len(top.text) and h.kind in ("entity", "term")
    kinds = {h.kind for h in top.highlights}
    assert "entity" in kinds
    # Every shared entity is highlighted where it is mentioned in the other passage.
    texts = {top.text[h.start : h.end].lower() for h in top.highlights if h.kind == "entity"}
    assert texts


def test_passage_refs_for_a_heading_is_empty(seeds_related: RelatedIndex) -> None:
    assert seeds_related.passage_refs(DOC2, 1) == []  # passage 1 of 002 is its heading
    with pytest.raises(KeyError):
        seeds_related.passage_refs("nope.txt", 1)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=120
    )


def test_cli_related(seeds: Path) -> None:
    out = run_cli("related", "001", str(seeds), "--json", "--limit", "2")
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert out.returncode == 0 and [r["doc"] for r in rows] == [DOC2, DOC3]
    assert set(rows[0]) == {
        "doc",
        "title",
        "score",
        "shared_entities",
        "shared_terms",
        "near_duplicate",
    }
    bad = run_cli("related", "nope", str(seeds))
    assert bad.returncode == 2 and "no document with id 'nope'" in bad.stderr


def test_the_particles_of_peoples_names_are_not_shared_terms(tmp_path: Path) -> None:
    """Two stories about different Dutch people shared "van" and "der" as terms (bbc-news:
    Jeroen van der Veer and Ruud van Nistelrooy): parts of names, which the entities say."""
    (tmp_path / "a.txt").write_text(
        "Oil results\n\nJeroen van der Veer said the oil group would sell its refinery.", "utf-8"
    )
    (tmp_path / "b.txt").write_text(
        "Football news\n\nRuud van der Sar said the club would win the league.", "utf-8"
    )
    corpus = load_corpus([str(tmp_path)])
    rel = RelatedIndex.build(corpus, EntityIndex.build(corpus))
    shared = {term for r in rel.related("a.txt") for term in r.shared_terms}
    assert not {"van", "der"} & shared


def test_the_stop_words_come_from_the_data_files() -> None:
    from tui.core.related import STOPWORDS

    assert {"the", "said", "week"} <= STOPWORDS  # related_stopwords.txt
    assert {"van", "der", "von", "bin"} <= STOPWORDS  # the entities' name_particles.txt
    assert not any(w.startswith("#") for w in STOPWORDS)
