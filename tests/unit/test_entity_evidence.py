"""Part 8: typing by evidence, one type per name in a document, aliases that join no strangers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.corpus import load_corpus, parse_document
from tui.core.entities import EntityIndex, extract_document
from tui.core.entities.evidence import org_context


def ents(text: str) -> set[tuple[str, str]]:
    doc = parse_document("Title line\n\n" + text, "t.txt")
    return {(m.name, m.type) for m in extract_document(doc)}


def corpus(tmp_path: Path, texts: dict[str, str]) -> EntityIndex:
    for name, text in texts.items():
        (tmp_path / name).write_text("Title\n\n" + text, "utf-8")
    return EntityIndex.build(load_corpus([str(tmp_path)]))


def test_prince_charles_does_not_join_ray_charles(tmp_path: Path) -> None:
    index = corpus(
        tmp_path,
        {
            "a.txt": "The singer Ray Charles recorded the song in 1960. Charles toured Europe.",
            "b.txt": "On Monday Prince Charles opened a hospital in the town.",
        },
    )
    ray = index.resolve("Ray Charles")
    assert ray is not None and ray.docs == ["a.txt"]
    names = {e.name for e, _ in index.for_document("b.txt")}
    assert names == {"Prince Charles"}


def test_first_name_alone_is_resolved_in_its_document_only(tmp_path: Path) -> None:
    index = corpus(
        tmp_path,
        {
            "a.txt": "The singer Ray Charles recorded the song in 1960. Charles toured Europe.",
            "b.txt": "On Friday, Mr Charles said the club would wait.",
        },
    )
    ray = index.resolve("Ray Charles")
    assert ray is not None and ray.docs == ["a.txt"]
    assert all(e.name != "Ray Charles" for e, _ in index.for_document("b.txt"))


def test_surname_across_documents_still_joins_the_one_full_name(tmp_path: Path) -> None:
    index = corpus(
        tmp_path,
        {
            "a.txt": "The minister Kithure Kindiki spoke in Nairobi on Monday.",
            "b.txt": "On Tuesday, Kindiki said the police would stay.",
        },
    )
    person = index.resolve("Kindiki")
    assert person is not None and person.name == "Kithure Kindiki" and person.type == "PERSON"
    assert person.docs == ["a.txt", "b.txt"]


def test_name_with_particles_is_one_person() -> None:
    found = ents(
        "Shell chief executive Jeroen van der Veer said profits rose. Mr van der Veer smiled."
    )
    assert ("Jeroen van der Veer", "PERSON") in found
    assert not {n for n, _ in found} & {"Jeroen", "Veer", "Van der Veer"}


def test_cherie_blair_is_a_person_and_matrix_chambers_an_organisation() -> None:
    found = ents("The lawyer Cherie Blair works at Matrix Chambers in London, colleagues said.")
    assert ("Cherie Blair", "PERSON") in found
    assert ("Matrix Chambers", "ORG") in found


def test_common_words_alone_are_not_entities() -> None:
    found = ents(
        'He said: "I\'m sure." The plan went to Number 10 and the Ministry, under the '
        "Constitution of the Republic, and the State Office agreed. I've no doubt."
    )
    names = {n for n, _ in found}
    assert not names & {"I'm", "I've", "Number", "Ministry", "Constitution", "Republic", "State"}


def test_unknown_name_is_an_organisation_only_with_evidence() -> None:
    assert ents("Shoppers queued at Zorbex on the high street yesterday.") == set()
    assert ("Zorbex", "ORG") in ents("Shoppers queued at the retailer Zorbex on the high street.")
    assert ("Zorbex", "ORG") in ents("The bid lifted Zorbex shares by 5% on the high street.")


def test_org_context_reads_the_words_around_a_name() -> None:
    text = "the energy drink company, Red Bull, who will supply"
    start = text.index("Red Bull")
    assert org_context(text, start, start + len("Red Bull"))
    assert not org_context("we met Red Bull yesterday", 7, 15)


def test_one_type_per_name_in_a_document() -> None:
    found = ents("Mr Okonkwo Adeyemi spoke first. Later the panel heard Okonkwo Adeyemi again.")
    assert {t for n, t in found if n == "Okonkwo Adeyemi"} == {"PERSON"}


def test_places_from_the_generated_gazetteer() -> None:
    found = ents("Protests spread from Kisumu to Nakuru and on to Uttar Pradesh and Tabasco.")
    assert {
        ("Kisumu", "GPE"),
        ("Nakuru", "GPE"),
        ("Uttar Pradesh", "GPE"),
        ("Tabasco", "GPE"),
    } <= found


def test_first_name_from_the_international_list_types_a_person() -> None:
    assert ("Kofi Boateng", "PERSON") in ents("Officials named Kofi Boateng as head of the team.")


def test_parallel_build_equals_serial_and_reports_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.core.entities.index as index_module

    for i in range(6):
        (tmp_path / f"{i}.txt").write_text(
            f"T{i}\n\nThe minister Mark Rutte met Kofi Boateng in Nairobi on day {i}.", "utf-8"
        )
    corpus_ = load_corpus([str(tmp_path)])
    serial = EntityIndex.build(corpus_, workers=1)
    monkeypatch.setattr(index_module, "PARALLEL_FROM", 2)
    seen: list[tuple[int, int]] = []
    parallel = EntityIndex.build(corpus_, workers=2, progress=lambda n, t: seen.append((n, t)))
    assert [(e.key, e.docs) for e in parallel.entities()] == [
        (e.key, e.docs) for e in serial.entities()
    ]
    assert len(serial.entities()) >= 3 and seen[-1] == (6, 6)


def test_an_unknown_word_repeated_in_a_document_is_kept() -> None:
    once = "Shoppers like Zorbex on the high street."
    assert ents(once) == set()
    thrice = once + " They buy at Zorbex daily. Prices at Zorbex fell."
    assert ("Zorbex", "ORG") in ents(thrice)


def test_organisation_context_outweighs_who_after_a_name() -> None:
    found = ents("It signed with energy drink company, Red Bull, who will supply the team.")
    assert ("Red Bull", "ORG") in found


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("shares in the ", True),
        ("stake in ", True),
        ("invested in ", True),
        ("investments in ", False),
        ("the drinks company, ", True),
        ("the drinks company , the ", True),
        ("RETAILER ", True),
        ("a start-up ", True),
        ("a x-firm ", True),  # a kind of organisation is a word of its own after a hyphen
        ("the biofirm ", False),  # not inside a word
        ("the firm the", False),
        ("the firm then ", False),
        ("bank\n", True),
        ("a long way from the bank of the river ", False),
        ("said the team", True),
        ("side-by-side ", True),
        ("the " + "x" * 40 + " company ", True),  # only the 40 characters before count
        ("the company " + "x" * 40 + " ", False),
    ],
)
def test_a_kind_of_organisation_is_read_in_the_words_right_before_a_name(
    before: str, expected: bool
) -> None:
    text = before + "Shadowfax."
    start = len(before)
    assert org_context(text, start, start + len("Shadowfax")) is expected
