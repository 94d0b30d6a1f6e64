"""Benchmark the title finder and passage search on generated corpora and on bbc-news.

    .venv/bin/python bench/search.py --sizes 1000,10000        # quick
    .venv/bin/python bench/search.py                            # 1k, 10k, 100k + bbc-news
    .venv/bin/python bench/search.py --sizes "" --backend memory  # bbc-news, in memory

Generated corpora (~5 KB, ~10 passages per document, sentences drawn from bbc-news) are
cached under /tmp/dossier-bench-search between runs. Each query is typed character by character
and every keystroke is timed, as a user would type; `fzf --filter` and `rg -F -i` over the
same passages written one per line are run in the same process as references (on the
3rd, 6th and last keystroke of each query; fzf only on 4 whole queries above 200k passages:
it takes seconds per call there). The index build ("index s", from scratch) and "1 file s"
(one document changed, the index refreshed and its vocabulary reloaded) have reading every
file's bytes ("raw read s") as their reference.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gen_corpus import changed_corpus  # noqa: E402
from bench.measure import table  # noqa: E402
from tui.core.corpus import load_corpus  # noqa: E402
from tui.core.search import (  # noqa: E402
    MemoryBackend,
    SearchBackend,
    SqliteIndex,
    TitleFinder,
)

BBC = ROOT.parent / "shared" / "corpora" / "bbc-news"
# Where corpora, indexes and the data directory go; a corpus already made there (or in
# DOSSIER_BENCH_CORPORA, read only: /tmp/dossier-bench) is used as it is.
CACHE = Path(
    os.environ.get("DOSSIER_BENCH_CACHE") or Path(tempfile.gettempdir()) / "dossier-bench-search"
)
CORPORA = Path(os.environ.get("DOSSIER_BENCH_CORPORA") or CACHE)

# (typed as is, with typos) pairs; words that exist in bbc-news and so in generated corpora.
QUERIES = [
    "government plans",
    "governmnet plans",
    "mobile phone",
    "moblie phone",
    "football club",
    "footbal club",
    "tony blair",
    "tony blari",
    "chelsea manager",
    "chelsae manager",
    "interest rates",
    "intrest rates",
    "election campaign",
    "eletcion campaign",
]


def sentences() -> list[str]:
    out: list[str] = []
    for path in sorted(BBC.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for para in text.split("\n"):
            out.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", para) if len(s) > 40)
    return out


def generate(n: int, pool: list[str]) -> Path:
    """A folder of `n` documents, made once and kept (a marker file says it is complete)."""
    shared = CORPORA / f"gen-{n}"
    if (shared / ".complete").exists():
        return shared
    folder = CACHE / f"gen-{n}"
    marker = folder / ".complete"
    if marker.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    rnd = random.Random(n)
    words = " ".join(rnd.sample(pool, min(len(pool), 5000))).split()
    for i in range(n):
        sub = folder / f"{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        start = rnd.randrange(len(words) - 12)
        title = " ".join(words[start : start + rnd.randint(4, 9)]).strip(".,;:\"'")
        paras = []
        for _ in range(10):
            para = []
            while sum(len(s) for s in para) < 450:
                para.append(rnd.choice(pool))
            paras.append(" ".join(para))
        body = title[:1].upper() + title[1:] + "\n\n" + "\n\n".join(paras) + "\n"
        (sub / f"doc{i:06d}.txt").write_text(body, encoding="utf-8")
    marker.write_text("ok")
    return folder


def corpus_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.suffix in (".txt", ".md"))


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def keystrokes(query: str) -> list[str]:
    return [query[:k] for k in range(1, len(query) + 1)]


def sample(query: str) -> list[str]:
    picks = {query[:3], query[:6], query}
    return [p for p in keystrokes(query) if p in picks]


def run_tool(cmd: list[str], stdin: Path | None = None) -> float:
    started = time.perf_counter()
    with open(stdin or os.devnull, "rb") as source:
        subprocess.run(
            cmd, stdin=source, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        )
    return time.perf_counter() - started


def bench(name: str, folder: Path, backend: str, tools: tuple[str, ...]) -> dict[str, str]:
    row: dict[str, str] = {"corpus": name, "backend": backend}
    t = time.perf_counter()
    corpus = load_corpus([folder])
    row["load s"] = f"{time.perf_counter() - t:.1f}"
    passages = sum(len(d.passages) for d in corpus.documents)
    row["docs"] = str(len(corpus.documents))
    row["passages"] = str(passages)
    size = corpus_bytes(folder)
    row["corpus MB"] = f"{size / 1e6:.1f}"
    t = time.perf_counter()
    for d in corpus.documents:
        Path(d.path).read_bytes()
    row["raw read s"] = f"{time.perf_counter() - t:.1f}"  # the reference for the build

    path = CACHE / f"index-{name}.sqlite"
    for p in CACHE.glob(f"index-{name}.sqlite*"):
        p.unlink()
    index: SearchBackend = SqliteIndex(path) if backend == "sqlite" else MemoryBackend()
    t = time.perf_counter()
    stats = index.refresh(corpus)
    row["index s"] = f"{time.perf_counter() - t:.1f}"
    row["index/corpus"] = f"{stats.size / size:.2f}"
    if backend == "sqlite":
        index.close()
        index = SqliteIndex(path)  # a warm start, as the app would reopen it
        index.refresh(corpus)  # nothing written: the texts of hits are read from `corpus`
    t = time.perf_counter()
    index.query("warm", 5)
    row["vocab load ms"] = f"{(time.perf_counter() - t) * 1000:.0f}"
    # One file changed (in memory: the corpus is shared), then the index refreshed and its
    # vocabulary loaded again, as the app does after a refresh.
    changed = changed_corpus(corpus, len(corpus.documents) // 2, "A changed passage, zebra.")
    t = time.perf_counter()
    index.refresh(changed)
    index.warm()
    row["1 file s"] = f"{time.perf_counter() - t:.2f}"

    t = time.perf_counter()
    finder = TitleFinder([(d.id, d.title) for d in corpus.documents])
    row["titles build s"] = f"{time.perf_counter() - t:.1f}"
    title_ms: list[float] = []
    search_ms: list[float] = []
    final_ms: list[float] = []
    for query in QUERIES:
        for typed in keystrokes(query):
            t = time.perf_counter()
            finder.find(typed)
            title_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            index.query(typed, 50)
            search_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        index.query(query + " ", 50)
        final_ms.append((time.perf_counter() - t) * 1000)
    row["title med ms"] = f"{statistics.median(title_ms):.1f}"
    row["title p95 ms"] = f"{pct(title_ms, 0.95):.1f}"
    row["search med ms"] = f"{statistics.median(search_ms):.1f}"
    row["search p95 ms"] = f"{pct(search_ms, 0.95):.1f}"
    row["final med ms"] = f"{statistics.median(final_ms):.1f}"
    index.close()

    lines = CACHE / f"passages-{name}.txt"
    if not lines.exists() or lines.stat().st_mtime < folder.stat().st_mtime:
        with lines.open("w", encoding="utf-8") as out:
            for d in corpus.documents:
                for p in d.passages:
                    out.write(p.text.replace("\n", " ") + "\n")
    del corpus
    # fzf reads the lines on its standard input; rg reads the file.
    for tool, make, stdin in (
        ("fzf", lambda q: ["fzf", "--filter", q], lines),
        ("rg", lambda q: ["rg", "-F", "-i", "-c", q, str(lines)], None),
    ):
        if shutil.which(tool) is None or tool not in tools:
            row[f"{tool} med ms"] = "skipped"
            continue
        calls = [typed for q in QUERIES for typed in sample(q)]
        if tool == "fzf" and passages > 200_000:
            calls = [q for q in QUERIES[:4]]  # seconds per call at this size: a few suffice
        times = [run_tool(make(typed), stdin) * 1000 for typed in calls]
        row[f"{tool} med ms"] = f"{statistics.median(times):.0f}"
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="generated corpus sizes")
    parser.add_argument("--no-bbc", action="store_true", help="skip the bbc-news corpus")
    parser.add_argument(
        "--backend", choices=("sqlite", "memory"), default="sqlite", help="the search backend"
    )
    parser.add_argument(
        "--no-fzf", action="store_true", help="skip fzf (a minute a call at 1M passages)"
    )
    args = parser.parse_args()
    tools = ("rg",) if args.no_fzf else ("fzf", "rg")
    if not BBC.is_dir():
        print(f"bbc-news not found at {BBC}: cannot generate corpora", file=sys.stderr)
        return 2
    CACHE.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DOSSIER_DATA_DIR", str(CACHE / "data"))
    pool = sentences()
    rows = []
    if not args.no_bbc:
        rows.append(bench("bbc-news", BBC, args.backend, tools))
        print(table(rows), flush=True)
    for n in (int(s) for s in args.sizes.split(",") if s.strip()):
        t = time.perf_counter()
        folder = generate(n, pool)
        print(f"generated {n} documents in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        rows.append(bench(f"gen-{n}", folder, args.backend, tools))
        print(table(rows), flush=True)
    print(
        "title/search: per keystroke, every prefix of "
        f"{len(QUERIES)} queries (half with typos); final: the whole query once typed; "
        "fzf/rg: per call on the 3rd, 6th and last keystroke over the passages one per line "
        "(fzf: 4 whole queries only above 200k passages)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
