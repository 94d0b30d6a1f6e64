"""Hard-wrapped plain text: paragraphs from blank lines or from line lengths, never per line."""

from __future__ import annotations

import textwrap
from pathlib import Path

from tui.core.corpus import load_file, parse_document
from tui.core.models import Document

PARAS = [
    "The harbour board met on Monday evening to decide what to do about the silted channel, "
    "which has kept the larger fishing boats tied up for most of the winter and cost the town "
    "a good part of its trade.",
    "Several members wanted the dredging put out to tender at once, while others argued that "
    "the money would be better spent on a new breakwater that would stop the sand from coming "
    "back within a year or two.",
    "In the end the board agreed to ask two engineering firms for estimates and to meet again "
    "next month.",
]


def wrapped(paras: list[str], width: int = 70, blank_lines: bool = True) -> str:
    sep = "\r\n\r\n" if blank_lines else "\r\n"
    return sep.join("\r\n".join(textwrap.wrap(p, width)) for p in paras) + "\r\n"


def load(tmp_path: Path, text: str) -> Document:
    path = tmp_path / "wrapped.txt"
    path.write_bytes(text.encode())
    doc = load_file(path)
    assert isinstance(doc, Document)
    return doc


def test_wrapped_crlf_paragraphs_with_blank_lines(tmp_path: Path) -> None:
    doc = load(tmp_path, "Harbour Board Delays Dredging\r\n\r\n" + wrapped(PARAS))
    assert [p.text for p in doc.passages[1:]] == PARAS


def test_wrapped_crlf_paragraphs_without_blank_lines_are_found_from_line_lengths(
    tmp_path: Path,
) -> None:
    text = wrapped(PARAS, blank_lines=False)
    assert len(text.splitlines()) >= 6  # really wrapped
    doc = load(tmp_path, text)
    assert [p.text for p in doc.passages] == PARAS
    assert doc.title == (
        "The harbour board met on Monday evening to decide what to do about the silted channel…"
    )


def test_wrapped_at_another_width(tmp_path: Path) -> None:
    doc = load(tmp_path, wrapped(PARAS, width=60, blank_lines=False))
    assert [p.text for p in doc.passages] == PARAS


def test_a_heading_line_above_wrapped_text_stays_apart() -> None:
    text = "Harbour News\n" + wrapped(PARAS[:2], blank_lines=False).replace("\r\n", "\n")
    doc = parse_document(text, "x.txt")
    assert [p.text for p in doc.passages] == ["Harbour News", *PARAS[:2]]


def test_one_paragraph_per_long_line_is_kept() -> None:
    long_lines = [p + " " + p for p in PARAS]  # over 100 characters: not wrapped
    doc = parse_document("\n".join(long_lines), "x.txt")
    assert [p.text for p in doc.passages] == long_lines


def test_a_dash_list_is_one_passage_an_item_and_never_a_heading() -> None:
    text = (
        "Budget Measures\n\nThe plan includes:\n\n"
        "- A higher threshold for stamp duty \n - A freeze on fuel duty \n"
        " - Help for pensioners, which was\nexpected by many"
    )
    doc = parse_document(text, "x.txt")
    assert [p.text for p in doc.passages[2:]] == [
        "- A higher threshold for stamp duty",
        "- A freeze on fuel duty",
        "- Help for pensioners, which was expected by many",
    ]
    assert not any(p.is_heading for p in doc.passages[2:])
