"""Reading files and folders into Documents: formats, encodings, metadata, boilerplate.

- `files`: finding a corpus's files, reading and decoding each (or the reason it is skipped).
- `cache`, `cache_load`, `cache_parse`: the persistent corpus cache; `load_corpus` reads
  through it (unchanged files from the cache, bodies when asked), the rest parsed alone.
- `parse`: decoded text into a Document (pure): the format's parser, then title and counts.
- `text_format`, `markdown_format`: the two block parsers.
- `rtf_format`, `html_format`: RTF and saved web pages to text, through optional extras.
- `records`: JSON Lines and JSON arrays of articles, one document per record.
- `metadata`: date, byline and source lines, Markdown front matter.
- `lead`: a scraped article's lead: a glued source URL, a dateline, the first sentence.
- `dates`: dates in URLs and datelines, at the precision they have.
- `boilerplate`: web furniture kept out of the passages.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.core.corpus.boilerplate import BOILERPLATE_MAX
    from tui.core.corpus.cache_load import load_cached, load_corpus, refresh_corpus
    from tui.core.corpus.cache_rows import LazyDocument
    from tui.core.corpus.files import (
        EXTENSIONS,
        MAX_BYTES,
        Progress,
        document_id,
        iter_files,
        load_file,
        load_path,
        load_records,
        raw_record,
        raw_text,
    )
    from tui.core.corpus.parse import TITLE_MAX, parse_document, shorten

# Each name is imported from its module when first used: a warm start needs only the cache's
# modules, and importing the parsers with them cost it ~70 ms (more in a thread beside the UI).
_HOME = {
    "BOILERPLATE_MAX": "boilerplate",
    **dict.fromkeys(("load_cached", "load_corpus", "refresh_corpus"), "cache_load"),
    "LazyDocument": "cache_rows",
    **dict.fromkeys(
        (
            "EXTENSIONS",
            "MAX_BYTES",
            "Progress",
            "document_id",
            "iter_files",
            "load_file",
            "load_path",
            "load_records",
            "raw_record",
            "raw_text",
        ),
        "files",
    ),
    **dict.fromkeys(("TITLE_MAX", "parse_document", "shorten"), "parse"),
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "BOILERPLATE_MAX",
    "EXTENSIONS",
    "MAX_BYTES",
    "TITLE_MAX",
    "LazyDocument",
    "Progress",
    "document_id",
    "iter_files",
    "load_cached",
    "load_corpus",
    "load_file",
    "load_path",
    "load_records",
    "parse_document",
    "raw_record",
    "raw_text",
    "refresh_corpus",
    "shorten",
]
