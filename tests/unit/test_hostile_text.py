"""Part 11: decoding that keeps a file readable, names as text, and the `B` screen's rows."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.store import Bookmark
from tui.core.text import decode, json_safe, looks_binary, one_line
from tui.screens.bookmarks import BookmarksScreen

OBEYED = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
OSC = "\x1b]52;c;cHduZWQ=\x07\x1b]0;PWNED\x07"


def test_one_stray_byte_does_not_turn_a_utf8_file_into_mojibake() -> None:
    data = "Zürich\nGenève\n".encode() + b"a stray \xff byte\n"
    text, encoding = decode(data)
    assert text.startswith("Zürich\nGenève\n") and "Ã" not in text
    assert "\ufffd" in text and encoding.startswith("utf-8")


def test_a_legacy_code_page_file_is_still_read_as_one() -> None:
    assert decode("Zürich".encode("cp1252")) == ("Zürich", "cp1252")


def test_utf16_without_a_byte_order_mark_is_text_not_binary() -> None:
    for codec in ("utf-16-le", "utf-16-be"):
        data = "Zürich talks.\n\nNATO met today.\n".encode(codec)
        assert not looks_binary(data)
        assert decode(data)[0].startswith("Zürich talks.")


def test_json_safe_escapes_what_json_dumps_keeps() -> None:
    import json

    line = json_safe(json.dumps({"a": "x\u202e\x9b\udcff"}, ensure_ascii=False))
    assert not OBEYED.search(line)
    assert json.loads(line) == {"a": "x\u202e\x9b\udcff"}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=40))
def test_one_line_of_any_name_is_one_inert_line(name: str) -> None:
    shown = one_line(name)
    assert not OBEYED.search(shown) and "\n" not in shown
    shown.encode("utf-8")  # a strict UTF-8 terminal takes it


def test_bookmarks_screen_rows_show_imported_strings_as_text() -> None:
    mark = Bookmark(
        id=1,
        root="/r",
        doc=f"d{OSC}.txt",
        passage=1,
        quote=f"q{OSC}\u202e",
        note="\x1b]0;NOTETITLE\x07" + "n" * 5_000_000,
        tags=("t\x1b[31m",),
        created="2026-01-01T00:00:00",
    )
    screen = BookmarksScreen([mark], {mark.doc: f"T{OSC}\nx"})
    plain = screen._prompt(mark).plain
    assert not OBEYED.search(plain.replace("\n", " "))
    assert "NOTETITLE" in plain and "PWNED" in plain
    assert len(plain) < 2000  # a 5 MB note costs a row, not the screen


def test_bookmarks_screen_rows_show_a_markup_like_title_as_written() -> None:
    mark = Bookmark(id=1, root="/r", doc="[BBC] Report.txt", passage=1, quote="[b]q[/b]")
    plain = BookmarksScreen([mark], {})._prompt(mark).plain
    assert "[BBC] Report.txt" in plain and "[b]q[/b]" in plain
