"""The corpus entity index: every document's mentions, aliases merged across the corpus.

A lone surname maps to the one full name in the corpus that ends with it (a word that is
also a first name, "Charles", only within its document). The index answers
queries (entities by count, a document's entities, co-occurrence) and takes the user's clean-up
(merge, rename, hide) through the methods `EntityEdits.apply` calls.

Kept as numbers, not objects (at 100k documents, ~5M mentions and tens of thousands of
entities): a mention is four integers (passage, start, end, form) in one array for the corpus,
a form a (surface, name, type) by number, an entity a row of a table (key, first form, count,
aliases, its documents as numbers). `Entity` and `Mention` objects are made when asked for.
Assembled, the index is kept on disk beside the mention cache (see snapshot): a start with no
changed file maps it instead of merging again; a changed file re-merges from the kept rows.
Edits move whole entities (their forms), so they are applied to the forms and the table is
made again from them, without reading the mentions.
"""

from __future__ import annotations

import threading
import weakref
from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice, repeat
from pathlib import Path
from typing import Any

from tui.core.entities.cache import Cached, read_cache, update_cache
from tui.core.entities.extractor import EntityExtractor
from tui.core.entities.gazetteer import first_names
from tui.core.entities.packed import Forms, PackedMentions
from tui.core.entities.parallel import PARALLEL_FROM, default_workers, extract_parallel
from tui.core.entities.rules import RuleExtractor
from tui.core.entities.snapshot import (
    Kept,
    as_array,
    documents_stamp,
    read_snapshot,
    snapshot_path,
    write_snapshot,
)
from tui.core.models import Corpus, Document, Entity, Mention, entity_key, surface_key

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
Numbers = Sequence[int]  # an array, or a view of the kept file
UNSEEN = 0xFFFFFFFF  # the rank of a form in no document


class IndexedEntity(Entity):
    """An entity as the index gives it: its documents listed when first read (a common one's
    run to tens of thousands: at 100k documents, 4.8M in all, ~1 s and ~40 MB to list them
    all when a browser shows a count and one screen of names). Equal to an `Entity` of the
    same values."""

    __slots__ = ("__weakref__", "_ids", "_listed", "_numbers")

    def __init__(
        self,
        key: str,
        name: str,
        type_: str,
        count: int,
        aliases: list[str],
        ids: list[str],
        numbers: Numbers,
    ) -> None:
        super().__init__(key, name, type_, count, [], aliases)
        self._ids, self._numbers = ids, numbers
        self._listed: list[str] | None = None

    @property
    def docs(self) -> list[str]:
        if self._listed is None:
            ids = self._ids
            self._listed = [ids[d] for d in self._numbers]
        return self._listed

    @docs.setter
    def docs(self, value: list[str]) -> None:
        self._listed = value

    @property
    def doc_count(self) -> int:
        return len(self._listed) if self._listed is not None else len(self._numbers)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Entity):
            return NotImplemented
        return (self.key, self.name, self.type, self.count, self.docs, self.aliases) == (
            other.key,
            other.name,
            other.type,
            other.count,
            other.docs,
            other.aliases,
        )

    __hash__ = None  # type: ignore[assignment]


Known = tuple[Forms, dict[str, "Numbers"], list[str]]  # forms, unchanged files' rows, removed


def _kept_rows(kept: Kept, docs: list[Document]) -> Known:
    """The rows of the unchanged files as the snapshot keeps them, their forms as numbered."""
    forms = Forms(zip(kept.surfaces, kept.raw_names, kept.types, strict=True))
    rows, at = kept.arrays["rows"], kept.arrays["at"]
    sizes, mtimes = kept.arrays["sizes"], kept.arrays["mtimes"]
    was = {doc_id: n for n, doc_id in enumerate(kept.ids)}
    raw: dict[str, Numbers] = {}
    for doc in docs:
        n = was.get(doc.id)
        if n is not None and doc.size and sizes[n] == doc.size and mtimes[n] == doc.mtime:
            raw[doc.id] = as_array("I", rows[4 * at[n] : 4 * at[n + 1]])
    ids = {d.id for d in docs}
    return forms, raw, [doc_id for doc_id in kept.ids if doc_id not in ids]


def _cached_rows(cache: Path, version: str, docs: list[Document]) -> Known:
    """The rows of the unchanged files read from the mention cache (no snapshot to map)."""
    forms = Forms()
    cached = read_cache(cache, version, lambda doc_id, ms: PackedMentions(doc_id, ms, forms))
    raw: dict[str, Numbers] = {}
    for doc in docs:
        hit = cached.get(doc.id)
        if hit is not None and hit[0] == doc.size and hit[1] == doc.mtime and doc.size:
            assert isinstance(hit[2], PackedMentions)
            raw[doc.id] = hit[2].rows
    ids = {d.id for d in docs}
    return forms, raw, [doc_id for doc_id in cached if doc_id not in ids]


class EntityIndex:
    """Entities of a corpus with their mentions; the caller applies the user's edits to it."""

    def __init__(self) -> None:
        self._ids: list[str] = []  # documents, in corpus order
        self._numbers: dict[str, int] | None = None  # id -> number, made when first asked
        self._rows: Numbers = array("I")  # passage, start, end, form: four a mention
        self._at: Numbers = array("I", [0])  # document n: rows[4 * at[n] : 4 * at[n + 1]]
        # The forms, by number: surface, name (lone surnames resolved, then edited), type.
        self._surfaces: list[str] = []
        self._raw_names: list[str] = []  # as extracted, kept for the next merge
        self._names: list[str] = []
        self._types: list[str] = []
        self._rank: Numbers = array("I")  # first-seen order of the forms (UNSEEN: none)
        self._form_count: Numbers = array("I")
        # The table as assembled, before edits: form -> entity, entity -> its documents.
        self._base: Numbers = array("i")
        self._base_span: Numbers = array("I", [0])
        self._base_docs: Numbers = array("I")
        # The table the queries read: the assembled one, or the one made after edits.
        self._keys: list[str] = []
        self._first: Numbers = array("I")  # entity -> its first-seen form
        self._counts: Numbers = array("I")
        self._aliases: list[tuple[str, ...]] = []
        self._span: Numbers = array("I", [0])
        self._docs: Numbers = array("I")
        self._form_entity: Numbers = array("i")  # form -> entity (-1: hidden or unseen)
        self._key_numbers: dict[str, int] | None = None
        self._alias_keys: dict[str, str] | None = None  # made on the first `resolve`
        # The objects given out and still held: asked again, the same object.
        self._made: weakref.WeakValueDictionary[int, IndexedEntity] = weakref.WeakValueDictionary()
        # Edits: each key's forms in first-seen order; the table is made again when read.
        self._by_key: dict[str, list[int]] | None = None
        self._stale = False
        self._settling = threading.Lock()  # queried from the UI thread and from workers

    # -- building -----------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        corpus: Corpus | Iterable[Document],
        extractor: EntityExtractor | None = None,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        cache: Path | None = None,
        workers: int | None = None,
    ) -> EntityIndex:
        """Extract every document with `extractor` (the rules by default), merge aliases across
        the corpus. The user's edits are the caller's to apply (`EntityEdits.apply(index)`).

        `cache` (see `cache_path`) keeps each file's mentions keyed by its size and mtime, under
        `extractor.version`, so a reopened corpus only extracts the files that changed (and
        writes only their rows); the assembled index is kept beside it (`snapshot_path`), read
        back as it is when no file changed. A cancelled build returns an empty index. `workers`
        processes (default: the cores this process may use) extract when `PARALLEL_FROM`
        documents or more need it.
        """
        extractor = extractor if extractor is not None else RuleExtractor()
        docs = list(corpus.documents if isinstance(corpus, Corpus) else corpus)
        total = len(docs)
        version = extractor.version if cache is not None else ""
        kept = read_snapshot(snapshot_path(cache), version, cache) if cache is not None else None
        stamp = documents_stamp(docs) if cache is not None else ""
        if kept is not None and kept.stamp == stamp:
            if progress is not None:
                progress(total, total)
            return cls._from_kept(kept, docs)
        if kept is not None:
            forms, raw, removed = _kept_rows(kept, docs)
            del kept
        elif cache is not None:
            forms, raw, removed = _cached_rows(cache, version, docs)
        else:
            forms, raw, removed = Forms(), {}, []
        todo = [d for d in docs if d.id not in raw]
        fresh: dict[str, PackedMentions] = {}
        n = total - len(todo)
        workers = workers if workers is not None else default_workers()
        if workers > 1 and len(todo) >= PARALLEL_FROM:
            stop = cancelled if cancelled is not None else (lambda: False)

            def done(k: int) -> None:
                nonlocal n
                n += k
                if progress is not None:
                    progress(n, total)

            for doc_id, found in extract_parallel(todo, extractor, workers, done, stop):
                # Packed as they come, from the rows: no Mention is made on this side.
                fresh[doc_id] = PackedMentions.from_rows(doc_id, found, forms)
            if stop():
                return cls()
        else:
            for doc in todo:
                if cancelled is not None and cancelled():
                    return cls()
                fresh[doc.id] = PackedMentions(doc.id, extractor.extract(doc), forms)
                n += 1
                if progress is not None and n % 25 == 0:
                    progress(n, total)
        if progress is not None:
            progress(n, total)
        for doc_id, packed in fresh.items():
            raw[doc_id] = packed.rows
        if cache is not None:
            # Only the rows of changed, added and removed files are written.
            changed: Cached = {d.id: (d.size, d.mtime, fresh[d.id]) for d in todo if d.size}
            if changed or removed:
                update_cache(cache, version, changed, removed)
        del fresh
        index = cls()
        index._ids = [d.id for d in docs]
        index._assemble(forms, (raw.pop(d.id) for d in docs))
        if cache is not None:
            path = snapshot_path(cache)
            write_snapshot(path, version, cache, index._kept(docs, stamp))
            # Read back mapped: the mentions' pages leave this process's own memory.
            again = read_snapshot(path, version, cache)
            if again is not None and again.stamp == stamp:
                return cls._from_kept(again, docs)
        return index

    @classmethod
    def _from_kept(cls, kept: Kept, docs: list[Document]) -> EntityIndex:
        index = cls()
        index._ids = [d.id for d in docs]  # the corpus's own strings, not the file's
        a = kept.arrays
        index._rows, index._at = a["rows"], a["at"]
        index._surfaces, index._raw_names = kept.surfaces, kept.raw_names
        index._names, index._types = kept.names, kept.types
        index._rank, index._form_count = a["rank"], a["form_count"]
        index._base, index._base_span, index._base_docs = a["base"], a["span"], a["docs"]
        index._keys, index._aliases = kept.keys, kept.aliases
        index._first, index._counts = a["first"], a["counts"]
        index._span, index._docs, index._form_entity = a["span"], a["docs"], a["base"]
        return index

    def _kept(self, docs: list[Document], stamp: str) -> Kept:
        """What the snapshot keeps of this index (assembled, before edits)."""
        arrays: dict[str, Any] = {
            "rows": self._rows,
            "at": self._at,
            "sizes": array("q", (d.size for d in docs)),
            "mtimes": array("d", (d.mtime for d in docs)),
            "rank": self._rank,
            "form_count": self._form_count,
            "base": self._base,
            "span": self._base_span,
            "docs": self._base_docs,
            "counts": self._counts,
            "first": self._first,
        }
        return Kept(
            stamp,
            self._ids,
            self._surfaces,
            self._raw_names,
            self._names,
            self._types,
            self._keys,
            self._aliases,
            arrays,
        )

    def _assemble(self, forms: Forms, per_doc: Iterable[Numbers]) -> None:
        """The corpus's rows from each document's (in order), the lone surnames resolved, the
        entity table."""
        rows, at = array("I"), array("I", [0])
        for doc_rows in per_doc:
            rows.extend(doc_rows)
            at.append(len(rows) // 4)
        self._rows, self._at = rows, at
        self._surfaces = [f[0] for f in forms.values]
        self._raw_names = [f[1] for f in forms.values]
        self._types = [f[2] for f in forms.values]
        n_forms = len(forms.values)
        column = rows[3::4]
        seen = list(dict.fromkeys(column))  # forms in the order they are first met
        rank = array("I", [UNSEEN]) * n_forms
        for r, f in enumerate(seen):
            rank[f] = r
        form_count = array("I", [0]) * n_forms
        for f, c in Counter(column).items():
            form_count[f] = c
        del column
        self._rank, self._form_count = rank, form_count
        self._names = self._resolved(seen)
        # Each key's forms in first-seen order; the entities in the order first met.
        by_key: dict[str, list[int]] = {}
        keys: dict[tuple[str, str], str] = {}  # folded once a (name, type), not a form
        for f in seen:
            name, type_ = self._names[f], self._types[f]
            key = keys.get((name, type_))
            if key is None:
                key = keys[(name, type_)] = entity_key(name, type_)
            by_key.setdefault(key, []).append(f)
        base = array("i", [-1]) * n_forms
        for e, fs in enumerate(by_key.values()):
            for f in fs:
                base[f] = e
        # Each entity's documents, in corpus order.
        lists: list[list[int]] = [[] for _ in by_key]
        entity_of, list_of, append = base.__getitem__, lists.__getitem__, list.append
        for d in range(len(at) - 1):
            # d appended to each of its entities' lists, by C calls (4.8M at 100k documents)
            ents = set(map(entity_of, rows[4 * at[d] + 3 : 4 * at[d + 1] : 4]))
            deque(map(append, map(list_of, ents), repeat(d, len(ents))), maxlen=0)
        span, docs = array("I", [0]), array("I")
        for found in lists:
            docs.extend(found)
            span.append(len(docs))
        self._base, self._base_span, self._base_docs = base, span, docs
        self._table(by_key, edited=False)

    def _resolved(self, seen: list[int]) -> list[str]:
        """The forms' names with a lone surname standing for the one full name in the corpus
        ending with it, unless the word is also a first name ("Charles", "Andy": those stay per
        document)."""
        given = first_names()  # not the whole lexicon: a warm build extracts nothing
        raw, types = self._raw_names, self._types
        full_by_last: dict[str, set[str]] = defaultdict(set)
        for f in seen:
            if types[f] == "PERSON" and " " in raw[f]:
                full_by_last[surface_key(raw[f].split()[-1])].add(raw[f])
        names = list(raw)
        for f in seen:
            name = raw[f]
            if types[f] == "PERSON" and " " not in name and name.lower() not in given:
                fulls = full_by_last.get(surface_key(name))
                if fulls is not None and len(fulls) == 1:
                    names[f] = next(iter(fulls))
        return names

    def _table(self, by_key: dict[str, list[int]], edited: bool) -> None:
        """The entity table from each key's forms (first-seen order): the name and type of the
        first, the counts of all, the aliases by count (ties: first seen), the documents of the
        assembled entities the forms were in."""
        rank = self._rank
        items = sorted(by_key.items(), key=lambda kf: rank[kf[1][0]]) if edited else by_key.items()
        keys: list[str] = []
        first, counts = array("I"), array("I")
        aliases: list[tuple[str, ...]] = []
        form_entity = array("i", [-1]) * len(self._surfaces)
        span, docs = array("I", [0]), array("I")
        surfaces, form_count = self._surfaces, self._form_count
        base, base_span, base_docs = self._base, self._base_span, self._base_docs
        for e, (key, fs) in enumerate(items):
            keys.append(key)
            first.append(fs[0])
            by_surface: Counter[str] = Counter()
            for f in fs:
                by_surface[surfaces[f]] += form_count[f]
                form_entity[f] = e
            counts.append(sum(by_surface.values()))
            aliases.append(tuple(a for a, _ in by_surface.most_common()))
            if edited:
                parts = list(dict.fromkeys(base[f] for f in fs))
                if len(parts) == 1:
                    docs.extend(base_docs[base_span[parts[0]] : base_span[parts[0] + 1]])
                else:
                    union = set().union(
                        *(base_docs[base_span[b] : base_span[b + 1]] for b in parts)
                    )
                    docs.extend(sorted(union))
                span.append(len(docs))
        self._keys, self._first, self._counts, self._aliases = keys, first, counts, aliases
        self._form_entity = form_entity
        if edited:
            self._span, self._docs = span, docs
        else:
            self._span, self._docs = self._base_span, self._base_docs
        self._key_numbers = None
        self._alias_keys = None
        self._made = weakref.WeakValueDictionary()

    def settle(self) -> None:
        """Make the entity table again after edits now (else when it is next read)."""
        self._fresh()

    def _fresh(self) -> None:
        """The table made again after edits, once, when next read."""
        if not self._stale:
            return
        with self._settling:
            if self._stale and self._by_key is not None:
                self._table(self._by_key, edited=True)
            self._stale = False

    # -- edits (called by EntityEdits.apply) ---------------------------------------------------

    def _forms_by_key(self) -> dict[str, list[int]]:
        if self._by_key is None:
            by_key: dict[str, list[int]] = {key: [] for key in self._keys}
            entity_of = self._form_entity
            live = [f for f in range(len(self._surfaces)) if entity_of[f] >= 0]
            live.sort(key=self._rank.__getitem__)
            for f in live:
                by_key[self._keys[entity_of[f]]].append(f)
            self._by_key = by_key
        return self._by_key

    def _edited(self, key: str, forms: list[int]) -> None:
        """`key` now has `forms` (with those it had)."""
        by_key = self._forms_by_key()
        by_key[key] = sorted([*by_key.get(key, ()), *forms], key=self._rank.__getitem__)
        self._stale = True

    def merge(self, source: str, target: str) -> bool:
        """Fold entity `source` into `target` (keys). False when either is unknown."""
        by_key = self._forms_by_key()
        if source == target or source not in by_key or target not in by_key:
            return False
        lead = by_key[target][0]  # the target's name and type: its first-seen form's
        name, type_ = self._names[lead], self._types[lead]
        moved = by_key.pop(source)
        for f in moved:
            self._names[f], self._types[f] = name, type_
        self._edited(target, moved)
        return True

    def rename(self, key: str, new_name: str) -> str | None:
        """Give entity `key` a new display name; returns the new key (None when unknown)."""
        by_key = self._forms_by_key()
        if key not in by_key or not new_name.strip():
            return None
        new_name = new_name.strip()
        moved = by_key.pop(key)
        for f in moved:
            self._names[f] = new_name
        new_key = entity_key(new_name, self._types[moved[0]])
        self._edited(new_key, moved)
        return new_key

    def hide(self, key: str) -> bool:
        by_key = self._forms_by_key()
        if by_key.pop(key, None) is None:
            return False
        self._stale = True
        return True

    # -- reading ------------------------------------------------------------------------------

    def _number(self, doc_id: str) -> int | None:
        if self._numbers is None:
            self._numbers = {doc_id: n for n, doc_id in enumerate(self._ids)}
        return self._numbers.get(doc_id)

    def _entity_number(self, key: str) -> int | None:
        self._fresh()
        if self._key_numbers is None:
            self._key_numbers = {k: e for e, k in enumerate(self._keys)}
        return self._key_numbers.get(key)

    def _entity(self, e: int) -> Entity:
        """Entity number `e` as an object (its documents listed when read)."""
        ent = self._made.get(e)
        if ent is None:
            f, span = self._first[e], self._span
            ent = self._made[e] = IndexedEntity(
                self._keys[e],
                self._names[f],
                self._types[f],
                self._counts[e],
                list(self._aliases[e]),
                self._ids,
                self._docs[span[e] : span[e + 1]],
            )
        return ent

    def _doc_forms(self, d: int) -> Numbers:
        return self._rows[4 * self._at[d] + 3 : 4 * self._at[d + 1] : 4]

    def _doc_mentions(self, d: int, entity: int | None = None) -> Iterator[Mention]:
        """Document `d`'s mentions (of `entity` only, or all but the hidden)."""
        doc_id, at = self._ids[d], self._at
        rows = list(self._rows[4 * at[d] : 4 * at[d + 1]])
        entity_of = self._form_entity
        surfaces, names, types = self._surfaces, self._names, self._types
        for i in range(0, len(rows), 4):
            f = rows[i + 3]
            e = entity_of[f]
            if e < 0 or (entity is not None and e != entity):
                continue
            yield Mention(
                doc_id, rows[i], rows[i + 1], rows[i + 2], surfaces[f], names[f], types[f]
            )

    # -- queries ------------------------------------------------------------------------------

    def entities(self, type_: str | None = None) -> list[Entity]:
        """All entities, most mentioned first (ties: name)."""
        self._fresh()
        ents = [
            self._entity(e)
            for e in range(len(self._keys))
            if type_ is None or self._types[self._first[e]] == type_
        ]
        return sorted(ents, key=lambda e: (-e.count, e.name.lower()))

    def get(self, key: str) -> Entity | None:
        e = self._entity_number(key)
        return self._entity(e) if e is not None else None

    def resolve(self, name_or_key: str) -> Entity | None:
        """An entity by key ("ORG:nato"), name or alias (case-insensitive); most mentioned wins."""
        self._fresh()
        if self._alias_keys is None:
            self._alias_keys = self._aliases_to_keys()
        aliases = self._alias_keys
        key = aliases.get(name_or_key) or aliases.get(surface_key(name_or_key))
        if key is None and ":" in name_or_key:
            t, _, n = name_or_key.partition(":")
            key = aliases.get(entity_key(n, t.upper()))
        return self.get(key) if key else None

    def _aliases_to_keys(self) -> dict[str, str]:
        """Folded alias, name or key -> key; the most mentioned entity's wins, a name over an
        alias."""
        out: dict[str, str] = {}
        order = sorted(range(len(self._keys)), key=self._counts.__getitem__)
        for e in order:
            for a in self._aliases[e]:
                out[surface_key(a)] = self._keys[e]
        for e in order:
            key = self._keys[e]
            out[surface_key(self._names[self._first[e]])] = key
            out[key] = key
        return out

    def for_document(self, doc_id: str) -> list[tuple[Entity, int]]:
        """The document's entities with their mention counts in it, most mentioned first."""
        self._fresh()
        d = self._number(doc_id)
        if d is None:
            return []
        entity_of = self._form_entity.__getitem__
        counts = Counter(e for e in map(entity_of, self._doc_forms(d)) if e >= 0)
        out = [(self._entity(e), c) for e, c in counts.items()]
        return sorted(out, key=lambda ec: (-ec[1], ec[0].name.lower()))

    def counts_in(self, doc_id: str) -> Counter[str]:
        """Each entity's (key's) number of mentions in the document: what
        `Counter(m.key for m in document_mentions(doc_id))` gives, without a `Mention` made or
        a key folded."""
        self._fresh()
        d = self._number(doc_id)
        if d is None:
            return Counter()
        keys = self._keys
        entity_of = self._form_entity.__getitem__
        return Counter(keys[e] for e in map(entity_of, self._doc_forms(d)) if e >= 0)

    def name_of(self, key: str) -> str | None:
        """The entity's name (`get(key).name`, without its documents listed)."""
        e = self._entity_number(key)
        return self._names[self._first[e]] if e is not None else None

    def mentions(
        self, key: str, doc_id: str | None = None, limit: int | None = None
    ) -> list[Mention]:
        """Mentions of an entity (in one document, or all in corpus order; the first `limit`:
        a common entity has ~180,000 at 100k documents, ~1 s to make them all)."""
        e = self._entity_number(key)
        if e is None:
            return []
        if doc_id is not None:
            d = self._number(doc_id)
            found = self._doc_mentions(d, e) if d is not None else iter(())
        else:
            found = (
                m
                for d in self._docs[self._span[e] : self._span[e + 1]]
                for m in self._doc_mentions(d, e)
            )
        return list(islice(found, limit))

    def document_mentions(self, doc_id: str) -> list[Mention]:
        self._fresh()
        d = self._number(doc_id)
        return list(self._doc_mentions(d)) if d is not None else []

    def documents_for(self, key: str) -> list[str]:
        e = self._entity_number(key)
        if e is None:
            return []
        return [self._ids[d] for d in self._docs[self._span[e] : self._span[e + 1]]]

    def cooccurring(self, key: str, limit: int = 10) -> list[tuple[Entity, int]]:
        """Entities sharing the most documents with `key`, with the number of shared documents."""
        e = self._entity_number(key)
        if e is None:
            return []
        entity_of = self._form_entity.__getitem__
        counts: Counter[int] = Counter()
        for d in self._docs[self._span[e] : self._span[e + 1]]:
            others = set(map(entity_of, self._doc_forms(d)))
            others.discard(e)
            others.discard(-1)
            counts.update(others)
        ranked = sorted(
            counts.items(), key=lambda ec: (-ec[1], -self._counts[ec[0]], self._keys[ec[0]])
        )
        return [(self._entity(o), c) for o, c in ranked[:limit]]

    @property
    def doc_ids(self) -> list[str]:
        return list(self._ids)

    def __len__(self) -> int:
        self._fresh()
        return len(self._keys)
