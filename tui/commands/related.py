"""`dossier related ID`: the documents most related to one, with the reasons."""

from __future__ import annotations

import argparse
import sys

from tui.commands.common import add_json, add_paths, count, emit_json, load
from tui.commands.entities import build_index, find_document
from tui.core.related import RelatedIndex
from tui.core.text import one_line


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "related",
        help="documents related to a document, with shared entities and terms",
        description=(
            "Rank the other documents by shared entities (rarer ones weigh more) and "
            "distinctive shared terms (TF-IDF); near-duplicates (the same story edited or "
            "republished) are marked. ID may be a unique prefix of a document id."
        ),
    )
    p.add_argument("id", metavar="ID", help="document id (see 'dossier list')")
    add_paths(p)
    add_json(p)
    p.add_argument("--limit", type=count, default=10, metavar="N", help="at most N (default 10)")


def run(args: argparse.Namespace) -> int:
    corpus = load(args)
    doc_id = find_document(corpus, args.id)
    entities = build_index(corpus)
    index = RelatedIndex.build(corpus, entities)
    for rel in index.related(doc_id, limit=args.limit):
        if args.json:
            emit_json(rel.to_json())
        else:
            dup = " [near-duplicate]" if rel.near_duplicate else ""
            why = one_line(", ".join([*rel.shared_entities[:4], *rel.shared_terms[:4]]))
            name, title = one_line(rel.doc), one_line(rel.title)
            sys.stdout.write(f"{rel.score:.3f}\t{name}\t{title}{dup}\n\t  {why}\n")
    return 0
