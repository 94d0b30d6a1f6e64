"""Formats report (part 10): per format, documents read / skipped, titles right, dates found.

    .venv/bin/python bench/formats.py

Two corpora: a fixture folder written here (one file per case the formats handle: titles after
abbreviations, initials and datelines, a URL glued to the text, dates in URLs and datelines,
hard-wrapped CRLF prose, RTF saved as .txt, a web page with navigation, ads and comments,
JSON Lines with a bad line, a JSON array), each with the title and date a reader would give it;
and ../shared/corpora/bbc-news, whose files give the title on their first line and no date.
"""

from __future__ import annotations

import html
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.core.corpus import load_corpus  # noqa: E402
from tui.core.models import Corpus  # noqa: E402

BBC = ROOT.parent / "shared" / "corpora" / "bbc-news"

WRAPPED = (
    "Rains Return to the Valley\r\n\r\n"
    "The long dry season ended on Sunday when heavy rain fell across the\r\n"
    "valley for the first time since March, filling the reservoirs that\r\n"
    "farmers had watched shrink through the summer months.\r\n"
    "Officials said the water would last until the spring planting.\r\n\r\n"
    "Farmers in the lower valley were more cautious, saying one storm\r\n"
    "does not make a season and that the wells were still low.\r\n"
)
RTF = (
    r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\froman Times New Roman;}}"
    r"\f0\fs24 Port Strike Ends After Talks\par\par "
    r"Dock workers returned to work on Monday after a deal on pay.\par}"
)
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Harbour Board Delays Dredging | Coast Courier</title>
<meta property="article:published_time" content="2022-07-17T09:30:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<div class="advert">Advertisement: boats for sale, call now</div>
<article><h1>Harbour Board Delays Dredging</h1>
<p>The harbour board met on Monday evening to decide what to do about the silted channel,
which has kept the larger fishing boats tied up for most of the winter.</p>
<p>In the end the board agreed to ask two engineering firms for estimates.</p></article>
<section class="comments"><div class="comment">Great article! Cheap pills here.</div></section>
<footer>Copyright 2022 Coast Courier. All rights reserved.</footer></body></html>
"""
RECORDS = [
    {"id": "a1", "headline": "Ferry Service Resumes", "published": "2023-03-02T06:15:00Z",
     "body": "The island ferry sailed again on Thursday."},
    {"title": "Council Approves Budget", "date": "July 17, 2022",
     "content": "<p>The council voted for the budget.</p>"},
    {"title": "Market Day Returns", "text": "Stalls filled the square again."},
]  # fmt: skip

# file name -> (content, expected title, expected date or partial date, or None)
FIXTURES: dict[str, tuple[str | bytes, str, str | None]] = {
    "abbrev.txt": (
        "When Mr. Smith met Dr. Jones on Oct. 3 the U.S. team cheered. Then it rained.\n",
        "When Mr. Smith met Dr. Jones on Oct. 3 the U.S. team cheered",
        None,
    ),
    "initials.txt": (
        "J. K. Rowling opened a library in St. Louis, Mo. on Friday. Crowds came.\n",
        "J. K. Rowling opened a library in St. Louis, Mo. on Friday",
        None,
    ),
    "dateline.txt": (
        "NAIROBI, Kenya (Xinhua) -- Kenya's parliament passed the finance bill on Tuesday."
        " The vote was close.\n",
        "Kenya's parliament passed the finance bill on Tuesday",
        None,
    ),
    "afrol.txt": (
        "afrol News, 27 January - The government of Malawi has announced new school fees."
        " Parents protested.\n",
        "The government of Malawi has announced new school fees",
        "--01-27",
    ),
    "glued.txt": (
        "https://news.example.com/2022/07/17/city-2003781903Police yesterday arrested three"
        " suspects in the city centre. They were charged.\n",
        "Police yesterday arrested three suspects in the city centre",
        "2022-07-17",
    ),
    "urldate.txt": (
        "https://paper.example.org/news/20210305/floods\n\nFloods Close the Coast Road\n\n"
        "The coast road was closed on Friday.\n",
        "Floods Close the Coast Road",
        "2021-03-05",
    ),
    "wrapped.txt": (WRAPPED, "Rains Return to the Valley", None),
    "saved-as-text.txt": (RTF, "Port Strike Ends After Talks", None),
    "front.md": (
        "---\ntitle: Notes on the Delta\ndate: 2020-11-02\n---\n\nThe delta is wide.\n",
        "Notes on the Delta",
        "2020-11-02",
    ),
    "page.html": (PAGE, "Harbour Board Delays Dredging", "2022-07-17"),
    "feed.jsonl#a1": ("", "Ferry Service Resumes", "2023-03-02"),
    "feed.jsonl#3": ("", "Council Approves Budget", "2022-07-17"),
    "feed.jsonl#4": ("", "Market Day Returns", None),
    "list.json#a1": ("", "Ferry Service Resumes", "2023-03-02"),
    "list.json#2": ("", "Council Approves Budget", "2022-07-17"),
}


def write_fixtures(folder: Path) -> None:
    for name, (content, _, _) in FIXTURES.items():
        if "#" not in name:
            data = content.encode("utf-8") if isinstance(content, str) else content
            (folder / name).write_bytes(data)
    lines = [json.dumps(RECORDS[0]), '{"title": "cut off', *map(json.dumps, RECORDS[1:])]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n")
    (folder / "list.json").write_text(json.dumps(RECORDS[:2], indent=2))


def fmt_of(doc_id: str) -> str:
    name = doc_id.split("#")[0]
    return name.rsplit(".", 1)[-1] if "." in name else "?"


def table(corpus: Corpus, expected: dict[str, tuple[str, str | None]] | None) -> list[str]:
    """Rows per format; `expected` gives (title, date) per document id, else a file's first
    line is its expected title and no date is expected."""
    read: Counter[str] = Counter()
    titles: Counter[str] = Counter()
    dates: Counter[str] = Counter()
    dates_right: Counter[str] = Counter()
    skipped = Counter(fmt_of(Path(s.path).name) for s in corpus.skipped)
    wrong: list[str] = []
    for doc in corpus.documents:
        f = doc.fmt if doc.fmt != "txt" else fmt_of(doc.id)
        read[f] += 1
        if expected is not None:
            want_title, want_date = expected.get(doc.id, ("?", None))
        else:  # the first line, as written (entities decoded): no expected date
            first = Path(doc.path).read_text(encoding="utf-8", errors="replace").strip()
            want_title, want_date = html.unescape(first.split("\n")[0].strip()), None
            if doc.fmt == "md":
                want_title = want_title.lstrip("#").strip()
        titles[f] += doc.title == want_title
        if doc.title != want_title:
            wrong.append(f"  title of {doc.id}: {doc.title!r} (want {want_title!r})")
        got = doc.date or doc.partial_date
        dates[f] += got is not None
        dates_right[f] += got == want_date
        if got != want_date and expected is not None:
            wrong.append(f"  date of {doc.id}: {got!r} (want {want_date!r})")
    rows = [f"{'format':8} {'read':>6} {'skipped':>8} {'titles right':>13} {'dated':>6} "
            f"{'dates right':>12}"]  # fmt: skip
    for f in sorted(set(read) | set(skipped)):
        right = f"{dates_right[f]:>5}/{read[f]:<6}" if expected is not None else "    (no gold)"
        rows.append(
            f"{f:8} {read[f]:>6} {skipped[f]:>8} {titles[f]:>6}/{read[f]:<6} {dates[f]:>6} {right}"
        )
    return rows + wrong[:20]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_fixtures(folder)
        corpus = load_corpus([folder])
        expected = {name: (title, date) for name, (_, title, date) in FIXTURES.items()}
        print("Fixtures (written by this script)")
        print("\n".join(table(corpus, expected)))
        for s in corpus.skipped:
            print(f"  skipped {Path(s.path).name}: {s.reason}")
    if BBC.is_dir():
        print(f"\n{BBC}")
        bbc = load_corpus([BBC])
        print("\n".join(table(bbc, None)))
        for doc in bbc.documents:
            if doc.date or doc.partial_date:
                print(f"  dated {doc.id}: {doc.date or doc.partial_date}")


if __name__ == "__main__":
    main()
