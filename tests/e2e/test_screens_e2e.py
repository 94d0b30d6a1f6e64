"""End to end: every screen opened, closed and opened again, each time seen on the terminal
(capture-pane) with what is typed landing where it shows; and the 80×24 entity flow.

A screen once stayed invisible after its first use while it took the keys (part 7, defect 1):
asserting on the terminal, not on widget state, is what sees that."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.tmux import Tmux, dossier_command

pytestmark = pytest.mark.e2e


def close(tmux: Tmux, text: str, presses: int = 3) -> None:
    """esc until `text` is gone (a filter field may take the first esc)."""
    for _ in range(presses):
        tmux.keys("Escape")
        try:
            tmux.wait_for_gone(text, timeout=3)
            return
        except AssertionError:
            continue
    tmux.wait_for_gone(text, timeout=1)


@pytest.fixture
def ready(session: Tmux) -> Iterator[Tmux]:
    """The seeds loaded and indexed, the reader focused on the first document."""
    session.wait_for("seeds (5 documents)")
    session.wait_until_prepared()
    session.keys("Tab")
    session.wait_for("Closing the Divide")
    yield session


def test_dialogs_open_close_and_open_again(ready: Tmux) -> None:
    tmux = ready
    for _ in range(2):  # help: shown, and its paging keys page what is shown
        tmux.keys("?")
        tmux.wait_for("Dossier — keys")
        tmux.keys("G")  # (the title scrolls away: wait on the footer line to see it close)
        tmux.wait_for("Every action is also in the command palette")
        close(tmux, "Every action is also in the command palette")
    for _ in range(2):  # the outline
        tmux.keys("t")
        tmux.wait_for("Outline — Closing the Divide")
        close(tmux, "Outline —")
    for word in ("secnd", "rubio"):  # the title finder takes what is typed
        tmux.keys("o")
        tmux.wait_for("Find a document by title")
        tmux.keys(*word)
        tmux.wait_for(word)
        close(tmux, word)
    for _ in range(2):  # cross-references of the passage under the cursor
        tmux.keys("x")
        tmux.wait_for("Passages elsewhere like")
        close(tmux, "Passages elsewhere like")
    for note in ("first note", "second try"):  # the note dialog, cancelled
        tmux.keys("a")
        tmux.wait_for("Annotate bookmark")
        tmux.keys(*note)
        tmux.wait_for(note)
        close(tmux, "Annotate bookmark")
    tmux.keys("j")  # and the keys are the reader's again
    tmux.wait_for("Dossier ─ seeds (5 documents)")


def test_screens_open_close_and_open_again(ready: Tmux) -> None:
    tmux = ready
    tmux.keys("s")
    tmux.wait_for("Search passages")
    tmux.keys(*"nato")
    tmux.wait_for("passages for “nato”")
    close(tmux, "passages for “nato”")
    tmux.keys("s")
    tmux.wait_for("passages for “nato”")
    tmux.keys(*" troops")
    tmux.wait_for("passages for “nato troops”")
    close(tmux, "passages for")
    tmux.keys("b")
    tmux.wait_for("1 bookmark")
    for query in ("zzq", "qqz"):  # the bookmarks screen, its filter taking the keys
        tmux.keys("B")
        tmux.wait_for("Bookmarks · 1")
        tmux.keys("/", *query)
        tmux.wait_for(f"No bookmark matches “{query}”")
        close(tmux, "Bookmarks · 1", presses=4)
    for query, expected in (("koso", "Kosovo"), ("rutte", "Mark Rutte")):  # entity browser
        tmux.keys("e")
        tmux.wait_for("Places")
        tmux.keys("Enter")
        tmux.wait_for("Entities: ")
        tmux.keys("/", *query)
        tmux.wait_for("Entities: 1")
        assert expected in tmux.screen()
        close(tmux, "Entities: ", presses=4)
        tmux.keys("Escape")  # the entity panel, back to the reader


def test_entity_flow_at_80x24(tmp_path: Path) -> None:
    """`tab e j esc`: the reader, the entity still named in the header (its mentions lit);
    `e enter / kosovo enter f`: the filtered list on screen, the panel gone, no stale entity
    in the header; `esc`: the reader, the filter kept (`tab` shows it again)."""
    tmux = Tmux(dossier_command(), {"DOSSIER_DATA_DIR": str(tmp_path / "data")}, 80, 24)
    try:
        tmux.wait_for("seeds (5 documents)")
        tmux.wait_until_prepared()
        tmux.keys("Tab")
        tmux.wait_for("004_d9e1add691e13b5a.txt ·")
        tmux.keys("e")
        tmux.wait_for("Places")
        tmux.keys("j")
        screen = tmux.wait_for("entity Russia")
        tmux.keys("Escape")
        screen = tmux.wait_for("004_d9e1add691e13b5a.txt ·")  # the reader again
        assert "entity Russia" in screen.splitlines()[0]  # still lit, n walks them
        tmux.keys("e", "Enter")
        tmux.wait_for("Entities: ")
        tmux.keys("/", *"kosovo")
        tmux.wait_for("Entities: 1")
        tmux.keys("Enter", "f")
        # The one document listed, and no panel or stale status part left over.
        screen = tmux.wait_for("mentioning Kosovo", "In a significant move to curb")
        assert "Places" not in screen and "entity Russia" not in screen
        tmux.keys("Escape")
        tmux.wait_for_gone("mentioning Kosovo")
        tmux.wait_for("004_d9e1add691e13b5a.txt ·")
        tmux.keys("Tab")
        tmux.wait_for("mentioning Kosovo", "1 shown")  # still filtered
        tmux.keys("Enter")
        tmux.wait_for("entity Kosovo")  # opened from the list: Kosovo's mentions lit
    finally:
        tmux.close()
