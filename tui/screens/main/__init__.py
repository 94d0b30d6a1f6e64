"""The main screen: document list, reader and side panels; it composes and routes."""

from tui.screens.main.screen import MainScreen

__all__ = ["MainScreen"]
