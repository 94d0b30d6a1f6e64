"""Saved web pages: the article through trafilatura (the html extra), or skipped with why."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import pytest

from tui.core.corpus import load_corpus, load_file
from tui.core.corpus.html_format import HTML_MISSING, _extractor
from tui.core.models import Document, PassageKind, SkippedFile

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Harbour Board Delays Dredging | Coast Courier</title>
<meta property="og:site_name" content="Coast Courier">
<meta name="author" content="Ann Lee">
<meta property="article:published_time" content="2022-07-17T09:30:00Z">
<link rel="canonical" href="https://coast.example/news/harbour-board">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<div class="advert">Advertisement: boats for sale, call now</div>
<article><h1>Harbour Board Delays Dredging</h1>
<p>The harbour board met on <b>Monday</b> evening to decide what to do about the silted
channel, which has kept the larger fishing boats tied up for most of the winter.</p>
<h2>Two camps</h2>
<ul><li>Dredge the channel now, at once and whatever it costs</li>
<li>Build a breakwater first and dredge once it stands</li></ul>
<p>In the end the board agreed to ask two engineering firms for estimates and to meet
again next month, when the café owners on the quay expect a decision.</p>
</article>
<section class="comments"><h3>Comments</h3>
<div class="comment">Great article! Visit my site for cheap pills.</div></section>
<footer>Copyright 2022 Coast Courier. All rights reserved. Cookie settings.</footer>
</body></html>
"""


@pytest.fixture
def trafilatura() -> None:
    pytest.importorskip("trafilatura")


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


@pytest.mark.usefixtures("trafilatura")
def test_the_article_of_a_page_without_its_furniture(tmp_path: Path) -> None:
    doc = load_file(write(tmp_path, "page.html", PAGE))
    assert isinstance(doc, Document), doc
    assert doc.fmt == "html"
    assert (doc.title, doc.byline, doc.date) == (
        "Harbour Board Delays Dredging",
        "Ann Lee",
        "2022-07-17",
    )
    assert doc.source == "https://coast.example/news/harbour-board"
    body = " ".join(p.text for p in doc.passages)
    assert "silted channel" in body and "café owners" in body
    for furniture in ("Sport", "Advertisement", "cheap pills", "Cookie settings"):
        assert furniture not in body
    assert [p.kind for p in doc.passages if p.kind is not PassageKind.PARAGRAPH] == [
        PassageKind.HEADING,
        PassageKind.HEADING,
        PassageKind.LIST_ITEM,
        PassageKind.LIST_ITEM,
    ]


@pytest.mark.usefixtures("trafilatura")
def test_a_legacy_charset_page_is_decoded_by_its_declaration(tmp_path: Path) -> None:
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1252"').encode("cp1252")
    doc = load_file(write(tmp_path, "old.htm", page))
    assert isinstance(doc, Document), doc
    assert "café owners" in " ".join(p.text for p in doc.passages)


@pytest.mark.usefixtures("trafilatura")
@pytest.mark.parametrize(
    "page",
    [
        "<html><body><nav><a href='/'>Home</a></nav></body></html>",  # nothing to read
        "<html><body><p",  # broken, truncated
        "<<<>>> &&& </div></span>",
    ],
)
def test_a_page_without_an_article_is_skipped_with_the_reason(tmp_path: Path, page: str) -> None:
    write(tmp_path, "bad.html", page)
    write(tmp_path, "good.txt", "Good\n\nText.")
    corpus = load_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["good.txt"]
    assert len(corpus.skipped) == 1 and corpus.skipped[0].path == str(tmp_path / "bad.html")
    assert "web page" in corpus.skipped[0].reason


def test_a_page_without_the_library_is_skipped_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.import_module

    def no_trafilatura(name: str, package: str | None = None) -> ModuleType:
        if name.startswith("trafilatura"):
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", no_trafilatura)
    _extractor.cache_clear()
    try:
        write(tmp_path, "page.html", PAGE)
        corpus = load_corpus([tmp_path])
    finally:
        _extractor.cache_clear()
    assert not corpus.documents
    assert corpus.skipped == [SkippedFile(str(tmp_path / "page.html"), HTML_MISSING)]


def test_a_page_too_large_to_extract_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.core.corpus.files.HTML_MAX_BYTES", 100)
    write(tmp_path, "page.html", PAGE)
    result = load_file(tmp_path / "page.html")
    assert isinstance(result, SkippedFile) and result.reason.startswith("web page too large")


@pytest.mark.usefixtures("trafilatura")
def test_no_date_is_guessed_from_a_copyright_line(tmp_path: Path) -> None:
    page = PAGE.replace(
        '<meta property="article:published_time" content="2022-07-17T09:30:00Z">\n', ""
    )
    assert "published_time" not in page and "Copyright 2022" in page
    doc = load_file(write(tmp_path, "page.html", page))
    assert isinstance(doc, Document), doc
    assert doc.date is None  # was "2022-01-01", from "Copyright 2022 Coast Courier"
