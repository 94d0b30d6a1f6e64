"""Whether this checkout parses corpora exactly as another one does: every field of every
Document (passages and spans included), what is skipped and why, the content hashes, and what a
cold build writes to the corpus cache (files, metadata JSON, marshalled bodies, as a pool of
parsers sends them back), then the warm load's documents.

Usage: python bench/same_parse.py --against /tmp/base [--edge N] CORPUS [CORPUS …]

Each checkout's code runs in its own process from its own folder (as `bench/cold_build.py
--against` runs it) and writes one line per file and per cached row; the lines are compared.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run in each checkout: argv = [out, corpus, …]. One line per file parsed (Documents, then the
# documents as the cache writes them), then the cache's rows and the warm load's documents.
DUMP = """
import os, sqlite3, sys
from dataclasses import fields
from tui.core.corpus import load_corpus
from tui.core.corpus.cache import cache_path
from tui.core.corpus.cache_parse import read_file
from tui.core.corpus.files import scan_files
from tui.core.models import Document

def row(doc):
    return repr(tuple(getattr(doc, f.name) for f in fields(Document)))

out = open(sys.argv[1], "w", encoding="utf-8", errors="backslashreplace")
for corpus in sys.argv[2:]:
    for root, file, doc_id, _ in scan_files([corpus], stat=False):
        docs, bad, digest = read_file(file, root, doc_id)
        out.write(repr((file, [row(d) for d in docs], bad, digest)) + "\\n")
        enc, bad2, digest2 = read_file(file, root, doc_id, encoded=True)
        out.write(repr((file, [tuple(e) for e in enc], bad2, digest2)) + "\\n")
    load_corpus([corpus])  # cold: the cache written (by a pool when DOSSIER_PARSE_WORKERS > 1)
    conn = sqlite3.connect(cache_path((os.path.realpath(corpus),)))
    for table, order in (("files", "path"), ("documents", "path, seq"), ("bodies", "path, seq")):
        for r in conn.execute(f"SELECT * FROM {table} ORDER BY {order}"):
            out.write(repr((table, r)) + "\\n")
    conn.close()
    warm = load_corpus([corpus])
    for doc in warm.documents:
        out.write(row(doc) + "\\n")
    out.write(repr(("skipped", warm.skipped)) + "\\n")
out.close()
"""


# Pieces an edge corpus is made of: what each parse rule looks at (datelines, bylines, dates,
# URLs, boilerplate, headings, bullets, bold, entities, controls, every kind of space).
PIECES = [
    "Budget talks resume",
    "LONDON (Reuters) - Markets rose on Monday.",
    "By Jane Smith",
    "Published: 12 March 2021",
    "2021-03-12",
    "Source: https://example.com/2021/03/12/story",
    "https://example.com/2020/01/02/a-slugPolice said",
    "Advertisement",
    "Read more",
    "Home \u00bb News \u00bb World",
    "- one item",
    "* another item",
    "**Bold** words here.",
    "Mr. Smith went to Washington. He said so.",
    "U.S. officials met.",
    "&amp; &#163; &eacute;",
    "\t tabbed",
    "\x1b[31mred\x1b[0m",
    "\u202eoverride",
    "caf\u00e9 \u00a3 \u2019",
    "no\u00a0break",
    "next\x85line",
    "em\u2003space",
    "ideo\u3000space",
    "\x1c\x1d\x1e\x1f",
    "Why did it happen?",
    "A heading without a stop",
    "a line in lower case",
    "NAIROBI, Kenya (Xinhua) \u2014 Rain fell across the city today.",
    "July 17, 2022",
    "afrol News, 27 January - The talks went on for days.",
    "\u2026 and so on\u2026",
    "x" * 130,
    "word " * 30,
]


def edge_corpus(folder: Path, n: int, seed: int = 12) -> None:
    """`n` small files of random PIECES, joined by random line breaks and spaces, in every
    format the parser reads as text (txt, md, a JSON Lines file of records)."""
    import json
    import random

    rng = random.Random(seed)
    joins = ["\n", "\n\n", "\r\n", " ", "  ", "\n \n", "\u00a0", "\n\n\n"]
    folder.mkdir(parents=True, exist_ok=True)
    records = []
    for i in range(n):
        parts = [rng.choice(PIECES) for _ in range(rng.randint(1, 14))]
        text = "".join(p + rng.choice(joins) for p in parts)
        ext = rng.choice(["txt", "txt", "txt", "md"])
        (folder / f"{i:05d}.{ext}").write_text(text, encoding="utf-8")
        records.append({"title": parts[0] if i % 3 else None, "text": text, "id": str(i)})
    with open(folder / "records.jsonl", "w", encoding="utf-8") as f:
        for record in records[:500]:
            f.write(json.dumps(record) + "\n")


def dump(tree: Path, corpora: list[str], out: Path, workers: str) -> None:
    data = tempfile.mkdtemp(prefix="dossier-same-")
    env = dict(os.environ, DOSSIER_DATA_DIR=data, DOSSIER_PARSE_WORKERS=workers)
    try:
        subprocess.run(
            [sys.executable, "-c", DUMP, str(out), *corpora], cwd=tree, env=env, check=True
        )
    finally:
        shutil.rmtree(data, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--against", type=Path, required=True, help="the other checkout")
    parser.add_argument("--workers", default="2", help="parsers of the cold builds")
    parser.add_argument("--edge", type=int, default=0, help="also a random corpus of N files")
    parser.add_argument("corpora", nargs="*")
    args = parser.parse_args()
    corpora = [os.path.realpath(c) for c in args.corpora]
    scratch = Path(tempfile.mkdtemp(prefix="dossier-same-out-"))
    try:
        if args.edge:
            edge_corpus(scratch / "edge", args.edge)
            corpora.append(str(scratch / "edge"))
        ours, theirs = scratch / "ours.txt", scratch / "theirs.txt"
        dump(ROOT, corpora, ours, args.workers)
        dump(args.against, corpora, theirs, args.workers)
        a = ours.read_text(encoding="utf-8").splitlines()
        b = theirs.read_text(encoding="utf-8").splitlines()
        different = [i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
        for i in different[:5]:
            print(f"line {i + 1} differs:\n  ours:   {a[i][:300]}\n  theirs: {b[i][:300]}")
        digest = hashlib.sha256(ours.read_bytes()).hexdigest()[:16]
        same = not different and len(a) == len(b)
        print(
            f"{len(a):,} lines (ours) / {len(b):,} (theirs), {len(different)} differ, "
            f"sha256 {digest} / {hashlib.sha256(theirs.read_bytes()).hexdigest()[:16]}: "
            + ("SAME" if same else "DIFFERENT")
        )
        sys.exit(0 if same else 1)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
