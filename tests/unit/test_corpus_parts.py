"""The corpus's parts on their own: boilerplate, metadata lines, front matter, the two parsers."""

from __future__ import annotations

import pytest

from tui.core.corpus.boilerplate import BOILERPLATE_MAX, is_boilerplate
from tui.core.corpus.markdown_format import markdown_blocks
from tui.core.corpus.metadata import Metadata, read_front_matter, take_metadata
from tui.core.corpus.text_format import text_blocks
from tui.core.models import PassageKind, Span


@pytest.mark.parametrize(
    ("para", "furniture"),
    [
        ("Advertisement", True),
        ("  Read more here. ", True),
        ("12 comments", True),
        ("Home » World » Europe", True),
        ("Home is where the heart is.", False),
        ("Share prices fell sharply on Monday after the announcement.", False),
        ("Advertisement " + "x" * BOILERPLATE_MAX, False),  # long: content, whatever it starts with
    ],
)
def test_is_boilerplate(para: str, furniture: bool) -> None:
    assert is_boilerplate(para) is furniture


@pytest.mark.parametrize(
    ("para", "field", "value", "rest"),
    [
        ("2021-03-04", "date", "2021-03-04", None),
        ("Published: 2021-03-04 The talks began.", "date", "2021-03-04", "The talks began."),
        ("Thursday, 4 March 2021", "date", "2021-03-04", None),
        ("March 4, 2021", "date", "2021-03-04", None),
        ("By Jane Smith", "byline", "Jane Smith", None),
        ("Source: https://example.org/a", "source", "https://example.org/a", None),
        ("By the river the talks went on all night long and well into the day", "byline", None, ""),
    ],
)
def test_take_metadata(para: str, field: str, value: str | None, rest: str | None) -> None:
    meta = Metadata()
    left = take_metadata(para, meta, position=0)
    assert getattr(meta, field) == value
    assert left == (para if rest == "" else rest)


def test_metadata_is_only_taken_near_the_top() -> None:
    meta = Metadata()
    assert take_metadata("2021-03-04", meta, position=7) == "2021-03-04"
    assert meta.date is None


def test_front_matter_fills_metadata_and_is_removed() -> None:
    meta = Metadata()
    text = '---\ntitle: "A Title"\ndate: 2020-01-02T10:00\nauthor: Ann\nurl: u\n---\nBody\n'
    assert read_front_matter(text, meta) == "Body\n"
    assert meta == Metadata(title="A Title", date="2020-01-02", byline="Ann", source="u")
    assert read_front_matter("No front matter\n", Metadata()) == "No front matter\n"


def test_text_blocks_guess_headings_and_keep_bold() -> None:
    meta = Metadata()
    text = "Talks Resume\n\nThe **envoys** met again.\n\nAdvertisement\n\nA last line."
    blocks, hidden = text_blocks(text, meta)
    assert meta.title == "Talks Resume"
    assert [(t, k, lvl) for t, k, lvl, _ in blocks] == [
        ("Talks Resume", PassageKind.HEADING, 1),
        ("The envoys met again.", PassageKind.PARAGRAPH, 0),
        ("A last line.", PassageKind.PARAGRAPH, 0),
    ]
    assert blocks[1][3] == (Span(4, 10, "bold"),)
    assert hidden == ["Advertisement"]


def test_markdown_blocks_kinds_levels_and_spans() -> None:
    meta = Metadata()
    text = "# Top\n\n> quoted *words*\n\n- one\n  - two `x`\n\n```\ncode\n```\n"
    blocks, hidden = markdown_blocks(text, meta)
    assert meta.title == "Top" and hidden == []
    assert [(t, k, lvl) for t, k, lvl, _ in blocks] == [
        ("Top", PassageKind.HEADING, 1),
        ("quoted words", PassageKind.QUOTE, 1),
        ("one", PassageKind.LIST_ITEM, 1),
        ("two x", PassageKind.LIST_ITEM, 2),
        ("code", PassageKind.CODE, 0),
    ]
    assert blocks[1][3] == (Span(7, 12, "italic"),)
    assert blocks[3][3] == (Span(4, 5, "code"),)
