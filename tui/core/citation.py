"""A passage as a reader would quote it."""

from __future__ import annotations

from tui.core.models import Document


def citation(doc: Document, number: int, text: str) -> str:
    """The text in quotes, then title, date and anchor."""
    source = f"{doc.title}"
    if doc.date:
        source += f" ({doc.date})"
    return f"“{text}”\n— {source}, {doc.id}#{number}"
