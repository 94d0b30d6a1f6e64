"""Dates written in URLs and datelines, kept with the precision they have.

A date is returned in ISO 8601 form at its own precision: "2022-07-17" (a full date),
"2022-07" (a month of a year) or "--01-27" (a day of a month, year unknown). The year of a
day written without one is never guessed.
"""

from __future__ import annotations

import re
from datetime import date

from tui.core.patterns import lazy_pattern

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_YEARS = range(1990, 2040)  # a number outside these is an id, not a year

# /2022/07/17/, /2022-07-17/, _2022_07_17, 20220717 (not inside a longer run of digits), /2022/07/
# Compiled when first used: most files give neither a source URL nor a date written out.
_URL_YMD = lazy_pattern(r"(?<!\d)((?:19|20)\d\d)([/_-]?)(\d\d)\2(\d\d)(?!\d)")
_URL_YM = lazy_pattern(r"/((?:19|20)\d\d)/(\d\d)/")
_DAY_MONTH = lazy_pattern(r"^(\d{1,2}) ([a-z]+)\.?(?:,? (\d{4}))?$", re.IGNORECASE)
_MONTH_DAY = lazy_pattern(r"^([a-z]+)\.? (\d{1,2})(?:,? (\d{4}))?$", re.IGNORECASE)


def full(iso: str | None) -> bool:
    """True for a full date ("2022-07-17"), False for a partial one or None."""
    return iso is not None and len(iso) == 10 and not iso.startswith("--")


def _iso(year: int | None, month: int, day: int | None) -> str | None:
    """The ISO form of a real date (checked: no 31 June), at the precision given."""
    try:
        date(year if year is not None else 2000, month, day or 1)  # 2000: leap, allows 29 Feb
    except ValueError:
        return None
    if year is None:
        return f"--{month:02d}-{day:02d}" if day else None
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def date_in_url(url: str) -> str | None:
    """The date a URL's path gives: a full date, or a year and month ("/2022/07/")."""
    path = re.sub(r"^[a-z]+://[^/]*", "", url, flags=re.IGNORECASE)
    for m in _URL_YMD().finditer(path):
        year, month, day = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if year in _YEARS:
            iso = _iso(year, month, day)
            if iso:
                return iso
    for m in _URL_YM().finditer(path):
        year, month = int(m.group(1)), int(m.group(2))
        if year in _YEARS and 1 <= month <= 12:
            return _iso(year, month, None)
    return None


def parse_written_date(text: str) -> str | None:
    """A date written out: "27 January", "17 July 2022", "July 17, 2022", "Oct. 3"."""
    s = " ".join(text.replace(",", ", ").split()).strip(" ,")
    s = s.replace(" ,", ",")
    m = _DAY_MONTH().match(s)
    if m:
        day, month_name, year = m.group(1), m.group(2), m.group(3)
    else:
        m = _MONTH_DAY().match(s)
        if not m:
            return None
        month_name, day, year = m.group(1), m.group(2), m.group(3)
    month = _MONTHS.get(month_name.lower())
    if month is None:
        return None
    return _iso(int(year) if year else None, month, int(day))
