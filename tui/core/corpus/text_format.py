"""Plain-text files: paragraphs split on blank lines, headings guessed, `**bold**` kept."""

from __future__ import annotations

import re

from tui.core.corpus.boilerplate import is_boilerplate
from tui.core.corpus.metadata import Metadata, take_metadata
from tui.core.models import PassageKind, Span

# A passage before numbering: (text, kind, level, spans).
Block = tuple[str, PassageKind, int, tuple[Span, ...]]
_BARE_URL = re.compile(r"^<?https?://\S+>?$")


def _split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines; a block of long lines is one paragraph per line."""
    paras: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        if len(lines) == 1:
            paras.append(lines[0])
            continue
        # Hard-wrapped prose has lines of similar, moderate length; one-paragraph-per-line
        # text has long lines, or short heading-like lines between long ones.
        longest = max(len(ln) for ln in lines[:-1])
        if longest > 100 or (any(_looks_like_heading(ln) for ln in lines) and longest > 60):
            paras.extend(lines)
        else:
            paras.append(" ".join(lines))
    return paras


_HEADING_END = re.compile(r"[.,;:!)\]”\"'…]$")


def _looks_like_heading(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 120 or _HEADING_END.search(s):
        return False
    words = s.split()
    if len(words) > 18 or len(words) < 1:
        return False
    if s.endswith("?") and len(words) > 12:
        return False
    if s[0].islower():
        return False
    return not _BARE_URL.match(s)


def text_blocks(text: str, meta: Metadata) -> tuple[list[Block], list[str]]:
    """The passages of a plain text, and the boilerplate paragraphs hidden from it."""
    blocks: list[Block] = []
    hidden: list[str] = []
    paras = _split_paragraphs(text)
    for position, para in enumerate(paras):
        if is_boilerplate(para):
            hidden.append(para)
            continue
        rest = take_metadata(para, meta, position)
        if rest is None:
            continue
        para = rest
        is_last = position == len(paras) - 1
        para, spans = _strong_markers(para)
        if _looks_like_heading(para) and not is_last:
            level = 1 if not blocks and meta.title is None else 2
            if level == 1:
                meta.title = para
            blocks.append((para, PassageKind.HEADING, level, spans))
        else:
            blocks.append((para, PassageKind.PARAGRAPH, 0, spans))
    return blocks, hidden


_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


def _strong_markers(para: str) -> tuple[str, tuple[Span, ...]]:
    """`**bold**` in a plain-text file (pasted from Markdown): drop the stars, keep the bold."""
    if "**" not in para:
        return para, ()
    spans: list[Span] = []
    out: list[str] = []
    last = 0
    length = 0
    for m in _STRONG.finditer(para):
        out.append(para[last : m.start()])
        length += m.start() - last
        inner = m.group(1)
        spans.append(Span(length, length + len(inner), "bold"))
        out.append(inner)
        length += len(inner)
        last = m.end()
    out.append(para[last:])
    return "".join(out), tuple(spans)
