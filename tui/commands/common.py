"""What every subcommand shares: PATH arguments, corpus loading, errors, JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import Any

from tui.core.corpus import Progress, load_corpus
from tui.core.models import Corpus
from tui.core.paths import seeds_dir
from tui.core.text import json_safe, plural

LIMIT_MAX = 100_000  # more results than any screen or pipe wants; bounds what SQLite is given


class CommandError(Exception):
    """A one-line error for stderr; the CLI exits with status 2."""


def add_paths(parser: argparse.ArgumentParser, default: str = "the bundled seeds") -> None:
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help=f"files or folders (default: {default})"
    )


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON lines")


def count(text: str) -> int:
    """An argparse type: a whole number from 1 to LIMIT_MAX (an error line otherwise)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= LIMIT_MAX:
        raise argparse.ArgumentTypeError(f"{text} is not between 1 and {LIMIT_MAX:,}")
    return value


def corpus_paths(args: argparse.Namespace) -> list[str]:
    return list(args.paths) if getattr(args, "paths", None) else [str(seeds_dir())]


def load(args: argparse.Namespace, require_documents: bool = True) -> Corpus:
    """Load the corpus named by args.paths; raise CommandError on a missing path or no documents."""
    paths = corpus_paths(args)
    try:
        corpus = load_corpus(paths)
    except FileNotFoundError as exc:
        raise CommandError(str(exc)) from None
    if require_documents and not corpus.documents:
        skipped = len(corpus.skipped)
        reasons = f" ({plural(skipped, 'file')} skipped)" if skipped else ""
        raise CommandError(f"no readable document in {', '.join(paths)}{reasons}")
    return corpus


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def emit_json_lines(objs: Iterable[dict[str, Any]], chunk: int = 2000) -> None:
    """As `emit_json` for each, escaped and written a few thousand lines at a time (100k
    lines one by one cost seconds)."""
    emit_lines(map(_ENCODE, objs), chunk)


def emit_lines(lines: Iterable[str], chunk: int = 2000) -> None:
    """JSON texts, one a line, escaped as `json_line` does, a few thousand at a time."""
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= chunk:
            _write_safe("\n".join(batch))
            batch.clear()
    if batch:
        _write_safe("\n".join(batch))


def _write_safe(text: str) -> None:
    # ASCII but DEL holds nothing `json_safe` escapes: not searched (a third of `list --json`).
    safe = text.isascii() and "\x7f" not in text
    sys.stdout.write((text if safe else json_safe(text)) + "\n")


def find_document(corpus: Corpus, doc_id: str) -> str:
    """The id of a document named by its id or a unique prefix of it; CommandError otherwise."""
    if corpus.get(doc_id) is not None:
        return doc_id
    matches = [d.id for d in corpus.documents if d.id.startswith(doc_id)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise CommandError(f"document id {doc_id!r} is ambiguous ({len(matches)} documents)")
    raise CommandError(f"no document with id {doc_id!r} (see 'dossier list')")


def json_line(obj: dict[str, Any]) -> str:
    """Readable UTF-8, but C1, bidi controls and undecodable bytes as \\u escapes."""
    return json_safe(json.dumps(obj, ensure_ascii=False))


def emit_json(obj: dict[str, Any]) -> None:
    sys.stdout.write(json_line(obj) + "\n")


def progress_bar(label: str) -> Progress:
    """A callback (done, total) drawing a one-line progress bar on stderr when it is a tty."""
    tty = sys.stderr.isatty()

    def update(done: int, total: int) -> None:
        if not tty or total <= 0:
            return
        width = 30
        filled = int(width * done / total)
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return update
