"""A first start of a large corpus in a real terminal at 80×24: its preview listed at once and
readable while its files are read whole; then the loaded corpus in its place, the open document
and its passage as they were on the terminal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.tmux import Tmux, dossier_command

PARTS = 10  # parts between blank lines: past the head (7), so the preview reads the head alone


@pytest.fixture
def large(tmp_path: Path) -> Iterator[Tmux]:
    """600 long stories, and a preview from one file on (as a corpus past 5,000 gets)."""
    corpus = tmp_path / "stories"
    for i in range(600):
        path = corpus / f"part{i // 200}" / f"{i:04}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        parts = [
            f"Part {p} of story {i}. The talks went on late into the night." for p in range(PARTS)
        ]
        path.write_text(f"Story {i:04} on the budget\n\n" + "\n\n".join(parts), encoding="utf-8")
    env = {"DOSSIER_DATA_DIR": str(tmp_path / "data"), "DOSSIER_PREVIEW_FROM": "1"}
    tmux = Tmux(f"{dossier_command()} {corpus}", env, width=80, height=24)
    yield tmux
    tmux.close()


def test_a_previewed_corpus_reads_on_through_its_load(large: Tmux) -> None:
    # The first story opened for the user (its place in the header): the list's cursor on it.
    large.wait_for("stories (600 documents)", "Story 0000 on the budget", "¶ 1/11")
    large.keys("j", "j", "Enter")  # the third story
    large.wait_for("part0/0002.txt ·", "Part 0 of story 2.")
    large.keys("j", "j")
    large.wait_for("¶ 3/11")
    screen = large.wait_until_prepared()  # loaded, indexed, entities found: all of it built
    assert "Story 0002 on the budget" in screen and "¶ 3/11" in screen, screen
    assert "Part 1 of story 2." in screen, screen  # the reader drawn at its passage
    large.keys("q")
    large.wait_for_gone("stories (600 documents)")
