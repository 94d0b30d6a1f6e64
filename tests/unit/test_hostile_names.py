"""Names from outside (file names) are shown as text: never an escape sequence a terminal would
obey, never a line break inside a row (part 11, first cases)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui.core.corpus import load_corpus
from tui.core.text import one_line
from tui.widgets.reader_text import title_block

OSC = "\x1b]52;c;cHduZWQ=\x07\x1b]0;PWNED\x07"
HOSTILE = [f"a{OSC}.txt", "line\nbreak.txt", "rtl\u202etxt.txt", "bell\x07.txt"]


def write_hostile(root: Path) -> list[Path]:
    paths = []
    for name in HOSTILE:
        path = root / name
        path.write_text("A plain title.\n\nSome text.\n", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.parametrize("name", HOSTILE)
def test_one_line_leaves_no_control_and_no_line_break(name: str) -> None:
    shown = one_line(name)
    assert shown.isprintable(), repr(shown)
    assert "\u202e" not in shown and "\n" not in shown
    assert shown[:2] in ("a^", "li", "rt", "be")  # the readable part stays


def test_dossier_list_prints_hostile_file_names_as_text(tmp_path: Path) -> None:
    write_hostile(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "tui", "list", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\u202e" not in result.stdout
    lines = result.stdout.splitlines()
    assert len(lines) == len(HOSTILE)  # a newline in a name does not split its row
    assert any("^[]0;PWNED^G" in line for line in lines)  # shown, so the user sees it


def test_the_reader_title_block_shows_a_hostile_name_as_text(tmp_path: Path) -> None:
    from rich.style import Style

    write_hostile(tmp_path)
    corpus = load_corpus([str(tmp_path)])
    assert len(corpus.documents) == len(HOSTILE)
    for doc in corpus.documents:
        plain = Style()
        strips = title_block(doc, 80, "", title=plain, meta=plain, rule=plain)
        text = "".join(segment.text for strip in strips for segment in strip)
        assert text.isprintable(), repr(text)
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text


def test_the_title_block_counts_in_the_singular_for_one(tmp_path: Path) -> None:
    from rich.style import Style

    (tmp_path / "one.txt").write_text("Alone.\n", encoding="utf-8")
    (doc,) = load_corpus([str(tmp_path)]).documents
    plain = Style()
    strips = title_block(doc, 80, "", title=plain, meta=plain, rule=plain)
    text = "".join(segment.text for strip in strips for segment in strip)
    assert "1 word · 1 passage" in text  # was "1 words · 1 passages"
