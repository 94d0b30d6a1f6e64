"""The raw view: a file's every line, boilerplate included (a record as its JSON), as a document
to show."""

from __future__ import annotations

from dataclasses import replace

from tui.core.corpus import LazyDocument, raw_record, raw_text
from tui.core.models import Document, Passage


def raw_document(doc: Document) -> Document:
    """`doc` with its passages replaced by the file's raw lines (blank lines dropped)."""
    if doc.fmt in ("jsonl", "json"):  # the record, not the whole file of records
        text = raw_record(doc.path, doc.id.rpartition("#")[2]) or ""
    else:
        text = raw_text(doc.path)
    lines = [ln for ln in text.split("\n") if ln.strip()]
    passages = tuple(Passage(number=i + 1, text=ln) for i, ln in enumerate(lines))
    plain = doc.plain() if isinstance(doc, LazyDocument) else doc
    return replace(plain, passages=passages)
