"""Document-level scores of an entity index against hand-labelled gold (`tests/gold/*.json`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tui.core.entities.index import EntityIndex
from tui.core.entities.tokens import strip_possessive
from tui.core.models import surface_key


@dataclass(frozen=True, slots=True)
class Score:
    """True positives over predictions (precision) and over gold entities (recall)."""

    tp_p: int
    predicted: int
    tp_r: int
    gold: int

    @property
    def precision(self) -> float:
        return self.tp_p / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp_r / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_document(
    predicted: list[tuple[str, str, list[str]]], gold: list[list[str]], typed: bool
) -> Score:
    """Document-level P/R: predicted (name, type, aliases) vs gold [name, type, *aliases].

    A predicted entity is correct when its name or an alias equals the gold name or an alias
    (folded, possessive stripped), and, when `typed`, the types agree.
    """

    def forms(names: Iterable[str]) -> set[str]:
        return {surface_key(strip_possessive(n)) for n in names}

    pred = [(forms([n, *a]), t) for n, t, a in predicted]
    golds = [(forms([g[0], *g[2:]]), g[1]) for g in gold]

    def match(p: tuple[set[str], str], g: tuple[set[str], str]) -> bool:
        return bool(p[0] & g[0]) and (not typed or p[1] == g[1])

    tp_p = sum(1 for p in pred if any(match(p, g) for g in golds))
    tp_r = sum(1 for g in golds if any(match(p, g) for p in pred))
    return Score(tp_p, len(pred), tp_r, len(golds))


def evaluate(index: EntityIndex, gold_docs: list[dict[str, object]], typed: bool) -> Score:
    """Micro-averaged document-level scores over gold documents present in the index."""
    tp_p = n_p = tp_r = n_g = 0
    for item in gold_docs:
        doc_id = str(item["doc"])
        ents = item["entities"]
        assert isinstance(ents, list)
        predicted = [(e.name, e.type, list(e.aliases)) for e, _ in index.for_document(doc_id)]
        s = score_document(predicted, ents, typed)
        tp_p += s.tp_p
        n_p += s.predicted
        tp_r += s.tp_r
        n_g += s.gold
    return Score(tp_p, n_p, tp_r, n_g)


def evaluate_by_type(index: EntityIndex, gold_docs: list[dict[str, object]]) -> dict[str, Score]:
    """Typed scores per entity type: precision over predictions of the type, recall over gold."""
    counts: dict[str, list[int]] = {}
    for item in gold_docs:
        ents = item["entities"]
        assert isinstance(ents, list)
        predicted = [
            (e.name, e.type, list(e.aliases)) for e, _ in index.for_document(str(item["doc"]))
        ]
        for type_ in {t for _, t, _ in predicted} | {str(g[1]) for g in ents}:
            s = score_document(
                [p for p in predicted if p[1] == type_], [g for g in ents if g[1] == type_], True
            )
            c = counts.setdefault(type_, [0, 0, 0, 0])
            for i, v in enumerate((s.tp_p, s.predicted, s.tp_r, s.gold)):
                c[i] += v
    return {t: Score(*c) for t, c in sorted(counts.items())}
