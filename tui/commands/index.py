"""`dossier index`: build or refresh the persisted search index of a corpus."""

from __future__ import annotations

import argparse
import errno
import sqlite3
import sys
from pathlib import Path

from tui.commands.common import CommandError, add_paths, corpus_paths, load, progress_bar
from tui.core.paths import data_dir
from tui.core.search import SearchBackend, file_states, open_backend


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("index", help="build or refresh the search index of a corpus")
    add_paths(p)
    p.add_argument("--rebuild", action="store_true", help="start again from nothing")


def open_fresh_index(args: argparse.Namespace, show_progress: bool) -> SearchBackend:
    """The corpus's search backend, refreshed (it reads the passages' texts from the corpus:
    a warm load reads the corpus cache; the progress bar shows only when files changed)."""
    paths = corpus_paths(args)
    for p in paths:
        if not Path(p).expanduser().exists():
            raise CommandError(f"no such file or folder: {p}")
    corpus = load(args)
    index = open_backend(corpus)
    fresh = index.is_fresh(file_states(corpus))
    index.refresh(corpus, progress_bar("indexing") if show_progress and not fresh else None)
    return index


def run(args: argparse.Namespace) -> int:
    reading = progress_bar("reading")
    paths = corpus_paths(args)
    from tui.core.corpus import load_corpus

    try:
        corpus = load_corpus(paths, progress=reading)
    except FileNotFoundError as exc:
        raise CommandError(str(exc)) from None
    if not corpus.documents:
        raise CommandError(f"no readable document in {', '.join(paths)}")
    index = open_backend(corpus)
    try:
        if getattr(index, "path", "") is None:
            sys.stderr.write(
                f"dossier: the data directory {data_dir()} cannot be written: the index is"
                " built in memory and forgotten at exit\n"
            )
        if args.rebuild:
            index.clear()
        stats = index.refresh(corpus, progress_bar("indexing"))
    except (OSError, sqlite3.Error) as exc:
        raise CommandError(index_failure(exc)) from None
    finally:
        index.close()
    sys.stdout.write(stats.summary() + "\n")
    return 0


def index_failure(exc: BaseException) -> str:
    """One line for an index that could not be written."""
    full = getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT) or "disk is full" in str(exc)
    if full:
        return f"the index was not saved: the disk holding {data_dir()} is full"
    reason = getattr(exc, "strerror", None) or str(exc)
    return f"the index was not saved: {reason}"
