"""Regular expressions compiled when first used.

`re.compile` parses and compiles in Python: a long pattern costs 1-8M instructions, paid by
whoever imports its module. A parser's patterns that most files never need (a dateline, a
date written out, a source URL) are compiled by the first file that does, not by every first
start's list.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from functools import _lru_cache_wrapper


def lazy_pattern(pattern: str, flags: int = 0) -> _lru_cache_wrapper[re.Pattern[str]]:
    """A function returning `re.compile(pattern, flags)`, compiled at its first call; its
    `cache_info().currsize` says whether it was (what the tests look at)."""

    @cache
    def compiled() -> re.Pattern[str]:
        return re.compile(pattern, flags)

    return compiled
