"""The user's edits are applied by whoever builds the index; the index never loads them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tui.core.corpus import load_corpus
from tui.core.entities import EntityIndex
from tui.core.entities.edits import load_edits


def test_build_ignores_saved_edits_until_the_caller_applies_them(
    tmp_path: Path, isolated_data_dir: Path
) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("A\n\nNATO met in Paris and Berlin.", "utf-8")
    edits = load_edits()
    edits.hide("GPE:paris")
    edits.rename("ORG:nato", "The Alliance")
    edits.save()
    assert (isolated_data_dir / "entity_edits.json").is_file()

    index = EntityIndex.build(load_corpus([str(root)]))
    assert {e.name for e in index.entities()} == {"NATO", "Paris", "Berlin"}
    assert load_edits().apply(index) == 2
    assert {e.name for e in index.entities()} == {"The Alliance", "Berlin"}


def test_building_an_index_does_not_import_the_edits_module() -> None:
    code = (
        "import sys, tui.core.entities, tui.core.related;"
        "tui.core.entities.EntityIndex.build([]);"
        "print('tui.core.entities.edits' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
