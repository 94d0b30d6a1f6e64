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

In the same run, over the same passages written one per line (in file-name order): rg, the
lines holding every word (`rg -i -F -w` once per word, piped: rg cannot AND words on a
line), in file order; fzf, `fzf --filter` with the words as its query (each word fuzzy,
all required), in fzf's own order. Either is skipped when not installed.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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


Found = Callable[[list[str]], list[int]]  # a query's words -> passage indices, best first


def rg_found(lines: Path) -> Found:
    def found(words: list[str]) -> list[int]:
        cmd = ["rg", "-i", "-F", "-w", "-n", "--no-filename", words[0], str(lines)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
        for word in words[1:]:
            keep = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
            out = "".join(ln for ln in out.splitlines(keepends=True) if keep.search(ln))
        return [int(ln.split(":", 1)[0]) - 1 for ln in out.splitlines()]

    return found


def fzf_found(lines: Path) -> Found:
    def found(words: list[str]) -> list[int]:
        with lines.open("rb") as source:
            cmd = ["fzf", "--filter", " ".join(words), "--with-nth", "2..", "--delimiter", "\t"]
            out = subprocess.run(cmd, stdin=source, capture_output=True, check=False).stdout
        return [int(ln.split(b"\t", 1)[0]) for ln in out.splitlines()]

    return found


def dossier_found(index: SqliteIndex, where: dict[tuple[str, int], int]) -> Found:
    def found(words: list[str]) -> list[int]:
        return [where[h.doc, h.passage] for h in index.query(" ".join(words) + " ", 10)]

    return found


def measure(
    name: str, found: Found, cases: list[dict[str, object]], texts: list[str], order: dict[str, int]
) -> list[dict[str, str]]:
    """A row per variant: where each case's target passage (or its text) ranks."""
    rows = []
    for variant in ("exact", "typo", "form"):
        ranks: list[int | None] = []
        quarters: dict[int, list[bool]] = {0: [], 1: [], 2: [], 3: []}
        ms: list[float] = []
        for case in cases:
            t = time.perf_counter()
            hits = found(case[variant])[:10]  # type: ignore[arg-type]
            ms.append((time.perf_counter() - t) * 1000)
            target = case["at"]
            rank = next(
                (k for k, i in enumerate(hits, 1) if i == target or texts[i] == case["text"]),
                None,
            )
            ranks.append(rank)
            quarters[order[str(case["doc"])] * 4 // len(order)].append(rank is not None)
        n = len(ranks)
        rows.append(
            {
                "search": name,
                "variant": variant,
                "queries": str(n),
                "recall@1": f"{sum(r == 1 for r in ranks) / n:.3f}",
                "recall@10": f"{sum(r is not None for r in ranks) / n:.3f}",
                "MRR": f"{sum(1 / r for r in ranks if r) / n:.3f}",
                "r@10 by quarter": " ".join(f"{sum(q)}/{len(q)}" for q in quarters.values()),
                "med ms": f"{statistics.median(ms):.1f}",
            }
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=BBC)
    parser.add_argument("--targets", type=int, default=200)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--label", default=str(ROOT.name), help="the row's name")
    parser.add_argument("--tools", default="rg,fzf", help="references to run (empty: none)")
    args = parser.parse_args()
    corpus = load_corpus([args.corpus])
    passages = [(d.id, p.number, p.text) for d in corpus.documents for p in d.passages]
    order = {doc: k for k, doc in enumerate(sorted({d for d, _, _ in passages}))}
    cases = build(passages, args.targets, args.seed)
    where = {(doc, number): k for k, (doc, number, _) in enumerate(passages)}
    texts = [text for _, _, text in passages]
    for case in cases:
        case["at"] = where[str(case["doc"]), int(case["passage"])]  # type: ignore[call-overload]
    rows: list[dict[str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        index = SqliteIndex(Path(folder) / "index.sqlite")
        index.refresh(corpus)
        index.warm()
        rows += measure(f"Dossier ({args.label})", dossier_found(index, where), cases, texts, order)
        index.close()
        lines = Path(folder) / "passages.txt"
        flat = [" ".join(t.split()) for t in texts]
        lines.write_text("".join(f"{k}\t{t}\n" for k, t in enumerate(flat)), encoding="utf-8")
        rg_lines = Path(folder) / "rg.txt"
        rg_lines.write_text("".join(f"{t}\n" for t in flat), encoding="utf-8")
        for tool, found in (("rg", rg_found(rg_lines)), ("fzf", fzf_found(lines))):
            if tool not in args.tools.split(","):
                continue
            if shutil.which(tool) is None:
                print(f"{tool} is not installed: skipped", file=sys.stderr)
                continue
            rows += measure(tool, found, cases, texts, order)
    header = list(rows[0])
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row[h] for h in header) + " |")
    print(
        f"{args.corpus.name}: {len(passages)} passages; seed {args.seed}; rg: lines holding "
        "every word, in file order; fzf: --filter, its order; med ms per query, rg and fzf "
        "as separate processes."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
