"""What the main screen's workers post back to it: small dataclass messages with real domain
types (toolong's pattern). Progress messages replace each other in the queue.

Messages are events, equal only to themselves: `eq=False` (here and in the widgets) also spares
the start-up the generated `__eq__` of each class (~0.5 ms each, before the first frame), and
`repr=False` the generated `__repr__` (Textual's own shows the class: ~0.8 ms in all)."""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING

from textual.message import Message
from textual.notifications import SeverityLevel

from tui.messages import message

if TYPE_CHECKING:  # heavy modules load on first use, in the workers
    from tui.core.entities import EntityIndex
    from tui.core.models import Corpus, Document, Related
    from tui.core.related import PassageRef, RelatedIndex
    from tui.core.search import SearchBackend, TitleFinder
    from tui.core.store import Bookmark, Position, Store


@message
class WorkerNotice(Message):
    """Something a worker wants the reader to know (an error, a saved edit)."""

    text: str
    severity: SeverityLevel = "information"
    timeout: float | None = None


@message
class StoreOpened(Message):
    store: Store


@message
class CorpusProgress(Message):
    done: int
    total: int
    stage: str = "files"  # or "list": a large corpus's preview (`tui.core.progress`)

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, CorpusProgress) and message.stage == self.stage


@message
class CorpusBatch(Message):
    documents: list[Document]


@message
class CorpusLoaded(Message):
    corpus: Corpus
    # Its list by `FIRST_SORT`, unfiltered (`workers.corpus_loaded`): shown if still the view.
    first_list: ListReady | None = None
    progress: CorpusProgress | None = None  # the load's last report, shown first
    # A first start's preview of a large corpus (`tui.core.corpus.preview`): listed and
    # readable; the corpus its load gives follows, and only then is anything built from it.
    preview: bool = False


@message
class CorpusRefreshed(Message):
    """The files were looked at after the cached corpus was shown: the corpus now, the ids
    added, removed and read again."""

    corpus: Corpus
    added: list[str]
    removed: list[str]
    changed: list[str]


@message
class CorpusFailed(Message):
    error: str


@message
class ReadingState(Message):
    """What the store remembers of this corpus: positions, last document, past queries."""

    positions: dict[str, Position]  # doc id -> position
    last_document: str | None
    queries: list[str]  # oldest first


@message
class ListReady(Message):
    rows: list[Document]
    keep: str | None
    follow_open: bool = True  # the cursor goes to the open document (else it stays on `keep`)
    folders: list[tuple[str, int]] | None = None  # rows folder by folder: (name, count) each
    keep_at: int | None = None  # the row of `keep`


@message
class RawLoaded(Message):
    document: Document


@message
class TitlesReady(Message):
    finder: TitleFinder


@message
class IndexProgress(Message):
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)


@message
class IndexReady(Message):
    index: SearchBackend
    summary: str


@message
class IndexFailed(Message):
    error: str


@message
class EntitiesProgress(Message):
    stage: str
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, EntitiesProgress) and message.stage == self.stage


@message
class RelatedReady(Message):
    """The related index answered from its cache before the entity index was built (nothing
    had changed since): the related panel fills now, cross-references wait for the entities."""

    related: RelatedIndex


@message
class EntitiesFound(Message):
    """The entity index, before the related index is brought up to date from it (minutes at
    100k documents the first time): the entity panel fills now."""

    entities: EntityIndex


@message
class EntitiesReady(Message):
    entities: EntityIndex
    related: RelatedIndex


@message
class RelatedFound(Message):
    """The documents related to `doc_id` (the related panel's rows), worked out in a thread."""

    doc_id: str
    rows: list[Related]


@message
class CrossRefsReady(Message):
    """`x`'s answer: the passages about the same thing as passage `passage` of `doc_id`."""

    doc_id: str
    passage: int
    refs: list[PassageRef]


@message
class EntitiesFailed(Message):
    error: str


@message
class EntityEditSaved(Message):
    action: str


@message
class MarksLoaded(Message):
    """The open document's bookmarks, re-anchored, and how many bookmarks there are."""

    doc_id: str
    marks: list[Bookmark]
    count: int | None  # None: the count could not be read


@message
class BookmarkToggled(Message):
    """`b` went through: what to tell the reader and what `b` again would restore."""

    notice: str
    removed: Bookmark | None = None  # `b` again restores it
    restored: bool = False  # the undo slot is spent
    timeout: float = 3


@message
class BookmarksGathered(Message):
    """Every bookmark, re-anchored, with its documents' titles (for the bookmarks screen)."""

    bookmarks: list[Bookmark]
    titles: dict[str, str] = field(default_factory=dict)
    error: str | None = None
