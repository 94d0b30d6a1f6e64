"""Named entities: rule- and gazetteer-based extraction, alias merging, the corpus entity index.

No model download: capitalised sequences are found with regular expressions, then typed with
gazetteers (places, nationalities, organisations, first names) and cues (titles such as "Mr" or
"President", organisation and place suffixes, role nouns such as "sculptor"). Aliases merge within
a document ("Rutte" -> "Mark Rutte", "WSJ" -> "Wall Street Journal") and across the corpus.

    gazetteer   the word lists in data/, read once into a Lexicon
    tokens      the tokenizer
    candidates  capitalised runs in a passage, typed
    rules       RuleExtractor: candidates merged into a document's mentions
    extractor   the EntityExtractor protocol EntityIndex builds with
    index       EntityIndex: mentions across the corpus, queries, the edit operations
    cache       the JSON cache of mentions, keyed by the extractor's version
    snapshot    the assembled index kept beside it, mapped on a warm start
    evaluation  scores against hand-labelled gold
    edits       the user's merges, renames and hides (applied by the caller)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.entities.cache import cache_path
    from tui.core.entities.evaluation import Score, evaluate, evaluate_by_type, score_document
    from tui.core.entities.extractor import EntityExtractor
    from tui.core.entities.index import Cancelled, EntityIndex, Progress
    from tui.core.entities.rules import RULES_VERSION, RuleExtractor, extract_document
    from tui.core.models import ENTITY_TYPES as TYPES
    from tui.core.models import Entity, Mention, entity_key

# Names are imported when first used: a command that reads one cache does not import the
# extractor, its word lists and the evaluation (PEP 562).
_WHERE = {
    "cache_path": "cache",
    "Score": "evaluation",
    "evaluate": "evaluation",
    "evaluate_by_type": "evaluation",
    "score_document": "evaluation",
    "EntityExtractor": "extractor",
    "Cancelled": "index",
    "EntityIndex": "index",
    "Progress": "index",
    "RULES_VERSION": "rules",
    "RuleExtractor": "rules",
    "extract_document": "rules",
}
_MODELS = {
    "TYPES": "ENTITY_TYPES",
    "Entity": "Entity",
    "Mention": "Mention",
    "entity_key": "entity_key",
}


def __getattr__(name: str) -> object:
    if name in _MODELS:
        return getattr(importlib.import_module("tui.core.models"), _MODELS[name])
    if name in _WHERE:
        return getattr(importlib.import_module(f"tui.core.entities.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "RULES_VERSION",
    "TYPES",
    "Cancelled",
    "Entity",
    "EntityExtractor",
    "EntityIndex",
    "Mention",
    "Progress",
    "RuleExtractor",
    "Score",
    "cache_path",
    "entity_key",
    "evaluate",
    "evaluate_by_type",
    "extract_document",
    "score_document",
]
