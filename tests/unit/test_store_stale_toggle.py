"""Part 11, case 11: a toggle acts on what the user saw, not on what another session did since."""

from __future__ import annotations

from tui.core.store import Store

ROOT, DOC, TEXT = "/corpus", "a.txt", "NATO met in Geneva today."


def test_a_stale_unmarked_view_never_removes_another_sessions_bookmark() -> None:
    with Store() as mine, Store() as other:
        other.toggle(ROOT, DOC, 2, TEXT)  # the other session bookmarks the passage
        added, mark = mine.toggle(ROOT, DOC, 2, TEXT, shown=False)  # my view: unmarked
        assert added and mark.id
        assert [b.passage for b in other.list()] == [2]  # still there


def test_a_stale_marked_view_never_adds_back_what_another_session_removed() -> None:
    with Store() as mine, Store() as other:
        _, mark = mine.toggle(ROOT, DOC, 2, TEXT)
        other.remove(mark.id)
        added, gone = mine.toggle(ROOT, DOC, 2, TEXT, shown=True)  # my view: marked
        assert not added and gone.passage == 2
        assert mine.list() == []
        restored = mine.restore(gone)  # undo brings it back, under a new id
        assert restored.id and mine.list() == [restored]


def test_without_a_view_state_the_toggle_flips_as_before() -> None:
    with Store() as store:
        assert store.toggle(ROOT, DOC, 2, TEXT)[0]
        assert not store.toggle(ROOT, DOC, 2, TEXT)[0]
