"""`dossier serve`: the command it serves, and a clear message without the extra."""

from __future__ import annotations

import builtins
import shlex
import sys
from typing import Any

import pytest

from tui.cli import main
from tui.commands.serve import serve_command


def test_serve_command_runs_this_python_on_the_paths() -> None:
    cmd = shlex.split(serve_command(["/a b/corpus"], "/data dir"))
    assert cmd == [sys.executable, "-m", "tui", "--data-dir", "/data dir", "/a b/corpus"]


def test_without_the_extra_a_one_line_message_and_status_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("textual_serve"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    assert main(["serve"]) == 2
    assert "pip install 'dossier[serve]'" in capsys.readouterr().err
