"""Benchmark and quality report for entities and related documents.

    .venv/bin/python bench/entities.py            # gold scores, extraction, related at 1k/10k
    .venv/bin/python bench/entities.py --quick    # gold scores and extraction only
    .venv/bin/python bench/entities.py --quick --scale 10000,100000   # extraction at scale
    .venv/bin/python bench/entities.py --corpus /tmp/dossier-bench/gen-100000 --workers 2
        # wall and CPU seconds (the workers' included) and CPU seconds per 1,000 documents
    python bench/entities.py --model en_core_web_sm   # scores of a spaCy pipeline you installed

Gold: document-level precision/recall/F1, typed and untyped, on the hand-labelled sets in
tests/gold (seeds; bbc_tune, which the rules were tuned on; bbc_heldout and bbc_heldout_b, which
they were not before part 8 tuned on them; tune_world, articles written and labelled in session 6
to tune recall on names outside the lists, and tune_world_b, 8 more scored once before tuning on
them; eval_bbc and eval_world, the part 8 evaluation set,
labelled before part 8's changes and never tuned on, printed with per-type precision and recall).
`--tuning` prints the tuning sets alone: what to run while tuning.
Scale: corpora of 1,000 and 10,000 documents generated in /tmp by replicating bbc-news with
perturbations (sentences dropped and shuffled, words replaced), so near-duplicates exist as they
would in a real crawl.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import raw_read  # noqa: E402
from tui.core.corpus import load_corpus, load_file  # noqa: E402
from tui.core.entities import (  # noqa: E402
    EntityExtractor,
    EntityIndex,
    RuleExtractor,
    Score,
    evaluate,
    evaluate_by_type,
)
from tui.core.entities.spacy_backend import SpacyExtractor  # noqa: E402
from tui.core.models import Document  # noqa: E402
from tui.core.related import RelatedIndex  # noqa: E402

BBC = ROOT.parent / "shared" / "corpora" / "bbc-news"
GOLD = ROOT / "tests" / "gold"


SETS = (
    "seeds",
    "bbc_tune",
    "bbc_heldout",
    "bbc_heldout_b",
    "tune_world",
    "tune_world_b",
    "eval_bbc",
    "eval_world",
)
# The part 8 evaluation set: never tuned on (labelled before the part 8 changes).
EVALUATION = ("eval_bbc", "eval_world")


def gold_index(
    name: str, extractor: EntityExtractor | None = None
) -> tuple[EntityIndex, list[dict[str, object]]] | None:
    """The index of a gold set's documents under `extractor` (the rules by default), and the
    gold."""
    path = GOLD / f"{name}.json"
    if not path.exists():
        return None
    gold = json.loads(path.read_text("utf-8"))
    roots = {
        "seeds": ROOT / "seeds",
        "world": GOLD / "world",
        "tune_world": GOLD / "tune_world",
        "bbc-news": BBC,
    }
    root = roots[gold["corpus"]]
    if not root.is_dir():
        return None
    docs = [load_file(root / item["doc"], root) for item in gold["documents"]]
    extractor = extractor if extractor is not None else RuleExtractor()
    index = EntityIndex.build([d for d in docs if isinstance(d, Document)], extractor, workers=1)
    return index, gold["documents"]


def _add(a: Score, b: Score) -> Score:
    return Score(a.tp_p + b.tp_p, a.predicted + b.predicted, a.tp_r + b.tp_r, a.gold + b.gold)


def gold_table(
    tuning_only: bool = False, extractor: EntityExtractor | None = None
) -> tuple[list[tuple[str, int, str, Score]], dict[str, Score], dict[str, Score]]:
    """Rows (set, documents, typed/untyped, score) with the evaluation total, and per-type
    scores on the evaluation and on the tuning sets. `tuning_only` leaves the evaluation out
    (what to run while tuning, so its errors are never seen)."""
    rows = []
    tune_by_type: dict[str, Score] = {}
    total = {"untyped": Score(0, 0, 0, 0), "typed": Score(0, 0, 0, 0)}
    n_eval = 0
    by_type: dict[str, Score] = {}
    for name in SETS:
        if tuning_only and name in EVALUATION:
            continue
        built = gold_index(name, extractor)
        if built is None:
            continue
        index, docs = built
        for typed in (False, True):
            s = evaluate(index, docs, typed)
            kind = "typed" if typed else "untyped"
            rows.append((name, len(docs), kind, s))
            if name in EVALUATION:
                total[kind] = _add(total[kind], s)
        if name in EVALUATION:
            n_eval += len(docs)
        target = by_type if name in EVALUATION else tune_by_type
        if name != "seeds":
            for t, s in evaluate_by_type(index, docs).items():
                target[t] = _add(target.get(t, Score(0, 0, 0, 0)), s)
    if not tuning_only:
        for kind in ("untyped", "typed"):
            rows.append(("EVALUATION", n_eval, kind, total[kind]))
    return rows, by_type, tune_by_type


def make_corpus(n: int, source: list[Document], dest: Path, seed: int = 7) -> Path:
    """Write n documents derived from `source`: copies with sentences dropped/shuffled/edited."""
    if dest.exists() and len(list(dest.glob("*.txt"))) == n:
        return dest
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    rng = random.Random(seed)
    swaps = ["reported", "stated", "noted", "claimed", "argued"]
    for i in range(n):
        doc = source[i % len(source)]
        paras = [p.text for p in doc.passages]
        body = paras[1:] if len(paras) > 1 else paras
        if i >= len(source):  # a perturbed copy
            sentences = [s for p in body for s in p.split(". ") if s]
            k = max(1, len(sentences) // 10)
            for _ in range(k):
                if len(sentences) > 3:
                    sentences.pop(rng.randrange(len(sentences)))
            if rng.random() < 0.5 and len(sentences) > 4:
                a, b = rng.randrange(len(sentences)), rng.randrange(len(sentences))
                sentences[a], sentences[b] = sentences[b], sentences[a]
            sentences = [s.replace(" said", " " + rng.choice(swaps), 1) for s in sentences]
            body = [". ".join(sentences[j : j + 4]) for j in range(0, len(sentences), 4)]
        title = paras[0] if paras else f"Document {i}"
        (dest / f"{i:05d}.txt").write_text(title + "\n\n" + "\n\n".join(body) + "\n", "utf-8")
    return dest


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (user and system)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def stop_forkserver() -> None:
    """End the pool's forkserver and wait for it, so that the CPU time of the worker processes
    (its children, reaped by it) counts in ours. Private to multiprocessing: bench only."""
    from multiprocessing import forkserver

    forkserver._forkserver._stop()  # type: ignore[attr-defined]


def corpus_speed(path: Path, workers: list[int], cached: bool = False) -> int:
    """Extraction time (wall and CPU, workers' included) on an existing corpus, against
    reading its raw files. `cached`: the documents come from the corpus cache, as the app holds
    them (bodies read from the cache while extracting, sent to the workers from there), in the
    data directory DOSSIER_DATA_DIR (built first, untimed, when it holds none); otherwise
    parsed without the cache, passages in memory before the timing. "own CPU s" is this
    process's share alone (in the app: the UI's process, beside its event loop)."""
    raw = raw_read(path)[0]
    corpus, t_load = timed(load_corpus, [str(path)], use_cache=cached)
    docs = corpus.documents
    if not cached:
        for d in docs:
            d.passages  # noqa: B018  (parsed outside the timing: extraction alone is measured)
    RuleExtractor().lexicon  # noqa: B018
    mb = sum(d.size for d in docs) / 1e6
    load = "/".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{path}: {len(docs)} documents, {mb:.0f} MB; load {load}")
    print(
        f"{'step':<36}{'seconds':>9}{'docs/s':>9}{'x raw':>8}{'CPU s':>9}{'CPU s/1k':>9}"
        f"{'own CPU s':>10}"
    )
    print(f"{'read the raw files (reference)':<36}{raw:>9.2f}{len(docs) / raw:>9.0f}{1:>8.1f}")
    what = "load corpus (" + ("through the cache)" if cached else "parse, no cache)")
    print(f"{what:<36}{t_load:>9.2f}{len(docs) / t_load:>9.0f}{t_load / raw:>8.1f}")
    for w in workers:
        cpu, own = cpu_seconds(), time.process_time()
        _, t = timed(EntityIndex.build, docs, RuleExtractor(), workers=w)
        stop_forkserver()
        cpu, own = cpu_seconds() - cpu, time.process_time() - own
        label = f"extract entities, {w} process{'es' if w > 1 else ''}"
        print(
            f"{label:<36}{t:>9.2f}{len(docs) / t:>9.0f}{t / raw:>8.1f}{cpu:>9.1f}"
            f"{cpu / len(docs) * 1000:>9.2f}{own:>10.1f}"
        )
    print(f"load after: {'/'.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1k/10k related runs")
    parser.add_argument("--sizes", default="1000,10000", help="generated corpus sizes")
    parser.add_argument(
        "--scale", default="", help="generated corpus sizes for extraction speed, e.g. 100000"
    )
    parser.add_argument(
        "--tuning", action="store_true", help="tuning sets only: no evaluation set, no speed"
    )
    parser.add_argument(
        "--corpus",
        default="",
        help="extraction speed on this folder alone (e.g. /tmp/dossier-bench/gen-100000), "
        "with the raw read of its files as the reference; no gold scores",
    )
    parser.add_argument("--workers", default="1,2", help="with --corpus: process counts")
    parser.add_argument(
        "--cached",
        action="store_true",
        help="with --corpus: documents from the corpus cache, as the app holds them",
    )
    parser.add_argument(
        "--model",
        default="",
        help="gold scores of an installed spaCy pipeline through Dossier's backend (no speed)",
    )
    args = parser.parse_args()

    if args.corpus:
        return corpus_speed(
            Path(args.corpus), [int(w) for w in args.workers.split(",")], args.cached
        )
    print("Entity extraction quality (document level, hand-labelled gold)")
    print(f"{'set':<15}{'docs':>5}  {'':<8}{'P':>7}{'R':>7}{'F1':>7}")
    model = SpacyExtractor(args.model) if args.model else None
    rows, by_type, tune_by_type = gold_table(args.tuning, model)
    for name, n, kind, s in rows:
        print(f"{name:<15}{n:>5}  {kind:<8}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}")
    tables = [("the tuning sets but seeds", tune_by_type)]
    if not args.tuning:
        tables.append(("the evaluation set", by_type))
    for title, table in tables:
        print()
        print(f"Per type on {title} (typed: right type and name)")
        print(f"{'type':<8}{'pred':>6}{'gold':>6}{'P':>7}{'R':>7}{'F1':>7}")
        for t, s in table.items():
            print(
                f"{t:<8}{s.predicted:>6}{s.gold:>6}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
            )
    if args.tuning or args.model:
        return 0
    if not BBC.is_dir():
        print("bbc-news is absent: no throughput figures")
        return 0

    corpus, t_load = timed(load_corpus, [str(BBC)])
    docs = corpus.documents
    print()
    print("Entity extraction speed (default rules; 'workers' processes; best of 3)")
    print(f"{'corpus':<28}{'docs':>8}{'workers':>8}{'seconds':>9}{'docs/s':>9}{'x raw':>8}")
    first = docs[:1100]
    RuleExtractor().lexicon  # noqa: B018  (read the word lists outside the timing)
    # The reference, in the same run: reading the same files' bytes.
    t_raw = min(timed(lambda: [Path(d.path).read_bytes() for d in first])[1] for _ in range(3))
    t_1k = min(timed(EntityIndex.build, first, RuleExtractor(), workers=1)[1] for _ in range(3))
    label = "bbc-news, first 1,100"
    print(f"{'  read the files (reference)':<28}{len(first):>8}{1:>8}{t_raw:>9.2f}{'':>9}{1:>8.1f}")
    print(
        f"{label:<28}{len(first):>8}{1:>8}{t_1k:>9.2f}{len(first) / t_1k:>9.0f}{t_1k / t_raw:>8.0f}"
    )
    for n in (int(x) for x in args.scale.split(",") if x):
        root = make_corpus(n, docs, Path(f"/tmp/dossier-bench-{n}"))
        big = load_corpus([str(root)]).documents
        for w in (1, 2) if n <= 20000 else (2,):
            _, t_n = timed(EntityIndex.build, big, RuleExtractor(), workers=w)
            print(f"{'generated from bbc-news':<28}{n:>8}{w:>8}{t_n:>9.2f}{n / t_n:>9.0f}")
    index, t_ext = timed(EntityIndex.build, corpus, RuleExtractor())
    _related, t_rel = timed(RelatedIndex.build, corpus, index)
    print()
    print(f"bbc-news: {len(docs)} documents, {len(index)} entities")
    print(f"{'step':<34}{'seconds':>9}{'docs/s':>9}")
    print(f"{'load corpus':<34}{t_load:>9.2f}{len(docs) / t_load:>9.0f}")
    print(f"{'extract entities (EntityIndex)':<34}{t_ext:>9.2f}{len(docs) / t_ext:>9.0f}")
    print(f"{'related index (TF-IDF, sketches)':<34}{t_rel:>9.2f}{len(docs) / t_rel:>9.0f}")

    if args.quick:
        return 0
    print()
    print("Related documents at scale (corpora generated in /tmp from bbc-news)")
    print(
        f"{'docs':>6}{'entities s':>11}{'related s':>10}{'query ms':>10}{'p95 ms':>8}"
        f"{'xref 1st s':>11}{'xref ms':>9}{'near-dup':>9}"
    )
    for n in (int(x) for x in args.sizes.split(",")):
        root = make_corpus(n, docs, Path(f"/tmp/dossier-bench-{n}"))
        big = load_corpus([str(root)])
        ents, t_e = timed(EntityIndex.build, big, RuleExtractor())
        rel, t_r = timed(RelatedIndex.build, big, ents)
        rng = random.Random(1)
        sample = rng.sample([d.id for d in big.documents], 100)
        times = []
        dups = 0
        for doc_id in sample:
            out, t = timed(rel.related, doc_id, 10)
            times.append(t * 1000)
            dups += any(r.near_duplicate for r in out)
        _, t_first = timed(rel.passage_refs, sample[0], 2, 10)
        xref = [timed(rel.passage_refs, d, 2, 10)[1] * 1000 for d in sample[1:21]]
        p95 = sorted(times)[94]
        print(
            f"{n:>6}{t_e:>11.2f}{t_r:>10.2f}{statistics.mean(times):>10.1f}{p95:>8.1f}"
            f"{t_first:>11.2f}{statistics.mean(xref):>9.1f}{dups:>8}%"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
