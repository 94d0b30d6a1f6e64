"""The corpus entity index: every document's mentions, aliases merged across the corpus.

A lone surname maps to the one full name in the corpus that ends with it (a word that is
also a first name, "Charles", only within its document). The index answers
queries (entities by count, a document's entities, co-occurrence) and takes the user's clean-up
(merge, rename, hide) through the methods `EntityEdits.apply` calls.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from tui.core.entities.cache import Cached, read_cache, update_cache
from tui.core.entities.extractor import EntityExtractor
from tui.core.entities.gazetteer import first_names
from tui.core.entities.packed import Forms, PackedMentions, forms_of
from tui.core.entities.parallel import PARALLEL_FROM, default_workers, extract_parallel
from tui.core.entities.rules import RuleExtractor
from tui.core.models import Corpus, Document, Entity, Mention, entity_key, surface_key

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class EntityIndex:
    """Entities of a corpus with their mentions; the caller applies the user's edits to it."""

    def __init__(self) -> None:
        self._entities: dict[str, Entity] = {}
        # doc id -> mentions (canonical keys), packed: ~16 bytes a mention, not ~140
        self._mentions: dict[str, PackedMentions] = {}
        self._forms = Forms()
        self._doc_order: list[str] = []
        self._alias_keys: dict[str, str] = {}  # folded surface or name -> key

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
        writes only their rows). A
        cancelled build returns an empty index. `workers` processes (default: the cores this
        process may use) extract when `PARALLEL_FROM` documents or more need it.
        """
        extractor = extractor if extractor is not None else RuleExtractor()
        docs = list(corpus.documents if isinstance(corpus, Corpus) else corpus)
        raw: dict[str, Sequence[Mention]] = {}
        total = len(docs)
        version = extractor.version if cache is not None else ""
        index = cls()
        cached = read_cache(cache, version, index._pack) if cache is not None else {}
        todo: list[Document] = []
        for doc in docs:
            hit = cached.get(doc.id)
            if hit is not None and hit[0] == doc.size and hit[1] == doc.mtime and doc.size:
                raw[doc.id] = hit[2]
            else:
                todo.append(doc)
        n = len(raw)
        workers = workers if workers is not None else default_workers()
        if workers > 1 and len(todo) >= PARALLEL_FROM:
            stop = cancelled if cancelled is not None else (lambda: False)

            def done(k: int) -> None:
                nonlocal n
                n += k
                if progress is not None:
                    progress(n, total)

            for doc_id, rows in extract_parallel(todo, extractor, workers, done, stop):
                # Packed as they come, from the rows: no Mention is made on this side.
                raw[doc_id] = PackedMentions.from_rows(doc_id, rows, index._forms)
            if stop():
                return cls()
        else:
            for doc in todo:
                if cancelled is not None and cancelled():
                    return cls()
                raw[doc.id] = index._pack(doc.id, extractor.extract(doc))
                n += 1
                if progress is not None and n % 25 == 0:
                    progress(n, total)
        if progress is not None:
            progress(n, total)
        if cache is not None:
            # Only the rows of changed, added and removed files are written.
            changed: Cached = {d.id: (d.size, d.mtime, raw[d.id]) for d in todo if d.size}
            ids = {d.id for d in docs}
            removed = [doc_id for doc_id in cached if doc_id not in ids]
            if changed or removed:
                update_cache(cache, version, changed, removed)
        del cached  # what is not in `raw` (removed files) goes now
        index._doc_order = [d.id for d in docs if d.id in raw]
        index._assemble(raw)
        return index

    def _assemble(self, raw: dict[str, Sequence[Mention]]) -> None:
        # Across the corpus: a lone surname maps to the one full name that ends with it, unless
        # the word is also a first name ("Charles", "Andy"): those stay per document.
        given = first_names()  # not the whole lexicon: a warm build extracts nothing
        full_by_last: dict[str, Counter[str]] = defaultdict(Counter)
        for mentions in raw.values():
            for _, name, type_ in forms_of(mentions):
                if type_ == "PERSON" and " " in name:
                    full_by_last[surface_key(name.split()[-1])][name] += 1

        def resolves(name: str, type_: str) -> bool:
            """A lone surname that stands for the one full name ending with it."""
            if type_ != "PERSON" or " " in name or name.lower() in given:
                return False
            fulls = full_by_last.get(surface_key(name))
            return fulls is not None and len(fulls) == 1

        # Packed documents (as the cache was read) get the resolved forms by number, without a
        # `Mention` made: form n becomes form moving[n].
        forms = self._forms
        moving = {
            n: forms.number((surface, next(iter(full_by_last[surface_key(name)])), "PERSON"))
            for n, (surface, name, t) in enumerate(list(forms.forms))
            if resolves(name, t)
        }
        resolved: dict[str, PackedMentions] = {}
        for doc_id, mentions in raw.items():
            if isinstance(mentions, PackedMentions):
                resolved[doc_id] = mentions.with_forms(moving)
                continue
            out = []
            for m in mentions:
                if m.type == "PERSON" and " " not in m.name and m.name.lower() not in given:
                    fulls = full_by_last.get(surface_key(m.name))
                    if fulls and len(fulls) == 1:
                        m = Mention(
                            m.doc, m.passage, m.start, m.end, m.surface, next(iter(fulls)), "PERSON"
                        )
                out.append(m)
            resolved[doc_id] = self._pack(doc_id, out)
            raw[doc_id] = []  # each document's objects go as soon as it is packed
        self._mentions = resolved
        self._rebuild()

    def _pack(self, doc_id: str, mentions: Iterable[Mention]) -> PackedMentions:
        return PackedMentions(doc_id, mentions, self._forms)

    def _rebuild(self) -> None:
        """Recompute entities from the per-document mentions."""
        entities: dict[str, Entity] = {}
        aliases: dict[str, Counter[str]] = defaultdict(Counter)
        keys: dict[tuple[str, str], str] = {}  # (name, type) -> key: folded once, not per mention
        for doc_id in self._doc_order:
            for surface, name, type_ in forms_of(self._mentions.get(doc_id, ())):
                key = keys.get((name, type_))
                if key is None:
                    key = keys[(name, type_)] = entity_key(name, type_)
                ent = entities.get(key)
                if ent is None:
                    ent = entities[key] = Entity(key, name, type_)
                ent.count += 1
                if not ent.docs or ent.docs[-1] != doc_id:
                    ent.docs.append(doc_id)
                aliases[key][surface] += 1
        for key, ent in entities.items():
            ent.aliases = [a for a, _ in aliases[key].most_common()]
        self._entities = entities
        self._alias_keys = {}
        for ent in sorted(entities.values(), key=lambda e: e.count):
            for a in ent.aliases:
                self._alias_keys[surface_key(a)] = ent.key
        for ent in sorted(entities.values(), key=lambda e: e.count):
            self._alias_keys[surface_key(ent.name)] = ent.key
            self._alias_keys[ent.key] = ent.key

    # -- edits (called by EntityEdits.apply) ---------------------------------------------------

    def merge(self, source: str, target: str) -> bool:
        """Fold entity `source` into `target` (keys). False when either is unknown."""
        tgt = self._entities.get(target)
        if source == target or source not in self._entities or tgt is None:
            return False
        for doc_id, mentions in self._mentions.items():
            self._mentions[doc_id] = self._pack(
                doc_id,
                (
                    Mention(m.doc, m.passage, m.start, m.end, m.surface, tgt.name, tgt.type)
                    if m.key == source
                    else m
                    for m in mentions
                ),
            )
        self._rebuild()
        return True

    def rename(self, key: str, new_name: str) -> str | None:
        """Give entity `key` a new display name; returns the new key (None when unknown)."""
        ent = self._entities.get(key)
        if ent is None or not new_name.strip():
            return None
        new_name = new_name.strip()
        for doc_id, mentions in self._mentions.items():
            self._mentions[doc_id] = self._pack(
                doc_id,
                (
                    Mention(m.doc, m.passage, m.start, m.end, m.surface, new_name, m.type)
                    if m.key == key
                    else m
                    for m in mentions
                ),
            )
        self._rebuild()
        return entity_key(new_name, ent.type)

    def hide(self, key: str) -> bool:
        if key not in self._entities:
            return False
        for doc_id, mentions in self._mentions.items():
            self._mentions[doc_id] = self._pack(doc_id, (m for m in mentions if m.key != key))
        self._rebuild()
        return True

    # -- queries ------------------------------------------------------------------------------

    def entities(self, type_: str | None = None) -> list[Entity]:
        """All entities, most mentioned first (ties: name)."""
        ents = [e for e in self._entities.values() if type_ is None or e.type == type_]
        return sorted(ents, key=lambda e: (-e.count, e.name.lower()))

    def get(self, key: str) -> Entity | None:
        return self._entities.get(key)

    def resolve(self, name_or_key: str) -> Entity | None:
        """An entity by key ("ORG:nato"), name or alias (case-insensitive); most mentioned wins."""
        key = self._alias_keys.get(name_or_key) or self._alias_keys.get(surface_key(name_or_key))
        if key is None and ":" in name_or_key:
            t, _, n = name_or_key.partition(":")
            key = self._alias_keys.get(entity_key(n, t.upper()))
        return self._entities.get(key) if key else None

    def for_document(self, doc_id: str) -> list[tuple[Entity, int]]:
        """The document's entities with their mention counts in it, most mentioned first."""
        counts = Counter(m.key for m in self._mentions.get(doc_id, []))
        out = [(self._entities[k], c) for k, c in counts.items() if k in self._entities]
        return sorted(out, key=lambda ec: (-ec[1], ec[0].name.lower()))

    def mentions(self, key: str, doc_id: str | None = None) -> list[Mention]:
        """Mentions of an entity (in one document, or all in corpus order)."""
        ids = [doc_id] if doc_id is not None else self._doc_order
        return [m for d in ids for m in self._mentions.get(d, []) if m.key == key]

    def document_mentions(self, doc_id: str) -> list[Mention]:
        return list(self._mentions.get(doc_id, []))

    def documents_for(self, key: str) -> list[str]:
        ent = self._entities.get(key)
        return list(ent.docs) if ent else []

    def cooccurring(self, key: str, limit: int = 10) -> list[tuple[Entity, int]]:
        """Entities sharing the most documents with `key`, with the number of shared documents."""
        counts: Counter[str] = Counter()
        for doc_id in self.documents_for(key):
            for other in {m.key for m in self._mentions.get(doc_id, [])}:
                if other != key:
                    counts[other] += 1
        ranked = sorted(
            counts.items(), key=lambda kc: (-kc[1], -self._entities[kc[0]].count, kc[0])
        )
        return [(self._entities[k], c) for k, c in ranked[:limit]]

    @property
    def doc_ids(self) -> list[str]:
        return list(self._doc_order)

    def __len__(self) -> int:
        return len(self._entities)
