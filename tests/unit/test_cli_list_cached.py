"""`dossier list --json` from the corpus cache: the same lines as from the documents, and any
change to the files (edited, touched, added, removed, a new folder) seen."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import tui.commands.list as list_command
from tui.cli import main
from tui.core.corpus import load_corpus
from tui.core.corpus.cache_load import fresh_snapshot
from tui.core.paths import seeds_dir

PAST = 1_600_000_000  # well before "now": a file just written is cached as stale (RACY_NS)


def write(path: Path, text: str, when: int = PAST) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (when, when))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(seeds_dir(), root)  # dates, bylines, sources
    for file in root.iterdir():
        os.utime(file, (PAST, PAST))
    write(root / "sub" / "partial.txt", "afrol News, 27 January - The fuel price rose. Traders.")
    write(root / "sub" / "odd.txt", "Ti\u0085tle \u202eevil\u202c “quoted”\n\nBody text here.")
    write(root / "notes.csv", "not a document")  # not listed, not a change
    write(root / ".hidden.txt", "Hidden\n\nNot listed.")
    return root


def listed(capsys: pytest.CaptureFixture[str], root: Path) -> list[str]:
    assert main(["list", "--json", str(root)]) == 0
    return capsys.readouterr().out.splitlines()


def by_documents(root: Path) -> list[str]:
    """The lines as `json_row` of each loaded document gives them (the path for a change)."""
    from tui.commands.common import json_line

    corpus = load_corpus([root])
    lines = [json_line(list_command.json_row(doc)) for doc in corpus.documents]
    return lines + [json_line({"skipped": s.path, "reason": s.reason}) for s in corpus.skipped]


def test_the_cached_lines_are_the_documents_lines(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = listed(capsys, corpus)  # the first call builds the cache
    assert fresh_snapshot([corpus]) is not None
    again = listed(capsys, corpus)
    assert again == first == by_documents(corpus)
    rows = [json.loads(line) for line in again]
    assert len(rows) == 7 and any(r.get("partial_date") == "--01-27" for r in rows)
    odd = next(line for line in again if "odd.txt" in line)
    assert not any(c in odd for c in "\u0085\u202e\u202c")  # never raw
    assert "“quoted”" in odd  # readable UTF-8 stays


def test_a_warm_call_makes_no_document(
    corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = listed(capsys, corpus)

    def no_load(*args: object, **kwargs: object) -> None:
        raise AssertionError("loaded the corpus although no file changed")

    monkeypatch.setattr(list_command, "load", no_load)
    assert listed(capsys, corpus) == expected


@pytest.mark.parametrize(
    "change",
    ["edit", "same size", "touch", "add", "remove", "new folder", "rename"],
)
def test_a_change_to_the_files_is_seen(
    corpus: Path, capsys: pytest.CaptureFixture[str], change: str
) -> None:
    listed(capsys, corpus)
    target = corpus / "sub" / "partial.txt"
    if change == "edit":
        write(target, "Fuel prices fall\n\nTraders cheered the news today.", PAST + 60)
    elif change == "same size":
        text = target.read_text(encoding="utf-8")
        write(target, text.replace("rose", "fell"), PAST + 60)
    elif change == "touch":
        os.utime(target, (PAST + 60, PAST + 60))
    elif change == "add":
        write(corpus / "sub" / "new.md", "# Added\n\nA new document.")
    elif change == "remove":
        target.unlink()
    elif change == "new folder":
        write(corpus / "sub" / "deeper" / "new.txt", "Deeper\n\nA new document.")
    else:
        target.rename(corpus / "sub" / "renamed.txt")
    assert fresh_snapshot([corpus]) is None
    lines = listed(capsys, corpus)
    assert lines == by_documents(corpus)
    titles = [json.loads(line).get("title") for line in lines]
    expected = {
        "edit": "Fuel prices fall",
        "add": "Added",
        "new folder": "Deeper",
    }
    if change in expected:
        assert expected[change] in titles
    if change == "same size":
        assert any("fell" in (t or "") for t in titles)
    if change == "remove":
        assert len(lines) == 6
    assert fresh_snapshot([corpus]) is not None  # that call wrote the cache anew


def test_ignored_files_and_folders_are_no_change(corpus: Path) -> None:
    load_corpus([corpus])
    assert fresh_snapshot([corpus]) is not None
    write(corpus / "more.csv", "still not a document")
    write(corpus / ".another.txt", "Hidden\n\nStill hidden.")
    write(corpus / ".git" / "x.txt", "Inside a hidden folder.")
    (corpus / "linked").symlink_to(corpus / "sub", target_is_directory=True)  # not entered
    assert fresh_snapshot([corpus]) is not None


def test_a_corpus_of_several_roots_or_with_a_skipped_file_is_loaded(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other"
    write(other / "x.txt", "Other\n\nText.")
    listed(capsys, corpus)
    assert main(["list", "--json", str(corpus), str(other)]) == 0
    assert fresh_snapshot([corpus, other]) is None
    write(corpus / "empty.txt", "")
    lines = listed(capsys, corpus)
    assert json.loads(lines[-1]) == {"skipped": str(corpus / "empty.txt"), "reason": "empty file"}
    assert fresh_snapshot([corpus]) is None  # a skipped file is read again every time
