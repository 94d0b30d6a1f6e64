"""The related-documents cache: the same answers as the index built in memory, a changed file
updating its relations, the warm path building no entity index, a corrupt file set aside."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.core import related_cache
from tui.core.corpus import load_corpus
from tui.core.entities import EntityIndex
from tui.core.models import Corpus
from tui.core.related import RelatedIndex
from tui.core.related_cache import CachedRelated, cache_path

STORY = " ".join(
    f"On day {i} the ministers of Portugal met in Lisbon about fishing quota number {i}."
    for i in range(30)
)
OTHER = " ".join(
    f"The orchestra in Vienna rehearsed symphony {i} under conductor Anna Berg for weeks."
    for i in range(30)
)


@pytest.fixture
def folder(tmp_path: Path, seeds: Path) -> Path:
    """The seeds and four small stories of two topics, in a folder the test may change."""
    out = tmp_path / "corpus"
    shutil.copytree(seeds, out)
    (out / "fish-a.txt").write_text("Fishing talks\n\n" + STORY, "utf-8")
    (out / "fish-b.txt").write_text(
        "Fish again\n\nPortugal and Lisbon on fishing, briefly.", "utf-8"
    )
    (out / "music-a.txt").write_text("Vienna music\n\n" + OTHER, "utf-8")
    (out / "music-b.txt").write_text("Berg\n\nAnna Berg conducts in Vienna, a symphony.", "utf-8")
    return out


class Built:
    """An entities factory counting its calls."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus, self.calls = corpus, 0

    def __call__(self) -> EntityIndex:
        self.calls += 1
        return EntityIndex.build(self.corpus)


def open_cached(folder: Path, state: str = "s1") -> tuple[CachedRelated, Built, Corpus]:
    corpus = load_corpus([folder])
    built = Built(corpus)
    index = CachedRelated.open(corpus, built, lambda: state, cache_path(corpus.roots))
    return index, built, corpus


def answers(index: RelatedIndex, corpus: Corpus) -> dict[str, list[object]]:
    return {d.id: index.related(d.id) for d in corpus.documents}


def touch(path: Path, text: str) -> None:
    path.write_text(text, "utf-8")
    st = path.stat()  # a new mtime even within the file system's tick
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))


def test_cached_answers_equal_the_index_built_in_memory(folder: Path) -> None:
    cold, built, corpus = open_cached(folder)
    memory = RelatedIndex.build(corpus, EntityIndex.build(corpus))
    assert built.calls == 1
    assert answers(cold, corpus) == answers(memory, corpus)
    cold.close()
    warm, built, corpus = open_cached(folder)
    assert answers(warm, corpus) == answers(memory, corpus)
    assert "fish-a.txt" in warm and "nope.txt" not in warm
    with pytest.raises(KeyError):
        warm.related("nope.txt")
    warm.close()


def test_a_large_rebuild_computes_the_features_in_worker_processes(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Most of a rebuild's time, independent a document: in a pool from `PARALLEL_FROM`
    documents (here 1), with the same answers as the index built in memory; an update's
    changed documents the same way."""
    from tui.core import related_pack

    pools: list[int] = []

    def counted(*args: object, **kwargs: object) -> object:
        pools.append(len(args[1]))  # type: ignore[arg-type]
        return map_chunks(*args, **kwargs)

    map_chunks = related_pack.map_chunks
    monkeypatch.setattr(related_pack, "PARALLEL_FROM", 1)
    monkeypatch.setattr(related_pack, "default_workers", lambda: 2)  # on a one-core machine too
    monkeypatch.setattr(related_pack, "map_chunks", counted)
    index, _, corpus = open_cached(folder)
    assert pools == [len(corpus.documents)]
    memory = RelatedIndex.build(corpus, EntityIndex.build(corpus))
    assert answers(index, corpus) == answers(memory, corpus)
    index.close()
    # An update's changed documents too.
    monkeypatch.setattr(related_cache, "REBUILD_SHARE", 1.0)
    touch(folder / "music-b.txt", "Fishing news\n\n" + STORY.replace("day 3 ", "day three "))
    index, _, corpus = open_cached(folder)
    assert pools == [len(corpus.documents), 1]
    top = index.related("fish-a.txt")[0]
    assert top.doc == "music-b.txt" and top.near_duplicate
    index.close()


def test_a_rebuild_counts_its_rows_in_its_progress_and_stops_while_writing_them(
    folder: Path,
) -> None:
    """The features are the first half of a rebuild's progress, the rows written the second
    (at 100k documents the longer one); cancelled between the two, nothing is written."""
    corpus = load_corpus([folder])
    n = len(corpus.documents)
    calls: list[tuple[int, int]] = []
    path = cache_path(corpus.roots)
    index = CachedRelated.open(
        corpus, Built(corpus), lambda: "s1", path, progress=lambda d, t: calls.append((d, t))
    )
    assert (n, 2 * n) in calls and calls[-1] == (2 * n, 2 * n)
    assert all(d < t for d, t in calls[:-1])
    index.close()
    for file in path.parent.glob(path.name + "*"):
        file.unlink()
    calls.clear()
    index = CachedRelated.open(
        corpus,
        Built(corpus),
        lambda: "s1",
        path,
        progress=lambda d, t: calls.append((d, t)),
        cancelled=lambda: (n, 2 * n) in calls,
    )
    assert calls[-1] == (n, 2 * n)
    assert index.conn.execute("SELECT count(*) FROM docs").fetchone() == (0,)
    index.close()


def test_warm_open_builds_no_entity_index(folder: Path) -> None:
    open_cached(folder)[0].close()
    index, built, _ = open_cached(folder)
    assert built.calls == 0
    assert index.related("fish-a.txt")[0].doc == "fish-b.txt"
    index.close()


def test_a_changed_file_updates_its_relations_alone(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_cached(folder)[0].close()
    monkeypatch.setattr(related_cache, "REBUILD_SHARE", 1.0)  # the update, not a rebuild
    touch(folder / "music-b.txt", "Fishing news\n\n" + STORY.replace("day 3 ", "day three "))
    index, built, corpus = open_cached(folder)
    assert built.calls == 1
    top = index.related("fish-a.txt")[0]
    assert top.doc == "music-b.txt" and top.near_duplicate
    assert "Lisbon" in top.shared_entities
    assert "music-b.txt" not in {r.doc for r in index.related("music-a.txt")[:1]}
    # Only the changed document's rows were written again: the others keep their sequence.
    seqs = dict(index.conn.execute("SELECT id, seq FROM docs").fetchall())
    assert seqs["fish-a.txt"] < seqs["music-b.txt"] and len(seqs) == len(corpus.documents)
    assert index.conn.execute("SELECT value FROM info WHERE key = 'dirty'").fetchone()[0] == "1"
    index.close()


def test_a_removed_file_leaves_the_relations(folder: Path) -> None:
    open_cached(folder)[0].close()
    (folder / "fish-b.txt").unlink()
    index, _, corpus = open_cached(folder)
    assert "fish-b.txt" not in index
    assert "fish-b.txt" not in {r.doc for d in corpus.documents for r in index.related(d.id)}
    index.close()


def _hiding(corpus: Corpus, name: str) -> EntityIndex:
    """The corpus's entity index with the user's edit hiding the entity `name`."""
    index = EntityIndex.build(corpus)
    ent = index.resolve(name)
    assert ent is not None and index.hide(ent.key)
    return index


def test_another_entity_state_rewrites_the_entity_rows(folder: Path) -> None:
    open_cached(folder)[0].close()
    corpus = load_corpus([folder])

    def hidden() -> EntityIndex:
        return _hiding(corpus, "Lisbon")

    index = CachedRelated.open(corpus, hidden, lambda: "s2", cache_path(corpus.roots))
    top = index.related("fish-a.txt")[0]
    assert top.doc == "fish-b.txt" and "Lisbon" not in top.shared_entities
    assert "Portugal" in top.shared_entities
    index.close()


def test_entities_given_after_a_warm_open_serve_cross_references(folder: Path) -> None:
    open_cached(folder)[0].close()
    index, built, corpus = open_cached(folder)
    assert built.calls == 0 and not index.has_entities
    entities = EntityIndex.build(corpus)
    index.use_entities(entities, lambda: "s1")
    assert index.has_entities
    assert index.passage_refs("fish-a.txt", 2) == RelatedIndex.build(corpus, entities).passage_refs(
        "fish-a.txt", 2
    )
    index.close()


def test_entities_given_under_another_state_rewrite_the_entity_rows(folder: Path) -> None:
    """Building the entity index after the warm open changed what it follows from (its
    cache rewritten, an edit saved): the cache follows the index given."""
    open_cached(folder)[0].close()
    index, built, corpus = open_cached(folder)
    entities = EntityIndex.build(corpus)
    ent = entities.resolve("Lisbon")
    assert ent is not None and entities.hide(ent.key)
    index.use_entities(entities, lambda: "s2")
    assert built.calls == 0
    top = index.related("fish-a.txt")[0]
    assert top.doc == "fish-b.txt" and "Lisbon" not in top.shared_entities
    index.close()


def postings_follow_the_vectors(index: CachedRelated) -> bool:
    """Every document's term and entity weights are its postings, and no others are left."""
    vecs = [index._vec(d) for (d,) in index.conn.execute("SELECT id FROM docs").fetchall()]
    terms = index.conn.execute("SELECT count(*) FROM term_post").fetchone()[0]
    ents = index.conn.execute("SELECT count(*) FROM ent_post").fetchone()[0]
    return terms == sum(len(v.terms) for v in vecs) and ents == sum(len(v.ents) for v in vecs)


def test_changes_leave_no_stale_postings(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_cached(folder)[0].close()
    monkeypatch.setattr(related_cache, "REBUILD_SHARE", 1.0)  # updates, not rebuilds
    touch(folder / "music-b.txt", "Fishing news\n\n" + STORY.replace("day 3 ", "day three "))
    (folder / "fish-b.txt").unlink()
    index, built, corpus = open_cached(folder)
    assert built.calls == 1 and postings_follow_the_vectors(index)
    index.close()

    def hidden() -> EntityIndex:
        return _hiding(corpus, "Vienna")

    index = CachedRelated.open(corpus, hidden, lambda: "s2", cache_path(corpus.roots))
    assert postings_follow_the_vectors(index)
    assert index.related("music-a.txt") == RelatedIndex.build(corpus, hidden()).related(
        "music-a.txt"
    )
    index.close()


def test_a_cache_of_another_version_is_made_again_not_kept(folder: Path) -> None:
    """An older schema of this cache (hundreds of MB at 100k documents) is replaced, not
    moved aside as a foreign file would be."""
    corpus = load_corpus([folder])
    path = cache_path(corpus.roots)
    path.parent.mkdir(parents=True)
    old = sqlite3.connect(path)
    old.execute(f"PRAGMA application_id = {related_cache.APPLICATION_ID}")
    old.execute(f"PRAGMA user_version = {related_cache.SCHEMA_VERSION - 1}")
    old.execute("CREATE TABLE docs (seq INTEGER PRIMARY KEY, id TEXT, terms TEXT)")
    old.commit()
    old.close()
    index, built, _ = open_cached(folder)
    assert built.calls == 1 and index.set_aside is None
    assert not [p for p in path.parent.iterdir() if ".corrupt" in p.name]
    assert index.related("fish-a.txt")[0].doc == "fish-b.txt"
    index.close()


def test_a_corrupt_cache_is_set_aside_not_overwritten(folder: Path) -> None:
    corpus = load_corpus([folder])
    path = cache_path(corpus.roots)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database at all, " * 100)
    index = CachedRelated.open(corpus, Built(corpus), lambda: "s1", path)
    assert index.set_aside is not None and index.set_aside.read_bytes().startswith(b"not a")
    assert index.related("fish-a.txt")[0].doc == "fish-b.txt"
    index.close()


def test_another_programs_database_is_set_aside(folder: Path) -> None:
    corpus = load_corpus([folder])
    path = cache_path(corpus.roots)
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE mine (x)")
    conn.close()
    index = CachedRelated.open(corpus, Built(corpus), lambda: "s1", path)
    assert index.set_aside is not None
    with sqlite3.connect(index.set_aside) as conn:
        assert conn.execute("SELECT name FROM sqlite_master").fetchone() == ("mine",)
    conn.close()
    index.close()


def test_a_cancelled_build_keeps_the_cache_as_it_was(folder: Path) -> None:
    corpus = load_corpus([folder])
    stop: Callable[[], bool] = lambda: True  # noqa: E731
    index = CachedRelated.open(
        corpus, Built(corpus), lambda: "s1", cache_path(corpus.roots), cancelled=stop
    )
    assert index.conn.execute("SELECT count(*) FROM docs").fetchone() == (0,)
    index.close()
    again, built, _ = open_cached(folder)
    assert built.calls == 1 and again.related("fish-a.txt")[0].doc == "fish-b.txt"
    again.close()


def test_the_command_answers_in_memory_when_the_cache_cannot_be_written(
    folder: Path, isolated_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui import cli

    assert cli.main(["related", "fish-a", str(folder), "--json"]) == 0
    cached = capsys.readouterr().out
    shutil.rmtree(isolated_data_dir / "related")
    (isolated_data_dir / "related").write_text("not a folder", "utf-8")
    assert cli.main(["related", "fish-a", str(folder), "--json"]) == 0
    assert capsys.readouterr().out == cached and '"doc": "fish-b.txt"' in cached


def cross_references(index: RelatedIndex, corpus: Corpus) -> dict[tuple[str, int], list[object]]:
    return {
        (d.id, p.number): list(index.passage_refs(d.id, p.number))
        for d in corpus.documents
        for p in d.passages
    }


def test_the_kept_passage_index_gives_the_cross_references_built_afresh(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core import related

    builds: list[int] = []
    real = related._PassageIndex.__init__

    def counted(self: related._PassageIndex, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        builds.append(1)
        real(self, *args, **kwargs)

    monkeypatch.setattr(related._PassageIndex, "__init__", counted)
    corpus = load_corpus([folder])
    entities = EntityIndex.build(corpus)
    afresh = cross_references(RelatedIndex.build(corpus, entities), corpus)
    first = CachedRelated.open(corpus, entities, lambda: "s1", cache_path(corpus.roots))
    assert cross_references(first, corpus) == afresh
    first.close()
    assert len(builds) == 2  # in memory, then the cached index's (kept on disk)

    again = CachedRelated.open(corpus, entities, lambda: "s1", cache_path(corpus.roots))
    assert cross_references(again, corpus) == afresh
    again.close()
    assert len(builds) == 2  # read back, not built

    # Another entity state that leaves every document's entities as they were: read back.
    other = CachedRelated.open(corpus, entities, lambda: "s2", cache_path(corpus.roots))
    assert cross_references(other, corpus) == afresh
    other.close()
    assert len(builds) == 2


def test_a_changed_file_updates_the_kept_passage_index_alone(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core import related

    corpus = load_corpus([folder])
    first = CachedRelated.open(
        corpus, EntityIndex.build(corpus), lambda: "s1", cache_path(corpus.roots)
    )
    first.prepare_passages()
    first.close()
    touch(folder / "music-b.txt", "Fishing news\n\n" + STORY.replace("day 3 ", "day three "))
    corpus = load_corpus([folder])
    entities = EntityIndex.build(corpus)
    cut: list[str] = []
    real = related.passage_terms

    def counted(text: str) -> set[str]:
        cut.append(text)
        return real(text)

    monkeypatch.setattr(related, "passage_terms", counted)
    monkeypatch.setattr(related._PassageIndex, "__init__", None)  # never built afresh
    index = CachedRelated.open(corpus, entities, lambda: "s1", cache_path(corpus.roots))
    index.prepare_passages()
    music_b = corpus.get("music-b.txt")
    assert music_b is not None
    assert cut == [p.text for p in music_b.passages if not p.is_heading]  # it alone was read
    fish = corpus.get("fish-a.txt")
    assert fish is not None
    number = next(p.number for p in fish.passages if not p.is_heading)
    assert "music-b.txt" in {r.doc for r in index.passage_refs("fish-a.txt", number)}
    # Its old text (Anna Berg in Vienna) is gone: nothing refers to it any more.
    music_a = corpus.get("music-a.txt")
    assert music_a is not None
    for p in music_a.passages:
        assert all(r.doc != "music-b.txt" for r in index.passage_refs("music-a.txt", p.number))
    index.close()
    # Kept updated: read back as it is.
    cut.clear()
    again = CachedRelated.open(corpus, entities, lambda: "s1", cache_path(corpus.roots))
    again.prepare_passages()
    assert cut == []
    assert again.passage_refs("fish-a.txt", number) == index.passage_refs("fish-a.txt", number)
    again.close()


def test_the_passage_index_held_for_x_stays_in_its_file(folder: Path) -> None:
    """Its postings, terms and entity keys are read where they lie in the kept file (mapped),
    not copied into the process: built, read back, or updated by a changed file."""
    import mmap

    def mapped(index: CachedRelated) -> bool:
        held = index._passages
        assert held is not None
        arrays = all(
            isinstance(v := getattr(held, name), memoryview) and isinstance(v.obj, mmap.mmap)
            for name in ("term_flat", "ent_flat", "p_doc", "norms")
        )
        # Terms and entity keys are found in the file too, not in dicts of strings.
        return arrays and not isinstance(held.term_ids, dict) and not isinstance(held.ent_idf, dict)

    corpus = load_corpus([folder])
    entities = EntityIndex.build(corpus)
    afresh = cross_references(RelatedIndex.build(corpus, entities), corpus)
    for _ in range(2):  # built, then read back
        index = CachedRelated.open(corpus, entities, lambda: "s1", cache_path(corpus.roots))
        assert cross_references(index, corpus) == afresh and mapped(index)
        index.close()
    touch(folder / "fish-b.txt", "Fish again\n\nVienna and its orchestra, briefly.")
    corpus = load_corpus([folder])
    entities = EntityIndex.build(corpus)
    index = CachedRelated.open(corpus, entities, lambda: "s1", cache_path(corpus.roots))
    index.prepare_passages()
    assert mapped(index)
    index.close()


def test_a_damaged_passage_file_is_built_over(folder: Path) -> None:
    corpus = load_corpus([folder])
    entities = EntityIndex.build(corpus)
    first = CachedRelated.open(corpus, entities, lambda: "s1", cache_path(corpus.roots))
    afresh = cross_references(first, corpus)
    first.close()
    kept = first._passages_file()
    for damage in (b"", b"\x00junk", kept.read_bytes()[:-20]):
        kept.write_bytes(damage)
        index = CachedRelated.open(corpus, entities, lambda: "s1", cache_path(corpus.roots))
        assert cross_references(index, corpus) == afresh
        index.close()


def test_keep_passages_makes_the_first_x_a_read(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core import related

    corpus = load_corpus([folder])
    entities = EntityIndex.build(corpus)
    opened = CachedRelated.open(corpus, entities, lambda: "s1", cache_path(corpus.roots))
    opened.keep_passages()  # what the app's worker does once the index is in use
    assert not opened.passages_ready  # kept on disk, not held
    opened.close()
    afresh = cross_references(RelatedIndex.build(corpus, entities), corpus)
    monkeypatch.setattr(related._PassageIndex, "__init__", None)  # never built again
    reads: list[int] = []
    real = related._PassageIndex.from_stored

    def counted(*args):  # type: ignore[no-untyped-def]
        reads.append(1)
        return real(*args)

    monkeypatch.setattr(related._PassageIndex, "from_stored", counted)
    again = CachedRelated.open(corpus, entities, lambda: "s1", cache_path(corpus.roots))
    again.keep_passages()
    assert reads == []  # current: only its head was read
    assert cross_references(again, corpus) == afresh
    assert reads == [1]
    again.close()

    touch(folder / "fish-b.txt", "Fish again\n\nVienna and its orchestra, briefly.")
    corpus = load_corpus([folder])
    entities = EntityIndex.build(corpus)
    changed = CachedRelated.open(corpus, entities, lambda: "s1", cache_path(corpus.roots))
    changed.keep_passages()  # updated by the changed file alone (never built: see above)
    assert reads == [1, 1]
    changed.close()
    last = CachedRelated.open(corpus, entities, lambda: "s1", cache_path(corpus.roots))
    last.keep_passages()
    assert reads == [1, 1]
    fish_b = corpus.get("fish-b.txt")
    assert fish_b is not None
    number = next(p.number for p in fish_b.passages if not p.is_heading)
    assert "music-a.txt" in {r.doc for r in last.passage_refs("fish-b.txt", number)}
    last.close()


def test_postings_gathered_by_a_rebuild_come_out_as_sorted_tuples() -> None:
    """A rebuild holds its postings as arrays (16 bytes each, not a ~90-byte tuple) and writes
    them in key order, then document order, as sorting the tuples did."""
    import random

    from tui.core.related_cache import _PostingArrays

    rng = random.Random(7)
    rows = []
    posts = _PostingArrays()
    for seq in range(1, 400):  # added document after document, each key once a document
        keys = rng.sample(range(300), rng.randint(0, 40))
        weights = [rng.random() for _ in keys]
        rows.extend((key, seq, w) for key, w in zip(keys, weights, strict=True))
        posts.add(seq, iter(keys), iter(weights))
    assert len(posts) == len(rows)
    assert list(posts.in_key_order()) == sorted(rows)
    assert list(_PostingArrays().in_key_order()) == []
