"""`dossier list`: one line per document, and the skipped files with why."""

from __future__ import annotations

import argparse
import sys

from tui.commands.common import add_json, add_paths, emit_json, emit_json_lines, load
from tui.core.models import Document
from tui.core.text import one_line


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("list", help="list the documents of a corpus")
    add_paths(p)
    add_json(p)


def run(args: argparse.Namespace) -> int:
    corpus = load(args)
    if args.json:
        emit_json_lines(json_row(doc) for doc in corpus.documents)
    for doc in corpus.documents if not args.json else ():
        date = doc.date or "----------"
        # Names come from the file system: shown as text, never obeyed by the terminal.
        name, title = one_line(doc.id), one_line(doc.title)
        sys.stdout.write(f"{name}\t{date}\t{doc.words:>6} words\t{title}\n")
    for skipped in corpus.skipped:
        if args.json:
            emit_json({"skipped": skipped.path, "reason": skipped.reason})
        else:
            sys.stderr.write(f"skipped {one_line(skipped.path)}: {one_line(skipped.reason)}\n")
    return 0


def json_row(doc: Document) -> dict[str, object]:
    row: dict[str, object] = {
        "id": doc.id,
        "title": doc.title,
        "date": doc.date,
        "byline": doc.byline,
        "source": doc.source,
        "words": doc.words,
        "passages": doc.passage_count,
    }
    if doc.partial_date:  # only when known: "--01-27" (no year), "2022-07"
        row["partial_date"] = doc.partial_date
    return row
