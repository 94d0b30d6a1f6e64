"""Dataclass messages shared by widgets and screens (widget-specific ones live with the widget)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class OpenDocument(Message):
    """Ask the coordinating screen to open a document, optionally at a passage.

    `terms` are words to highlight in the reader (from a search); `history` False when
    the open comes from back/forward navigation itself.
    """

    doc_id: str
    passage: int | None = None
    terms: tuple[str, ...] = ()
    history: bool = True


@dataclass
class Notice(Message):
    text: str
    severity: str = "information"
