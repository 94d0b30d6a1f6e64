"""The EntityExtractor seam: the index builds with any extractor, its cache keyed by the version."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

from tui.core.corpus import load_corpus
from tui.core.entities import EntityExtractor, EntityIndex, RuleExtractor, cache_path
from tui.core.models import Corpus, Document, Mention


class CapitalWords:
    """A toy extractor: every capitalised word after the first passage is an ORG."""

    def __init__(self, version: str) -> None:
        self.version = version
        self.calls: list[str] = []

    def extract(self, document: Document) -> list[Mention]:
        self.calls.append(document.id)
        return [
            Mention(document.id, p.number, m.start(), m.end(), m.group(), m.group(), "ORG")
            for p in document.passages[1:]
            for m in re.finditer(r"\b[A-Z][a-z]+\b", p.text)
        ]


def corpus(tmp_path: Path) -> Corpus:
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("A\n\nAcme bought Zenith.", "utf-8")
    (root / "b.txt").write_text("B\n\nZenith sued Acme. Acme lost.", "utf-8")
    return load_corpus([str(root)])


def test_both_extractors_satisfy_the_protocol() -> None:
    extractors: list[EntityExtractor] = [RuleExtractor(), CapitalWords("toy-1")]
    assert all(isinstance(e.version, str) and e.version for e in extractors)


def test_index_builds_with_any_extractor(tmp_path: Path) -> None:
    toy = CapitalWords("toy-1")
    index = EntityIndex.build(corpus(tmp_path), toy)
    assert sorted(toy.calls) == ["a.txt", "b.txt"]
    counts = {e.name: (e.count, e.docs) for e in index.entities()}
    assert counts == {"Acme": (3, ["a.txt", "b.txt"]), "Zenith": (2, ["a.txt", "b.txt"])}
    assert [m.surface for m in index.mentions("ORG:acme", "b.txt")] == ["Acme", "Acme"]


def cache_version(cache: Path) -> str:
    with closing(sqlite3.connect(cache)) as conn:
        return str(conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0])


def test_cache_is_used_for_the_same_version_and_rebuilt_for_another(tmp_path: Path) -> None:
    c = corpus(tmp_path)
    cache = cache_path(c.roots, tmp_path / "data")
    first = CapitalWords("A")
    EntityIndex.build(c, first, cache=cache)
    assert len(first.calls) == 2 and cache_version(cache) == "A"

    same = CapitalWords("A")
    cached = EntityIndex.build(c, same, cache=cache)
    assert same.calls == [] and cached.resolve("Zenith") is not None

    other = CapitalWords("B")
    EntityIndex.build(c, other, cache=cache)
    assert sorted(other.calls) == ["a.txt", "b.txt"]
    assert cache_version(cache) == "B"


def test_rule_extractor_version_names_the_rules_and_the_data() -> None:
    from tui.core.entities import RULES_VERSION

    extractor = RuleExtractor()
    assert extractor.version == f"rules-{RULES_VERSION}-{extractor.lexicon.digest}"
