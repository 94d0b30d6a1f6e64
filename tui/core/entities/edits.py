"""The user's entity clean-up (merge, rename, hide), kept in `data_dir()/entity_edits.json`.

Edits name entities by key ("ORG:nato", see `models.entity_key`) and are replayed in the order
they were made: whoever builds an index loads them (`load_edits`) and applies them
(`EntityEdits.apply(index)`), so they survive restarts and apply in the CLI too. This module
imports the index; the index never imports it.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.paths import data_dir

if TYPE_CHECKING:
    from tui.core.entities.index import EntityIndex

FILE_NAME = "entity_edits.json"
VERSION = 1


@dataclass(frozen=True, slots=True)
class Edit:
    """One clean-up step: ("merge", key, target_key) | ("rename", key, new_name) | ("hide", key)."""

    op: str
    key: str
    value: str = ""

    def to_json(self) -> dict[str, str]:
        out = {"op": self.op, "key": self.key}
        if self.value:
            out["value"] = self.value
        return out


@dataclass(slots=True)
class EntityEdits:
    """An ordered list of edits; `apply(index)` replays them on an EntityIndex."""

    edits: list[Edit] = field(default_factory=list)
    path: Path | None = None
    message: str | None = None  # set when a corrupt file was moved aside while loading

    def merge(self, source_key: str, target_key: str) -> None:
        self.edits.append(Edit("merge", source_key, target_key))

    def rename(self, key: str, new_name: str) -> None:
        self.edits.append(Edit("rename", key, new_name))

    def hide(self, key: str) -> None:
        self.edits.append(Edit("hide", key))

    def apply(self, index: EntityIndex) -> int:
        """Replay the edits; an edit whose entity is absent from this corpus is skipped.

        Keys move with renames and merges: a later edit naming the old key follows it.
        Returns how many edits applied.
        """
        moved: dict[str, str] = {}
        applied = 0

        def follow(key: str) -> str:
            seen = set()
            while key in moved and key not in seen:
                seen.add(key)
                key = moved[key]
            return key

        for edit in self.edits:
            key = follow(edit.key)
            if edit.op == "merge":
                target = follow(edit.value)
                if index.merge(key, target):
                    moved[key] = target
                    applied += 1
            elif edit.op == "rename":
                new_key = index.rename(key, edit.value)
                if new_key is not None:
                    if new_key != key:
                        moved[key] = new_key
                    applied += 1
            elif edit.op == "hide" and index.hide(key):
                applied += 1
        index.settle()  # the entity table made again once, here, not on a reader's first query
        return applied

    def to_json(self) -> dict[str, Any]:
        return {"version": VERSION, "edits": [e.to_json() for e in self.edits]}

    def save(self, path: Path | None = None) -> Path:
        """Write atomically (temp file in the same folder, then os.replace)."""
        target = path or self.path or edits_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".entity_edits.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self.to_json(), fh, ensure_ascii=False, indent=1)
                fh.write("\n")
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.path = target
        return target


def edits_path() -> Path:
    return data_dir() / FILE_NAME


def _parse(data: Any) -> list[Edit]:
    if not isinstance(data, dict) or not isinstance(data.get("edits"), list):
        raise ValueError("not an entity edits file")
    edits = []
    for item in data["edits"]:
        if not isinstance(item, dict):
            raise ValueError("an edit is not an object")
        op, key, value = item.get("op"), item.get("key"), item.get("value", "")
        if op not in ("merge", "rename", "hide") or not isinstance(key, str):
            raise ValueError(f"unknown edit {item!r}")
        if not isinstance(value, str) or (op != "hide" and not value):
            raise ValueError(f"edit without a value {item!r}")
        edits.append(Edit(op, key, value))
    return edits


def load_edits(path: Path | None = None) -> EntityEdits:
    """The saved edits (none when the file is absent).

    A file that cannot be read as edits is moved aside to `<name>.corrupt-<timestamp>` (never
    silently overwritten); the returned object is empty and carries a `message` saying so.
    """
    target = path or edits_path()
    try:
        raw = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        return EntityEdits(path=target)
    try:
        edits = _parse(json.loads(raw))
    except (ValueError, UnicodeDecodeError) as exc:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = target.with_name(f"{target.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            aside = target.with_name(f"{target.name}.corrupt-{stamp}-{n}")
            n += 1
        os.replace(target, aside)
        message = (
            f"entity edits file was unreadable ({exc}); moved aside to {aside.name}, "
            "starting with no edits"
        )
        return EntityEdits(path=target, message=message)
    return EntityEdits(edits, path=target)
