"""Text hygiene, list ordering and history."""

from __future__ import annotations

import subprocess
import sys

from tui.core.history import History, Place
from tui.core.listing import filter_documents, next_sort_key, sort_documents
from tui.core.models import Document, Passage
from tui.core.text import decode, fold, looks_binary, neutralise


def test_neutralise_shows_escapes_visibly() -> None:
    assert neutralise("a\x1b[2Jb") == "a^[[2Jb"
    assert neutralise("t\x1b]52;c;ZXZpbA==\x07") == "t^[]52;c;ZXZpbA==^G"
    assert neutralise("\x9b31m") == "<U+009B>31m"
    assert neutralise("rtl\u202eevil") == "rtl<U+202E>evil"
    assert neutralise("plain [bold]text[/]") == "plain [bold]text[/]"
    for s in ["\x1b", "\x07", "\x9b", "\x00"]:
        assert s not in neutralise(f"x{s}y")


def test_decode_and_binary() -> None:
    assert decode("é".encode()) == ("é", "utf-8")
    assert decode(b"\xe9")[0] == "é"
    assert looks_binary(b"abc\x00def")
    assert not looks_binary(b"plain text\n")


def test_fold_strips_accents() -> None:
    assert fold("Zürich ÉCOLE") == "zurich ecole"


def _doc(i: str, title: str, date: str | None, words: int) -> Document:
    return Document(
        id=i, path=i, root="/", title=title, passages=(Passage(1, "x"),), date=date, words=words
    )


def test_sort_and_filter() -> None:
    docs = [
        _doc("a", "Zebra", None, 5),
        _doc("b", "alpha", "2020-01-01", 50),
        _doc("c", "Émile", "2021-01-01", 10),
    ]
    assert [d.id for d in sort_documents(docs, "title")] == ["b", "c", "a"]
    assert [d.id for d in sort_documents(docs, "date")] == ["c", "b", "a"]
    assert [d.id for d in sort_documents(docs, "length")] == ["b", "c", "a"]
    assert [d.id for d in filter_documents(docs, "emi")] == ["c"]
    assert [d.id for d in filter_documents(docs, "2020")] == ["b"]
    assert len(filter_documents(docs, "  ")) == 3
    assert next_sort_key("length") == "title"


def test_history_back_forward_truncates() -> None:
    h = History()
    h.visit(Place("a", 1))
    h.visit(Place("b", 1))
    h.update_current(7)
    assert h.back() == Place("a", 1)
    assert h.forward() == Place("b", 7)
    h.back()
    h.visit(Place("c", 1))
    assert h.forward() is None
    assert h.back() == Place("a", 1) and h.back() is None


def test_core_imports_neither_textual_nor_rich() -> None:
    code = (
        "import sys, pkgutil, importlib, tui.core as c\n"
        "for m in pkgutil.iter_modules(c.__path__):\n"
        "    importlib.import_module('tui.core.' + m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_title_sort_ignores_leading_quotes() -> None:
    docs = [
        _doc("a", "'Zed' said", None, 1),
        _doc("b", "Alpha", None, 1),
        _doc("c", "“Mid”", None, 1),
    ]
    assert [d.id for d in sort_documents(docs, "title")] == ["b", "c", "a"]


def test_sorting_by_date_is_skipped_without_dates() -> None:
    assert next_sort_key("title", has_dates=True) == "date"
    assert next_sort_key("title", has_dates=False) == "length"
    assert next_sort_key("length", has_dates=False) == "title"


def test_the_list_order_is_folder_by_folder_then_by_the_key() -> None:
    from tui.core.listing import list_order

    docs = [
        _doc("b/x", "Zebra", "2020-01-01", 5),
        _doc("a/y", "alpha", None, 50),
        _doc("top", "Middle", "2019-05-05", 7),
        _doc("a/z", "Émile", "2021-01-01", 50),
        _doc("a-b/w", "Any", None, 1),
    ]
    for key in ("title", "date", "length"):
        order = list_order(docs, key)
        # folders by name: "", "a", "a-b", "b" (the ids "a/…" come before "a-b/…")
        folders = sorted({d.id.rpartition("/")[0] for d in docs})
        expected = [
            d.id
            for folder in folders
            for d in sort_documents([d for d in docs if d.id.rpartition("/")[0] == folder], key)
        ]
        assert [docs[i].id for i in order.positions] == expected
        assert order.folders == [("", 1), ("a", 2), ("a-b", 1), ("b", 1)]
    assert [docs[i].id for i in list_order(docs, "length").positions][1:3] == ["a/y", "a/z"]
