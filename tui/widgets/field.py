"""A one-line field whose enter hands the focus on at once.

Textual posts `Input.Submitted` as a message of its own: a screen that moves the focus when it
handles it does so after the keys typed right behind enter were routed, so `enter f` typed
quickly in the entity browser's filter put the `f` in the field. Moving the focus in the key's
own action leaves no such gap (the typeahead app routes the next key only after this one)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input


class Field(Input):
    """An Input that, on enter, focuses the widget `then` (a selector on its screen)."""

    def __init__(self, *args: Any, then: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.then = then

    async def action_submit(self) -> None:
        await super().action_submit()
        targets = self.screen.query(self.then)
        if targets:
            self.screen.set_focus(targets.first())
