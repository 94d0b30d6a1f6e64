"""The store: opening and migrations, bookmarks, reading positions, state and history.

Re-anchoring, export, recovery, threads and the CLI have their own test_store_*.py files.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.core.anchoring import reanchor
from tui.core.models import Document, Passage
from tui.core.store import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, Store, parse_tags, text_hash

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


def write_doc(folder: Path, paragraphs: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "notes.txt"
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


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


def test_only_a_new_store_switches_to_wal_unsynced(tmp_path: Path) -> None:
    """The switch to WAL of a new, empty file is not synced (four disk syncs of a first start);
    an existing store is opened with its writes synced as always (WAL + NORMAL)."""
    from tui.core.store.schema import prepare

    def statements(path: Path) -> tuple[list[str], int]:
        conn = sqlite3.connect(path, isolation_level=None)
        seen: list[str] = []
        conn.set_trace_callback(seen.append)
        prepare(conn, 1.0)
        level = conn.execute("PRAGMA synchronous").fetchone()[0]
        conn.close()
        return [s for s in seen if s.startswith("PRAGMA synchronous =")], level

    new, level = statements(tmp_path / "new.sqlite")
    assert new == ["PRAGMA synchronous = OFF", "PRAGMA synchronous = NORMAL"]
    assert level == 1  # NORMAL once switched
    again, level = statements(tmp_path / "new.sqlite")
    assert again == ["PRAGMA synchronous = NORMAL"] and level == 1


def test_opening_the_store_leaves_the_export_out(tmp_path: Path) -> None:
    """The app opens the store before a first start's list: the bookmarks' export and its
    import checks (the CLI's) come when first asked for, through the package as before."""
    from tests.conftest import fresh_python

    script = (
        "import sys; from tui.core.store import Store; Store().close(); "
        "print(sorted(m for m in sys.modules if m.startswith('tui.core.store.') "
        "and m.split('.')[-1] in ('export', 'import_check'))); "
        "from tui.core.store import bookmarks_to_json; print(bookmarks_to_json([])[:1])"
    )
    assert fresh_python(script, tmp_path / "data") == "[]\n{\n"


def test_opening_the_store_leaves_its_records_unmade(tmp_path: Path) -> None:
    """The app opens the store before a first start's list: `Bookmark`, `Position` and
    `ImportResult` (three dataclasses, ~11M instructions to make) are made when the store first
    returns one, and come through the package as before."""
    from tests.conftest import fresh_python

    script = (
        "import sys; from tui.core.store import Store; s = Store(); "
        "names = ('Bookmark', 'ImportResult', 'Position'); "
        "print([n for n in names for m in list(sys.modules.values()) "
        "if isinstance(vars(m).get(n), type)]); "
        "s.save_position('/r', 'a.txt', 1, 2); "
        "from tui.core.store import Bookmark, ImportResult, Position; "
        "print(type(s.positions()[('/r', 'a.txt')]) is Position, Bookmark.__name__, "
        "ImportResult.__name__); s.close()"
    )
    assert fresh_python(script, tmp_path / "data") == "[]\nTrue Bookmark ImportResult\n"


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
