"""The assembled entity index kept on disk (snapshot) and the compact index: whatever path built
it (extracted, read from the mention cache, mapped from the snapshot, updated from it after files
changed), with or without the user's edits, it answers as the plain model below, which is the
index as it was kept before (a `Mention` list per document, aliases merged, edits replayed on the
mentions)."""

from __future__ import annotations

import shutil
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import pytest

from tui.core.corpus import load_corpus
from tui.core.entities import EntityIndex, RuleExtractor, cache_path
from tui.core.entities import index as index_module
from tui.core.entities.edits import EntityEdits
from tui.core.entities.gazetteer import first_names
from tui.core.entities.snapshot import snapshot_path
from tui.core.models import Corpus, Document, Entity, Mention, entity_key, surface_key

TEXTS = {
    "a.txt": "Talks in Paris\n\nSergei Lavrov met NATO envoys in Paris. Lavrov left early.\n\n"
    "Nato officials and the BBC said Mr Lavrov would return to Paris.",
    "b.txt": "Berlin notes\n\nLavrov spoke in Berlin; NATO said nothing about Paris.\n\n"
    "Angela Merkel met Charles Dupont. Merkel and Charles spoke to the BBC.",
    "c.txt": "Quiet day\n\nIn Berlin, Charles Dupont stayed home. Charles slept. Dupont woke.",
    "d.txt": "Empty\n\nnothing here at all.",
    "e.txt": "London\n\nThe BBC reported from London. Angela Merkel flew to London; Merkel spoke.",
}


class Model:
    """The entity index as it was: every document's `Mention`s, entities recomputed from them
    after each edit."""

    def __init__(self, corpus: Corpus) -> None:
        extractor = RuleExtractor()
        raw = {d.id: list(extractor.extract(d)) for d in corpus.documents}
        given = first_names()
        full_by_last: dict[str, Counter[str]] = defaultdict(Counter)
        for ms in raw.values():
            for m in ms:
                if m.type == "PERSON" and " " in m.name:
                    full_by_last[surface_key(m.name.split()[-1])][m.name] += 1
        self.order = [d.id for d in corpus.documents]
        self.docs: dict[str, list[Mention]] = {}
        for doc_id, ms in raw.items():
            out = []
            for m in ms:
                fulls = full_by_last.get(surface_key(m.name))
                lone = m.type == "PERSON" and " " not in m.name and m.name.lower() not in given
                if lone and fulls and len(fulls) == 1:
                    m = replace(m, name=next(iter(fulls)))
                out.append(m)
            self.docs[doc_id] = out
        self.table = self._table()

    def _table(self) -> dict[str, Entity]:
        entities: dict[str, Entity] = {}
        aliases: dict[str, Counter[str]] = defaultdict(Counter)
        for doc_id in self.order:
            for m in self.docs[doc_id]:
                ent = entities.setdefault(m.key, Entity(m.key, m.name, m.type))
                ent.count += 1
                if not ent.docs or ent.docs[-1] != doc_id:
                    ent.docs.append(doc_id)
                aliases[m.key][m.surface] += 1
        for key, ent in entities.items():
            ent.aliases = [a for a, _ in aliases[key].most_common()]
        return entities

    def _map(self, key: str, change: object) -> None:
        for doc_id, ms in self.docs.items():
            self.docs[doc_id] = [
                m2 for m in ms if (m2 := (change(m) if m.key == key else m)) is not None
            ]
        self.table = self._table()

    def alias_keys(self) -> dict[str, str]:
        out: dict[str, str] = {}
        ranked = sorted(self.table.values(), key=lambda e: e.count)
        for ent in ranked:
            for a in ent.aliases:
                out[surface_key(a)] = ent.key
        for ent in ranked:
            out[surface_key(ent.name)] = ent.key
            out[ent.key] = ent.key
        return out

    def merge(self, source: str, target: str) -> bool:
        tgt = self.table.get(target)
        if source == target or source not in self.table or tgt is None:
            return False
        self._map(source, lambda m: replace(m, name=tgt.name, type=tgt.type))
        return True

    def rename(self, key: str, new_name: str) -> str | None:
        ent = self.table.get(key)
        if ent is None or not new_name.strip():
            return None
        self._map(key, lambda m: replace(m, name=new_name.strip()))
        return entity_key(new_name.strip(), ent.type)

    def settle(self) -> None:
        pass

    def hide(self, key: str) -> bool:
        if key not in self.table:
            return False
        self._map(key, lambda m: None)
        return True


def answers(index: EntityIndex | Model, corpus: Corpus) -> dict[str, object]:
    """What the index answers, every query, as plain values."""
    if isinstance(index, Model):
        ents = sorted(index.table.values(), key=lambda e: (-e.count, e.name.lower()))
        by_doc = {
            d: sorted(
                Counter(m.key for m in index.docs[d]).items(),
                key=lambda kc: (-kc[1], index.table[kc[0]].name.lower()),
            )
            for d in index.order
        }
        mentions = {d: index.docs[d] for d in index.order}
        of_entity = {
            e.key: [m for d in index.order for m in index.docs[d] if m.key == e.key] for e in ents
        }
        keys = index.alias_keys()
        resolved = {
            name: keys.get(name) or keys.get(surface_key(name))
            for e in ents
            for name in (e.key, e.name, *e.aliases, e.name.upper())
        }
    else:
        ents = index.entities()
        by_doc = {d.id: [(e.key, c) for e, c in index.for_document(d.id)] for d in corpus.documents}
        mentions = {d.id: index.document_mentions(d.id) for d in corpus.documents}
        of_entity = {e.key: index.mentions(e.key) for e in ents}
        for d in corpus.documents:
            assert index.counts_in(d.id) == Counter(m.key for m in mentions[d.id])
        for e in ents:
            assert index.name_of(e.key) == e.name
            assert index.get(e.key) == e and index.documents_for(e.key) == e.docs
            for d in e.docs:
                assert index.mentions(e.key, d) == [m for m in mentions[d] if m.key == e.key]
        assert len(index) == len(ents)
        resolved = {
            name: found.key if (found := index.resolve(name)) else None
            for e in ents
            for name in (e.key, e.name, *e.aliases, e.name.upper())
        }
    return {
        "entities": [(e.key, e.name, e.type, e.count, e.docs, e.aliases) for e in ents],
        "by_doc": by_doc,
        "mentions": mentions,
        "of_entity": of_entity,
        "resolved": resolved,
    }


EDITS = [
    ("merge", "ORG:nato", "ORG:bbc"),
    ("rename", "PERSON:angela merkel", "Chancellor Merkel"),
    ("rename", "PERSON:charles dupont", "Sergei Lavrov"),  # onto another entity: one entity
    ("hide", "GPE:berlin", ""),
    ("merge", "PERSON:angela merkel", "GPE:london"),  # followed through its rename
    ("hide", "PERSON:nobody", ""),  # absent: skipped
    ("merge", "GPE:paris", "GPE:nowhere"),
]


def edits_of(steps: list[tuple[str, str, str]]) -> EntityEdits:
    edits = EntityEdits()
    for op, key, value in steps:
        if op == "merge":
            edits.merge(key, value)
        elif op == "rename":
            edits.rename(key, value)
        else:
            edits.hide(key)
    return edits


def corpus_in(tmp_path: Path, texts: dict[str, str]) -> Corpus:
    root = tmp_path / "c"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    for name, text in texts.items():
        (root / name).write_text(text, "utf-8")
    return load_corpus([str(root)])


@pytest.mark.parametrize("steps", [[], EDITS, EDITS[3:], EDITS[:1]])
def test_every_way_of_building_answers_as_the_model(tmp_path: Path, steps: list) -> None:  # type: ignore[type-arg]
    corpus = corpus_in(tmp_path, TEXTS)
    cache = cache_path(corpus.roots)
    model = Model(corpus)
    edits_of(steps).apply(model)
    expected = answers(model, corpus)
    assert expected["entities"]  # the texts do have entities
    plain = EntityIndex.build(corpus)
    cold = EntityIndex.build(corpus, cache=cache)
    snapshot_path(cache).unlink()  # read from the mention cache, assembled again
    from_cache = EntityIndex.build(corpus, cache=cache)
    warm = EntityIndex.build(corpus, cache=cache)  # mapped from the snapshot
    for index in (plain, cold, from_cache, warm):
        assert edits_of(steps).apply(index) == edits_of(steps).apply(Model(corpus))
        assert answers(index, corpus) == expected


def test_a_warm_start_reads_the_snapshot_not_the_mentions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = corpus_in(tmp_path, TEXTS)
    cache = cache_path(corpus.roots)
    cold = EntityIndex.build(corpus, cache=cache)
    assert snapshot_path(cache).is_file()

    def no(*_args: object) -> None:
        raise AssertionError("read the mention cache or extracted on a warm start")

    monkeypatch.setattr(index_module, "read_cache", no)
    monkeypatch.setattr(RuleExtractor, "extract", no)
    warm = EntityIndex.build(load_corpus(corpus.roots), cache=cache)
    assert answers(warm, corpus) == answers(cold, corpus)


def test_changed_added_and_removed_files_update_it_as_a_fresh_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = corpus_in(tmp_path, TEXTS)
    cache = cache_path(corpus.roots)
    EntityIndex.build(corpus, cache=cache)
    root = Path(corpus.roots[0])
    # Another Lavrov: the lone "Lavrov" of a.txt and b.txt no longer stands for Sergei.
    (root / "c.txt").write_text("Moscow\n\nIvan Lavrov flew to Moscow with Charles Dupont.")
    (root / "e.txt").unlink()
    (root / "f.txt").write_text("Rome\n\nThe BBC and NATO met in Rome.", "utf-8")
    changed = load_corpus(corpus.roots)
    extracted: list[str] = []
    extract = RuleExtractor.extract

    def counted(self: RuleExtractor, doc: Document) -> list[Mention]:
        extracted.append(doc.id)
        return extract(self, doc)

    monkeypatch.setattr(RuleExtractor, "extract", counted)
    monkeypatch.setattr(index_module, "read_cache", lambda *_a: pytest.fail("read all"))
    updated = EntityIndex.build(changed, cache=cache)
    assert sorted(extracted) == ["c.txt", "f.txt"]
    monkeypatch.undo()
    expected = answers(Model(changed), changed)
    assert answers(updated, changed) == expected
    assert answers(EntityIndex.build(changed, cache=cache), changed) == expected  # kept again


@pytest.mark.parametrize("damage", [b"", b"garbage", b"DSENTIX1" + b"\xff" * 64, "truncate"])
def test_a_damaged_snapshot_is_set_aside_and_written_again(tmp_path: Path, damage: object) -> None:
    corpus = corpus_in(tmp_path, TEXTS)
    cache = cache_path(corpus.roots)
    expected = answers(EntityIndex.build(corpus, cache=cache), corpus)
    path = snapshot_path(cache)
    aside = b""
    if damage == "truncate":
        path.write_bytes(path.read_bytes()[:-40])
    else:
        assert isinstance(damage, bytes)
        path.write_bytes(damage)
        aside = path.read_bytes()
    assert answers(EntityIndex.build(corpus, cache=cache), corpus) == expected
    assert path.stat().st_size > 100
    (moved,) = path.parent.glob(path.name + ".corrupt-*")
    if damage != "truncate":
        assert moved.read_bytes() == aside


def test_a_snapshot_of_another_extractor_version_is_not_used(tmp_path: Path) -> None:
    class Other(RuleExtractor):
        version = "other-version"

        def extract(self, doc: Document) -> list[Mention]:
            return []

    corpus = corpus_in(tmp_path, TEXTS)
    cache = cache_path(corpus.roots)
    assert len(EntityIndex.build(corpus, cache=cache)) > 0
    assert len(EntityIndex.build(corpus, Other(), cache=cache)) == 0
    assert len(EntityIndex.build(corpus, cache=cache)) > 0
    assert list(cache.parent.glob("*.corrupt-*")) == []  # stale, not damaged: written again


def test_the_index_keeps_numbers_not_entity_or_mention_objects(tmp_path: Path) -> None:
    """Objects are made when asked for: none is held after a build (a 100k corpus has ~5M
    mentions and tens of thousands of entities)."""
    corpus = corpus_in(tmp_path, TEXTS)
    cache = cache_path(corpus.roots)
    for index in (EntityIndex.build(corpus), EntityIndex.build(corpus, cache=cache)):
        held = [o for o in held_by(index) if isinstance(o, Entity | Mention)]
        assert len(index) > 0 and held == []


def held_by(index: EntityIndex) -> list[object]:
    """The index's fields and the items of those that are lists or dicts."""
    out: list[object] = []
    for value in vars(index).values() if hasattr(index, "__dict__") else []:
        out.append(value)
        if isinstance(value, dict):
            out += [*value.keys(), *value.values()]
        elif isinstance(value, list):
            out += value
    return out


def test_edits_make_the_table_once_in_apply_not_on_a_readers_query(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker applies the edits; the UI thread then only reads (at 100k documents, making
    the table is a fraction of a second not to be spent there)."""
    corpus = corpus_in(tmp_path, TEXTS)
    index = EntityIndex.build(corpus)
    made: list[bool] = []
    table = EntityIndex._table

    def counted(self: EntityIndex, by_key: dict[str, list[int]], edited: bool) -> None:
        made.append(edited)
        table(self, by_key, edited)

    monkeypatch.setattr(EntityIndex, "_table", counted)
    assert edits_of(EDITS).apply(index) == 5 and made == [True]
    index.entities()
    index.for_document("b.txt")
    assert made == [True]


def test_an_entity_given_out_equals_a_plain_one_and_is_the_same_object_while_held(
    tmp_path: Path,
) -> None:
    corpus = corpus_in(tmp_path, TEXTS)
    index = EntityIndex.build(corpus)
    bbc = index.get("ORG:bbc")
    assert bbc is not None and bbc is index.resolve("BBC")
    assert bbc in [e for e in index.entities() if e is bbc]
    plain = Entity(bbc.key, bbc.name, bbc.type, bbc.count, list(bbc.docs), list(bbc.aliases))
    assert plain == bbc and bbc == plain and bbc.docs == ["a.txt", "b.txt", "e.txt"]
    assert bbc.to_json() == plain.to_json()
    plain.docs.append("z.txt")
    assert plain != bbc and bbc != plain
