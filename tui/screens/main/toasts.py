"""Toasts of text: what the main screen notifies carries names from outside."""

from __future__ import annotations

from textual.notifications import SeverityLevel
from textual.screen import Screen

from tui.core.text import neutralise


class TextToastScreen(Screen[None]):
    """A screen whose toasts are text, never markup, and neutralised."""

    def on_mount(self) -> None:
        # When the screen is first shown Textual hides its toast rack (no toasts yet), which
        # its stylesheet already hides: the inline rule it sets then costs a layout and a
        # repaint of the whole screen, a frame between the first one and the list's. Set
        # beforehand, that rule is no change.
        for rack in self.query_children("#textual-toastrack"):  # (none without notifications)
            rack.styles.set_rule("display", "none")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast of text, never of markup: notices here carry file names, titles, notes and
        tags ("[BBC] Report.txt" shows as written), neutralised so none can steer the terminal."""
        super().notify(
            neutralise(message),
            title=neutralise(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )
