"""Decoded text into a Document: the format's parser, then title, word count and notes."""

from __future__ import annotations

import html
import re
from pathlib import Path

from tui.core.corpus.markdown_format import markdown_blocks
from tui.core.corpus.metadata import Metadata
from tui.core.corpus.text_format import text_blocks
from tui.core.models import Document, Passage, PassageKind
from tui.core.text import needs_neutralising, neutralise, normalise_newlines, word_count

TITLE_MAX = 90
_HTML_ENTITY = re.compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|[a-zA-Z]{2,8});")


def parse_document(
    text: str, doc_id: str, path: str = "", root: str = "", fmt: str = "txt"
) -> Document:
    """Turn decoded text into a Document (pure: no I/O)."""
    text = normalise_newlines(text).lstrip("\ufeff")
    if "&" in text and _HTML_ENTITY.search(text):
        text = html.unescape(text)  # "&#163;" and "&amp;" from scraped pages
    notes: tuple[str, ...] = ()
    if needs_neutralising(text):
        clean = neutralise(text)
        if clean != text.replace("\t", "    "):
            notes = ("control characters neutralised",)
        text = clean
    meta = Metadata()
    if fmt == "md":
        blocks, hidden = markdown_blocks(text, meta)
    else:
        blocks, hidden = text_blocks(text, meta)
    passages = tuple(
        Passage(number=i + 1, text=t, kind=k, level=lvl, spans=spans)
        for i, (t, k, lvl, spans) in enumerate(blocks)
    )
    title = meta.title or _derive_title(passages) or Path(doc_id).stem
    words = sum(word_count(p.text) for p in passages)
    return Document(
        id=doc_id,
        path=path,
        root=root,
        title=title,
        passages=passages,
        date=meta.date,
        byline=meta.byline,
        source=meta.source,
        hidden=tuple(hidden),
        words=words,
        fmt=fmt,
        notes=notes,
    )


def _derive_title(passages: tuple[Passage, ...]) -> str | None:
    """The first heading, else the first sentence of the first paragraph, shortened."""
    for p in passages[:1]:
        if p.kind is PassageKind.HEADING:
            return shorten(p.text)
        sentence = re.split(r"(?<=[.!?])\s+", p.text, maxsplit=1)[0]
        return shorten(sentence.rstrip("."))
    return None


def shorten(text: str, limit: int = TITLE_MAX) -> str:
    """`text` on one line, cut at a word to at most `limit` characters with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:–- ") + "…"
