"""Benchmark what a small change costs in a large corpus: one file changed (the index
refreshed and its vocabulary brought up to date, on the index object the app keeps: "1 file
s"; on a newly opened one: "new object s") and the title finder's build.

    .venv/bin/python bench/incremental.py --corpus /tmp/dossier-bench/gen-100000 --repeat 3

The index is built once and kept under --work (minutes at 100k documents); each repeat then
changes one document (a different one each time). The reference, in the same run, is reading
every file's bytes ("raw read s"). `--code DIR` runs another checkout's `tui` (the code on
`main`, say) with its own index file, for a before/after in one run.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("--corpus", default="/tmp/dossier-bench/gen-100000")
parser.add_argument("--work", default="/tmp/dossier-bench-incr", help="index and data dir")
parser.add_argument("--code", default=str(Path(__file__).resolve().parent.parent))
parser.add_argument("--repeat", type=int, default=3)
parser.add_argument("--no-titles", action="store_true")
args = parser.parse_args()

# This checkout's bench helpers, then the `tui` measured (--code) ahead of this one's.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.gen_corpus import changed_corpus  # noqa: E402
from bench.measure import table, timed  # noqa: E402

CODE = Path(args.code).resolve()
sys.path.insert(0, str(CODE))
WORK = Path(args.work)
WORK.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("DOSSIER_DATA_DIR", str(WORK / "data"))

from tui.core.corpus import load_corpus  # noqa: E402
from tui.core.search import SqliteIndex, TitleFinder  # noqa: E402

TYPED = ["government plans", "moblie phone", "tony blari", "intrest rates", "chelsea manager"]


def main() -> int:
    row: dict[str, str] = {"code": CODE.name}
    corpus = timed(row, "load", lambda: load_corpus([args.corpus]))
    n = len(corpus.documents)
    row["docs"] = str(n)
    timed(row, "raw read", lambda: [Path(d.path).read_bytes() for d in corpus.documents])
    path = WORK / f"index-{CODE.name}-{Path(args.corpus).name}.sqlite"
    index = SqliteIndex(path)
    if not index.is_fresh([(d.path, d.size, d.mtime) for d in corpus.documents]):
        timed(row, "build", lambda: index.refresh(corpus))
    index.close()
    index = SqliteIndex(path)  # a warm start, as the app reopens it
    timed(row, "open", lambda: (index.refresh(corpus), index.warm()))
    rows = []
    for r in range(args.repeat):
        each = dict(row)
        k = (n // 2 + r * 7919) % n
        changed = changed_corpus(corpus, k, f"A changed passage, zebrafish{k}.")
        timed(each, "refresh", lambda changed=changed: index.refresh(changed))
        timed(each, "vocab", index.warm)
        each["1 file s"] = f"{float(each['refresh s']) + float(each['vocab s']):.2f}"
        # Typing with dead rows in the index (the vocabulary asks whether a word is live).
        typed = [q[:n] for q in TYPED for n in range(3, len(q) + 1)] if r == 0 else []
        times = []
        for text in typed:
            t = time.perf_counter()
            index.query(text, 50)
            times.append((time.perf_counter() - t) * 1000)
        if times:
            times.sort()
            each["key med ms"] = f"{times[len(times) // 2]:.1f}"
            each["key p95 ms"] = f"{times[int(len(times) * 0.95)]:.1f}"
        hits = index.query(f"zebrafish{k}", 5)
        each["found"] = "yes" if hits and hits[0].doc == changed.documents[k].id else "NO"
        # The same change seen by a newly opened index (what the app did on `main`: a new
        # index object after each background refresh).
        other = SqliteIndex(path)
        timed(
            each,
            "new object",
            lambda other=other, changed=changed: (other.refresh(changed), other.warm()),
        )
        other.close()
        index.refresh(corpus)  # back as it was: the word is gone again, from the vocabulary too
        vocab = index._vocabulary()[0]  # what a typo or a word start would offer
        word = f"zebrafish{k}"
        offered = vocab.count(word) if hasattr(vocab, "count") else word in vocab.position
        each["gone"] = "NO" if offered else "yes"
        rows.append(each)
    if not args.no_titles:
        # Built from the titles (the reference: as `main` builds it), then, where the code
        # keeps it, built and written ("titles cold") and read back ("titles warm").
        timed(rows[-1], "titles", lambda: TitleFinder((d.id, d.title) for d in corpus.documents))
        try:
            from tui.core.search import open_title_finder
        except ImportError:
            open_title_finder = None
        if open_title_finder is not None:
            kept = WORK / f"titles-{CODE.name}.bin"
            kept.unlink(missing_ok=True)
            timed(rows[-1], "titles cold", lambda: open_title_finder(corpus, kept))
            timed(rows[-1], "titles warm", lambda: open_title_finder(corpus, kept))
    index.close()
    print(table(rows))
    print(f"load: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
