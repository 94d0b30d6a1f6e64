"""`dossier bookmarks list|export|import|add`: bookmarks from the command line.

`list` and `export` cover every corpus in the store unless given PATHs; each bookmark is
re-anchored against its document as it is on disk now (a document that is gone, or a
passage that cannot be found again, shows as orphaned).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from tui.commands.common import CommandError, add_json, add_paths, emit_json, load
from tui.core.anchoring import Lookup, load_document, reanchor_all
from tui.core.models import Corpus
from tui.core.store import (
    Bookmark,
    Store,
    StoreError,
    bookmarks_to_json,
    bookmarks_to_markdown,
    parse_tags,
)
from tui.core.store.import_check import IMPORT_MAX_BYTES, check_import
from tui.core.text import one_line

# What `list` and `export` cover unless given PATHs (see the module docstring).
EVERY_CORPUS = "every corpus in the store"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "bookmarks",
        help="list, export, import and add bookmarks",
        description="Bookmarks are kept in the data directory (--data-dir, DOSSIER_DATA_DIR).",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    ls = actions.add_parser("list", help="list bookmarks (every corpus unless PATHs are given)")
    add_paths(ls, EVERY_CORPUS)
    add_json(ls)

    ex = actions.add_parser(
        "export", help="export bookmarks as Markdown or JSON (every corpus unless PATHs are given)"
    )
    ex.add_argument("--format", choices=("md", "json"), default="md", help="default: md")
    ex.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    add_paths(ex, EVERY_CORPUS)

    im = actions.add_parser("import", help="merge bookmarks from a JSON export")
    im.add_argument("file", metavar="FILE", help="a file written by `export --format json`")

    add = actions.add_parser("add", help="bookmark passage PASSAGE of document ID")
    add.add_argument("doc", metavar="ID", help="document id, as `dossier list` prints it")
    add.add_argument("passage", metavar="PASSAGE", type=int, help="passage number")
    add_paths(add)
    add.add_argument("--note", default="", help="a note to keep with the bookmark")
    add.add_argument(
        "--tag", action="append", default=[], metavar="T", help="a tag (repeat, or a,b,c)"
    )


def run(args: argparse.Namespace) -> int:
    store = Store()
    try:
        if store.notice:
            sys.stderr.write(f"dossier: {store.notice}\n")
        if args.action == "add":
            return _add(store, args)
        if args.action == "import":
            return _import(store, args.file)
        marks, documents = _current(store, args)
        if args.action == "list":
            return _list(marks, bool(args.json))
        return _export(marks, documents, args.format, args.output)
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    finally:
        store.close()


def _refuse_read_only(store: Store) -> None:
    if store.read_only:
        raise CommandError("nothing saved: the bookmarks store is read-only (see above)")


def _add(store: Store, args: argparse.Namespace) -> int:
    corpus = load(args)
    doc = corpus.get(args.doc)
    if doc is None:
        raise CommandError(f"no document {one_line(args.doc)!r} in {', '.join(corpus.roots)}")
    passage = doc.passage(args.passage)
    if passage is None:
        raise CommandError(f"{doc.id} has passages 1 to {len(doc.passages)}, not {args.passage}")
    _refuse_read_only(store)
    mark, created = store.add(
        doc.root, doc.id, passage.number, passage.text, note=args.note, tags=parse_tags(args.tag)
    )
    verb = "bookmarked" if created else "already bookmarked"
    sys.stdout.write(f"{verb} {one_line(mark.anchor)}: {_snippet(mark.quote, 70)}\n")
    return 0


def _import(store: Store, file: str) -> int:
    path = Path(file).expanduser()
    try:
        if path.stat().st_size > IMPORT_MAX_BYTES:
            raise CommandError(f"{file} is larger than {IMPORT_MAX_BYTES // 2**20} MB")
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise CommandError(f"cannot read {file}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{file} is not UTF-8 text") from None
    try:
        checked = check_import(text)
    except ValueError as exc:
        raise CommandError(f"{file}: {exc}") from None
    _refuse_read_only(store)
    for reason in checked.rejected:
        sys.stderr.write(f"dossier: {file}: rejected {reason}\n")
    result = store.import_bookmarks(checked.bookmarks)
    sys.stdout.write(
        f"imported {result.added} new bookmark{'s' if result.added != 1 else ''}"
        + (f"; {result.merged} already here (notes and tags merged)" if result.merged else "")
        + (f"; {len(checked.rejected)} rejected" if checked.rejected else "")
        + "\n"
    )
    return 2 if checked.rejected else 0


# ---- selecting and re-anchoring ----------------------------------------------------------


def _current(
    store: Store, args: argparse.Namespace
) -> tuple[list[Bookmark], dict[tuple[str, str], tuple[str, str | None]]]:
    """The bookmarks to show (newest first), re-anchored, and (title, date) per document."""
    marks = store.list()
    lookup: Lookup = load_document
    if args.paths:
        corpus = load(args, require_documents=False)
        loaded = {(d.root, d.id): d for d in corpus.documents}
        marks = [b for b in marks if (b.root, b.doc) in loaded or _under(b.root, corpus)]
        lookup = lambda root, doc: loaded.get((root, doc))  # noqa: E731

    out, docs = reanchor_all(marks, lookup)
    info = {key: (d.title, d.date) for key, d in docs.items() if d is not None}
    return out, info


def _under(root: str, corpus: Corpus) -> bool:
    """A bookmark of a document that is no longer there, under one of the given folders."""
    path = Path(root)
    return any(path == Path(r) or Path(r) in path.parents for r in corpus.roots)


# ---- output --------------------------------------------------------------------------------


def _snippet(text: str, width: int) -> str:
    text = one_line(" ".join(text.split()))
    return text if len(text) <= width else text[: width - 1] + "…"


def _list(marks: Iterable[Bookmark], as_json: bool) -> int:
    for b in marks:
        if as_json:
            emit_json(
                {
                    "doc": b.doc,
                    "passage": b.passage,
                    "quote": b.quote,
                    "note": b.note,
                    "tags": list(b.tags),
                    "created": b.created,
                    "orphaned": b.orphaned,
                }
            )
            continue
        mark = "orphaned " if b.orphaned else ""
        # Notes, tags and names may come from an imported file: shown, never obeyed.
        note, tags = one_line(b.note), one_line(" ".join(f"#{t}" for t in b.tags))
        extra = "".join([f"\t{note}" if note else "", "\t" + tags]).rstrip("\t")
        anchor, created = one_line(b.anchor), one_line(b.created[:10])
        sys.stdout.write(f"{anchor}\t{created}\t{mark}“{_snippet(b.quote, 60)}”{extra}\n")
    return 0


def _export(
    marks: list[Bookmark],
    documents: dict[tuple[str, str], tuple[str, str | None]],
    fmt: str,
    output: str | None,
) -> int:
    text = bookmarks_to_json(marks) if fmt == "json" else bookmarks_to_markdown(marks, documents)
    if output is None or output == "-":
        sys.stdout.write(text)
        return 0
    target = Path(output).expanduser()
    tmp: str | None = None
    try:
        # Write beside the target and rename: an interrupted export never leaves half a file.
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from None
    sys.stderr.write(f"wrote {len(marks)} bookmark{'s' if len(marks) != 1 else ''} to {target}\n")
    return 0
