"""The word lists: data files read into a Lexicon, and extraction following the data."""

from __future__ import annotations

import pytest

from tui.core.corpus import parse_document
from tui.core.entities import RuleExtractor, extract_document
from tui.core.entities.gazetteer import (
    Known,
    data_names,
    data_text,
    entries,
    lexicon,
    lexicon_from,
    rows,
)


def shipped_texts() -> dict[str, str]:
    return {name: data_text(name) for name in data_names()}


def test_entries_skip_comments_and_blank_lines_and_rows_split_on_tabs() -> None:
    text = "# what this is\n\nNATO\tNorth Atlantic Treaty Organization\n  EU \n# end\n"
    assert entries(text) == ["NATO\tNorth Atlantic Treaty Organization", "EU"]
    assert rows(text) == [["NATO", "North Atlantic Treaty Organization"], ["EU"]]


def test_every_data_file_says_what_it_is_and_has_entries() -> None:
    names = data_names()
    assert "countries.txt" in names and "organisations.tsv" in names
    for name in names:
        text = data_text(name)
        assert text.startswith("# "), name
        assert entries(text), name
        assert all(e == e.strip() for e in entries(text)), name


def test_shipped_lexicon_is_read_once() -> None:
    assert lexicon() is lexicon()


def test_alias_tables_map_aliases_to_the_canonical_name() -> None:
    lex = lexicon()
    assert lex.known["u.s."] == Known("United States", "GPE")
    assert lex.known["nato"] == Known("NATO", "ORG")
    assert lex.known["serbs"] == Known("Serbian", "NORP")  # nationality_canon.tsv
    assert lex.known["kyiv"] == Known("Kyiv", "GPE")  # a name list entry stands for itself
    assert "us" in lex.upper_aliases and "united states" not in lex.upper_aliases
    assert lex.known_first["united"] >= 4  # "United States of America"
    assert "o'" in lex.name_particles and "o'" not in lex.connectors and "of" in lex.connectors


def test_first_table_wins_a_shared_alias() -> None:
    texts = shipped_texts()
    texts["people.tsv"] += "Paris Hilton\tParis\n"  # people.tsv is read before cities.txt
    assert lexicon_from(texts).known["paris"] == Known("Paris Hilton", "PERSON")
    assert lexicon().known["paris"] == Known("Paris", "GPE")


@pytest.mark.parametrize(
    ("table", "line", "expected"),
    [
        ("countries.txt", "Ruritania", ("Ruritania", "GPE")),
        ("organisations.tsv", "Ruritanian Rail\tRuritania", ("Ruritanian Rail", "ORG")),
        ("locations.txt", "Ruritania", ("Ruritania", "LOC")),
    ],
)
def test_extraction_follows_the_data_and_so_does_the_version(
    table: str, line: str, expected: tuple[str, str]
) -> None:
    doc = parse_document("Title\n\nThe talks with Ruritania went on.", "r.txt")
    shipped = RuleExtractor()
    texts = shipped_texts()
    texts[table] += line + "\n"
    edited = RuleExtractor(lexicon_from(texts))
    assert expected not in {(m.name, m.type) for m in shipped.extract(doc)}
    assert [(m.name, m.type) for m in edited.extract(doc)] == [expected]
    assert edited.version != shipped.version
    assert RuleExtractor(lexicon_from(shipped_texts())).version == shipped.version


def test_extract_document_uses_the_shipped_lexicon_by_default() -> None:
    doc = parse_document("Title\n\nNATO met in Paris.", "p.txt")
    assert extract_document(doc) == RuleExtractor().extract(doc)
