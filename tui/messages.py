"""Messages shared by widgets and screens, and `message`, the decorator they are declared with
(each widget's messages live with the widget, the main screen's workers' in
`tui/screens/main/messages.py`)."""

from __future__ import annotations

from dataclasses import MISSING, Field, field
from inspect import get_annotations
from typing import Any, TypeVar, dataclass_transform

from textual.message import Message

M = TypeVar("M", bound=type[Message])


@dataclass_transform(eq_default=False, field_specifiers=(field,))
def message(cls: M) -> M:
    """A Message class whose annotated fields its `__init__` takes, as `@dataclass(eq=False,
    repr=False)` would make it: without generating and compiling code for each class (~0.14
    ms each; ~30 of them are made before the first frame). Fields are set in order, then
    Textual's own initialisation runs; a default may be a value or `field(default_factory=)`;
    positional patterns match the fields in order.
    Messages are events, equal only to themselves."""
    names = tuple(get_annotations(cls))  # this class's own, as strings (not evaluated)
    defaults: dict[str, Any] = {}
    factories: dict[str, Any] = {}
    for name in names:
        value = cls.__dict__.get(name, MISSING)
        if isinstance(value, Field):
            if value.default_factory is not MISSING:
                factories[name] = value.default_factory
            elif value.default is not MISSING:
                defaults[name] = value.default
            delattr(cls, name)  # the instance's own value, always set
        elif value is not MISSING:
            defaults[name] = value
    qualname = cls.__qualname__

    def __init__(self: Message, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(names):
            raise TypeError(f"{qualname}() takes {len(names)} arguments, {len(args)} given")
        values = dict(zip(names, args, strict=False))
        for key, value in kwargs.items():
            if key not in names or key in values:
                raise TypeError(f"{qualname}() got an unexpected or repeated argument {key!r}")
            values[key] = value
        for name in names:
            if name in values:
                setattr(self, name, values[name])
            elif name in factories:
                setattr(self, name, factories[name]())
            elif name in defaults:
                setattr(self, name, defaults[name])
            else:
                raise TypeError(f"{qualname}() missing argument {name!r}")
        Message.__init__(self)

    __init__.__qualname__ = f"{qualname}.__init__"
    cls.__init__ = __init__  # type: ignore[method-assign]
    cls.__match_args__ = names  # type: ignore[attr-defined,misc]  # `case Done(a, b)` matches
    return cls
