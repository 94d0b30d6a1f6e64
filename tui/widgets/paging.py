"""Position arithmetic for a pager over items of varying height.

A position is (item, line within the item); `height(item)` says how many lines an item takes.
Pure functions, so the reader widget keeps to drawing and keys.
"""

from __future__ import annotations

from collections.abc import Callable

Height = Callable[[int], int]


def advance(height: Height, last: int, item: int, line: int, n: int) -> tuple[int, int]:
    """The position n lines below (item, line), stopping at the last line of item `last`."""
    while n > 0:
        remaining = height(item) - 1 - line
        if n <= remaining:
            return item, line + n
        if item >= last:
            return item, line + remaining
        n -= remaining + 1
        item, line = item + 1, 0
    return item, line


def retreat(height: Height, item: int, line: int, n: int) -> tuple[int, int]:
    """The position n lines above (item, line), stopping at (0, 0)."""
    while n > 0:
        if n <= line:
            return item, line - n
        if item <= 0:
            return 0, 0
        n -= line + 1
        item -= 1
        line = height(item) - 1
    return item, line


def lines_between(height: Height, a: tuple[int, int], b_item: int, limit: int) -> int:
    """Lines from position a to the end of item b_item (counting stops past `limit`)."""
    item, line = a
    count = height(item) - line
    while item < b_item and count <= limit:
        item += 1
        count += height(item)
    return count


class CountPrefix:
    """Digits typed before a key, as in less and vim: the count that key takes, once."""

    def __init__(self) -> None:
        self.typing = ""
        self.count: int | None = None

    def key(self, character: str | None) -> bool:
        """Note a key; True when it was a digit of a count (a lone 0 is not)."""
        if character is not None and character.isdigit() and (self.typing or character != "0"):
            self.typing += character
            return True
        self.count, self.typing = (int(self.typing) if self.typing else None), ""
        return False

    def take(self) -> int | None:
        """The count for the key being handled (None without one); it is used up."""
        count, self.count = self.count, None
        return count
