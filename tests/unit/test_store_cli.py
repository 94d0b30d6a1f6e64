"""`dossier bookmarks add|list|export|import` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unit.test_store import TEXTS, write_doc


def dossier(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    from tui.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def json_lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


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


@pytest.mark.parametrize("action", ["list", "export"])
def test_list_and_export_say_they_cover_every_corpus_without_paths(
    capsys: pytest.CaptureFixture[str], action: str
) -> None:
    """Their help said "(default: the bundled seeds)", as the other commands', while they
    cover every corpus in the store."""
    code, out, _ = dossier(capsys, "bookmarks", action, "--help")
    out = " ".join(out.split())
    assert code == 0
    assert "(default: every corpus in the store)" in out and "seeds" not in out
