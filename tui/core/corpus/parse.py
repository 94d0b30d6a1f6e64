"""Decoded text into a Document: the format's parser, then title, word count and notes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from tui.core.corpus.dates import date_in_url, full, parse_written_date
from tui.core.corpus.metadata import Metadata
from tui.core.models import Document, Passage, PassageKind
from tui.core.text import needs_neutralising, neutralise, normalise_newlines, one_line, word_count

if TYPE_CHECKING:
    from tui.core.corpus.text_format import Block

TITLE_MAX = 90
# A head's estimate of a text's words (see `parse_text`): characters a word, its space included,
# in English prose (bbc-news: 6.0).
CHARS_A_WORD = 6
_HTML_ENTITY = re.compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|[a-zA-Z]{2,8});")


class Parsed(NamedTuple):
    """A document as parsed, its passages not yet objects: a cache writes them as they are."""

    fields: dict[str, Any]  # the Document's fields but its passages
    blocks: list[Block]

    def document(self) -> Document:
        passages = tuple(
            Passage(i + 1, t, k, lvl, spans) for i, (t, k, lvl, spans) in enumerate(self.blocks)
        )
        return Document(passages=passages, **self.fields)


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
    return parse_text(text, doc_id, path, root, fmt, meta, encoding, size, mtime).document()


def parse_text(
    text: str,
    doc_id: str,
    path: str = "",
    root: str = "",
    fmt: str = "txt",
    meta: Metadata | None = None,
    encoding: str = "utf-8",
    size: int = 0,
    mtime: float = 0.0,
    safe: bool = False,
    head: bool = False,
) -> Parsed:
    """As `parse_document`, its passages left as blocks. `safe`: the caller found the bytes
    the text was decoded from free of control characters (`text.plain_utf8`), so the text is
    not scanned for them again (unless entities were unescaped). `head`: a long plain text's
    first passages only (`text_format.head_blocks`), for a list's preview: the fields are the
    whole text's but `words` (estimated from its length) and `hidden` (the head's)."""
    text = normalise_newlines(text).lstrip("\ufeff")
    if "&" in text and _HTML_ENTITY.search(text):
        import html  # here: its table of entities is ~1.5 ms of a first start's imports

        text = html.unescape(text)  # "&#163;" and "&amp;" from scraped pages
        safe = False  # "&#8238;" is a bidirectional override
    notes: tuple[str, ...] = ()
    if not safe and needs_neutralising(text):
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
        head = False  # parsed whole
    else:
        from tui.core.corpus.text_format import head_blocks, text_blocks

        found = None
        if head:
            # As it was, should the head not do (dataclasses.replace: ~5 us a file).
            tried = Metadata(meta.title, meta.date, meta.partial_date, meta.byline, meta.source)
            found = head_blocks(text, tried)
            meta = tried if found is not None else meta
        blocks, hidden = found if found is not None else text_blocks(text, meta)
        head = found is not None
    dateline_date = _lead_date(blocks)
    title = meta.title or _derive_title(blocks) or one_line(Path(doc_id).stem)
    date, partial_date = _best_date(meta, dateline_date)
    # Joined by a space, the passages count as many words as one by one, in one pass.
    words = len(text) // CHARS_A_WORD if head else word_count(" ".join([b[0] for b in blocks]))
    fields = {
        "id": doc_id,
        "path": path,
        "root": root,
        "title": title,
        "date": date,
        "partial_date": partial_date,
        "byline": meta.byline,
        "source": meta.source,
        "hidden": tuple(hidden),
        "words": words,
        "fmt": fmt,
        "encoding": encoding,
        "size": size,
        "mtime": mtime,
        "notes": notes + ((f"decoded as {encoding}",) if encoding != "utf-8" else ()),
    }
    return Parsed(fields, blocks)


def _derive_title(blocks: list[Block]) -> str | None:
    """The first heading, else the first sentence of the first paragraph after any dateline."""
    from tui.core.corpus.lead import first_sentence, split_dateline

    for text, kind, _, _ in blocks[:1]:
        if kind is PassageKind.HEADING:
            return shorten(text)
        _, _, text = split_dateline(text)
        sentence = first_sentence(text)
        if sentence.endswith(".") and not sentence.endswith(".."):  # an ellipsis stays
            sentence = sentence[:-1]
        return shorten(sentence)
    return None


def _lead_date(blocks: list[Block]) -> str | None:
    """The date given by the dateline of the first paragraph, if it has one."""
    from tui.core.corpus.lead import split_dateline

    for text, kind, _, _ in blocks[:3]:
        if kind is PassageKind.PARAGRAPH:
            _, written, _ = split_dateline(text)
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
