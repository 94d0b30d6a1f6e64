"""Where query words occur in a text: folding with offsets, match spans, find-in-document and
snippets (pure: no I/O)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence

from tui.core.models import Passage
from tui.core.text import fold

# Invisible characters inside words (zero-width space and joiners, word joiner, byte-order
# mark, soft hyphen): dropped, so that "Ber\u200blin" is the word "berlin".
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
# A search, then a substitution only where found: str.translate with a dict took ~1 ms per
# non-ASCII passage (20x longer; 2 s of indexing 10k documents).
_ZERO_WIDTH_RE = re.compile("[" + "".join(sorted(ZERO_WIDTH)) + "]")


def drop_zero_width(text: str) -> str:
    """`text` without the invisible characters of ZERO_WIDTH."""
    if text.isascii() or _ZERO_WIDTH_RE.search(text) is None:
        return text
    return _ZERO_WIDTH_RE.sub("", text)


def fold_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """Fold `text` (ZERO_WIDTH characters dropped) and map each folded character back to
    its index in `text`.

    The map is None when folding kept every character in place (plain ASCII).
    """
    if text.isascii():
        return text.lower(), None
    # Most non-ASCII text folds one character to one ("é" to "e", "’" stays): translate.
    table = {}
    for ch in set(text):
        if ch in ZERO_WIDTH:
            break
        if not ch.isascii():
            folded = fold(ch)
            if len(folded) != 1:
                break
            table[ord(ch)] = folded
    else:
        flat = text.translate(table).lower()
        if len(flat) == len(text):
            return flat, None
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch in ZERO_WIDTH:
            continue
        for c in unicodedata.normalize("NFKD", ch.casefold()):
            if not unicodedata.combining(c):
                out.append(c)
                offsets.append(i)
    return "".join(out), offsets


def _original_span(offsets: list[int] | None, start: int, end: int, size: int) -> tuple[int, int]:
    if offsets is None:
        return start, end
    o_start = offsets[start] if start < len(offsets) else size
    o_end = offsets[end - 1] + 1 if end - 1 < len(offsets) else size
    return o_start, o_end


@functools.lru_cache(maxsize=64)
def span_pattern(words: frozenset[str], prefixes: tuple[str, ...]) -> re.Pattern[str] | None:
    """A pattern over folded text finding whole `words` (group w) and word starts (group p)."""
    alts = []
    if words:
        ordered = sorted(words, key=lambda w: (-len(w), w))
        alts.append("(?P<w>" + "|".join(map(re.escape, ordered)) + r")(?![^\W_])")
    starts = [p for p in prefixes if p]
    if starts:
        ordered = sorted(starts, key=lambda w: (-len(w), w))
        alts.append("(?P<p>" + "|".join(map(re.escape, ordered)) + r")[^\W_]*")
    if not alts:
        return None
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alts) + ")")


def match_spans(
    text: str,
    words: Iterable[str],
    prefixes: Iterable[str] = (),
    phrases: Iterable[tuple[str, ...]] = (),
    folded: tuple[str, list[int] | None] | None = None,
) -> tuple[tuple[int, int], ...]:
    """Spans of the tokens of `text` equal to one of `words` (folded), starting with one of
    `prefixes`, or forming one of `phrases`, as offsets into `text`."""
    flat, offsets = folded if folded is not None else fold_with_offsets(text)
    spans: list[tuple[int, int]] = []
    pattern = span_pattern(frozenset(words), tuple(sorted(set(prefixes))))
    if pattern is not None:
        for m in pattern.finditer(flat):
            groups = m.groupdict()
            spans.append(m.span("w") if groups.get("w") is not None else m.span("p"))
    for phrase in phrases:
        if phrase:
            body = r"[\W_]+".join(map(re.escape, phrase))
            found = re.finditer(r"(?<![^\W_])" + body + r"(?![^\W_])", flat)
            spans.extend(m.span() for m in found)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(_original_span(offsets, s, e, len(text)) for s, e in merged)


def find_in_text(query: str, passages: Sequence[Passage | str]) -> list[tuple[int, int, int]]:
    """Every occurrence of `query` as (passage number, start, end), in reading order.

    Plain text, not a pattern; case-insensitive unless the query has a capital letter.
    Passages given as strings are numbered from 1.
    """
    needle = query.strip()
    if not needle:
        return []
    flags = 0 if any(c.isupper() for c in needle) else re.IGNORECASE
    pattern = re.compile(re.escape(needle), flags)
    found: list[tuple[int, int, int]] = []
    for index, passage in enumerate(passages):
        if isinstance(passage, str):
            number, text = index + 1, passage
        else:
            number, text = passage.number, passage.text
        found.extend((number, m.start(), m.end()) for m in pattern.finditer(text))
    return found


def snippet(
    text: str, spans: Sequence[tuple[int, int]], width: int = 160
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of about `width` characters of `text` around its first match, with the
    spans shifted into it; "…" marks cut ends."""
    if len(text) <= width:
        return text, tuple(spans)
    first, first_end = spans[0] if spans else (0, 0)
    start = max(0, min(first - width // 4, len(text) - width))
    if start > 0:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 and start - space < 20 else start
    # Never before the first match's end (a start moved back to a word's start could have
    # taken a last word matched out of the window).
    end = min(len(text), max(start + width, first_end))
    if end < len(text):
        space = text.rfind(" ", max(start, first_end), end)
        end = space if space > start + width // 2 else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    inside = tuple(
        (max(s, start) + shift, min(e, end) + shift) for s, e in spans if e > start and s < end
    )
    return prefix + text[start:end] + suffix, inside
