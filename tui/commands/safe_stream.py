"""Standard output and error for subcommands: nothing a terminal would obey gets through.

Each command shows names with `one_line`; this is the net under them for any string from
outside that a command prints as it is (a title in `related`, a reason in `doctor`).
"""

from __future__ import annotations

import re
from typing import Any, TextIO, cast

# C0 controls but tab and newline (and carriage return for stderr's progress bar), DEL, C1,
# bidirectional overrides and isolates, lone surrogates (undecodable bytes of a file name).
_UNSAFE_OUT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_ERR = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return "^" + chr(code + 0x40)
    return "^?" if code == 0x7F else f"<U+{code:04X}>"


class SafeStream:
    """Wraps a text stream: controls shown as ^X / <U+XXXX>, unencodable characters as \\x.."""

    def __init__(self, stream: TextIO, allow_return: bool = False) -> None:
        self._stream = stream
        self._unsafe = _UNSAFE_ERR if allow_return else _UNSAFE_OUT

    def write(self, text: str) -> int:
        text = self._unsafe.sub(_visible, text)
        try:
            return self._stream.write(text)
        except UnicodeEncodeError:  # a terminal whose encoding lacks a character
            encoding = getattr(self._stream, "encoding", None) or "ascii"
            return self._stream.write(
                text.encode(encoding, "backslashreplace").decode(encoding, "replace")
            )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def safe_streams(out: TextIO, err: TextIO) -> tuple[TextIO, TextIO]:
    """(stdout, stderr) wrapped; already wrapped streams are kept as they are."""
    return (
        out if isinstance(out, SafeStream) else cast(TextIO, SafeStream(out)),
        err if isinstance(err, SafeStream) else cast(TextIO, SafeStream(err, allow_return=True)),
    )
