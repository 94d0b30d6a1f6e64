"""The optional spaCy backend, tested for real with spacy.blank("en") and an EntityRuler."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.corpus import load_corpus, parse_document
from tui.core.entities import EntityIndex, RuleExtractor
from tui.core.entities.spacy_backend import ENV_MODEL, SpacyExtractor, default_extractor

spacy = pytest.importorskip("spacy")


def ruler_nlp() -> object:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PERSON", "pattern": "Amina Okafor"},
            {"label": "PERSON", "pattern": "Okafor"},
            {"label": "ORG", "pattern": "the Lagos Tech Hub"},
            {"label": "GPE", "pattern": "U.S."},
            {"label": "DATE", "pattern": "Monday"},
        ]
    )
    return nlp


def test_spacy_labels_are_mapped_and_aliases_merged() -> None:
    doc = parse_document(
        "Title\n\nAmina Okafor opened the Lagos Tech Hub's office on Monday. "
        "Later Okafor flew to the U.S. to raise money.",
        "a.txt",
    )
    found = {(m.name, m.type) for m in SpacyExtractor(nlp=ruler_nlp()).extract(doc)}
    assert found == {
        ("Amina Okafor", "PERSON"),
        ("Lagos Tech Hub", "ORG"),
        ("United States", "GPE"),  # the gazetteer's canonical name
    }


def test_spacy_extractor_builds_an_index_and_names_its_version(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("T\n\nAmina Okafor spoke.", "utf-8")
    ex = SpacyExtractor(nlp=ruler_nlp())
    index = EntityIndex.build(load_corpus([str(tmp_path)]), ex)
    assert [e.name for e in index.entities()] == ["Amina Okafor"]
    assert ex.version.startswith("spacy-") and ex.version != RuleExtractor().version


def test_default_extractor_follows_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_MODEL, raising=False)
    assert isinstance(default_extractor(), RuleExtractor)
    monkeypatch.setenv(ENV_MODEL, "en_core_web_sm")
    chosen = default_extractor()
    assert isinstance(chosen, SpacyExtractor)


def test_config_file_names_the_model_and_the_env_var_overrides_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_MODEL, raising=False)
    folder = tmp_path / "config"  # DOSSIER_CONFIG_DIR (tests/conftest.py)
    folder.mkdir(exist_ok=True)
    (folder / "config.toml").write_text('[entities]\nmodel = "en_core_web_md"\n', "utf-8")
    chosen = default_extractor()
    assert isinstance(chosen, SpacyExtractor) and chosen.pipeline == "en_core_web_md"
    monkeypatch.setenv(ENV_MODEL, "en_core_web_sm")
    chosen = default_extractor()
    assert isinstance(chosen, SpacyExtractor) and chosen.pipeline == "en_core_web_sm"
    (folder / "config.toml").write_text('[entities]\nmodel = ""\n', "utf-8")
    monkeypatch.delenv(ENV_MODEL)
    assert isinstance(default_extractor(), RuleExtractor)
