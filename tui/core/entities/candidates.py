"""Candidate names in one passage: capitalised runs, typed by the gazetteer or by cues.

For each capitalised token, in order: a "Moscow-based" compound yields its known head; else the
longest known name starting there wins; else the capitalised run is trimmed to a name (split at
"and", titles and stop words dropped) and typed by its suffix, a cue before it or its first name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tui.core.entities.evidence import org_context
from tui.core.entities.gazetteer import Known, Lexicon
from tui.core.entities.tokens import (
    ABBREVIATION,
    ALONE_AT_START,
    ALONE_INSIDE,
    POSSESSIVE,
    SENTENCE_END,
    Tok,
    fast_key,
    is_cap,
    strip_possessive,
    token_windows,
)
from tui.core.text import fold


@dataclass(slots=True)
class Candidate:
    """A name found in a passage, before the document's aliases are merged."""

    start: int
    end: int
    surface: str
    name: str
    type: str | None
    strong: bool  # typed by gazetteer or a cue, not a guess
    sent_start: bool
    tokens: int


@dataclass(slots=True)
class _Run:
    """A capitalised run being trimmed to a name."""

    words: list[str]
    start: int  # token index of words[0]
    stop: int  # token index after the run
    cue: str  # "title", "role" or ""


def cue_before(toks: list[Tok], i: int, text: str, lex: Lexicon) -> str:
    """ "title" for a title ("Mr", "President", "Secretary General") just before token i,
    "role" for a lower-case role noun ("sculptor"), else ""."""
    if i == 0:
        return ""
    prev = toks[i - 1].text.rstrip(".")
    if prev.lower() in lex.titles and prev[:1].isupper():
        return "title"
    if prev in lex.roles or (toks[i - 1].sent_start and prev.lower() in lex.roles):
        return "role"  # "sculptor X", and "Economist X" at a sentence start
    before = text[max(0, toks[i].start - 30) : toks[i].start].lower().strip()
    return "title" if before.endswith(lex.multi_titles) else ""


_SAID_AFTER = re.compile(r"^(?:,? (?:said|says|told|added|who|whose)\b|, \d{1,3},)")
_SAID_BEFORE = re.compile(r"\b(?:said|says|told|according to)\s*$")
# After a name, the kind of place it is: "the Kosi river", "Siaya and Homa Bay counties".
_NOUN_AFTER = re.compile(r"^(?:,? (?:and|or) [A-Z][\w'’\-]*(?: [A-Z][\w'’\-]*){0,3})? ([a-z]+)\b")


_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,6}|[A-Z](?:\.[A-Z])+\.?")


@lru_cache(maxsize=4)
def _apposition(roles: frozenset[str]) -> re.Pattern[str]:
    """ "X, a farmer", "X, the union's lawyer": a role noun in an apposition after a name."""
    words = "|".join(sorted((re.escape(r) for r in roles), key=len, reverse=True))
    return re.compile(rf"^, (?:a|an|the) (?:[\w’'\-]+ ){{0,3}}?(?:{words})s?\b")


def person_context(text: str, start: int, end: int, lex: Lexicon | None = None) -> bool:
    """Whether the words around [start, end) speak of a person ("X said", "according to X",
    and with the lexicon's roles "X, a teacher")."""
    return bool(
        _SAID_AFTER.match(text[end : end + 12])
        or _SAID_BEFORE.search(text[:start][-16:])
        or (lex is not None and _apposition(lex.roles).match(text[end : end + 50]))
    )


def place_noun_after(text: str, end: int, lex: Lexicon) -> tuple[str, bool] | None:
    """The type a place noun right after text[:end] gives the name ("Dhading district": GPE,
    "the Kosi river": LOC) and whether it re-types a known town; None when there is none."""
    m = _NOUN_AFTER.match(text[end : end + 60])
    if m is None:
        return None
    word = m.group(1)
    singular = (
        word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") else word
    )
    return lex.place_nouns.get(word) or lex.place_nouns.get(singular)


def place_preposition_before(toks: list[Tok], i: int, text: str, lex: Lexicon) -> bool:
    """ "in Ashulia", "near Furano": a place preposition right before token i."""
    return (
        i > 0
        and toks[i - 1].text in lex.place_prepositions
        and text[toks[i - 1].end : toks[i].start] == " "
    )


def classify(words: list[str], cue: str, has_place: bool, lex: Lexicon) -> tuple[str | None, bool]:
    """Type of an unknown capitalised sequence and whether the guess is strong."""
    lower = [w.lower().rstrip(".") for w in words]
    last = lower[-1]
    joined = [w for w in lower if w in lex.connectors and w not in lex.name_particles]
    if last in ("act", "bill", "treaty", "accord") and len(words) > 1:
        return None, True  # laws and treaties are not labelled
    if len(words) > 1 and (last in lex.event_suffixes or lower[0] in lex.event_prefixes):
        return "EVENT", True
    if last in lex.loc_suffixes and len(words) > 1:
        return "LOC", True
    if last in lex.gpe_suffixes and len(words) > 1 and not joined:
        return "GPE", True
    if any(w in lex.org_suffixes for w in lower) and len(words) > 1:
        return "ORG", True
    if cue == "title" and len(words) <= 4 and not joined:
        return "PERSON", True
    if cue == "role" and 2 <= len(words) <= 4 and not joined and not has_place:
        return "PERSON", True
    if len(words) >= 2 and lower[0] in lex.first_names and not joined:
        return "PERSON", True
    if len(words) == 1 and _ACRONYM.fullmatch(words[0]):
        return "ORG", True
    return "ORG", False


def cap_run(toks: list[Tok], i: int, text: str, lex: Lexicon) -> int:
    """End (exclusive) of the capitalised sequence starting at token i."""
    n = len(toks)
    j = i + 1
    while j < n:
        t = toks[j]
        prev = toks[j - 1].text
        gap = text[toks[j - 1].end : t.start]
        # Cheap tests of the last characters first: most words end in a letter.
        if gap != " " or (prev[-1] in ".'’" and SENTENCE_END.search(prev)):
            break
        if (
            prev[-1] in "s'’"
            and POSSESSIVE.search(prev)
            and not _possessive_inside_org(toks, i, j, text, lex)
        ):
            break
        if is_cap(t.text) and not t.sent_start and t.text != "&":
            j += 1
            continue
        k = j  # one connector ("Bank of England"), or name particles ("van der Veer")
        while k < n - 1 and toks[k].text.lower() in lex.connectors and k - j < 3:
            if text[toks[k].end : toks[k + 1].start] != " " or (
                k > j and toks[k].text.lower() not in lex.name_particles
            ):
                break
            k += 1
        if k > j and is_cap(toks[k].text) and not toks[k].sent_start:
            j = k + 1
            continue
        break
    return j


def _possessive_inside_org(toks: list[Tok], i: int, j: int, text: str, lex: Lexicon) -> bool:
    """ "Tigray People's Liberation Front": a common word's possessive inside an organisation's
    name (the capitalised words after it end at an organisation suffix), not a known name's
    ("South Africa's Human Rights Commission")."""
    word = strip_possessive(toks[j - 1].text)
    prev = word.lower()
    if (
        prev not in lex.common_words
        or prev in lex.stopwords
        or prev in lex.org_suffixes  # "Science Museum's Dana Centre": two names
        or word.isupper()  # "FDA's Office of Drug Safety"
        or fast_key(word) in lex.known  # "Bayern Munich's Champions League"
        or any(not is_cap(t.text) for t in toks[i : j - 1])
    ):
        return False
    if fast_key(strip_possessive(text[toks[i].start : toks[j - 1].end])) in lex.known:
        return False
    if toks[i].text.lower() in lex.first_names:
        return False  # "Cherie Blair's Matrix Chambers": a person's, not a name's part
    k = j
    while k < len(toks) and is_cap(toks[k].text) and not toks[k].sent_start:
        if toks[k].text.lower() in lex.org_suffixes:
            return True
        if text[toks[k].end : toks[k + 1].start if k + 1 < len(toks) else toks[k].end] != " ":
            break
        k += 1
    return False


def lower_compound(word: str) -> str | None:
    """ "Moscow-based" -> "Moscow"; None when the word is not such a compound."""
    head, sep, tail = word.partition("-")
    if sep and tail[:1].islower() and head[:1].isupper():
        return head
    return None


def longest_known(toks: list[Tok], i: int, text: str, lex: Lexicon) -> tuple[int, Known] | None:
    """The longest known name starting at token i, every word capitalised but connectors:
    (end token, what is known); None when there is none."""
    tok = toks[i]
    first = tok.text.lower() if tok.text.isascii() else fast_key(tok.text)
    if "'" in first or "’" in first:
        first = POSSESSIVE.sub("", first)
    most = lex.known_first.get(first, 0)
    if not most:
        return None
    # The words of a known name: capitalised or connectors, none but the first starting a
    # sentence; the name ends before the first word that is not.
    stop = min(len(toks), i + most)
    connectors = lex.connectors
    if not is_cap(tok.text) and tok.text.lower() not in connectors:
        return None
    k = i + 1
    while k < stop:
        t = toks[k]
        if t.sent_start or (not is_cap(t.text) and t.text.lower() not in connectors):
            break
        k += 1
    for j in range(k, i, -1):
        span = text[tok.start : toks[j - 1].end]
        if "\n" in span or (j - i > 1 and POSSESSIVE.search(toks[j - 2].text)):
            continue
        surface = strip_possessive(span)
        key = fast_key(surface)
        known = lex.known.get(key)
        if known is not None and (
            key not in lex.upper_aliases or surface.replace(".", "").isupper()
        ):
            return j, known
    return None


def candidates(text: str, heading: bool, lex: Lexicon) -> list[Candidate]:
    """The candidate names of a passage's text, in reading order."""
    out: list[Candidate] = []
    for toks in token_windows(text, lex, _lone_words(lex)):
        i = 0
        n = len(toks)
        while i < n:
            word = toks[i].text
            if not word[:1].isupper() and not (word[:1].isdigit() and is_cap(word)):
                i += 1
                continue
            found, i = _candidate_at(toks, i, text, heading, lex)
            if found is not None:
                out.append(found)
    return out


def _candidate_at(
    toks: list[Tok], i: int, text: str, heading: bool, lex: Lexicon
) -> tuple[Candidate | None, int]:
    """The candidate starting at token i (None when there is none) and the next token to scan."""
    tok = toks[i]
    if not is_cap(tok.text) or tok.text == "&":
        return None, i + 1
    if (
        tok.sent_start
        and tok.text.lower() in lex.stopwords
        and not tok.text.isupper()
        and "-" not in tok.text
        and fast_key(strip_possessive(tok.text)) not in lex.known
        and cap_run(toks, i, text, lex) == i + 1
    ):
        return None, i + 1  # "The", "But" alone at a sentence start: the commonest case
    if (
        tok.sent_start
        and tok.text.lower() in lex.roles
        and i + 1 < len(toks)
        and is_cap(toks[i + 1].text)
        and text[tok.end : toks[i + 1].start] == " "
    ):
        return None, i + 1  # "Economist Adaeze Okonkwo said": a role, then the name
    head = lower_compound(tok.text) if "-" in tok.text else None
    if head is not None:
        known = lex.known.get(fast_key(head))
        if known is None:
            return None, i + 1
        end = tok.start + len(head)
        return Candidate(
            tok.start, end, head, known.name, known.type, True, tok.sent_start, 1
        ), i + 1
    run_end = cap_run(toks, i, text, lex)
    best = longest_known(toks, i, text, lex)
    if best is not None:
        j, known = best
        surface = strip_possessive(text[tok.start : toks[j - 1].end])
        run_last = toks[run_end - 1].text.lower()
        suffixes = lex.type_suffixes
        # The known name begins a longer one: "Pearl River Delta", "Kenya National Union of
        # Nurses" (not "Siaya and Homa Bay", two names).
        rest = [t.text.lower() for t in toks[j:run_end]]
        longer = run_end > j and (
            run_last in suffixes or ("and" not in rest and any(w in lex.org_suffixes for w in rest))
        )
        weak = known.type == "NORP" and surface in lex.norp_weak and j == i + 1
        # "Dallas Roberts", "Paris Hilton": a place that is also a first name, then a surname.
        person = (
            j == i + 1
            and run_end == i + 2
            and known.type in ("GPE", "LOC")
            and (tok.text.lower() in lex.first_names or cue_before(toks, i, text, lex) != "")
            and fast_key(toks[i + 1].text) not in lex.known
            and toks[i + 1].text.lower() not in suffixes
        )
        # "Hurricane Otis": an event, though Hurricane, Utah, is a town.
        event = j == i + 1 and run_end > j and tok.text.lower() in lex.event_prefixes
        if person or event:
            return _run_candidate(toks, i, run_end, text, heading, lex)
        if weak and run_end == i + 1:
            return None, i + 1
        if not longer and not weak:
            end = tok.start + len(surface)
            type_ = known.type
            if type_ == "GPE" and place_noun_after(text, end, lex) == ("LOC", True):
                type_ = "LOC"  # "the Kosi river": a town's name, here the river's
            found = Candidate(
                tok.start, end, surface, known.name, type_, True, tok.sent_start, j - i
            )
            return found, j
    return _run_candidate(toks, i, run_end, text, heading, lex)


class _LoneWords(dict[str, int]):
    """Where a capitalised word (as the tokenizer matches it, a trailing dot included) gives no
    candidate when it is the only capitalised word of its window, the word after it neither
    capitalised nor a connector: `ALONE_AT_START` for "The" or "But" starting a sentence, and
    `ALONE_INSIDE` too for "I". Answered on first sight, by `_candidate_at`'s own rules, for
    every cue the word before may give."""

    def __init__(self, lex: Lexicon) -> None:
        super().__init__()
        self.lex = lex
        # The lists a word alone must be in to give nothing, short words and numbers aside:
        # most capitalised words are in none, and the rules are not asked about them.
        self.listed = (
            lex.stopwords
            | lex.titles
            | lex.roles
            | lex.connectors
            | lex.function_words
            | lex.date_words
            | lex.not_entities
        )

    def __missing__(self, raw: str) -> int:
        if len(self) >= _PLANS_MAX:
            self.clear()
        word = raw[:-1] if raw[-1] == "." and not ABBREVIATION.fullmatch(raw) else raw
        answer = 0
        if self._may_give_nothing(word):
            lex = self.lex
            answer = (ALONE_AT_START if _gives_nothing_alone(word, True, lex) else 0) | (
                ALONE_INSIDE if _gives_nothing_alone(word, False, lex) else 0
            )
        self[raw] = answer
        return answer

    def _may_give_nothing(self, word: str) -> bool:
        """False for a word that surely gives a candidate alone (0 is the safe answer: a window
        is then built and read as ever)."""
        lower = word.lower()
        return (
            len(word) <= 2
            or any(c.isdigit() for c in word)
            or lower in self.listed
            or lower.rstrip(".") in self.listed
            or strip_possessive(lower) in self.listed
        )


def _gives_nothing_alone(word: str, sent_start: bool, lex: Lexicon) -> bool:
    """`_candidate_at`'s answer for the word as token i of a window whose token i + 1 (if any)
    is neither capitalised nor a connector, whatever the text around it: None."""
    if not is_cap(word) or word == "&" or "-" in word:
        return False
    toks = [Tok(word, 0, len(word), sent_start)]
    if cap_run(toks, 0, word, lex) != 1:
        return False  # (never: a run of one word)
    if (
        sent_start
        and word.lower() in lex.stopwords
        and not word.isupper()
        and fast_key(strip_possessive(word)) not in lex.known
    ):
        return True  # "The", "But" alone at a sentence start
    # No role before a capitalised word, no compound: the longest known name, else the plan
    # of the run by the cue before it (any of them).
    if longest_known(toks, 0, word, lex) is not None:
        return False
    return all(
        not _plan_run((word,), (sent_start,), cue, lex).words for cue in ("", "title", "role")
    )


_lone_words_of: list[_LoneWords] = []  # the answers for the lexicon last asked of


def _lone_words(lex: Lexicon) -> _LoneWords:
    if not _lone_words_of or _lone_words_of[0].lex is not lex:
        _lone_words_of[:] = [_LoneWords(lex)]
    return _lone_words_of[0]


@dataclass(frozen=True, slots=True)
class _Plan:
    """What a capitalised run's words (their texts, which start a sentence, the cue before them)
    decide alone, before the text around them is read: the name kept in the run and its type.
    Token offsets are relative to the run's first token."""

    next: int  # where to scan on: after the name, or where a rescan starts
    start: int = 0  # the name's first token
    words: int = 0  # 0: no candidate here
    surface: str = ""
    name: str = ""
    type: str | None = None
    strong: bool = False
    sent_start: bool = False
    known: bool = False  # a gazetteer name: no context is read
    place_check: bool = False  # "X district", "in X" may make it a place
    preposition_ok: bool = False  # mid-sentence and no date word first: "in X" counts
    person_check: bool = False  # "X said" may make it a person

    def candidate(self, start: int, name: str, type_: str | None, strong: bool) -> Candidate:
        """The run's name as a candidate, its surface starting at text offset `start`."""
        return Candidate(
            start,
            start + len(self.surface),
            self.surface,
            name,
            type_,
            strong,
            self.sent_start,
            self.words,
        )


# Plans by (words, sentence starts, cue): the same run recurs within and across documents
# ("Mr Blair", "The"), and its words alone decide most of its fate. Bounded, per lexicon.
# A run of one or two words (most runs) has the same key flat: (words..., starts..., cue).
_PlanKey = (
    tuple[str, bool, str]
    | tuple[str, str, bool, bool, str]
    | tuple[tuple[str, ...], tuple[bool, ...], str]
)
_PLANS: dict[_PlanKey, _Plan] = {}
_PLANS_MAX = 200_000
_plans_lexicon: list[Lexicon] = []  # the lexicon the plans were made with (held: ids recur)


def _run_candidate(
    toks: list[Tok], i: int, run_end: int, text: str, heading: bool, lex: Lexicon
) -> tuple[Candidate | None, int]:
    """The name in the capitalised run toks[i:run_end], trimmed and typed by the rules."""
    cue = cue_before(toks, i, text, lex)
    # Runs of one or two words (most) are keyed flat: a key is built and hashed for each run.
    key: _PlanKey
    if run_end == i + 1:
        t = toks[i]
        key = (t.text, t.sent_start, cue)
    elif run_end == i + 2:
        t, u = toks[i], toks[i + 1]
        key = (t.text, u.text, t.sent_start, u.sent_start, cue)
    else:
        run = toks[i:run_end]
        key = (tuple([t.text for t in run]), tuple([t.sent_start for t in run]), cue)
    if not _plans_lexicon or _plans_lexicon[0] is not lex:
        _PLANS.clear()
        _plans_lexicon[:] = [lex]
    plan = _PLANS.get(key)
    if plan is None:
        if len(_PLANS) >= _PLANS_MAX:
            _PLANS.clear()
        run = toks[i:run_end]
        words = tuple([t.text for t in run])
        plan = _PLANS[key] = _plan_run(words, tuple([t.sent_start for t in run]), cue, lex)
    if not plan.words:
        return None, i + plan.next
    start_i = i + plan.start
    s = toks[start_i].start
    type_, strong = plan.type, plan.strong
    if plan.known:
        return plan.candidate(s, plan.name, type_, True), i + plan.next
    e = toks[start_i + plan.words - 1].end
    if plan.place_check and not heading:
        # A place by the words around it: "Dhading district", "in Ashulia", "near Furano".
        noun = place_noun_after(text, e, lex)
        kind = noun[0] if noun is not None else None
        if (
            kind is None
            and plan.preposition_ok
            and place_preposition_before(toks, start_i, text, lex)
        ):
            kind = "GPE"
        if kind is not None and not org_context(text, s, e):
            return plan.candidate(s, plan.surface, kind, True), i + plan.next
    if (
        plan.person_check
        and person_context(text, s, e, lex)
        and not org_context(text, s, e)  # "the drinks company, Red Bull, who"
    ):
        type_, strong = "PERSON", True
    if heading and not strong:
        type_ = None  # headings: only gazetteer names and names known from the body
    return plan.candidate(s, plan.surface, type_, strong), i + plan.next


def _plan_run(words: tuple[str, ...], starts: tuple[bool, ...], cue: str, lex: Lexicon) -> _Plan:
    """The plan of a capitalised run of `words` (their gaps single spaces), given which of them
    start a sentence and the cue before the first."""
    run = _Run(list(words), 0, len(words), "")
    _split_at_and(run, lex)
    run.cue = cue
    _drop_multiword_title(run, lex)
    _stop_at_title_after_org(run, lex)
    if not _drop_inner_title(run, lex):
        return _Plan(max(run.stop, 1))
    _drop_leading_title_or_stop(run, starts, lex)
    _drop_trailing(run, lex)
    kept, start_i = run.words, run.start
    skip = max(run.stop, 1)
    if not kept:
        return _Plan(skip)
    end_i = start_i + len(kept)
    surface = strip_possessive(" ".join(kept))
    if not surface or not surface[:1].isalnum():
        return _Plan(skip)
    known = lex.known.get(fast_key(surface))
    if start_i > 0 and (known is not None or len(kept) > 1):
        # What followed a title or stop word is scanned again on its own.
        return _Plan(start_i)
    sent_start = starts[start_i]
    if known is not None:  # "Siaya" from "Siaya and Homa Bay": a known name once trimmed
        return _Plan(
            max(end_i, 1),
            start_i,
            len(kept),
            surface,
            known.name,
            known.type,
            True,
            sent_start,
            True,
        )
    if len(kept) == 1 and (
        kept[0].lower() in lex.stopwords
        or strip_possessive(kept[0]).lower() in lex.not_entities
        or len(kept[0]) < 2
        or any(c.isdigit() for c in kept[0])
    ):
        return _Plan(skip)
    has_place = any(
        (kn := lex.known.get(fast_key(w))) is not None and kn.type in ("GPE", "LOC", "NORP")
        for w in kept
    )
    type_, strong = classify(kept, run.cue, has_place, lex)
    # "said Kaz Hirai": a surname may be a town's name too; a first word may not.
    first_place = (kn := lex.known.get(fast_key(kept[0]))) is not None and kn.type in (
        "GPE",
        "LOC",
        "NORP",
    )
    return _Plan(
        max(end_i, 1),
        start_i,
        len(kept),
        surface,
        surface,
        type_,
        strong,
        sent_start,
        False,
        place_check=not strong and len(kept) <= 3,
        preposition_ok=not sent_start and strip_possessive(kept[0]).lower() not in lex.date_words,
        person_check=not strong and len(kept) >= 2 and not first_place,
    )


def _split_at_and(run: _Run, lex: Lexicon) -> None:
    """Split at "and" unless the whole is an organisation ("Exhibition and ... Centre")."""
    if run.words[-1].lower() in lex.org_suffixes:
        return
    for k, w in enumerate(run.words):
        if w.lower() == "and":
            run.stop = run.start + k
            run.words = run.words[:k]
            return


def _drop_multiword_title(run: _Run, lex: Lexicon) -> None:
    """ "Secretary General Mark Rutte" -> "Mark Rutte" (cue: title)."""
    if not run.words or not fold(run.words[0]).startswith(lex.title_heads):
        return  # a title's first word starts the run's first word, or no title starts it
    run_text = fold(" ".join(run.words))
    if not run_text.startswith(lex.multi_titles):
        return
    for title in lex.multi_titles:
        if run_text.startswith(title):
            k = len(title.split())
            run.words = run.words[k:]
            run.start += k
            run.cue = "title"
            return


def _stop_at_title_after_org(run: _Run, lex: Lexicon) -> None:
    """ "Tamil National Alliance MP M A Sumanthiran": the organisation ends the run; the title
    and the name after it are scanned next."""
    suffixes = lex.org_suffixes | lex.gpe_suffixes
    for k in range(1, len(run.words) - 1):
        if run.words[k].rstrip(".").lower() in lex.titles and run.words[k - 1].lower() in suffixes:
            run.words = run.words[:k]
            run.stop = run.start + k
            return


def _drop_inner_title(run: _Run, lex: Lexicon) -> bool:
    """Keep what follows the last title inside the run; False when no name is left."""
    words = run.words
    if not words or words[-1].lower() in lex.org_suffixes:
        return True
    last_title = max(
        (
            k
            for k, w in enumerate(words)
            if w.rstrip(".").lower() in lex.titles and w.lower() not in ("the", "st", "saint")
        ),
        default=-1,
    )
    if last_title < 0:
        return True
    if len(words) == last_title + 2 and words[last_title].lower() in lex.royal_titles:
        last_title -= 1  # "Prince Charles" keeps its title: "Charles" alone is someone else
    run.words = words[last_title + 1 :]
    run.start += last_title + 1
    run.cue = "title"
    return bool(run.words) and not all(w.lower() in lex.connectors for w in run.words)


def _drop_leading_title_or_stop(run: _Run, starts: tuple[bool, ...], lex: Lexicon) -> None:
    """Drop a leading role noun, title ("Mr", "President", "Sir") or stop word ("The", "In")."""
    words = run.words
    while len(words) > 1 and words[0].lower() in lex.roles and words[0][:1].isupper():
        words.pop(0)  # "Actor Christian Slater" at a sentence start
        run.start += 1
        run.cue = run.cue or "role"
    while (
        words
        and not (len(words) == 2 and words[0].lower() in lex.royal_titles)
        and (
            words[0].rstrip(".").lower() in lex.titles
            or (
                words[0].lower() in lex.stopwords
                # "US", and "New" in "New York Marathon" mid-sentence, are names, not stop words.
                and not (words[0].isupper() and len(words[0]) > 1)
                and (
                    starts[run.start]
                    or words[0].lower() in lex.function_words
                    or words[0].lower() in lex.date_words
                )
            )
        )
    ):
        if words[0].rstrip(".").lower() in lex.titles and words[0].lower() != "the":
            run.cue = "title"
        words.pop(0)
        run.start += 1


def _drop_trailing(run: _Run, lex: Lexicon) -> None:
    """Drop trailing connectors and function words; a person's name stops before "of"."""
    words = run.words
    while words and (
        words[-1].lower() in lex.connectors or words[-1].lower() in lex.function_words
    ):
        words.pop()
    # "Tirunesh Dibaba of Ethiopia": a person's name does not run on through "of".
    if "of" in words and words[0].lower() in lex.first_names:
        run.words = words[: words.index("of")]
