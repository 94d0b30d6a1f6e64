"""Entities and related documents on the main screen: the side panels, an entity's mentions
lit up in the reader, the entity browser's result, and cross-references (`x`)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from tui.core.matches import MatchKind
from tui.core.text import plural
from tui.screens.main import workers

if TYPE_CHECKING:  # the panels are mounted (and their modules imported) after the first list
    from tui.core.entities import EntityIndex
    from tui.core.related import RelatedIndex
    from tui.screens.entity_browser import BrowserResult
    from tui.screens.main.messages import (
        CrossRefsReady,
        EntitiesFound,
        EntitiesReady,
        RelatedFound,
        RelatedReady,
    )
    from tui.screens.main.screen import MainScreen
    from tui.widgets.entity_panel import EntityPanel
    from tui.widgets.related_panel import RelatedPanel


class SidePanels:
    """The entity and related indexes once built, and what the panels show from them."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.entities: EntityIndex | None = None
        self.related: RelatedIndex | None = None
        # Both from `EntitiesReady`: the related index brought up to date with the entities,
        # which cross-references need (the entities may come first, `EntitiesFound`).
        self.linked = False

    def entity_panel(self) -> EntityPanel:
        return cast("EntityPanel", self.screen.query_one("#entity-panel"))

    def related_panel(self) -> RelatedPanel:
        return cast("RelatedPanel", self.screen.query_one("#related-panel"))

    def build(self) -> None:
        corpus = self.screen.corpus
        self.entities = self.related = None
        self.linked = False
        self.screen.workers.cancel_group(self.screen, "crossrefs")  # for the index replaced
        if corpus is not None:
            work = partial(workers.build_entities, corpus, self.screen.post_message)
            self.screen.expect_work("entities", "related", "cross-references")
            self.screen.in_thread("entities", work)

    def related_ready(self, message: RelatedReady) -> None:
        """The related index, answering from its cache before the entity index is built."""
        self.related = message.related
        self.show_related_rows()

    def entities_found(self, message: EntitiesFound) -> None:
        """The entity index, before the related index is made from it."""
        self.entities = message.entities
        self.show_entities_rows()

    def ready(self, message: EntitiesReady) -> None:
        # What is already shown (or being found) is not shown again: the panel keeps its row.
        same_entities = message.entities is self.entities
        same_related = message.related is self.related
        self.entities, self.related = message.entities, message.related
        self.linked = True
        if not same_entities:
            self.show_entities_rows()
        if not same_related:
            self.show_related_rows()

    def show(self) -> None:
        """Fill the panels for the open document (empty in the raw view)."""
        self.show_entities_rows()
        self.show_related_rows()

    def show_entities_rows(self) -> None:
        """The entity panel for the open document, once the entity index is built."""
        screen = self.screen
        if self.entities is None:
            return
        doc = screen.current
        panel = self.entity_panel()
        if doc is None or screen.raw_mode:
            panel.set_entities(None, [])
        else:
            panel.set_entities(doc.id, self.entities.for_document(doc.id))

    def show_related_rows(self) -> None:
        """The related panel for the open document, found in a worker."""
        screen, related = self.screen, self.related
        if related is None:
            return
        doc = screen.current
        panel = self.related_panel()
        if doc is None or screen.raw_mode:
            panel.set_related(None, [])
            return
        panel.set_related(doc.id, None)  # "finding…" until the worker's answer
        work = partial(workers.find_related, related, doc.id, screen.post_message)
        screen.in_thread("related", work)

    def related_found(self, message: RelatedFound) -> None:
        """Shown if that document is still the open one (and not in the raw view)."""
        screen = self.screen
        doc = screen.current
        if doc is not None and doc.id == message.doc_id and not screen.raw_mode:
            self.related_panel().set_related(doc.id, message.rows)

    def show_entities(self) -> None:
        """`e`: the entity panel, and the highlighted entity's mentions lit up."""
        screen = self.screen
        if self.entities is None:
            screen.notify("Entities are still being extracted…", timeout=2)
        screen.show_side("entity-panel")
        panel = self.entity_panel()
        index = panel.highlighted
        if index is not None and self.entities is not None:
            key = panel.get_option_at_index(index).id
            entity = self.entities.get(key) if key else None
            if entity is not None:
                self.light(entity.key, entity.name)

    def show_related(self) -> None:
        if self.related is None:
            self.screen.notify("Related documents are still being computed…", timeout=2)
        self.screen.show_side("related-panel")

    def hide(self) -> None:
        """esc in a panel: back to the reader, where the entity's mentions stay lit (n walks
        them; esc in the reader clears them)."""
        screen = self.screen
        screen.pane = "reader"
        screen.set_focus(screen.reader)

    def selected(self, message: EntityPanel.Selected) -> None:
        # The panel also "selects" its first row when it is refilled: only a reader's
        # choice (the panel has focus) lights mentions up.
        if self.entity_panel().has_focus:
            self.light(message.key, message.name)

    def light(self, key: str, name: str) -> None:
        """Highlight the entity's mentions in the open document (n/N walk them)."""
        doc = self.screen.current
        if self.entities is None or doc is None:
            return
        spans = sorted((m.passage, m.start, m.end) for m in self.entities.mentions(key, doc.id))
        self.screen.matches.set(spans, MatchKind.ENTITY, f"entity {name}", jump=False)

    def open_browser(self, key: str | None = None) -> None:
        from tui.screens.entity_browser import EntityBrowser

        screen = self.screen
        if self.entities is None or screen.corpus is None:
            screen.notify("Entities are still being extracted…", timeout=2)
            return
        screen.app.push_screen(EntityBrowser(self.entities, screen.corpus, key), self._browsed)

    def _browsed(self, result: BrowserResult | None) -> None:
        from tui.screens.entity_browser import EntityEdit, FilterDocuments, OpenPassage

        screen = self.screen
        match result:
            case OpenPassage(doc_id, passage):
                screen.open_document(doc_id, passage)
                screen.show_reader()
            case FilterDocuments(name, doc_ids, key):
                # The panel's entity lit in the reader is not what the list is about now.
                if screen.matches.kind is MatchKind.ENTITY:
                    screen.matches.clear()
                screen.list_pane.by_entity(key, name, frozenset(doc_ids))
                verb = "mentions" if len(doc_ids) == 1 else "mention"
                screen.notify(
                    f"Listing the {plural(len(doc_ids), 'document')} that {verb} {name}; "
                    "F shows all.",
                    timeout=4,
                    markup=False,  # an entity's name is text from the corpus
                )
            case EntityEdit():
                screen.in_thread(
                    "entity-edit", partial(workers.save_entity_edit, result, screen.post_message)
                )

    def crossrefs(self) -> None:
        """`x`: worked out in a thread (the first time, the passage index is built)."""
        screen = self.screen
        doc = screen.current
        if doc is None or screen.raw_mode:
            return
        if self.related is None or not self.linked:  # the passages need the entities
            screen.notify("Cross-references are still being computed…", timeout=2)
            return
        if any(w.group == "crossrefs" and not w.is_finished for w in screen.workers):
            screen.notify("Cross-references are still being computed…", timeout=2)
            return
        if not self.related.passages_ready:
            screen.notify("Indexing passages for cross-references…", timeout=3)
        work = partial(
            workers.cross_references,
            self.related,
            doc.id,
            screen.reader.cursor,
            screen.post_message,
        )
        screen.in_thread("crossrefs", work)

    def crossrefs_ready(self, message: CrossRefsReady) -> None:
        """Shown if the reader is still on that document and nothing else was opened over it."""
        from tui.dialogs.crossrefs import CrossRefs

        screen = self.screen
        doc = screen.current
        if doc is None or doc.id != message.doc_id or screen.app.screen is not screen:
            return

        def done(result: tuple[str, int] | None) -> None:
            if result:
                screen.open_document(result[0], result[1])
                screen.show_reader()

        screen.app.push_screen(CrossRefs(doc.title, message.passage, message.refs), done)
