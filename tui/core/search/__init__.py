"""Search: the query syntax, passage search behind the SearchBackend seam, the title finder
and find-in-document.

    query.py           Query, parse_query, QuerySyntaxError
    matching.py        folding with offsets, match spans, find_in_text, snippet
    titles.py          TitleFinder (documents by title), TitleHit
    vocabulary.py      the words an index knows; typo and word-start expansion of a query
    candidates.py      which passages a backend fetches for a query (Match)
    ranking.py         rank: the pure scoring of candidate passages, shared by backends
    backend.py         the SearchBackend protocol, SearchHit, RefreshStats
    freshness.py       file states and content hashes (what changed since a refresh)
    sqlite_storage.py  the SQLite index file: schema, opening, compression
    sqlite_backend.py  SqliteIndex: the persisted backend (open_backend's choice)
    memory_backend.py  MemoryBackend: an inverted index in memory
"""

from __future__ import annotations

from tui.core.search.backend import (
    Cancelled,
    FileState,
    IndexCorruptError,
    Progress,
    RefreshStats,
    SearchBackend,
    SearchHit,
    SearchIndex,
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
from tui.core.search.vocabulary import (
    Term,
    TruncatedVocabulary,
    Vocabulary,
    resolve_terms,
    typo_cutoff,
)

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
    "SearchIndex",
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
    "parse_query",
    "passage_words",
    "rank",
    "resolve_terms",
    "snippet",
    "span_pattern",
    "stat_files",
    "typo_cutoff",
]
