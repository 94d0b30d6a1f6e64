"""Types from the words around a name the lists do not know (part 8, session 6): kinds of place
after it, place prepositions before it, appositions with a role, event words, and surnames that
are also towns, hyphenated given names, and names made of no English word."""

from __future__ import annotations

import pytest

from tui.core.corpus import parse_document
from tui.core.entities import extract_document


def ents(text: str) -> set[tuple[str, str]]:
    doc = parse_document("Title line\n\n" + text, "t.txt")
    return {(m.name, m.type) for m in extract_document(doc)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rain fell hard on Zorvania district on Monday.", {("Zorvania", "GPE")}),
        ("Relief reached Qintara and Lomasi counties.", {("Qintara", "GPE"), ("Lomasi", "GPE")}),
        ("Boats crossed the Mbelugo river at dawn.", {("Mbelugo", "LOC")}),
        ("Boats crossed the Kosi river at dawn.", {("Kosi", "LOC")}),  # Kosi, a town too
        ("Water was short in Velkoria, officials said.", {("Velkoria", "GPE")}),
        ("Water was short in November, officials said.", set()),
        ("Aid reached Siaya and Homa Bay on Monday.", {("Siaya", "GPE"), ("Homa Bay", "GPE")}),
        (
            "Qarvel Mirtosh, a teacher at the school, lost everything.",
            {("Qarvel Mirtosh", "PERSON")},
        ),
        ("Economist Qarvel Mirtosh of the bank warned.", {("Qarvel Mirtosh", "PERSON")}),
        ("A year after Hurricane Zelka struck, towns rebuilt.", {("Hurricane Zelka", "EVENT")}),
        (
            "Paula Radcliffe won the race. Later, Radcliffe said it was hard.",
            {("Paula Radcliffe", "PERSON")},
        ),
        (
            "Staff at Qintara Velo Partners agreed. Later, Qintara Velo bought more.",
            {("Qintara Velo Partners", "ORG")},
        ),
        ("Shares in Qarvel Mirtosh rose by a third.", {("Qarvel Mirtosh", "ORG")}),
        ("Finance minister Choi Sang-mok spoke.", {("Choi Sang-mok", "PERSON")}),
        ("The team, led by Qarvel Mirtosh, arrived.", {("Qarvel Mirtosh", "PERSON")}),
        ("A revival of Glass Menagerie opened.", set()),
        ("Yoruba traders met in the market.", {("Yoruba", "NORP")}),
        (
            "The Qintara People's Liberation Front signed.",
            {("Qintara People's Liberation Front", "ORG")},
        ),
        (
            "Later the Qintara National Alliance MP Velo Mirtosh spoke.",
            {("Qintara National Alliance", "ORG"), ("Velo Mirtosh", "PERSON")},
        ),
        ("Farmers in Cotabambas Province protested.", {("Cotabambas Province", "GPE")}),
        (
            "Later Cherie Blair's Matrix Chambers took the case.",
            {("Cherie Blair", "PERSON"), ("Matrix Chambers", "ORG")},
        ),
    ],
)
def test_context_types_unknown_names(text: str, expected: set[tuple[str, str]]) -> None:
    assert ents(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Fans of Bayern Munich's Champions League side cheered.",
        "Officials at the FDA's Office of Drug Safety spoke.",
        "Visitors to the Science Museum's Dana Centre came.",
    ],
)
def test_a_names_possessive_does_not_join_the_next_name(text: str) -> None:
    assert not any("'s " in name for name, _ in ents(text))
