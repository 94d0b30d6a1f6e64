"""RTF files (also when saved as .txt): their text through striprtf, an optional extra.

Without striprtf installed (`pip install 'dossier[rtf]'`), an RTF file is skipped with a reason
that says so, never listed with a title such as `{\\rtf1\\ansi…`.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable

from tui.core.text import decode

RTF_MISSING = "RTF document: install the rtf extra (pip install 'dossier[rtf]') to read it"
_CODEPAGE = re.compile(rb"\\ansicpg(\d{3,5})")


def is_rtf(data: bytes) -> bool:
    """True when the bytes are an RTF document (`{\\rtf` at the start, after any BOM)."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:5] == b"{\\rtf"


def rtf_text(data: bytes) -> tuple[str, str] | None:
    """(plain text, encoding of its bytes) of an RTF document; None without striprtf.

    Raises ValueError when the document cannot be converted.
    """
    try:  # imported by name: an optional extra, untyped, maybe absent when type-checking
        module = importlib.import_module("striprtf.striprtf")
    except ImportError:
        return None
    rtf_to_text: Callable[..., str] = module.rtf_to_text
    m = _CODEPAGE.search(data[:4096])
    encoding = f"cp{int(m.group(1))}" if m else "cp1252"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1252"
    source, source_encoding = decode(data)
    try:
        text = rtf_to_text(source, encoding=encoding, errors="replace")
    except Exception as exc:  # the library's own errors on broken groups or escapes
        raise ValueError((str(exc) or exc.__class__.__name__)[:80]) from exc
    return text, source_encoding
