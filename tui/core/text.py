"""Text hygiene: decoding bytes and neutralising what a terminal would obey."""

from __future__ import annotations

import re
import unicodedata

# CSI (ESC [ ... final), OSC (ESC ] ... BEL/ST), other two-byte escapes, and 8-bit CSI/OSC.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[@-Z\\-_]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x9d[^\x07\x9c]*[\x07\x9c]?"
)
# C0 controls but tab and newline, DEL, C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")
# Bidirectional overrides and isolates can make text display other than it reads.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Lone surrogates: a file name's undecodable bytes (os.fsdecode); no encoder writes them.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Anything `neutralise` changes (tabs too), in one pattern: one scan of a text, not three.
_UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# What a JSON line must not carry raw even with ensure_ascii=False: C1, bidi, surrogates.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


def _caret(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return "^" + chr(code + 0x40)
    if code == 0x7F:
        return "^?"
    return f"<U+{code:04X}>"


def neutralise(text: str) -> str:
    """Make `text` safe to put on a terminal: escape sequences and controls shown visibly.

    An escape sequence becomes its visible form (`^[[31m`), so a reader sees that the
    file held one, and nothing reaches the terminal that it would obey.
    """
    if not needs_neutralising(text):
        return text
    text = text.replace("\t", "    ")
    text = _ESCAPE_SEQUENCE.sub(lambda m: _CONTROL.sub(_caret, m.group()), text)
    text = _CONTROL.sub(_caret, text)
    text = _SURROGATE.sub(_caret, text)
    return _BIDI.sub(_caret, text)


def one_line(text: str) -> str:
    """A name from outside (a file name, an id) as one safe line: `neutralise`, and a newline
    shown as ^J, so it can neither steer the terminal nor break a list into two rows."""
    return neutralise(text).replace("\n", "^J")


def needs_neutralising(text: str) -> bool:
    """Whether `text` holds anything but printable characters, tabs and newlines."""
    if text.isprintable():
        return False
    if text.isascii():  # most files: no regular expression over the whole text
        return not text.replace("\n", "").isprintable()
    return _UNSAFE.search(text) is not None


def json_safe(line: str) -> str:
    """A JSON text with the characters a terminal obeys or cannot encode as `\\uXXXX` escapes
    (json.dumps with ensure_ascii=False escapes C0 controls but keeps C1 and bidi ones)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", line)


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes: UTF-8 (with or without BOM), UTF-16 (BOM, or sniffed from its NUL
    bytes), else line by line: a stray invalid byte costs its own line, not the whole file."""
    utf16 = _utf16_codec(data)
    if utf16 is not None:
        try:
            return data.decode(utf16), "utf-16"
        except UnicodeDecodeError:
            pass
    try:  # as "utf-8-sig" does, without its codec's Python wrapper (~5 us a file)
        return data[3 if data.startswith(_BOM) else 0 :].decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    # A file with no valid UTF-8 beyond ASCII is a legacy code page; one with some is UTF-8
    # with a few bad bytes, replaced (U+FFFD) in their lines only.
    utf8 = data.startswith(b"\xef\xbb\xbf") or any(
        max(line, default=0) >= 0x80 and _is_utf8(line) for line in lines
    )
    if utf8:
        return data.decode("utf-8-sig", "replace"), "utf-8 (invalid bytes replaced)"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


_BOM = b"\xef\xbb\xbf"


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _utf16_codec(data: bytes) -> str | None:
    """'utf-16' with a byte-order mark; 'utf-16-le'/'-be' when, without one, the NUL bytes of
    mostly-ASCII text fall on every other byte; else None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:8192]
    if len(head) < 4 or len(head) % 2 or b"\x00" not in head:  # most files: no NUL at all
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd > half * 0.3 and even < half * 0.02:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.02:
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or a large share of control bytes, in the first 8 KB (UTF-16 is text)."""
    head = data[:8192]
    if not head or _utf16_codec(data) is not None:
        return False  # empty, or UTF-16
    if head.count(b"\x00") > max(2, len(head) // 200):
        return True
    controls = len(head.translate(None, _NOT_CONTROL))
    return controls / len(head) > 0.10


_NOT_CONTROL = bytes(b for b in range(256) if b >= 0x20 or b in (9, 10, 12, 13, 27))


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def fold(text: str) -> str:
    """Lower-case and strip accents, for matching ("Zürich" ~ "zurich")."""
    if text.isascii():  # nothing to decompose (most titles): ~20x faster, sorting 100k titles
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if decomposed.isascii():
        return decomposed
    # Each distinct character looked at once, not each character of a long text.
    marks = {ord(c): None for c in set(decomposed) if unicodedata.combining(c)}
    return decomposed.translate(marks) if marks else decomposed


WORD = re.compile(r"\w+(?:['’]\w+)*")


# A Latin-1 text's bytes (one a character below U+0100) as b" " (what str.split splits on:
# U+0085 and U+00A0 past ASCII) and b"x" (anything else).
_LATIN1_SPACE_OR_NOT = bytes(32 if chr(b).isspace() else 120 for b in range(256))
# The same for UTF-8 bytes: one past ASCII is part of a word, unless it is one of the spaces
# below.
_SPACE_OR_NOT = _LATIN1_SPACE_OR_NOT[:128] + b"x" * 128
# The UTF-8 of every space past ASCII str.split splits on (U+0085, U+00A0, U+1680,
# U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000), in three cheap scans: each starts
# with a byte (C2, E2) a scan finds fast; the E2 one also finds a few other characters, which
# only send a text to str.split. Checked against every code point in the tests.
_C2_SPACE = re.compile(rb"\xc2[\x85\xa0]")
_E2_SPACE = re.compile(rb"\xe2[\x80\x81][\x80-\x8a\x9f\xa8\xa9\xaf]")
_RARE_SPACES = (b"\xe1\x9a\x80", b"\xe3\x80\x80")


def word_count(text: str) -> int:
    """Whitespace-separated words (fast; punctuation-only tokens are rare in prose): as
    `len(text.split())`, counted on the bytes by where words start, none made (~2-4x faster)."""
    try:
        # ASCII, or past it with no character above U+00FF ("£", "é"): a copy of the text's
        # own bytes, no UTF-8 encoded and searched for spaces (~2x faster for such a text).
        marks = text.encode("latin-1").translate(_LATIN1_SPACE_OR_NOT)
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
        rare = any(s[:1] in data and s in data for s in _RARE_SPACES)  # E1, E3: rare bytes
        if rare or _C2_SPACE.search(data) or _E2_SPACE.search(data):
            return len(text.split())
        marks = data.translate(_SPACE_OR_NOT)
    return marks.count(b" x") + marks.startswith(b"x")


# Bytes that are not a control character (newline and carriage return are text).
_NOT_CONTROL_BYTE = bytes(b for b in range(256) if (b >= 0x20 and b != 0x7F) or b in (10, 13))
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_BIDI_UTF8 = re.compile(rb"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])")


def plain_utf8(data: bytes) -> bool:
    """Whether `data` holds no control byte (but newlines), and, read as UTF-8, no C1 control
    or bidirectional override: then it is not binary and its UTF-8 text (or the text with bad
    bytes replaced) needs no neutralising. Three scans of the bytes, not one of the decoded
    text by a pattern (~10x faster on text past ASCII)."""
    if data.translate(None, _NOT_CONTROL_BYTE):
        return False
    if b"\xc2" in data and _has_c1(data):
        return False
    return not (b"\xe2" in data and _BIDI_UTF8.search(data))


def _has_c1(data: bytes) -> bool:
    """Whether UTF-8 `data` holds a C1 control (C2 80-9F). The first few C2 bytes (a text's
    "£" or two) are found by `find` and looked at one by one, the rest by the pattern: for a
    generated document with a "£", ~0.7 us instead of ~1.7 (the pattern walks every byte)."""
    at = data.find(b"\xc2")
    for _ in range(8):
        if at < 0:
            return False
        if b"\x80" <= data[at + 1 : at + 2] <= b"\x9f":
            return True
        at = data.find(b"\xc2", at + 1)
    return at >= 0 and _C1_UTF8.search(data, at) is not None


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """ "1 document", "3 documents"."""
    return f"{count:,} {noun if count == 1 else (nouns or noun + 's')}"
