"""Generated corpora for benchmarks, built from bbc-news sentences (kept under /tmp, cached)."""

from __future__ import annotations

import dataclasses
import random
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.models import Corpus

BBC = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "bbc-news"
CACHE = Path("/tmp/dossier-bench")


def _sentences() -> list[str]:
    out: list[str] = []
    for f in sorted(BBC.rglob("*.txt")):
        text = f.read_text(encoding="utf-8", errors="replace")
        for para in text.split("\n\n")[1:]:
            out.extend(s for s in re.split(r"(?<=[.!?])\s+", para.strip()) if len(s) > 30)
    if not out:
        out = [f"Sentence number {i} about markets, sport and politics." for i in range(5000)]
    return out


def generate(n_docs: int, size: int = 5000, passages: int = 10) -> Path:
    """A folder of `n_docs` documents of ~`size` bytes in ~`passages` paragraphs, cached."""
    root = CACHE / f"gen-{n_docs}"
    marker = root / ".complete"
    if marker.exists():
        return root
    rng = random.Random(n_docs)
    sentences = _sentences()
    headlines = [s[:60].rstrip(" ,.") for s in sentences[:: max(1, len(sentences) // 5000)]]
    root.mkdir(parents=True, exist_ok=True)
    per_folder = 1000
    for i in range(n_docs):
        folder = root / f"part{i // per_folder:04d}"
        if i % per_folder == 0:
            folder.mkdir(exist_ok=True)
        paras = []
        target = size // passages
        for _ in range(passages):
            para: list[str] = []
            length = 0
            while length < target:
                s = rng.choice(sentences)
                para.append(s)
                length += len(s) + 1
            paras.append(" ".join(para))
        title = f"{rng.choice(headlines)} {i}"
        (folder / f"{i:06d}.txt").write_text(title + "\n\n" + "\n\n".join(paras) + "\n")
    marker.touch()
    return root


def changed_corpus(corpus: Corpus, k: int, text: str) -> Corpus:
    """`corpus` with document k's first passage rewritten to `text` (one file changed, in
    memory: the corpus on disk is read only); `corpus` itself is left as it is."""
    # Imported here: bench/incremental.py imports this module before the `tui` it measures
    # (--code) is on the path.
    from tui.core.models import Corpus, Document

    docs = list(corpus.documents)
    doc = docs[k]
    first = (dataclasses.replace(doc.passages[0], text=text),)
    docs[k] = Document(
        doc.id,
        doc.path,
        doc.root,
        doc.title,
        first + tuple(doc.passages[1:]),
        size=doc.size + 1,
        mtime=doc.mtime + 1,
    )
    return Corpus(corpus.roots, docs)
