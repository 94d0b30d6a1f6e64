"""The header's one progress for all the background work, on a cold start (issue 13)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.app.conftest import settle, write_corpus
from tui.app import make_app
from tui.widgets.status_line import StatusLine


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    files = {
        f"{folder}/{i:02}.txt": f"Story {folder} {i}\n\nNATO met in Geneva with Ukraine's "
        f"envoy on day {i}. Officials from Kosovo and Serbia joined the talks in {folder}.\n\n"
        f"Later, Mark Rutte said the alliance would meet again in Brussels.\n"
        for folder in ("a", "b", "c")
        for i in range(25)
    }
    return write_corpus(tmp_path / "corpus", files)


async def test_a_cold_start_shows_one_progress_that_only_goes_up_then_goes(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, each stage had a part of its own ("indexing 40%", "entities 15%"), which came
    and went between stages: the work looked finished before it was."""
    shown: list[tuple[str, str | None]] = []
    set_part = StatusLine.set_part

    def record(self: StatusLine, key: str, text: str | None) -> None:
        shown.append((key, text))
        set_part(self, key, text)

    monkeypatch.setattr(StatusLine, "set_part", record)
    app = make_app([str(corpus)])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        status = app.screen.query_one(StatusLine)
        assert "work" not in status.parts  # all done: the part is gone
    keys = {key for key, _ in shown}
    assert not keys & {"index", "entities"}, keys  # no part of a stage's own
    texts = [text for key, text in shown if key == "work" and text]
    assert texts, "no progress was shown"
    percents = [int(re.match(r"preparing (\d+)% \(", t).group(1)) for t in texts]  # type: ignore[union-attr]
    assert percents == sorted(percents), texts
    stages = {name for t in texts for name in t.split("(")[1].rstrip(")").split(", ")}
    # Which stages are seen running depends on timing (a stage's messages may be merged).
    assert stages <= {"files", "index", "entities", "related", "cross-refs"}, stages
    # Once shown, it stays until the end: never gone between two stages.
    works = [text for key, text in shown if key == "work"]
    first = next(i for i, t in enumerate(works) if t)
    last = max(i for i, t in enumerate(works) if t)
    assert None not in works[first:last] and works[-1] is None, works
