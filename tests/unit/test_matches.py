"""The match cursor behind n/N: jump, step with wrap, kinds, highlights and status text."""

from __future__ import annotations

from tui.core.matches import MatchCursor, MatchKind

SPANS = [(2, 0, 4), (5, 1, 3), (5, 8, 9), (9, 0, 2)]


def test_reset_goes_to_the_first_match_at_or_after_the_reader() -> None:
    cursor = MatchCursor()
    assert cursor.reset(SPANS, MatchKind.FIND, "find 'x'", at=5) == 5
    assert cursor.index == 1
    assert cursor.reset(SPANS, MatchKind.FIND, "find 'x'", at=10) == 2  # wraps to the first
    assert cursor.reset(SPANS, MatchKind.FIND, "find 'x'") is None and cursor.index == -1


def test_step_wraps_both_ways() -> None:
    cursor = MatchCursor()
    cursor.reset(SPANS, MatchKind.FIND, "find 'x'", at=9)
    assert [cursor.step(1) for _ in range(3)] == [2, 5, 5]
    assert cursor.step(-1) == 5 and cursor.index == 1
    assert cursor.step(-2) == 9
    assert MatchCursor().step(1) is None


def test_kind_decides_styles_and_nouns_not_the_label() -> None:
    cursor = MatchCursor()
    cursor.reset(SPANS[:1], MatchKind.ENTITY, "find entity")
    assert cursor.highlights() == {2: [(0, 4, "entity")]}
    assert cursor.status() == "find entity: 1 mention (n: next)"
    cursor.reset(SPANS, MatchKind.SEARCH, "entity-like label")
    cursor.select_passage(5)
    assert cursor.highlights()[5] == [(1, 3, "current"), (8, 9, "match")]
    assert cursor.status() == "entity-like label 2/4"


def test_status_without_matches_or_label() -> None:
    cursor = MatchCursor()
    assert cursor.status() is None
    cursor.reset([], MatchKind.FIND, "find 'zz'")
    assert cursor.status() == "find 'zz': no match" and cursor.highlights() == {}
    cursor.clear()
    assert cursor.status() is None and cursor.matches == []


def test_step_starts_from_the_reader_once_it_moved_off_the_current_match() -> None:
    cursor = MatchCursor()
    cursor.reset(SPANS, MatchKind.FIND, "find 'x'", at=2)  # on the first match, passage 2
    assert cursor.step(1, at=2) == 5  # still there: simply the next one
    assert cursor.step(1, at=10) == 2  # `G` to the end: n wraps to the first match
    assert cursor.step(-1, at=1) == 9  # `g` to the top: N wraps to the last match
    assert cursor.step(1, at=6) == 9 and cursor.index == 3  # paged to 6: next at or after it
    assert cursor.step(-1, at=6) == 5 and cursor.index == 2  # the last one before it
    assert cursor.step(1, at=5) == 9  # on the current match's passage: one on
