"""The cold corpus-cache build: each file read once, the same documents as a parse."""

from __future__ import annotations

import os
import random
import sqlite3
import sys
from dataclasses import fields
from pathlib import Path

import pytest

import tui.core.corpus.cache as cache
import tui.core.corpus.cache_load as cache_load
import tui.core.corpus.cache_parse as cache_parse
from tui.core.corpus import LazyDocument, load_corpus
from tui.core.models import Document, SkippedFile
from tui.core.text import (
    looks_binary,
    needs_neutralising,
    normalise_newlines,
    plain_utf8,
    word_count,
)

PAST = 1_600_000_000  # well before "now": not cached as stale (see RACY_NS)
TEXTS = {
    "a.txt": "Budget talks resume\n\nThe minister met unions on Monday.\n\nTalks go on.\n",
    "b.md": "# Rail strike\n\nTrains *stopped* across the north.\n\n- one\n- two\n",
    "sub/c.txt": "London, 3 May 2021 - Markets rose.\n\nTraders were calm.\n",
    "d.jsonl": '{"title": "One", "text": "First record."}\n{"title": "Two", "text": "Second."}\n',
}


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    for name, text in TEXTS.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        os.utime(path, (PAST, PAST))
    return folder


def as_tuple(doc: Document) -> tuple[object, ...]:
    return tuple(getattr(doc, f.name) for f in fields(Document))


def test_a_cold_build_hashes_the_bytes_it_parsed(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The content hash comes from the bytes read for parsing: no second read of the file."""
    real = cache.file_digest

    def second_read(path: str) -> str | None:
        raise AssertionError(f"{path} read again to be hashed")

    monkeypatch.setattr(cache, "file_digest", second_read)
    monkeypatch.setattr(cache_load, "file_digest", second_read)
    load_corpus([corpus_dir])
    held = cache.CorpusCache(cache.cache_path((str(corpus_dir.resolve()),)))
    try:
        for name in TEXTS:
            path = str((corpus_dir / name).resolve())
            entry = held.file(path)
            assert entry is not None and entry.digest == real(path)
    finally:
        held.close()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain words\nand lines\n", False),
        ("a\ttab", True),
        ("bell\x07", True),
        ("vertical\x0btab", True),
        ("delete\x7f", True),
        ("caf\u00e9 and \u00a0 a no-break space\n", False),
        ("line\u2028separator", False),
        ("next line \x85 (C1)", True),
        ("caf\u00e9 \x9b31m", True),
        ("override \u202e", True),
        ("isolate \u2066 caf\u00e9", True),
        ("lone \udcff surrogate", True),
        ("", False),
    ],
)
def test_needs_neutralising(text: str, expected: bool) -> None:
    assert needs_neutralising(text) is expected


@pytest.mark.parametrize("body", [b"not marshal", '[["Rail strike","heading",1,[]]]', b""])
def test_a_body_the_cache_cannot_read_is_read_from_the_file(corpus_dir: Path, body: object) -> None:
    """Bodies are marshalled: one written otherwise (a JSON body of before, garbage) is not
    trusted; the document's passages come from its file."""
    load_corpus([corpus_dir])
    corpus = load_corpus([corpus_dir])
    conn = sqlite3.connect(cache.cache_path(corpus.roots))
    conn.execute("UPDATE bodies SET body = ?", (body,))
    conn.commit()
    conn.close()
    doc = corpus.get("b.md")
    assert isinstance(doc, LazyDocument)
    assert [p.text for p in doc.passages][:2] == ["Rail strike", "Trains stopped across the north."]


def test_bodies_round_trip_with_spans(corpus_dir: Path) -> None:
    plain = {d.id: d.passages for d in load_corpus([corpus_dir], use_cache=False).documents}
    load_corpus([corpus_dir])
    warm = load_corpus([corpus_dir])
    assert any(p.spans for passages in plain.values() for p in passages)
    for doc in warm.documents:
        assert isinstance(doc, LazyDocument)
        assert doc.passages == plain[doc.id]


def test_word_count_is_the_split_count() -> None:
    """The ASCII fast path counts exactly what str.split() would (every ASCII whitespace)."""
    alphabet = "ab. " + "".join(chr(c) for c in range(128) if chr(c).isspace())
    rng = random.Random(7)
    texts = ["", " ", "a", " a ", "a  b", "caf\u00e9 au\u00a0lait", "x\u2003y z"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(5000)]
    for text in texts:
        assert word_count(text) == len(text.split()), repr(text)


def test_word_count_past_ascii_is_the_split_count() -> None:
    """Counted on the UTF-8 bytes: every space past ASCII str.split knows sends the text to
    str.split, and characters sharing their first bytes ("’", "…") count as letters."""
    spaces = [chr(c) for c in range(0x80, sys.maxunicode + 1) if chr(c).isspace()]
    near = ["\u2019", "\u2026", "\u201c", "\u00a3", "\u00e9", "\u3001", "\u1681", "\u2060"]
    rng = random.Random(11)
    alphabet = ["a", " ", "\n", *spaces, *near]
    texts = [f"x{c}y" for c in spaces + near]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(5000)]
    for text in texts:
        assert word_count(text) == len(text.split()), repr(text)


def test_bytes_found_plain_need_no_neutralising() -> None:
    """`plain_utf8` passes only bytes whose text `needs_neutralising` would pass, and never
    binary ones: every character up to U+3000 and the bidirectional controls, alone in a line."""
    chars = [chr(c) for c in range(0x3000) if not 0xD800 <= c < 0xE000]
    chars += [chr(c) for c in (0x202A, 0x202E, 0x2066, 0x2069, 0xFEFF, 0xFFFD)]
    for char in chars:
        data = f"Title {char} line\r\n".encode()
        if plain_utf8(data):
            text = normalise_newlines(data.decode())
            assert not needs_neutralising(text), repr(char)
            assert not looks_binary(data), repr(char)
    assert not plain_utf8(b"a\tb") and not plain_utf8(b"\x00\x01")
    assert plain_utf8("caf\u00e9 \u00a3 \u2019\n".encode())


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("\u00a3" * 20, True),
        ("\u00a3" * 20 + "\x85", False),  # past the C2 bytes looked at one by one
        ("\u00a3 \x9f \u00a3", False),
        ("\u00a0\u00bf caf\u00e9 \u00c2\u0080", False),  # U+00C2 is C3 82: its C2 is U+0080's
        ("\u00a3\u00a3\u00a3 and \u00c2 at the end \u00c2", True),
    ],
)
def test_c1_controls_are_found_among_other_c2_bytes(text: str, plain: bool) -> None:
    """A C1 control is C2 80-9F in UTF-8; "£" and "\u00a0" share its first byte."""
    assert plain_utf8(text.encode()) is plain
    assert plain_utf8(text.encode() + b"\xc2") is plain  # a last byte with none after it


def test_an_escape_written_as_an_entity_is_still_neutralised(tmp_path: Path) -> None:
    """Plain bytes skip the scan of the text, but not once entities are unescaped."""
    (tmp_path / "a.txt").write_text("Title\n\nBidi &#8238; text &amp; more.\n", encoding="utf-8")
    doc = load_corpus([tmp_path], use_cache=False).documents[0]
    assert doc.passages[1].text == "Bidi <U+202E> text & more."
    assert doc.notes == ("control characters neutralised",)


def test_a_pool_of_parsers_builds_the_same_cache(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers send documents back encoded as the cache writes them; the loader only writes."""
    (corpus_dir / "e.jsonl").write_text('{"text": "Kept."}\nnot json\n', encoding="utf-8")
    plain = load_corpus([corpus_dir], use_cache=False)
    monkeypatch.setattr(cache_parse, "POOL_MIN_FILES", 1)
    monkeypatch.setenv(cache_parse.ENV_WORKERS, "2")
    assert cache_parse.pool_size(5) == 2
    cold = load_corpus([corpus_dir])
    pooled = load_corpus([corpus_dir], use_cache=False)  # Documents again from what is sent
    monkeypatch.delenv(cache_parse.ENV_WORKERS)
    warm = load_corpus([corpus_dir])
    for loaded in (cold, pooled, warm):
        assert [as_tuple(d) for d in loaded.documents] == [as_tuple(d) for d in plain.documents]
        assert loaded.skipped == plain.skipped
    # A file with a bad record is not cached: its documents are plain ones, passages held.
    kept = cold.get("e.jsonl#1")
    assert kept is not None and not isinstance(kept, LazyDocument)


def test_a_batch_the_cache_refuses_is_held_whole(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files are written a batch at a time: when the write fails (a locked or full disk), the
    batch's documents keep their passages, and nothing of it is half-written."""
    plain = load_corpus([corpus_dir], use_cache=False)

    def refuse(self: cache.CorpusCache, files: object) -> None:
        self.conn.execute("DELETE FROM snapshot")  # part of a batch done, then the failure
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(cache.CorpusCache, "store_many", refuse)
    loaded = load_corpus([corpus_dir])
    assert [as_tuple(d) for d in loaded.documents] == [as_tuple(d) for d in plain.documents]
    assert not any(isinstance(d, LazyDocument) for d in loaded.documents)
    held = cache.CorpusCache(cache.cache_path(loaded.roots))
    try:
        assert held.files() == {}
    finally:
        held.close()


def test_metadata_gates_change_nothing() -> None:
    """`take_metadata` tries a pattern only on lines its first letter, word count, digits and
    "://" allow: every line a pattern matches passes its gate (the longest forms, and random
    ones)."""
    from tui.core.corpus import metadata as m

    words = ["Published", "published:", ":", "Monday,", "Tuesday", "12", "March.", "march",
             "Oct.", "3,", "2021,", "2021", "10:00", "am", "p.m.", "GMT", "by", "By", "Written",
             "Author:", "Jane", "Source:", "originally", "at", "via", "URL", "<https://x.org/a>",
             "https://x.org/2021/03/12/", "Date:", "2021-03-12", "2021-03-12T10:00Z", "Posted",
             "Updated", "The", "talks", "\u017fource", "\u0660\u0661"]  # fmt: skip
    rng = random.Random(3)
    lines = [
        "Published : Monday, 12 March 2021, 10:00 am GMT",
        "Updated: Tuesday, March 12, 2021, 10:00 p.m. EST",
        "originally published at : <https://x.org/a>",
        "Written by Jane Doe",
        "Date: 2021-03-12 and the rest of a long paragraph goes on and on for many words",
    ]
    lines += [" ".join(rng.choice(words) for _ in range(rng.randint(1, 12))) for _ in range(20000)]
    matched = 0
    for line in lines:
        s = line.strip()
        first, short = s[:1].lower(), len(s.split(None, m.SHORT_WORDS)) <= m.SHORT_WORDS
        if m._DATE_MARKER.match(s):
            assert first in "dpu", line
        if m._ISO_DATE_LINE().match(s):
            assert short and first.isdecimal(), line
        if m._LONG_DATE().match(s):
            assert short and any(c.isdecimal() for c in s), line
        if m._BYLINE.match(s):
            assert first in "bwa", line
        if m._URL_LINE().match(s):
            assert short and "://" in s, line
        matched += any(p.match(s) for p in (m._LONG_DATE(), m._URL_LINE(), m._BYLINE))
    assert matched > 100


def test_text_format_string_tests_match_their_patterns() -> None:
    """`_is_bullet` and `_HEADING_ENDS` answer as the patterns they replace, `^[-*•–]\\s` and
    `[.,;:!)\\]”\\"'…]$` on a stripped line, for every character (`\\s` is `str.isspace`)."""
    import re

    from tui.core.corpus import text_format as t

    every = "".join(map(chr, range(0x110000)))
    assert [c for c in every if c.isspace()] == re.findall(r"\s", every)
    ends = re.compile(r"[.,;:!)\]”\"'…]$")
    assert [c for c in every if c in t._HEADING_ENDS] == [c for c in every if ends.match(c)]
    bullet = re.compile(r"^[-*•–]\s")
    for first in "-*•–x\u2022 ":
        for second in [" ", "\t", "\u00a0", "\u2003", "\n", "x", "-", ""]:
            line = first + second + "item"
            assert t._is_bullet(line) == bool(bullet.match(line)), repr(line)
    assert t._is_bullet("-") is False and t._is_bullet("") is False


def test_a_cold_build_stores_its_rows_as_the_snapshot(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows made while loading are the snapshot's columns (not made again): the same
    snapshot as rows made from the documents, and a warm start reads the same documents."""

    def snapshot(data: Path) -> object:
        held = cache.CorpusCache(cache.cache_path((str(corpus_dir.resolve()),), data))
        try:
            return held.snapshot()
        finally:
            held.close()

    real, answers = cache_load._rows_of, []
    monkeypatch.setattr(cache_load, "_rows_of", lambda *a: answers.append(real(*a)) or answers[-1])
    reused = load_corpus([corpus_dir], cache_dir=tmp_path / "a")
    assert answers == [True]
    monkeypatch.setattr(cache_load, "_rows_of", lambda columns, documents: False)
    remade = load_corpus([corpus_dir], cache_dir=tmp_path / "b")
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b") is not None
    warm = load_corpus([corpus_dir], cache_dir=tmp_path / "a")
    assert [as_tuple(d) for d in warm.documents] == [as_tuple(d) for d in reused.documents]
    assert [as_tuple(d) for d in remade.documents] == [as_tuple(d) for d in reused.documents]


def test_a_file_is_read_whole_or_skipped_with_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One open, its stat, one read: a named pipe is skipped (not waited on), a file past
    MAX_BYTES is not read, and one larger than its stat says (/proc) is read whole."""
    from tui.core.corpus import files

    (tmp_path / "a.txt").write_text("Title\n\n" + "Body text. " * 2000, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    loaded = load_corpus([tmp_path], use_cache=False)
    assert [d.id for d in loaded.documents] == ["a.txt"]
    assert loaded.documents[0].words == 1 + 2 * 2000
    assert [(Path(s.path).name, s.reason) for s in loaded.skipped] == [
        ("pipe.txt", "not a regular file")
    ]
    monkeypatch.setattr(files, "MAX_BYTES", 1000)
    skipped = files.load_file(tmp_path / "a.txt")
    assert isinstance(skipped, SkippedFile) and skipped.reason == "too large (0 MB)"
    if Path("/proc/self/status").exists():  # a size of 0, and text
        read = files._read_bytes("/proc/self/status")
        assert not isinstance(read, SkippedFile) and read[1].st_size == 0
        assert b"Pid:" in read[0]


def test_one_markdown_parser_reads_every_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Making a parser cost ~1.7 ms a file: one is made, and files parsed one after another
    (or in threads) come out as each parsed alone."""
    from concurrent.futures import ThreadPoolExecutor

    from tui.core.corpus import markdown_format
    from tui.core.corpus.parse import parse_document

    texts = [f"# Title {i}\n\nSome *text* {i}.\n\n- a\n- b {i}\n" for i in range(40)]
    alone = [parse_document(t, f"{i}.md", fmt="md") for i, t in enumerate(texts)]
    made: list[object] = []
    real = markdown_format.MarkdownIt
    monkeypatch.setattr(markdown_format, "MarkdownIt", lambda *a: made.append(a) or real(*a))
    markdown_format._parser.cache_clear()
    with ThreadPoolExecutor(4) as pool:
        shared = list(pool.map(lambda i: parse_document(texts[i], f"{i}.md", fmt="md"), range(40)))
    assert shared == alone and len(made) == 1


@pytest.mark.parametrize(
    ("record", "text"),
    [
        ('{"text": "Bidi \\u202e and caf\\u00e9"}', "Bidi <U+202E> and café"),
        ('{"text": "Escape \\u001b[31m red"}', "Escape ^[[31m red"),
        ('{"text": "A \\t tab"}', "A      tab"),
        ('{"text": "<p>Bidi &#8238; in a page</p>"}', "Bidi <U+202E> in a page"),
        ('{"text": "Plain caf\\u00e9 text"}', "Plain café text"),
    ],
)
def test_a_record_is_neutralised_after_its_json_is_decoded(
    tmp_path: Path, record: str, text: str
) -> None:
    """Plain bytes mark a file's records plain only without an escape or an entity, which
    decode to what the bytes do not hold."""
    (tmp_path / "r.jsonl").write_text(record + "\n", encoding="utf-8")
    doc = load_corpus([tmp_path], use_cache=False).documents[0]
    assert doc.passages[0].text == text
    noted = not text.startswith(("Plain", "A "))  # a tab alone is no control character
    assert doc.notes == (("control characters neutralised",) if noted else ())


@pytest.mark.parametrize(
    "data", [b"\xef\xbb\xbfabc", b"\xef\xbb\xbf\xef\xbb\xbfabc", b"abc", b"", b"caf\xc3\xa9\n"]
)
def test_utf8_is_decoded_as_utf8_sig_would(data: bytes) -> None:
    """One byte-order mark is dropped (the codec's Python wrapper is not called)."""
    from tui.core.text import decode

    assert decode(data) == (data.decode("utf-8-sig"), "utf-8")
