"""The rules tokenize only the windows around capitalised words, exactly as a whole-text pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.entities.gazetteer import lexicon
from tui.core.entities.packed import Forms, PackedMentions
from tui.core.entities.rules import LowerCaseWords
from tui.core.entities.tokens import Tok, is_cap, token_windows, tokens
from tui.core.models import Mention

TEXTS = [
    "the minister said on Monday that Bank of England rates would stay.",
    "It rose. The U.S. firm 3M and Procter & Gamble met Mr. Smith in St. Louis.",
    "A Cold War-era deal: China-India talks, said Choi Sang-mok, the Moscow-based envoy.",
    "x_Smith met _Jones and 'Blair' (said) \"Brown\"... then— Rutte; later—Kim.",
    "prices fell 2004. Then Jeroen van der Veer of Shell spoke; asked why, he smiled",
    "Tigray People's Liberation Front and the Kenya National Union of Nurses said so.",
    "an iPhone and an eBay deal. ÉDF and Électricité de France; über Zürich.",
    "Write to news@example.com or see www.example.org for the BBC report.",
    "no capital letters anywhere in this line at all",
    "Smith",
    "of Smith x of Jones y Brown. z",
]


def _windows_are_slices(text: str) -> None:
    whole = tokens(text, lexicon())
    key = [(t.text, t.start, t.end, t.sent_start) for t in whole]
    seen: list[int] = []
    for window in token_windows(text, lexicon()):
        got = [(t.text, t.start, t.end, t.sent_start) for t in window]
        a = key.index(got[0])
        assert key[a : a + len(got)] == got, text
        seen.extend(range(a, a + len(got)))
    assert len(seen) == len(set(seen)), "windows overlap"
    for i, t in enumerate(whole):
        if is_cap(t.text):
            # A capitalised word is in a window, with the word before it.
            assert i in seen and (i == 0 or i - 1 in seen), (text, t)


@pytest.mark.parametrize("text", TEXTS)
def test_windows_are_the_whole_text_tokens_around_capitals(text: str) -> None:
    _windows_are_slices(text)


def test_lower_case_prose_is_not_tokenized() -> None:
    assert list(token_windows("no capital letters anywhere in this line", lexicon())) == []
    windows = list(token_windows("the cat sat with Ann on the mat", lexicon()))
    assert [[t.text for t in w] for w in windows] == [["with", "Ann", "on"]]
    assert windows[0][0] == Tok("with", 12, 16, False)


def test_worker_rows_cross_processes_as_plain_tuples(tmp_path: Path) -> None:
    """Mentions leave a worker as tuples of builtins (a dataclass pickles ~20x slower) and come
    back as the same Mentions."""
    from tui.core.corpus import load_corpus
    from tui.core.entities import RuleExtractor, parallel

    (tmp_path / "a.txt").write_text("A\n\nTony Blair met Gordon Brown in London.", "utf-8")
    docs = load_corpus([str(tmp_path)]).documents
    # The worker's set-up, run here (its priority is lowered by the pool, not by `_init`).
    parallel._init(RuleExtractor())
    [(doc_id, rows)] = parallel._extract_chunk(docs)
    assert doc_id == docs[0].id
    assert rows and all(type(r) is tuple for r in rows)
    assert {type(v) for r in rows for v in r} <= {str, int}
    assert [Mention(doc_id, *r) for r in rows] == RuleExtractor().extract(docs[0])
    packed = PackedMentions.from_rows(doc_id, rows, Forms())
    assert list(packed) == RuleExtractor().extract(docs[0])


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        ("the cat sat", {"the", "cat", "sat"}, {"he", "at", "ca", "the cat", ""}),
        ("don't rock'n'roll", {"don't", "rock'n'roll"}, {"t", "don", "n", "roll", "rock"}),
        # A word starts after a mark that follows no lower-case letter starting a word.
        ("x_abc A.abc Ba-w", {"x_abc", "abc", "w"}, {"x", "a", "Ba-w", "ba-w", "bc"}),
        ("e.g. co-op, end. 3rd", {"e.g", "co-op", "end"}, {"e.g.", "end.", "g", "op", "rd"}),
        ("Zürich über naïve", {"naïve"}, {"rich", "ber", "na", "über", "zürich"}),
        ("O’Neill’s l’homme", {"s", "l’homme"}, {"neill", "homme", "l"}),
    ],
)
def test_lower_case_words_are_the_words_a_left_to_right_pass_finds(
    text: str, inside: set[str], outside: set[str]
) -> None:
    """Only the words asked are looked for: each answer is the one collecting every lower-case
    word of the text would give."""
    words = LowerCaseWords(text)
    for word in inside:
        assert word in words, word
    for word in outside:
        assert word not in words, word


# Words, their starts and whether each starts a sentence, then the windows the rules read.
TRICKY = [
    (
        "He met O’Neill and D'Arcy in Zürich; ÉDF, naïve Ångström.",
        "He 0 S|met 3|O’Neill 7|and 15|D'Arcy 19|in 26|Zürich 29|ÉDF 37 S|naïve 42|Ångström 48",
        ["He met O’Neill and D'Arcy in Zürich ÉDF naïve Ångström"],
    ),
    (
        "A Cold War-era deal: China-India talks, said Choi Sang-mok -- the Moscow-based envoy.",
        "A 0 S|Cold 2|War 7|era 11|deal 15|China 21 S|India 27|talks 33|said 40|Choi 45|"
        "Sang-mok 50|the 62|Moscow 66|based 73|envoy 79",
        ["A Cold War era deal China India talks", "said Choi Sang-mok the Moscow based envoy"],
    ),
    (
        "J. R. R. Tolkien met U.S. Sen. Smith at 3M and 4Kids in 2004. Then Mr. Brown left!",
        "J. 0 S|R. 3 S|R. 6 S|Tolkien 9 S|met 17|U.S. 21|Sen 26 S|Smith 31 S|at 37|3M 40|and 43|"
        "4Kids 47|in 53|2004 56|Then 62 S|Mr. 67|Brown 71 S|left 77",
        ["J. R. R. Tolkien met U.S. Sen Smith at 3M and 4Kids in", "2004 Then Mr. Brown left"],
    ),
    (
        'the firm (BP) said "Shell" - and Exxon... rose 5.5% — Total: up.',
        "the 0 S|firm 4|BP 10 S|said 14 S|Shell 20 S|and 29 S|Exxon 33|rose 42 S|5.5 47|"
        "Total 54 S|up 61 S",
        ["firm BP said Shell and Exxon rose", "5.5 Total up"],
    ),
]


@pytest.mark.parametrize(("text", "words", "windows"), TRICKY)
def test_tokens_of_tricky_text(text: str, words: str, windows: list[str]) -> None:
    """Apostrophes, accents, hyphens (split or kept), initials, abbreviations, digits, breaks."""
    got = [f"{t.text} {t.start}{' S' if t.sent_start else ''}" for t in tokens(text, lexicon())]
    assert "|".join(got) == words
    assert [" ".join(t.text for t in w) for w in token_windows(text, lexicon())] == windows


# Windows whose only capitalised word gives no name alone are left out (not tokenized): the
# texts, and the windows left out (their words).
LONE = [
    ("It rose sharply. The cat sat.", ["It rose", "sharply The cat"]),
    ("The Hague said.", []),  # a capitalised word after it
    ("The-Dream sang well. It's over now.", ["well It's over"]),  # a hyphen: may be split
    ("the end. THE cat sat. THE END.", ["end THE cat"]),
    ("But Smith said. But the Bank of England", []),  # a name, then a connector after "But"
    ("It ended badly. Who cares now", ["It ended", "badly Who cares"]),  # "Who" starts a sentence
    ("the band said Who cares now", []),  # the band Who: a name inside a sentence
    ("the band (Who knows it) played", ["band Who knows"]),  # a bracket starts a sentence
    ("the U.S. The firm fell, as did Dr. Who in it", []),  # after abbreviations
    ("rates rose in the U.S. The firm fell", []),
    ("In 2004 the firm; In 3M shares", ["In 2004"]),
    ("The cat Smith said and then The", ["then The"]),  # the window runs on to Smith
    ("See www.example.com now. The cat sat.", []),  # a URL: the text is tokenized whole
    ("prices in the US rose sharply", []),  # "us" is a stop word, "US" a known name
    ("I think, said I", ["I think", "said I"]),
    ("It is so. It’s so.", ["It is", "so It’s so"]),
    # Each window but the first runs on to the next capitalised word ("Us and": a connector).
    ("It is so. It’s so. ITV is so. Us and them. We do. I.", ["It is"]),
]


def _no_skip(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.core.entities import candidates

    monkeypatch.setattr(candidates, "_lone_words", lambda lex: None)


@pytest.mark.parametrize(("text", "left_out"), LONE)
def test_windows_left_out_give_no_name(
    text: str, left_out: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A window is left out only when reading it would give no candidate: the windows kept are
    the whole pass's windows, and the candidates the same as with every window read."""
    from tui.core.entities.candidates import _lone_words, candidates

    lex = lexicon()
    every = [[(t.text, t.start, t.end, t.sent_start) for t in w] for w in token_windows(text, lex)]
    kept = [
        [(t.text, t.start, t.end, t.sent_start) for t in w]
        for w in token_windows(text, lex, _lone_words(lex))
    ]
    assert [" ".join(t[0] for t in w) for w in every if w not in kept] == left_out
    assert [w for w in every if w in kept] == kept
    got = [candidates(text, heading, lex) for heading in (False, True)]
    _no_skip(monkeypatch)
    assert got == [candidates(text, heading, lex) for heading in (False, True)]


def test_every_listed_word_alone_gives_what_its_window_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each word of the lists a word must be in to give nothing alone, in capitals or not, at a
    sentence's start or inside one, after a title, a role or neither: the same candidates whether
    its window is left out or read."""
    from tui.core.entities.candidates import _lone_words, candidates

    lex = lexicon()
    lone = _lone_words(lex)
    words = sorted({c for w in lone.listed for c in (w.capitalize(), w.upper(), w.title())})
    texts = [
        f"{before} {word} said so"
        for word in words
        for before in ("it fell.", "it fell", "said Mr", "a sculptor")
    ]
    left_out = sum(
        len(list(token_windows(text, lex))) - len(list(token_windows(text, lex, lone)))
        for text in texts
    )
    assert left_out > len(texts) / 2
    got = [candidates(text, False, lex) for text in texts]
    _no_skip(monkeypatch)
    assert got == [candidates(text, False, lex) for text in texts]


def test_a_known_name_alone_is_a_name_whatever_its_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """A title that the gazetteer knows as a name (a band "Senator") gives that name alone: its
    window is read."""
    from dataclasses import replace

    from tui.core.entities.candidates import _lone_words, candidates
    from tui.core.entities.gazetteer import Known

    lex = lexicon()
    assert "senator" in lex.titles
    lex = replace(
        lex,
        known={**lex.known, "senator": Known("Senator", "ORG")},
        known_first={**lex.known_first, "senator": 1},
    )
    assert _lone_words(lex)["Senator"] == 0
    text = "it fell. Senator said so"
    assert [c.name for c in candidates(text, False, lex)] == ["Senator"]
    _no_skip(monkeypatch)
    assert [c.name for c in candidates(text, False, lex)] == ["Senator"]


def test_which_words_give_nothing_alone() -> None:
    from tui.core.entities.candidates import _lone_words
    from tui.core.entities.tokens import ALONE_AT_START, ALONE_INSIDE

    lone = _lone_words(lexicon())
    both = ALONE_AT_START | ALONE_INSIDE
    assert [lone[w] for w in ("The", "It's", "THE", "I", "But", "Mr.")] == [both] * 6
    assert [lone[w] for w in ("Who", "Us")] == [ALONE_AT_START] * 2  # the WHO, the US
    assert [lone[w] for w in ("Smith", "London", "The-Dream", "ITV", "Bank", "&")] == [0] * 6


def test_the_capital_search_finds_what_the_lookbehind_pattern_did() -> None:
    """`_CAP_START`, written to skip lower-case text fast, matches where the plain pattern did."""
    import random
    import re

    from tui.core.entities.tokens import _CAP_START

    plain = re.compile(r"(?<![^\W_])(?:[^\W\d_a-z]|\d[\w’'.\-]*?[^\W\d_a-z])")
    rng = random.Random(7)
    alphabet = "aZé É²٣_'’.-3x \n—Ωßİǅⅰ&"
    texts = [t for t, _ in LONE] + [w for t, w, _ in TRICKY] + TEXTS
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(5000)]
    for text in texts:
        for at in range(len(text) + 1):
            a, b = plain.match(text, at), _CAP_START.match(text, at)
            assert (a and a.span()) == (b and b.span()), (text, at)


def test_a_run_is_given_the_plan_made_for_its_words_starts_and_cue(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Plans are kept by a run's words, which of them start a sentence and the cue before it
    (flat for runs of one or two words): each passage gives what it gives with no plan kept."""
    from tui.core.entities import candidates as module

    lex = lexicon()
    texts = [  # names no list knows: only the rules' plans find them
        "Zorvath said so.",
        "It fell. Zorvath said so, and Zorvath did.",
        "It fell. Mr Zorvath said so.",
        "said Mr Zorvath and a sculptor Zorvath",
        "Quill Zorvath said it. Quill Brannt did not; Mr Quill Zorvath did.",
        "It fell. Quill Zorvath said it, with Quill Zorvath and Zorvath Quill.",
        "the Quill Zorvath Institute said, as did the Quill Zorvath Faith Foundation",
        "It fell. The Quill Zorvath Institute said. Zorvath Institute. Quill Zorvath Institute",
        "IN BRIEF. In Brief: Brannt rose in Brief, said sculptor Brannt",
        "It fell. Brannt Airways rose, as did Brannt Airways and Mr Brannt Airways.",
        "It fell. Quill Zorvath said it; so did Quill Zorvath, Mr. Quill Zorvath, Mr. Zorvath.",
    ]
    module._PLANS.clear()
    kept = [module.candidates(text, False, lex) for text in texts + texts[::-1]]

    class NoPlans(dict):  # type: ignore[type-arg]
        def __setitem__(self, key: object, value: object) -> None:
            pass

    monkeypatch.setattr(module, "_PLANS", NoPlans())
    made = [module.candidates(text, False, lex) for text in texts]
    assert kept == made + made[::-1]


@pytest.mark.parametrize("hint", ["http", "www.", "@", ".com", ".org", ".net", ".co.uk", ""])
def test_text_with_a_url_hint_is_tokenized_whole(hint: str) -> None:
    from tui.core.entities.tokens import _URL_HINTS, _url_hinted

    text = f"Ann met Bob at x{hint}y today"
    assert _url_hinted(text) == any(h in text for h in _URL_HINTS) == (hint != "")
    windows = list(token_windows(text, lexicon()))
    assert (windows[-1][-1].text == "today") == (hint != "")  # prose tokenized too
