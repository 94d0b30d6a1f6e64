"""The bookmark store: schema and migrations, bookmarks, re-anchoring, export/import, safety."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from tui.core.anchoring import reanchor
from tui.core.models import Document, Passage
from tui.core.store import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_VERSION,
    Bookmark,
    Store,
    StoreError,
    bookmarks_from_json,
    bookmarks_to_json,
    bookmarks_to_markdown,
    parse_tags,
    quote_of,
    text_hash,
)

ROOT = "/corpus"
TEXTS = [
    "NATO has indicated that it is sending forces on standby to the eastern flank.",
    "While Ukraine has pushed its forces to the front lines, talks continue in Geneva.",
    "The involvement of NATO is what is being perceived as a threat by Moscow.",
    "Social constructivism in action: no one is willing to move first.",
    "Despite over-optimism on many fronts, the talks have failed so far this winter.",
]


def make_doc(texts: list[str], doc_id: str = "a.txt") -> Document:
    passages = tuple(Passage(number=i + 1, text=t) for i, t in enumerate(texts))
    return Document(id=doc_id, path=f"{ROOT}/{doc_id}", root=ROOT, title="A", passages=passages)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "db" / "dossier.sqlite") as s:
        yield s


# ---- opening and schema ---------------------------------------------------------------------


def test_default_path_is_in_the_data_dir(isolated_data_dir: Path) -> None:
    with Store() as s:
        assert s.path == isolated_data_dir / "dossier.sqlite"
        assert s.path.is_file()
        assert s.notice is None and not s.read_only


def test_new_store_is_wal_with_current_schema(store: Store) -> None:
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()
    assert store.schema_version == SCHEMA_VERSION


def test_version_1_database_is_migrated_keeping_every_bookmark(tmp_path: Path) -> None:
    path = tmp_path / "dossier.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    row = "INSERT INTO bookmarks (root, doc, passage, text_hash, quote, note, tags, created,"
    row += " updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    h = text_hash(TEXTS[0])
    conn.execute(row, (ROOT, "a.txt", 1, h, TEXTS[0], "first", '["x"]', "2026-01-01T00:00:00Z",
                       "2026-01-01T00:00:00Z"))  # fmt: skip
    # Version 1 had no unique key: a duplicate with its own note must survive the migration.
    conn.execute(row, (ROOT, "a.txt", 1, h, TEXTS[0], "second", "[]", "2026-01-02T00:00:00Z",
                       "2026-01-02T00:00:00Z"))  # fmt: skip
    conn.execute(row, (ROOT, "b.txt", 2, "", "a quote without hash", "", "[]",
                       "2026-01-03T00:00:00Z", "2026-01-03T00:00:00Z"))  # fmt: skip
    conn.execute("INSERT INTO state (key, value) VALUES ('theme', 'nord')")
    conn.close()

    with Store(path) as s:
        assert s.notice is None
        assert s.schema_version == SCHEMA_VERSION == 2
        assert sorted(b.note for b in s.list()) == ["", "first", "second"]
        assert s.list()[-1].tags == ("x",)
        assert s.get_state("theme") == "nord"
        # Version 2 features work on the migrated file.
        _, created = s.add(ROOT, "a.txt", 1, TEXTS[0])
        assert not created
        s.append_query("nato")
        assert s.query_history() == ["nato"]


# ---- bookmarks ------------------------------------------------------------------------------


def test_add_is_idempotent_and_merges_note_and_tags(store: Store) -> None:
    first, created = store.add(ROOT, "a.txt", 1, TEXTS[0], tags=["nato"])
    assert created and first.quote == TEXTS[0] and first.text_hash == text_hash(TEXTS[0])
    again, created = store.add(ROOT, "a.txt", 1, "  " + TEXTS[0].replace(" ", "\n", 2))
    assert not created and again.id == first.id
    noted, _ = store.add(ROOT, "a.txt", 1, TEXTS[0], note="why", tags=["army"])
    assert noted.note == "why" and noted.tags == ("nato", "army")
    assert store.count() == 1


def test_remove_then_restore_gives_back_the_same_bookmark(store: Store) -> None:
    b, _ = store.add(ROOT, "a.txt", 2, TEXTS[1], note="keep me", tags=["x"])
    removed = store.remove(b.id)
    assert removed == b and store.list() == []
    assert store.remove(b.id) is None
    assert store.restore(removed) == b
    assert store.list() == [b]


def test_toggle_adds_then_removes_with_undo(store: Store) -> None:
    added, b = store.toggle(ROOT, "a.txt", 3, TEXTS[2])
    assert added and store.for_document(ROOT, "a.txt") == [b]
    added, removed = store.toggle(ROOT, "a.txt", 3, TEXTS[2])
    assert not added and removed == b and store.count() == 0
    store.restore(removed)
    assert store.for_document(ROOT, "a.txt") == [b]


def test_toggle_removes_a_bookmark_re_anchored_to_the_passage(store: Store) -> None:
    old, _ = store.add(ROOT, "a.txt", 2, TEXTS[1])
    edited = TEXTS[1].replace("Geneva", "Vienna")
    (anchored,) = reanchor(store.for_document(ROOT, "a.txt"), make_doc([TEXTS[0], edited]))
    assert anchored.passage == 2 and not anchored.orphaned
    added, removed = store.toggle(ROOT, "a.txt", 2, edited, anchored=[anchored])
    assert not added and removed.id == old.id and store.count() == 0
    added, _ = store.toggle(ROOT, "a.txt", 2, edited, anchored=[])
    assert added and store.count() == 1


def test_set_note_and_list_newest_first(store: Store) -> None:
    a, _ = store.add(ROOT, "a.txt", 1, TEXTS[0])
    b, _ = store.add(ROOT, "b.txt", 1, TEXTS[1])
    c, _ = store.add("/other", "a.txt", 1, TEXTS[2])
    assert [x.id for x in store.list()] == [c.id, b.id, a.id]
    assert [x.id for x in store.list(ROOT)] == [b.id, a.id]
    edited = store.set_note(a.id, " a note ", parse_tags("one, #two,, One"))
    assert edited is not None and edited.note == "a note" and edited.tags == ("one", "two")
    assert store.set_note(9999, "x") is None


def test_long_passages_keep_a_shortened_quote(store: Store) -> None:
    text = "word " * 500
    b, _ = store.add(ROOT, "a.txt", 1, text)
    assert len(b.quote) == 1000 and b.quote.endswith("…")
    assert b.text_hash == text_hash(text)


# ---- re-anchoring ---------------------------------------------------------------------------


def bookmark_on(number: int, texts: list[str] = TEXTS) -> Bookmark:
    text = texts[number - 1]
    return Bookmark(
        id=number, root=ROOT, doc="a.txt", passage=number, quote=quote_of(text),
        text_hash=text_hash(text),
    )  # fmt: skip


def test_unchanged_document_keeps_every_bookmark() -> None:
    marks = [bookmark_on(n) for n in range(1, 6)]
    assert reanchor(marks, make_doc(TEXTS)) == marks


def test_passages_inserted_before_move_the_bookmark() -> None:
    edited = ["A new opening paragraph about something else entirely.", *TEXTS]
    (b,) = reanchor([bookmark_on(3)], make_doc(edited))
    assert (b.passage, b.orphaned) == (4, False)


def test_an_edited_passage_is_found_by_its_quote() -> None:
    edited = list(TEXTS)
    edited[1] = TEXTS[1].replace("continue in Geneva", "continued in Geneva")
    del edited[0]  # and it moved up
    (b,) = reanchor([bookmark_on(2)], make_doc(edited))
    assert (b.passage, b.orphaned) == (1, False)


def test_a_deleted_passage_is_orphaned_not_moved() -> None:
    edited = [t for i, t in enumerate(TEXTS) if i != 2]
    b3, b4 = reanchor([bookmark_on(3), bookmark_on(4)], make_doc(edited))
    assert b3.orphaned and b3.passage == 3 and b3.quote == TEXTS[2]
    assert (b4.passage, b4.orphaned) == (3, False)


def test_a_rewritten_passage_is_orphaned() -> None:
    edited = list(TEXTS)
    edited[0] = "Forces on standby were recalled, the alliance said on Tuesday evening."
    (b,) = reanchor([bookmark_on(1)], make_doc(edited))
    assert b.orphaned


def test_a_missing_document_orphans_its_bookmarks() -> None:
    assert [b.orphaned for b in reanchor([bookmark_on(1), bookmark_on(2)], None)] == [True, True]


def test_repeated_text_anchors_nearest_the_old_place() -> None:
    texts = ["Intro text here.", "Repeated passage.", "Middle.", "Other.", "Repeated passage."]
    moved = ["New first paragraph.", *texts]
    (b,) = reanchor([bookmark_on(5, texts)], make_doc(moved))
    assert b.passage == 6


def test_short_quotes_need_a_close_match() -> None:
    texts = ["Background", "Some paragraph that follows the heading in the text."]
    edited = ["Backstory", texts[1]]
    (b,) = reanchor([bookmark_on(1, texts)], make_doc(edited))
    assert b.orphaned


def test_a_bookmark_without_hash_is_anchored_by_quote() -> None:
    b = Bookmark(id=1, root=ROOT, doc="a.txt", passage=1, quote=TEXTS[3])
    (found,) = reanchor([b], make_doc(TEXTS))
    assert (found.passage, found.orphaned) == (4, False)


def test_reanchor_all_looks_each_document_up_once(tmp_path: Path) -> None:
    from tui.core.anchoring import load_document, reanchor_all

    folder = tmp_path / "corpus"
    write_doc(folder, ["A new first paragraph was written here today.", *TEXTS])
    marks = [replace(bookmark_on(n), root=str(folder), doc="notes.txt") for n in (1, 2)]
    gone = replace(bookmark_on(3), root=str(folder), doc="gone.txt")
    asked: list[tuple[str, str]] = []

    def lookup(root: str, doc: str) -> Document | None:
        asked.append((root, doc))
        return load_document(root, doc)

    out, docs = reanchor_all([marks[0], gone, marks[1]], lookup)
    assert [(b.doc, b.passage, b.orphaned) for b in out] == [
        ("notes.txt", 2, False), ("gone.txt", 3, True), ("notes.txt", 3, False),
    ]  # fmt: skip
    assert sorted(asked) == sorted(docs) and len(asked) == 2
    # Multi-root corpora prefix ids with the root's name: still found on disk.
    prefixed = load_document(str(folder), "corpus/notes.txt")
    assert prefixed is not None and prefixed.id == "corpus/notes.txt"


# ---- export and import ----------------------------------------------------------------------


def test_json_export_import_round_trip(tmp_path: Path, store: Store) -> None:
    store.add(ROOT, "a.txt", 1, TEXTS[0], note="note «one»", tags=["nato", "east"])
    store.add(ROOT, "b.txt", 4, TEXTS[3])
    exported = bookmarks_to_json(store.list())
    with Store(tmp_path / "other.sqlite") as other:
        result = other.import_bookmarks(bookmarks_from_json(exported))
        assert (result.added, result.merged) == (2, 0)

        def fields(s: Store) -> list[tuple[object, ...]]:
            return sorted(
                (
                    b.root,
                    b.doc,
                    b.passage,
                    b.quote,
                    b.text_hash,
                    b.note,
                    b.tags,
                    b.created,
                    b.updated,
                )
                for b in s.list()
            )

        assert fields(other) == fields(store)
        # Importing again merges: no duplicates.
        again = other.import_bookmarks(bookmarks_from_json(exported))
        assert (again.added, again.merged) == (0, 2) and other.count() == 2
    data = json.loads(exported)
    assert set(data["bookmarks"][0]) >= {
        "id", "root", "doc", "passage", "quote", "text_hash", "note", "tags", "created",
        "updated", "orphaned",
    }  # fmt: skip


def test_import_merges_notes_and_tags(store: Store) -> None:
    b, _ = store.add(ROOT, "a.txt", 1, TEXTS[0], tags=["mine"])
    incoming = Bookmark(
        id=77, root=ROOT, doc="a.txt", passage=1, quote=TEXTS[0], text_hash=b.text_hash,
        note="from laptop", tags=("theirs",), created="2020-01-01T00:00:00Z",
        updated="2099-01-01T00:00:00Z",
    )  # fmt: skip
    result = store.import_bookmarks([incoming])
    assert (result.added, result.merged) == (0, 1)
    (merged,) = store.list()
    assert merged.note == "from laptop" and merged.tags == ("mine", "theirs")
    assert merged.created == "2020-01-01T00:00:00Z"


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '{"nothing": 1}',
        '[{"doc": "a.txt"}]',
        '[{"root": "/", "doc": "a", "passage": "x", "quote": "q"}]',
    ],
)
def test_bad_import_files_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        bookmarks_from_json(text)


def test_markdown_export_groups_by_document(store: Store) -> None:
    store.add(ROOT, "a.txt", 2, TEXTS[1], note="Geneva matters", tags=["talks"])
    store.add(ROOT, "a.txt", 1, TEXTS[0])
    store.add(ROOT, "b.txt", 1, "Line one\nline two")
    marks = store.list()
    md = bookmarks_to_markdown(marks, {(ROOT, "a.txt"): ("NATO Gets a Second Life", "2024-02-19")})
    assert md.count("## ") - md.count("### ") == 2
    assert "## NATO Gets a Second Life" in md and "2024-02-19" in md
    assert md.index("### a.txt#1") < md.index("### a.txt#2") < md.index("## b.txt")
    assert f"> {TEXTS[1]}" in md and "**Note:** Geneva matters" in md
    assert "**Tags:** #talks" in md and "### b.txt#1" in md
    orphan = bookmarks_to_markdown([reanchor(marks[:1], None)[0]])
    assert "(orphaned)" in orphan


# ---- reading positions, state, history ------------------------------------------------------


def test_reading_positions_keep_the_furthest_percent(store: Store) -> None:
    assert store.load_position(ROOT, "a.txt") is None
    store.save_position(ROOT, "a.txt", 8, 10)
    back = store.save_position(ROOT, "a.txt", 2, 10)
    assert (back.passage, back.total, back.percent, back.finished) == (2, 10, 80.0, False)
    done = store.save_position(ROOT, "b.txt", 12, 12)
    assert done.finished
    assert set(store.positions(ROOT)) == {(ROOT, "a.txt"), (ROOT, "b.txt")}
    assert store.load_position(ROOT, "a.txt") == back


def test_state_and_last_document(store: Store) -> None:
    assert store.get_state("theme", "default") == "default"
    store.set_state("theme", "nord")
    store.set_last_document("key1", "a.txt")
    assert store.get_state("theme") == "nord" and store.last_document("key1") == "a.txt"
    store.set_state("theme", None)
    assert store.get_state("theme") is None


def test_query_history_newest_first_without_repeats(store: Store) -> None:
    for q in ["nato", "kosovo", "nato", " ", "border"]:
        store.append_query(q)
    store.append_query("x", scope="entities")
    assert store.query_history() == ["border", "nato", "kosovo"]
    assert store.query_history(limit=1) == ["border"]
    assert store.query_history("entities") == ["x"]


# ---- safety ---------------------------------------------------------------------------------


def test_corrupt_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "dossier.sqlite"
    path.write_bytes(b"this is not a database, just some text\n" * 200)
    with Store(path) as s:
        assert not s.read_only and s.set_aside is not None
        assert s.set_aside.name.startswith("dossier.sqlite.corrupt-")
        assert s.set_aside.read_bytes().startswith(b"this is not a database")
        assert s.notice is not None and str(s.set_aside) in s.notice
        s.add(ROOT, "a.txt", 1, TEXTS[0])
        assert s.count() == 1


def test_damaged_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "dossier.sqlite"
    with Store(path) as s:
        for i in range(300):
            s.add(ROOT, f"{i}.txt", 1, f"text {i} " * 20)
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 4] = b"\xff" * (4096 * 2)  # scribble over b-tree pages
    path.write_bytes(bytes(data))
    with Store(path) as s:
        assert s.set_aside is not None and s.set_aside.exists()
        assert s.count() == 0 and s.notice and "moved" in s.notice


def test_another_programs_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "dossier.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places (id INTEGER, url TEXT)")
    conn.commit()
    conn.close()
    with Store(path) as s:
        assert s.set_aside is not None and "another program" in (s.notice or "")
        assert sqlite3.connect(s.set_aside).execute("SELECT count(*) FROM moz_places").fetchone()


def test_newer_schema_is_read_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "dossier.sqlite"
    with Store(path) as s:
        s.add(ROOT, "a.txt", 1, TEXTS[0])
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with Store(path) as s:
        assert s.read_only and s.set_aside is None and "newer" in (s.notice or "")
        assert s.count() == 1
    assert list(tmp_path.glob("*.corrupt-*")) == []


@contextmanager
def read_only_dir(folder: Path) -> Iterator[None]:
    """Make `folder` and its files unwritable, even for root (chattr +i)."""
    files = [folder, *folder.iterdir()]
    if os.geteuid() != 0:
        for f in files:
            f.chmod(0o555 if f.is_dir() else 0o444)
        try:
            yield
        finally:
            for f in files:
                f.chmod(0o755 if f.is_dir() else 0o644)
        return
    if subprocess.run(["chattr", "+i", *map(str, files)], capture_output=True).returncode:
        pytest.skip("cannot make a folder read-only here (chattr failed)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", *map(str, files)], check=True)


def test_read_only_data_dir_still_reads(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    with Store(folder / "dossier.sqlite") as s:
        s.add(ROOT, "a.txt", 1, TEXTS[0], note="saved before")
        s.save_position(ROOT, "a.txt", 3, 5)
    with read_only_dir(folder), Store(folder / "dossier.sqlite") as s:
        assert s.read_only and s.notice is not None and "read-only" in s.notice
        assert [b.note for b in s.list()] == ["saved before"]
        pos = s.load_position(ROOT, "a.txt")
        assert pos is not None and pos.passage == 3
        s.add(ROOT, "a.txt", 2, TEXTS[1])  # kept for the session
        assert s.count() == 2
    with Store(folder / "dossier.sqlite") as s:
        assert s.count() == 1 and not s.read_only


def test_uncreatable_data_dir_gives_an_empty_read_only_store(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with Store(blocker / "data" / "dossier.sqlite") as s:
        assert s.read_only and s.notice and "cannot create the data directory" in s.notice
        assert s.list() == []


def test_write_failure_raises_store_error(store: Store) -> None:
    store._conn.execute("PRAGMA query_only = ON")
    with pytest.raises(StoreError, match="could not save"):
        store.add(ROOT, "a.txt", 1, TEXTS[0])
    store._conn.execute("PRAGMA query_only = OFF")
    store.add(ROOT, "a.txt", 1, TEXTS[0])


# ---- the `dossier bookmarks` command --------------------------------------------------------


def dossier(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    from tui.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def json_lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def write_doc(folder: Path, paragraphs: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "notes.txt"
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def test_cli_add_list_and_export_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    doc = "002_ae5626166ea06b75.txt"
    code, out, _ = dossier(capsys, "bookmarks", "add", doc, "3", "--note", "why", "--tag", "a,b")
    assert code == 0 and out.startswith(f"bookmarked {doc}#3")
    code, out, _ = dossier(capsys, "bookmarks", "add", doc, "3")
    assert code == 0 and out.startswith("already bookmarked")
    code, out, _ = dossier(capsys, "bookmarks", "list", "--json")
    (line,) = json_lines(out)
    assert set(line) == {"doc", "passage", "quote", "note", "tags", "created", "orphaned"}
    assert (line["doc"], line["passage"], line["note"], line["tags"], line["orphaned"]) == (
        doc, 3, "why", ["a", "b"], False,
    )  # fmt: skip
    code, out, _ = dossier(capsys, "bookmarks", "export", "--format", "md")
    assert "## NATO Just Got Its Second Life Thanks to Russia" in out
    assert f"### {doc}#3" in out and "\n> While Ukraine" in out and "**Tags:** #a, #b" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["nope.txt", "1"], "no document 'nope.txt'"),
        (["002_ae5626166ea06b75.txt", "999"], "has passages 1 to"),
    ],
)
def test_cli_add_refuses_unknown_documents_and_passages(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = dossier(capsys, "bookmarks", "add", *argv)
    assert code == 2 and message in err and out == ""
    assert dossier(capsys, "bookmarks", "list")[1] == ""


def test_cli_list_reanchors_after_the_file_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "corpus"
    path = write_doc(folder, TEXTS)
    assert dossier(capsys, "bookmarks", "add", "notes.txt", "3", str(folder))[0] == 0
    assert dossier(capsys, "bookmarks", "add", "notes.txt", "5", str(folder))[0] == 0
    # A paragraph added at the top, passage 5 deleted.
    write_doc(folder, ["A new first paragraph was written here today.", *TEXTS[:4]])
    for argv in ([], [str(folder)]):
        code, out, _ = dossier(capsys, "bookmarks", "list", "--json", *argv)
        assert code == 0
        lines = {line["quote"]: line for line in json_lines(out)}
        assert (lines[TEXTS[2]]["passage"], lines[TEXTS[2]]["orphaned"]) == (4, False)
        assert (lines[TEXTS[4]]["passage"], lines[TEXTS[4]]["orphaned"]) == (5, True)
    path.unlink()  # the whole file gone: both orphaned, still listed
    out = dossier(capsys, "bookmarks", "list", "--json")[1]
    assert [line["orphaned"] for line in json_lines(out)] == [True, True]
    out = dossier(capsys, "bookmarks", "export", "--format", "md", str(folder))[1]
    assert out.count("(orphaned)") == 2


def test_cli_export_json_then_import_elsewhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    dossier(capsys, "bookmarks", "add", "000_4a9b25a20419bc64.txt", "1", "--note", "Kosovo")
    dossier(capsys, "bookmarks", "add", "001_170ba86b760580a8.txt", "2", "--tag", "t")
    target = tmp_path / "out" / "marks.json"
    target.parent.mkdir()
    code, out, err = dossier(capsys, "bookmarks", "export", "--format", "json", "-o", str(target))
    assert code == 0 and out == "" and "wrote 2 bookmarks" in err
    before = dossier(capsys, "bookmarks", "list", "--json")[1]
    monkeypatch.setenv("DOSSIER_DATA_DIR", str(tmp_path / "laptop"))
    assert dossier(capsys, "bookmarks", "list")[1] == ""
    code, out, _ = dossier(capsys, "bookmarks", "import", str(target))
    assert code == 0 and out == "imported 2 new bookmarks\n"
    code, out, _ = dossier(capsys, "bookmarks", "import", str(target))
    assert out.startswith("imported 0 new bookmarks; 2 already here")
    assert dossier(capsys, "bookmarks", "list", "--json")[1] == before
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    code, _, err = dossier(capsys, "bookmarks", "import", str(bad))
    assert code == 2 and "bad.json" in err
