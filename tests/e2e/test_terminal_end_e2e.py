"""The reader when its terminal goes away without a hangup signal reaching it (a window closed
or an SSH session dropped while Dossier was not the terminal's controlling process, or with
SIGHUP ignored): its input ends, and it must quit, not read on for ever."""

from __future__ import annotations

import os
import shlex
import sqlite3
import sys
from pathlib import Path

import pytest

from tests.e2e.test_hostile_names_pty import Pty

pytestmark = pytest.mark.e2e

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_the_reader_quits_when_its_terminal_is_gone(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")},
        "TERM": "xterm-256color",
        "DOSSIER_DATA_DIR": str(tmp_path / "data"),
    }
    # A session of its own and no controlling terminal: closing the terminal sends no SIGHUP.
    term = Pty([sys.executable, "-m", "tui", str(SEEDS)], env, cols=80, rows=24)
    try:
        term.read_until("Ukraine Security")  # a row of the list
        term.send("\r")  # open the highlighted document: its position is what quitting saves
        term.read_until("min ·")  # the reader's header: "… min · N words · M passages"
        term.send("j")
        term.read_until("¶ 2/")  # moved: the position is being saved
        os.close(term.master)  # the terminal is gone: the program's reads now end
        # Before, the input thread read nothing again and again (~50 % of a core) for ever.
        term.proc.wait(timeout=60)
    finally:
        if term.proc.poll() is None:
            term.proc.kill()
            term.proc.wait(timeout=10)
    assert term.proc.returncode == 0
    store = tmp_path / "data" / "dossier.sqlite"
    with sqlite3.connect(store) as conn:
        assert conn.execute("SELECT COUNT(*) FROM positions").fetchone()[0] >= 1


def test_input_that_ends_at_once_quits_cleanly(tmp_path: Path) -> None:
    """`dossier < /dev/null`: the input ends before the main screen is up. It used to read on
    for ever; quitting then, while the screen mounted, crashed it (NoMatches)."""
    import subprocess

    env = {**os.environ, "DOSSIER_DATA_DIR": str(tmp_path / "data"), "TERM": "xterm-256color"}
    done = subprocess.run(
        [sys.executable, "-m", "tui", str(SEEDS)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert b"Traceback" not in done.stdout + done.stderr


def test_sigterm_quits_and_gives_the_terminal_back(tmp_path: Path) -> None:
    """`kill`, `timeout`, a shutdown: before, the process ended at once and the terminal kept
    the app's screen (the alternate screen never left, the mouse still reported)."""
    import signal
    import subprocess

    from tests.e2e.tmux import Tmux, dossier_command

    env = {"DOSSIER_DATA_DIR": str(tmp_path / "data")}
    command = f"echo before-app; {dossier_command()} {SEEDS}; echo exit=$?"
    tmux = Tmux(f"sh -c {shlex.quote(command)}", env, width=80, height=24)
    try:
        tmux.wait_for("Ukraine Security")  # a row of the list: the app is up
        pane = subprocess.run(
            [*tmux.tmux, "display", "-p", "-t", tmux.name, "#{pane_pid}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        shells = subprocess.run(["pgrep", "-P", pane], capture_output=True, text=True).stdout
        programs = [
            int(pid)
            for shell in shells.split()
            for pid in subprocess.run(
                ["pgrep", "-P", shell], capture_output=True, text=True
            ).stdout.split()
        ]
        assert len(programs) == 1, (shells, programs)
        os.kill(programs[0], signal.SIGTERM)
        screen = tmux.wait_for("exit=", timeout=30)
    finally:
        tmux.close()
    assert "before-app" in screen and "exit=0" in screen, screen  # the shell's own screen back
    assert "Ukraine Security" not in screen, screen
