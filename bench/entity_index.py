"""The entity index of a corpus, cold and warm: the time to have it and the memory it holds,
and `dossier entities --json` warm. Prints a table.

Usage: python bench/entity_index.py --corpus PATH [--trees DIR ...] [--runs 3] [--data DIR]
       [--cli] [--changed]

Each tree (a checkout with its own .venv, default this one) gets its own data directory under
`--data` (default /tmp/dossier-bench-entity-index). Round 0 builds that tree's caches (cold);
then `--runs` rounds, the trees alternating within each, time a warm start: in a fresh process
of the tree's Python, the corpus loaded (from its cache), then `EntityIndex.build` with its
mention cache and the user's edits applied, as the reader's worker does. "index MB" is the
resident memory the build added, measured after a collection. With `--cli`, each round also
times `dossier entities --json` (wall and CPU with its children). With `--changed`, each warm
run then builds again with one document's mtime moved (as if its file had been saved), timed,
and once more as it was (not timed): the cost of one changed file (the `--cli` call that follows
then makes the entity list again, the mention cache having changed).
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import table  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(tree: str, corpus_path: str, changed: bool) -> None:
    """Runs in the tree's Python: the build as the reader's worker does it, timed."""
    sys.path.insert(0, tree)
    from tui.core.corpus import load_corpus
    from tui.core.entities import EntityIndex, cache_path
    from tui.core.entities.edits import load_edits
    from tui.core.entities.spacy_backend import default_extractor

    corpus = load_corpus([corpus_path])
    gc.collect()
    before = rss_mb()
    wall, used = time.perf_counter(), cpu()
    index = EntityIndex.build(corpus, default_extractor(), cache=cache_path(corpus.roots))
    load_edits().apply(index)
    seconds, cpu_seconds = time.perf_counter() - wall, cpu() - used
    gc.collect()
    result = {
        "s": seconds,
        "cpu": cpu_seconds,
        "mb": rss_mb() - before,
        "entities": len(index),
        "docs": len(corpus.documents),
    }
    if changed:
        from tui.core.models import Document

        docs = list(corpus.documents)
        at = len(docs) // 2
        fields = {f.name: getattr(docs[at], f.name) for f in dataclasses.fields(Document)}
        moved = [*docs[:at], Document(**(fields | {"mtime": docs[at].mtime + 1})), *docs[at + 1 :]]
        wall, used = time.perf_counter(), cpu()
        EntityIndex.build(moved, default_extractor(), cache=cache_path(corpus.roots))
        result["changed s"], result["changed cpu"] = time.perf_counter() - wall, cpu() - used
        EntityIndex.build(docs, default_extractor(), cache=cache_path(corpus.roots))
    print("RESULT " + json.dumps(result))


def run_child(tree: Path, corpus: str, data: Path, changed: bool) -> dict[str, float]:
    env = dict(os.environ, DOSSIER_DATA_DIR=str(data))
    cmd = [str(tree / ".venv/bin/python"), __file__, "--child", str(tree), "--corpus", corpus]
    cmd += ["--changed"] if changed else []
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            return dict(json.loads(line[len("RESULT ") :]))
    raise RuntimeError(f"{tree}: no result\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")


def run_cli(tree: Path, corpus: str, data: Path) -> tuple[float, float, int]:
    """`dossier entities --json`: wall, CPU (its children's) and the lines it printed."""
    env = dict(os.environ, DOSSIER_DATA_DIR=str(data))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    out = subprocess.run(
        [str(tree / ".venv/bin/dossier"), "entities", "--json", corpus],
        capture_output=True,
        env=env,
        check=True,
    )
    seconds = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, used, out.stdout.count(b"\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--trees", nargs="*", default=[str(ROOT)])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", default="/tmp/dossier-bench-entity-index")
    parser.add_argument("--cli", action="store_true", help="time `dossier entities --json` too")
    parser.add_argument("--changed", action="store_true", help="time one changed file too")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.corpus, args.changed)
        return
    trees = [Path(t).resolve() for t in args.trees]
    datas = {t: Path(args.data) / f"{n}-{t.name}" for n, t in enumerate(trees)}
    rows: list[dict[str, str]] = []
    for round_ in range(args.runs + 1):
        for tree in trees:
            load = os.getloadavg()[0]
            r = run_child(tree, args.corpus, datas[tree], args.changed and round_ > 0)
            row = {
                "tree": tree.name,
                "run": "cold" if round_ == 0 else f"warm {round_}",
                "load": f"{load:.1f}",
                "docs": f"{int(r['docs'])}",
                "entities": f"{int(r['entities'])}",
                "build s": f"{r['s']:.2f}",
                "build cpu": f"{r['cpu']:.2f}",
                "index MB": f"{r['mb']:.0f}",
            }
            if "changed s" in r:
                row |= {"1 changed s": f"{r['changed s']:.2f}", "cpu": f"{r['changed cpu']:.2f}"}
            if args.cli:
                seconds, used, lines = run_cli(tree, args.corpus, datas[tree])
                row |= {"cli s": f"{seconds:.2f}", "cli cpu": f"{used:.2f}", "lines": str(lines)}
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    print(table(rows))


if __name__ == "__main__":
    main()
