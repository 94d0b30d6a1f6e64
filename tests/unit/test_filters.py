"""Filters behind the bookmarks screen and the entity browser, and a passage's citation."""

from __future__ import annotations

from tui.core.citation import citation
from tui.core.entities import Entity
from tui.core.filters import filter_bookmarks, filter_entities
from tui.core.listing import sort_first
from tui.core.models import Document, Passage
from tui.core.store import Bookmark


def mark(n: int, quote: str, note: str = "") -> Bookmark:
    return Bookmark(
        id=n, root="/c", doc=f"{n}.txt", passage=1, quote=quote, note=note,
        created=f"2026-11-0{n}T10:00:00Z",
    )  # fmt: skip


def test_bookmarks_every_word_must_match_best_first() -> None:
    marks = [
        mark(1, "Kosovo protests turned violent in the north."),
        mark(2, "Troops were sent to Kosovo after the protests."),
        mark(3, "Nothing to see.", note="kosovo later"),
    ]
    assert [b.id for b in filter_bookmarks(marks, "", {})] == [3, 2, 1]
    assert [b.id for b in filter_bookmarks(marks, "troops kosovo", {})] == [2]
    assert [b.id for b in filter_bookmarks(marks, "kosvo", {})] == [3, 2, 1]  # a typo
    assert filter_bookmarks(marks, "zz", {}) == []
    titles = {"1.txt": "Balkan Report"}
    assert [b.id for b in filter_bookmarks(marks, "balkan", titles)] == [1]


def test_entities_by_name_or_alias_letters_in_order() -> None:
    nato = Entity("ORG:nato", "NATO", "ORG", count=9, aliases=["North Atlantic Treaty"])
    rutte = Entity("PERSON:mark rutte", "Mark Rutte", "PERSON", count=3, aliases=["Rutte"])
    both = [nato, rutte]
    assert filter_entities(both, "") == both
    assert filter_entities(both, "rutte") == [rutte]
    assert filter_entities(both, "atlantic") == [nato]
    assert filter_entities(both, "mrk") == [rutte]  # letters in order
    assert filter_entities(both, "xyz") == []


def test_citation_and_first_document() -> None:
    p = Passage(number=3, text="Troops arrived.")
    doc = Document("a.txt", "/c/a.txt", "/c", "Report", (p,), date="2024-02-19")
    assert citation(doc, 3, p.text) == "“Troops arrived.”\n— Report (2024-02-19), a.txt#3"
    undated = Document("b.txt", "/c/b.txt", "/c", "Another", (p,))
    assert citation(undated, 3, p.text).endswith("— Another, b.txt#3")
    assert sort_first([doc, undated], "title").id == "b.txt"
    assert sort_first([doc, undated], "date").id == "a.txt"
