"""The help screen: every key with its description, gathered from the live bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KeyRow = tuple[str, str, str]  # section, keys, description


def format_key(key: str) -> str:
    """`key` as typed: "question_mark" is "?", "colon" ":", "escape" "esc"."""
    from textual.keys import key_to_character

    names = {"slash": "/", "space": "space", "escape": "esc"}

    def one(name: str) -> str:
        if name in names:
            return names[name]
        character = key_to_character(name)
        return character if character and character.isprintable() else name

    return ",".join(one(k.strip()) for k in key.split(","))


class HelpScreen(ModalScreen[None]):
    """Lists the keys it is given; esc, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss_help", "Close help", id="help.close"),
        Binding("j,down", "scroll_down", "Scroll down", show=False),
        Binding("k,up", "scroll_up", "Scroll up", show=False),
        # The reader's paging keys page here too.
        Binding("space,pagedown", "page_down", "Page down", show=False),
        Binding("u,pageup", "page_up", "Page up", show=False),
        Binding("g,home", "top", "Top", show=False),
        Binding("G,end", "bottom", "Bottom", show=False),
    ]

    def __init__(self, rows: list[KeyRow]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Content.from_markup("[b]Dossier — keys[/b]"), id="help-title")
            section = None
            for sec, keys, description in self.rows:
                if sec != section:
                    section = sec
                    yield Static(Content(sec), classes="help-section")
                yield Static(Content(f"  {keys:<16} {description}"), classes="help-row")
            yield Static(
                Content("Every action is also in the command palette: ctrl+p. esc closes."),
                id="help-footer",
            )

    def action_dismiss_help(self) -> None:
        self.dismiss(None)

    def _scroll_by(self, lines: int) -> None:
        """Move the body at once, from where the last key left it: scrolls deferred to after
        the next refresh all started from the same place, and keys faster than the repaints
        were lost (10 quick `j`s moved 3 lines)."""
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_to(y=body.scroll_target_y + lines, animate=False, immediate=True)

    def _page(self) -> int:
        return self.query_one("#help-body", VerticalScroll).scrollable_content_region.height

    def action_scroll_down(self) -> None:
        self._scroll_by(1)

    def action_scroll_up(self) -> None:
        self._scroll_by(-1)

    def action_page_down(self) -> None:
        self._scroll_by(self._page())

    def action_page_up(self) -> None:
        self._scroll_by(-self._page())

    def action_top(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_home(animate=False, immediate=True)

    def action_bottom(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_end(animate=False, immediate=True)
