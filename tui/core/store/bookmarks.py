"""Bookmarks: the record, how a passage's text is kept with it, and the bookmark operations.

A bookmark is anchored by a hash of its passage's text (`text_hash`), so bookmarking the same
text twice is one bookmark, and `tui.core.anchoring` can find the passage again after the
file changed. Operations run through a `Database`: one transaction each.
"""

from __future__ import annotations

import builtins
import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tui.core.store.connection import Database, timestamp

if TYPE_CHECKING:
    from tui.core.store.records import Bookmark, ImportResult

QUOTE_MAX = 1000  # characters of passage text kept with a bookmark


def text_hash(text: str) -> str:
    """A short hash of a passage's text, blind to whitespace changes."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def quote_of(text: str) -> str:
    """What a bookmark keeps of a passage's text."""
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1] + "…"


TAGS_MAX = 50  # per bookmark: merging imports or notes keeps the first this many


def parse_tags(raw: str | Iterable[str]) -> tuple[str, ...]:
    """Tags from "a, b,#c" or an iterable of such strings: trimmed, no '#', no duplicates,
    at most TAGS_MAX (the first written)."""
    parts = raw.split(",") if isinstance(raw, str) else [p for r in raw for p in r.split(",")]
    seen: dict[str, str] = {}  # casefolded -> as first written; linear in the tags
    for part in parts:
        tag = " ".join(part.strip().lstrip("#").split())
        if tag:
            seen.setdefault(tag.casefold(), tag)
            if len(seen) == TAGS_MAX:
                break
    return tuple(seen.values())


_COLUMNS = "id, root, doc, passage, text_hash, quote, note, tags, created, updated"
_INSERT = (
    "INSERT INTO bookmarks (root, doc, passage, text_hash, quote, note, tags, created,"
    " updated, anchor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _bookmark(row: tuple[Any, ...]) -> Bookmark:
    from tui.core.store.records import Bookmark

    try:
        tags = tuple(str(t) for t in json.loads(row[7]))
    except (ValueError, TypeError):
        tags = ()
    return Bookmark(
        id=row[0],
        root=row[1],
        doc=row[2],
        passage=row[3],
        text_hash=row[4],
        quote=row[5],
        note=row[6],
        tags=tags,
        created=row[8],
        updated=row[9],
    )


def _get(conn: sqlite3.Connection, bookmark_id: int) -> Bookmark | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM bookmarks WHERE id = ?", (bookmark_id,)).fetchone()
    return _bookmark(row) if row else None


def _find(conn: sqlite3.Connection, root: str, doc: str, anchor: str) -> Bookmark | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM bookmarks WHERE root = ? AND doc = ? AND anchor = ?",
        (root, doc, anchor),
    ).fetchone()
    return _bookmark(row) if row else None


class BookmarkTable:
    """The bookmark operations of a `Store` (see there), on its `Database`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, bookmark_id: int) -> Bookmark | None:
        rows = self._db.read(f"SELECT {_COLUMNS} FROM bookmarks WHERE id = ?", (bookmark_id,))
        return _bookmark(rows[0]) if rows else None

    def add(
        self,
        root: str,
        doc: str,
        passage: int,
        text: str,
        note: str = "",
        tags: Iterable[str] = (),
    ) -> tuple[Bookmark, bool]:
        with self._db.write() as conn:
            return self._add(conn, root, doc, passage, text, note, tags)

    def _add(
        self,
        conn: sqlite3.Connection,
        root: str,
        doc: str,
        passage: int,
        text: str,
        note: str,
        tags: Iterable[str],
    ) -> tuple[Bookmark, bool]:
        digest = text_hash(text)
        tag_tuple = parse_tags(tags)
        note = note.strip()
        now = timestamp()
        existing = _find(conn, root, doc, digest)
        if existing is not None:
            if (note and note != existing.note) or not set(tag_tuple) <= set(existing.tags):
                merged = parse_tags((*existing.tags, *tag_tuple))
                conn.execute(
                    "UPDATE bookmarks SET note = ?, tags = ?, updated = ? WHERE id = ?",
                    (note or existing.note, json.dumps(merged), now, existing.id),
                )
                existing = _get(conn, existing.id) or existing
            return existing, False
        cur = conn.execute(
            _INSERT,
            (
                root,
                doc,
                passage,
                digest,
                quote_of(text),
                note,
                json.dumps(tag_tuple),
                now,
                now,
                digest,
            ),
        )
        added = _get(conn, int(cur.lastrowid or 0))
        assert added is not None
        return added, True

    def remove(self, bookmark_id: int) -> Bookmark | None:
        with self._db.write() as conn:
            old = _get(conn, bookmark_id)
            if old is not None:
                conn.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))
        return old

    def toggle(
        self,
        root: str,
        doc: str,
        passage: int,
        text: str,
        anchored: Iterable[Bookmark] = (),
        shown: bool | None = None,
    ) -> tuple[bool, Bookmark]:
        digest = text_hash(text)
        here = [
            b.id
            for b in anchored
            if b.root == root and b.doc == doc and b.passage == passage and not b.orphaned
        ]
        # One transaction: two threads toggling the same passage see each other's result.
        with self._db.write() as conn:
            existing = _find(conn, root, doc, digest)
            for bookmark_id in here:
                existing = existing or _get(conn, bookmark_id)
            if shown is False and existing is not None:
                return True, existing  # another session bookmarked it: it stays
            if existing is not None:
                conn.execute("DELETE FROM bookmarks WHERE id = ?", (existing.id,))
                return False, existing
            if shown is True:  # another session removed it already: nothing is added back
                from tui.core.store.records import Bookmark

                gone = Bookmark(0, root, doc, passage, quote_of(text), text_hash=digest)
                return False, gone
            bookmark, _ = self._add(conn, root, doc, passage, text, "", ())
        return True, bookmark

    def restore(self, bookmark: Bookmark) -> Bookmark:
        anchor = bookmark.text_hash or bookmark.quote
        with self._db.write() as conn:
            existing = _find(conn, bookmark.root, bookmark.doc, anchor)
            if existing is not None:  # bookmarked again meanwhile: keep that one, add the note
                if (bookmark.note and not existing.note) or bookmark.tags:
                    conn.execute(
                        "UPDATE bookmarks SET note = ?, tags = ? WHERE id = ?",
                        (
                            existing.note or bookmark.note,
                            json.dumps(parse_tags((*existing.tags, *bookmark.tags))),
                            existing.id,
                        ),
                    )
                return _get(conn, existing.id) or existing
            taken = _get(conn, bookmark.id) is not None
            conn.execute(
                "INSERT INTO bookmarks (id, root, doc, passage, text_hash, quote, note, tags,"
                " created, updated, anchor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    None if taken or not bookmark.id else bookmark.id,
                    bookmark.root,
                    bookmark.doc,
                    bookmark.passage,
                    bookmark.text_hash,
                    bookmark.quote,
                    bookmark.note,
                    json.dumps(list(bookmark.tags)),
                    bookmark.created or timestamp(),
                    bookmark.updated or timestamp(),
                    anchor,
                ),
            )
            row = conn.execute("SELECT last_insert_rowid()").fetchone()
            restored = _get(conn, int(row[0]))
        assert restored is not None
        return restored

    def set_note(self, bookmark_id: int, note: str, tags: Iterable[str] = ()) -> Bookmark | None:
        with self._db.write() as conn:
            conn.execute(
                "UPDATE bookmarks SET note = ?, tags = ?, updated = ? WHERE id = ?",
                (note.strip(), json.dumps(parse_tags(tags)), timestamp(), bookmark_id),
            )
            return _get(conn, bookmark_id)

    def list(self, root: str | None = None) -> builtins.list[Bookmark]:
        where, params = ("WHERE root = ?", (root,)) if root is not None else ("", ())
        rows = self._db.read(
            f"SELECT {_COLUMNS} FROM bookmarks {where} ORDER BY created DESC, id DESC", params
        )
        return [_bookmark(r) for r in rows]

    def for_document(self, root: str, doc: str) -> builtins.list[Bookmark]:
        rows = self._db.read(
            f"SELECT {_COLUMNS} FROM bookmarks WHERE root = ? AND doc = ? ORDER BY passage, id",
            (root, doc),
        )
        return [_bookmark(r) for r in rows]

    def count(self, root: str | None = None) -> int:
        if root is None:
            return int(self._db.read("SELECT count(*) FROM bookmarks")[0][0])
        return int(self._db.read("SELECT count(*) FROM bookmarks WHERE root = ?", (root,))[0][0])

    def import_bookmarks(self, bookmarks: Iterable[Bookmark]) -> ImportResult:
        # Entries for one passage are merged in memory first, then written a few hundred per
        # transaction: linear in the entries, and another session's write waits milliseconds.
        combined: dict[tuple[str, str, str], Bookmark] = {}
        merged = 0
        # Oldest first, so that new ids keep the exported order among equal creation times.
        for b in sorted(bookmarks, key=lambda b: (b.created, b.id)):
            key = (b.root, b.doc, b.text_hash or text_hash(b.quote))
            known = combined.get(key)
            if known is None:
                combined[key] = b
                continue
            merged += 1
            combined[key] = _merged(known, b)
        added = 0
        items = list(combined.items())
        for start in range(0, len(items), _IMPORT_BATCH):
            with self._db.write() as conn:
                for (_, _, digest), b in items[start : start + _IMPORT_BATCH]:
                    existing = _find(conn, b.root, b.doc, digest)
                    if existing is None:
                        conn.execute(_INSERT, _insert_row(b, digest))
                        added += 1
                        continue
                    merged += 1
                    both = _merged(existing, b)
                    conn.execute(
                        "UPDATE bookmarks SET note = ?, tags = ?, created = ?, updated = ?"
                        " WHERE id = ?",
                        (
                            both.note,
                            json.dumps(list(both.tags)),
                            both.created,
                            both.updated,
                            existing.id,
                        ),
                    )
        from tui.core.store.records import ImportResult

        return ImportResult(added, merged)


_IMPORT_BATCH = 500


def _merged(existing: Bookmark, b: Bookmark) -> Bookmark:
    """One bookmark from two of the same passage: the newer note, every tag, both times."""
    newer = b.updated > existing.updated
    note = (b.note if newer else existing.note) or existing.note or b.note
    return replace(
        existing,
        note=note,
        tags=parse_tags((*existing.tags, *b.tags)),
        created=min(existing.created, b.created or existing.created) or b.created,
        updated=max(existing.updated, b.updated),
    )


def _insert_row(b: Bookmark, digest: str) -> tuple[object, ...]:
    now = timestamp()
    return (
        b.root,
        b.doc,
        b.passage,
        digest,
        b.quote,
        b.note,
        json.dumps(list(parse_tags(b.tags))),
        b.created or now,
        b.updated or b.created or now,
        digest,
    )
