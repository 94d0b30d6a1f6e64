"""The query syntax: words, "exact phrases", -exclusions and OR, parsed into a folded Query.

Words are soft-ANDed: passages holding every word come first, then those missing one, and
so on. OR (in capitals) between words ranks passages holding any of them alike, by score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.core.search.matching import drop_zero_width
from tui.core.text import fold

# Tokens as SQLite FTS5's unicode61 tokenizer sees them: letters and digits, not underscore.
TOKEN = re.compile(r"[^\W_]+")
# A number kept whole with its sign, decimals and unit: "50%", "$5", "1.5", "€2,000.50".
NUMBER = re.compile(r"[$€£¥]?\d+(?:[.,]\d+)*%?")
MAX_TERMS = 32  # a pasted paragraph is searched by its first words, not rejected
MAX_TERM_CHARS = 64
# Words too common to search for on their own, and never taken as a typo's spelling.
_STOP = """a about after all also an and any are as at be been but by can could did do does for
from had has have he her his i if in into is it its me more my no not of on one or our out she
so than that the their them then there these they this to up us was we were what when which
who will with would you your"""
STOP_WORDS = frozenset(_STOP.split())


class QuerySyntaxError(ValueError):
    """A query that cannot mean anything (the message says why, for the user)."""


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed search query; every word is folded (lower case, no accents).

    `prefix` is True when the last term is still being typed (no space after it), so it
    may also match as the start of a longer word.
    """

    raw: str
    terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    excludes: tuple[str, ...] = ()
    prefix: bool = False
    exclude_phrases: tuple[tuple[str, ...], ...] = ()
    numbers: tuple[str, ...] = ()  # each passage must hold these as written ("50%", "1.5")
    any_word: bool = False  # OR: a passage missing a word is not ranked after the others

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.phrases

    @property
    def words(self) -> tuple[str, ...]:
        """Every positive word: the terms, then the words of the phrases."""
        return self.terms + tuple(w for p in self.phrases for w in p)


def folded_words(text: str) -> list[str]:
    """The words of `text`, folded, each cut to MAX_TERM_CHARS."""
    return [w[:MAX_TERM_CHARS] for w in TOKEN.findall(fold(drop_zero_width(text)))]


def parse_query(text: str) -> Query:
    """Parse `word "exact phrase" -exclude -"excluded phrase"`.

    A quote left open runs to the end of the query. Raises QuerySyntaxError when the query
    excludes words but asks for none, or (once typed) asks only for stop-words.
    """
    terms: list[str] = []
    phrases: list[tuple[str, ...]] = []
    excludes: list[str] = []
    exclude_phrases: list[tuple[str, ...]] = []
    numbers: list[str] = []
    any_word = False
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        negate = ch == "-" and i + 1 < n and not text[i + 1].isspace()
        if negate:
            i += 1
        if text[i] == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end
            words = folded_words(text[i + 1 : end])
            i = end + 1
            if negate and len(words) > 1:
                exclude_phrases.append(tuple(words))  # the phrase, not each of its words
            elif negate:
                excludes.extend(words)
            elif len(words) == 1:
                terms.extend(words)
            elif words:
                phrases.append(tuple(words))
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] != '"':
            j += 1
        chunk = text[i:j].rstrip(".,;:!?")
        words = folded_words(text[i:j])
        i = j
        if chunk == "OR" and not negate:
            any_word = True
            continue
        number = NUMBER.fullmatch(chunk)
        if number and not negate and (len(words) > 1 or chunk != words[0]):
            numbers.append(chunk)  # "1.5" is not "264.1" nor "1, 5": checked when ranking
            if len(words) > 1:
                phrases.append(tuple(words))
                continue
        (excludes if negate else terms).extend(words)
    terms = list(dict.fromkeys(terms))[:MAX_TERMS]
    phrases = phrases[:MAX_TERMS]
    excludes = [w for w in dict.fromkeys(excludes) if w not in terms][:MAX_TERMS]
    exclude_phrases = list(dict.fromkeys(exclude_phrases))[:MAX_TERMS]
    if (excludes or exclude_phrases) and not terms and not phrases:
        raise QuerySyntaxError("the query only excludes words: add a word to search for")
    stripped = text.rstrip()
    prefix = bool(terms) and stripped == text and not stripped.endswith('"')
    if terms and not phrases and not prefix and all(t in STOP_WORDS for t in terms):
        raise QuerySyntaxError(
            "the query has only common words (" + " ".join(terms) + "): add a rarer word"
        )
    return Query(
        text,
        tuple(terms),
        tuple(phrases),
        tuple(excludes),
        prefix,
        tuple(exclude_phrases),
        tuple(dict.fromkeys(numbers))[:MAX_TERMS],
        any_word,
    )
