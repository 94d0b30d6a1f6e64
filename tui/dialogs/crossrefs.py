"""Passage cross-references: passages in other documents about the same thing as one passage."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.paths import styles_dir
from tui.core.related import PassageRef

WINDOW = 360  # characters of a long passage shown around its first highlight
ENTITY_STYLE = "bold underline"
TERM_STYLE = "underline"


def highlighted_passage(ref: PassageRef, window: int = WINDOW) -> Text:
    """The passage text (a window of it when long) with shared entities and words styled."""
    text = ref.text
    start = 0
    if len(text) > window and ref.highlights:
        start = max(0, ref.highlights[0].start - window // 4)
    end = min(len(text), start + window)
    out = Text(text[start:end])
    for h in ref.highlights:
        s, e = max(h.start, start) - start, min(h.end, end) - start
        if s < e:
            out.stylize(ENTITY_STYLE if h.kind == "entity" else TERM_STYLE, s, e)
    if start:
        out = Text("…") + out
    if end < len(text):
        out.append("…")
    return out


def ref_label(ref: PassageRef) -> Text:
    label = Text()
    label.append(f"{ref.score:.2f} ", style="bold")
    label.append(f"{ref.title}  #{ref.passage}\n", style="bold")
    label.append_text(highlighted_passage(ref))
    why = [*ref.shared_entities[:4], *ref.shared_terms[:4]]
    if why:
        label.append("\n  shared: " + ", ".join(why), style="dim")
    return label


class CrossRefs(ModalScreen[tuple[str, int] | None]):
    """Lists `refs` for a passage; enter dismisses with (doc_id, passage), esc with None."""

    CSS_PATH = styles_dir() / "entities.tcss"
    BINDINGS = [
        Binding("escape,q", "close", "Close", id="crossrefs.close"),
        Binding("j", "down", "Down", show=False, id="crossrefs.down"),
        Binding("k", "up", "Up", show=False, id="crossrefs.up"),
    ]

    def __init__(self, source_title: str, passage: int, refs: list[PassageRef]) -> None:
        super().__init__()
        self.source_title = source_title
        self.passage = passage
        self.refs = list(refs)

    def compose(self) -> ComposeResult:
        with Vertical(id="crossrefs-box"):
            title = f"Passages elsewhere like {self.source_title} #{self.passage}"
            yield Static(Content(title), id="crossrefs-title")
            if self.refs:
                yield OptionList(
                    *[Option(ref_label(r), id=str(i)) for i, r in enumerate(self.refs)],
                    id="crossrefs-list",
                )
            else:
                yield Static(
                    Content("No passage in another document shares enough with this one."),
                    id="crossrefs-empty",
                )

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        ref = self.refs[int(event.option.id or 0)]
        self.dismiss((ref.doc, ref.passage))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_down(self) -> None:
        if self.refs:
            self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        if self.refs:
            self.query_one(OptionList).action_cursor_up()
