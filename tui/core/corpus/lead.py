"""An article's lead: a source URL glued to its first words, a dateline, the first sentence."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from tui.core.patterns import lazy_pattern

# A URL at the start of a paragraph with prose after it. The first word of the prose may be glued
# to the URL ("…/2003781903Police yesterday"): the split falls after a digit, a file extension or
# a hyphenated slug, before a capitalised word; a URL followed by a space is split at the space.
# Compiled when first needed (most paragraphs start with neither a URL nor a dateline: each
# pattern is tried only on a paragraph that has what it needs first, see `_could_be_*`).
_URL_FIRST = lazy_pattern(r"^<?(https?://\S+?)>?(?:\s+|$)")
_GLUED_WORD = lazy_pattern(
    r"^(https?://\S+?(?:\d|\.s?html?|\.php|\.aspx?|[a-z0-9]-[a-z0-9-]*[a-z]))"
    r"([A-Z“\"‘][A-Za-z’'.,-]*)$"
)

_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DASH = r"(?:—|–|--|-)"
# "NAIROBI, Kenya (Xinhua) —", "ANAHEIM, Calif. (AP) —", "LONDON (Reuters) -", "WASHINGTON —":
# a place in capitals, an optional region and agency, then a dash.
_PLACE_DATELINE = lazy_pattern(
    r"^(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})"
    r"(?:, (?P<region>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}))?"
    r"(?:,? (?P<date>" + _MONTH + r" \d{1,2}(?:, \d{4})?|\d{1,2} " + _MONTH + r"(?: \d{4})?))?"
    r"(?: ?\((?P<agency>[^()]{1,40})\))?"
    r"(?: ?/[^/]{1,30}/)?"
    r"\s*" + _DASH + r"\s+"
)
# "afrol News, 27 January -", "Agency Name, July 17, 2022 —": a name, a date, then a dash.
_DATED_DATELINE = lazy_pattern(
    r"^(?P<place>[\w][\w .&'’-]{1,40}), (?P<date>\d{1,2} " + _MONTH + r"(?: \d{4})?"
    r"|" + _MONTH + r" \d{1,2}(?:, \d{4})?)"
    r"(?: ?\((?P<agency>[^()]{1,40})\))?\s*" + _DASH + r"\s+",
    re.IGNORECASE,
)


_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_PLACE_SECOND = _UPPER | frozenset(".'’-")


def _could_be_place_dateline(para: str) -> bool:
    """What `_PLACE_DATELINE` needs first: a place's first two letters in capitals (A-Z)."""
    return len(para) > 1 and para[0] in _UPPER and para[1] in _PLACE_SECOND


def _could_be_dated_dateline(para: str) -> bool:
    """What `_DATED_DATELINE` needs first: its name's comma (the first one: a name holds none)
    2 to 41 characters in, then a space and a date, a digit within its first 12 characters
    ("17 July", "September 17")."""
    comma = para.find(",", 0, 42)
    return (
        comma >= 2
        and para[comma + 1 : comma + 2] == " "
        and any(c.isdecimal() for c in para[comma + 2 : comma + 14])
    )


def split_leading_url(para: str) -> tuple[str | None, str]:
    """(the URL, the prose after it) for a paragraph that starts with a URL; (None, para) else."""
    m = _URL_FIRST().match(para) if para.startswith(("http", "<http")) else None
    if m is None:
        return None, para
    url, rest = m.group(1), para[m.end() :]
    glued = _GLUED_WORD().match(url)
    if glued and (rest or len(glued.group(2)) > 1):
        url, rest = glued.group(1), f"{glued.group(2)} {rest}".strip()
    return url, rest


def split_dateline(para: str) -> tuple[str | None, str | None, str]:
    """(the dateline, the date it gives or None, the text after it); (None, None, para) if none."""
    for could_be, pattern in (
        (_could_be_place_dateline, _PLACE_DATELINE),
        (_could_be_dated_dateline, _DATED_DATELINE),
    ):
        m = pattern().match(para) if could_be(para) else None
        if m is None:
            continue
        rest = para[m.end() :]
        # The place of a dateline is short; what follows is a sentence.
        if len(rest.split()) < 3 or not (rest[0].isupper() or rest[0] in "“\"‘'"):
            continue
        if pattern is _PLACE_DATELINE and not _looks_like_place(m.group("place")):
            continue
        return para[: m.end()].rstrip(" —–-"), m.group("date"), rest
    return None, None, para


def _looks_like_place(place: str) -> bool:
    letters = [c for c in place if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """Words that end with a full stop without ending a sentence ("mr", "calif", "oct")."""
    # Read beside this module, as the other data files are: `importlib.resources` and its
    # readers cost ~3.5 ms of imports on a first start, before its list.
    text = (Path(__file__).parent / "data" / "abbreviations.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+")
_DOTTED_ACRONYM = lazy_pattern(r"^(?:[A-Za-z]\.)+[A-Za-z]?$")  # tried on "X." words only


def first_sentence(text: str) -> str:
    """The text up to the first full stop, "!" or "?" that ends a sentence.

    A stop after an abbreviation ("Mr.", "Calif."), an initial ("J.") or a dotted acronym
    ("U.S.") does not end it.
    """
    for m in _SENTENCE_END.finditer(text):
        if text[m.start()] == "." and _is_abbreviation(text, m.start()):
            continue
        return text[: m.start() + 1]
    return text


def _is_abbreviation(text: str, stop: int) -> bool:
    """True when the full stop at `stop` follows an abbreviation, an initial or an acronym."""
    word = text[:stop].rsplit(None, 1)[-1] if text[:stop].strip() else ""
    word = word.lstrip("(\"'“‘[")
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "J. Smith", "Y. Tanaka"
    if word[1:2] == "." and _DOTTED_ACRONYM().match(word):
        return True  # "U.S", "e.g", "U.N"
    return word.lower() in abbreviations()
