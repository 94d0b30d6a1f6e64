"""`dossier related ID`: the documents most related to one, with the reasons."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from functools import partial

from tui.commands.common import add_json, add_paths, count, emit_json, find_document, load
from tui.core.models import Corpus
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


def entity_state(corpus: Corpus) -> str:
    """What the related cache's entity rows follow from: the entity cache, the user's edits,
    the extractor."""
    from tui.core.entities.cache import cache_path
    from tui.core.entities.edits import edits_path
    from tui.core.entities.listing import entity_state

    return entity_state(cache_path(corpus.roots), edits_path())


def open_related(corpus: Corpus) -> RelatedIndex:
    """The related index through its cache in the data directory (built in memory when the
    cache cannot be used); the entity index is built only when the cache needs it."""
    from tui.commands.common import progress_bar
    from tui.commands.entities import build_index
    from tui.core.related_cache import CachedRelated, cache_path

    try:
        return CachedRelated.open(
            corpus,
            partial(build_index, corpus),
            partial(entity_state, corpus),
            cache_path(corpus.roots),
            progress=progress_bar("related"),
        )
    except (OSError, sqlite3.Error):
        return RelatedIndex.build(corpus, build_index(corpus))


def run(args: argparse.Namespace) -> int:
    corpus = load(args)
    doc_id = find_document(corpus, args.id)
    index = open_related(corpus)
    for rel in index.related(doc_id, limit=args.limit):
        if args.json:
            emit_json(rel.to_json())
        else:
            dup = " [near-duplicate]" if rel.near_duplicate else ""
            why = one_line(", ".join([*rel.shared_entities[:4], *rel.shared_terms[:4]]))
            name, title = one_line(rel.doc), one_line(rel.title)
            sys.stdout.write(f"{rel.score:.3f}\t{name}\t{title}{dup}\n\t  {why}\n")
    return 0
