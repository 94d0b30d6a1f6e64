"""An optional extractor backed by a spaCy pipeline, behind the same seam as the rules.

`pip install '.[spacy]'`, install a pipeline (e.g. `python -m spacy download en_core_web_sm`),
and name it in the config file (`[entities] model = "en_core_web_sm"`) or in
DOSSIER_ENTITY_MODEL, which overrides the file. The model's entities become candidates, its
labels mapped to Dossier's types; the rules' document layer then joins short forms to full
names, keeps one type per name and drops the same non-entities. Nothing is downloaded by
Dossier itself.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

from tui.core.entities.candidates import Candidate
from tui.core.entities.extractor import EntityExtractor
from tui.core.entities.gazetteer import Lexicon, lexicon
from tui.core.entities.rules import RULES_VERSION, RuleExtractor, lower_case_words, merge_document
from tui.core.entities.tokens import strip_possessive
from tui.core.models import Document, Mention, surface_key

ENV_MODEL = "DOSSIER_ENTITY_MODEL"
# spaCy's OntoNotes labels -> Dossier's types; others (dates, money, works) are left out.
LABELS = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "NORP",
    "EVENT": "EVENT",
}
_SENTENCE_END = (".", "!", "?", ":", '"', "”", "\n")


class SpacyExtractor:
    """Entities found by a spaCy pipeline: a name of an installed one, or a loaded `nlp`."""

    def __init__(self, pipeline: str = "", nlp: Any = None, lex: Lexicon | None = None) -> None:
        if not pipeline and nlp is None:
            raise ValueError("name a spaCy pipeline or give a loaded one")
        self._pipeline = pipeline or "custom"
        self._nlp = nlp
        self._lex = lex

    def __getstate__(self) -> dict[str, Any]:
        # A named pipeline is loaded again in a worker process rather than pickled.
        nlp = None if self._pipeline != "custom" else self._nlp
        return {"_pipeline": self._pipeline, "_nlp": nlp, "_lex": self._lex}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._pipeline, self._nlp, self._lex = state["_pipeline"], state["_nlp"], state["_lex"]

    @property
    def pipeline(self) -> str:
        """The pipeline's name ("custom" for one given loaded)."""
        return self._pipeline

    @property
    def nlp(self) -> Any:
        """The pipeline, loaded on first use (ImportError without spaCy, OSError without it)."""
        if self._nlp is None:
            spacy = importlib.import_module("spacy")  # the optional extra: imported on use
            self._nlp = spacy.load(self._pipeline)
        return self._nlp

    @property
    def lexicon(self) -> Lexicon:
        if self._lex is None:
            self._lex = lexicon()
        return self._lex

    @property
    def version(self) -> str:
        meta = getattr(self.nlp, "meta", {}) or {}
        model = f"{meta.get('name', self._pipeline)}-{meta.get('version', '0')}"
        return f"spacy-{model}-rules{RULES_VERSION}-{self.lexicon.digest}"

    def extract(self, document: Document) -> list[Mention]:
        lex = self.lexicon
        passages = list(document.passages)
        per_passage: list[tuple[int, Candidate]] = []
        for p, parsed in zip(passages, self.nlp.pipe(p.text for p in passages), strict=True):
            for ent in parsed.ents:
                c = candidate_of(p.text, ent.start_char, ent.end_char, ent.label_, lex)
                if c is not None:
                    per_passage.append((p.number, c))
        return merge_document(document, per_passage, lower_case_words(document), lex)


def candidate_of(text: str, start: int, end: int, label: str, lex: Lexicon) -> Candidate | None:
    """A model's entity as a candidate: "the" and "'s" trimmed, the gazetteer's canonical name,
    None for labels Dossier does not show and for words that name nothing alone."""
    type_ = LABELS.get(label)
    if type_ is None:
        return None
    surface = text[start:end]
    if surface.lower().startswith("the "):
        start += 4
        surface = surface[4:]
    surface = strip_possessive(surface).strip()
    words = surface.split()
    if not words or (
        len(words) == 1
        and (surface.lower() in lex.stopwords or surface.lower() in lex.not_entities)
    ):
        return None
    known = lex.known.get(surface_key(surface))
    name = known.name if known is not None and known.type == type_ else surface
    sent_start = start == 0 or text[:start].rstrip().endswith(_SENTENCE_END)
    return Candidate(
        start, start + len(surface), surface, name, type_, True, sent_start, len(words)
    )


def default_extractor(model: str | None = None) -> EntityExtractor:
    """The extractor the user chose: the spaCy pipeline named in DOSSIER_ENTITY_MODEL, else
    `model`, else the config file's `[entities] model`, else the rules."""
    pipeline = os.environ.get(ENV_MODEL, "").strip()
    if not pipeline and model is None:
        from tui.core.config import load_config

        model = load_config().entity_model
    pipeline = pipeline or (model or "").strip()
    return SpacyExtractor(pipeline) if pipeline else RuleExtractor()
