"""Fewer bytes per frame: drop what the terminal would do anyway from Textual's output.

Textual renders every run of text as `ESC[<style>m text ESC[0m`, and separates the lines of an
update with a newline *and* an absolute cursor move. Over SSH those bytes are most of a frame:
a line of text in the reader costs its characters plus two or three full style sequences. The
terminal keeps its graphic rendition (SGR) across cursor moves, so a reset followed by the
very style that was in force is a no-op, and a newline right before an absolute move is too.

`compact` rewrites one frame so that a style sequence is sent only when the rendition in force
has to change, and then only the difference (`ESC[38;5;188m` rather than a reset and the whole
style again); it drops those newlines, and moves to where the cursor already is (Textual moves
before each piece of a line). The screen it produces is the same, cell for cell
(`tests/unit/test_termout.py` and `tests/e2e/test_compact_output_e2e.py` check that). Each
frame ends in the default rendition, as Textual's did, so nothing leaks into the shell after
the app exits.

Pure Python, no Textual import: the driver in `tui/terminal/driver.py` applies it to what it writes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple


def compaction_enabled(env: Mapping[str, str] | None = None) -> bool:
    """Whether frames are compacted: yes unless DOSSIER_COMPACT_OUTPUT is 0, no or off."""
    value = (os.environ if env is None else env).get("DOSSIER_COMPACT_OUTPUT", "1")
    return value.strip().lower() not in {"0", "no", "off"}


# One token per match: an SGR sequence, an absolute cursor move, a newline, any other escape
# sequence (CSI, OSC, or a two-character escape), or a run of plain text.
_TOKEN = re.compile(
    r"(?P<sgr>\x1b\[(?P<params>[0-9;:]*)m)"
    r"|(?P<move>\x1b\[[0-9]*(?:;[0-9]*)?H)"
    r"|(?P<newline>\r?\n)"
    r"|(?P<other>\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[^\[\]])"
    r"|(?P<text>[^\x1b\r\n]+|[\x1b\r])",
)

# Attribute codes that switch something on, and the code that switches each off.
_OFF = {1: 22, 2: 22, 3: 23, 4: 24, 21: 24, 5: 25, 6: 25, 7: 27, 8: 28, 9: 29}
_OFF |= {51: 54, 52: 54, 53: 55}
# And what each off code switches off (22 ends both bold and dim).
_CLEARS = {off: tuple(on for on, o in _OFF.items() if o == off) for off in set(_OFF.values())}
_FG = set(range(30, 38)) | set(range(90, 98))
_BG = set(range(40, 48)) | set(range(100, 108))


class Rendition(NamedTuple):
    """What SGR state a terminal is in: attributes on, foreground, background (as the
    parameters that set them; None is the default colour)."""

    attrs: frozenset[int] = frozenset()
    fg: tuple[int, ...] | None = None
    bg: tuple[int, ...] | None = None

    def params(self) -> list[int]:
        """Parameters that set this rendition from the default one."""
        out = sorted(self.attrs)
        if self.fg is not None:
            out += self.fg
        if self.bg is not None:
            out += self.bg
        return out


DEFAULT = Rendition()


@lru_cache(maxsize=4096)  # a theme has a few dozen styles: frames repeat the same changes
def apply_sgr(state: Rendition, params: str) -> Rendition | None:
    """The rendition after `ESC[<params>m` in `state`; None for parameters not modelled here
    (the caller then passes the sequence on as it was)."""
    try:
        codes = [int(p) if p else 0 for p in params.split(";")]
    except ValueError:
        return None
    attrs, fg, bg = set(state.attrs), state.fg, state.bg
    i = 0
    while i < len(codes):
        code = codes[i]
        if code == 0:
            attrs, fg, bg = set(), None, None
        elif code in _OFF:
            attrs.add(code)
        elif code in _CLEARS:
            attrs.difference_update(_CLEARS[code])
        elif code in _FG:
            fg = (code,)
        elif code == 39:
            fg = None
        elif code in _BG:
            bg = (code,)
        elif code == 49:
            bg = None
        elif code in (38, 48):
            kind = codes[i + 1] if i + 1 < len(codes) else -1
            size = {5: 2, 2: 4}.get(kind)
            if size is None or i + size >= len(codes):
                return None
            colour = tuple(codes[i : i + size + 1])
            if code == 38:
                fg = colour
            else:
                bg = colour
            i += size
        else:
            return None
        i += 1
    return Rendition(frozenset(attrs), fg, bg)


@lru_cache(maxsize=4096)
def transition(have: Rendition, want: Rendition) -> str:
    """The shortest SGR sequence (of a difference or a reset and the whole) from `have` to
    `want`; "" when they are the same."""
    if have == want:
        return ""
    full = "\x1b[" + ";".join(map(str, [0, *want.params()])) + "m"
    if want == DEFAULT:
        return "\x1b[0m"
    offs = sorted({_OFF[a] for a in have.attrs - want.attrs})
    left = set(have.attrs)
    for off in offs:
        left.difference_update(_CLEARS[off])
    codes: list[int] = [*offs, *sorted(want.attrs - left)]
    if want.fg != have.fg:
        codes += want.fg if want.fg is not None else (39,)
    if want.bg != have.bg:
        codes += want.bg if want.bg is not None else (49,)
    delta = "\x1b[" + ";".join(map(str, codes)) + "m"
    return delta if len(delta) < len(full) else full


@lru_cache(maxsize=4096)  # a frame moves to the start of each line: the same moves each frame
def _target(move: str) -> tuple[int, int]:
    """The row and column (from 1) an absolute move `ESC[<row>;<col>H` goes to."""
    row, _, col = move[2:-1].partition(";")
    return int(row or 1), int(col or 1)


def compact(frame: str) -> str:
    """`frame` with redundant SGR sequences and newlines removed (see the module doc).

    The terminal is assumed to be in the default rendition when the frame starts, which holds
    because every frame (Textual's and ours) ends in it. Text is assumed not to run past the
    right edge of the screen (Textual crops every line to the screen). A frame with an SGR
    parameter not modelled here is passed on unchanged.
    """
    if "\x1b[" not in frame:
        return frame
    out: list[str] = []
    append = out.append
    have = DEFAULT  # the rendition the terminal is in
    want = DEFAULT  # the one the next character must be drawn in
    # Where the cursor is, while that is known: the row after an absolute move, the column
    # while only printable ASCII (one cell a character, no doubt about widths) followed it.
    row: int | None = None
    col: int | None = None
    # Each token as its groups' texts, one of sgr, move, newline, other and text not empty: one
    # call for the frame instead of a match object and its methods a token (a seeds frame:
    # 175 -> 116 us).
    tokens = _TOKEN.findall(frame)
    last = len(tokens) - 1
    for index, (sgr, params, move, newline, other, text) in enumerate(tokens):
        if sgr:
            after = apply_sgr(want, params)
            if after is None:
                return frame
            want = after
            continue
        if move:
            target = _target(move)
            if (row, col) != target:  # a move to where the cursor already is: nothing to do
                append(move)  # cursor moves keep the rendition: no need to settle it
            row, col = target
            continue
        if newline or other:
            if newline and row is not None and index < last:
                following = tokens[index + 1][2]
                if following and _target(following)[0] > row:
                    # The move puts the cursor where it has to be anyway, and as it goes down
                    # the newline was not on the bottom row (where it would have scrolled).
                    continue
            row = col = None  # a newline or another escape may have moved the cursor
            text = newline or other
        elif col is not None:
            col = col + len(text) if text.isascii() and text.isprintable() else None
        # Text, a newline (it may scroll) or another escape (it may erase): settle first.
        if have != want:
            append(transition(have, want))
            have = want
        append(text)
    if have != DEFAULT:
        append("\x1b[0m")
    return "".join(out)
