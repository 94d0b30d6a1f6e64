"""End to end: keys typed ahead (one burst, as over a slow link or a paste) land in the field
that the key before them focused, not in the one that had focus."""

from __future__ import annotations

import pytest

from tests.e2e.tmux import Tmux

pytestmark = pytest.mark.e2e


def test_bursts_land_in_the_field_the_first_key_opened(session: Tmux) -> None:
    """Each `keys` call below is one write to the terminal: the app reads the burst at once.
    Were keys routed to the old focus, "a" would open a note dialog and "q" would quit."""
    session.wait_for("seeds (5 documents)")
    session.wait_until_prepared()
    session.keys("Enter")  # open the first document; the reader has focus
    session.wait_for("004_d9e1add691e13b5a.txt ·")
    session.keys("/aq")  # the find bar
    session.wait_for("find 'aq'")
    session.keys("Escape")  # closes the find bar (its matches stay lit until the next esc)
    session.wait_for_gone("│  aq")
    session.keys("snato")  # the search screen, opened by the first key of the burst
    session.wait_for("passages for “nato”")
    session.keys("Escape")
    session.wait_for("seeds (5 documents)")
    session.keys("b")
    session.wait_for("1 bookmark")
    session.keys("B/aq")  # the bookmarks screen, then its filter
    screen = session.wait_for("0 matches “aq”")
    assert "Note on" not in screen
    # esc clears the filter, then leaves it for the list, then closes the screen.
    session.keys("Escape", "Escape", "Escape")
    session.wait_for("seeds (5 documents)")
