"""Scraped news text: titles past abbreviations and datelines, glued source URLs, dates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.cli import main
from tui.core.corpus import load_file, parse_document
from tui.core.corpus.dates import date_in_url, parse_written_date
from tui.core.corpus.lead import abbreviations, first_sentence, split_dateline, split_leading_url
from tui.core.models import Document


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "When Mr. Okafor reached the depot on Tuesday, the lorries were gone. He phoned.",
            "When Mr. Okafor reached the depot on Tuesday, the lorries were gone",
        ),
        (
            "On Oct. 3 the council met to weigh the offer. It said no.",
            "On Oct. 3 the council met to weigh the offer",
        ),
        (
            "The Dr. Patel clinic reopened after repairs. Patients came back.",
            "The Dr. Patel clinic reopened after repairs",
        ),
        (
            "Rep. Lina Morales said the bill would pass. Others doubted it.",
            "Rep. Lina Morales said the bill would pass",
        ),
        (
            "Y. Tanaka walked out of the wage talks. Nobody followed.",
            "Y. Tanaka walked out of the wage talks",
        ),
        (
            "The U.S. Senate voted to extend the scheme. It goes on.",
            "The U.S. Senate voted to extend the scheme",
        ),
        (
            "Acme Corp. and Bolt Inc. agreed to merge. Staff were told.",
            "Acme Corp. and Bolt Inc. agreed to merge",
        ),
        ("Is the bridge safe? Engineers think so.", "Is the bridge safe?"),
    ],
)
def test_title_is_not_cut_at_abbreviations_or_initials(text: str, title: str) -> None:
    assert parse_document(text, "x.txt").title == title


@pytest.mark.parametrize(
    ("text", "title", "dateline"),
    [
        (
            "NAIROBI, Kenya (Xinhua) — Farmers expect a larger maize harvest this year. Rain fell.",
            "Farmers expect a larger maize harvest this year",
            "NAIROBI, Kenya (Xinhua)",
        ),
        (
            "ANAHEIM, Calif. (AP) — A fire at a paint store sent smoke over the road. Crews came.",
            "A fire at a paint store sent smoke over the road",
            "ANAHEIM, Calif. (AP)",
        ),
        (
            "LONDON (Reuters) - Shares in the grocer fell after a profit warning. Few expected it.",
            "Shares in the grocer fell after a profit warning",
            "LONDON (Reuters)",
        ),
        (
            "WASHINGTON — The committee met late on Thursday to finish the bill. It passed.",
            "The committee met late on Thursday to finish the bill",
            "WASHINGTON",
        ),
        (
            "afrol News, 27 January - The government has announced new fuel prices. Few objected.",
            "The government has announced new fuel prices",
            "afrol News, 27 January",
        ),
    ],
)
def test_dateline_is_not_the_title(text: str, title: str, dateline: str) -> None:
    doc = parse_document(text, "x.txt")
    assert doc.title == title
    assert split_dateline(text)[0] == dateline
    assert doc.passages[0].text == text  # the article's text keeps its dateline


@pytest.mark.parametrize(
    "text",
    [
        "US - the market opened lower. Traders sold.",  # not followed by a sentence
        "Ministers met - briefly - on Monday to talk. Nothing came of it.",  # not capitals
        "A - B testing is common in shops. It works.",  # one-letter place
    ],
)
def test_ordinary_sentences_are_not_datelines(text: str) -> None:
    assert split_dateline(text) == (None, None, text)


def test_a_url_glued_to_the_first_word_becomes_the_source() -> None:
    doc = parse_document(
        "https://news.example.com/local/2003781903Police yesterday held two men after a chase "
        "through the market. They were charged.",
        "x.txt",
    )
    assert doc.source == "https://news.example.com/local/2003781903"
    assert doc.title == "Police yesterday held two men after a chase through the market"
    assert doc.passages[0].text.startswith("Police yesterday held")


@pytest.mark.parametrize(
    ("para", "url", "rest"),
    [
        ("https://e.com/a/12Police said. More.", "https://e.com/a/12", "Police said. More."),
        ("https://e.com/story.htmlThe ship sank.", "https://e.com/story.html", "The ship sank."),
        (
            "https://e.com/big-fire-in-townFire crews came.",
            "https://e.com/big-fire-in-town",
            "Fire crews came.",
        ),
        ("https://e.com/x The ship sank.", "https://e.com/x", "The ship sank."),
        ("https://e.com/NewsPage", "https://e.com/NewsPage", ""),  # a bare URL: nothing glued
        ("Police said https://e.com/1 was wrong.", None, "Police said https://e.com/1 was wrong."),
    ],
)
def test_split_leading_url(para: str, url: str | None, rest: str) -> None:
    assert split_leading_url(para) == (url, rest)


def test_a_url_line_above_wrapped_text_is_the_source(tmp_path: Path) -> None:
    text = (
        "https://www.example.org/world/2022/07/17/flood-warning\r\n"
        "River levels rose overnight in the valley towns. Schools\r\n"
        "closed and roads were shut.\r\n"
    )
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode())
    doc = load_file(path)
    assert isinstance(doc, Document)
    assert doc.source == "https://www.example.org/world/2022/07/17/flood-warning"
    assert doc.date == "2022-07-17" and doc.partial_date is None
    assert doc.title == "River levels rose overnight in the valley towns"


@pytest.mark.parametrize(
    ("url", "iso"),
    [
        ("https://e.com/world/2022/07/17/floods", "2022-07-17"),
        ("https://e.com/news/20220717-floods.html", "2022-07-17"),
        ("https://e.com/news/2022-07-17/floods", "2022-07-17"),
        ("https://e.com/2021/11/storm-warning", "2021-11"),  # a month: no day invented
        ("https://e.com/local/2003781903", None),  # an id, not a date
        ("https://e.com/a/20221341", None),  # month 13
        ("https://e.com/a/20230229", None),  # no 29 February in 2023
        ("https://20220717.e.com/a", None),  # the host is not the path
    ],
)
def test_date_in_url(url: str, iso: str | None) -> None:
    assert date_in_url(url) == iso


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("27 January", "--01-27"),
        ("17 July 2022", "2022-07-17"),
        ("July 17, 2022", "2022-07-17"),
        ("Oct. 3", "--10-03"),
        ("Sept 30", "--09-30"),
        ("31 June", None),
        ("29 February", "--02-29"),  # a day without a year: the year is not guessed
        ("Chapter 12", None),
    ],
)
def test_parse_written_date(written: str, iso: str | None) -> None:
    assert parse_written_date(written) == iso


def test_a_day_without_a_year_is_a_partial_date() -> None:
    doc = parse_document("afrol News, 27 January - The fuel price rose. Traders objected.", "x.txt")
    assert doc.date is None
    assert doc.partial_date == "--01-27"


def test_a_full_date_in_the_dateline() -> None:
    doc = parse_document(
        "NEW YORK, July 17, 2022 /PRNewswire/ -- Acme said it would open a plant. Jobs follow.",
        "x.txt",
    )
    assert (doc.date, doc.partial_date) == ("2022-07-17", None)
    assert doc.title == "Acme said it would open a plant"


def test_a_date_line_in_the_text_beats_the_url_and_a_partial_line_stays_visible() -> None:
    text = "https://e.com/2020/01/02/x\n\nMarch 3, 2021\n\nBody text of the article."
    assert parse_document(text, "x.txt").date == "2021-03-03"
    doc = parse_document("Match preview\n\nFriday, 25 February\n\nThe teams meet.", "x.txt")
    assert (doc.date, doc.partial_date) == (None, "--02-25")
    assert "Friday, 25 February" in [p.text for p in doc.passages]


def test_abbreviations_come_from_the_data_file() -> None:
    words = abbreviations()
    assert {"mr", "dr", "oct", "calif"} <= words
    assert not any(w.startswith("#") or w != w.strip().lower() for w in words)


def test_first_sentence_without_a_stop_is_the_whole_text() -> None:
    assert first_sentence("No stop at all here") == "No stop at all here"
    assert first_sentence("Ends with Mr. Smith. Then more.") == "Ends with Mr. Smith."


def test_list_json_shows_a_partial_date_only_when_known(tmp_path: Path, capsys: object) -> None:
    (tmp_path / "a.txt").write_text("afrol News, 27 January - The fuel price rose. Few objected.")
    (tmp_path / "b.txt").write_text("Headline\n\nMarch 3, 2021\n\nBody.")
    assert main(["list", "--json", str(tmp_path)]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    rows = {row["id"]: row for row in map(json.loads, out.splitlines())}
    assert rows["a.txt"]["date"] is None and rows["a.txt"]["partial_date"] == "--01-27"
    assert rows["b.txt"]["date"] == "2021-03-03" and "partial_date" not in rows["b.txt"]


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        ("Rivals of the £400 Apple...", "Rivals of the £400 Apple..."),  # an ellipsis stays
        ("The vote is in. Counting goes on.", "The vote is in"),  # a full stop goes
    ],
)
def test_a_title_keeps_its_ellipsis(first_line: str, title: str) -> None:
    doc = parse_document(f"{first_line}\n\nThe article goes on from here at length.\n", "a.txt")
    assert doc.title == title


def test_the_lead_patterns_gates_change_nothing() -> None:
    """`split_dateline`, `split_leading_url` and `_is_abbreviation` try a pattern only on text
    that has what it needs first (so that most files never compile it): every paragraph or
    word a pattern matches passes its gate (datelines built from parts at random)."""
    import random

    from tui.core.corpus import lead

    places = ["NAIROBI", "LONDON", "NEW YORK", "ST. LOUIS", "O’HARE", "afrol News", "A", "Ab",
              "Agency Name", "x" * 40, "x" * 41, "ÉVORA", "Ümit news", "a,b", "US"]  # fmt: skip
    regions = ["", ", Kenya", ", Calif.", ", N.Y.", ","]
    dates = ["", " July 17", ", July 17, 2022", " 17 July", ", 27 January", ", 27 January 2022",
             ", Sept. 3", ", september 30", ", \u017fept. 3", ", \u0661\u0662 July",
             ", July \u0661", ", MAY 2", ",  3 May", ", September. 30"]  # fmt: skip
    agencies = ["", " (AP)", "(Reuters)", " (Xinhua)"]
    dashes = [" —", " -", "--", " –", "-", ""]
    rests = [" The council met on Tuesday.", " the council met", " Police said so", " ", ""]
    rng = random.Random(5)
    paras = [
        "".join(rng.choice(part) for part in (places, regions, dates, agencies, dashes, rests))
        for _ in range(20000)
    ]
    paras += ["<https://e.com/a> The ship sank.", "https://e.com/2003781903Police yesterday",
              "HTTP://e.com/x Police", " https://e.com/x Police", "http"]  # fmt: skip
    matched = {"place": 0, "dated": 0, "url": 0}
    for para in paras:
        if lead._PLACE_DATELINE().match(para):
            assert lead._could_be_place_dateline(para), para
            matched["place"] += 1
        if lead._DATED_DATELINE().match(para):
            assert lead._could_be_dated_dateline(para), para
            matched["dated"] += 1
        if lead._URL_FIRST().match(para):
            assert para.startswith(("http", "<http")), para
            matched["url"] += 1
    assert min(matched.values()) >= 2 and matched["place"] > 1000 and matched["dated"] > 1000
    for word in ["U.S", "e.g", "U.N", "A.", "a.b.c.", "Ab.", "x", "", ".", "Z.Z"]:
        if lead._DOTTED_ACRONYM().match(word):
            assert word[1:2] == ".", word


def test_a_first_load_of_the_seeds_compiles_no_dateline_or_date_pattern(tmp_path: Path) -> None:
    """None of the seeds has a dateline, a date written out, a source URL or front matter: the
    patterns for those (~20M instructions to compile, on the way to a first start's list) are
    compiled by the first file that needs them, not on import."""
    from tests.conftest import SEEDS, fresh_python

    names = (
        "_URL_FIRST _GLUED_WORD _PLACE_DATELINE _DATED_DATELINE _DOTTED_ACRONYM _URL_LINE "
        "_LONG_DATE _ISO_DATE_LINE _FRONT_MATTER _URL_YMD _URL_YM _DAY_MONTH _MONTH_DAY"
    )
    script = (
        "import re; from tui.core.corpus import load_corpus, lead, metadata, dates; "
        f"c = load_corpus([{str(SEEDS)!r}]); "
        "p = {k: v for m in (lead, metadata, dates) for k, v in vars(m).items()}; "
        f"print(len(c), [n for n in {names!r}.split() if isinstance(p[n], re.Pattern) "
        "or p[n].cache_info().currsize])"
    )
    assert fresh_python(script, tmp_path / "data") == "5 []\n"
