"""Process pools start from a program whose stderr is not a file, as inside the app (Textual's
print capture answers fileno() with -1): the entity and parser pools failed there with
"bad value(s) in fds_to_keep" (the app's entities stage died at 4,000 documents and more)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# In a fresh interpreter: multiprocessing's resource tracker must not be running already.
SCRIPT = """
import sys
from pathlib import Path

class Captured:  # as Textual's print capture
    def write(self, text): return len(text)
    def flush(self): pass
    def fileno(self): return -1

def main():
    from tui.core.corpus import load_corpus
    from tui.core.corpus.cache_parse import parse_files
    from tui.core.entities import RuleExtractor
    from tui.core.entities.parallel import extract_parallel

    folder, pool = Path(sys.argv[1]), sys.argv[2]
    corpus = load_corpus([folder])
    sys.stderr = Captured()
    if pool == "entities":
        docs = corpus.documents
        found = dict(extract_parallel(docs, RuleExtractor(), 2, lambda n: None, lambda: False))
        print(sorted(name for _, _, _, _, name, _ in found["a.txt"]))
        return

    import threading
    import tui.core.corpus.cache_parse as cache_parse

    def in_this_process(*args):
        raise AssertionError("parsed in this process: the pool did not start")

    cache_parse.POOL_MIN_FILES = 1
    cache_parse.read_file = in_this_process  # the fallback's; the pool's workers import afresh
    jobs = [(f, folder, f.name) for f in sorted(folder.iterdir())]
    parsed = []
    # From a thread, as the app's loader: the pool's workers come from the forkserver.
    worker = threading.Thread(target=lambda: parsed.extend(parse_files(jobs)))
    worker.start()
    worker.join()
    print(len(parsed))

if __name__ == "__main__":
    main()
"""


def test_pools_start_when_stderr_is_not_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Talks in Nairobi\n\nPresident William Ruto met Angela Merkel in Nairobi.\n",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text("Rain\n\nRain fell on Mombasa all day.\n", encoding="utf-8")
    script = tmp_path / "pools.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = {**os.environ, "DOSSIER_DATA_DIR": str(tmp_path / "data"), "DOSSIER_PARSE_WORKERS": "2"}

    def run(pool: str) -> str:  # each pool in its own interpreter: the first starts the tracker
        done = subprocess.run(
            [sys.executable, str(script), str(folder), pool],
            env=env,
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout.strip()

    names = run("entities")
    assert "Nairobi" in names and "William Ruto" in names
    assert run("parser") == "2"
