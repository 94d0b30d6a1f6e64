"""A passage as a reader would quote it."""

from __future__ import annotations

from tui.core.corpus.lead import first_sentence, split_dateline
from tui.core.models import Document, PassageKind


def full_title(doc: Document) -> str:
    """The title uncut: a title taken from a long heading or first sentence is shortened with
    "…" for lists, but a citation quotes it whole."""
    title = doc.title
    if not title.endswith("…") or not doc.passages:
        return title
    first = doc.passages[0]
    text = " ".join(first.text.split())
    if first.kind is not PassageKind.HEADING:
        text = first_sentence(split_dateline(text)[2]).rstrip(".")
    # Only a title that was cut from it: a title given as such keeps its own "…".
    return text if text.startswith(title[:-1].rstrip()) else title


def citation(doc: Document, number: int, text: str) -> str:
    """The text in quotes, then title, date and anchor."""
    source = full_title(doc)
    if doc.date:
        source += f" ({doc.date})"
    return f"“{text}”\n— {source}, {doc.id}#{number}"
