"""The tokenizer of the rules: words with their spans and whether each starts a sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.core.entities.gazetteer import Lexicon
from tui.core.models import surface_key

# Tokens: words with inner apostrophes/hyphens/dots (U.S., O'Sullivan, Baskin-Robbins), or "&".
TOKEN = re.compile(r"[^\W_](?:[\w’'.\-]*[^\W_])?\.?|&")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\b\S+\.(?:com|org|net|co\.uk)\S*")
SENTENCE_END = re.compile(r"[.!?:;]['\"’”)\]]*$")
POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_BREAK_CHARS = re.compile(r'[.!?:;•\n—–"“”()\[\]]')
_ABBREVIATION = re.compile(r"(?:[A-Z]\.)+|St\.|Mr\.|Mrs\.|Dr\.|Ms\.")


@dataclass(slots=True)
class Tok:
    """A word of a passage: its text, [start, end) span, and whether a sentence starts with it."""

    text: str
    start: int
    end: int
    sent_start: bool


def fast_key(surface: str) -> str:
    """`surface_key`, with a shortcut for ASCII text (folding it is lower-casing it)."""
    return surface.lower().strip() if surface.isascii() else surface_key(surface)


# Text without any of these has no URL or e-mail address: the costly pattern is not run on it.
_URL_HINTS = ("http", "www.", "@", ".com", ".org", ".net", ".co.uk")


def tokens(text: str, lex: Lexicon) -> list[Tok]:
    """The words of `text`, URLs and e-mail addresses left out.

    A hyphenated word splits into its parts when a part is lower case or known ("China-India").
    """
    gaz = lex.known
    blocked = (
        [(m.start(), m.end()) for m in _URL.finditer(text)]
        if any(h in text for h in _URL_HINTS)
        else []
    )
    toks: list[Tok] = []
    prev_end = 0
    sent_start = True
    for m in TOKEN.finditer(text):
        if blocked and any(s <= m.start() < e for s, e in blocked):
            continue
        between = text[prev_end : m.start()]
        # A token ends in a letter, a digit or an abbreviation's dot: SENTENCE_END is the dot.
        if toks and (
            (between != " " and _BREAK_CHARS.search(between) is not None)
            or toks[-1].text.endswith(".")
        ):
            sent_start = True
        word = m.group()
        end = m.end()
        # A trailing dot is kept only on abbreviations (U.S., St.), not on a sentence end.
        if word.endswith(".") and not _ABBREVIATION.fullmatch(word):
            word = word[:-1]
            end -= 1
        if (
            "-" in word
            and word[:1].isupper()
            and gaz.get(fast_key(word)) is None
            and any(p[:1].islower() or fast_key(p) in gaz for p in word.split("-") if p)
            and not _given_name_part(word, toks, between, lex)
        ):
            # "China-India" -> China, India; "Cold War-era" -> Cold War, era.
            pos = m.start()
            first = True
            for part in word.split("-"):
                if part:
                    toks.append(Tok(part, pos, pos + len(part), sent_start and first))
                    first = False
                pos += len(part) + 1
            sent_start = False
            prev_end = m.end()
            continue
        toks.append(Tok(word, m.start(), end, sent_start))
        sent_start = word.endswith(".") and word not in ("Mr.", "Mrs.", "Dr.", "Ms.", "St.")
        prev_end = m.end()
        if m.group().endswith(".") and not word.endswith("."):
            sent_start = True
    return toks


def _given_name_part(word: str, toks: list[Tok], between: str, lex: Lexicon) -> bool:
    """ "Sang-mok" in "Choi Sang-mok": a hyphenated given name after a capitalised word, its
    second part a short syllable that is no English word ("Cold War-era" splits)."""
    head, _, tail = word.partition("-")
    return (
        bool(toks)
        and between == " "
        and toks[-1].text[:1].isupper()
        and "-" not in tail
        and tail.isalpha()
        and tail.islower()
        and len(tail) <= 5
        and tail not in lex.common_words
        and not tail.endswith(("ed", "ing"))
        and head.isalpha()
    )


def is_cap(word: str) -> bool:
    """Capitalised, or a number with capitals after it ("3M", "4Kids")."""
    return word[:1].isupper() or (word[:1].isdigit() and any(c.isupper() for c in word[1:]))


def strip_possessive(surface: str) -> str:
    return POSSESSIVE.sub("", surface)
