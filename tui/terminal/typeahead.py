"""Keys typed ahead land where the key before them sent the focus.

Textual routes a key to the widget focused *when the app reads it*. A key bound on a screen
(`s` opens the search, `/` the find bar) only acts once it has gone to the focused widget and
bubbled back up, and by then the keys behind it have already been routed to the old focus.
Over SSH, or when the app is busy, keys arrive in bursts, so `s` `n` `a` `t` `o` opened an
empty search and lost "nato" to the reader.

`TypeaheadApp` hands the app one key at a time: the next key waits until the one before has
been handled (stopped by a widget on its way up, or run as a binding once it reached the
app), and until a screen it opened has mounted and focused its input. A screen may also ask
keys to wait (`holds_keys`: the main screen, while the reader has the focus and its first
document is being opened). Waiting is counted in ticks of a 10 ms timer, which do not pass while
the app is busy: a key never waits more than MAX_TICKS ticks of an idle app for the one before
it, HOLD_TICKS for a screen.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.timer import Timer

TICK = 0.01  # seconds between two looks at a key in flight or a screen settling
MAX_TICKS = 50  # looks a key may wait for the one before it, or for a screen to focus
SETTLE_TICKS = 10  # looks a mounted screen gets to focus something
HOLD_TICKS = 500  # looks a key may wait for what a screen's `holds_keys` waits for


class TypeaheadApp(App[Any]):
    """An App that dispatches keys one at a time (see the module doc)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_keys: deque[events.Key] = deque()
        self._in_flight: events.Key | None = None
        self._ticks = 0  # looks since the last key was dispatched or finished
        self._pump_timer: Timer | None = None
        self._hold_over = False  # a screen's hold timed out (`_held_by_screen`)
        # Set while no key is held or in flight: what tests wait on before looking at what the
        # keys did (a key may wait in ticks, which no worker or message queue shows).
        self.keys_handled = asyncio.Event()
        self.keys_handled.set()

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key) or event.is_forwarded:
            await super().on_event(event)  # (a key back from the screen: its bindings run)
            return
        self._held_keys.append(event)
        self.keys_handled.clear()
        await self._pump()

    async def _tick(self) -> None:
        self._ticks += 1
        await self._pump()

    async def _pump(self) -> None:
        """Dispatch held keys while nothing is in flight and the screen has settled."""
        if not self._screen_stack:  # closing: no screen left to send keys to
            return
        while self._held_keys:
            waiting = self._in_flight is not None and self._ticks < MAX_TICKS
            if waiting or not self._settled() or self._held_by_screen():
                self._pump_later()
                return
            key = self._held_keys.popleft()
            target = self.focused or self.screen
            self._in_flight, self._ticks = key, 0
            await super().on_event(key)  # priority bindings, else on to the focused widget
            if not key.is_forwarded:  # a priority binding took it
                self._finish(pump=False)
            else:
                target.call_later(self._check_stopped, key, target)
        if self._in_flight is not None and not self._held_keys:
            if self._ticks >= MAX_TICKS:  # the last key timed out in flight: done with it
                self._finish(pump=False)
            else:
                self._pump_later()

    def _settled(self) -> bool:
        """Whether the screen is ready for keys: mounted and focused on something (or given
        SETTLE_TICKS looks to focus once mounted, MAX_TICKS in all)."""
        if self._in_flight is not None or self._ticks >= MAX_TICKS:
            return True  # (a key timed out in flight: do not wait twice)
        screen = self.screen
        if not screen.is_mounted:
            return False
        return screen.focused is not None or self._ticks >= SETTLE_TICKS

    def _held_by_screen(self) -> bool:
        """Whether the screen asks keys to wait (a `holds_keys()` of its own: what they would
        act on is not there yet), for at most HOLD_TICKS looks; once that passed, never again
        (what it waited for may never come: each key would wait as long)."""
        holds = getattr(self.screen, "holds_keys", None)
        if self._hold_over or not callable(holds) or not holds():
            return False
        self._hold_over = self._ticks >= HOLD_TICKS
        return not self._hold_over

    def _check_stopped(self, key: events.Key, node: MessagePump) -> None:
        """Run on `node` after it handled `key`: the key is done if `node` stopped it or is the
        app; otherwise it has been passed to the parent, so check again there after it."""
        if key is not self._in_flight:
            return
        parent = node._parent
        if node is self or parent is None:
            self._finish()
        elif parent is self:
            # A screen: Textual marks the key stopped there yet still passes it to the app
            # (its sender), where bindings run. Look again once the app has had it.
            self.call_later(self._check_stopped, key, self)
        elif key._stop_propagation:
            self._finish()
        else:
            parent.call_later(self._check_stopped, key, parent)

    def _finish(self, pump: bool = True) -> None:
        self._in_flight = None
        self._ticks = 0
        if not self._held_keys:
            self.keys_handled.set()
        elif pump:
            self.call_later(self._pump)

    def _pump_later(self) -> None:
        """Look again in a tick (a key is in flight, or the screen is settling)."""
        if self._pump_timer is not None:
            self._pump_timer.stop()
        self._pump_timer = self.set_timer(TICK, self._tick)
