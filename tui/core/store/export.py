"""Bookmarks out of and into files: a JSON export that reads back, and a Markdown reading file.

Pure: text in, text out. Merging imported bookmarks into the store is `Store.import_bookmarks`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from tui.core.store.bookmarks import Bookmark, parse_tags
from tui.core.store.connection import timestamp

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
    """Bookmarks from an export (or a bare list of bookmark objects); ValueError says why not."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg}, line {exc.lineno})") from None
    items = data.get("bookmarks") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ValueError("expected a Dossier bookmarks export (an object with 'bookmarks')")
    out: list[Bookmark] = []
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise ValueError(f"bookmark {i} is not an object")
        missing = [k for k in ("root", "doc", "passage", "quote") if k not in item]
        if missing:
            raise ValueError(f"bookmark {i} lacks {', '.join(missing)}")
        try:
            passage = int(item["passage"])
        except (TypeError, ValueError):
            raise ValueError(f"bookmark {i} has a passage that is not a number") from None
        tags = item.get("tags") or ()
        out.append(
            Bookmark(
                id=int(item.get("id") or 0),
                root=str(item["root"]),
                doc=str(item["doc"]),
                passage=passage,
                quote=str(item["quote"]),
                text_hash=str(item.get("text_hash") or ""),
                note=str(item.get("note") or ""),
                tags=parse_tags(tags if isinstance(tags, str) else [str(t) for t in tags]),
                created=str(item.get("created") or ""),
                updated=str(item.get("updated") or item.get("created") or ""),
            )
        )
    return out


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
    for key in sorted(groups):
        root, doc = key
        title, date = documents.get(key, (doc, None))
        lines += [f"## {title}", ""]
        lines += [f"`{doc}`" + (f" · {date}" if date else "") + f" · {root}", ""]
        for b in sorted(groups[key], key=lambda b: (b.orphaned, b.passage, b.id)):
            lines += [f"### {b.anchor}" + (" (orphaned)" if b.orphaned else ""), ""]
            lines += ["> " + line if line else ">" for line in b.quote.splitlines() or [""]]
            lines.append("")
            if b.note:
                lines += [f"**Note:** {b.note}", ""]
            if b.tags:
                lines += ["**Tags:** " + ", ".join(f"#{t}" for t in b.tags), ""]
            when = b.created[:16].replace("T", " ")
            extra = " · the passage was not found again in the current file" if b.orphaned else ""
            lines += [f"*Bookmarked {when} UTC{extra}*", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
