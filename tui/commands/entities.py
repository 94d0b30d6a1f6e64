"""`dossier entities`: the corpus's named entities, and the user's clean-up of them."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from tui.commands.common import (
    CommandError,
    add_json,
    add_paths,
    emit_json,
    find_document,
    json_line,
    load,
    progress_bar,
)
from tui.core.entities.cache import cache_path
from tui.core.entities.edits import EntityEdits, edits_path, load_edits
from tui.core.models import ENTITY_TYPES as TYPES
from tui.core.models import Corpus, Entity

if TYPE_CHECKING:
    from tui.core.entities import EntityIndex


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "entities",
        help="list the named entities of a corpus; merge, rename or hide them",
        description=(
            "List entities (people, organisations, places, nationalities, events), most "
            "mentioned first. --merge/--rename/--hide record a clean-up step in the data "
            "directory (entity_edits.json); it applies on every later run and in the reader. "
            "An entity is named by its name or an alias (case-insensitive), or TYPE:name."
        ),
    )
    add_paths(p)
    add_json(p)
    p.add_argument("--doc", metavar="ID", help="only the entities of this document")
    p.add_argument("--type", metavar="T", choices=TYPES, help="only this type: " + ", ".join(TYPES))
    p.add_argument("--limit", type=int, metavar="N", help="at most N entities")
    edit = p.add_mutually_exclusive_group()
    edit.add_argument("--merge", nargs=2, metavar=("A", "B"), help="merge entity A into B")
    edit.add_argument("--rename", nargs=2, metavar=("A", "NEW"), help="rename entity A to NEW")
    edit.add_argument("--hide", metavar="A", help="hide entity A (a false positive)")
    edit.add_argument("--edits", action="store_true", help="list the recorded clean-up steps")
    edit.add_argument("--undo", action="store_true", help="forget the last clean-up step")


def build_index(corpus: Corpus, edits: EntityEdits | None = None) -> EntityIndex:
    """The corpus's entity index with the user's edits (`edits`, else the saved ones) applied."""
    from tui.core.entities.index import EntityIndex
    from tui.core.entities.spacy_backend import default_extractor

    edits = edits if edits is not None else load_edits()
    if edits.message:
        sys.stderr.write(f"dossier: {edits.message}\n")
    index = EntityIndex.build(
        corpus,
        default_extractor(),
        progress=progress_bar("entities"),
        cache=cache_path(corpus.roots),
    )
    edits.apply(index)
    return index


def _resolve(index: EntityIndex, name: str) -> Entity:
    ent = index.resolve(name)
    if ent is None:
        raise CommandError(f"no entity named {name!r} (see 'dossier entities')")
    return ent


def _edit(args: argparse.Namespace, corpus: Corpus) -> int:
    edits = load_edits()
    index = build_index(corpus, edits)
    if args.merge:
        a, b = _resolve(index, args.merge[0]), _resolve(index, args.merge[1])
        if a.key == b.key:
            raise CommandError(f"{a.name!r} and {b.name!r} are already one entity")
        edits.merge(a.key, b.key)
        done = f"merged {a.name} ({a.type}) into {b.name} ({b.type})"
    elif args.rename:
        a = _resolve(index, args.rename[0])
        edits.rename(a.key, args.rename[1])
        done = f"renamed {a.name} ({a.type}) to {args.rename[1]}"
    else:
        a = _resolve(index, args.hide)
        edits.hide(a.key)
        done = f"hid {a.name} ({a.type})"
    path = edits.save()
    sys.stdout.write(f"{done}; saved in {path}\n")
    return 0


def _list_or_undo(args: argparse.Namespace) -> int:
    edits = load_edits()
    if edits.message:
        sys.stderr.write(f"dossier: {edits.message}\n")
    if args.undo:
        if not edits.edits:
            raise CommandError("no clean-up step to undo")
        last = edits.edits.pop()
        edits.save()
        sys.stdout.write(f"undid {last.op} {last.key} {last.value}".rstrip() + "\n")
        return 0
    for e in edits.edits:
        if args.json:
            emit_json(e.to_json())
        else:
            sys.stdout.write(f"{e.op}\t{e.key}\t{e.value}".rstrip() + "\n")
    return 0


def listing(corpus: Corpus) -> list[tuple[str, str]]:
    """(type, JSON line) of every entity, most mentioned first: read from the list kept beside
    the entity cache when nothing it follows from changed, else from the entity index (which
    writes it again)."""
    from tui.core.entities.listing import listing_path, read_listing, stamp, write_listing

    mentions = cache_path(corpus.roots)
    path = listing_path(mentions)
    rows = read_listing(path, stamp(corpus.documents, mentions, edits_path()))
    if rows is not None:
        return rows
    index = build_index(corpus)
    built = [(e, entity_line(e, e.count)) for e in index.entities()]
    # Stamped after the build: it may have rewritten the mention cache or moved the edits aside.
    write_listing(path, stamp(corpus.documents, mentions, edits_path()), built)
    return [(e.type, line) for e, line in built]


def entity_line(ent: Entity, count: int) -> str:
    """The entity's line of `--json` output (without its newline)."""
    obj = ent.to_json()
    obj["count"] = count
    return json_line(obj)


def run(args: argparse.Namespace) -> int:
    if args.edits or args.undo:
        return _list_or_undo(args)
    corpus = load(args)
    if args.merge or args.rename or args.hide:
        return _edit(args, corpus)
    if args.doc:
        index = build_index(corpus)
        doc_id = find_document(corpus, args.doc)
        rows = [(e.type, entity_line(e, n)) for e, n in index.for_document(doc_id)]
    else:
        rows = listing(corpus)
    if args.type:
        rows = [(t, line) for t, line in rows if t == args.type]
    if args.limit is not None:
        rows = rows[: max(0, args.limit)]
    if args.json:
        sys.stdout.writelines(f"{line}\n" for _, line in rows)
        return 0
    for _, line in rows:
        obj = json.loads(line)
        aliases = ", ".join(a for a in obj["aliases"] if a != obj["name"])
        extra = f"\t({aliases})" if aliases else ""
        sys.stdout.write(
            f"{obj['count']:>5}\t{obj['type']:<6}\t{obj['name']}\t{len(obj['docs'])} docs{extra}\n"
        )
    return 0
