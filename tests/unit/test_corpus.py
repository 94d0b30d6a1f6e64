"""Corpus loading: formats, encodings, metadata, boilerplate and every messy case."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.core.corpus import load_corpus, load_file, parse_document
from tui.core.models import Document, PassageKind, SkippedFile


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def doc_of(path: Path) -> Document:
    result = load_file(path, path.parent)
    assert isinstance(result, Document), result
    return result


def test_seeds_load_with_sensible_metadata(seeds: Path) -> None:
    corpus = load_corpus([seeds])
    assert len(corpus) == 5 and not corpus.skipped
    by_prefix = {d.id[:3]: d for d in corpus.documents}
    assert by_prefix["000"].date == "2024-02-19"
    assert not by_prefix["000"].title.startswith("date")
    assert by_prefix["002"].title == "NATO Just Got Its Second Life Thanks to Russia"
    # A breadcrumb is never the title; the byline is found.
    assert by_prefix["003"].title == "Ukraine Security: Rubio’s Plan & US Guarantees"
    assert by_prefix["003"].byline == "James Carter Senior News Editor"
    texts = [p.text for p in by_prefix["003"].passages]
    assert "Adblock Detected" not in texts and "Leave a Comment" not in texts
    assert "Adblock Detected" in by_prefix["003"].hidden
    assert any(h.startswith("Home »") for h in by_prefix["003"].hidden)
    assert "Advertisment" in by_prefix["000"].hidden
    assert "Read the original article here" in by_prefix["001"].hidden
    # 001 has one paragraph per line and no blank lines.
    assert len(by_prefix["001"].passages) == 12


def test_passages_are_numbered_from_one_and_stable(seeds: Path) -> None:
    a = load_corpus([seeds]).documents
    b = load_corpus([seeds]).documents
    for da, db in zip(a, b, strict=True):
        assert [p.number for p in da.passages] == list(range(1, len(da.passages) + 1))
        assert [p.text for p in da.passages] == [p.text for p in db.passages]


def test_real_content_is_never_dropped_as_boilerplate() -> None:
    text = (
        "Title Here\n\nAdvertisement\n\n"
        "Read more about how the advertisement market changed in 2024 and why readers leave "
        "a comment less often than they used to.\n\nComments\n\nLast paragraph."
    )
    doc = parse_document(text, "x.txt")
    joined = " ".join(p.text for p in doc.passages)
    assert "advertisement market changed" in joined
    assert "Advertisement" in doc.hidden and "Comments" in doc.hidden


@pytest.mark.parametrize(
    ("first_lines", "expected_title"),
    [
        ("Home » world » Big Story\n\nBig Story\n\nBody text here.", "Big Story"),
        ("https://example.com/a/b\n\nReal Headline\n\nBody text here.", "Real Headline"),
        ("date 2024-02-19\n\nReal Headline\n\nBody text here.", "Real Headline"),
        ("2023-05-01\n\nAnother Headline\n\nBody.", "Another Headline"),
    ],
)
def test_title_is_never_breadcrumb_url_or_date(first_lines: str, expected_title: str) -> None:
    doc = parse_document(first_lines, "x.txt")
    assert doc.title == expected_title


def test_source_url_and_long_date() -> None:
    doc = parse_document(
        "Headline\n\nSource: https://example.org/story\n\nMarch 3, 2021\n\nBody.", "x.txt"
    )
    assert doc.source == "https://example.org/story"
    assert doc.date == "2021-03-03"


def test_title_from_first_sentence_when_no_heading() -> None:
    doc = parse_document(
        "In a long opening sentence that goes on, the article starts. More follows.", "x.txt"
    )
    assert doc.title.startswith("In a long opening sentence")


def test_utf8_with_bom(tmp_path: Path) -> None:
    doc = doc_of(write(tmp_path / "a.txt", "\ufeffZürich Title\n\nBody text.".encode()))
    assert doc.title == "Zürich Title"


def test_legacy_single_byte_encoding(tmp_path: Path) -> None:
    doc = doc_of(write(tmp_path / "a.txt", "Café crème\n\nDéjà vu — “quoted”.".encode("cp1252")))
    assert doc.title == "Café crème"
    assert "Déjà vu — “quoted”." in doc.passages[1].text
    assert doc.encoding == "cp1252"


def test_latin1_only_bytes(tmp_path: Path) -> None:
    # 0x81 is undefined in cp1252: latin-1 takes it.
    doc = doc_of(write(tmp_path / "a.txt", b"Title\n\nA\x81B caf\xe9."))
    assert "café" in doc.passages[1].text


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_line_ends(tmp_path: Path, newline: str) -> None:
    text = newline.join(["Heading", "", "First paragraph.", "", "Second paragraph."])
    doc = doc_of(write(tmp_path / "a.txt", text.encode()))
    assert [p.text for p in doc.passages] == ["Heading", "First paragraph.", "Second paragraph."]


def test_control_characters_and_escapes_are_neutralised(tmp_path: Path) -> None:
    hostile = "Title\n\nRed \x1b[31mtext\x1b[0m and a title \x1b]0;pwned\x07 bell\x07 nul\x00.\n"
    doc = doc_of(write(tmp_path / "a.txt", hostile.encode()))
    body = doc.passages[1].text
    assert "\x1b" not in body and "\x07" not in body and "\x00" not in body
    assert "^[[31m" in body
    assert doc.notes and "control characters" in doc.notes[0]


def test_utf16_with_bom(tmp_path: Path) -> None:
    doc = doc_of(write(tmp_path / "a.txt", "Wide Title\n\nBody.".encode("utf-16")))
    assert doc.title == "Wide Title"


def test_markup_brackets_are_kept_as_text(tmp_path: Path) -> None:
    doc = doc_of(write(tmp_path / "a.txt", "Title\n\nA [bold]x[/] and [link=http://e]y[/link]."))
    assert doc.passages[1].text == "A [bold]x[/] and [link=http://e]y[/link]."


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty file"), (b"   \n\n  ", "empty file"), (b"\x00\x01\x02binary\x00", "binary file")],
)
def test_empty_and_binary_files_are_skipped_with_reason(
    tmp_path: Path, data: bytes, reason: str
) -> None:
    write(tmp_path / "bad.txt", data)
    write(tmp_path / "good.txt", "Good\n\nText.")
    corpus = load_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["good.txt"]
    assert corpus.skipped == [SkippedFile(str(tmp_path / "bad.txt"), reason)]


def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing-target.txt")
    write(tmp_path / "good.txt", "Good\n\nText.")
    corpus = load_corpus([tmp_path])
    assert len(corpus.documents) == 1
    assert len(corpus.skipped) == 1 and "unreadable" in corpus.skipped[0].reason


def test_missing_path_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_corpus([tmp_path / "nope"])


def test_ids_are_relative_posix_paths_and_unique(tmp_path: Path) -> None:
    write(tmp_path / "a" / "001.txt", "One\n\nText.")
    write(tmp_path / "b" / "001.txt", "Two\n\nText.")
    write(tmp_path / "b" / "c" / "notes.md", "# Three\n\nText.")
    write(tmp_path / "ignored.pdf", b"%PDF")
    corpus = load_corpus([tmp_path])
    assert sorted(d.id for d in corpus.documents) == ["a/001.txt", "b/001.txt", "b/c/notes.md"]


def test_two_roots_with_the_same_relative_names_stay_distinct(tmp_path: Path) -> None:
    write(tmp_path / "x" / "same.txt", "One\n\nText.")
    write(tmp_path / "y" / "same.txt", "Two\n\nText.")
    corpus = load_corpus([tmp_path / "x", tmp_path / "y"])
    assert len({d.id for d in corpus.documents}) == 2


def test_markdown_headings_lists_emphasis(tmp_path: Path) -> None:
    md = (
        "---\ntitle: Front Title\ndate: 2022-01-02\nauthor: Ann Lee\n---\n"
        "# Heading One\n\nSome *emphasis* and **bold** text.\n\n"
        "## Sub\n\n- item one\n- item two\n\n> quoted\n"
    )
    doc = doc_of(write(tmp_path / "n.md", md))
    assert (doc.title, doc.date, doc.byline) == ("Front Title", "2022-01-02", "Ann Lee")
    kinds = [p.kind for p in doc.passages]
    assert kinds == [
        PassageKind.HEADING,
        PassageKind.PARAGRAPH,
        PassageKind.HEADING,
        PassageKind.LIST_ITEM,
        PassageKind.LIST_ITEM,
        PassageKind.QUOTE,
    ]
    para = doc.passages[1]
    assert para.text == "Some emphasis and bold text."
    styles = {(para.text[s.start : s.end], s.style) for s in para.spans}
    assert styles == {("emphasis", "italic"), ("bold", "bold")}
    assert [h.text for h in doc.headings] == ["Heading One", "Sub"]


def test_hard_wrapped_text_is_joined(tmp_path: Path) -> None:
    text = (
        "Title\n\nThis paragraph is hard wrapped at a\nmoderate width like old plain text\n"
        "files are.\n"
    )
    doc = doc_of(write(tmp_path / "a.txt", text))
    assert doc.passages[1].text == (
        "This paragraph is hard wrapped at a moderate width like old plain text files are."
    )


def test_large_file_loads(tmp_path: Path) -> None:
    para = ("word " * 100).strip() + "."
    big = write(tmp_path / "big.txt", "Big\n\n" + "\n\n".join([para] * 20000))
    assert big.stat().st_size > 10_000_000
    doc = doc_of(big)
    assert len(doc.passages) == 20001


def test_progress_and_cancel(tmp_path: Path) -> None:
    for i in range(5):
        write(tmp_path / f"{i}.txt", f"Doc {i}\n\nText.")
    seen: list[tuple[int, int]] = []
    corpus = load_corpus([tmp_path], progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (5, 5) and len(corpus) == 5
    assert len(load_corpus([tmp_path], cancelled=lambda: True)) == 0


def test_bbc_news_loads_with_unique_ids(bbc: Path) -> None:
    corpus = load_corpus([bbc])
    ids = [d.id for d in corpus.documents if d.id.endswith(".txt")]
    assert len(ids) == 2225
    assert len(set(ids)) == len(ids)
    assert "business/001.txt" in ids and "sport/001.txt" in ids
    assert any(d.encoding != "utf-8" for d in corpus.documents)  # the one Latin-1 file
    first = corpus.get("business/001.txt")
    assert first is not None and first.title == "Ad sales boost Time Warner profit"


def test_single_file_path(tmp_path: Path) -> None:
    f = write(tmp_path / "sub" / "one.md", "# One\n\nText.")
    corpus = load_corpus([f])
    assert [d.id for d in corpus.documents] == ["one.md"]
    assert os.path.isabs(corpus.documents[0].path)


def test_html_entities_from_scraped_pages_are_decoded() -> None:
    doc = parse_document(
        "&#163;1.8m fine for AT&T &amp; Co\n\nBody with &quot;quotes&quot;.", "x.txt"
    )
    assert doc.title == "£1.8m fine for AT&T & Co"
    assert doc.passages[1].text == 'Body with "quotes".'


def test_a_nul_byte_and_literal_caret_text_stay_on_their_line() -> None:
    doc = parse_document("Title\n\nbefore\x00after and a literal ^@ here.", "x.txt")
    assert doc.passages[1].text == "before^@after and a literal ^@ here."
