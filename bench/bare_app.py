"""The reference: a bare Textual app that draws one line."""

from textual.app import App
from textual.widgets import Static


class Bare(App[None]):
    def compose(self):  # type: ignore[no-untyped-def]
        yield Static("Dossier ─ bare")


if __name__ == "__main__":
    Bare().run()
