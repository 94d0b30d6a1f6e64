"""The main screen's slow work as plain functions run in thread workers.

Each takes what it needs and a `post` callable, and only posts messages (see `messages.py`):
nothing here reaches into the screen. The store is used from here only, never from the event
loop: a second session holding the write lock then delays a result, not a keypress.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import get_current_worker

from tui.core import memory
from tui.core.errors import StoreError
from tui.core.paths import corpus_key
from tui.screens.main.messages import (
    BookmarksGathered,
    BookmarkToggled,
    CorpusBatch,
    CorpusFailed,
    CorpusLoaded,
    CorpusProgress,
    CorpusRefreshed,
    CrossRefsReady,
    EntitiesFailed,
    EntitiesFound,
    EntitiesProgress,
    EntitiesReady,
    EntityEditSaved,
    IndexFailed,
    IndexProgress,
    IndexReady,
    ListReady,
    MarksLoaded,
    RawLoaded,
    ReadingState,
    RelatedFound,
    RelatedReady,
    StoreOpened,
    TitlesReady,
    WorkerNotice,
)

if TYPE_CHECKING:
    from tui.core.build_child import ChildBuild
    from tui.core.entities import EntityIndex
    from tui.core.models import Corpus, Document
    from tui.core.related import RelatedIndex
    from tui.core.related_cache import CachedRelated
    from tui.core.search import SearchBackend
    from tui.core.store import Bookmark, Store
    from tui.screens.bookmarks import BookmarkEdit
    from tui.screens.entity_browser import EntityEdit

Post = Callable[[Message], object]

BATCH_SECONDS = 0.5
FIRST_SORT = "title"  # the list's sort until `s` changes it
# Bookmark writes run one at a time, in the order the keys came: `b b` toggles twice.
STORE_WRITES = threading.Lock()


def cancelled() -> bool:
    """Whether the worker running this thread was cancelled (a newer one replaced it)."""
    return get_current_worker().is_cancelled


def load_corpus(
    paths: list[str], open_store: bool, post: Post, list_shown: threading.Event | None = None
) -> None:
    """Read the corpus: what the cache last saw at once (no stat), then (once `list_shown`)
    every file looked at and what changed posted. Without a cache, a large corpus is previewed
    first (`preview_corpus`: its list at ~1/3 of a load's cost), then loaded. The store is
    opened (which may move a corrupt file aside) after the cached or previewed list is posted:
    the list is what the user waits for, and the store's imports and opening delayed it by
    ~100 ms beside the UI's first frames. A first load without a preview opens it first: its
    batches are listed, opened and bookmarked while it goes on, and after a small one's list
    the reading state would come after the keys typed as it showed (a `tab` then undone)."""
    from tui.core.corpus import open_cached, refresh_corpus

    # The load's last report goes with the corpus (`CorpusLoaded.progress`): posted alone, the
    # screen drew it while this thread went on to post the corpus.
    last: list[CorpusProgress] = []

    def reporter(stage: str) -> Callable[[int, int], None]:
        def progress(done: int, total: int) -> None:
            if done == total:
                last.append(CorpusProgress(done, total, stage))
            else:
                post(CorpusProgress(done, total, stage))

        return progress

    progress = reporter("files")

    # Documents are listed while a slow (cold) load goes on, at most every BATCH_SECONDS; a
    # load from the cache ends before the first is due and shows the whole list at once.
    pending: list[Document] = []
    due = [time.monotonic() + BATCH_SECONDS]

    def batch(documents: list[Document]) -> None:
        pending.extend(documents)
        if time.monotonic() >= due[0]:
            post(CorpusBatch(list(pending)))
            pending.clear()
            due[0] = time.monotonic() + BATCH_SECONDS

    try:
        # Without a snapshot (a first start) the cache stays open for the load to write.
        current, cache = open_cached(paths)
        preview = None
        if current is None:
            preview = _preview(paths, reporter("list"))
            if cancelled():
                return
        # `is not None`: a corpus of no document is falsy (`len`), and is still to be shown.
        shown = current if current is not None else preview
        if shown is not None:
            post(corpus_loaded(shown, last.pop() if last else None, preview=shown is preview))
            # The store's imports and opening hold the interpreter for a while: the cached
            # or previewed list is painted first.
            if not _wait_shown(list_shown):
                return
        if open_store:
            from tui.core.store import Store

            post(StoreOpened(Store()))
        if current is not None:  # a preview's are found in a worker of their own (`titles`)
            _post_titles(current, post, list_shown)
        refresh = refresh_corpus(
            paths,
            current,
            cache,
            progress=None if current is not None else progress,
            batch=None if shown is not None else batch,
            cancelled=cancelled,
        )
    except (OSError, ValueError) as exc:
        post(CorpusFailed(str(exc)))
        return
    if cancelled():
        return
    corpus = refresh.corpus(current.roots if current is not None else _roots(paths))
    if current is None:
        post(corpus_loaded(corpus, last[-1] if last else None))
        _post_titles(corpus, post, list_shown)
    elif refresh.any or corpus.skipped != current.skipped:
        from tui.core.search import open_title_finder

        post(TitlesReady(open_title_finder(corpus)))  # read again when no title changed
        post(CorpusRefreshed(corpus, refresh.added, refresh.removed, refresh.changed))


def _preview(paths: list[str], progress: Callable[[int, int], None]) -> Corpus | None:
    """A large corpus's preview (None: a small one, or cancelled)."""
    from tui.core.corpus.preview import PLAIN_SHARE, preview_corpus, preview_from

    return preview_corpus(paths, progress, cancelled, preview_from(), PLAIN_SHARE)


def corpus_loaded(
    corpus: Corpus, progress: CorpusProgress | None = None, preview: bool = False
) -> CorpusLoaded:
    """The corpus with its first list (every document, by title) and the load's last progress:
    the screen shows all three in one frame. Computed here and not in a list worker started on
    `CorpusLoaded`: the status line was drawn while that worker ran, and the list then waited
    for the screen's next update (up to 1/60 s: ~18 ms in the median of 10 first starts of the
    seeds)."""
    return CorpusLoaded(corpus, list_rows(corpus, None, "", FIRST_SORT, None), progress, preview)


def titles(corpus: Corpus, post: Post) -> None:
    """The title finder of a corpus's preview, while the corpus loads: found beside the load,
    not before it (at 100k, 4.5 s the load would have waited). Saved as its cache, which the
    loaded corpus's finder then reads (the same titles)."""
    from tui.core.search import open_title_finder

    finder = open_title_finder(corpus)
    if not cancelled():
        post(TitlesReady(finder))


def _roots(paths: list[str]) -> tuple[str, ...]:
    from tui.core.corpus.cache_load import corpus_roots

    return corpus_roots(paths)[1]


def _wait_shown(list_shown: threading.Event | None) -> bool:
    """Wait till the list is on screen; False when the worker was cancelled meanwhile."""
    while list_shown is not None and not list_shown.wait(0.1):
        if cancelled():
            return False
    return True


def _post_titles(corpus: Corpus, post: Post, list_shown: threading.Event | None) -> None:
    # After the list (posted first): the title finder takes seconds at 100k documents (`o`
    # says "still loading" until then), and competes for the interpreter with the list's sort.
    # Its imports too (rapidfuzz, the query parser: ~12 ms) wait: on a first start they held
    # the interpreter beside the list's paint.
    if not _wait_shown(list_shown):
        return
    from tui.core.search import open_title_finder

    corpus.by_id  # noqa: B018 (made here, not on the event loop when a document is opened)
    post(TitlesReady(open_title_finder(corpus)))  # from its cache when the titles are the same


def load_reading_state(store: Store, corpus: Corpus, post: Post) -> None:
    """Positions of every document (the list's read column), the last document, past queries."""
    positions = {}
    last = None
    queries: list[str] = []
    try:
        for root in {d.root for d in corpus.documents}:
            for (_, doc_id), position in store.positions(root).items():
                positions[doc_id] = position
        last = store.last_document(corpus_key(corpus.roots))
        queries = list(reversed(store.query_history("search")))
    except StoreError as exc:
        post(WorkerNotice(str(exc), "error"))
    post(ReadingState(positions, last, queries))


def compute_list(
    corpus: Corpus,
    allowed: frozenset[str] | None,
    text: str,
    sort_key: str,
    keep: str | None,
    post: Post,
    follow_open: bool = True,
) -> None:
    """The list's rows (`list_rows`), posted unless a newer list replaced this one."""
    message = list_rows(corpus, allowed, text, sort_key, keep, follow_open)
    if not cancelled():
        post(message)


def list_rows(
    corpus: Corpus,
    allowed: frozenset[str] | None,
    text: str,
    sort_key: str,
    keep: str | None,
    follow_open: bool = True,
) -> ListReady:
    """The list's rows, folder by folder: the entity filter and the filter text applied to the
    documents taken in the list's order (known from the cache's snapshot for the default sort
    on a warm start, else sorted once and kept with the corpus)."""
    from tui.core.listing import filter_documents, folder_runs, list_order
    from tui.core.text import fold

    docs = corpus.documents
    order = corpus.orders.get(sort_key)
    if order is None:
        order = corpus.orders[sort_key] = list_order(docs, sort_key)
    in_order: Iterable[Document] = map(docs.__getitem__, order.positions)
    if allowed is None and not fold(text).split():
        rows, folders = list(in_order), order.folders
    else:
        if allowed is not None:
            in_order = (d for d in in_order if d.id in allowed)
        rows = filter_documents(in_order, text)
        folders = folder_runs(rows)
    target = corpus.get(keep) if keep is not None else None
    keep_at = next((i for i, d in enumerate(rows) if d is target), None) if target else None
    return ListReady(rows, keep, follow_open, folders, keep_at)


def build_index(corpus: Corpus, post: Post, index: SearchBackend | None = None) -> None:
    """The passage index (`index`, the corpus's open one, or opened), refreshed and warmed."""
    from tui.core.search import open_backend

    def progress(done: int, total: int) -> None:
        post(IndexProgress(done, total))

    try:
        if index is None:
            index = open_backend(corpus)
        stats = index.refresh(corpus, progress=progress, cancelled=cancelled)
        index.warm()  # load the vocabulary now, not on the first keystroke
    except Exception as exc:  # a broken index must never take the reader down
        post(IndexFailed(str(exc)))
        return
    memory.release_free_memory()  # what the build freed, back to the system
    if not cancelled():
        post(IndexReady(index, stats.summary()))


def find_related(related: RelatedIndex, doc_id: str, post: Post) -> None:
    """The related panel's rows for `doc_id`: reads of the related cache, behind a lock its
    background upkeep may hold for a while (on the event loop, a 1.85 s frame gap)."""
    try:
        rows = related.related(doc_id, limit=10)
    except KeyError:
        rows = []
    post(RelatedFound(doc_id, rows))


def build_entities(corpus: Corpus, post: Post) -> None:
    """The related index through its cache, then the entity index (unchanged files' mentions
    from its cache), then the passage index behind `x` kept up to date on disk (minutes to
    build the first time at 100k documents; a changed document costs itself), so that
    `cross_references` only reads it.

    When nothing changed since the related cache was written, it answers without the entity
    index: `RelatedReady` fills the related panel before the entity index is read (seconds at
    100k documents since it is kept assembled; it was 26-80 s); otherwise the entity index is
    built first, as the cache needs it, and posted at once (`EntitiesFound`: the entity panel
    fills before the related rows are made from it). For a large corpus (`PARALLEL_FROM`
    documents) that building is done by a child process (`build_child`), and this one reads
    its caches."""
    from tui.core import build_child
    from tui.core.pool import PARALLEL_FROM

    def progress(stage: str) -> Callable[[int, int], None]:
        def update(done: int, total: int) -> None:
            post(EntitiesProgress(stage, done, total))

        return update

    def found(entities: EntityIndex) -> None:
        """The entity index, posted once built (before the related rows made from it)."""
        if not cancelled():
            post(EntitiesFound(entities))

    entity_index, state, notice = build_child.entity_sources(corpus, progress, cancelled, found)
    if notice:
        post(WorkerNotice(notice, "warning"))
    related: RelatedIndex | None = None
    child: build_child.ChildBuild | None = None
    if len(corpus) >= PARALLEL_FROM and build_child.enabled():
        related, child = _up_to_date_or_built_elsewhere(corpus, entity_index, state, progress, post)
    try:
        _use_caches(corpus, post, related, child, entity_index, state, progress)
    finally:
        if child is not None:
            child.stop()


def _use_caches(
    corpus: Corpus,
    post: Post,
    related: RelatedIndex | None,
    child: ChildBuild | None,
    entity_index: Callable[[], EntityIndex],
    state: Callable[[], str],
    progress: Callable[[str], Callable[[int, int], None]],
) -> None:
    """`build_entities` once the caches are warm (or if it must build them here)."""
    import sqlite3

    from tui.core.related import RelatedIndex
    from tui.core.related_cache import CachedRelated
    from tui.core.related_cache import cache_path as related_path

    try:
        try:
            related = related or CachedRelated.open(
                corpus,
                entity_index,
                state,
                related_path(corpus.roots),
                progress=progress("related"),
                cancelled=cancelled,
            )
        except (OSError, sqlite3.Error):  # a locked or read-only cache: computed in memory
            related = None  # (an OSError of the entity index's own is raised again below)
        if cancelled():
            return
        if isinstance(related, CachedRelated) and not related.has_entities:
            post(RelatedReady(related))
        entities = entity_index()
        if cancelled():
            return
        if isinstance(related, CachedRelated) and not related.has_entities:
            try:
                related.use_entities(entities, state, progress("related"), cancelled)
            except sqlite3.Error:
                related = None
        if related is None:
            related = RelatedIndex.build(
                corpus, entities, progress=progress("related"), cancelled=cancelled
            )
    except OSError as exc:
        post(EntitiesFailed(str(exc)))
        return
    if not cancelled():
        if child is not None and isinstance(related, CachedRelated):
            # The passage index: the child writes it; `x` meanwhile waits for it, as for a
            # `keep_passages` of this process's, rather than building one of its own here.
            with related.holding_passages():
                post(EntitiesReady(entities, related))
                child.finish(lambda *p: post(EntitiesProgress(*p)), cancelled)
        else:
            post(EntitiesReady(entities, related))
        if isinstance(related, CachedRelated) and related.has_entities:
            # The passage index behind `x`, kept up to date on disk now, quietly (built the
            # first time, then updated by the changed documents alone): `x` reads it.
            with suppress(OSError, sqlite3.Error):
                related.keep_passages(progress=progress("cross-references"), cancelled=cancelled)
        memory.release_free_memory()  # what the build freed, back to the system


def _up_to_date_or_built_elsewhere(
    corpus: Corpus,
    entity_index: Callable[[], EntityIndex],
    state: Callable[[], str],
    progress: Callable[[str], Callable[[int, int], None]],
    post: Post,
) -> tuple[CachedRelated | None, ChildBuild | None]:
    """A large corpus's related cache, up to date: as it was (a warm start), or updated here
    when it lacks fewer than `PARALLEL_FROM` documents (a few changed ones cost less here than
    a process reading the whole corpus again). Lacking more (a first build, a large change), a
    child process brings the entity and related caches up to date (`build_child`; the entity
    index is read here as soon as its cache is written), then goes on to the passage index:
    it is returned, to be waited for before that. (None, None) when it could not: the caches
    are then opened, or built, here, as for any corpus."""
    import sqlite3

    from tui.core import build_child
    from tui.core.pool import PARALLEL_FROM
    from tui.core.related_cache import CachedRelated
    from tui.core.related_cache import cache_path as related_path

    try:
        related, stale = CachedRelated.open_if_current(corpus, state, related_path(corpus.roots))
        if stale < PARALLEL_FROM:
            if stale:
                related.bring_up_to_date(entity_index, state, progress("related"), cancelled)
            return related, None
    except (OSError, sqlite3.Error):
        return None, None  # reported by the opening that follows
    related.close()
    child = build_child.ChildBuild(corpus.roots)

    def relay(stage: str, done: int, total: int) -> None:
        post(EntitiesProgress(stage, done, total))

    if child.until_entities(relay, cancelled) is not None:
        child.stop()
        return None, None
    entity_index()  # read from the cache the child wrote, while it goes on to the related rows
    if cancelled() or child.until_ready(relay, cancelled) is not None:
        child.stop()
        return None, None
    return None, child


def cross_references(related: RelatedIndex, doc_id: str, number: int, post: Post) -> None:
    """`x`: passages of other documents about the same thing as passage `number` of `doc_id`
    (the passage index built first, the first time)."""
    if not related.passages_ready:

        def progress(done: int, total: int) -> None:
            post(EntitiesProgress("cross-references", done, total))

        related.prepare_passages(progress=progress, cancelled=cancelled)
        if cancelled():
            return
    try:
        refs = related.passage_refs(doc_id, number)
    except (KeyError, OSError) as exc:
        post(WorkerNotice(f"No cross-references: {exc}", "warning"))
        return
    post(CrossRefsReady(doc_id, number, refs))


def save_entity_edit(edit: EntityEdit, post: Post) -> None:
    from tui.core.entities.edits import load_edits

    edits = load_edits()
    if edit.action == "merge":
        edits.merge(edit.key, edit.value)
    elif edit.action == "rename":
        edits.rename(edit.key, edit.value)
    else:
        edits.hide(edit.key)
    try:
        edits.save()
    except OSError as exc:
        post(WorkerNotice(f"Could not save the entity edit: {exc}", "error"))
        return
    post(EntityEditSaved(edit.action))


def load_raw(doc: Document, post: Post) -> None:
    from tui.core.rawview import raw_document

    try:
        post(RawLoaded(raw_document(doc)))
    except OSError as exc:
        post(WorkerNotice(f"Cannot read {doc.path}: {exc}", "error"))


def save_position(store: Store, corpus: Corpus, doc: Document, passage: int, total: int) -> None:
    """Save where reading is, and which document is open (several sessions may write)."""
    try:
        store.save_position(doc.root, doc.id, passage, total)
        store.set_last_document(corpus_key(corpus.roots), doc.id)
    except StoreError:
        pass  # a read-only store said so at start; positions are not worth a notice each


def load_marks(store: Store, doc: Document, post: Post) -> None:
    """The document's bookmarks re-anchored (hashes every passage) and the total count."""
    from tui.core.anchoring import reanchor

    try:
        marks = reanchor(store.for_document(doc.root, doc.id), doc)
    except StoreError as exc:
        post(WorkerNotice(str(exc), "error"))
        marks = []
    try:
        count: int | None = store.count()
    except Exception:  # a count is not worth an error
        count = None
    post(MarksLoaded(doc.id, marks, count))


def toggle_bookmark(
    store: Store,
    doc: Document,
    number: int,
    text: str,
    undo: Bookmark | None,
    post: Post,
    shown: bool | None = None,
) -> None:
    """`b`: restore what `b` last removed from this passage, else add or remove its bookmark."""
    from dataclasses import replace

    from tui.core.anchoring import reanchor

    with STORE_WRITES:
        try:
            marks = reanchor(store.for_document(doc.root, doc.id), doc)
            marked = any(b.passage == number and not b.orphaned for b in marks)
            here = (doc.root, doc.id, number)
            if undo and (undo.root, undo.doc, undo.passage) == here and not marked:
                store.restore(undo)
                notice = f"Bookmark on {doc.id}#{number} restored."
                post(BookmarkToggled(notice, restored=True))
                return load_marks(store, doc, post)
            added, mark = store.toggle(doc.root, doc.id, number, text, marks, shown)
            if added:
                post(BookmarkToggled(f"Bookmarked {doc.id}#{number} (a: add a note)."))
            else:
                removed = replace(mark, passage=number)
                post(
                    BookmarkToggled("Bookmark removed: press b again to undo.", removed, timeout=4)
                )
        except StoreError as exc:
            post(WorkerNotice(str(exc), "error"))
        load_marks(store, doc, post)


def annotate(
    store: Store,
    doc: Document,
    mark: Bookmark | None,
    number: int,
    text: str,
    note: tuple[str, tuple[str, ...]],
    post: Post,
) -> None:
    """Save a note on the passage's bookmark, adding the bookmark when there is none."""
    with STORE_WRITES:
        try:
            target = mark or store.add(doc.root, doc.id, number, text)[0]
            store.set_note(target.id, *note)
        except StoreError as exc:
            post(WorkerNotice(str(exc), "error"))
        load_marks(store, doc, post)


def edit_bookmark(store: Store, edit: BookmarkEdit, doc: Document | None, post: Post) -> None:
    """Apply one edit made on the bookmarks screen (delete, undo, note)."""
    from tui.screens.bookmarks import BookmarkRemoved, BookmarkRestored, NoteEdited

    with STORE_WRITES:
        try:
            match edit:
                case BookmarkRemoved(bookmark_id):
                    store.remove(bookmark_id)
                case BookmarkRestored(bookmark):
                    store.restore(bookmark)
                case NoteEdited(bookmark_id, note, tags):
                    store.set_note(bookmark_id, note, tags)
        except StoreError as exc:
            post(WorkerNotice(str(exc), "error"))
    if doc is not None:
        load_marks(store, doc, post)


def gather_bookmarks(store: Store, corpus: Corpus | None, post: Post) -> None:
    """Every bookmark, re-anchored: this corpus from memory, other corpora from disk."""
    from tui.core.anchoring import load_document, reanchor_all

    def lookup(root: str, doc_id: str) -> Document | None:
        doc = corpus.get(doc_id) if corpus is not None else None
        if doc is not None and doc.root == root:
            return doc
        return load_document(root, doc_id)

    try:
        marks, docs = reanchor_all(store.list(), lookup)
    except StoreError as exc:
        post(BookmarksGathered([], error=str(exc)))
        return
    titles = {doc_id: d.title for (_, doc_id), d in docs.items() if d is not None}
    post(BookmarksGathered(marks, titles))


def append_query(store: Store, query: str) -> None:
    with suppress(StoreError):  # the history is a convenience: a locked store skips it
        store.append_query(query, "search")
