"""JSON Lines and JSON arrays of articles: a document per record, bad records skipped by line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.core.anchoring import load_document, reanchor
from tui.core.config import parse_config
from tui.core.corpus import load_corpus, load_records
from tui.core.corpus import records as records_module
from tui.core.corpus.cache_rows import LazyDocument
from tui.core.corpus.records import FieldMap
from tui.core.models import Document
from tui.core.rawview import raw_document
from tui.core.search import MemoryBackend, SqliteIndex, stat_files
from tui.core.store import Store, text_hash

LINES = [
    {
        "id": "kx-101",
        "headline": "Ferry Service Resumes After Storm",
        "published": "2023-03-02T06:15:00Z",
        "body": "The island ferry sailed again on Thursday.\n\nPassengers cheered at the quay.",
        "link": "https://news.example/ferry",
        "author": ["Ama Owusu", "Li Wei"],
    },
    {
        "title": "Council Approves Budget",
        "date": "July 17, 2022",
        "content": "<p>The council voted <b>7 to 2</b> for the budget.</p><p>It takes effect"
        " in &pound;s next year.</p>",
    },
    {"title": "Market Day", "pubDate": "Sun, 17 Jul 2022 10:00:00 +0000", "text": "Stalls."},
    {"title": "Undated Note", "timestamp": 1657980000000, "story": "Filed at night."},
    {"title": "A Day Without Year", "date": "27 January", "text": "Rain again."},
]


def write_lines(path: Path, records: list[object], bad: dict[int, str] | None = None) -> Path:
    """Write `records` one per line; `bad` puts raw text at some (0-based) line positions."""
    lines = [json.dumps(r) for r in records]
    for position, raw in sorted((bad or {}).items()):
        lines.insert(position, raw)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def by_title(docs: list[Document]) -> dict[str, Document]:
    return {d.title: d for d in docs}


def test_each_line_a_document_with_its_fields_found_by_name(tmp_path: Path) -> None:
    file = write_lines(tmp_path / "feed.jsonl", LINES)
    docs, skipped = load_records(file, tmp_path)
    assert skipped == []
    got = by_title(docs)
    ferry = got["Ferry Service Resumes After Storm"]
    assert ferry.id == "feed.jsonl#kx-101"  # the record's own id
    assert (ferry.date, ferry.source, ferry.byline) == (
        "2023-03-02",
        "https://news.example/ferry",
        "Ama Owusu, Li Wei",
    )
    assert [p.text for p in ferry.passages] == [
        "The island ferry sailed again on Thursday.",
        "Passengers cheered at the quay.",
    ]
    assert ferry.fmt == "jsonl" and ferry.path == str(file)
    council = got["Council Approves Budget"]
    assert council.id == "feed.jsonl#2"  # no id field: the line number
    assert council.date == "2022-07-17"
    assert [p.text for p in council.passages] == [
        "The council voted 7 to 2 for the budget.",
        "It takes effect in £s next year.",
    ]
    assert got["Market Day"].date == "2022-07-17"  # RSS pubDate
    assert got["Undated Note"].date == "2022-07-16"  # Unix time in milliseconds
    no_year = got["A Day Without Year"]
    assert (no_year.date, no_year.partial_date) == (None, "--01-27")


def test_a_bad_line_is_skipped_with_its_number_and_the_rest_read(tmp_path: Path) -> None:
    file = write_lines(
        tmp_path / "feed.jsonl",
        LINES[:3],
        bad={1: '{"title": "cut off", "text": "no end', 3: "[1, 2]"},
    )
    docs, skipped = load_records(file, tmp_path)
    assert len(docs) == 3
    reasons = [s.reason for s in skipped]
    assert reasons[0].startswith("line 2: not valid JSON")
    assert reasons[1] == "line 4: a JSON list, not an object"
    assert all(s.path == str(file) for s in skipped)
    # Line numbers stay those of the file: the record after the bad line keeps line 3.
    assert by_title(docs)["Council Approves Budget"].id == "feed.jsonl#3"


def test_a_record_without_text_or_too_large_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(records_module, "RECORD_MAX_CHARS", 200)
    file = write_lines(
        tmp_path / "feed.jsonl",
        [{"title": "Only a title"}, {"title": "Huge", "text": "word " * 100}, LINES[2]],
    )
    docs, skipped = load_records(file, tmp_path)
    assert [d.title for d in docs] == ["Market Day"]
    assert skipped[0].reason.startswith("line 1: no text field (looked for text, body")
    assert skipped[1].reason.startswith("line 2: record too large")


def test_many_bad_records_are_counted_not_listed(tmp_path: Path) -> None:
    file = tmp_path / "junk.jsonl"
    file.write_text("\n".join(["{oops"] * 30 + [json.dumps(LINES[2])]) + "\n")
    docs, skipped = load_records(file, tmp_path)
    assert len(docs) == 1
    assert len(skipped) == records_module.BAD_RECORDS_LISTED + 1
    assert skipped[-1].reason == "10 more bad records"


def test_a_file_with_no_usable_record_is_one_skipped_entry(tmp_path: Path) -> None:
    file = write_lines(tmp_path / "meta.jsonl", [{"name": "x", "n": 1}] * 3)
    docs, skipped = load_records(file, tmp_path)
    assert docs == []
    assert [s.reason for s in skipped] == [
        "no record read: no text field (looked for " + ", ".join(FieldMap().names["text"]) + ")"
    ]


def test_ids_stay_unique_when_a_record_id_repeats(tmp_path: Path) -> None:
    file = write_lines(tmp_path / "f.jsonl", [{"id": 7, "text": "One."}, {"id": 7, "text": "Two."}])
    docs, _ = load_records(file, tmp_path)
    assert [d.id for d in docs] == ["f.jsonl#7", "f.jsonl#7~2"]


def test_configured_field_names_are_tried_first(tmp_path: Path) -> None:
    config = parse_config('[fields]\ntext = ["story_body"]\ntitle = "hed"\n', tmp_path / "c.toml")
    assert config.errors == []
    fields = FieldMap.with_overrides(config.fields)
    file = write_lines(
        tmp_path / "f.jsonl", [{"hed": "Mapped Title", "story_body": "Mapped.", "text": "Other."}]
    )
    docs, _ = load_records(file, tmp_path, fields=fields)
    assert (docs[0].title, docs[0].passages[0].text) == ("Mapped Title", "Mapped.")


def test_a_wrong_fields_table_is_reported_not_fatal(tmp_path: Path) -> None:
    config = parse_config('[fields]\nbody = ["x"]\ntext = 3\n', tmp_path / "c.toml")
    assert config.fields == {}
    assert len(config.errors) == 2 and "body is not a role" in config.errors[0]


def test_a_json_array_and_an_object_holding_one(tmp_path: Path) -> None:
    array = tmp_path / "a.json"
    array.write_text(json.dumps(LINES[:2], indent=2))
    docs, skipped = load_records(array, tmp_path)
    assert skipped == [] and [d.fmt for d in docs] == ["json", "json"]
    assert docs[0].id == "a.json#kx-101"
    wrapped = tmp_path / "b.json"
    wrapped.write_text(json.dumps({"status": "ok", "articles": LINES[2:4]}))
    docs, skipped = load_records(wrapped, tmp_path)
    assert skipped == [] and [d.title for d in docs] == ["Market Day", "Undated Note"]


def test_a_truncated_json_array_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    text = json.dumps(LINES[:3], indent=1)
    file = tmp_path / "cut.json"
    file.write_text(text[: text.rindex('"Market Day"')])
    docs, skipped = load_records(file, tmp_path)
    assert len(docs) == 2
    assert len(skipped) == 1 and "not valid JSON" in skipped[0].reason
    assert skipped[0].reason.startswith("line ")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.jsonl", b"  \n", "empty file"),
        ("bin.json", b"\x00\x01\x02" * 100, "binary file"),
        ("scalar.json", b"42", "not a JSON array or object"),
    ],
)
def test_bad_files_are_skipped_with_why(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    file = tmp_path / name
    file.write_bytes(data)
    docs, skipped = load_records(file, tmp_path)
    assert docs == [] and reason in skipped[0].reason


def test_records_sit_in_a_corpus_beside_text_files(tmp_path: Path) -> None:
    write_lines(tmp_path / "feed.jsonl", LINES[:2], bad={1: "not json"})
    (tmp_path / "note.txt").write_text("A Plain Note\n\nJust text.\n")
    corpus = load_corpus([tmp_path])
    assert sorted(d.id for d in corpus.documents) == [
        "feed.jsonl#3",
        "feed.jsonl#kx-101",
        "note.txt",
    ]
    assert [s.reason.split(":")[0] for s in corpus.skipped] == ["line 2"]


@pytest.mark.parametrize("backend_kind", ["memory", "sqlite"])
def test_records_are_searched_and_an_index_of_them_is_fresh(
    tmp_path: Path, backend_kind: str
) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    write_lines(folder / "feed.jsonl", LINES)
    corpus = load_corpus([folder])
    backend = MemoryBackend() if backend_kind == "memory" else SqliteIndex(tmp_path / "i.db")
    backend.refresh(corpus)
    hits = backend.query("passengers cheered")
    assert [h.doc for h in hits] == ["feed.jsonl#kx-101"]
    # Five documents from one file: still fresh when only that file's state is given.
    assert backend.is_fresh(stat_files([folder]))
    backend.close()


def test_a_bookmarked_record_is_found_again_after_the_file_changes(tmp_path: Path) -> None:
    file = write_lines(tmp_path / "feed.jsonl", LINES)
    docs, _ = load_records(file, tmp_path)
    ferry = by_title(docs)["Ferry Service Resumes After Storm"]
    with Store(tmp_path / "db" / "dossier.sqlite") as store:
        mark, _ = store.add(str(tmp_path), ferry.id, 2, ferry.passages[1].text)
        # A record added above it: line numbers move, the id field keeps the id.
        write_lines(file, [LINES[4], *LINES])
        again = load_document(str(tmp_path), ferry.id)
        assert again is not None and again.id == ferry.id
        (anchored,) = reanchor([mark], again)
        assert not anchored.orphaned and anchored.passage == 2
        assert text_hash(again.passages[1].text) == mark.text_hash
    assert load_document(str(tmp_path), "feed.jsonl#nope") is None


def test_the_raw_view_of_a_record_is_its_json(tmp_path: Path) -> None:
    file = write_lines(tmp_path / "feed.jsonl", LINES[:2])
    docs, _ = load_records(file, tmp_path)
    raw = raw_document(by_title(docs)["Council Approves Budget"])
    lines = [p.text for p in raw.passages]
    assert lines[0] == "{" and '  "title": "Council Approves Budget",' in lines
    assert not any("Ferry" in ln for ln in lines)


def test_records_come_back_from_the_corpus_cache_with_their_bad_lines(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    write_lines(folder / "good.jsonl", LINES[:2])
    write_lines(folder / "mixed.jsonl", LINES[2:], bad={1: "{oops"})
    cold = load_corpus([folder])
    warm = load_corpus([folder])
    for corpus in (cold, warm):
        assert sorted(d.id for d in corpus.documents) == [
            "good.jsonl#2",
            "good.jsonl#kx-101",
            "mixed.jsonl#1",
            "mixed.jsonl#3",
            "mixed.jsonl#4",
        ]
        assert [s.reason.split(":")[0] for s in corpus.skipped] == ["line 2"]
    ferry = next(d for d in warm.documents if d.id == "good.jsonl#kx-101")
    assert isinstance(ferry, LazyDocument)  # from the cache: the file was not parsed again
    assert ferry.passages[1].text == "Passengers cheered at the quay."


def test_a_record_author_and_url_are_shown_as_text(tmp_path: Path) -> None:
    record = {
        "title": "Plain",
        "author": "Eve\u001b]0;PWNED\u0007 \u202eTrue",
        "url": "https://x.example/\u001b[31m",
        "text": "Body.",
    }
    (doc,), _ = load_records(write_lines(tmp_path / "f.jsonl", [record]), tmp_path)
    for value in (doc.byline, doc.source):
        assert value is not None and value.isprintable(), repr(value)
    assert doc.byline is not None and "^[]0;PWNED^G" in doc.byline
