"""Toasts of text: what the main screen notifies carries names from outside."""

from __future__ import annotations

from textual.notifications import SeverityLevel
from textual.screen import Screen

from tui.core.text import neutralise


class TextToastScreen(Screen[None]):
    """A screen whose toasts are text, never markup, and neutralised."""

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
