"""Search: the query syntax, passage search behind the SearchBackend seam, the title finder
and find-in-document.

    query.py           Query, parse_query, QuerySyntaxError
    matching.py        folding with offsets, match spans, find_in_text, snippet
    titles.py          TitleFinder (documents by title), TitleHit
    titles_cache.py    open_title_finder: the title finder kept on disk, keyed by the titles
    vocabulary.py      the words an index knows; form, typo and word-start expansion
    candidates.py      which passages a backend fetches for a query (Match, candidate_keys)
    ranking.py         rank, rank_found: the pure scoring of passages, shared by backends
    backend.py         the SearchBackend protocol, SearchHit, RefreshStats
    freshness.py       file states and content hashes (what changed since a refresh)
    sqlite_storage.py  the SQLite index file: schema, opening, compression
    sqlite_backend.py  SqliteIndex: the persisted backend (open_backend's choice)
    memory_backend.py  MemoryBackend: an inverted index in memory
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.search.backend import (
        Cancelled,
        FileState,
        IndexCorruptError,
        Progress,
        RefreshStats,
        SearchBackend,
        SearchHit,
    )
    from tui.core.search.freshness import content_hash, file_states, stat_files
    from tui.core.search.matching import (
        find_in_text,
        fold_with_offsets,
        match_spans,
        snippet,
        span_pattern,
    )
    from tui.core.search.memory_backend import MemoryBackend
    from tui.core.search.query import (
        MAX_TERM_CHARS,
        MAX_TERMS,
        TOKEN,
        Query,
        QuerySyntaxError,
        folded_words,
        parse_query,
    )
    from tui.core.search.ranking import Candidate, PassageWords, passage_words, rank
    from tui.core.search.sqlite_backend import SqliteIndex, open_backend, open_index
    from tui.core.search.sqlite_storage import index_path
    from tui.core.search.titles import TitleFinder, TitleHit
    from tui.core.search.titles_cache import open_title_finder
    from tui.core.search.vocabulary import (
        Term,
        TruncatedVocabulary,
        Vocabulary,
        resolve_terms,
        typo_cutoff,
    )

# Each name is imported from its module on first use: the title finder does not wait for
# SQLite and the backends to load (a worker imports them while the UI starts).
_MODULES = {
    "Cancelled": "backend",
    "FileState": "backend",
    "IndexCorruptError": "backend",
    "Progress": "backend",
    "RefreshStats": "backend",
    "SearchBackend": "backend",
    "SearchHit": "backend",
    "content_hash": "freshness",
    "file_states": "freshness",
    "stat_files": "freshness",
    "find_in_text": "matching",
    "fold_with_offsets": "matching",
    "match_spans": "matching",
    "snippet": "matching",
    "span_pattern": "matching",
    "MemoryBackend": "memory_backend",
    "MAX_TERM_CHARS": "query",
    "MAX_TERMS": "query",
    "TOKEN": "query",
    "Query": "query",
    "QuerySyntaxError": "query",
    "folded_words": "query",
    "parse_query": "query",
    "Candidate": "ranking",
    "PassageWords": "ranking",
    "passage_words": "ranking",
    "rank": "ranking",
    "SqliteIndex": "sqlite_backend",
    "open_backend": "sqlite_backend",
    "open_index": "sqlite_backend",
    "index_path": "sqlite_storage",
    "TitleFinder": "titles",
    "TitleHit": "titles",
    "open_title_finder": "titles_cache",
    "Term": "vocabulary",
    "TruncatedVocabulary": "vocabulary",
    "Vocabulary": "vocabulary",
    "resolve_terms": "vocabulary",
    "typo_cutoff": "vocabulary",
}


if not TYPE_CHECKING:  # mypy sees the imports above, so a misspelt name stays an error

    def __getattr__(name: str) -> object:
        module = _MODULES.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted([*globals(), *_MODULES])


__all__ = [
    "MAX_TERMS",
    "MAX_TERM_CHARS",
    "TOKEN",
    "Cancelled",
    "Candidate",
    "FileState",
    "IndexCorruptError",
    "MemoryBackend",
    "PassageWords",
    "Progress",
    "Query",
    "QuerySyntaxError",
    "RefreshStats",
    "SearchBackend",
    "SearchHit",
    "SqliteIndex",
    "Term",
    "TitleFinder",
    "TitleHit",
    "TruncatedVocabulary",
    "Vocabulary",
    "content_hash",
    "file_states",
    "find_in_text",
    "fold_with_offsets",
    "folded_words",
    "index_path",
    "match_spans",
    "open_backend",
    "open_index",
    "open_title_finder",
    "parse_query",
    "passage_words",
    "rank",
    "resolve_terms",
    "snippet",
    "span_pattern",
    "stat_files",
    "typo_cutoff",
]
