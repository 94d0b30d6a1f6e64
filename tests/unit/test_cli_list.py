"""`dossier list`, --help, --version, and errors, through the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tui.cli import main


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, cwd=cwd, timeout=60
    )


def test_list_json_defaults_to_bundled_seeds_from_any_directory(tmp_path: Path) -> None:
    result = run("list", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 5
    assert set(rows[0]) == {"id", "title", "date", "byline", "source", "words", "passages"}
    assert rows[0]["id"].startswith("000_") and rows[0]["date"] == "2024-02-19"


def test_list_reports_skipped_files(tmp_path: Path, capsys: object) -> None:
    (tmp_path / "ok.txt").write_text("Ok\n\nText.")
    (tmp_path / "empty.txt").write_text("")
    assert main(["list", "--json", str(tmp_path)]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[-1] == {"skipped": str(tmp_path / "empty.txt"), "reason": "empty file"}


def test_missing_path_and_empty_corpus_exit_2_without_traceback(tmp_path: Path) -> None:
    result = run("list", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert "no such file or folder" in result.stderr and "Traceback" not in result.stderr
    (tmp_path / "empty.txt").write_text("")
    result = run("list", str(tmp_path))
    assert result.returncode == 2 and "no readable document" in result.stderr
    assert "(1 file skipped)" in result.stderr  # not "(1 files skipped)"
    result = run(str(tmp_path / "nope"))
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_help_and_version() -> None:
    result = run("--help")
    assert result.returncode == 0 and "list" in result.stdout and "--data-dir" in result.stdout
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("dossier ")


def test_search_help_says_how_to_give_a_query_starting_with_a_minus() -> None:
    """`dossier search -dollar` is taken for an option by argparse: the help says `--`."""
    result = run("search", "--help")
    assert result.returncode == 0 and "goes after --" in " ".join(result.stdout.split())
