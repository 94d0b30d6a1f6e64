"""Shared fixtures: user data never touches the real home directory."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BBC = ROOT.parent / "shared" / "corpora" / "bbc-news"


def fresh_python(script: str, data: Path) -> str:
    """What `script` prints in a fresh interpreter whose data directory is `data`: what a start
    imports or makes, not what this test process already holds."""
    env = {**os.environ, "DOSSIER_DATA_DIR": str(data)}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("DOSSIER_DATA_DIR", str(data))
    monkeypatch.setenv("DOSSIER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return data


@pytest.fixture(autouse=True)
def collectable_after_the_test() -> Iterator[None]:
    """An app run here freezes what it built (tui/core/memory.py), as it does when run for
    real; it is handed back to the collector after each test, so one test's app never
    outlives it."""
    yield
    gc.unfreeze()


@pytest.fixture
def seeds() -> Path:
    return SEEDS


@pytest.fixture
def bbc() -> Path:
    if not BBC.is_dir():
        pytest.skip("../shared/corpora/bbc-news is not present")
    return BBC
