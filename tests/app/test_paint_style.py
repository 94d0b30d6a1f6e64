"""A paint of the document list or the reader takes the widget's style once, not once a line:
`rich_style` walks the styles of every ancestor, and asked for on each line it was most of a
paint's cost (the list's first paint: ~14M instructions, callgrind)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style
from textual.dom import DOMNode
from textual.geometry import Region

from tests.app.conftest import settle
from tui.app import make_app
from tui.screens.main import MainScreen
from tui.widgets.document_list import DocumentList
from tui.widgets.reader import Reader


async def test_a_paint_takes_the_widgets_style_once(
    seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app([str(seeds)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        asked: list[str] = []
        style_of = DOMNode.rich_style.fget
        assert style_of is not None

        def counted(node: DOMNode) -> Style:
            asked.append(type(node).__name__)
            return style_of(node)

        monkeypatch.setattr(DOMNode, "rich_style", property(counted))
        for widget in (screen.query_one(DocumentList), screen.query_one(Reader)):
            asked.clear()
            width, height = widget.size
            lines = widget.render_lines(Region(0, 0, width, height))
            assert len(lines) == height > 20
            assert asked.count(type(widget).__name__) == 1, asked
