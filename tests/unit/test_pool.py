"""The process pool's workers end with the process that started the pool: quitting the app during
a first build left them running, then waiting for ever."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import ROOT

OWNER = """
import os
from tui.core.pool import map_chunks

if __name__ == "__main__":
    chunks = map_chunks(sorted, [[3, 1]] * 8, 2, lambda n: None, lambda: False, chunk=2)
    next(chunks)  # the pool started, its workers at work
    print("started", flush=True)
    os._exit(0)  # gone as an app killed, or quitting without waiting for its workers
"""


def _marked(mark: str) -> list[int]:
    """The processes whose environment holds `mark` (the owner's, inherited)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if mark.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass  # ended meanwhile, or not ours
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_workers_end_when_the_pools_owner_is_gone(tmp_path: Path) -> None:
    script = tmp_path / "owner.py"
    script.write_text(OWNER)
    mark = f"DOSSIER_TEST_OWNER={uuid.uuid4().hex}"
    name, value = mark.split("=")
    env = {**os.environ, name: value, "PYTHONPATH": str(ROOT)}
    # Its output read, then it is waited for: the workers hold the pipe too, so reading to
    # its end would wait for them; and an owner not yet reaped is a zombie, gone all the same.
    owner = subprocess.Popen([sys.executable, str(script)], env=env, stdout=subprocess.PIPE)
    assert owner.stdout is not None
    with owner.stdout:
        assert owner.stdout.readline() == b"started\n"
        assert owner.wait(timeout=60) == 0
    # The workers look for their owner every half second: give them a while on a busy machine.
    deadline = time.monotonic() + 30
    while (left := _marked(value)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in left:  # not to leave them behind when the test fails
        os.kill(pid, 9)
    assert left == []
