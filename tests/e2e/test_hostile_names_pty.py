"""Part 11: the bytes the reader writes to its terminal for a corpus of hostile file names.

The program runs in a pseudo-terminal; every byte it writes is kept. Textual's own control
sequences (CSI: cursor, colour, modes) are taken out; what is left must hold no ESC, no C1
control and no bidi override: a name is shown, never obeyed (OSC 52 clipboard, OSC 0 title).
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pyte
import pytest

pytestmark = pytest.mark.e2e

OSC = "\x1b]52;c;cHduZWQ=\x07\x1b]0;PWNED\x07"
NAMES = [f"a{OSC}.txt", "rtl\u202etxt.txt", "c1\x9b31m.txt", "nl\nname.txt", "[BBC] Report.txt"]
CSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]")
# What Textual itself writes besides CSI: keypad modes, save/restore cursor, pointer shape.
OWN = re.compile(rb"\x1b[=>78]|\x1b\]22;[a-z-]*\x07")


class Pty:
    """A program on a pseudo-terminal of a fixed size, its output gathered as it comes."""

    def __init__(self, argv: list[str], env: dict[str, str], cols: int = 100, rows: int = 30):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.output = bytearray()
        # What the terminal shows: a screen drawn in pieces (a row's cells written apart,
        # styles between them) is read as a person reads it, not as a run of bytes.
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)

    def shows(self, needle: str) -> bool:
        return any(needle in line for line in self.screen.display)

    def read_until(self, needle: str, timeout: float = 60, gone: bool = False) -> None:
        """Read until `needle` shows on the screen (`gone`: until it no longer does)."""
        deadline = time.monotonic() + timeout
        while self.shows(needle) == gone:
            left = deadline - time.monotonic()
            if left <= 0:
                shown = "\n".join(self.screen.display)
                raise AssertionError(f"{needle!r} not written within {timeout} s:\n{shown}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the program closed the terminal
                    raise AssertionError(f"exited before writing {needle!r}") from None
                self.output += chunk
                self.stream.feed(chunk)

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def finish(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:
                    break
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        os.close(self.master)


def test_hostile_file_names_reach_the_terminal_as_text(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    for name in NAMES:
        (root / name).write_text("Geneva talks\n\nNATO met in Geneva today.\n", "utf-8")
    with open(os.fsencode(root) + b"/bad\xff.txt", "wb") as fh:
        fh.write(b"Bad name\n\nNATO met in Geneva too.\n")
    env = {
        # COLUMNS/LINES (set in a test worker's environment) would override the pty's size.
        **{k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")},
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "DOSSIER_DATA_DIR": str(tmp_path / "data"),
    }
    term = Pty([sys.executable, "-m", "tui", str(root)], env)
    try:
        term.read_until("Report.txt")  # the list is drawn
        term.send("\r")  # open the first document
        term.read_until("NATO met")
        term.send("b")  # bookmark a passage: a toast names the document
        term.read_until("Bookmarked")
        term.send("B")  # the bookmarks screen
        term.read_until("Bookmarks")
        term.send("\x1b")
        term.read_until("Bookmarks", gone=True)  # back on the reader
        term.send("q")
    finally:
        term.finish()
    assert term.proc.returncode == 0, bytes(term.output[-2000:])
    rest = OWN.sub(b"", CSI.sub(b"", bytes(term.output)))
    leaks = [m.start() for m in re.finditer(rb"\x1b", rest)]
    assert leaks == [], [rest[i : i + 30] for i in leaks[:5]]
    text = rest.decode("utf-8", "replace")
    assert not re.search(r"[\x80-\x9f\u202a-\u202e\u2066-\u2069]", text)
