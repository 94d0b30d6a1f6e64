"""Line-API widgets draw each line in as few style runs as draw the same thing."""

from __future__ import annotations

import pyte
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.color import ColorSystem
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.app import DossierApp
from tui.widgets.textfit import compact_segments, line_strip

WIDTH = 40


class FakeConsole:
    _color_system = ColorSystem.EIGHT_BIT


PAD = Style(bgcolor="color(234)")


def seen(strip: Strip) -> list[tuple[object, ...]]:
    """Each cell as a terminal shows it (a blank cell's foreground cannot be seen)."""
    screen = pyte.Screen(WIDTH, 1)
    pyte.Stream(screen).feed(strip.render(FakeConsole()))  # type: ignore[arg-type]
    out = []
    for x in range(WIDTH):
        c = screen.buffer[0][x]
        blank = c.data == " " and not (c.underscore or c.strikethrough or c.reverse)
        out.append(
            (c.data, None if blank else c.fg, c.bg, c.underscore, c.strikethrough, c.reverse)
        )
    return out


COLOURS = [None, "color(188)", "color(247)", "color(59)", "color(234)"]
styles = st.builds(
    Style,
    color=st.sampled_from(COLOURS),
    bgcolor=st.sampled_from(COLOURS),
    bold=st.sampled_from([None, True]),
    underline=st.sampled_from([None, True]),
    reverse=st.sampled_from([None, True]),
    strike=st.sampled_from([None, True]),
)
segments = st.lists(
    st.builds(Segment, st.sampled_from([" ", "   ", "ab", "▌", " 12 "]), styles), max_size=8
)


@settings(max_examples=200, deadline=None)
@given(segments)
def test_compacted_lines_look_the_same(line) -> None:
    as_written = Strip(line).adjust_cell_length(WIDTH, PAD)
    compacted = line_strip(line, WIDTH, PAD)
    assert compacted.cell_length == WIDTH
    assert len(list(compacted)) <= len(list(as_written))
    assert seen(compacted) == seen(as_written)


def test_blank_runs_join_a_neighbour_with_the_same_background() -> None:
    gutter = Style(color="color(247)", bgcolor="color(234)")
    text = Style(color="color(188)", bgcolor="color(234)")
    runs = compact_segments(
        [Segment("       ", gutter), Segment("word", text), Segment("  ", gutter)]
    )
    assert runs == [Segment("       word  ", text)]


def test_blank_runs_that_show_something_stay_apart() -> None:
    text = Style(color="color(188)", bgcolor="color(234)")
    for visible in (
        Style(color="color(188)", bgcolor="color(59)"),  # another background
        Style(color="color(188)", bgcolor="color(234)", underline=True),
        Style(color="color(188)", bgcolor="color(234)", reverse=True),
    ):
        runs = compact_segments([Segment("ab", text), Segment("  ", visible)])
        assert len(runs) == 2


def test_the_app_writes_through_the_compacting_driver(monkeypatch) -> None:
    from textual.drivers.linux_driver import LinuxDriver

    from tui.terminal.driver import CompactLinuxDriver, EndingLinuxDriver

    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    monkeypatch.delenv("DOSSIER_COMPACT_OUTPUT", raising=False)
    assert DossierApp([]).get_driver_class() is CompactLinuxDriver
    monkeypatch.setenv("DOSSIER_COMPACT_OUTPUT", "0")
    # Uncompacted, still Dossier's: it quits when the terminal's input ends.
    assert DossierApp([]).get_driver_class() is EndingLinuxDriver
    assert issubclass(EndingLinuxDriver, LinuxDriver)
