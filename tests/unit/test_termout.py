"""The output compaction draws the same screen as Textual's own output, in fewer bytes.

Both byte streams are fed to pyte (a VT emulator) and compared cell by cell: character,
colours, bold, italic, underline, strike, reverse, blink, and where the cursor ends with which
rendition. pyte does not model dim, overline, frame or encircle; `transition` is checked for
those against the parameter model directly.
"""

from __future__ import annotations

import pyte
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.color import ColorSystem
from rich.style import Style
from textual.strip import Strip

from tui.terminal.termout import DEFAULT, Rendition, apply_sgr, compact, transition

COLS, ROWS = 40, 6  # lines below start by column 13 and are at most 25 cells
WIDE = 200  # 25 pieces of at most 5 cells cannot reach the edge


def screen_of(data: str, cols: int = COLS) -> pyte.Screen:
    screen = pyte.Screen(cols, ROWS)
    pyte.Stream(screen).feed(data)
    return screen


def cells(screen: pyte.Screen) -> list[list[tuple[object, ...]]]:
    return [[tuple(screen.buffer[y][x]) for x in range(screen.columns)] for y in range(ROWS)]


def assert_same_screen(raw: str, compacted: str, cols: int = COLS) -> None:
    a, b = screen_of(raw, cols), screen_of(compacted, cols)
    assert cells(a) == cells(b)
    assert (a.cursor.x, a.cursor.y) == (b.cursor.x, b.cursor.y)
    assert tuple(a.cursor.attrs) == tuple(b.cursor.attrs)


COLOURS = [None, "red", "bright_blue", "color(188)", "color(234)", "#102030", "#d8dee9"]
styles = st.builds(
    Style,
    color=st.sampled_from(COLOURS),
    bgcolor=st.sampled_from(COLOURS),
    bold=st.sampled_from([None, True]),
    dim=st.sampled_from([None, True]),
    italic=st.sampled_from([None, True]),
    underline=st.sampled_from([None, True]),
    reverse=st.sampled_from([None, True]),
    strike=st.sampled_from([None, True]),
)
texts = st.sampled_from([" ", "  ", "ab", "x y", "▌", "●", "word.", "日本"])
segments = st.lists(st.tuples(texts, st.one_of(st.none(), styles)), min_size=1, max_size=5)
systems = st.sampled_from([ColorSystem.STANDARD, ColorSystem.EIGHT_BIT, ColorSystem.TRUECOLOR])


def render(line: list[tuple[str, Style | None]], system: ColorSystem) -> str:
    return "".join(
        text if style is None else Strip.render_style(style, text, system) for text, style in line
    )


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(
        st.tuples(st.integers(0, ROWS - 1), st.integers(0, 12), segments),
        min_size=1,
        max_size=6,
    ),
    system=systems,
    cursor=st.tuples(st.integers(1, ROWS), st.integers(1, COLS)),
)
def test_a_textual_style_frame_draws_the_same_screen(lines, system, cursor) -> None:
    """Frames as Textual's compositor writes them: lines top to bottom, each a move and
    styled runs, a newline between them, the cursor placed at the end."""
    parts = [
        f"\x1b[{y + 1};{x + 1}H" + render(line, system)
        for y, x, line in sorted(lines, key=lambda line: line[0])
    ]
    raw = "\n".join(parts) + f"\x1b[{cursor[0]};{cursor[1]}H"
    out = compact(raw)
    assert_same_screen(raw, out)
    assert len(out) <= len(raw)


sgr_params = st.lists(
    st.sampled_from(
        [
            *("0", "1", "2", "3", "4", "7", "9", "22", "24", "27", "31", "39", "44", "49", "97"),
            *("38;5;188", "48;5;234", "38;2;1;2;3", "48;2;200;100;0", ""),
        ]
    ),
    min_size=1,
    max_size=3,
).map(";".join)
pieces = st.one_of(
    sgr_params.map(lambda p: f"\x1b[{p}m"),
    texts,
    st.just("\n"),
    st.just("\r\n"),
    st.just("\x1b[K"),  # erases with the background in force
    st.just("\x1b[?25l"),
    st.tuples(st.integers(1, ROWS), st.integers(1, COLS)).map(lambda p: f"\x1b[{p[0]};{p[1]}H"),
    st.just("\x1b[H"),
    st.just("\x1b[2A"),  # a relative move: the row is no longer known
)


@settings(max_examples=300, deadline=None)
@given(st.lists(pieces, max_size=25))
def test_any_mix_of_sgr_moves_erases_and_newlines_draws_the_same_screen(parts) -> None:
    """Anything else, ended in the default rendition as every frame is (the compacted frame
    always ends there). The screen is wide enough that no line runs past its edge."""
    raw = "".join(parts) + "\x1b[0m"
    assert_same_screen(raw, compact(raw), cols=WIDE)


def test_a_reset_and_the_same_style_again_are_dropped() -> None:
    style = "\x1b[38;5;188;48;5;234m"
    raw = f"\x1b[2;1H{style}one\x1b[0m\n\x1b[3;1H{style}two\x1b[0m\x1b[1;1H"
    assert compact(raw) == f"\x1b[2;1H{style}one\x1b[3;1Htwo\x1b[1;1H\x1b[0m"


def test_a_style_change_sends_only_the_difference() -> None:
    raw = "\x1b[38;5;247;48;5;234mab\x1b[0m\x1b[38;5;188;48;5;234mcd\x1b[0m"
    assert compact(raw) == "\x1b[38;5;247;48;5;234mab\x1b[38;5;188mcd\x1b[0m"


def test_a_move_to_where_the_cursor_is_is_dropped_after_ascii_text_only() -> None:
    assert compact("\x1b[1;1Hab\x1b[1;3Hcd") == "\x1b[1;1Habcd"
    assert compact("\x1b[1;1Hab\x1b[1;4Hcd") == "\x1b[1;1Hab\x1b[1;4Hcd"
    # Wide or ambiguous characters: the column is not guessed, the move stays.
    assert compact("\x1b[1;1H日\x1b[1;3Hx") == "\x1b[1;1H日\x1b[1;3Hx"
    # After another escape the position is unknown.
    assert compact("\x1b[1;1Hab\x1b[?25l\x1b[1;3Hcd") == "\x1b[1;1Hab\x1b[?25l\x1b[1;3Hcd"


def test_text_up_to_the_right_edge_keeps_the_next_move() -> None:
    """At the last column the cursor stays there (wrap pending): a move back to it is real."""
    raw = "\x1b[2;1H" + "x" * COLS + f"\x1b[2;{COLS}HY"
    out = compact(raw)
    assert out == raw
    assert_same_screen(raw, out)
    assert screen_of(out).buffer[1][COLS - 1].data == "Y"


def test_a_newline_not_followed_by_a_move_is_kept() -> None:
    assert compact("\x1b[1mab\x1b[0m\ncd") == "\x1b[1mab\x1b[0m\ncd"


def test_frames_without_escapes_or_with_unknown_parameters_pass_unchanged() -> None:
    assert compact("plain text\n") == "plain text\n"
    odd = "\x1b[4:3mcurly\x1b[0m\x1b[2;1H\x1b[4:3mcurly\x1b[0m"
    assert compact(odd) == odd
    assert compact("\x1b[58;5;3mx\x1b[0m") == "\x1b[58;5;3mx\x1b[0m"


def test_every_frame_ends_in_the_default_rendition() -> None:
    out = compact("\x1b[1;31mbold red")
    assert out.endswith("\x1b[0m")
    assert screen_of(out).cursor.attrs.bold is False


@given(
    have=st.builds(
        Rendition,
        attrs=st.frozensets(st.sampled_from([1, 2, 3, 4, 5, 7, 9, 21, 51, 53])),
        fg=st.sampled_from([None, (31,), (38, 5, 188), (38, 2, 1, 2, 3)]),
        bg=st.sampled_from([None, (44,), (48, 5, 234)]),
    ),
    want=st.builds(
        Rendition,
        attrs=st.frozensets(st.sampled_from([1, 2, 3, 4, 5, 7, 9, 21, 51, 53])),
        fg=st.sampled_from([None, (97,), (38, 5, 188), (38, 2, 9, 9, 9)]),
        bg=st.sampled_from([None, (49,), (48, 5, 59)]),
    ),
)
def test_transition_reaches_the_wanted_rendition_including_what_pyte_ignores(have, want) -> None:
    if want.bg == (49,):
        want = want._replace(bg=None)
    sequence = transition(have, want)
    assert (sequence == "") == (have == want)
    if sequence:
        assert apply_sgr(have, sequence[2:-1]) == want
    full = "\x1b[" + ";".join(map(str, [0, *want.params()])) + "m"
    assert len(sequence) <= len(full)


def test_apply_sgr_models_resets_colours_and_attributes() -> None:
    state = apply_sgr(DEFAULT, "1;38;5;179;48;5;59")
    assert state == Rendition(frozenset({1}), (38, 5, 179), (48, 5, 59))
    assert apply_sgr(state, "22;39") == Rendition(frozenset(), None, (48, 5, 59))
    assert apply_sgr(state, "0") == DEFAULT
    assert apply_sgr(state, "") == DEFAULT
    assert apply_sgr(DEFAULT, "38;5") is None  # truncated: not modelled
