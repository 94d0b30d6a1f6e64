"""Marks in the reader, as in vim and less: `m` then a letter sets one on the passage under the
cursor, `'` then the letter returns to it, `''` returns to where the last jump started."""

from __future__ import annotations


class Marks:
    """Letters set per document, the key waiting for its letter, and the place before a jump."""

    def __init__(self) -> None:
        self.by_doc: dict[str, dict[str, int]] = {}
        self.waiting: str | None = None  # "m" or "'" until the next key
        self.previous: int | None = None  # the passage the last jump left

    def wait(self, key: str) -> None:
        self.waiting = key

    def follow(self, doc_id: str | None, character: str | None, passage: int) -> int | None:
        """The key after `m` or `'`: sets a mark (None), or the passage to go to (None when
        there is no such mark). Call only while `waiting`."""
        key, self.waiting = self.waiting, None
        if doc_id is None or character is None:
            return None
        if key == "m" and character.isalpha():
            self.by_doc.setdefault(doc_id, {})[character] = passage
            return None
        if key == "'" and character == "'":
            return self.previous
        if key == "'":
            return self.by_doc.get(doc_id, {}).get(character)
        return None

    def jumped(self, passage: int) -> None:
        """A jump leaves `passage`: `''` comes back to it."""
        self.previous = passage

    def forget_previous(self) -> None:
        """Another document is shown: its `''` starts empty (letters stay with their document)."""
        self.previous = None
