"""Markdown files: CommonMark blocks (headings, lists, quotes, code) with inline styles as spans."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from markdown_it import MarkdownIt

from tui.core.corpus.boilerplate import is_boilerplate
from tui.core.corpus.metadata import Metadata, read_front_matter, take_metadata
from tui.core.corpus.text_format import Block
from tui.core.models import PassageKind, Span


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """One parser for every file: making one cost ~1.7 ms, a third of a short file's parse
    (`parse` keeps its state per call, not in the parser)."""
    return MarkdownIt("commonmark")


def markdown_blocks(text: str, meta: Metadata) -> tuple[list[Block], list[str]]:
    """The passages of a Markdown text, and the boilerplate paragraphs hidden from it."""
    text = read_front_matter(text, meta)
    tokens = _parser().parse(text)
    blocks: list[Block] = []
    hidden: list[str] = []
    list_depth = 0
    quote_depth = 0
    heading_level = 0
    position = 0
    for tok in tokens:
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif tok.type == "blockquote_open":
            quote_depth += 1
        elif tok.type == "blockquote_close":
            quote_depth -= 1
        elif tok.type == "heading_open":
            heading_level = int(tok.tag[1:])
        elif tok.type == "heading_close":
            heading_level = 0
        elif tok.type in ("fence", "code_block"):
            code = tok.content.rstrip("\n")
            if code.strip():
                blocks.append((code, PassageKind.CODE, 0, ()))
        elif tok.type == "inline":
            plain, spans = _inline_text(tok.children or [])
            plain = plain.strip()
            if not plain:
                continue
            if heading_level:
                if meta.title is None and heading_level == 1:
                    meta.title = plain
                blocks.append((plain, PassageKind.HEADING, heading_level, spans))
            elif is_boilerplate(plain):
                hidden.append(plain)
            else:
                rest = take_metadata(plain, meta, position) if not list_depth else plain
                if rest is None:
                    continue
                if rest != plain:
                    plain, spans = rest, ()
                if list_depth:
                    blocks.append((plain, PassageKind.LIST_ITEM, list_depth, spans))
                elif quote_depth:
                    blocks.append((plain, PassageKind.QUOTE, quote_depth, spans))
                else:
                    blocks.append((plain, PassageKind.PARAGRAPH, 0, spans))
            position += 1
    return blocks, hidden


def _inline_text(children: Sequence[object]) -> tuple[str, tuple[Span, ...]]:
    """The plain text of inline tokens, with bold, italic, link, strike and code as spans."""
    parts: list[str] = []
    spans: list[Span] = []
    open_at: dict[str, list[int]] = {}
    length = 0
    styles = {"strong": "bold", "em": "italic", "link": "link", "s": "strike"}
    for child in children:
        ctype: str = getattr(child, "type", "")
        content: str = getattr(child, "content", "")
        if ctype in ("text", "html_inline"):
            parts.append(content)
            length += len(content)
        elif ctype == "code_inline":
            spans.append(Span(length, length + len(content), "code"))
            parts.append(content)
            length += len(content)
        elif ctype in ("softbreak", "hardbreak"):
            parts.append(" ")
            length += 1
        elif ctype == "image":
            alt = content or "image"
            parts.append(f"[{alt}]")
            length += len(alt) + 2
        elif ctype.endswith("_open"):
            open_at.setdefault(ctype[:-5], []).append(length)
        elif ctype.endswith("_close"):
            name = ctype[:-6]
            starts = open_at.get(name)
            if starts:
                start = starts.pop()
                if start < length:
                    spans.append(Span(start, length, styles.get(name, name)))
    raw = "".join(parts)
    stripped = raw.lstrip()
    shift = len(raw) - len(stripped)
    if shift:
        spans = [Span(max(0, s.start - shift), max(0, s.end - shift), s.style) for s in spans]
    return stripped, tuple(spans)
