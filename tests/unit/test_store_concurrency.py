"""Several processes writing the store at once lose nothing; kill -9 loses nothing committed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tui.core.store import Store

# Adds `count` bookmarks as process `name`, printing each id once its transaction committed.
WRITER = """
import sys
from pathlib import Path
from tui.core.store import Store

path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
with Store(path) as store:
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    for i in range(count):
        b, created = store.add("/corpus", f"{name}.txt", i + 1, f"{name} passage {i}", note=name)
        assert created
        print(b.id, flush=True)
"""


def start_writer(path: Path, name: str, count: int) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), name, str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_two_processes_adding_500_each_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "dossier.sqlite"
    writers = [start_writer(path, name, 500) for name in ("left", "right")]
    for proc in writers:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    outputs = [proc.communicate(timeout=60)[0] for proc in writers]
    assert [proc.returncode for proc in writers] == [0, 0]
    ids = [int(line) for out in outputs for line in out.split()]
    assert len(ids) == len(set(ids)) == 1000
    with Store(path) as store:
        marks = store.list()
        assert len(marks) == 1000
        assert {b.id for b in marks} == set(ids)
        assert sum(b.note == "left" for b in marks) == 500
        assert store.integrity() == "ok"


def test_kill_9_during_writes_keeps_every_committed_bookmark(tmp_path: Path) -> None:
    path = tmp_path / "dossier.sqlite"
    proc = start_writer(path, "victim", 100_000)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("go\n")
    proc.stdin.flush()
    committed: list[int] = []
    deadline = time.monotonic() + 30
    while len(committed) < 200 and time.monotonic() < deadline:
        committed.append(int(proc.stdout.readline()))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    assert len(committed) == 200
    # The writer died mid-stream, without closing: its WAL is left behind for recovery.
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {row[0] for row in conn.execute("SELECT id FROM bookmarks")}
    conn.close()
    assert set(committed) <= stored
    with Store(path) as store:
        assert store.notice is None and store.set_aside is None
        assert store.count() >= 200
        store.add("/corpus", "after.txt", 1, "written after the crash")
