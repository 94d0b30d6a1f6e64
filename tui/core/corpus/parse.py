"""Decoded text into a Document: the format's parser, then title, word count and notes."""

from __future__ import annotations

import html
import re
from pathlib import Path

from tui.core.corpus.dates import date_in_url, full, parse_written_date
from tui.core.corpus.metadata import Metadata
from tui.core.models import Document, Passage, PassageKind
from tui.core.text import needs_neutralising, neutralise, normalise_newlines, one_line, word_count

TITLE_MAX = 90
_HTML_ENTITY = re.compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|[a-zA-Z]{2,8});")


def parse_document(
    text: str,
    doc_id: str,
    path: str = "",
    root: str = "",
    fmt: str = "txt",
    meta: Metadata | None = None,
    encoding: str = "utf-8",
    size: int = 0,
    mtime: float = 0.0,
) -> Document:
    """Turn decoded text into a Document (pure: no I/O); `meta` holds what is already known
    (a JSON record's fields), which the text does not override; `encoding`, `size` and
    `mtime` are the file's (a legacy encoding is noted)."""
    text = normalise_newlines(text).lstrip("\ufeff")
    if "&" in text and _HTML_ENTITY.search(text):
        text = html.unescape(text)  # "&#163;" and "&amp;" from scraped pages
    notes: tuple[str, ...] = ()
    if needs_neutralising(text):
        clean = neutralise(text)
        if clean != text.replace("\t", "    "):
            notes = ("control characters neutralised",)
        text = clean
    meta = meta if meta is not None else Metadata()
    if fmt in ("md", "html"):  # a web page arrives as trafilatura's Markdown
        # Imported when a file is parsed: a start from the corpus cache parses nothing, and
        # markdown-it and the lead rules cost ~50 ms of every command's start-up.
        from tui.core.corpus.markdown_format import markdown_blocks

        blocks, hidden = markdown_blocks(text, meta)
    else:
        from tui.core.corpus.text_format import text_blocks

        blocks, hidden = text_blocks(text, meta)
    passages = tuple(
        Passage(i + 1, t, k, lvl, spans) for i, (t, k, lvl, spans) in enumerate(blocks)
    )
    dateline_date = _lead_date(passages)
    title = meta.title or _derive_title(passages) or one_line(Path(doc_id).stem)
    date, partial_date = _best_date(meta, dateline_date)
    words = sum([word_count(p.text) for p in passages])
    return Document(
        id=doc_id,
        path=path,
        root=root,
        title=title,
        passages=passages,
        date=date,
        partial_date=partial_date,
        byline=meta.byline,
        source=meta.source,
        hidden=tuple(hidden),
        words=words,
        fmt=fmt,
        encoding=encoding,
        size=size,
        mtime=mtime,
        notes=notes + ((f"decoded as {encoding}",) if encoding != "utf-8" else ()),
    )


def _derive_title(passages: tuple[Passage, ...]) -> str | None:
    """The first heading, else the first sentence of the first paragraph after any dateline."""
    from tui.core.corpus.lead import first_sentence, split_dateline

    for p in passages[:1]:
        if p.kind is PassageKind.HEADING:
            return shorten(p.text)
        _, _, text = split_dateline(p.text)
        sentence = first_sentence(text)
        if sentence.endswith(".") and not sentence.endswith(".."):  # an ellipsis stays
            sentence = sentence[:-1]
        return shorten(sentence)
    return None


def _lead_date(passages: tuple[Passage, ...]) -> str | None:
    """The date given by the dateline of the first paragraph, if it has one."""
    from tui.core.corpus.lead import split_dateline

    for p in passages[:3]:
        if p.kind is PassageKind.PARAGRAPH:
            _, written, _ = split_dateline(p.text)
            return parse_written_date(written) if written else None
    return None


def _best_date(meta: Metadata, dateline_date: str | None) -> tuple[str | None, str | None]:
    """(full date, partial date): a full date written in the text, else in the source URL, else
    in the dateline; failing all, the most precise partial date found (never a guessed year)."""
    url_date = date_in_url(meta.source) if meta.source else None
    candidates = (meta.date, url_date, dateline_date)
    for candidate in candidates:
        if full(candidate):
            return candidate, None
    partials = [c for c in (meta.partial_date, dateline_date, url_date) if c]
    return None, (partials[0] if partials else None)


def shorten(text: str, limit: int = TITLE_MAX) -> str:
    """`text` on one line, cut at a word to at most `limit` characters with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:–- ") + "…"
