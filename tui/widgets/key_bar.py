"""The key hints at the foot of a screen: one widget drawing the shown bindings of what has focus.

Textual's Footer is a widget a key, all composed again on every focus change: a `tab` cost the
UI's thread 167 ms of CPU with it, 48 ms with this one (`bench/keys.py`, seeds; a bare app with
two inputs and the Footer: 33-36 ms), and mounting it held a frame ~80 ms. This redraws a line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.events import Click
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen

EDGE = "▏"  # between the keys and the palette's key, on the right


class KeyBar(Widget):
    """`key description` for each shown binding of the focused chain, the palette's on the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--edge"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str, bool]] = []  # start, end, key, enabled

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def hints(self) -> tuple[list[tuple[str, str, str, bool]], tuple[str, str, str, bool] | None]:
        """(key, key as shown, description, enabled) of each binding shown, in the order the
        focused chain gives them (one per action), and the command palette's."""
        app = self.app
        shown: list[tuple[str, str, str, bool]] = []
        actions: set[str] = set()
        palette = None
        for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = (binding.key, app.get_key_display(binding), binding.description, enabled)
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)
                shown.append(
                    (binding.key, app.get_key_display(binding), binding.description, enabled)
                )
        return shown, palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        dim = Style(dim=True)
        width = self.size.width
        shown, palette = self.hints()
        right = Text(no_wrap=True)
        if palette is not None:
            right.append(EDGE, self.get_component_rich_style("key-bar--edge"))
            right.append(palette[1], key_style)
            right.append(f" {palette[2]} ", description_style)
        room = max(0, width - right.cell_len)
        text = Text(no_wrap=True, overflow="crop")
        spans: list[tuple[int, int, str, bool]] = []
        for key, display, description, enabled in shown:
            start = text.cell_len
            if start >= room:
                break
            text.append(f" {display} ", key_style if enabled else key_style + dim)
            text.append(f"{description} " if description else "", description_style)
            spans.append((start, min(room, text.cell_len), key, enabled))
        text.truncate(room, pad=True)
        if palette is not None:
            spans.append((room, width, palette[0], palette[3]))
            text.append_text(right)
        self._spans = spans
        return text

    def on_click(self, event: Click) -> None:
        for start, end, key, enabled in self._spans:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return
