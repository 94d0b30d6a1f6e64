"""Driving the installed `dossier` in tmux: send keys, read the screen, poll with a deadline."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest


def dossier_command() -> str:
    exe = Path(sys.executable).parent / "dossier"
    if not exe.exists():
        found = shutil.which("dossier")
        if found is None:
            pytest.skip("the dossier command is not installed")
        exe = Path(found)
    return str(exe)


class Tmux:
    """One detached tmux session running a command at a fixed size, on a tmux server of its
    own (`-L`): sessions of other tests, starting or ending, cannot disturb it."""

    def __init__(self, command: str, env: dict[str, str], width: int = 100, height: int = 30):
        if shutil.which("tmux") is None:
            pytest.skip("tmux is not installed")
        self.name = f"dossier-e2e-{uuid.uuid4().hex[:8]}"
        self.tmux = ["tmux", "-L", self.name]
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        subprocess.run(
            [
                *self.tmux, "new-session", "-d", "-s", self.name,
                "-x", str(width), "-y", str(height),
                # The pause lets the resize below land before the program reads its size.
                # COLUMNS/LINES (set in a test worker's environment) would fix the program's size.
                f"sleep 0.3; env -u COLUMNS -u LINES TERM=xterm-256color {exports} {command};"
                " sleep 30",
            ],
            check=True,
        )  # fmt: skip
        # A new window can start at a default size whatever -x and -y said: insist.
        subprocess.run(
            [*self.tmux, "resize-window", "-t", self.name, "-x", str(width), "-y", str(height)],
            capture_output=True,
        )

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *keys], check=True)

    def screen(self) -> str:
        result = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        )
        return result.stdout

    def styled_screen(self) -> str:
        """The screen with its colours and attributes, as tmux records each cell."""
        result = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-e", "-t", self.name],
            capture_output=True,
            text=True,
        )
        return result.stdout

    def wait_for(self, *texts: str, timeout: float = 20.0) -> str:
        """The screen once every one of `texts` shows on it (at once: a screen drawn in several
        writes is not checked half-drawn)."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            time.sleep(0.1)  # polling the terminal, not waiting on the app's work
        raise AssertionError(f"{texts!r} did not all appear within {timeout}s; screen:\n{screen}")

    def wait_for_gone(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = self.screen()
        while time.monotonic() < deadline:
            screen = self.screen()
            if text not in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} still on screen after {timeout}s; screen:\n{screen}")

    def wait_until_prepared(self, timeout: float = 60.0) -> str:
        """The screen once a document is open (its place, "¶ 1/15", in the header) and the
        background work is done (the header's "preparing N% (…)" gone): at 80×24, `tab` before
        the first document opened did nothing."""
        self.wait_for("¶ ", timeout=timeout)
        return self.wait_for_gone("preparing", timeout=timeout)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)
