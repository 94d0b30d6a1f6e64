"""The word lists the rules read: gazetteers (places, organisations, people), cues and stop words.

They live in `data/` as plain text (one entry per line, `#` comments; a mapping as tab-separated
columns) and are read once, through `importlib.resources`, into a frozen `Lexicon`. Its `digest`
changes with the files' contents, so an extractor's version can follow its data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from tui.core.models import surface_key

# Alias tables: each row is a canonical name and its aliases; the order of tables and rows sets
# which canonical name wins a shared alias (the first one).
ALIAS_TABLES = (
    ("country_aliases.tsv", "GPE"),
    ("people.tsv", "PERSON"),
    ("organisations.tsv", "ORG"),
    ("events.tsv", "EVENT"),
    ("location_aliases.tsv", "LOC"),
)
# Name lists: every name stands for itself.
# The generated geo_places.txt (tools/build_gazetteers.py) comes last: the hand lists win.
NAME_LISTS = (
    ("countries.txt", "GPE"),
    ("cities.txt", "GPE"),
    ("locations.txt", "LOC"),
    ("geo_places.txt", "GPE"),
    ("peoples.txt", "NORP"),
)


@dataclass(frozen=True, slots=True)
class Known:
    """What the gazetteer knows of a surface: its canonical name and type."""

    name: str
    type: str


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every word list the rule-based extractor uses, folded where it compares folded text."""

    known: dict[str, Known]  # folded surface -> canonical name and type
    known_first: dict[str, int]  # first word of a known name -> most words in such a name
    upper_aliases: frozenset[str]  # folded short aliases that count only in capitals ("us")
    norp_weak: frozenset[str]
    first_names: frozenset[str]
    titles: frozenset[str]
    royal_titles: frozenset[str]  # kept in a one-word name after them ("Prince Charles")
    multi_titles: tuple[str, ...]
    roles: frozenset[str]
    org_suffixes: frozenset[str]
    loc_suffixes: frozenset[str]
    gpe_suffixes: frozenset[str]
    event_suffixes: frozenset[str]
    event_prefixes: frozenset[str]
    # "river" -> ("LOC", True): a noun after a name says its kind of place, and whether it
    # re-types a known town ("the Kosi river")
    place_nouns: dict[str, tuple[str, bool]]
    place_prepositions: frozenset[str]  # "in", "near": before a lone unknown word, a place
    stopwords: frozenset[str]
    date_words: frozenset[str]
    function_words: frozenset[str]
    not_entities: frozenset[str]
    common_words: frozenset[str]  # frequent English words (generated)
    name_particles: frozenset[str]
    connectors: frozenset[str]
    digest: str  # of the data files' contents
    # Derived once, not per name: every suffix that types a name, and the first word of each
    # title of several words (a name not starting with one needs no title search).
    type_suffixes: frozenset[str] = frozenset()
    title_heads: tuple[str, ...] = ()


def data_text(name: str) -> str:
    """The text of one data file shipped in `tui/core/entities/data/`."""
    return (files("tui.core.entities") / "data" / name).read_text(encoding="utf-8")


def entries(text: str) -> list[str]:
    """The entries of a data file's text: its lines, blank lines and `#` comments left out."""
    return [line for line in (raw.strip() for raw in text.splitlines()) if line and line[0] != "#"]


def rows(text: str) -> list[list[str]]:
    """The tab-separated columns of each entry."""
    return [[cell.strip() for cell in line.split("\t") if cell.strip()] for line in entries(text)]


def data_names() -> list[str]:
    """The data files, sorted by name."""
    folder = files("tui.core.entities") / "data"
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".txt", ".tsv")))


def build_known(texts: dict[str, str]) -> dict[str, Known]:
    """Folded surface form -> canonical name and type, from the alias tables and name lists."""
    known: dict[str, Known] = {}

    def add(surface: str, name: str, type_: str) -> None:
        known.setdefault(surface_key(surface), Known(name, type_))

    for table, type_ in ALIAS_TABLES:
        for row in rows(texts[table]):
            for alias in row:
                add(alias, row[0], type_)
    for table, type_ in NAME_LISTS:
        for name in entries(texts[table]):
            add(name, name, type_)
    canon = {row[0]: row[1] for row in rows(texts["nationality_canon.tsv"])}
    for name in entries(texts["nationalities.txt"]):
        add(name, canon.get(name, name), "NORP")
    return known


def lexicon_from(texts: dict[str, str]) -> Lexicon:
    """A lexicon from the data files' texts (file name -> text)."""
    known = build_known(texts)
    known_first: dict[str, int] = {}
    for key in known:
        words = key.split()
        known_first[words[0]] = max(known_first.get(words[0], 0), len(words))
    upper = set()
    for table, _ in ALIAS_TABLES:  # short aliases in capitals count only in capitals ("US")
        for row in rows(texts[table]):
            for alias in row:
                letters = alias.replace(".", "")
                if letters.isupper() and len(letters) <= 4:
                    upper.add(surface_key(alias))

    def word_set(name: str) -> frozenset[str]:
        return frozenset(entries(texts[name]))

    particles = word_set("name_particles.txt")
    multi_titles = tuple(entries(texts["multiword_titles.txt"]))
    org_suffixes = word_set("org_suffixes.txt")
    loc_suffixes = word_set("loc_suffixes.txt")
    gpe_suffixes = word_set("gpe_suffixes.txt")
    event_suffixes = word_set("event_suffixes.txt")
    return Lexicon(
        known=known,
        known_first=known_first,
        upper_aliases=frozenset(upper),
        norp_weak=word_set("nationalities_weak.txt"),
        first_names=first_names_in(texts),
        titles=word_set("titles.txt"),
        royal_titles=word_set("royal_titles.txt"),
        multi_titles=multi_titles,
        roles=word_set("roles.txt"),
        org_suffixes=org_suffixes,
        loc_suffixes=loc_suffixes,
        gpe_suffixes=gpe_suffixes,
        event_suffixes=event_suffixes,
        event_prefixes=word_set("event_prefixes.txt"),
        place_nouns={r[0]: (r[1], r[2:] == ["overrides"]) for r in rows(texts["place_nouns.tsv"])},
        place_prepositions=word_set("place_prepositions.txt"),
        stopwords=word_set("stopwords.txt"),
        date_words=word_set("date_words.txt"),
        function_words=word_set("function_words.txt"),
        not_entities=word_set("not_entities.txt"),
        common_words=word_set("common_words.txt"),
        name_particles=particles,
        # "o'" joins only inside a word ("O'Neill"); the other particles also join words.
        connectors=(particles - {"o'"}) | word_set("connectors.txt"),
        digest=digest_of(texts),
        type_suffixes=org_suffixes | event_suffixes | loc_suffixes | gpe_suffixes,
        title_heads=tuple({t.split(" ")[0]: None for t in multi_titles}),
    )


def digest_of(texts: dict[str, str]) -> str:
    """What names a lexicon's behaviour (the extractor's cache version): its files' contents."""
    digest = hashlib.sha256()
    for name in sorted(texts):
        digest.update(f"{name}\0{texts[name]}\0".encode())
    return digest.hexdigest()[:12]


def first_names_in(texts: dict[str, str]) -> frozenset[str]:
    return frozenset(entries(texts["first_names.txt"])) | frozenset(
        entries(texts["first_names_intl.txt"])
    )


@lru_cache(maxsize=1)
def data_texts() -> dict[str, str]:
    """The shipped data files' texts, by file name (read once)."""
    return {name: data_text(name) for name in data_names()}


@lru_cache(maxsize=1)
def data_digest() -> str:
    """The shipped lexicon's digest, without building it (a warm start extracts nothing:
    building the lexicon took ~120 ms of the interpreter beside the UI)."""
    return digest_of(data_texts())


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """The shipped lexicon's first names, without building the rest of it."""
    return first_names_in(data_texts())


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped lexicon, read from the data files once."""
    return lexicon_from(data_texts())
