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

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.core.corpus.boilerplate import BOILERPLATE_MAX
    from tui.core.corpus.cache_load import (
        load_cached,
        load_corpus,
        open_cached,
        refresh_corpus,
    )
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

# Each name from its module when first asked for: a warm start reads the cache (`load_cached`)
# without importing the parsers, the formats and their dependencies (a tenth of a second, on
# the interpreter the first frame shares).
_FROM = {
    "BOILERPLATE_MAX": "boilerplate",
    "load_cached": "cache_load",
    "load_corpus": "cache_load",
    "open_cached": "cache_load",
    "refresh_corpus": "cache_load",
    "LazyDocument": "cache_rows",
    "EXTENSIONS": "files",
    "MAX_BYTES": "files",
    "Progress": "files",
    "document_id": "files",
    "iter_files": "files",
    "load_file": "files",
    "load_path": "files",
    "load_records": "files",
    "raw_record": "files",
    "raw_text": "files",
    "TITLE_MAX": "parse",
    "parse_document": "parse",
    "shorten": "parse",
}


def __getattr__(name: str) -> Any:
    module = _FROM.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
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
    "open_cached",
    "parse_document",
    "raw_record",
    "raw_text",
    "refresh_corpus",
    "shorten",
]
