"""End to end: the compacted output draws, in a real terminal (tmux), exactly the screen
Textual's own output draws: every cell's character, colours and attributes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.e2e.tmux import Tmux, dossier_command

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    "terminal",
    [
        {"TERM": "xterm-256color"},
        {"TERM": "xterm-256color", "COLORTERM": "truecolor"},
        {"TERM": "xterm", "NO_COLOR": "1"},
    ],
    ids=["256", "truecolor", "no-color"],
)
def test_compacted_and_plain_output_draw_the_same_screen(
    tmp_path: Path, terminal: dict[str, str]
) -> None:
    sessions = {
        flag: Tmux(
            dossier_command(),
            {"DOSSIER_DATA_DIR": str(tmp_path / flag), "DOSSIER_COMPACT_OUTPUT": flag} | terminal,
        )
        for flag in ("1", "0")
    }
    try:
        for tmux in sessions.values():
            tmux.wait_for("seeds (5 documents)")
            tmux.wait_until_prepared()
        # Open a document, move the passage cursor, page, open the entity panel, scroll the
        # list: full repaints and partial ones, in several styles.
        # A step that opens something waits for it in both sessions first: two frames can be
        # equal on the way (the list before the document opens), and keys sent then land
        # elsewhere in one session than in the other.
        steps: list[tuple[tuple[str, ...], str | None]] = [
            (("Enter",), "004_d9e1add691e13b5a.txt ·"),
            (("j", "j", "j"), None),
            (("space",), None),
            (("k",), None),
            (("e",), "Places"),
            (("Tab", "Down"), None),
        ]
        for keys, shown in steps:
            for tmux in sessions.values():
                tmux.keys(*keys)
            for tmux in sessions.values():
                if shown is not None:
                    tmux.wait_for(shown)
            compacted, plain = sessions["1"], sessions["0"]
            deadline = time.monotonic() + 15
            while True:  # both apps settle on the same frame, or the output differs
                a, b = compacted.styled_screen(), plain.styled_screen()
                if a == b or time.monotonic() > deadline:
                    break
                time.sleep(0.1)
            assert a == b, f"after {keys}:\n{a}\n---- plain output ----\n{b}"
        assert "\x1b[" in a  # the capture does carry the styles being compared
    finally:
        for tmux in sessions.values():
            tmux.close()
