"""Store: a reading position can be forgotten (a document marked unread)."""

from __future__ import annotations

from pathlib import Path

from tui.core.store import Store


def test_forget_position_makes_a_document_unread(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    try:
        store.save_position("/r", "a.txt", 10, 10)
        assert store.load_position("/r", "a.txt") is not None
        store.forget_position("/r", "a.txt")
        assert store.load_position("/r", "a.txt") is None
        store.forget_position("/r", "missing.txt")  # nothing to forget: no error
    finally:
        store.close()
