"""The entity browser: every entity of the corpus, and for one its documents, passages in
context and the entities that appear with it. Also the small dialog for clean-up edits.

The screen reads the EntityIndex and Corpus it is given, in thread workers (at 100k documents
listing the entities takes ~50 ms, and a common one's companions and mentions ~1.7 s), and
dismisses with a `BrowserResult` (filter the document list, open a passage, or an edit to
persist).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tui.core.entities import Entity, EntityIndex, Mention
from tui.core.filters import filter_entities, folded_forms
from tui.core.models import ENTITY_TYPE_NAMES, Corpus, plural
from tui.core.paths import styles_dir
from tui.core.text import one_line
from tui.messages import message
from tui.widgets.field import Field

# One short word per type in the list, so that a row fits the list's column at 80×24; the
# summary beside it names the type in full.
SHORT_KINDS = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "NORP": "group",
    "EVENT": "event",
}
KEYS_HINT = "/ filter · f list its documents · m merge · n rename · h hide · esc close"
LIST_LIMIT = 400  # entities shown at once; the filter reaches the rest
MENTION_LIMIT = 200
CONTEXT = 70  # characters of context each side of a mention


@dataclass(frozen=True, slots=True)
class OpenPassage:
    """Open `doc_id` at `passage`."""

    doc_id: str
    passage: int


@dataclass(frozen=True, slots=True)
class FilterDocuments:
    """List only the documents `doc_ids`, which mention the entity `name` (key `key`)."""

    name: str
    doc_ids: tuple[str, ...]
    key: str = ""


@dataclass(frozen=True, slots=True)
class EntityEdit:
    """A clean-up edit to persist: merge `key` into `value` (a key), rename `key` to `value`,
    or hide `key`."""

    action: Literal["merge", "rename", "hide"]
    key: str
    value: str = ""


BrowserResult = OpenPassage | FilterDocuments | EntityEdit


def mention_context(text: str, mention: Mention, width: int = CONTEXT) -> Text:
    """The mention with `width` characters either side, the mention itself emphasised."""
    start = max(0, mention.start - width)
    end = min(len(text), mention.end + width)
    out = Text("…" if start else "")
    out.append(text[start : mention.start])
    out.append(text[mention.start : mention.end], style="bold reverse")
    out.append(text[mention.end : end])
    if end < len(text):
        out.append("…")
    return out


class EntityEditDialog(ModalScreen[str | None]):
    """Asks for one line (a new name, a target entity); enter dismisses with it, esc with None."""

    CSS_PATH = styles_dir() / "entities.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="entity_edit.cancel")]

    def __init__(self, prompt: str, value: str = "") -> None:
        super().__init__()
        self.prompt = prompt
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="entity-edit-box"):
            yield Static(Content(self.prompt), id="entity-edit-prompt")
            yield Input(value=self.value, id="entity-edit-input")
            yield Static(Content("enter: confirm · esc: cancel"), id="entity-edit-help")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        self.dismiss(value or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class EntityBrowser(Screen[BrowserResult | None]):
    """All entities (fuzzy filter) and, for the highlighted one, where it appears and with whom."""

    CSS_PATH = styles_dir() / "entities.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close", id="entity_browser.close"),
        Binding("slash", "focus_filter", "Filter", id="entity_browser.filter"),
        Binding("f", "filter_documents", "Filter documents", id="entity_browser.filter_docs"),
        Binding("m", "merge", "Merge into…", id="entity_browser.merge"),
        Binding("n", "rename", "Rename", id="entity_browser.rename"),
        Binding("h", "hide", "Hide", id="entity_browser.hide"),
        Binding("tab", "switch_pane", "Switch pane", show=False, id="entity_browser.switch"),
    ]

    @message
    class Listed(Message):
        """Every entity, most mentioned first, and the folded forms the filter matches."""

        entities: list[Entity]
        forms: dict[str, tuple[str, ...]]

    @message
    class Detailed(Message):
        """For the entity `key`: those appearing with it, and its first mentions with their
        document's title and passage text."""

        key: str
        cooccurring: list[tuple[Entity, int]]
        rows: list[tuple[Mention, str, str]]

    def __init__(self, index: EntityIndex, corpus: Corpus, key: str | None = None) -> None:
        super().__init__()
        self.index = index
        self.corpus = corpus
        self.initial_key = key
        self.shown: list[Entity] = []
        self.current: Entity | None = None
        self._mention_rows: list[Mention] = []
        self._all: list[Entity] | None = None
        self._forms: dict[str, tuple[str, ...]] = {}

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="entity-browser-header")
        yield Static(Content(KEYS_HINT), id="entity-browser-keys")
        with Horizontal(id="entity-browser-body"):
            with Vertical(id="entity-browser-left"):
                yield Field(
                    placeholder="filter entities (fuzzy)", id="entity-filter", then="#entity-list"
                )
                yield OptionList(id="entity-list")
            with Vertical(id="entity-browser-right"):
                yield Static(Content(""), id="entity-summary")
                yield OptionList(id="entity-mentions")

    def on_mount(self) -> None:
        self.query_one("#entity-browser-header", Static).update(Content("Entities: listing…"))
        self.set_focus(self.query_one("#entity-list", OptionList))
        self._list_entities()

    @work(thread=True, group="entity-browser-list")
    def _list_entities(self) -> None:
        entities = self.index.entities()
        self.post_message(self.Listed(entities, folded_forms(entities)))

    def on_entity_browser_listed(self, message: Listed) -> None:
        message.stop()
        self._all, self._forms = message.entities, message.forms
        self._fill(self.query_one("#entity-filter", Field).value)
        if self.initial_key is not None:
            for i, ent in enumerate(self.shown):
                if ent.key == self.initial_key:
                    self.query_one("#entity-list", OptionList).highlighted = i
                    break
        # The highlighted row shows its entity (OptionHighlighted); `_fill` shows an empty one.

    # -- list and filter ----------------------------------------------------------------------

    def _fill(self, query: str) -> None:
        if self._all is None:
            return  # filled once listed
        ents = filter_entities(self._all, query, self._forms)
        self.shown = ents[:LIST_LIMIT]
        listing = self.query_one("#entity-list", OptionList)
        listing.clear_options()
        for ent in self.shown:
            label = Text(ent.name)
            kind = SHORT_KINDS.get(ent.type, ent.type)
            label.append(f"  {kind} · {plural(ent.doc_count, 'doc')}", style="dim")
            listing.add_option(Option(label, id=ent.key))
        more = len(ents) - len(self.shown)
        header = f"Entities: {len(ents)}" + (f" ({more} not shown: type to filter)" if more else "")
        self.query_one("#entity-browser-header", Static).update(Content(header))
        listing.highlighted = 0 if self.shown else None
        if not self.shown:
            self.current = None
            self._show_current()

    @on(Input.Changed, "#entity-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#entity-filter")
    def filter_submitted(self, event: Input.Submitted) -> None:
        self.set_focus(self.query_one("#entity-list", OptionList))

    @on(OptionList.OptionHighlighted, "#entity-list")
    def entity_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        ent = self.index.get(event.option.id or "")
        if ent is not None and ent is not self.current:
            self.current = ent
            self._show_current()

    @on(OptionList.OptionSelected, "#entity-list")
    def entity_selected(self, event: OptionList.OptionSelected) -> None:
        self.set_focus(self.query_one("#entity-mentions", OptionList))

    # -- details ------------------------------------------------------------------------------

    def _show_current(self) -> None:
        """The highlighted entity's summary at once; who appears with it and its mentions when
        the worker has found them."""
        summary = self.query_one("#entity-summary", Static)
        mentions_list = self.query_one("#entity-mentions", OptionList)
        mentions_list.clear_options()
        self._mention_rows = []
        ent = self.current
        if ent is None:
            summary.update(Text("No entity matches the filter.", style="dim"))
            return
        summary.update(self._summary(ent, None))
        self._find_details(ent.key)

    @work(thread=True, exclusive=True, group="entity-browser-details")
    def _find_details(self, key: str) -> None:
        worker = get_current_worker()
        cooccurring = self.index.cooccurring(key, limit=8)
        rows: list[tuple[Mention, str, str]] = []
        for m in self.index.mentions(key, limit=MENTION_LIMIT):
            if worker.is_cancelled:
                return
            doc = self.corpus.get(m.doc)
            p = doc.passage(m.passage) if doc is not None else None
            if doc is not None and p is not None:
                rows.append((m, doc.title, p.text))
        if not worker.is_cancelled:
            self.post_message(self.Detailed(key, cooccurring, rows))

    def on_entity_browser_detailed(self, message: Detailed) -> None:
        message.stop()
        ent = self.current
        if ent is None or ent.key != message.key:
            return  # another entity is highlighted now
        self.query_one("#entity-summary", Static).update(self._summary(ent, message.cooccurring))
        mentions_list = self.query_one("#entity-mentions", OptionList)
        mentions_list.clear_options()
        self._mention_rows = []
        for m, title, passage_text in message.rows:
            label = Text(f"{title}  #{m.passage}\n", style="bold")
            label.append_text(mention_context(passage_text, m))
            mentions_list.add_option(Option(label, id=str(len(self._mention_rows))))
            self._mention_rows.append(m)
        if self._mention_rows:
            mentions_list.highlighted = 0

    def _summary(self, ent: Entity, cooccurring: list[tuple[Entity, int]] | None) -> Text:
        text = Text()
        text.append(ent.name, style="bold")
        kind = ENTITY_TYPE_NAMES.get(ent.type, ent.type)
        mentions, docs = plural(ent.count, "mention"), plural(ent.doc_count, "document")
        text.append(f"  {kind} · {mentions} in {docs}\n")
        others = [a for a in ent.aliases if a != ent.name]
        if others:
            text.append("Also written: ", style="dim")
            text.append(", ".join(others[:8]) + "\n")
        if cooccurring:
            text.append("Appears with: ", style="dim")
            text.append(", ".join(f"{e.name} ({n})" for e, n in cooccurring))
        return text

    @on(OptionList.OptionSelected, "#entity-mentions")
    def mention_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        m = self._mention_rows[int(event.option.id or 0)]
        self.dismiss(OpenPassage(m.doc, m.passage))

    # -- actions ------------------------------------------------------------------------------

    def action_close(self) -> None:
        if self.focused is self.query_one("#entity-filter", Input):
            self.set_focus(self.query_one("#entity-list", OptionList))
            return
        self.dismiss(None)

    def action_focus_filter(self) -> None:
        self.set_focus(self.query_one("#entity-filter", Input))

    def action_switch_pane(self) -> None:
        left = self.query_one("#entity-list", OptionList)
        right = self.query_one("#entity-mentions", OptionList)
        self.set_focus(right if left.has_focus else left)

    def action_filter_documents(self) -> None:
        if self.current is not None:
            ent = self.current
            self.dismiss(FilterDocuments(ent.name, tuple(ent.docs), ent.key))

    def action_hide(self) -> None:
        if self.current is not None:
            self.dismiss(EntityEdit("hide", self.current.key))

    def action_rename(self) -> None:
        ent = self.current
        if ent is None:
            return

        def done(value: str | None) -> None:
            if value and value != ent.name:
                self.dismiss(EntityEdit("rename", ent.key, value))

        self.app.push_screen(
            EntityEditDialog(
                f"Rename {ent.name} ({ENTITY_TYPE_NAMES.get(ent.type, ent.type)}) to:", ent.name
            ),
            done,
        )

    def action_merge(self) -> None:
        ent = self.current
        if ent is None:
            return

        def done(value: str | None) -> None:
            if not value:
                return
            target = self.index.resolve(value)
            if target is None:
                self.notify(
                    f"No entity named {one_line(value)!r}: nothing merged.",
                    severity="warning",
                    markup=False,  # typed by the user: text, not markup
                )
            elif target.key == ent.key:
                self.notify("That is the same entity: nothing merged.", severity="warning")
            else:
                self.dismiss(EntityEdit("merge", ent.key, target.key))

        self.app.push_screen(
            EntityEditDialog(f"Merge {ent.name} into which entity? (name or alias)"),
            done,
        )
