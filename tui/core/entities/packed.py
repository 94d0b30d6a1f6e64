"""A document's mentions kept packed: four integers each instead of a `Mention` object.

At 100k documents the entity index holds ~5M mentions: as objects (~140 bytes each with their
integers) that alone was more than the corpus text. Packed, a mention is its passage, start
and end and the number of its (surface, name, type) in a table the index shares (~16 bytes);
`Mention` objects are made again when the mentions are read.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from tui.core.models import Mention
from tui.core.numbering import Numbering

Form = tuple[str, str, str]  # surface, name, type
# A mention without its document, as it crosses between processes: a plain tuple pickles ~20x
# faster than the frozen dataclass (whose state is set field by field).
Row = tuple[int, int, int, str, str, str]  # passage, start, end, surface, name, type


class Forms(Numbering[Form]):
    """The (surface, name, type) triples of an index, each stored once, by number
    (`Forms(forms)`: a table holding `forms`, numbered in order)."""


class PackedMentions(Sequence[Mention]):
    """A document's mentions, in order, read back as `Mention`s."""

    __slots__ = ("_doc", "_forms", "_rows")

    def __init__(self, doc: str, mentions: Iterable[Mention], forms: Forms) -> None:
        self._doc = doc
        self._forms = forms
        rows = array("I")
        for m in mentions:
            rows.extend((m.passage, m.start, m.end, forms.number((m.surface, m.name, m.type))))
        self._rows = rows

    @classmethod
    def from_rows(cls, doc: str, rows: Iterable[Row], forms: Forms) -> PackedMentions:
        """The mentions given as plain rows (as they leave a worker process): no `Mention` is
        made."""
        out = cls(doc, (), forms)
        number = forms.number
        packed = out._rows
        for passage, start, end, surface, name, type_ in rows:
            packed.extend((passage, start, end, number((surface, name, type_))))
        return out

    @property
    def rows(self) -> array[int]:
        """Four numbers a mention: passage, start, end, form."""
        return self._rows

    def __len__(self) -> int:
        return len(self._rows) // 4

    @overload
    def __getitem__(self, i: int) -> Mention: ...
    @overload
    def __getitem__(self, i: slice) -> list[Mention]: ...
    def __getitem__(self, i: int | slice) -> Mention | list[Mention]:
        if isinstance(i, slice):
            return list(self)[i]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._mention(4 * i)

    def _mention(self, at: int) -> Mention:
        rows = self._rows
        surface, name, type_ = self._forms.values[rows[at + 3]]
        return Mention(self._doc, rows[at], rows[at + 1], rows[at + 2], surface, name, type_)

    def __iter__(self) -> Iterator[Mention]:
        rows, forms, doc = self._rows, self._forms.values, self._doc
        for at in range(0, len(rows), 4):
            surface, name, type_ = forms[rows[at + 3]]
            yield Mention(doc, rows[at], rows[at + 1], rows[at + 2], surface, name, type_)

    def with_forms(self, moved: dict[int, int]) -> PackedMentions:
        """These mentions with form n read as form moved[n] (itself when none moved)."""
        numbers = self._rows[3::4]
        if moved.keys().isdisjoint(numbers):
            return self
        out = PackedMentions(self._doc, (), self._forms)
        out._rows = array("I", self._rows)
        out._rows[3::4] = array("I", (moved.get(n, n) for n in numbers))
        return out

    def forms(self) -> Iterator[Form]:
        """Each mention's (surface, name, type), in order, without making a `Mention`."""
        forms = self._forms.values
        return (forms[n] for n in self._rows[3::4])


def forms_of(mentions: Sequence[Mention]) -> Iterable[Form]:
    """Each mention's (surface, name, type): read from the packed rows when packed."""
    if isinstance(mentions, PackedMentions):
        return mentions.forms()
    return ((m.surface, m.name, m.type) for m in mentions)
