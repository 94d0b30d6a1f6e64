"""Pilot tests for the header line: the document's title and the place in it stay visible
(passage N/M and percent at the right end, never cut), names shown as text."""

from __future__ import annotations

from pathlib import Path

from tests.app.conftest import settle, write_corpus
from tui.app import make_app
from tui.screens.main import MainScreen
from tui.widgets.reader import Reader
from tui.widgets.status_line import StatusLine


def long_doc(n: int) -> str:
    return "[BBC] A Rather Long Title For A Document About Fishing Quotas In Lisbon\n\n" + (
        "\n\n".join(f"Paragraph {i} " + "lorem ipsum dolor sit amet " * 8 for i in range(1, n))
    )


async def test_title_and_place_stay_visible_at_80_columns(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c", {"long.txt": long_doc(40), "b.txt": "Short\n\nText."})
    app = make_app([str(root)])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.open_document("long.txt", None)
        screen.show_reader()
        await settle(app, pilot)
        reader = screen.query_one(Reader)
        await pilot.press("space", "space")  # the title block has scrolled away
        await settle(app, pilot)
        assert reader.visible_passages()[0] > 1
        status = screen.query_one(StatusLine)
        line = str(status.render())
        assert len(line) <= 80 and "[BBC] A Rather Long Title" in line  # text, not markup
        total = reader.total
        place = f"¶ {reader.cursor}/{total} · {round(100 * reader.cursor / total)}%"
        assert line.rstrip().endswith(place)


async def test_a_hostile_corpus_name_is_shown_neutralised(tmp_path: Path) -> None:
    name = "ev\x1b]0;owned\x07il\u202e"
    root = write_corpus(tmp_path / name, {"a.txt": "[BBC] Report\n\nText [b]here[/b]."})
    app = make_app([str(root)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        line = str(app.screen.query_one(StatusLine).render())
        assert "\x1b" not in line and "\x07" not in line and "\u202e" not in line
        assert "owned" in line
