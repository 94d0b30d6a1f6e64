"""The title finder kept on disk: read back when the titles are the same, built again when one
changed or the file is damaged; and what it finds is what a built one finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.models import Corpus, Document
from tui.core.search import TitleFinder, open_title_finder
from tui.core.search import titles_cache as cache

TITLES = [
    "Budget 2019: what changes for savers",
    "Budget 2018 in review",
    "Chelsea manager sacked",
    "Mobile phone sales surge",
    "Tony Blair visits Kyiv",
    "Zürich bank fined",
]
QUERIES = ["chelsae", "mobile ph", "blari", "zurich", "budget", "phone sales", "b", "xqzv", "doc3"]


def corpus(titles: list[str]) -> Corpus:
    docs = [Document(f"doc{i}.txt", f"/c/doc{i}.txt", "/c", t, ()) for i, t in enumerate(titles)]
    return Corpus(("/c",), docs)


def found(finder: TitleFinder, query: str) -> list[tuple[str, float, tuple[int, ...]]]:
    return [(h.doc_id, h.score, h.positions) for h in finder.find(query)]


def test_a_kept_finder_is_read_back_and_finds_what_a_built_one_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "titles.bin"
    built = open_title_finder(corpus(TITLES), path)
    assert path.exists()

    def no_build(self: TitleFinder, titles: object) -> None:
        raise AssertionError("built again though no title changed")

    monkeypatch.setattr(TitleFinder, "__init__", no_build)
    read = open_title_finder(corpus(TITLES), path)
    for query in QUERIES:
        assert found(read, query) == found(built, query), query


def test_a_changed_title_or_a_damaged_file_builds_it_again(tmp_path: Path) -> None:
    path = tmp_path / "titles.bin"
    open_title_finder(corpus(TITLES), path)
    changed = [*TITLES[:-1], "Geneva bank fined"]
    finder = open_title_finder(corpus(changed), path)
    assert [h.doc_id for h in finder.find("geneva")] == ["doc5.txt"]
    assert finder.find("zurich") == [] or finder.find("zurich")[0].doc_id != "doc5.txt"

    for i, damage in enumerate((b"", b"not marshal", path.read_bytes()[:-9], b"\xe9" * 64)):
        path.write_bytes(damage)
        again = open_title_finder(corpus(changed), path)
        assert [h.doc_id for h in again.find("geneva")] == ["doc5.txt"]
        digest = cache.titles_digest(again.ids, again.titles)
        assert cache._read(path, digest) not in (None, cache.DAMAGED)
        # The damaged file set aside, not built over (as the other caches do).
        aside = sorted(tmp_path.glob("titles.bin.corrupt-*"))
        assert len(aside) == i + 1 and aside[-1].read_bytes() == damage, i


def test_an_unwritable_cache_still_gives_a_finder(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    finder = open_title_finder(corpus(TITLES), blocked / "titles.bin")
    assert finder.find("chelsea")[0].doc_id == "doc2.txt"


def test_a_year_is_not_a_typo_of_another() -> None:
    finder = TitleFinder((f"doc{i}.txt", t) for i, t in enumerate(TITLES))
    assert [h.doc_id for h in finder.find("2019")] == ["doc0.txt"]
