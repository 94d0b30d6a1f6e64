"""The reader's pager arithmetic and count prefix, without a terminal."""

from __future__ import annotations

from tui.widgets.paging import CountPrefix, advance, lines_between, retreat

HEIGHTS = [3, 2, 4, 1]  # item 0 is three lines high, item 1 two, ...


def height(item: int) -> int:
    return HEIGHTS[item]


def test_advance_and_retreat_cross_items_and_stop_at_the_ends() -> None:
    assert advance(height, 3, 0, 0, 4) == (1, 1)
    assert advance(height, 3, 1, 1, 5) == (3, 0)
    assert advance(height, 3, 2, 0, 100) == (3, 0)  # the last line of the last item
    assert retreat(height, 2, 1, 4) == (0, 2)
    assert retreat(height, 3, 0, 100) == (0, 0)
    assert retreat(height, *advance(height, 3, 0, 1, 6), 6) == (0, 1)


def test_lines_between_counts_to_the_end_of_an_item() -> None:
    assert lines_between(height, (0, 1), 0, 99) == 2
    assert lines_between(height, (0, 0), 2, 99) == 9
    assert lines_between(height, (0, 0), 3, 4) == 5  # stops once past the limit


def test_a_count_is_made_of_digits_and_used_once() -> None:
    counts = CountPrefix()
    assert counts.key("1") and counts.key("2")
    assert not counts.key("G") and counts.take() == 12
    assert counts.take() is None
    assert not counts.key("0") and counts.take() is None  # a lone 0 is a key, not a count
    assert counts.key("3") and counts.key("0") and not counts.key(None)
    assert counts.take() == 30
