"""One progress for all the background work (tui/core/progress.py)."""

from __future__ import annotations

from itertools import pairwise

from tui.core.progress import STAGES, WEIGHTS, BuildProgress


def test_nothing_expected_shows_nothing() -> None:
    work = BuildProgress()
    assert work.fraction() is None and work.text() is None and work.running == []


def test_one_number_for_every_stage_weighted_by_its_cost() -> None:
    work = BuildProgress()
    work.expect(*STAGES)
    work.update("files", 10, 10)  # done: counts whole
    work.update("index", 1, 2)
    total = sum(WEIGHTS.values())
    assert work.fraction() == (WEIGHTS["files"] + WEIGHTS["index"] / 2) / total
    assert work.text() == f"preparing {int(100 * work.fraction())}% (index)"


def test_the_stages_that_reported_are_named_else_the_next_one() -> None:
    work = BuildProgress()
    work.expect("index", "entities", "related", "cross-references")
    assert work.running == ["index"]  # none reported yet: the first one waiting
    work.update("entities", 1, 10)
    work.update("index", 3, 10)
    assert work.running == ["index", "entities"]
    work.finish("index", "entities", "related")
    work.update("cross-references", 1, 4)
    assert work.text() is not None and work.text().endswith("(cross-refs)")


def test_it_only_goes_up_while_a_round_goes_on_and_goes_away_at_its_end() -> None:
    work = BuildProgress()
    work.expect(*STAGES)
    seen = []
    steps = [("list", 10, 10), ("files", 5, 10), ("files", 10, 10), ("index", 1, 4)]
    steps += [("entities", 2, 10)]
    steps += [("index", 1, 4), ("index", 4, 4), ("entities", 10, 10), ("related", 3, 3)]
    for stage, done, total in steps:
        work.update(stage, done, total)
        seen.append(work.fraction())
    assert all(a is not None and b is not None and a <= b for a, b in pairwise(seen))
    assert work.text() is not None and "99%" not in work.text()  # cross-references left
    work.update("cross-references", 7, 7)
    assert work.text() is None and work.fraction() is None  # the round is over


def test_a_late_report_going_back_does_not_move_it_back() -> None:
    work = BuildProgress()
    work.expect("index", "entities")
    work.update("index", 8, 10)
    before = work.fraction()
    work.update("index", 6, 10)  # an older message handled late
    assert work.fraction() == before


def test_ended_stages_end_the_round_whatever_they_reported() -> None:
    """A worker that ends (nothing to do, failed, cancelled) finishes its stages."""
    work = BuildProgress()
    work.expect("entities", "related", "cross-references")
    work.update("entities", 3, 10)
    work.finish("entities", "related", "cross-references")
    assert work.text() is None


def test_a_stage_reported_with_nothing_expected_is_a_round_of_its_own() -> None:
    """`x` builds the passage index on demand: its progress is the whole number."""
    work = BuildProgress()
    work.update("cross-references", 1, 4)
    assert work.text() == "preparing 25% (cross-refs)"
    work.update("nonsense", 1, 2)  # unknown stages and empty totals are ignored
    work.update("index", 0, 0)
    assert work.running == ["cross-references"]


def test_never_says_100_while_something_is_left() -> None:
    work = BuildProgress()
    work.expect("files", "entities")
    work.update("files", 1, 1)
    work.update("entities", 999, 1000)
    assert work.text() == "preparing 99% (entities)"
