"""Bookmarks out of and into files: a JSON export that reads back, and a Markdown reading file.

Pure: text in, text out. Merging imported bookmarks into the store is `Store.import_bookmarks`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from tui.core.store.connection import timestamp
from tui.core.store.import_check import check_import
from tui.core.store.records import Bookmark
from tui.core.text import neutralise, one_line

EXPORT_FORMAT = "dossier-bookmarks"


def bookmarks_to_json(bookmarks: Iterable[Bookmark]) -> str:
    """Every field of every bookmark, as a JSON document `bookmarks_from_json` reads back."""
    payload = {
        "format": EXPORT_FORMAT,
        "version": 1,
        "exported": timestamp(),
        "bookmarks": [b.to_json() for b in bookmarks],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def bookmarks_from_json(text: str) -> list[Bookmark]:
    """Bookmarks from an export (or a bare list of bookmark objects); ValueError says why not,
    for the file or its first rejected entry (`check_import` keeps the others)."""
    checked = check_import(text)
    if checked.rejected:
        raise ValueError(checked.rejected[0])
    return checked.bookmarks


def bookmarks_to_markdown(
    bookmarks: Iterable[Bookmark],
    documents: Mapping[tuple[str, str], tuple[str, str | None]] | None = None,
) -> str:
    """A reading file: bookmarks grouped by document (title, date), each passage as a block
    quote with its note, tags and `id#passage` anchor. `documents` maps (root, doc) to
    (title, date) for the documents that could be loaded."""
    documents = documents or {}
    groups: dict[tuple[str, str], list[Bookmark]] = {}
    for b in bookmarks:
        groups.setdefault((b.root, b.doc), []).append(b)
    total = sum(len(g) for g in groups.values())
    exported = timestamp()[:16].replace("T", " ")
    lines = [
        "# Dossier bookmarks",
        "",
        f"{total} bookmark{'s' if total != 1 else ''} in {len(groups)} "
        f"document{'s' if len(groups) != 1 else ''} · exported {exported} UTC",
        "",
    ]
    # Every string below may come from an imported file: shown as text, one line each
    # (a quote keeps its line breaks, each one quoted), never an escape a terminal obeys.
    for key in sorted(groups):
        root, doc = (one_line(k) for k in key)
        title, date = documents.get(key, (key[1], None))
        lines += [f"## {one_line(title)}", ""]
        lines += [f"`{doc}`" + (f" · {one_line(date)}" if date else "") + f" · {root}", ""]
        for b in sorted(groups[key], key=lambda b: (b.orphaned, b.passage, b.id)):
            lines += [f"### {one_line(b.anchor)}" + (" (orphaned)" if b.orphaned else ""), ""]
            quote = neutralise(b.quote).splitlines() or [""]
            lines += ["> " + line if line else ">" for line in quote]
            lines.append("")
            if b.note:
                lines += [f"**Note:** {one_line(b.note)}", ""]
            if b.tags:
                lines += ["**Tags:** " + one_line(", ".join(f"#{t}" for t in b.tags)), ""]
            when = one_line(b.created[:16].replace("T", " "))
            extra = " · the passage was not found again in the current file" if b.orphaned else ""
            lines += [f"*Bookmarked {when} UTC{extra}*", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
