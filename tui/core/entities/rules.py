"""The rule-based extractor: candidate names per passage, then aliases merged within a document.

"Rutte" becomes "Mark Rutte" when the document names him in full, "WSJ" the "Wall Street
Journal", and a sentence-start word before a known name ("Later Rutte") is dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from tui.core.entities.candidates import Candidate, candidates, person_context
from tui.core.entities.evidence import org_context
from tui.core.entities.gazetteer import Lexicon, data_digest, lexicon
from tui.core.entities.tokens import fast_key, strip_possessive
from tui.core.models import Document, Mention

# Bump by hand whenever a change to the rules' code can change their output; a change to the
# data files changes `RuleExtractor.version` by itself.
RULES_VERSION = "3"
# An unknown word written mid-sentence this often in one document is taken as a name (an ORG
# unless context says otherwise): chosen on the tuning sets (2: typed .926, 3: .929, off: .927).
REPEATS_AS_EVIDENCE = 3
# The longest capitalised run, of words no English word list has, typed a person without other
# evidence ("Gudaf Tsegay", "Fathur Roziqin Fen").
MAX_FOREIGN_NAME = 3
# Words that start lower case (the tokenizer's words without their trailing dot, found without
# tokenizing twice).
_LOWER_WORD = re.compile(r"(?<![^\W_])[a-z](?:[\w’'.\-]*[^\W_])?")


class RuleExtractor:
    """Entities found by rules and the gazetteer word lists (no model download)."""

    def __init__(self, lex: Lexicon | None = None) -> None:
        self._lex = lex

    @property
    def lexicon(self) -> Lexicon:
        """The word lists (the shipped ones unless given), read on first use."""
        if self._lex is None:
            self._lex = lexicon()
        return self._lex

    @property
    def version(self) -> str:
        digest = self._lex.digest if self._lex is not None else data_digest()  # not built
        return f"rules-{RULES_VERSION}-{digest}"

    def extract(self, document: Document) -> list[Mention]:
        return extract_document(document, self.lexicon)


def _initials(name: str, lex: Lexicon) -> str:
    return "".join(
        w[0] for w in name.split() if w[:1].isupper() and w.lower() not in lex.connectors
    )


def extract_document(doc: Document, lex: Lexicon | None = None) -> list[Mention]:
    """Entity mentions of one document, aliases merged within it, in reading order."""
    if lex is None:
        lex = lexicon()
    per_passage: list[tuple[int, Candidate]] = []
    lower_words = lower_case_words(doc)
    for p in doc.passages:
        for c in candidates(p.text, p.is_heading, lex):
            per_passage.append((p.number, c))
    return merge_document(doc, per_passage, lower_words, lex)


def lower_case_words(doc: Document) -> LowerCaseWords:
    """The words the document writes lower case somewhere outside its headings."""
    return LowerCaseWords("\n".join(p.text for p in doc.passages if not p.is_heading))


# The characters of a word's run: letters, digits and the inner marks of `_LOWER_WORD`.
_WORD_MARKS = "_’'.-"


class LowerCaseWords:
    """The words `_LOWER_WORD` finds in a text (a set of them, as far as `in` tells), found
    only for the words asked: the rules ask of ~20 words a document, and finding its ~1,000
    lower-case words took an eighth of the extraction."""

    __slots__ = ("_answers", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._answers: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        known = self._answers.get(word)
        if known is None:
            known = self._answers[word] = self._find(word)
        return known

    def _find(self, word: str) -> bool:
        """Whether one of the words found, left to right, is `word`: an occurrence that starts
        a word there (not inside one found before it in the same run, as "t" in "don't") and
        ends where that word ends."""
        text = self._text
        if not ("a" <= word[:1] <= "z"):
            return False  # every word found starts so
        at = text.find(word)
        while at >= 0:
            m = _LOWER_WORD.match(text, at)
            if m is not None and m.end() == at + len(word) and not self._inside_word(at):
                return True
            at = text.find(word, at + 1)
        return False

    def _inside_word(self, at: int) -> bool:
        """Whether a word found before position `at` runs on over it: a lower-case letter
        earlier in the same run that starts a word ("x_abc", "don't")."""
        text = self._text
        k = at - 1
        while k >= 0 and ((c := text[k]).isalnum() or c in _WORD_MARKS):
            if "a" <= c <= "z" and not (k > 0 and text[k - 1].isalnum()):
                return True
            k -= 1
        return False


def merge_document(
    doc: Document,
    per_passage: list[tuple[int, Candidate]],
    lower_words: LowerCaseWords,
    lex: Lexicon,
) -> list[Mention]:
    """Mentions from the document's candidate names: short forms joined to the full names the
    document gives, unknown names kept only with evidence, one type per name."""
    # Known full names in the document (multi-word, typed) to resolve short forms.
    by_surface: dict[str, tuple[str, str]] = {}
    persons: list[str] = []
    orgs: list[str] = []
    keys = [fast_key(c.surface) for _, c in per_passage]  # folded once: read three times
    for (_, c), key in zip(per_passage, keys, strict=True):
        if c.type is None:
            continue
        if c.tokens >= 2 and c.type == "PERSON":
            persons.append(c.name)
        if c.tokens >= 2 and c.type == "ORG":
            orgs.append(c.name)
        if c.strong or c.tokens >= 2:
            by_surface.setdefault(key, (c.name, c.type))
    person_parts: dict[str, str] = {}
    for full in persons:
        parts = full.split()
        for part in (parts[-1], parts[0]) if len(parts) > 1 else ():
            person_parts.setdefault(fast_key(part), full)
        if len(parts) > 2:
            person_parts.setdefault(fast_key(" ".join(parts[-2:])), full)
            person_parts.setdefault(fast_key(" ".join(parts[1:])), full)
    org_parts: dict[str, str] = {}
    for full in orgs:
        parts = full.split()
        org_parts.setdefault(fast_key(parts[0]), full)
        if len(parts) > 2 and parts[-1].lower() in lex.org_suffixes:
            org_parts.setdefault(fast_key(" ".join(parts[:-1])), full)  # "Peak XV" (Partners)
        ini = _initials(full, lex)
        if len(ini) >= 2:
            org_parts.setdefault(fast_key(ini), full)
    # A person's first name alone is ambiguous; only the surname part is a strong alias.
    person_last = {fast_key(f.split()[-1]): f for f in persons}

    known_forms = {k for k, (_, t) in by_surface.items() if t == "PERSON"}
    known_forms |= person_parts.keys()
    texts = {p.number: p.text for p in doc.passages}
    weak_counts = Counter(
        k for (_, c), k in zip(per_passage, keys, strict=True) if not c.sent_start
    )
    mentions: list[Mention] = []
    strong: list[bool] = []
    for (number, c), key in zip(per_passage, keys, strict=True):
        if c.sent_start and c.tokens >= 2 and not c.strong:
            # "Later Rutte said": a sentence-start word before a name known in the document.
            first, _, rest = c.surface.partition(" ")
            if first.lower() not in lex.first_names and (
                fast_key(rest) in known_forms
                or ((kn := lex.known.get(fast_key(rest))) is not None and kn.type == "PERSON")
            ):
                c = Candidate(
                    c.end - len(rest), c.end, rest, rest, None, False, False, c.tokens - 1
                )
                key = fast_key(rest)
        name, type_ = c.name, c.type
        if c.tokens == 1 or type_ is None or not c.strong:
            if key in person_last and (
                (type_ in (None, "PERSON", "ORG") and not c.strong)
                # "Paula Radcliffe ... Radcliffe": the surname, not the town of that name.
                or (c.tokens == 1 and type_ in ("GPE", "LOC") and name == c.name)
            ):
                name, type_ = person_last[key], "PERSON"
            elif key in person_parts and (not c.strong or type_ == "PERSON") and type_ != "GPE":
                name, type_ = person_parts[key], "PERSON"
            elif key in org_parts and not (c.strong and type_ != "ORG"):
                name, type_ = org_parts[key], "ORG"
            elif key in by_surface and (type_ is None or not c.strong):
                name, type_ = by_surface[key]
        if type_ is None:
            continue
        if not c.strong and c.tokens == 1 and name == c.name:
            # A lone unknown capitalised word: only mid-sentence, never seen lower-case.
            word = c.surface
            if c.sent_start or word.lower() in lower_words or word.lower() in lex.stopwords:
                continue
            if len(word) < 3 and not word.isupper():
                continue
        if not c.strong and c.sent_start and c.tokens >= 2 and name == c.name:
            first = c.surface.split()[0]
            if first.lower() in lower_words and type_ != "PERSON":
                continue
        # An unknown name is an organisation only with evidence around it; without any, it is
        # as often a person or a place, and a wrong type costs more than a missing name.
        if (
            type_ == "ORG"
            and not (c.strong or name != c.name)
            and not org_context(texts[number], c.start, c.end)
            and not (c.tokens == 1 and weak_counts[key] >= REPEATS_AS_EVIDENCE)
        ):
            if not (
                (c.tokens == 1 and person_context(texts[number], c.start, c.end, lex))
                or (not c.sent_start and _foreign_name(c.surface, lower_words, lex))
            ):
                continue
            # "Kindiki said": a surname, joined to its full name by the index; "Gudaf Tsegay".
            type_ = "PERSON"
        mentions.append(Mention(doc.id, number, c.start, c.end, c.surface, name, type_))
        strong.append(c.strong or name != c.name)
    return one_type_per_name(mentions, strong)


def _foreign_name(surface: str, lower_words: LowerCaseWords, lex: Lexicon) -> bool:
    """Two or three capitalised words, none an English word or one the document writes lower
    case: a person's name more often than anything else ("Gudaf Tsegay", not "Glass Menagerie")."""
    words = strip_possessive(surface).split()
    return 2 <= len(words) <= MAX_FOREIGN_NAME and all(
        w.isalpha()
        and not w.isupper()
        and (k := w.lower()) not in lex.common_words
        and k not in lower_words
        and k not in lex.connectors
        for w in words
    )


def one_type_per_name(mentions: list[Mention], strong: list[bool]) -> list[Mention]:
    """A name typed with evidence somewhere in the document has that type everywhere in it."""
    # folded name -> type -> count, for the mentions typed with evidence
    types: dict[str, dict[str, int]] = {}
    keys = [fast_key(m.name) for m in mentions]
    for m, s, key in zip(mentions, strong, keys, strict=True):
        if s:
            seen = types.get(key)
            if seen is None:
                types[key] = {m.type: 1}
            else:
                seen[m.type] = seen.get(m.type, 0) + 1
    out = mentions[:]
    for k, (m, s, key) in enumerate(zip(mentions, strong, keys, strict=True)):
        if not s and (seen := types.get(key)) is not None and m.type not in seen:
            # The commonest type; of equals, the first seen (as Counter.most_common gives it).
            out[k] = replace(m, type=max(seen, key=seen.__getitem__))
    return out
