"""Ranking quality on known-item queries built from bbc-news passages (fixed seed).

    .venv/bin/python bench/ranking.py                    # 200 targets, seed 16
    .venv/bin/python bench/ranking.py --targets 50 --corpus /path/to/corpus

Each target is a passage of 12 words or more; its query is 3 of its words of 5 letters or
more (not stop-words), drawn at random, in three variants: the words as written ("exact"),
one of them with a typo (two letters swapped, or one dropped: "typo"), one of them in
another form (plural <-> singular, -ies <-> -y: "form"). A query finds its target when a
hit is the target passage (or a passage with the same text: bbc-news repeats articles).
Prints recall@1, recall@10 and MRR (of the rank within the first 10) per variant, and
recall@10 by the quarter of the corpus (in file-name order) the target lies in: a ranking
that leans on file order shows a slope there.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.core.corpus import load_corpus  # noqa: E402
from tui.core.search import SqliteIndex  # noqa: E402

BBC = Path("/work/shared/corpora/bbc-news")
_STOP = """about after again also among because been before being could every first from
have their there these those through under until which while would should where other"""
STOP = set(_STOP.split())
WORD = re.compile(r"[A-Za-z]{5,}")


def typo(word: str, rng: random.Random) -> str:
    """The word with two inner letters swapped or one inner letter dropped."""
    k = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5 and word[k] != word[k + 1]:
        return word[:k] + word[k + 1] + word[k] + word[k + 2 :]
    return word[:k] + word[k + 1 :]


def other_form(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word + "s"


def build(passages: list[tuple[str, int, str]], n: int, seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    pool = [p for p in passages if len(p[2].split()) >= 12]
    cases: list[dict[str, object]] = []
    for index in rng.sample(range(len(pool)), min(n, len(pool))):
        doc, number, text = pool[index]
        words = list(dict.fromkeys(w for w in WORD.findall(text) if w.lower() not in STOP))
        if len(words) < 3:
            continue
        picked = rng.sample(words, 3)
        k = rng.randrange(3)
        variants = {
            "exact": picked,
            "typo": [*picked[:k], typo(picked[k], rng), *picked[k + 1 :]],
            "form": [*picked[:k], other_form(picked[k]), *picked[k + 1 :]],
        }
        cases.append({"doc": doc, "passage": number, "text": text, "index": index, **variants})
    return cases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=BBC)
    parser.add_argument("--targets", type=int, default=200)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--label", default=str(ROOT.name), help="the row's name")
    args = parser.parse_args()
    corpus = load_corpus([args.corpus])
    passages = [(d.id, p.number, p.text) for d in corpus.documents for p in d.passages]
    order = {doc: k for k, doc in enumerate(sorted({d for d, _, _ in passages}))}
    cases = build(passages, args.targets, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        index = SqliteIndex(Path(folder) / "index.sqlite")
        index.refresh(corpus)
        index.warm()
        rows = []
        for variant in ("exact", "typo", "form"):
            ranks: list[int | None] = []
            quarters: dict[int, list[bool]] = {0: [], 1: [], 2: [], 3: []}
            ms: list[float] = []
            for case in cases:
                query = " ".join(case[variant]) + " "  # type: ignore[arg-type]
                t = time.perf_counter()
                hits = index.query(query, 10)
                ms.append((time.perf_counter() - t) * 1000)
                found = next(
                    (
                        k
                        for k, h in enumerate(hits, 1)
                        if (h.doc, h.passage) == (case["doc"], case["passage"])
                        or h.text == case["text"]
                    ),
                    None,
                )
                ranks.append(found)
                quarter = order[str(case["doc"])] * 4 // len(order)
                quarters[quarter].append(found is not None)
            n = len(ranks)
            rows.append(
                {
                    "code": args.label,
                    "variant": variant,
                    "queries": str(n),
                    "recall@1": f"{sum(r == 1 for r in ranks) / n:.3f}",
                    "recall@10": f"{sum(r is not None for r in ranks) / n:.3f}",
                    "MRR": f"{sum(1 / r for r in ranks if r) / n:.3f}",
                    "r@10 by quarter": " ".join(f"{sum(q)}/{len(q)}" for q in quarters.values()),
                    "med ms": f"{statistics.median(ms):.1f}",
                }
            )
        index.close()
    header = list(rows[0])
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row[h] for h in header) + " |")
    print(
        f"{args.corpus.name}: {len(passages)} passages; seed {args.seed}; rg and fzf are not "
        "compared (they do not rank by relevance, and need installing)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
