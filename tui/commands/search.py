"""`dossier search QUERY [PATH ...]`: ranked passages, best first (exit 1 when none, like grep)."""

from __future__ import annotations

import argparse
import sys

from tui.commands.common import CommandError, add_json, add_paths, count, emit_json
from tui.commands.index import open_fresh_index
from tui.core.search import (
    IndexCorruptError,
    QuerySyntaxError,
    SearchHit,
    parse_query,
    snippet,
)
from tui.core.text import neutralise, one_line


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "search",
        help="search the passages of a corpus",
        description=(
            'Query syntax: words (typos and other word forms tolerated), "exact phrase", '
            '-exclude, -"excluded phrase". Passages holding every word come first, then '
            "those missing one (a common one before a rare one), and so on (soft AND); OR "
            "between words ranks "
            "passages holding any of them alike. Results do not depend on --limit: the first "
            "N of a larger limit are the same N."
        ),
    )
    p.add_argument(
        "query",
        metavar="QUERY",
        help="in quotes when it has spaces; one starting with - goes after --, the options "
        "before it: dossier search --json -- '-dollar euro' PATH",
    )
    add_paths(p)
    p.add_argument("--limit", type=count, default=20, metavar="N", help="at most N results")
    add_json(p)


def run(args: argparse.Namespace) -> int:
    try:
        # Typing is over on the command line: the last word is a whole word, not a prefix.
        query = parse_query(args.query + " ")
    except QuerySyntaxError as exc:
        raise CommandError(f"bad query: {exc}") from None
    if query.is_empty:
        raise CommandError("bad query: it has no word to search for")
    if args.limit < 1:
        raise CommandError("--limit must be at least 1")
    index = open_fresh_index(args, show_progress=True)
    try:
        try:
            hits = index.query(query, args.limit)
        except IndexCorruptError:
            index.close()
            index = open_fresh_index(args, show_progress=True)
            hits = index.query(query, args.limit)
    finally:
        index.close()
    for hit in hits:
        if args.json:
            emit_json(
                {
                    "doc": hit.doc,
                    "title": hit.title,
                    "passage": hit.passage,
                    "score": hit.score,
                    "text": hit.text,
                    "spans": [list(s) for s in hit.spans],
                    "parts": hit.parts,
                }
            )
        else:
            sys.stdout.write(_line(hit))
    return 0 if hits else 1


def _line(hit: SearchHit) -> str:
    text, spans = snippet(hit.text, hit.spans, 150)
    marked = []
    last = 0
    for start, end in spans:
        marked.append(text[last:start] + "[" + text[start:end] + "]")
        last = end
    marked.append(text[last:])
    body = neutralise("".join(marked)).replace("\n", " ")
    return (
        f"{one_line(hit.doc)}#{hit.passage}\t{hit.score:.3f}\t{one_line(hit.title)}\n    {body}\n"
    )
