"""The entities' and related documents' classes are made when first asked for (each dataclass
costs ~3.5M instructions to make), not by a start's list, and are the same classes whichever
module they are imported from."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEEDS, fresh_python


def test_loading_and_listing_a_corpus_leaves_the_entity_models_out(tmp_path: Path) -> None:
    script = (
        "import sys; from tui.core.corpus import load_corpus; from tui.core.listing import "
        f"list_order; c = load_corpus([{str(SEEDS)!r}]); list_order(c.documents, 'title'); "
        "made = vars(sys.modules['tui.core.models']); print(len(c), 'tui.core.entity_models' "
        "in sys.modules, [n for n in ('Entity', 'Mention', 'Related') if n in made])"
    )
    assert fresh_python(script, tmp_path / "data") == "5 False []\n"


@pytest.mark.parametrize("name", ["Entity", "Highlight", "Mention", "PassageRef", "Related"])
def test_the_models_module_gives_the_entity_models(name: str) -> None:
    from tui.core import entity_models, models

    assert getattr(models, name) is getattr(entity_models, name)


def test_the_models_module_has_no_other_late_names() -> None:
    from tui.core import models

    with pytest.raises(AttributeError):
        models.Nothing  # type: ignore[attr-defined]  # noqa: B018
