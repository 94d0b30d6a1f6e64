"""Saved web pages: the article's text and metadata through trafilatura, an optional extra.

trafilatura (made for news pages) drops navigation, ads and comments and gives the article as
Markdown with YAML front matter (title, author, date, url), which the Markdown parser reads. The
raw view still shows the whole page. Without trafilatura installed (`pip install
'dossier[html]'`) a page is skipped with a reason that says so.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable
from functools import lru_cache

HTML_MISSING = "web page: install the html extra (pip install 'dossier[html]') to read it"
HTML_MAX_BYTES = 32 * 1024 * 1024  # larger pages are skipped: extraction would take too long
MIN_WORDS = 5
_FRONT_MATTER = re.compile(r"^---\n.*?\n---\n", re.DOTALL)
_QUIET = ("trafilatura", "htmldate", "courlan", "justext")  # never print over the screen


@lru_cache(maxsize=1)
def _extractor() -> Callable[..., str | None] | None:
    try:  # imported by name: an optional extra, maybe absent when type-checking
        module = importlib.import_module("trafilatura")
    except ImportError:
        return None
    for name in _QUIET:
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
    extract: Callable[..., str | None] = module.extract
    return extract


def html_markdown(data: bytes) -> str | None:
    """The article of a web page as Markdown with front matter; None without trafilatura.

    Raises ValueError when the page has no article text or cannot be parsed.
    """
    extract = _extractor()
    if extract is None:
        return None
    try:
        text = extract(
            data,
            output_format="markdown",
            with_metadata=True,
            include_comments=False,
            include_formatting=True,
            include_images=False,
            include_links=False,
            # Dates the page states (meta tags, structured data, URL), never a guess from a
            # copyright line or a stray year: "Copyright 2022" had become 2022-01-01.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # the library's own errors on broken markup
        raise ValueError(f"unreadable web page ({(str(exc) or type(exc).__name__)[:80]})") from exc
    body = _FRONT_MATTER.sub("", text or "", count=1)
    if len(body.split()) < MIN_WORDS:  # a menu or a lone link is what is left of no article
        raise ValueError("no article text found in the web page")
    return text
