"""The seam between the entity index and whatever finds mentions in a document."""

from __future__ import annotations

from typing import Protocol

from tui.core.models import Document, Mention


class EntityExtractor(Protocol):
    """Finds the entity mentions of one document.

    `version` names the extractor's behaviour: the index's cache is keyed by it, so it must
    change whenever the mentions it returns for the same document could change.
    """

    @property
    def version(self) -> str: ...

    def extract(self, document: Document) -> list[Mention]:
        """The document's mentions, aliases merged within it, in reading order."""
        ...
