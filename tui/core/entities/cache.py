"""The cache of raw mentions per file: `data_dir()/entities/<corpus_key>.json`.

Each file's mentions are kept with its size and mtime, under the version of the extractor that
found them: a cache written by another version is ignored (and rewritten), never mixed in.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from tui.core.models import Mention
from tui.core.paths import corpus_key, data_dir

# doc id -> (size, mtime, mentions)
Cached = dict[str, tuple[int, float, list[Mention]]]


def cache_path(roots: tuple[str, ...], folder: Path | None = None) -> Path:
    """Where the entity cache of the corpus opened from `roots` lives (under `folder`, by
    default the user's data directory)."""
    return (folder or data_dir()) / "entities" / f"{corpus_key(roots)}.json"


def read_cache(path: Path, version: str) -> Cached:
    """The cached mentions; {} when absent, unreadable or written by another extractor version
    (a cache is rebuilt, not fixed)."""
    try:
        data = json.loads(path.read_text("utf-8"))
        if data.get("version") != version:
            return {}
        out: Cached = {}
        for doc_id, item in data["docs"].items():
            mentions = [
                Mention(doc_id, int(p), int(s), int(e), str(sf), str(nm), str(t))
                for p, s, e, sf, nm, t in item["m"]
            ]
            out[doc_id] = (int(item["size"]), float(item["mtime"]), mentions)
        return out
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def write_cache(path: Path, version: str, docs: Cached) -> None:
    """Replace the cache atomically; a failure to write is ignored (it only costs time)."""
    payload = {
        "version": version,
        "docs": {
            doc_id: {
                "size": size,
                "mtime": mtime,
                "m": [[m.passage, m.start, m.end, m.surface, m.name, m.type] for m in mentions],
            }
            for doc_id, (size, mtime, mentions) in docs.items()
            if size
        },
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".entities.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written only costs time on the next open
