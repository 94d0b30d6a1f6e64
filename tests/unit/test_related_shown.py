"""What the related panel and cross-references show: one row per story, scores on one scale,
and the citation's full title."""

from __future__ import annotations

from pathlib import Path

from tui.core.citation import citation, full_title
from tui.core.corpus import load_corpus
from tui.core.entities import EntityIndex
from tui.core.related import RelatedIndex

STORY = " ".join(
    f"On day {i} the ministers of Portugal met in Lisbon about fishing quota number {i}."
    for i in range(30)
)


def build(root: Path, files: dict[str, str]) -> RelatedIndex:
    for name, text in files.items():
        (root / name).write_text(text, "utf-8")
    corpus = load_corpus([str(root)])
    return RelatedIndex.build(corpus, EntityIndex.build(corpus))


def test_a_story_filed_twice_is_listed_once(tmp_path: Path) -> None:
    """b.txt and c.txt are one story (filed twice): a.txt, related to both, lists one of them;
    each still lists the other, marked a near-duplicate."""
    other = "The ministers of Portugal met in Lisbon about fishing quota rules, and met again."
    rel = build(
        tmp_path,
        {
            "a.txt": "Fishing in brief\n\n" + other,
            "b.txt": "Fishing talks\n\n" + STORY,
            "c.txt": "Fishing talks\n\n" + STORY.replace("day 3 ", "day three "),
            "d.txt": "Lisbon weather\n\nRain fell on Lisbon while ministers of Portugal met.",
        },
    )
    listed = [r.doc for r in rel.related("a.txt")]
    assert len({"b.txt", "c.txt"} & set(listed)) == 1 and "d.txt" in listed
    from_b = rel.related("b.txt")
    assert from_b[0].doc == "c.txt" and from_b[0].near_duplicate


def test_cross_reference_scores_are_cosines_like_related_scores(tmp_path: Path) -> None:
    """Between 0 and 1 as the related documents' scores are; the same passage elsewhere is 1."""
    passage = "Ministers of Portugal met in Lisbon about fishing quotas and harbour fees."
    rel = build(
        tmp_path,
        {
            "a.txt": "One\n\n" + passage + "\n\nSomething else entirely about gardening.",
            "b.txt": "Two\n\nUnrelated words on cooking.\n\n" + passage,
            "c.txt": "Three\n\nMinisters of Portugal spoke about harbour fees in Porto.",
        },
    )
    refs = rel.passage_refs("a.txt", 2)
    assert refs[0].doc == "b.txt" and abs(refs[0].score - 1.0) < 1e-9
    assert all(0.0 < r.score <= 1.0 + 1e-9 for r in refs) and len(refs) >= 2
    assert all(0.0 <= r.score <= 1.0 + 1e-9 for r in rel.related("a.txt"))


def test_the_citation_carries_the_whole_title(tmp_path: Path) -> None:
    """A title taken from a long first sentence is cut with "…" for the list; the citation
    quotes the sentence whole."""
    lead = (
        "In a significant move to curb the escalating violence in the north, the alliance "
        "has announced the deployment of seven hundred additional troops to the region"
    )
    (tmp_path / "a.txt").write_text(lead + ". More follows here.\n\nSecond paragraph.", "utf-8")
    (tmp_path / "b.txt").write_text("A title … with an ellipsis…\n\nText.", "utf-8")
    corpus = load_corpus([str(tmp_path)])
    doc = corpus.get("a.txt")
    assert doc is not None and doc.title.endswith("…")
    assert full_title(doc) == lead
    assert "…" not in citation(doc, 2, "Second paragraph.").splitlines()[-1]
    titled = corpus.get("b.txt")
    assert titled is not None and full_title(titled) == titled.title
