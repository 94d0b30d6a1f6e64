"""Entity extraction, alias merging, the entity index, user edits and the gold scores."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from tui.core.corpus import load_corpus, load_file, parse_document
from tui.core.entities import (
    EntityIndex,
    cache_path,
    evaluate,
    extract_document,
    score_document,
)
from tui.core.entities.edits import load_edits
from tui.core.entities.gazetteer import lexicon

GOLD = Path(__file__).resolve().parents[1] / "gold"


def ents(text: str) -> set[tuple[str, str]]:
    doc = parse_document("Title line\n\n" + text, "t.txt")
    return {(m.name, m.type) for m in extract_document(doc)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "NATO Secretary General Mark Rutte met troops. Later Rutte left.",
            {("NATO", "ORG"), ("Mark Rutte", "PERSON")},
        ),
        ("The U.S. and the US and the United States agreed.", {("United States", "GPE")}),
        ("They feared Russia's army and Russian tanks.", {("Russia", "GPE"), ("Russian", "NORP")}),
        (
            "Talks with Mr Greenspan in Washington went well.",
            {("Alan Greenspan", "PERSON"), ("Washington", "GPE")},
        ),
        (
            "Ships crossed the Black Sea near the Galwan Valley.",
            {("Black Sea", "LOC"), ("Galwan Valley", "LOC")},
        ),
        (
            "The Cold War-era rules of the Boston Indoor Games held.",
            {("Cold War", "EVENT"), ("Boston Indoor Games", "EVENT")},
        ),
        ("Shares in Allied Domecq rose, and Allied said so.", {("Allied Domecq", "ORG")}),
        (
            "It was said by sculptor Richard Wentworth that art sells.",
            {("Richard Wentworth", "PERSON")},
        ),
        ("Albanians and Serbs met.", {("Albanian", "NORP"), ("Serbian", "NORP")}),
    ],
)
def test_extracts_and_merges_aliases(text: str, expected: set[tuple[str, str]]) -> None:
    assert ents(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "However, the talks failed. Despite this, nothing changed. Meanwhile it rained.",
        "Read more at https://Example.com/News/Page and www.Site.org today.",
        "On Monday in January the PC froze. Advertisment",
    ],
)
def test_sentence_starts_urls_and_boilerplate_are_not_entities(text: str) -> None:
    assert ents(text) == set()


def test_the_same_run_is_typed_by_its_own_context_each_time() -> None:
    # A run's words are decided once per process; the words around each mention still count.
    for _ in range(2):
        assert ents("We saw Ashulia again.") == set()
        assert ents("Workers marched in Ashulia again.") == {("Ashulia", "GPE")}
        assert ents("Red Bull, who sell it, grew.") == {("Red Bull", "PERSON")}
        assert ents("The drinks company, Red Bull, who sell it, grew.") == {("Red Bull", "ORG")}


def test_heading_words_are_not_entities_but_known_names_in_headings_are() -> None:
    doc = parse_document(
        "Navigating the Maze of Diplomacy\n\nNATO Sends Troops to Kosovo\n\nThe talks went on.",
        "h.txt",
    )
    names = {m.name for m in extract_document(doc)}
    assert names == {"NATO", "Kosovo"}


def test_mentions_carry_passage_spans(seeds: Path) -> None:
    doc = load_file(seeds / "001_170ba86b760580a8.txt", seeds)
    assert not isinstance(doc, type(None))
    for m in extract_document(doc):  # type: ignore[arg-type]
        text = doc.passages[m.passage - 1].text  # type: ignore[union-attr]
        assert text[m.start : m.end] == m.surface


def test_index_merges_surname_across_documents(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A\n\nNATO chief Mark Rutte spoke in Brussels.", "utf-8")
    (tmp_path / "b.txt").write_text("B\n\nLater, Rutte said that Ukraine needs help.", "utf-8")
    index = EntityIndex.build(load_corpus([str(tmp_path)]))
    rutte = index.resolve("Rutte")
    assert rutte is not None and rutte.name == "Mark Rutte" and rutte.type == "PERSON"
    assert rutte.docs == ["a.txt", "b.txt"] and set(rutte.aliases) == {"Mark Rutte", "Rutte"}
    assert [m.doc for m in index.mentions(rutte.key)] == ["a.txt", "b.txt"]
    assert index.documents_for(rutte.key) == ["a.txt", "b.txt"]


def test_index_queries_on_seeds(seeds: Path) -> None:
    index = EntityIndex.build(load_corpus([str(seeds)]))
    top = index.entities()[0]
    assert top.name == "NATO" and top.count >= 20 and len(top.docs) == 5
    assert [e.name for e, _ in index.for_document("001_170ba86b760580a8.txt")][:2] == [
        "Ukraine",
        "Russia",
    ]
    co = [e.name for e, _ in index.cooccurring("GPE:kosovo", limit=20)]
    assert "NATO" in co and "KFOR" in co
    assert index.resolve("u.s.") is index.resolve("United States")


# -- user edits --------------------------------------------------------------------------------


def test_edits_persist_across_a_restart(seeds: Path, isolated_data_dir: Path) -> None:
    corpus = load_corpus([str(seeds)])
    edits = load_edits()
    edits.merge("ORG:kfor", "ORG:nato")
    edits.rename("GPE:united states", "USA")
    edits.hide("NORP:european")
    edits.save()
    assert (isolated_data_dir / "entity_edits.json").is_file()
    index = EntityIndex.build(corpus)
    load_edits().apply(index)  # the saved edits, as a new run applies them
    assert index.resolve("KFOR") is index.resolve("NATO")
    assert index.get("ORG:kfor") is None
    usa = index.resolve("U.S.")
    assert usa is not None and usa.name == "USA" and usa.key == "GPE:usa"
    assert index.get("NORP:european") is None
    # A later edit naming an old key follows the rename.
    edits = load_edits()
    edits.hide("GPE:united states")
    edits.save()
    index = EntityIndex.build(corpus)
    load_edits().apply(index)
    assert index.resolve("USA") is None


def test_corrupt_edits_file_is_moved_aside(isolated_data_dir: Path) -> None:
    isolated_data_dir.mkdir(parents=True)
    path = isolated_data_dir / "entity_edits.json"
    path.write_text("{not json", "utf-8")
    edits = load_edits()
    assert edits.edits == [] and edits.message and "moved aside" in edits.message
    assert not path.exists()
    (aside,) = list(isolated_data_dir.glob("entity_edits.json.corrupt-*"))
    assert aside.read_text("utf-8") == "{not json"
    edits.hide("ORG:x")
    edits.save()
    assert json.loads(path.read_text("utf-8"))["edits"] == [{"op": "hide", "key": "ORG:x"}]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=120
    )


def test_cli_entities_json_and_edits(seeds: Path) -> None:
    out = run_cli("entities", str(seeds), "--json")
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert out.returncode == 0 and rows[0]["name"] == "NATO"
    counts = [r["count"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    assert set(rows[0]) == {"name", "type", "count", "docs", "aliases"}
    out = run_cli("entities", str(seeds), "--doc", "001", "--type", "PERSON", "--json")
    assert [json.loads(x)["name"] for x in out.stdout.splitlines()] == [
        "Mark Rutte",
        "Vladimir Putin",
    ]
    assert run_cli("entities", str(seeds), "--merge", "KFOR", "NATO").returncode == 0
    assert run_cli("entities", str(seeds), "--hide", "Rutte").returncode == 0
    names = [
        json.loads(x)["name"] for x in run_cli("entities", str(seeds), "--json").stdout.splitlines()
    ]
    assert "KFOR" not in names and "Mark Rutte" not in names
    listed = run_cli("entities", "--edits", "--json").stdout.splitlines()
    assert [json.loads(x)["op"] for x in listed] == ["merge", "hide"]
    assert run_cli("entities", "--undo").returncode == 0
    names = [
        json.loads(x)["name"] for x in run_cli("entities", str(seeds), "--json").stdout.splitlines()
    ]
    assert "KFOR" not in names and "Mark Rutte" in names
    bad = run_cli("entities", str(seeds), "--hide", "Nobody At All")
    assert bad.returncode == 2 and "no entity named" in bad.stderr
    bad = run_cli("entities", str(seeds), "--doc", "nope")
    assert bad.returncode == 2 and "no document" in bad.stderr


def _cached_rows(cache: Path) -> dict[str, list[list[object]]]:
    with closing(sqlite3.connect(cache)) as conn:
        return {d: json.loads(m) for d, m in conn.execute("SELECT id, mentions FROM docs")}


def test_cache_reuses_unchanged_files_and_reextracts_changed(
    tmp_path: Path, isolated_data_dir: Path
) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("A\n\nNATO met in Paris.", "utf-8")
    (root / "b.txt").write_text("B\n\nTalks in Berlin.", "utf-8")
    corpus = load_corpus([str(root)])
    cache = cache_path(corpus.roots)
    assert cache.parent == isolated_data_dir / "entities"
    first = EntityIndex.build(corpus, cache=cache)
    assert cache.is_file() and {e.name for e in first.entities()} == {"NATO", "Paris", "Berlin"}
    # Tamper with the cached mentions of a.txt: an unchanged file is read from the cache.
    rows = _cached_rows(cache)
    rows["a.txt"][0][4] = "Cached NATO"
    with closing(sqlite3.connect(cache)) as conn, conn:
        conn.execute(
            "UPDATE docs SET mentions = ? WHERE id = 'a.txt'", (json.dumps(rows["a.txt"]),)
        )
    again = EntityIndex.build(corpus, cache=cache)
    assert again.resolve("Cached NATO") is not None
    # A changed file (size differs) is extracted again.
    (root / "a.txt").write_text("A\n\nNATO met in Rome today.", "utf-8")
    changed = EntityIndex.build(load_corpus([str(root)]), cache=cache)
    assert {e.name for e in changed.entities()} == {"NATO", "Rome", "Berlin"}
    cache.write_text("garbage", "utf-8")  # an unreadable cache is set aside and rebuilt
    rebuilt = EntityIndex.build(load_corpus([str(root)]), cache=cache)
    assert len(rebuilt) == 3 and set(_cached_rows(cache)) == {"a.txt", "b.txt"}


def test_a_changed_file_rewrites_only_its_own_cache_row(
    tmp_path: Path, isolated_data_dir: Path
) -> None:
    root = tmp_path / "c"
    root.mkdir()
    for name, place in (("a", "Paris"), ("b", "Berlin"), ("c", "Madrid")):
        (root / f"{name}.txt").write_text(f"T\n\nTalks in {place}.", "utf-8")
    cache = cache_path(load_corpus([str(root)]).roots)
    cache.parent.mkdir(parents=True)
    cache.with_suffix(".json").write_text("{}", "utf-8")  # the cache before session 6
    EntityIndex.build(load_corpus([str(root)]), cache=cache)
    assert not cache.with_suffix(".json").exists()
    # Mark every row: a row written again loses its mark.
    with closing(sqlite3.connect(cache)) as conn, conn:
        conn.execute("UPDATE docs SET mentions = mentions || ' '")
    (root / "b.txt").write_text("T\n\nTalks in Lisbon today.", "utf-8")
    (root / "c.txt").unlink()
    index = EntityIndex.build(load_corpus([str(root)]), cache=cache)
    assert {e.name for e in index.entities()} == {"Paris", "Lisbon"}
    with closing(sqlite3.connect(cache)) as conn:
        rows = dict(conn.execute("SELECT id, mentions FROM docs").fetchall())
    assert set(rows) == {"a.txt", "b.txt"}
    assert rows["a.txt"].endswith(" ") and not rows["b.txt"].endswith(" ")


def test_a_warm_build_does_not_build_the_lexicon(tmp_path: Path, isolated_data_dir: Path) -> None:
    """Nothing to extract (every file cached): the lexicon (~120 ms of the interpreter, beside
    the UI on every start) is not built; the cache's version and the lone-surname rule need
    only its digest and first names. The result is the same as a cold build's."""
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("T\n\nMaria Okafor spoke in Paris. Okafor left.", "utf-8")
    (root / "b.txt").write_text("T\n\nTalks in Berlin with Okafor.", "utf-8")
    cache = cache_path(load_corpus([str(root)]).roots)
    cold = EntityIndex.build(load_corpus([str(root)]), cache=cache)
    lexicon.cache_clear()
    warm = EntityIndex.build(load_corpus([str(root)]), cache=cache)
    assert lexicon.cache_info().currsize == 0
    assert [(e.name, e.type, e.docs) for e in warm.entities()] == [
        (e.name, e.type, e.docs) for e in cold.entities()
    ]


def test_cancelled_build_returns_an_empty_index(seeds: Path) -> None:
    index = EntityIndex.build(load_corpus([str(seeds)]), cancelled=lambda: True)
    assert len(index) == 0 and index.entities() == []


# -- gold ----------------------------------------------------------------------------------


def test_score_document_counts_alias_and_type_matches() -> None:
    gold = [["United States", "GPE", "US"], ["Mark Rutte", "PERSON", "Rutte"]]
    pred = [("U.S.", "GPE", ["US"]), ("Rutte", "ORG", []), ("Foo", "ORG", [])]
    untyped = score_document(pred, gold, typed=False)
    typed = score_document(pred, gold, typed=True)
    assert (untyped.tp_p, untyped.predicted, untyped.tp_r, untyped.gold) == (2, 3, 2, 2)
    assert (typed.tp_p, typed.tp_r) == (1, 1)


def gold_index(name: str, root: Path) -> tuple[EntityIndex, list[dict[str, object]]]:
    gold = json.loads((GOLD / f"{name}.json").read_text("utf-8"))
    docs = [load_file(root / str(item["doc"]), root) for item in gold["documents"]]
    return EntityIndex.build(docs), gold["documents"]  # type: ignore[arg-type]


def test_gold_seeds(seeds: Path) -> None:
    index, gold = gold_index("seeds", seeds)
    assert evaluate(index, gold, typed=True).f1 >= 0.95


@pytest.mark.parametrize(
    ("name", "minimum"), [("bbc_tune", 0.88), ("bbc_heldout", 0.80), ("bbc_heldout_b", 0.72)]
)
def test_gold_bbc(bbc: Path, name: str, minimum: float) -> None:
    index, gold = gold_index(name, bbc)
    score = evaluate(index, gold, typed=True)
    print(f"{name}: typed P={score.precision:.3f} R={score.recall:.3f} F1={score.f1:.3f}")
    assert score.f1 >= minimum
