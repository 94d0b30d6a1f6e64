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


def test_worker_rows_cross_processes_as_plain_tuples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mentions leave a worker as tuples of builtins (a dataclass pickles ~20x slower) and come
    back as the same Mentions."""
    from tui.core.corpus import load_corpus
    from tui.core.entities import RuleExtractor, parallel

    (tmp_path / "a.txt").write_text("A\n\nTony Blair met Gordon Brown in London.", "utf-8")
    docs = load_corpus([str(tmp_path)]).documents
    # The worker's set-up, run here: without lowering this (the test runner's) thread.
    monkeypatch.setattr(parallel, "lower_priority", lambda: False)
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
