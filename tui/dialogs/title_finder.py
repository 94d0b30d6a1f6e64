"""The title finder (`o`): a modal with a live, typo-tolerant list of document titles.

No I/O here: it is given a core `TitleFinder` built by the coordinating screen, and
dismisses with the chosen document id (None on esc).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.core import search as core
from tui.core.paths import styles_dir
from tui.core.text import one_line, plural

LIMIT = 50


def title_prompt(hit: core.TitleHit) -> Text:
    """The title with its matched characters bold and underlined, then the id, dim; both
    as text (escape sequences shown, not obeyed)."""
    title = one_line(hit.title)
    text = Text(title, no_wrap=True, overflow="ellipsis")
    runs: list[list[int]] = []
    for i in hit.positions:
        if runs and runs[-1][1] == i:
            runs[-1][1] = i + 1
        else:
            runs.append([i, i + 1])
    for start, end in runs if len(title) == len(hit.title) else ():
        text.stylize("bold underline", start, end)
    text.append(f"  {one_line(hit.doc_id)}", style="dim")
    return text


class TitleFinder(ModalScreen[str | None]):
    """Type to find a document by title or id; `enter` opens it, `esc` closes."""

    CSS_PATH = styles_dir() / "search.tcss"

    BINDINGS = [
        Binding("escape", "close", "Close", id="title_finder.close"),
        Binding("down", "move(1)", "Next", show=False, id="title_finder.down"),
        Binding("up", "move(-1)", "Previous", show=False, id="title_finder.up"),
        Binding("pagedown", "move(10)", "Page down", show=False, id="title_finder.page_down"),
        Binding("pageup", "move(-10)", "Page up", show=False, id="title_finder.page_up"),
    ]

    def __init__(self, finder: core.TitleFinder, query: str = "") -> None:
        super().__init__()
        self.finder = finder
        self._initial = query
        self.hits: list[core.TitleHit] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="title-finder"):
            yield Input(
                value=self._initial, placeholder="Find a document by title or id", id="tf-input"
            )
            yield OptionList(id="tf-results")
            yield Static(id="tf-status")

    def on_mount(self) -> None:
        self._update(self._initial)
        self.set_focus(self.query_one(Input))

    def _update(self, query: str) -> None:
        self.hits = self.finder.find(query, limit=LIMIT)
        options = self.query_one(OptionList)
        options.set_options(Option(title_prompt(h), id=h.doc_id) for h in self.hits)
        if self.hits:
            options.highlighted = 0
        total = len(self.finder)
        if not query.strip():
            status = plural(total, "document")
        elif self.hits:
            more = "+" if len(self.hits) == LIMIT else ""
            status = f"{len(self.hits)}{more} of {plural(total, 'document')}"
        else:
            status = "No title matches: try fewer letters"
        self.query_one("#tf-status", Static).update(Text(status, style="dim"))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._update(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose()

    def _choose(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and 0 <= index < len(self.hits):
            self.dismiss(self.hits[index].doc_id)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if not self.hits:
            return
        current = options.highlighted if options.highlighted is not None else 0
        options.highlighted = max(0, min(len(self.hits) - 1, current + step))

    def action_close(self) -> None:
        self.dismiss(None)
