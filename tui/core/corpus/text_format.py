"""Plain-text files: paragraphs split on blank lines, headings guessed, `**bold**` kept."""

from __future__ import annotations

import re

from tui.core.corpus.boilerplate import BOILERPLATE_MAX, is_boilerplate
from tui.core.corpus.lead import split_leading_url
from tui.core.corpus.metadata import Metadata, take_metadata
from tui.core.models import PassageKind, Span

# A passage before numbering: (text, kind, level, spans).
Block = tuple[str, PassageKind, int, tuple[Span, ...]]
_BARE_URL = re.compile(r"^<?https?://\S+>?$")
_BULLETS = "-*•–"
_BLANK_LINE = re.compile(r"\n\s*\n")
_HEADING, _PARAGRAPH = PassageKind.HEADING, PassageKind.PARAGRAPH  # a member looked up: ~0.2 us


def _is_bullet(line: str) -> bool:
    """Whether `line` starts as a list item does: a bullet, then whitespace. A string test, not
    a pattern: a character class past Latin-1 costs 1-3M instructions to compile, paid on a
    first start's way to its list (`test_text_format_string_tests_match_their_patterns`)."""
    return len(line) > 1 and line[0] in _BULLETS and line[1].isspace()


def _split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines, or found in a block of lines (see `_split_block`)."""
    return _paragraphs(_BLANK_LINE.split(text))


def _paragraphs(parts: list[str]) -> list[str]:
    """The paragraphs of a text's parts between blank lines."""
    paras: list[str] = []
    for block in parts:
        if "\n" not in block:  # one line (most paragraphs of most files): one paragraph
            if line := block.strip():
                paras.append(line)
            continue
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        if lines:
            paras.extend(_split_block(lines))
    return paras


def _split_block(lines: list[str]) -> list[str]:
    """The paragraphs of a block of lines with no blank line between them.

    Hard-wrapped prose (most lines near one width, at most 100) is joined, a paragraph ending
    at a line the next line's first word would have fitted on. Otherwise a block of long lines
    is one paragraph per line, and so is a block with short heading-like lines among long ones.
    """
    if len(lines) == 1:
        return lines
    if _BARE_URL.match(lines[0]):  # a source URL on the line above the text
        return [lines[0], *_split_block(lines[1:])]
    if sum(1 for ln in lines if _is_bullet(ln)) >= 2:  # a list: one paragraph an item
        items: list[list[str]] = []
        for ln in lines:
            if _is_bullet(ln) or not items:
                items.append([ln])
            else:
                items[-1].append(ln)
        return [" ".join(item) for item in items]
    longest = max(len(ln) for ln in lines[:-1])
    if _hard_wrapped(lines, longest):
        return _join_wrapped(lines, longest)
    # A wrapped line can look like a heading; one the next line continues in lower case is not.
    headings = (
        _looks_like_heading(ln) and not (i + 1 < len(lines) and lines[i + 1][0].islower())
        for i, ln in enumerate(lines)
    )
    if longest > 100 or (longest > 60 and any(headings)):
        return lines
    return [" ".join(lines)]


def _hard_wrapped(lines: list[str], width: int) -> bool:
    """True for lines broken at a fixed width: at least 3 lines, half of them near the width."""
    if len(lines) < 3 or not 40 <= width <= 100:
        return False
    near = sum(1 for ln in lines[:-1] if len(ln) >= 0.75 * width)
    return near * 2 >= len(lines) - 1


def _join_wrapped(lines: list[str], width: int) -> list[str]:
    """Wrapped lines joined into paragraphs; a line ends one if the next word would have fitted."""
    paras: list[str] = []
    current: list[str] = []
    for i, line in enumerate(lines):
        current.append(line)
        following = lines[i + 1] if i + 1 < len(lines) else ""
        next_word = following.split(" ", 1)[0]
        if not following or len(line) + 1 + len(next_word) <= width:
            paras.append(" ".join(current))
            current = []
    return paras


# What a heading does not end with (a string, not a pattern: see `_is_bullet`).
_HEADING_ENDS = ".,;:!)]”\"'…"


HEADING_MAX = 120  # characters: a longer line is prose


def _looks_like_heading(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > HEADING_MAX or s[-1] in _HEADING_ENDS:
        return False
    words = s.split()
    if len(words) > 18 or len(words) < 1:
        return False
    if s.endswith("?") and len(words) > 12:
        return False
    if s[0].islower() or _is_bullet(s):
        return False
    return not _BARE_URL.match(s)


def text_blocks(text: str, meta: Metadata) -> tuple[list[Block], list[str]]:
    """The passages of a plain text, and the boilerplate paragraphs hidden from it."""
    paras = _split_paragraphs(text)
    return _blocks(paras, meta, len(paras) - 1)


# A long text's head: its first parts between blank lines, enough for every paragraph the
# metadata is looked for in (positions 0-6, `take_metadata`).
HEAD_PARTS = 7
HEAD_BLOCKS = 3  # the passages a title and a dateline's date are taken from (`parse`)


def head_blocks(text: str, meta: Metadata) -> tuple[list[Block], list[str]] | None:
    """The first passages of a long plain text, as `text_blocks` gives them, and the
    boilerplate hidden among them, read from its first HEAD_PARTS parts alone (a list's
    preview of a corpus: about half a generated article's parse); None when the text is not
    longer than that, or they give fewer than HEAD_BLOCKS passages. What `meta` gets from
    them is what the whole text gives: metadata is only looked for in those paragraphs."""
    parts = _BLANK_LINE.split(text, HEAD_PARTS)
    if len(parts) <= HEAD_PARTS or not parts[-1].strip():
        return None  # the whole text, or its last paragraph, is in the head
    paras = _paragraphs(parts[:HEAD_PARTS])
    if len(paras) < HEAD_PARTS:  # parts with no paragraph: the head holds fewer than 7
        return None
    # No paragraph of the head is the text's last (it has more): none is kept from a heading.
    blocks, hidden = _blocks(paras, meta, -1)
    return (blocks, hidden) if len(blocks) >= HEAD_BLOCKS else None


def _blocks(paras: list[str], meta: Metadata, last: int) -> tuple[list[Block], list[str]]:
    """The passages of paragraphs and the boilerplate hidden; `last`: the last one's position."""
    blocks: list[Block] = []
    hidden: list[str] = []
    # The checks that cannot apply are skipped by length and position before a call: a file
    # has ~10 paragraphs, and these calls were a third of its parse.
    for position, para in enumerate(paras):
        if len(para) <= BOILERPLATE_MAX and is_boilerplate(para):
            hidden.append(para)
            continue
        if position <= 6:
            if not blocks:
                url, lead = split_leading_url(para)
                if url is not None and lead:  # a source URL with the article glued on
                    meta.source = meta.source or url
                    para = lead
            rest = take_metadata(para, meta, position)
            if rest is None:
                continue
            para = rest
        spans: tuple[Span, ...] = ()
        if "*" in para and "**" in para:  # one character is looked for ~10x faster than two
            para, spans = _strong_markers(para)
        if len(para) <= HEADING_MAX and position != last and _looks_like_heading(para):
            level = 1 if not blocks and meta.title is None else 2
            if level == 1:
                meta.title = para
            blocks.append((para, _HEADING, level, spans))
        else:
            blocks.append((para, _PARAGRAPH, 0, spans))
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
