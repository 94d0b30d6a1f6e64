"""A large corpus's entity, related and passage caches built in a process of their own, which the
app's process then only reads, as on a warm start.

Built in the app's process (worker threads), a first build left it holding what the build's
allocations scattered: after a gen-10000 cold start, 106 of Python's 1 MB arenas for 52 MB of
live objects (51 arenas for 47 MB on a warm start) and 138 MB that glibc kept free, so 242 MB
resident against 105 MB when started warm (bench/memory.py); and the build's own Python work
(the entity index's assembly, the related rows: ~120 CPU-s at 100k documents) shared the
interpreter with the UI's thread. Here the child does all of it and ends; the app's process
reads the caches it wrote (seconds at 100k documents).

`ChildBuild` is the app's side: it starts `python -P -m tui.core.build_child ROOT…` (the same
environment, so the same data directory), passes on its progress lines, tells when the entity
cache is written (the app reads it while the child goes on to the related rows), then when the
related cache is up to date (read while the child goes on to the passage index) and kills it
when cancelled. The child leaves as soon as its stdin closes (the app gone).
Anything going wrong there is reported back as a reason, and the app builds in its own process
as before. `DOSSIER_BUILD_CHILD=0` turns it off.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.corpus import Corpus
    from tui.core.entities import EntityIndex

ENV = "DOSSIER_BUILD_CHILD"
PYTHON = sys.executable
Report = Callable[[str, int, int], object]  # (stage, done, total)


def enabled() -> bool:
    return os.environ.get(ENV, "1") != "0"


READY = "ready"  # the line the child writes once the related cache is up to date
# The line it writes once the entity cache is (before the related rows, computed from it: at
# 100k documents, the entity panel ~3 minutes sooner on a first start).
ENTITIES = "entities-ready"


class ChildBuild:
    """The child process building a corpus's caches (see module docstring): `until_ready` while
    it brings the entity and related caches up to date, `finish` while it writes the passage
    index; `stop` kills it if it still runs. Each relays its progress lines and returns None,
    or why it could not ("cancelled", or what went wrong: the caller builds in its own
    process)."""

    def __init__(self, roots: tuple[str, ...]) -> None:
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed by `stop`)
        self._pending = b""
        self.process: subprocess.Popen[bytes] | None = None
        try:
            self.process = subprocess.Popen(
                # -P: the working folder is not put first on the path (a `tui` folder there
                # would be imported instead of this package).
                [PYTHON, "-P", "-m", "tui.core.build_child", *roots],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._errors,
            )
        except OSError as exc:
            self.failed: str | None = f"no process for the build: {exc}"
        else:
            self.failed = None

    def until_entities(self, progress: Report, cancelled: Callable[[], bool]) -> str | None:
        """As `until_ready`, up to the line saying the entity cache is written (a READY line
        says so too: it is left for `until_ready`)."""
        return self._relay(progress, cancelled, until=(ENTITIES, READY))

    def until_ready(self, progress: Report, cancelled: Callable[[], bool]) -> str | None:
        return self._relay(progress, cancelled, until=(READY,))

    def finish(self, progress: Report, cancelled: Callable[[], bool]) -> str | None:
        try:
            return self._relay(progress, cancelled, until=())
        finally:
            self.stop()

    def stop(self) -> None:
        child, self.process = self.process, None
        if child is not None:
            if child.poll() is None:
                child.kill()
            child.wait()
            for pipe in (child.stdin, child.stdout):
                if pipe is not None:
                    pipe.close()
        self._errors.close()

    def _relay(
        self, progress: Report, cancelled: Callable[[], bool], until: tuple[str, ...]
    ) -> str | None:
        """The child's progress lines relayed up to the first of the `until` lines (None), or
        to its end; the lines after it are left for the next call, and so is the line itself
        when it is not the first of `until` (a READY awaited as ENTITIES)."""
        child = self.process
        if child is None or child.stdout is None:
            return self.failed or "the build's process has ended"
        fd = child.stdout.fileno()
        while True:
            *lines, self._pending = self._pending.split(b"\n")  # the whole lines read so far
            for at, line in enumerate(lines):
                try:  # a line of ours, not something a library printed
                    stage, done, total = line.decode().split("\t")
                    counts = int(done), int(total)
                except ValueError:
                    continue
                if stage not in (READY, ENTITIES):
                    progress(stage, *counts)
                elif stage in until:  # the lines after it are for the next call
                    rest = lines[at + 1 :] if stage == until[0] else lines[at:]
                    self._pending = b"\n".join([*rest, self._pending])
                    return None
            if cancelled():
                self.stop()
                return "cancelled"
            ready, _, _ = select.select([fd], [], [], 0.1)
            if not ready:
                continue
            data = os.read(fd, 65536)
            if not data:  # the child's output ended: it is through, or failed
                return self._ended(child)
            self._pending += data

    def _ended(self, child: subprocess.Popen[bytes]) -> str | None:
        code = child.wait()
        if code == 0:
            return None
        self._errors.seek(0)
        lines = self._errors.read().decode("utf-8", "replace").strip().splitlines()
        return f"the build's process ended with {code}: {lines[-1] if lines else ''}".strip()


def entity_sources(
    corpus: Corpus,
    stage: Callable[[str], Callable[[int, int], None]],
    cancelled: Callable[[], bool],
    built_hook: Callable[[EntityIndex], object] | None = None,
) -> tuple[Callable[[], EntityIndex], Callable[[], str], str | None]:
    """What the entity and related caches are built from, for the app's worker and the child
    alike: the entity index, built once when first asked (from its cache, with the user's
    edits applied; `built_hook` is given it then, before the related rows are made from it);
    the state it follows from; the edits' notice (None when they read well)."""
    from tui.core.entities import EntityIndex, cache_path
    from tui.core.entities.edits import edits_path, load_edits
    from tui.core.entities.listing import entity_state
    from tui.core.entities.spacy_backend import default_extractor

    def state() -> str:
        return entity_state(cache_path(corpus.roots), edits_path())

    edits = load_edits()
    built: list[EntityIndex] = []

    def entity_index() -> EntityIndex:
        """Built once, when first asked (by the related cache only if something changed)."""
        if not built:
            index = EntityIndex.build(
                corpus,
                default_extractor(),
                progress=stage("entities"),
                cancelled=cancelled,
                cache=cache_path(corpus.roots),
            )
            edits.apply(index)  # the user's clean-ups, applied by the caller
            built.append(index)
            if built_hook is not None:
                built_hook(index)
        return built[0]

    return entity_index, state, edits.message


def build_caches(corpus: Corpus, progress: Report, cancelled: Callable[[], bool]) -> None:
    """What the app's entity worker does the first time, without its messages: the entity
    index (with the user's edits; ENTITIES said once its cache is written), the related cache
    brought up to date with it, the passage index behind `x` written."""
    from tui.core.related_cache import CachedRelated
    from tui.core.related_cache import cache_path as related_path

    def stage(name: str) -> Callable[[int, int], None]:
        def update(done: int, total: int) -> None:
            progress(name, done, total)

        return update

    # Once the entity index is built (its cache written), the app may read it.
    entity_index, state, _ = entity_sources(
        corpus, stage, cancelled, lambda _: progress(ENTITIES, 0, 0)
    )
    related = CachedRelated.open(
        corpus,
        entity_index,
        state,
        related_path(corpus.roots),
        progress=stage("related"),
        cancelled=cancelled,
    )
    try:
        if not related.has_entities:
            related.use_entities(entity_index(), state, stage("related"), cancelled)
        progress(READY, 0, 0)  # the app reads the entity and related caches from here
        related.keep_passages(progress=stage("cross-references"), cancelled=cancelled)
    finally:
        related.close()


def _leave_when_orphaned() -> None:
    """The app closed its end of stdin (it quit, or died): stop at once, the caches' writes
    rolled back by SQLite, the passage index's temporary file left unrenamed."""
    try:  # os.read, not sys.stdin: a daemon thread blocked holding its lock aborts the exit
        while os.read(0, 4096):
            pass
    finally:
        os._exit(3)


def main(roots: list[str]) -> None:
    from tui.core.corpus import load_corpus

    # At the UI's priority, as the worker thread it replaces (the pools it starts lower their
    # own): lowered, it yielded to every other process too (related panel 8 s later on
    # gen-10000 beside a CPU-bound process).
    threading.Thread(target=_leave_when_orphaned, daemon=True).start()
    out = sys.stdout

    def report(stage: str, done: int, total: int) -> None:
        out.write(f"{stage}\t{done}\t{total}\n")
        out.flush()

    corpus = load_corpus(roots)
    build_caches(corpus, report, lambda: False)


if __name__ == "__main__":
    main(sys.argv[1:])
