"""Values numbered as first seen, and back: the tables that let large structures hold small
integers instead of objects (the entity index's forms, a related rebuild's words)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class Numbering(Generic[T]):
    """`values[n]` is the value numbered n; `number(value)` numbers a new value next."""

    def __init__(self, values: Iterable[T] = ()) -> None:
        self.values: list[T] = list(values)
        self._numbers: dict[T, int] = {value: n for n, value in enumerate(self.values)}

    def number(self, value: T) -> int:
        n = self._numbers.get(value)
        if n is None:
            n = self._numbers[value] = len(self.values)
            self.values.append(value)
        return n
