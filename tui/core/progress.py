"""One progress for all the work a corpus needs in the background (issue 13: "shows one
progress for all of it"): the files read, the search index, the entities, the related index
and the passage index behind `x`.

Each stage reports its own done/total; the header shows one number for all of them, weighted
by what each stage costs, and the stages still running. It only goes up while the work goes
on, and goes away when the last expected stage is done: before, the header showed a part per
stage, which came and went between stages ("entities 71%", nothing, "related 35%", nothing,
"cross-references 62%"), so the work looked finished three times before it was.
"""

from __future__ import annotations

# The stages in the order they run, with their share of a cold build's time: measured on
# bbc-news (list ~1 s, index ~3 s, entities ~4 s, related ~3 s, passages ~3 s) and at 100k
# generated documents (list 20 s, index 60 s, entities and related ~560 s, passages ~130 s).
# "list": a large corpus's preview, before its files are read whole (100k: ~3 s of ~10).
WEIGHTS = {"list": 1, "files": 1, "index": 2, "entities": 5, "related": 3, "cross-references": 2}
STAGES = tuple(WEIGHTS)
LABELS = {"cross-references": "cross-refs"}  # what the header calls them (80 columns)


class BuildProgress:
    """The stages expected in this round of work and how far each has come (0 to 1)."""

    def __init__(self) -> None:
        # The stages expected, not yet all done: 1.0 is a stage done.
        self._fraction: dict[str, float] = {}
        self._started: set[str] = set()  # those that reported progress

    def expect(self, *stages: str) -> None:
        """These stages will run (again): they count, from nothing, until they are done."""
        for stage in stages:
            self._fraction[stage] = 0.0
            self._started.discard(stage)

    def update(self, stage: str, done: int, total: int) -> None:
        """A stage's progress (a stage not expected joins the round); at its total it is done."""
        if stage not in WEIGHTS or total <= 0:
            return
        if self._fraction.get(stage, 1.0) >= 1.0:  # not expected, or done: it runs again
            self.expect(stage)
        self._started.add(stage)
        self._fraction[stage] = max(self._fraction[stage], min(1.0, done / total))
        if done >= total:
            self.finish(stage)

    def finish(self, *stages: str) -> None:
        """These stages are over (done, failed or not needed); the round ends with the last."""
        for stage in stages:
            if stage in self._fraction:
                self._fraction[stage] = 1.0
        if all(f >= 1.0 for f in self._fraction.values()):
            self._fraction.clear()
            self._started.clear()

    @property
    def running(self) -> list[str]:
        """The stages expected and not done, in order: those that reported first."""
        left = [s for s in STAGES if self._fraction.get(s, 1.0) < 1.0]
        started = [s for s in left if s in self._started]
        return started or left[:1]

    def fraction(self) -> float | None:
        """How much of the round is done (None: no work expected)."""
        if not self._fraction:
            return None
        total = sum(WEIGHTS[s] for s in self._fraction)
        return sum(WEIGHTS[s] * f for s, f in self._fraction.items()) / total

    def text(self) -> str | None:
        """The header's part: "preparing 43% (index, entities)"; None when nothing is left."""
        fraction = self.fraction()
        if fraction is None:
            return None
        percent = min(99, int(100 * fraction))  # 100 % is shown by the part going away
        names = ", ".join(LABELS.get(s, s) for s in self.running)
        return f"preparing {percent}% ({names})"
