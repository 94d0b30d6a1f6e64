"""Background work yields the CPU to the UI's thread: a lower priority for the calling thread
only (Linux keeps a nice value per thread), inherited by the processes it starts."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tui.core.corpus import load_corpus
from tui.core.entities.parallel import extract_parallel
from tui.core.models import Document, Mention
from tui.core.processes import background_nice, lower_priority

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="nice per thread")


def _in_a_thread(work: object) -> dict[str, int]:
    seen: dict[str, int] = {}

    def run() -> None:
        tid = threading.get_native_id()
        seen["before"] = os.getpriority(os.PRIO_PROCESS, tid)
        seen["lowered"] = int(work())  # type: ignore[operator]
        seen["after"] = os.getpriority(os.PRIO_PROCESS, tid)
        child = subprocess.run(
            [sys.executable, "-c", "import os; print(os.getpriority(os.PRIO_PROCESS, 0))"],
            capture_output=True,
            text=True,
            check=True,
        )
        seen["child"] = int(child.stdout)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return seen


@linux
def test_the_calling_thread_and_what_it_starts_run_lower(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOSSIER_NICE", raising=False)
    main_before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    seen = _in_a_thread(lower_priority)
    assert seen["lowered"] == 1
    assert seen["after"] == min(19, seen["before"] + 10)
    assert seen["child"] == seen["after"]  # a process started by the thread inherits it
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == main_before


@linux
def test_dossier_nice_sets_the_step_and_zero_keeps_the_priority(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DOSSIER_NICE", "0")
    seen = _in_a_thread(lower_priority)
    assert seen["lowered"] == 0 and seen["after"] == seen["before"]
    monkeypatch.setenv("DOSSIER_NICE", "3")
    assert background_nice() == 3
    seen = _in_a_thread(lower_priority)
    assert seen["after"] == min(19, seen["before"] + 3)
    for raw, step in (("", 10), ("x", 10), ("-4", 0), ("99", 19)):
        monkeypatch.setenv("DOSSIER_NICE", raw)
        assert background_nice() == step


class _Probe:
    """An extractor whose one mention is the priority of the process that ran it."""

    version = "probe"

    def extract(self, document: Document) -> list[Mention]:
        nice = str(os.getpriority(os.PRIO_PROCESS, 0))
        return [Mention(document.id, 1, 0, 1, nice, nice, "ORG")]


@linux
def test_the_entity_pool_workers_run_lower(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOSSIER_NICE", raising=False)
    for i in range(4):
        (tmp_path / f"{i}.txt").write_text(f"T\n\nText {i}.\n", encoding="utf-8")
    docs = list(load_corpus([str(tmp_path)], use_cache=False).documents)
    rows = dict(extract_parallel(docs, _Probe(), 2, lambda n: None, lambda: False))
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    assert {r[0][3] for r in rows.values()} == {str(min(19, ours + 10))}
    assert os.getpriority(os.PRIO_PROCESS, 0) == ours  # the caller's stays
