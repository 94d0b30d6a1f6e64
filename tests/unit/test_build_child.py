"""The child process that builds a large corpus's entity, related and passage caches: what it
writes is what this process would have built, it stops when asked or when its parent goes,
and a failure is reported, not raised."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tui.core import build_child
from tui.core.corpus import load_corpus
from tui.core.entities import EntityIndex, cache_path
from tui.core.entities.edits import edits_path
from tui.core.entities.listing import entity_state
from tui.core.entities.spacy_backend import default_extractor
from tui.core.related_cache import CachedRelated
from tui.core.related_cache import cache_path as related_path


def _never() -> bool:
    return False


def _open_warm(corpus, data: Path) -> CachedRelated:  # type: ignore[no-untyped-def]
    """The related cache as a warm start opens it: failing if it would build anything."""

    def cold() -> EntityIndex:
        raise AssertionError("the cache was not up to date: this process would build it")

    def state() -> str:
        return entity_state(cache_path(corpus.roots, data), edits_path())

    return CachedRelated.open(corpus, cold, state, related_path(corpus.roots, data))


def test_the_child_writes_the_caches_this_process_would_build(
    seeds: Path, isolated_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = load_corpus([str(seeds)])
    stages: list[str] = []
    child = build_child.ChildBuild(corpus.roots)
    assert child.until_ready(lambda stage, *_: stages.append(stage), _never) is None
    assert child.finish(lambda stage, *_: stages.append(stage), _never) is None
    assert child.process is None
    assert {"entities", "related", "cross-references"} <= set(stages)
    built_there = _open_warm(corpus, isolated_data_dir)
    # The same corpus built here, in another data directory.
    here = tmp_path / "here"
    monkeypatch.setenv("DOSSIER_DATA_DIR", str(here))
    entities = EntityIndex.build(corpus, default_extractor(), cache=cache_path(corpus.roots))
    built_here = CachedRelated.open(
        corpus,
        entities,
        lambda: entity_state(cache_path(corpus.roots), edits_path()),
        related_path(corpus.roots),
    )
    try:
        for doc in corpus.documents:
            there = [
                (r.doc, round(r.score, 9), r.shared_entities) for r in built_there.related(doc.id)
            ]
            assert there == [
                (r.doc, round(r.score, 9), r.shared_entities) for r in built_here.related(doc.id)
            ]
            assert there  # the seeds' five articles are about the same few things
        # The passage index behind `x` too: kept on disk and current, so that keeping it up
        # to date here builds nothing (only its head is read).
        built_there.use_entities(
            entities,
            lambda: entity_state(cache_path(corpus.roots, isolated_data_dir), edits_path()),
        )
        built_here_too: list[int] = []
        built_there.keep_passages(progress=lambda done, total: built_here_too.append(done))
        assert built_there._passages_file().exists() and not built_here_too
    finally:
        built_there.close()
        built_here.close()


def test_a_cancelled_build_stops_its_process(seeds: Path) -> None:
    child = build_child.ChildBuild((str(seeds),))
    assert child.process is not None
    pid = child.process.pid
    assert child.until_ready(lambda *_: None, lambda: True) == "cancelled"
    assert child.process is None
    with pytest.raises(ChildProcessError):  # reaped: no longer a child of this process
        os.waitpid(pid, os.WNOHANG)


def test_the_child_leaves_when_its_parent_closes_its_input(seeds: Path) -> None:
    child = build_child.ChildBuild((str(seeds),))
    assert child.process is not None and child.process.stdin is not None
    child.process.stdin.close()  # as when the app is gone
    assert child.process.wait(timeout=60) == 3
    child.stop()


def test_a_failed_child_is_reported_not_raised(
    seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "python"
    broken.write_text(f"#!{sys.executable}\nimport sys\nsys.exit('no room left on the disk')\n")
    broken.chmod(0o755)
    monkeypatch.setattr(build_child, "PYTHON", str(broken))
    child = build_child.ChildBuild((str(seeds),))
    why = child.until_ready(lambda *_: None, _never)
    assert why is not None and "ended with 1" in why and "no room left on the disk" in why
    child.stop()


def test_the_cache_says_how_much_it_lacks(seeds: Path, tmp_path: Path) -> None:
    """What decides between a child's build and an update here: a changed document or two are
    updated in the app's process, a first build goes to the child."""
    import shutil

    folder = tmp_path / "corpus"
    shutil.copytree(seeds, folder)
    corpus = load_corpus([str(folder)])

    def state() -> str:
        return entity_state(cache_path(corpus.roots), edits_path())

    path = related_path(corpus.roots)
    lacking, stale = CachedRelated.open_if_current(corpus, state, path)
    lacking.close()
    assert stale == 5  # nothing built
    entities = EntityIndex.build(corpus, default_extractor(), cache=cache_path(corpus.roots))
    CachedRelated.open(corpus, entities, state, path).close()
    current, stale = CachedRelated.open_if_current(corpus, state, path)
    assert current is not None and stale == 0
    assert [r.doc for r in current.related(corpus.documents[0].id)]  # answers, as opened
    current.close()
    changed = next(folder.glob("*.txt"))
    mtime = changed.stat().st_mtime
    os.utime(changed, (mtime + 60, mtime + 60))
    corpus = load_corpus([str(folder)])
    lacking, stale = CachedRelated.open_if_current(corpus, state, path)
    assert stale == 1
    # Brought up to date as it is, as `open` would have: then current.
    lacking.bring_up_to_date(entities, state)
    lacking.close()
    current, stale = CachedRelated.open_if_current(corpus, state, path)
    current.close()
    assert stale == 0


def _fake_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str) -> None:
    """The child's command replaced by a script that writes `output` and ends."""
    fake = tmp_path / "python"
    fake.write_text(f"#!{sys.executable}\nimport sys\nsys.stdout.write({output!r})\n")
    fake.chmod(0o755)
    monkeypatch.setattr(build_child, "PYTHON", str(fake))


def test_lines_not_of_the_child_are_passed_over_and_none_is_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_child(
        tmp_path,
        monkeypatch,
        "a library says hello\nentities\t1\t2\nready\t0\t0\ncross-references\t3\t4\n",
    )
    seen: list[tuple[str, int, int]] = []
    child = build_child.ChildBuild(("unused",))
    assert child.until_ready(lambda *p: seen.append(p), _never) is None
    assert seen == [("entities", 1, 2)]
    assert child.finish(lambda *p: seen.append(p), _never) is None
    assert seen == [("entities", 1, 2), ("cross-references", 3, 4)]


def test_a_tui_folder_where_the_app_runs_is_not_imported_by_the_child(
    seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decoy = tmp_path / "tui"
    decoy.mkdir()
    (decoy / "__init__.py").write_text("raise SystemExit('the decoy was imported')\n")
    monkeypatch.chdir(tmp_path)
    child = build_child.ChildBuild((str(seeds),))
    assert child.until_ready(lambda *_: None, _never) is None
    assert child.finish(lambda *_: None, _never) is None


def test_the_entities_line_is_awaited_alone_and_a_ready_line_left_for_the_next_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_child(
        tmp_path,
        monkeypatch,
        "entities\t1\t2\nentities-ready\t0\t0\nrelated\t1\t2\nready\t0\t0\n"
        "cross-references\t3\t4\n",
    )
    seen: list[tuple[str, int, int]] = []
    child = build_child.ChildBuild(("unused",))
    assert child.until_entities(lambda *p: seen.append(p), _never) is None
    assert seen == [("entities", 1, 2)]
    assert child.until_ready(lambda *p: seen.append(p), _never) is None
    assert seen[1:] == [("related", 1, 2)]
    assert child.finish(lambda *p: seen.append(p), _never) is None
    assert seen[2:] == [("cross-references", 3, 4)]
    # A child that says only READY (its entity cache was current): both waits end there.
    _fake_child(tmp_path, monkeypatch, "related\t1\t2\nready\t0\t0\ncross-references\t3\t4\n")
    seen.clear()
    child = build_child.ChildBuild(("unused",))
    assert child.until_entities(lambda *p: seen.append(p), _never) is None
    assert child.until_ready(lambda *p: seen.append(p), _never) is None
    assert seen == [("related", 1, 2)]
    assert child.finish(lambda *p: seen.append(p), _never) is None
    assert seen == [("related", 1, 2), ("cross-references", 3, 4)]


def test_the_child_says_the_entity_cache_is_written_before_the_related_rows(
    seeds: Path, isolated_data_dir: Path
) -> None:
    """The ENTITIES line comes once the entity cache is whole (read then, nothing is
    extracted again) and before the related rows, which are made from it."""
    corpus = load_corpus([str(seeds)])
    stages: list[str] = []
    read_then: list[EntityIndex] = []

    class Refused:
        version = default_extractor().version

        def extract(self, doc: object) -> list[object]:
            raise AssertionError("extracted again: the cache was not written")

    def report(stage: str, done: int, total: int) -> None:
        stages.append(stage)
        if stage == build_child.ENTITIES:
            read_then.append(
                EntityIndex.build(corpus, Refused(), cache=cache_path(corpus.roots))  # type: ignore[arg-type]
            )

    build_child.build_caches(corpus, report, _never)
    entities_line = stages.index(build_child.ENTITIES)
    assert stages.count(build_child.ENTITIES) == 1
    assert "entities" not in stages[entities_line:]
    assert "related" in stages[entities_line:] and "related" not in stages[:entities_line]
    assert stages.index(build_child.ENTITIES) < stages.index(build_child.READY)
    assert read_then and read_then[0].for_document(corpus.documents[1].id)
