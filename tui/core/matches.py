"""The match cursor behind n/N: find-in-document matches, search terms or an entity's mentions.

A match is a span `(passage, start, end)`. The cursor knows what kind of match it walks, so
nothing has to work that out from a label's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

Span = tuple[int, int, int]  # (passage number, start, end) in the passage's text
Highlight = tuple[int, int, str]  # (start, end, style name) within one passage


class MatchKind(Enum):
    """What n/N walks; entity mentions are counted and styled apart."""

    FIND = "find"
    SEARCH = "search"
    ENTITY = "entity"


@dataclass
class MatchCursor:
    """Matches in reading order, the one the reader is on (`index`, -1 for none) and a label."""

    matches: list[Span] = field(default_factory=list)
    index: int = -1
    kind: MatchKind = MatchKind.FIND
    label: str = ""

    def reset(
        self, matches: list[Span], kind: MatchKind, label: str, at: int | None = None
    ) -> int | None:
        """New matches; with `at` (the reader's passage) go to the first match at or after it
        (wrapping to the first) and return its passage, else stay on none."""
        self.matches, self.kind, self.label, self.index = matches, kind, label, -1
        if not matches or at is None:
            return None
        after = [i for i, m in enumerate(matches) if m[0] >= at]
        self.index = after[0] if after else 0
        return matches[self.index][0]

    def clear(self) -> None:
        self.reset([], MatchKind.FIND, "")

    def select_passage(self, passage: int) -> None:
        """Make the first match in `passage` the current one, if there is one."""
        for i, m in enumerate(self.matches):
            if m[0] == passage:
                self.index = i
                return

    def step(self, step: int, at: int | None = None) -> int | None:
        """Move `step` matches on, wrapping around; the passage of the new current match.

        `at` is the reader's passage: when the reader has moved off the current match (`G`, `g`,
        paging), `n` goes to the first match at or after it and `N` to the last one before it,
        wrapping, as a pager's search does from where you are.
        """
        if not self.matches:
            return None
        current = self.matches[self.index][0] if self.index >= 0 else None
        if at is not None and at != current:
            if step > 0:
                after = [i for i, m in enumerate(self.matches) if m[0] >= at]
                self.index = after[0] if after else 0
            else:
                before = [i for i, m in enumerate(self.matches) if m[0] < at]
                self.index = before[-1] if before else len(self.matches) - 1
        else:
            self.index = (self.index + step) % len(self.matches)
        return self.matches[self.index][0]

    def highlights(self) -> dict[int, list[Highlight]]:
        """Per passage, the spans to highlight: the current one apart, entities apart."""
        style = "entity" if self.kind is MatchKind.ENTITY else "match"
        out: dict[int, list[Highlight]] = {}
        for i, (passage, start, end) in enumerate(self.matches):
            out.setdefault(passage, []).append(
                (start, end, "current" if i == self.index else style)
            )
        return out

    def status(self) -> str | None:
        """The status line's part for the matches (None when there is nothing to show)."""
        if not self.label:
            return None
        if not self.matches:
            return f"{self.label}: no match"
        count = len(self.matches)
        if self.index < 0:
            if self.kind is MatchKind.ENTITY:
                noun = "mention" if count == 1 else "mentions"
            else:
                noun = "match" if count == 1 else "matches"
            return f"{self.label}: {count} {noun} (n: next)"
        return f"{self.label} {self.index + 1}/{count}"
