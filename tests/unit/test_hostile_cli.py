"""Part 11: what the command line prints for hostile names, notes and arguments.

Every output is checked for what a terminal would obey (ESC, other C0 and C1 controls, bidi
overrides); refused input gives status 2 and one line on stderr, never a traceback.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.cli import main

OSC = "\x1b]52;c;cHduZWQ=\x07\x1b]0;PWNED\x07"
NAMES = [f"a{OSC}.txt", "rtl\u202etxt.txt", "c1\x9b31m.txt", "nl\nname.txt"]
# What a terminal obeys: C0 but tab and newline, DEL, C1, bidi controls, lone surrogates.
OBEYED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def corpus(root: Path) -> Path:
    root.mkdir()
    for name in NAMES:
        (root / name).write_text("Geneva talks.\n\nNATO met in Geneva today.\n", "utf-8")
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_inert(*texts: str) -> None:
    for text in texts:
        assert not OBEYED.search(text), repr(OBEYED.findall(text))
        assert "Traceback" not in text


def test_search_plain_and_json_show_names_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = corpus(tmp_path / "c")
    code, out, err = run(capsys, "search", "geneva", str(root))
    assert code == 0 and out.count("#") >= len(NAMES)
    assert_inert(out, err)
    code, out, err = run(capsys, "search", "geneva", str(root), "--json")
    assert code == 0
    assert_inert(out, err)
    docs = {json.loads(line)["doc"] for line in out.splitlines()}
    assert docs == set(NAMES)  # escaped in JSON, intact once parsed


def test_bookmarks_add_list_export_show_names_notes_and_tags_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = corpus(tmp_path / "c")
    for name in NAMES:
        code, out, err = run(
            capsys, "bookmarks", "add", name, "2", str(root), "--note", OSC, "--tag", "t\u202e"
        )
        assert code == 0, err
        assert_inert(out, err)
    code, out, err = run(capsys, "bookmarks", "list")
    assert code == 0 and len(out.splitlines()) == len(NAMES)
    assert_inert(out, err)
    assert "^[]0;PWNED^G" in out  # shown, so the reader sees what the note holds
    code, out, err = run(capsys, "bookmarks", "list", "--json")
    assert_inert(out, err)
    assert {json.loads(line)["note"] for line in out.splitlines()} == {OSC}
    code, out, err = run(capsys, "bookmarks", "export")
    assert code == 0 and out.count("### ") == len(NAMES)
    assert_inert(out, err)


def test_imported_notes_and_quotes_are_shown_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = {"root": "/x", "doc": f"d{OSC}.txt", "passage": 1, "quote": f"q{OSC}\u202e"}
    entry["note"] = "\x1b]0;NOTETITLE\x07"
    file = tmp_path / "in.json"
    file.write_text(json.dumps({"bookmarks": [entry]}), "utf-8")
    code, out, err = run(capsys, "bookmarks", "import", str(file))
    assert code == 0, err
    for argv in (["list"], ["export"], ["export", "--format", "md"]):
        code, out, err = run(capsys, "bookmarks", *argv)
        assert code == 0 and "NOTETITLE" in out
        assert_inert(out, err)


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["search", "nato", "--limit", "99999999999999999999"], "--limit"),
        (["related", "x.txt", "--limit", "-1"], "--limit"),
        (["frobnicate"], "no command or file"),
        (["search", "-nato"], "'--'"),
        (["bookmarks", "frob"], "invalid choice"),
    ],
)
def test_argument_errors_are_one_line_and_status_2(
    argv: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, *argv)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and needle in err, err


def test_data_dir_is_accepted_after_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = corpus(tmp_path / "c")
    data = tmp_path / "elsewhere"
    code, _, err = run(
        capsys, "bookmarks", "add", NAMES[1], "2", str(root), "--data-dir", str(data)
    )
    assert code == 0, err
    assert (data / "dossier.sqlite").exists()


NON_UTF8 = b"bad\xff.txt"
COMMANDS = [["list"], ["search", "nato"], ["index"], ["entities"], ["related", "good.txt"]]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: a[0])
def test_a_non_utf8_file_name_breaks_nothing(tmp_path: Path, argv: list[str]) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "good.txt").write_text("Good\n\nNATO met in Geneva.\n", "utf-8")
    with open(os.fsencode(root) + b"/" + NON_UTF8, "wb") as fh:
        fh.write(b"Bad\n\nNATO met in Geneva too.\n")
    env = {"PYTHONIOENCODING": "utf-8:strict", "DOSSIER_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run(
        [sys.executable, "-m", "tui", *argv, str(root)],
        capture_output=True,
        env={**os.environ, **env},
        timeout=120,
    )
    out, err = result.stdout.decode(), result.stderr.decode()
    assert result.returncode == 0, err
    assert_inert(out, err)
    leftovers = [p.name for p in (tmp_path / "data").rglob("*.tmp")]
    assert leftovers == []
    if argv == ["list"]:
        assert "bad\\xff.txt" in err and "not UTF-8" in err  # skipped, with why


def test_an_entity_renamed_to_an_escape_sequence_is_shown_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("Talks\n\nNATO met in Geneva. Geneva was calm.\n", "utf-8")
    code, out, err = run(capsys, "entities", str(root), "--rename", "Geneva", f"G{OSC}\u202e")
    assert code == 0, err
    assert_inert(out, err)
    for extra in ([], ["--json"]):
        code, out, err = run(capsys, "entities", str(root), *extra)
        assert code == 0 and "PWNED" in out
        assert_inert(out, err)


# Any bytes a POSIX file name may hold: controls, escapes, invalid UTF-8.
names = st.binary(min_size=1, max_size=30).filter(lambda b: b"/" not in b and b"\x00" not in b)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(names, min_size=1, max_size=4, unique=True))
def test_any_file_names_list_as_inert_lines(names_: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name in names_:
            path = os.fsencode(tmp) + b"/" + name + b".txt"
            with contextlib.suppress(OSError), open(path, "wb") as fh:
                fh.write(b"Title\n\nSome text.\n")
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["list", tmp, "--json"]) if len(names_) % 2 else main(["list", tmp])
        assert code in (0, 2)
        assert_inert(out.getvalue(), err.getvalue())
