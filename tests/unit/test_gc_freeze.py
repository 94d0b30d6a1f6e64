"""What is alive at a milestone is kept out of the collector's full passes (tui/core/memory.py):
those passes hold the interpreter, and each was a frame the UI could not draw."""

from __future__ import annotations

import gc

import pytest

from tui.core import memory


class Node:
    def __init__(self) -> None:
        self.peer: Node | None = None


def _tracked(obj: object) -> bool:
    """Whether the collector's passes look at `obj` (frozen objects are in none of them)."""
    return any(o is obj for o in gc.get_objects())


def test_objects_alive_at_a_milestone_leave_the_collectors_passes() -> None:
    before = gc.get_freeze_count()
    built = [Node() for _ in range(1000)]
    assert _tracked(built[0])
    assert memory.keep_alive_objects()
    assert gc.get_freeze_count() >= before + 1000
    assert not _tracked(built[0])
    later = Node()
    assert _tracked(later)  # what comes after is collected as before


def test_freezing_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(memory.ENV_FREEZE, "0")
    built = Node()
    assert not memory.keep_alive_objects()
    assert _tracked(built)


def test_every_runs_its_action_at_most_once_a_period(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr(memory.time, "monotonic", lambda: now[0])
    calls: list[float] = []
    maybe = memory.every(0.25, lambda: calls.append(now[0]))
    maybe()  # not yet: the first period starts when it is made
    now[0] = 100.3
    maybe()
    now[0] = 100.4
    maybe()
    now[0] = 100.56
    maybe()
    assert calls == [100.3, 100.56]


def test_a_young_cycle_already_dead_is_freed_not_frozen() -> None:
    import weakref

    a, b = Node(), Node()
    a.peer, b.peer = b, a
    gone = weakref.ref(a)
    del a, b  # a cycle: only the collector frees it
    assert gone() is not None
    assert memory.keep_alive_objects()
    assert gone() is None


def test_a_paused_collector_resumes_with_what_was_made_meanwhile_frozen() -> None:
    """The CLI pauses the collector while the app starts (tui.cli.run_app); nothing is looked
    at meanwhile, and what start-up made is frozen once when the passes come back."""
    assert gc.isenabled()
    memory.pause_collection()
    try:
        assert not gc.isenabled()
        built = Node()
        assert not memory.keep_alive_objects()  # paused: left to the resume
        assert _tracked(built)
    finally:
        memory.resume_collection()
    assert gc.isenabled()
    assert not _tracked(built)


def test_a_collector_turned_off_elsewhere_is_not_turned_on() -> None:
    gc.disable()
    try:
        memory.pause_collection()
        memory.resume_collection()
        assert not gc.isenabled()
    finally:
        gc.enable()
