"""A first start's preview of a large corpus: the list's fields as the whole parse gives them,
read from each file's head; the rest from the file when a document is opened."""

from __future__ import annotations

import os
import pickle
import random
from dataclasses import fields
from pathlib import Path

import pytest

import tui.core.corpus.cache_parse as cache_parse
from tui.core.corpus import load_corpus
from tui.core.corpus.files import read_parsed
from tui.core.corpus.metadata import SHORT_WORDS, is_short
from tui.core.corpus.preview import PLAIN_SHARE, PreviewDocument, preview_corpus
from tui.core.listing import list_order
from tui.core.models import Document

PROSE = "The talks went on late into the night, and no side would say what was agreed. "
LONG = "\n\n".join(f"Paragraph {i}. {PROSE * 3}" for i in range(12))
# Four paragraphs taken as metadata or furniture, two headings, then one that could be either.
FURNITURE = "By Jane Doe\n\nhttps://x.org/a\n\nAdvertisement\n\nRead more"
SIX = "First Heading\n\nSecond Heading\n\nLONDON, 3 May 2021 - Markets Rose Again"
# What the list shows or filters on, or what the reader's header says before anything else.
LISTED = [f.name for f in fields(Document) if f.name not in ("passages", "words", "hidden")]

TEXTS: dict[str, str | bytes] = {
    # Long texts: parsed from their head. Metadata anywhere it is looked for (positions 0-6).
    "long/plain.txt": f"Budget talks resume\n\n{LONG}",
    "long/byline_late.txt": (
        f"Budget talks resume\n\n{PROSE}\n\n{PROSE}\n\n{PROSE}\n\n{PROSE}\n\n"
        f"By Jane Doe\n\nPublished: 2021-03-04\n\n{LONG}"
    ),
    "long/dateline.txt": f"LONDON, 3 May 2021 - Markets rose. {PROSE}\n\n{LONG}",
    "long/url_glued.txt": f"https://news.example.org/2020/01/05/story.html {PROSE}\n\n{LONG}",
    "long/headings.txt": f"{PROSE}\n\nA Heading Here\n\n{PROSE}\n\nAnother One\n\n{LONG}",
    "long/boilerplate.txt": (
        "Share this article\n\nAdvertisement\n\nSkip to content\n\nSign up\n\n"
        f"Subscribe\n\nCookies\n\nTitle After Furniture\n\n{LONG}"
    ),
    "long/metadata_only.txt": (
        "By Jane Doe\n\nDate: 2020-02-02\n\n12 March 2021\n\nhttps://x.org/a\n\n"
        f"Written by Someone\n\n{PROSE}\n\n{LONG}"
    ),
    "long/bold.txt": f"**Bold** start of a long story\n\n{PROSE}\n\n{LONG}",
    "long/wrapped.txt": "\n\n".join("\n".join([PROSE[:60]] * 5) for _ in range(10)),
    "long/control.txt": f"Title\n\n{LONG}\n\nan escape \x1b[31m here\n\n{PROSE}",
    "long/entity.txt": f"Caf&eacute; talks\n\n{LONG}\n\n&#163;5",
    "long/cp1252.txt": f"Caf\xe9 prices\n\n{LONG}".encode("cp1252"),
    "long/crlf.txt": f"Windows lines\r\n\r\n{LONG}".replace("\n\n", "\r\n\r\n"),
    "long/last_heading.txt": "\n\n".join([PROSE] * 7 + ["Short Last Line"]),
    # Its 7th paragraph is a heading (not the text's last): no dateline date is taken from it.
    "long/heading_at_six.txt": f"{FURNITURE}\n\n{SIX}\n\n{PROSE}\n\n{PROSE}",
    # Its 7th paragraph is its last: a paragraph, whose dateline gives the date.
    "long/ends_after_seven.txt": f"{FURNITURE}\n\n{SIX}\n\n\n\n",
    # Short ones, and the other formats: parsed whole.
    "short.txt": "Short note\n\nOnly two paragraphs.\n",
    "page.md": f"---\ntitle: Front Matter Title\ndate: 2022-01-02\n---\n# Heading\n\n{LONG}",
    "records.jsonl": '{"title": "One", "text": "First."}\n{"text": "Second."}\nnot json\n',
    "empty.txt": "",
    "binary.txt": b"\x00\x01\x02" * 100,
}


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    for name, text in TEXTS.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="")
    return folder


def listed(doc: Document) -> tuple[object, ...]:
    return tuple(getattr(doc, name) for name in LISTED)


def test_the_preview_lists_what_the_whole_parse_gives(corpus_dir: Path) -> None:
    whole = load_corpus([corpus_dir], use_cache=False)
    preview = preview_corpus([corpus_dir])
    assert preview is not None
    assert [listed(d) for d in preview.documents] == [listed(d) for d in whole.documents]
    assert preview.skipped == whole.skipped
    # Asked for, a document's passages, hidden lines and words are its whole parse's.
    for doc, full in zip(preview.documents, whole.documents, strict=True):
        assert isinstance(doc, PreviewDocument)
        assert (doc.passages, doc.hidden, doc.words) == (full.passages, full.hidden, full.words)
        assert doc.passage_count == len(full.passages)


def test_long_texts_are_parsed_from_their_head(corpus_dir: Path) -> None:
    """The test above is not passed by parsing everything whole: the long files' heads are
    parsed alone (fewer passages than the whole), their words estimated till asked for."""
    headed = []
    for name in TEXTS:
        if not name.startswith("long/"):
            continue
        path = str(corpus_dir / name)
        (head,), _, _ = read_parsed(path, str(corpus_dir), name, head=True)
        (whole,), _, _ = read_parsed(path, str(corpus_dir), name)
        if len(head.blocks) < len(whole.blocks):
            headed.append(name)
    assert len(headed) >= 10, headed
    preview = preview_corpus([corpus_dir])
    assert preview is not None
    doc = preview.get("long/plain.txt")
    assert isinstance(doc, PreviewDocument)
    estimate = doc.words
    assert estimate == len(TEXTS["long/plain.txt"]) // 6
    _ = doc.passages
    assert doc.words != estimate  # counted once parsed whole


def test_the_preview_is_in_the_lists_title_order(corpus_dir: Path) -> None:
    preview = preview_corpus([corpus_dir])
    assert preview is not None
    order = preview.orders["title"]
    expected = list_order(load_corpus([corpus_dir], use_cache=False).documents, "title")
    assert list(order.positions) == list(expected.positions)
    assert order.folders == expected.folders


def test_a_pool_previews_the_same(corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = preview_corpus([corpus_dir])
    monkeypatch.setattr(cache_parse, "POOL_MIN_FILES", 1)
    monkeypatch.setenv(cache_parse.ENV_WORKERS, "2")
    assert cache_parse.pool_size(5) == 2
    pooled = preview_corpus([corpus_dir])
    assert alone is not None and pooled is not None
    assert [listed(d) for d in pooled.documents] == [listed(d) for d in alone.documents]
    assert [d.words for d in pooled.documents] == [d.words for d in alone.documents]
    assert pooled.skipped == alone.skipped


def test_a_small_corpus_or_a_cancel_gives_no_preview(corpus_dir: Path) -> None:
    n = sum(1 for _ in corpus_dir.rglob("*.*"))
    assert preview_corpus([corpus_dir], least=n + 1) is None
    assert preview_corpus([corpus_dir], least=n) is not None
    assert preview_corpus([corpus_dir], cancelled=lambda: True) is None
    seen: list[tuple[int, int]] = []
    preview_corpus([corpus_dir], progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (n, n)


def test_a_preview_document_is_sent_whole(corpus_dir: Path) -> None:
    """To a worker process: a plain Document with its passages."""
    preview = preview_corpus([corpus_dir])
    assert preview is not None
    doc = preview.get("long/dateline.txt")
    sent = pickle.loads(pickle.dumps(doc))
    assert type(sent) is Document
    full = load_corpus([corpus_dir], use_cache=False).get("long/dateline.txt")
    assert full is not None and sent == full


def test_a_file_changed_since_the_preview_is_read_as_it_is_now(corpus_dir: Path) -> None:
    preview = preview_corpus([corpus_dir])
    assert preview is not None
    path = corpus_dir / "short.txt"
    path.write_text("Short note\n\nRewritten since.\n", encoding="utf-8")
    doc = preview.get("short.txt")
    assert doc is not None and doc.passages[-1].text == "Rewritten since."
    os.remove(corpus_dir / "page.md")
    gone = preview.get("page.md")
    assert gone is not None and gone.passages == () and gone.title == "Front Matter Title"


def test_a_line_is_short_as_its_split_says() -> None:
    """`is_short` looks at a prefix first: the same answer, long words and spaces included."""
    rng = random.Random(5)
    pieces = ["a", "word", "x" * 170, "https://x.org/" + "p" * 150, " ", "  ", "\t", "\n"]
    for _ in range(20000):
        line = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        assert is_short(line) == (len(line.split(None, SHORT_WORDS)) <= SHORT_WORDS), line


def test_several_roots_get_the_ids_the_load_gives(tmp_path: Path) -> None:
    """Ids are prefixed with their root's name when there are several (`with_ids`, shared)."""
    roots = []
    for name in ("left", "right"):
        root = tmp_path / name
        root.mkdir()
        (root / "same.txt").write_text(f"Story from {name}\n\n{LONG}", encoding="utf-8")
        roots.append(root)
    preview = preview_corpus(roots)
    assert preview is not None
    whole = load_corpus(roots, use_cache=False)
    assert [listed(d) for d in preview.documents] == [listed(d) for d in whole.documents]
    assert [d.id for d in preview.documents] == ["left/same.txt", "right/same.txt"]


def test_a_corpus_mostly_parsed_whole_gets_no_preview(tmp_path: Path) -> None:
    """Web pages, Markdown and records are parsed whole by the preview too: a corpus of them
    would be parsed twice before its list (PLAIN_SHARE)."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(10):
        kind = "txt" if i < 8 else "md"
        (folder / f"{i}.{kind}").write_text(f"# Story {i}\n\n{LONG}", encoding="utf-8")
    assert preview_corpus([folder], plain_share=PLAIN_SHARE) is None  # 8 of 10 plain
    (folder / "8.md").rename(folder / "8.txt")
    assert preview_corpus([folder], plain_share=PLAIN_SHARE) is not None  # 9 of 10
