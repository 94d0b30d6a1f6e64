"""The persistent corpus cache: a warm load equals a cold one and reads only what changed."""

from __future__ import annotations

import marshal
import os
import pickle
import sqlite3
from contextlib import closing
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

import tui.core.corpus.cache_parse as cache_parse
from tui.core.corpus import LazyDocument, load_cached, load_corpus, refresh_corpus
from tui.core.corpus.cache import PAGE_SIZE, CorpusCache, cache_path
from tui.core.models import Corpus, Document

PAST = 1_600_000_000  # files written by a test are dated well before "now" (see RACY_NS)
TEXTS = {
    "a.txt": "Budget talks resume\n\nThe minister met unions on Monday.\n\nTalks go on.\n",
    "b.md": "# Rail strike\n\nTrains *stopped* across the north.\n\n- one\n- two\n",
    "sub/c.txt": "London, 3 May 2021 - Markets rose.\n\nTraders were calm.\n",
}


def write(folder: Path, name: str, text: str, when: int = PAST) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (when, when))
    return path


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    for name, text in TEXTS.items():
        write(folder, name, text)
    return folder


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the cached loader parses, in order."""
    seen: list[str] = []
    real = cache_parse.read_file

    def counting(file: str, root: str, doc_id: str, encoded: bool = False) -> cache_parse.Result:
        seen.append(Path(file).name)
        return real(file, root, doc_id, encoded)

    monkeypatch.setattr(cache_parse, "read_file", counting)
    return seen


def warm_start(corpus_dir: Path, reads: list[str]) -> tuple[Corpus, CorpusCache]:
    """What a second start has: the cache a first load left, read from its snapshot (and no
    file read counted yet)."""
    load_corpus([corpus_dir])
    cached = load_cached([corpus_dir])
    assert cached is not None
    reads.clear()
    return cached


def as_tuple(doc: Document) -> tuple[object, ...]:
    return tuple(getattr(doc, f.name) for f in fields(Document))


def test_warm_load_equals_cold_load_and_reads_no_file(corpus_dir: Path, reads: list[str]) -> None:
    cold = load_corpus([corpus_dir])
    assert sorted(reads) == ["a.txt", "b.md", "c.txt"]
    reads.clear()
    warm = load_corpus([corpus_dir])
    assert reads == []
    assert all(isinstance(d, LazyDocument) for d in warm.documents)
    assert [as_tuple(d) for d in warm.documents] == [as_tuple(d) for d in cold.documents]
    assert [as_tuple(d) for d in warm.documents] == [
        as_tuple(d) for d in load_corpus([corpus_dir], use_cache=False).documents
    ]
    assert warm.get("b.md") is not None and warm.get("b.md").passage(2) is not None  # type: ignore[union-attr]


def test_a_changed_file_is_read_alone(corpus_dir: Path, reads: list[str]) -> None:
    load_corpus([corpus_dir])
    reads.clear()
    write(corpus_dir, "a.txt", "Budget talks collapse\n\nNo deal was reached.\n", PAST + 60)
    corpus = load_corpus([corpus_dir])
    assert reads == ["a.txt"]
    doc = corpus.get("a.txt")
    assert doc is not None and doc.title == "Budget talks collapse"
    assert [d.id for d in corpus.documents] == ["a.txt", "b.md", "sub/c.txt"]


def test_added_and_removed_files(corpus_dir: Path, reads: list[str]) -> None:
    load_corpus([corpus_dir])
    reads.clear()
    (corpus_dir / "b.md").unlink()
    write(corpus_dir, "d.txt", "Floods in the valley\n\nRoads closed.\n")
    corpus = load_corpus([corpus_dir])
    assert reads == ["d.txt"]
    assert [d.id for d in corpus.documents] == ["a.txt", "d.txt", "sub/c.txt"]
    cache = CorpusCache(cache_path(corpus.roots))
    assert sorted(Path(p).name for p in cache.files()) == ["a.txt", "c.txt", "d.txt"]
    cache.close()


def test_a_file_changed_within_the_mtime_tick_is_read_again(
    corpus_dir: Path, reads: list[str]
) -> None:
    """A file written just now is cached as stale: a same-size rewrite in the same tick shows."""
    fresh = write(corpus_dir, "a.txt", "Budget talks resume\n\nOne.\n", when=0)
    os.utime(fresh)  # now
    load_corpus([corpus_dir])
    reads.clear()
    stamp = fresh.stat().st_mtime_ns
    fresh.write_text("Budget talks differ\n\nTwo.\n", encoding="utf-8")
    os.utime(fresh, ns=(stamp, stamp))
    doc = load_corpus([corpus_dir]).get("a.txt")
    assert reads == ["a.txt"]
    assert doc is not None and doc.title == "Budget talks differ"


def test_lazy_documents_do_not_keep_their_passages(corpus_dir: Path) -> None:
    load_corpus([corpus_dir])
    doc = load_corpus([corpus_dir]).get("sub/c.txt")
    assert isinstance(doc, LazyDocument)
    assert doc.passage_count == 2  # known from the cache, before the body is read
    assert [p.text for p in doc.passages][1] == "Traders were calm."
    with pytest.raises(AttributeError):  # the slot a Document holds its passages in: unset
        Document.__dict__["passages"].__get__(doc, Document)


def test_a_corrupt_cache_is_set_aside_and_rebuilt(corpus_dir: Path, reads: list[str]) -> None:
    roots = (str(corpus_dir.resolve()),)
    path = cache_path(roots)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database, " * 200)
    corpus = load_corpus([corpus_dir])
    assert len(corpus) == 3 and len(reads) == 3
    aside = list(path.parent.glob(path.name + ".corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not")
    reads.clear()
    assert len(load_corpus([corpus_dir])) == 3 and reads == []


@pytest.mark.parametrize("pragma", ["user_version = 99", "application_id = 7"])
def test_a_foreign_cache_is_set_aside(corpus_dir: Path, reads: list[str], pragma: str) -> None:
    corpus = load_corpus([corpus_dir])
    path = cache_path(corpus.roots)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA {pragma}")
    conn.close()
    reads.clear()
    again = load_corpus([corpus_dir])
    assert len(reads) == 3 and len(again) == 3
    aside = path.parent.glob(path.name + ".corrupt-*")
    assert len([p for p in aside if not p.name.endswith(("-wal", "-shm"))]) == 1


def test_a_cache_of_another_parser_is_emptied(
    corpus_dir: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_corpus([corpus_dir])
    reads.clear()
    monkeypatch.setattr("tui.core.corpus.cache.FORMAT", "another parser")
    assert len(load_corpus([corpus_dir])) == 3
    assert len(reads) == 3


def test_a_new_cache_has_large_pages_and_an_old_one_keeps_its_own(
    corpus_dir: Path, reads: list[str]
) -> None:
    """A new cache is written in pages of PAGE_SIZE (a body on one page, fewer system calls);
    a cache written in SQLite's 4 KB pages is read as it is, not rebuilt."""
    path = cache_path((str(corpus_dir.resolve()),))

    def page_size() -> int:
        with closing(sqlite3.connect(path)) as conn:
            return int(conn.execute("PRAGMA page_size").fetchone()[0])

    load_corpus([corpus_dir])
    assert page_size() == PAGE_SIZE > 4096
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        name.unlink(missing_ok=True)
    with closing(sqlite3.connect(path)) as conn:  # a cache from before: 4 KB pages
        conn.execute("PRAGMA page_size = 4096")
        conn.execute("PRAGMA journal_mode = WAL")
    load_corpus([corpus_dir])
    reads.clear()
    assert len(load_corpus([corpus_dir])) == 3 and reads == []
    assert page_size() == 4096


def test_a_cold_load_keeps_bodies_in_the_cache_not_in_memory(corpus_dir: Path) -> None:
    corpus = load_corpus([corpus_dir])
    assert all(isinstance(d, LazyDocument) for d in corpus.documents)
    cold = {d.id: as_tuple(d) for d in load_corpus([corpus_dir], use_cache=False).documents}
    assert {d.id: as_tuple(d) for d in corpus.documents} == cold


def test_an_unwritable_data_dir_still_loads(corpus_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the data directory should be")
    corpus = load_corpus([corpus_dir], cache_dir=blocker)
    assert len(corpus) == 3
    assert not any(isinstance(d, LazyDocument) for d in corpus.documents)


def test_a_body_missing_from_the_cache_is_read_from_the_file(corpus_dir: Path) -> None:
    load_corpus([corpus_dir])
    corpus = load_corpus([corpus_dir])
    conn = sqlite3.connect(cache_path(corpus.roots))
    conn.execute("DELETE FROM bodies")  # as when another process rebuilt the cache meanwhile
    conn.commit()
    conn.close()
    doc = corpus.get("b.md")
    assert isinstance(doc, LazyDocument)
    assert [p.text for p in doc.passages][:2] == ["Rail strike", "Trains stopped across the north."]


def test_a_warm_start_reads_the_snapshot_without_a_stat(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = load_corpus([corpus_dir])
    inside = str(corpus_dir.resolve()) + os.sep
    stats: list[str] = []
    real = os.stat

    def counting(path: object, *args: object, **kwargs: object) -> os.stat_result:
        stats.append(str(path))
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", counting)
    cached = load_cached([corpus_dir])
    assert cached is not None
    corpus, _ = cached
    assert not [p for p in stats if p.startswith(inside)]
    assert [as_tuple(d) for d in corpus.documents] == [as_tuple(d) for d in cold.documents]


def test_no_snapshot_before_a_first_load_nor_after_a_write(corpus_dir: Path) -> None:
    assert load_cached([corpus_dir]) is None
    corpus = load_corpus([corpus_dir])
    cache = CorpusCache(cache_path(corpus.roots))
    assert cache.has_snapshot()
    cache.conn.execute("BEGIN IMMEDIATE")
    cache.forget([str(corpus_dir / "a.txt")])  # as another process would, mid-way
    cache.conn.execute("COMMIT")
    assert not cache.has_snapshot()
    cache.close()
    assert load_cached([corpus_dir]) is None


def test_a_refresh_says_what_was_added_removed_and_changed(
    corpus_dir: Path, reads: list[str]
) -> None:
    current, cache = warm_start(corpus_dir, reads)
    write(corpus_dir, "a.txt", "Budget talks collapse\n\nNo deal.\n", PAST + 60)
    (corpus_dir / "b.md").unlink()
    write(corpus_dir, "d.txt", "Floods in the valley\n\nRoads closed.\n")
    refresh = refresh_corpus([corpus_dir], current, cache)
    assert sorted(reads) == ["a.txt", "d.txt"]
    assert (refresh.added, refresh.removed, refresh.changed) == (["d.txt"], ["b.md"], ["a.txt"])
    assert [d.id for d in refresh.documents] == ["a.txt", "d.txt", "sub/c.txt"]
    assert refresh.documents[2] is current.get("sub/c.txt")  # unchanged: the same object
    assert current.get("b.md") is not None  # the corpus given is left as it was
    again = load_cached([corpus_dir])  # the snapshot written for the next start
    assert again is not None
    assert [d.title for d in again[0].documents][:2] == [
        "Budget talks collapse",
        "Floods in the valley",
    ]
    nothing = refresh_corpus([corpus_dir], again[0], again[1])
    assert not nothing.any


def test_a_touched_file_is_not_parsed_again(corpus_dir: Path, reads: list[str]) -> None:
    load_corpus([corpus_dir])
    reads.clear()
    touched = corpus_dir / "b.md"
    os.utime(touched, (PAST + 600, PAST + 600))  # the mtime moves, the content does not
    corpus = load_corpus([corpus_dir])
    assert reads == []
    doc = corpus.get("b.md")
    assert doc is not None and doc.mtime == touched.stat().st_mtime  # the index compares it
    assert load_corpus([corpus_dir]).get("b.md").mtime == touched.stat().st_mtime  # type: ignore[union-attr]
    assert reads == []
    write(corpus_dir, "b.md", TEXTS["b.md"].replace("north", "south"), PAST + 900)  # same size
    assert load_corpus([corpus_dir]).get("b.md").passage(2).text.endswith("south.")  # type: ignore[union-attr]
    assert reads == ["b.md"]


def test_a_snapshot_of_another_version_is_replaced(corpus_dir: Path) -> None:
    corpus = load_corpus([corpus_dir])
    conn = sqlite3.connect(cache_path(corpus.roots))
    conn.execute("UPDATE snapshot SET blob = ?", (marshal.dumps(("another version", (), [])),))
    conn.commit()
    conn.close()
    assert load_cached([corpus_dir]) is None
    load_corpus([corpus_dir])
    again = load_cached([corpus_dir])
    assert again is not None and len(again[0]) == 3


def test_a_lazy_document_pickles_as_a_plain_one(corpus_dir: Path) -> None:
    """Entity extraction sends documents to worker processes."""
    load_corpus([corpus_dir])
    doc = load_corpus([corpus_dir]).get("b.md")
    assert isinstance(doc, LazyDocument)
    copy = pickle.loads(pickle.dumps(doc))
    assert type(copy) is Document and as_tuple(copy) == as_tuple(doc)


def test_a_lazy_document_is_sent_as_its_cached_body_not_as_passages(corpus_dir: Path) -> None:
    """The sender (a thread of the UI's process, for the entity pool) reads the body's bytes
    and pickles them: no Passage is made or pickled on its side (~60 us a document)."""
    load_corpus([corpus_dir])
    doc = load_corpus([corpus_dir]).get("b.md")
    assert isinstance(doc, LazyDocument)
    data = pickle.dumps(doc)
    assert b"Passage" not in data and b"PassageKind" not in data
    assert not doc._cache._bodies  # nothing read into passages, nothing kept
    copy = pickle.loads(data)
    assert type(copy) is Document and as_tuple(copy) == as_tuple(doc)


def test_a_lazy_document_whose_body_is_gone_is_sent_read_from_its_file(corpus_dir: Path) -> None:
    load_corpus([corpus_dir])
    doc = load_corpus([corpus_dir]).get("b.md")
    assert isinstance(doc, LazyDocument)
    expected = as_tuple(doc)
    with sqlite3.connect(doc._cache.path) as conn:
        conn.execute("DELETE FROM bodies")
    doc._cache._bodies.clear()
    copy = pickle.loads(pickle.dumps(doc))
    assert type(copy) is Document and as_tuple(copy) == expected


def test_a_body_of_another_format_on_the_wire_is_read_from_the_file(corpus_dir: Path) -> None:
    from tui.core.corpus.cache_rows import _from_wire

    load_corpus([corpus_dir])
    doc = load_corpus([corpus_dir]).get("b.md")
    assert isinstance(doc, LazyDocument)
    meta = [getattr(doc, f.name) for f in fields(Document) if f.name != "passages"]
    copy = _from_wire(meta, b"not marshal")
    assert type(copy) is Document and as_tuple(copy) == as_tuple(doc)


def test_a_warm_load_imports_no_parser(tmp_path: Path) -> None:
    """A start from the cache parses nothing: markdown-it, the block parsers and the process
    pool are not imported (they were ~50–100 ms of every command's start-up)."""
    from tests.conftest import fresh_python

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text("# Title\n\nSome *text* here.\n", encoding="utf-8")
    (corpus / "b.txt").write_text("Plain text.\n\nMore of it.\n", encoding="utf-8")
    script = (
        "import sys; from tui.core.corpus import load_corpus; "
        f"c = load_corpus([{str(corpus)!r}]); "
        "print(len(c), sorted(m for m in sys.modules if m.startswith(("
        "'markdown_it', 'tui.core.corpus.markdown_format', 'tui.core.corpus.text_format', "
        "'tui.core.corpus.lead', 'concurrent.futures.process', 'multiprocessing'))))"
    )

    def run() -> str:
        return fresh_python(script, tmp_path / "data").strip()

    assert run().startswith("2 ['markdown_it")  # cold: both files parsed
    assert run() == "2 []"  # warm: read from the cache


def test_a_first_load_of_text_files_imports_only_their_parsers(tmp_path: Path) -> None:
    """A folder of text files (the seeds) parsed on a first start leaves out the record parser,
    the HTML entity table and `importlib.resources` (the abbreviations are read beside their
    module): ~33M instructions, ~7 ms of the first start's list."""
    from tests.conftest import SEEDS, fresh_python

    script = (
        "import sys; from tui.core.corpus import load_corpus, lead; "
        f"c = load_corpus([{str(SEEDS)!r}]); "
        "print(len(c), lead.abbreviations.cache_info().currsize, sorted(m for m in sys.modules "
        "if m in ('tui.core.corpus.records', 'html', 'html.entities', 'importlib.resources')))"
    )
    # Five documents parsed, the abbreviations read.
    assert fresh_python(script, tmp_path / "data") == "5 1 []\n"


def test_showing_the_cached_list_imports_only_the_cache(tmp_path: Path) -> None:
    """What the app shows first (`load_cached`) needs the cache's modules only: the file
    readers, record and block parsers (~70 ms of imports beside the UI) come with a refresh."""
    from tests.conftest import fresh_python

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text("# Title\n\nSome *text* here.\n", encoding="utf-8")
    load_corpus([corpus])
    script = (
        "import sys; from tui.core.corpus import load_cached; "
        f"c = load_cached([{str(corpus)!r}]); "
        "print(len(c[0]), sorted(m for m in sys.modules if m.startswith('tui.core.corpus.')))"
    )
    assert fresh_python(script, tmp_path / "data").split(" ", 1) == [
        "1",
        "['tui.core.corpus.cache', 'tui.core.corpus.cache_load', 'tui.core.corpus.cache_rows']\n",
    ]


def test_the_snapshot_holds_the_lists_title_order(corpus_dir: Path) -> None:
    """A warm start shows the list without sorting: the stored order is a fresh sort's."""
    from tui.core.listing import list_order, sort_documents

    write(corpus_dir, "sub/0.txt", "“Aardvarks” escape\n\nThe zoo is shut.\n")
    write(corpus_dir, "z.txt", "zebra crossing\n\nA new one.\n")
    load_corpus([corpus_dir])
    cached = load_cached([corpus_dir])
    assert cached is not None
    corpus, _ = cached
    stored = corpus.orders["title"]
    fresh = list_order(corpus.documents, "title")
    assert list(stored.positions) == list(fresh.positions)
    assert stored.folders == fresh.folders == [("", 3), ("sub", 2)]
    in_order = [corpus.documents[i].id for i in stored.positions]
    # folder by folder, each by title, as the list shows them
    top = sort_documents([d for d in corpus.documents if "/" not in d.id], "title")
    assert in_order == [d.id for d in top] + ["sub/0.txt", "sub/c.txt"]


def test_numbers_and_times_come_back_from_the_snapshot_exactly(corpus_dir: Path) -> None:
    os.utime(corpus_dir / "a.txt", ns=(PAST * 10**9 + 123_456_789, PAST * 10**9 + 123_456_789))
    cold = load_corpus([corpus_dir], use_cache=False)
    load_corpus([corpus_dir])
    cached = load_cached([corpus_dir])
    assert cached is not None
    warm = cached[0]
    for doc in cold.documents:
        again = warm.get(doc.id)
        assert again is not None
        assert (again.size, again.mtime, again.words, again.passage_count) == (
            doc.size,
            doc.mtime,
            doc.words,
            doc.passage_count,
        )


def test_a_refresh_after_a_snapshot_of_unchanged_files_scans_nothing_again(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    """The usual warm start: the files are compared with the snapshot's table, once."""
    import tui.core.corpus.files as files

    current, cache = warm_start(corpus_dir, reads)

    scans: list[object] = []
    real = files.scan_files

    def counting(*args: object, **kwargs: object) -> object:
        scans.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "scan_files", counting)
    refresh = refresh_corpus([corpus_dir], current, cache)
    assert not refresh.any and reads == [] and scans == []
    assert refresh.documents is current.documents
    write(corpus_dir, "a.txt", "Budget talks collapse\n\nNo deal.\n", PAST + 60)
    again = load_cached([corpus_dir])
    assert again is not None
    refresh = refresh_corpus([corpus_dir], *again)
    assert refresh.changed == ["a.txt"] and reads == ["a.txt"] and len(scans) == 1


def test_a_pool_started_from_a_thread_takes_its_workers_from_the_forkserver(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app loads in a thread, where fork is unsafe: spawn paid an interpreter's start a
    worker; the forkserver is one clean process, started once (and the entity pool's too)."""
    import concurrent.futures
    import threading

    methods: list[str] = []

    class NoPool:
        def __init__(self, max_workers: int, mp_context: Any) -> None:
            methods.append(mp_context.get_start_method())
            raise OSError("no pool in this test")  # the files are then read here

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", NoPool)
    monkeypatch.setattr(cache_parse, "POOL_MIN_FILES", 1)
    monkeypatch.setenv("DOSSIER_PARSE_WORKERS", "2")
    jobs = [(str(f), str(corpus_dir), f.name) for f in sorted(corpus_dir.iterdir())]
    results: list[object] = []
    loader = threading.Thread(target=lambda: results.extend(cache_parse.parse_files(jobs)))
    loader.start()
    loader.join()
    assert methods == ["forkserver"] and len(results) == len(jobs)


def test_a_file_with_a_bad_record_read_again_is_not_said_changed(
    corpus_dir: Path, reads: list[str]
) -> None:
    """A file with bad records is not cached (its bad records are said again on every start),
    so it is read again: unchanged on disk, its documents are not "changed" (the reader said
    "The open document changed on disk" on every start, and everything built from them was
    built again)."""
    lines = [
        '{"title": "First story", "text": "Alpha."}',
        "{bad",
        '{"title": "Third", "text": "C."}',
    ]
    write(corpus_dir, "feed.jsonl", "\n".join(lines) + "\n")
    current, cache = warm_start(corpus_dir, reads)
    refresh = refresh_corpus([corpus_dir], current, cache)
    assert reads == ["feed.jsonl"]  # read again, as designed
    assert [s.path for s in refresh.skipped] and "feed.jsonl" in refresh.skipped[0].path
    assert (refresh.added, refresh.removed, refresh.changed) == ([], [], [])
    # Changed on disk, it is.
    write(corpus_dir, "feed.jsonl", "\n".join(lines[:2]) + "\n", PAST + 60)
    current = refresh.corpus(current.roots)
    again = refresh_corpus([corpus_dir], current, None)
    assert again.removed == ["feed.jsonl#3"] and again.changed == ["feed.jsonl#1"]


def test_folders_passed_over_are_said_with_their_reason(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unreadable folder and a symbolic link to a folder are not gone into: said in the
    skipped files (their documents were missing with no reason), in the load and the preview."""
    from tui.core.corpus.files import LINKED_FOLDER
    from tui.core.corpus.preview import preview_corpus

    write(corpus_dir, "locked/in.txt", "In a locked folder\n\nText.\n")
    elsewhere = tmp_path / "elsewhere"
    write(elsewhere, "l.txt", "Linked in\n\nText.\n")
    (corpus_dir / "linked").symlink_to(elsewhere, target_is_directory=True)
    locked = str(corpus_dir / "locked")
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:  # as for a folder of mode 000 (the tests may run as root)
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    want = [
        (locked, "folder not readable (Permission denied): its files are left out"),
        (str(corpus_dir / "linked"), LINKED_FOLDER),
    ]
    corpus = load_corpus([corpus_dir])
    assert sorted((s.path, s.reason) for s in corpus.skipped) == sorted(want)
    assert "locked/in.txt" not in corpus.by_id and "linked/l.txt" not in corpus.by_id
    preview = preview_corpus([corpus_dir])
    assert preview is not None
    assert sorted((s.path, s.reason) for s in preview.skipped) == sorted(want)
    cached = load_cached([corpus_dir])  # the next start's snapshot says them too
    assert cached is not None
    assert sorted((s.path, s.reason) for s in cached[0].skipped) == sorted(want)
