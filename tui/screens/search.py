"""Corpus search (`s`): a query, ranked passages as you type, why each ranks where it does.

No I/O here: the screen is given a `search` callable (the coordinating screen wraps the
index) which it runs in a thread worker, so typing never waits for it, and dismisses with the
`Opened` result chosen. The same instance is meant to be pushed again later (each push with its
callback): the query, the results and the selection are kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tui.core.models import plural
from tui.core.paths import styles_dir
from tui.core.search import QuerySyntaxError, SearchHit, snippet
from tui.core.text import neutralise, one_line
from tui.messages import message
from tui.widgets.key_bar import KeyBar

HISTORY_MAX = 100
SNIPPET_WIDTH = 220

Search = Callable[[str], list[SearchHit]]


def hit_prompt(hit: SearchHit) -> Text:
    """Title and #passage, score, then a snippet with the matches bold and underlined. Names
    and text are shown as text: escape sequences and [markup] in them are inert."""
    text = Text(no_wrap=False)
    text.append(one_line(hit.title), style="bold")
    text.append(f"  #{hit.passage}", style="bold")
    text.append(f"  {one_line(hit.doc)}  {hit.score:.2f}", style="dim")
    cut, spans = snippet(hit.text, hit.spans, SNIPPET_WIDTH)
    start = len(text) + 1
    safe = neutralise(cut)
    text.append("\n" + safe)
    if len(safe) == len(cut):  # the spans still point at the words
        for s, e in spans:
            text.stylize("bold underline", start + s, start + e)
    return text


def why_text(hit: SearchHit) -> Text:
    """The score parts and the matched spans of a hit."""
    text = Text()
    text.append(f"score {hit.score:.3f} = ", style="bold")
    text.append(" + ".join(f"{name} {value:.3f}" for name, value in hit.parts.items()))
    matched = ", ".join(f"“{one_line(hit.text[s:e])}” {s}–{e}" for s, e in hit.spans[:12])
    more = f" (+{len(hit.spans) - 12} more)" if len(hit.spans) > 12 else ""
    text.append("\nmatched: ", style="bold")
    text.append((matched or "no exact words (typo-tolerant match)") + more)
    return text


def words_rule(query: str) -> str:
    """How the words of `query` are combined, as the status line says it."""
    if " OR " in f" {query} ":
        return "any word (OR): ctrl+o for all words"
    if len(query.split()) > 1:
        return "all words first (AND), then fewer: ctrl+o for any word (OR)"
    return "ctrl+o: any word (OR)"


def toggled_or(query: str) -> str:
    """`query` with OR between its words, or without its ORs when it has some. Quoted
    phrases and -exclusions are kept whole."""
    parts = re.findall(r'-?"[^"]*"?|\S+', query)
    if "OR" in parts:
        return " ".join(p for p in parts if p != "OR")
    words = [p for p in parts if not p.startswith("-")]
    excluded = [p for p in parts if p.startswith("-")]
    return " ".join([" OR ".join(words), *excluded]).strip()


@dataclass(frozen=True)
class Opened:
    """Open `doc_id` at `passage` with `terms` highlighted (what the screen dismisses with).

    `query` is the query as typed; `remembered` the newest query of the history, to store.
    """

    doc_id: str
    passage: int
    terms: tuple[str, ...]
    query: str
    remembered: str | None


class SearchScreen(Screen[Opened | None]):
    """Search the passages of the corpus; `enter` opens a result, `esc` goes back."""

    CSS_PATH = styles_dir() / "search.tcss"

    BINDINGS = [
        Binding("escape", "close", "Back", id="search.close"),
        Binding("w", "toggle_why", "Why this rank", id="search.why"),
        Binding("slash", "focus_input", "Edit query", show=False, id="search.edit"),
        Binding("ctrl+o", "toggle_or", "All words / any word (OR)", id="search.or"),
    ]

    @message
    class Results(Message):
        """A search finished (posted by the worker thread to the screen)."""

        query: str
        hits: list[SearchHit]
        error: str | None = None

    def __init__(
        self,
        search: Search,
        history: list[str] | None = None,
    ) -> None:
        """`history` is appended to (newest last)."""
        super().__init__()
        self._search = search
        self.history = history if history is not None else []
        self.query_text = ""
        self.hits: list[SearchHit] = []
        self.searching = False
        self.error: str | None = None
        self.show_why = False
        self._selected = 0
        self._history_pos: int | None = None
        self._done_query: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="search-status")
        yield Input(
            value=self.query_text,
            placeholder='Search passages: words (typos ok), "exact phrase", -exclude, a OR b',
            id="search-input",
        )
        yield OptionList(id="search-results")
        yield Static(id="search-why")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show()
        self.set_focus(self.query_one(Input))

    # ---- searching -------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        pos = self._history_pos
        if pos is not None and (pos >= len(self.history) or event.value != self.history[pos]):
            self._history_pos = None  # edited: the user's own query, no longer the history's
        if event.value == self.query_text and self._done_query == event.value:
            return
        self.query_text = event.value
        if not event.value.strip():
            self.hits, self.error, self.searching = [], None, False
            self._done_query = event.value
            self._show()
            return
        self.searching = True
        self._show_status()
        self._run_search(event.value)

    @work(thread=True, exclusive=True, group="search")
    def _run_search(self, query: str) -> None:
        worker = get_current_worker()
        try:
            hits, error = self._search(query), None
        except QuerySyntaxError as exc:
            hits, error = [], str(exc)
        except Exception as exc:  # the index failing must not take the screen down
            hits, error = [], f"search failed: {exc}"
        if not worker.is_cancelled:
            self.post_message(self.Results(query, hits, error))

    def on_search_screen_results(self, message: Results) -> None:
        message.stop()
        if message.query != self.query_text:
            return  # an older query finished late
        self.hits, self.error, self.searching = message.hits, message.error, False
        self._done_query = message.query
        self._selected = 0
        self._show()

    # ---- showing ---------------------------------------------------------------------

    def _show_status(self) -> None:
        query = self.query_text.strip()
        shown = one_line(query)
        if not query:
            status = (
                "Type to search every passage: passages with all the words first (AND), then"
                " those missing one; ctrl+o: any word (OR). ↑/↓ recall earlier searches."
            )
        elif self.searching:
            status = f"searching… “{shown}”"
        elif self.error:
            status = f"Cannot search: {one_line(self.error)}"
        elif not self.hits:
            status = f"No passage matches “{shown}”: try fewer or other words."
        else:
            status = (
                f"{plural(len(self.hits), 'passage')} for “{shown}” · {words_rule(query)}"
                " · enter opens · w why"
            )
        self.query_one("#search-status", Static).update(Text(status))

    def _show(self) -> None:
        self._show_status()
        options = self.query_one(OptionList)
        options.set_options(Option(hit_prompt(h), id=f"{i}") for i, h in enumerate(self.hits))
        if self.hits:
            options.highlighted = min(self._selected, len(self.hits) - 1)
        options.display = bool(self.hits)
        self._show_why()

    def _show_why(self) -> None:
        panel = self.query_one("#search-why", Static)
        hit = self.current
        panel.display = self.show_why and hit is not None
        if hit is not None and self.show_why:
            panel.update(why_text(hit))

    @property
    def current(self) -> SearchHit | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.hits):
            return None
        return self.hits[index]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index is not None:
            self._selected = event.option_index
        self._show_why()

    # ---- opening and history -----------------------------------------------------------

    def _remember(self, query: str) -> None:
        query = query.strip()
        if query and (not self.history or self.history[-1] != query):
            if query in self.history:
                self.history.remove(query)
            self.history.append(query)
            del self.history[:-HISTORY_MAX]
        self._history_pos = None

    def _open(self, hit: SearchHit) -> None:
        self._remember(self.query_text)
        terms = tuple(dict.fromkeys(hit.text[s:e].lower() for s, e in hit.spans))
        remembered = self.history[-1] if self.history else None
        self.dismiss(Opened(hit.doc, hit.passage, terms, self.query_text, remembered))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        hit = self.current
        if hit is not None and not self.searching:
            self._open(hit)
        else:
            self._remember(event.value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        hit = self.current
        if hit is not None:
            self._open(hit)

    def on_key(self, event: events.Key) -> None:
        if not self.query_one(Input).has_focus:
            return
        if event.key == "up":
            event.stop()
            self._recall(-1)
        elif event.key == "down":
            event.stop()
            if self._history_pos is None:
                if self.hits:
                    self.set_focus(self.query_one(OptionList))
            else:
                self._recall(1)

    def _recall(self, step: int) -> None:
        if not self.history:
            return
        if self._history_pos is None:
            if step > 0:
                return
            pos = len(self.history) - 1
        else:
            pos = self._history_pos + step
        if pos >= len(self.history):
            self._history_pos = None
            self.query_one(Input).value = ""
            return
        self._history_pos = max(0, pos)
        field = self.query_one(Input)
        field.value = self.history[self._history_pos]
        field.cursor_position = len(field.value)

    # ---- actions -------------------------------------------------------------------------

    def action_toggle_why(self) -> None:
        self.show_why = not self.show_why
        self._show_why()

    def action_toggle_or(self) -> None:
        """Join the query's words with OR (any word), or take the ORs out (all words)."""
        field = self.query_one(Input)
        field.value = toggled_or(field.value)
        field.cursor_position = len(field.value)
        self.set_focus(field)

    def action_focus_input(self) -> None:
        self.set_focus(self.query_one(Input))

    def action_close(self) -> None:
        self.dismiss()
