"""End to end: the installed program in tmux, read as a person would read it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.tmux import Tmux, dossier_command

pytestmark = pytest.mark.e2e


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Tmux]:
    tmux = Tmux(dossier_command(), {"DOSSIER_DATA_DIR": str(tmp_path / "data")})
    yield tmux
    tmux.close()


def test_opens_the_seeds_and_reads(session: Tmux) -> None:
    screen = session.wait_for("seeds (5 documents)")
    assert "NATO Just Got Its Second Life" in screen
    session.keys("G")  # last document in the list, sorted by title
    session.keys("Enter")
    session.wait_for("003_6a95722672624bc6.txt ·")  # the reader's title block
    session.keys("j", "j", "t")
    screen = session.wait_for("Outline — Ukraine Security")
    assert "The Role of Track II Diplomacy" in screen
    session.keys("Down", "Down", "Enter")
    session.wait_for_gone("Outline —")
    session.keys("?")
    session.wait_for("Dossier — keys")
    session.keys("Escape")
    session.wait_for_gone("Dossier — keys")
    session.keys("[")  # back to the first document opened
    session.wait_for("004_d9e1add691e13b5a.txt ·")


def test_quits_cleanly(session: Tmux) -> None:
    session.wait_for("seeds (5 documents)")
    session.keys("q")
    # After quitting, the shell's `sleep` keeps the pane; the app's screen is gone.
    session.wait_for_gone("seeds (5 documents)")
