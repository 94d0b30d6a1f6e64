"""The package as people install it: a built wheel, `pip install`ed (not editable) in a fresh venv.

A source checkout finds styles/ and seeds/ beside tui/; an installed wheel must carry them inside
the package. These tests build the wheel, check what it holds, install it with its dependencies
into a new virtual environment and run the installed `dossier` from a directory far from here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# pip's download cache, inside the project's own (git-ignored) environment: the second run of the
# suite installs from it, and the real home directory is never touched.
PIP_CACHE = ROOT / ".venv" / "pip-cache"

pytestmark = pytest.mark.e2e


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    env = {**os.environ, "PIP_CACHE_DIR": str(PIP_CACHE)}
    done = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        ROOT,
        env,
    )
    assert done.returncode == 0, done.stderr
    (built,) = out.glob("dossier-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh venv with the wheel and its dependencies; yields its bin/ folder."""
    where = tmp_path_factory.mktemp("venv")
    venv.create(where, with_pip=True)
    bin_dir = where / "bin"
    env = {**os.environ, "PIP_CACHE_DIR": str(PIP_CACHE)}
    env.pop("PYTHONPATH", None)
    done = _run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], where, env)
    assert done.returncode == 0, done.stderr
    yield bin_dir


def test_the_wheel_holds_every_module_style_theme_and_seed(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tui").rglob("*.py")}
    expected |= {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "tui").rglob("*")
        if p.is_file() and "/data/" in p.as_posix() and "__pycache__" not in p.parts
    }
    expected |= {"tui/" + p.relative_to(ROOT).as_posix() for p in (ROOT / "styles").rglob("*.*")}
    expected |= {"tui/" + p.relative_to(ROOT).as_posix() for p in (ROOT / "seeds").glob("*")}
    assert expected - names == set()


def test_the_installed_dossier_lists_the_sample_corpus(installed: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["DOSSIER_DATA_DIR"] = str(tmp_path / "data")
    helped = _run([str(installed / "dossier"), "--help"], tmp_path, env)
    assert helped.returncode == 0, helped.stderr
    assert "usage: dossier" in helped.stdout

    listed = _run([str(installed / "dossier"), "list", "--json"], tmp_path, env)
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len([r for r in rows if "id" in r]) == len(list((ROOT / "seeds").glob("*.txt")))
    # The installed program uses the installed package, not this checkout.
    where = _run(
        [str(installed / "python"), "-c", "import tui, sys; sys.stdout.write(tui.__file__)"],
        tmp_path,
        env,
    )
    assert Path(where.stdout).resolve().is_relative_to(installed.parent.resolve())


def test_the_installed_app_finds_its_styles(installed: Path, tmp_path: Path) -> None:
    """The stylesheets and themes resolve inside the installed package and load."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["DOSSIER_DATA_DIR"] = str(tmp_path / "data")
    script = (
        "import sys\n"
        "from tui.core.paths import styles_dir, seeds_dir\n"
        "from tui.terminal.themes import load_themes\n"
        "print(styles_dir()); print(seeds_dir())\n"
        "print(len(load_themes()[0]))\n"
    )
    done = _run([str(installed / "python"), "-c", script], tmp_path, env)
    assert done.returncode == 0, done.stderr
    styles, seeds, themes = done.stdout.splitlines()
    assert Path(styles).is_relative_to(installed.parent.resolve())
    assert (Path(styles) / "app.tcss").is_file()
    assert Path(seeds).is_relative_to(installed.parent.resolve())
    assert int(themes) >= 3
