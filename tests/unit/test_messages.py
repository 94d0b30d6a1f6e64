"""`tui.messages.message`: Message classes declared by their fields, as a dataclass would make
them (without compiling code per class at import: ~4 ms of the first frame in all)."""

from __future__ import annotations

from dataclasses import field

import pytest
from textual.message import Message

from tui.messages import message


@message
class Done(Message):
    count: int
    label: str = "done"
    seen: list[str] = field(default_factory=list)


def test_fields_positional_keyword_and_defaults() -> None:
    first = Done(3)
    assert (first.count, first.label, first.seen) == (3, "done", [])
    second = Done(4, label="half", seen=["a"])
    assert (second.count, second.label, second.seen) == (4, "half", ["a"])
    assert Done(1).seen is not Done(1).seen  # a new list each time
    assert first.handler_name == "on_done" and first._sender is None  # Textual's own set up


def test_wrong_arguments_are_refused() -> None:
    with pytest.raises(TypeError):
        Done()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Done(1, "a", [], 4)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Done(1, count=2)  # type: ignore[misc]
    with pytest.raises(TypeError):
        Done(1, colour="red")  # type: ignore[call-arg]


def test_positional_patterns_match_the_fields_in_order() -> None:
    match Done(2, "two"):
        case Done(count, label):
            assert (count, label) == (2, "two")
        case _:
            pytest.fail("no match")


def test_messages_are_equal_only_to_themselves() -> None:
    one = Done(1)
    assert one == one and one != Done(1)
