"""`dossier entities` from the list kept beside the entity cache: the same output, no entity
index built on a warm call, built again when a document, the edits or the cache change."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tui import cli
from tui.commands import entities as command
from tui.core.entities.cache import cache_path
from tui.core.entities.listing import listing_path


@pytest.fixture
def folder(tmp_path: Path, seeds: Path) -> Path:
    out = tmp_path / "corpus"
    shutil.copytree(seeds, out)
    return out


def entities(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert cli.main(["entities", *args]) == 0
    return capsys.readouterr().out


def refuse_building(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the entity index was built")

    monkeypatch.setattr(command, "build_index", fail)


def test_a_warm_call_prints_the_kept_list(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = entities(capsys, str(folder), "--json")
    cold_text = entities(capsys, str(folder), "--type", "PERSON", "--limit", "3")
    refuse_building(monkeypatch)
    assert entities(capsys, str(folder), "--json") == cold
    assert entities(capsys, str(folder), "--type", "PERSON", "--limit", "3") == cold_text
    rows = [json.loads(line) for line in cold.splitlines()]
    assert rows[0]["name"] == "NATO" and set(rows[0]) == {
        "name",
        "type",
        "count",
        "docs",
        "aliases",
    }
    assert len(cold_text.splitlines()) == 3 and "\tPERSON" in cold_text


def test_a_changed_document_builds_the_list_again(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entities(capsys, str(folder), "--json")
    doc = next(folder.glob("000_*.txt"))
    doc.write_text(doc.read_text("utf-8") + "\n\nAngela Merkel spoke in Bratislava.\n", "utf-8")
    st = doc.stat()
    os.utime(doc, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    names = [json.loads(x)["name"] for x in entities(capsys, str(folder), "--json").splitlines()]
    assert "Angela Merkel" in names


def test_an_edit_or_a_lost_list_builds_it_again(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entities(capsys, str(folder), "--json")
    assert cli.main(["entities", str(folder), "--hide", "NATO"]) == 0
    names = [json.loads(x)["name"] for x in entities(capsys, str(folder), "--json").splitlines()]
    assert "NATO" not in names
    kept = listing_path(cache_path((str(folder.resolve()),)))
    kept.write_text("garbage", "utf-8")
    names = [json.loads(x)["name"] for x in entities(capsys, str(folder), "--json").splitlines()]
    assert "NATO" not in names and kept.read_text("utf-8") != "garbage"
