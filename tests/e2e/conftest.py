"""Fixtures for the end-to-end tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.tmux import Tmux, dossier_command


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Tmux]:
    """The installed `dossier` on the seeds, in tmux at 100×30, with a data dir of its own."""
    tmux = Tmux(dossier_command(), {"DOSSIER_DATA_DIR": str(tmp_path / "data")})
    yield tmux
    tmux.close()
