"""Any query string gives results or a clear QuerySyntaxError, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.corpus import load_corpus
from tui.core.search import (
    QuerySyntaxError,
    SqliteIndex,
    TitleFinder,
    find_in_text,
    parse_query,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
_CORPUS = load_corpus([SEEDS])
_INDEX = SqliteIndex(None)
_INDEX.refresh(_CORPUS)
_FINDER = TitleFinder([(d.id, d.title) for d in _CORPUS.documents])

NASTY = [
    "",
    " ",
    "x" * 10_000,
    "nato " * 2_000,
    ".*+?^${}()|[]\\",
    '"open quote',
    'nato "',
    '"',
    "-",
    "--nato",
    "NEAR(a b)",
    "a OR b AND NOT c",
    "col:value",
    "*",
    "nato*",
    "🙂 emoji 🇺🇦",
    "שלום עולם",
    "مرحبا بالعالم",
    "\u202enato\u202c",
    "\x00\x01\x1b[31mred\x07",
    "\t\n\r",
    "'; DROP TABLE docs; --",
    "Ǆ ﬁ ß İ",
]


def _check(text: str) -> None:
    try:
        hits = _INDEX.query(text, limit=10)
    except QuerySyntaxError as exc:
        assert str(exc)
    else:
        for hit in hits:
            assert all(0 <= s < e <= len(hit.text) for s, e in hit.spans)
    for hit in _FINDER.find(text):
        assert all(0 <= i < len(hit.title) for i in hit.positions)
    for number, start, end in find_in_text(
        text, [p for d in _CORPUS.documents for p in d.passages]
    ):
        assert number >= 1 and 0 <= start < end


@pytest.mark.parametrize("text", NASTY)
def test_nasty_queries_never_crash(text: str) -> None:
    _check(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60))
def test_any_text_never_crashes(text: str) -> None:
    _check(text)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["nato", "Rutte", '"', "-", " ", "troops", "é", "*", "(", "ukr"]),
        max_size=12,
    )
)
def test_query_shaped_text_never_crashes(parts: list[str]) -> None:
    text = "".join(parts)
    _check(text)
    try:
        q = parse_query(text)
    except QuerySyntaxError:
        return
    assert all(w and w == w.lower() for w in q.words)
