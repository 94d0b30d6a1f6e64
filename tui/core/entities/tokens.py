"""The tokenizer of the rules: words with their spans and whether each starts a sentence."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from tui.core.entities.gazetteer import Lexicon
from tui.core.models import surface_key

# Tokens: words with inner apostrophes/hyphens/dots (U.S., O'Sullivan, Baskin-Robbins), or "&".
TOKEN = re.compile(r"[^\W_](?:[\w’'.\-]*[^\W_])?\.?|&")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\b\S+\.(?:com|org|net|co\.uk)\S*")
SENTENCE_END = re.compile(r"[.!?:;]['\"’”)\]]*$")
POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_BREAK_CHARS = re.compile(r'[.!?:;•\n—–"“”()\[\]]')
ABBREVIATION = re.compile(r"(?:[A-Z]\.)+|St\.|Mr\.|Mrs\.|Dr\.|Ms\.")


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


def _url_hinted(text: str) -> bool:
    """Whether one of `_URL_HINTS` is in the text (written out: a generator over them cost
    more than the seven searches)."""
    return (
        "http" in text
        or "www." in text
        or "@" in text
        or ".com" in text
        or ".org" in text
        or ".net" in text
        or ".co.uk" in text
    )


def tokens(text: str, lex: Lexicon) -> list[Tok]:
    """The words of `text`, URLs and e-mail addresses left out.

    A hyphenated word splits into its parts when a part is lower case or known ("China-India").
    """
    blocked = [(m.start(), m.end()) for m in _URL.finditer(text)] if _url_hinted(text) else []
    toks: list[Tok] = []
    _scan(text, TOKEN.finditer(text), lex, toks, True, 0, blocked, None)
    return toks


# Where a capitalised word may start: a capital (or any non-ASCII letter), or a digit with one
# after it ("3M"); a superset, checked against the word itself. Its first character is one of
# a set of ranges (then checked: a letter or digit, no letter or digit before it), so the
# search skips lower-case prose a character at a time without trying the pattern there. Same
# matches as (?<![^\W_])(?:[^\W\d_a-z]|\d[\w’'.\-]*?[^\W\d_a-z]), 1.5-2x as fast.
_CAP_START = re.compile(
    r"[A-Z0-9\x80-\U0010ffff](?<=[^\W_])(?<![^\W_].)(?:(?<!\d)|(?<=\d)[\w’'.\-]*?[^\W\d_a-z])",
    re.S,
)
# Characters a word may hold besides letters and digits (and so the run of one word).
_INNER = "_’'.-"
# TOKEN read backwards, searched in the reversed text: the word nearest before a position
# (group 1, with its trailing dot) and, when there is a word before that one, the characters
# between them (group 2) and the end of that word (group 3: its last character, dot first).
_BEFORE_REVERSED = re.compile(r"(&|\.?[^\W_](?:[\w’'.\-]*[^\W_])?)(?:(.*?)(&|\.?[^\W_]))?", re.S)


def token_windows(
    text: str, lex: Lexicon, alone_gives_nothing: Mapping[str, int] | None = None
) -> Iterator[list[Tok]]:
    """The stretches of `text`'s words the rules look at, each as `tokens` would give them.

    Only capitalised words start a name, and the rules look one word back from them and forward
    through capitalised words and connectors: a window is the word before a capitalised word,
    the capitalised words and connectors after it, and the word that ends them (more when a
    capitalised word follows that one). Lower-case prose between windows is never tokenized.
    Text with a URL or an e-mail address is tokenized whole.

    With `alone_gives_nothing` (the rules' answer, by a capitalised word as matched, to "does
    it give no name when it is the only capitalised word of its window?": `ALONE_AT_START` when
    it starts a sentence, `ALONE_INSIDE` when it does not, both or 0), a window whose only
    capitalised word is such a word ("The" starting a sentence) is not built: its words are only
    looked at, not made tokens.
    """
    if _url_hinted(text):
        yield tokens(text, lex)
        return
    members = lex.connectors
    rev = text[::-1]  # the words before a window are found by searching the reversed text
    n = len(text)
    pos = 0
    while (m := _CAP_START.search(text, pos)) is not None:
        p = m.start()
        pos = m.end()
        k = p - 1
        while k >= 0 and text[k] in _INNER:
            k -= 1
        if k >= 0 and text[k].isalnum():
            continue  # inside a word ("x_Smith", "U.S")
        first = TOKEN.match(text, p)
        if first is None or not (text[p].isupper() or is_cap(first.group().rstrip("."))):
            continue
        lone = 0 if alone_gives_nothing is None else alone_gives_nothing[first.group()]
        toks: list[Tok] = []
        sent_start = True
        prev_end = 0
        before = _BEFORE_REVERSED.search(rev, n - p)
        if before is not None:
            s1, e1 = n - before.end(1), n - before.start(1)
            raw = text[s1:e1]
            if raw[:1].isupper():  # never: a capitalised word is in the window before
                yield tokens(text, lex)
                return
            two = before.start(3)  # where the word before that ends, in `rev`
            if two < 0:
                first_start = True
            else:
                between = text[n - two : s1]
                first_start = rev[two] == "." or (
                    between != " " and _BREAK_CHARS.search(between) is not None
                )
            word = raw[:-1] if raw.endswith(".") else raw
            toks.append(Tok(word, s1, s1 + len(word), first_start))
            sent_start = raw.endswith(".")
            prev_end = e1
        if (
            lone
            and (end := _lone_window_end(text, first, toks, sent_start, prev_end, lone, members))
            >= 0
        ):
            pos = end
            continue
        pos = _scan(text, TOKEN.finditer(text, p), lex, toks, sent_start, prev_end, [], members)
        yield toks


def _lone_window_end(
    text: str,
    first: re.Match[str],
    toks: list[Tok],
    sent_start: bool,
    prev_end: int,
    lone: int,
    members: frozenset[str],
) -> int:
    """Where the window starting with the capitalised word `first` ends (as `_scan` would tell)
    when it gives no name: its only capitalised word is `first`, one that gives nothing alone
    where it is (`lone`: `ALONE_AT_START`, `ALONE_INSIDE` or both; `toks`: the word before it,
    if any, none capitalised); else -1.

    Reads the words as `_scan` does: `first` (no hyphen, so not split), then the word after it,
    neither capitalised nor a connector (a run of one word, so the window ends after it), then
    the next word, not capitalised (or none) so that `_scan` stops there.
    """
    p = first.start()
    if "-" in first.group():
        return -1  # (never given as `lone`: a hyphenated word may be split)
    if toks:
        before = toks[-1].text
        if before[:1].isupper() or (before[:1].isdigit() and is_cap(before)):
            return -1  # (never: the word before is never capitalised)
        if before.endswith(".") or (
            prev_end != p
            and (p - prev_end != 1 or text[prev_end] != " ")
            and _BREAK_CHARS.search(text, prev_end, p) is not None
        ):
            sent_start = True
    if not lone & (ALONE_AT_START if sent_start else ALONE_INSIDE):
        return -1
    after = TOKEN.search(text, first.end())
    if after is None:
        return first.end()
    if _window_word(after.group(), members) != _OTHER:
        return -1
    third = TOKEN.search(text, after.end())
    if third is not None and _window_word(third.group(), members) == _CAPITALISED:
        return -1
    return after.end()


# What `alone_gives_nothing` tells of a word: it gives no name alone when it starts a sentence,
# when it does not.
ALONE_AT_START, ALONE_INSIDE = 1, 2
_CAPITALISED, _MEMBER, _OTHER = 0, 1, 2


def _window_word(raw: str, members: frozenset[str]) -> int:
    """What `_scan` takes a word matched as `raw` for: capitalised, a connector, or other."""
    word = raw[:-1] if raw[-1] == "." and not ABBREVIATION.fullmatch(raw) else raw
    first = word[0]
    if first.isupper() or (first.isdigit() and is_cap(word)):
        return _CAPITALISED
    return _MEMBER if word.lower() in members else _OTHER


def _scan(
    text: str,
    matches: Iterator[re.Match[str]],
    lex: Lexicon,
    toks: list[Tok],
    sent_start: bool,
    prev_end: int,
    blocked: list[tuple[int, int]],
    members: frozenset[str] | None,
) -> int:
    """Append the words of `matches` to `toks`, given whether the next one starts a sentence and
    where the previous one ended; the end of the last one taken.

    With `members` (the connectors), stop at a window's end: after a word that is neither
    capitalised nor a member, when the next one is not capitalised either.
    """
    gaz = lex.known
    stopped = False
    append = toks.append
    last_dot = bool(toks) and toks[-1].text.endswith(".")
    for m in matches:
        s, word_end = m.span()
        end = word_end
        if blocked and any(b <= s < e for b, e in blocked):
            continue
        raw = word = m.group()
        # A trailing dot is kept only on abbreviations (U.S., St.), not on a sentence end.
        if word[-1] == "." and not ABBREVIATION.fullmatch(word):
            word = word[:-1]
            end -= 1
        first = word[0]
        if members is not None:
            cap = first.isupper() or (first.isdigit() and is_cap(word))
            if stopped and not cap:
                break
            stopped = not cap and word.lower() not in members
        # A token ends in a letter, a digit or an abbreviation's dot: SENTENCE_END is the dot.
        # (Most words follow a single space: read before anything is sliced.)
        if toks and (
            last_dot
            or (
                prev_end != s
                and (s - prev_end != 1 or text[prev_end] != " ")
                and _BREAK_CHARS.search(text, prev_end, s) is not None
            )
        ):
            sent_start = True
        if (
            "-" in word
            and first.isupper()
            and gaz.get(fast_key(word)) is None
            and any(p[:1].islower() or fast_key(p) in gaz for p in word.split("-") if p)
            and not _given_name_part(word, toks, text[prev_end:s], lex)
        ):
            # "China-India" -> China, India; "Cold War-era" -> Cold War, era.
            pos = s
            lead = True
            for part in word.split("-"):
                if part:
                    append(Tok(part, pos, pos + len(part), sent_start and lead))
                    lead = False
                pos += len(part) + 1
            last_dot = toks[-1].text.endswith(".")
            sent_start = False
            prev_end = word_end
            continue
        append(Tok(word, s, end, sent_start))
        last_dot = word[-1] == "."
        sent_start = last_dot and word not in ("Mr.", "Mrs.", "Dr.", "Ms.", "St.")
        prev_end = word_end
        if raw is not word:
            sent_start = True
    return prev_end


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
    # Most names end in neither "s" nor an apostrophe: the regex is not run on them.
    return POSSESSIVE.sub("", surface) if surface[-1:] in ("s", "'", "’") else surface
