"""Benchmark the first `x` (cross-references): the passage index built (as on the first `x`
after a change) and read back from the related cache (the first `x` of a later start), then
one passage's cross-references.

    .venv/bin/python bench/crossrefs.py --corpus /work/shared/corpora/bbc-news
    .venv/bin/python bench/crossrefs.py --corpus /tmp/dossier-bench/gen-10000

The entity index and the related cache are made once under --work (minutes at 10k documents).
The reference, in the same run, is reading every file's bytes ("raw read s"). Wall and CPU
seconds (this process) for each step, and the resident memory after it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("--corpus", default="/work/shared/corpora/bbc-news")
parser.add_argument("--work", default="/tmp/dossier-bench-crossrefs", help="data dir")
parser.add_argument("--repeat", type=int, default=2, help="reads of the kept index")
args = parser.parse_args()

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DOSSIER_DATA_DIR", str(Path(args.work) / "data"))

from bench.gen_corpus import changed_corpus  # noqa: E402
from bench.measure import timed  # noqa: E402
from tui.core.corpus import load_corpus  # noqa: E402
from tui.core.entities import EntityIndex, cache_path  # noqa: E402
from tui.core.entities.spacy_backend import default_extractor  # noqa: E402
from tui.core.related_cache import CachedRelated  # noqa: E402
from tui.core.related_cache import cache_path as related_path  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    row: dict[str, str] = {"corpus": Path(args.corpus).name}
    corpus = load_corpus([args.corpus])
    row["docs"] = str(len(corpus.documents))
    timed(row, "raw read", lambda: [Path(d.path).read_bytes() for d in corpus.documents])
    entities = EntityIndex.build(corpus, default_extractor(), cache=cache_path(corpus.roots))
    path = related_path(corpus.roots)
    related = CachedRelated.open(corpus, entities, lambda: "bench", path)
    related._passages_file().unlink(missing_ok=True)  # as after a change: built again
    doc = corpus.documents[len(corpus.documents) // 2]
    number = next((p.number for p in doc.passages if not p.is_heading), 1)
    timed(row, "x build", related.prepare_passages)
    row["MB after build"] = f"{rss_mb():.0f}"
    expected = timed(row, "x refs", lambda: related.passage_refs(doc.id, number))
    kept = related._passages_file()
    related.close()
    for k in range(args.repeat):
        again = CachedRelated.open(corpus, entities, lambda: "bench", path)
        timed(row, f"x read {k + 1}", again.prepare_passages)
        assert again.passage_refs(doc.id, number) == expected
        again.close()
    row["MB after read"] = f"{rss_mb():.0f}"
    # One document changed (in memory: the corpus is read only), as the app opens the related
    # index after a refresh; the first x then updates the kept passage index by it alone.
    text = "Changed: the ministers of Portugal met in Lisbon about fishing quotas."
    changed = changed_corpus(corpus, len(corpus.documents) // 3, text)
    entities = EntityIndex.build(changed, default_extractor(), cache=cache_path(corpus.roots))
    after = timed(
        row,
        "related sync",
        lambda: CachedRelated.open(changed, entities, lambda: "bench", path),
    )
    timed(row, "x after change", after.prepare_passages)
    after.close()
    row["kept MB"] = f"{kept.stat().st_size / 1e6:.0f}"
    print("| " + " | ".join(row) + " |")
    print("|" + "|".join("---" for _ in row) + "|")
    print("| " + " | ".join(row.values()) + " |")
    print(f"load: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
