"""What kind of text a passage is (re-exported by `tui.core.models`): a module of its own, so
the reader's drawing code has it without the models' dataclasses (made at import, before the
first frame)."""

from __future__ import annotations

from enum import StrEnum


class PassageKind(StrEnum):
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list_item"
    QUOTE = "quote"
    CODE = "code"
