"""The terminal driver Dossier uses on Linux and macOS: Textual's, writing compacted frames, and
quitting when the terminal's input ends.

See `tui/terminal/termout.py`. `DOSSIER_COMPACT_OUTPUT=0` turns the compaction off (to compare
bytes, or to rule it out when a terminal draws something wrongly).
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder

from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

from tui.terminal.termout import compact


class TerminalClosed(Message):
    """The terminal's input ended: its window was closed or its session dropped and no hangup
    signal ended the process (it was not the terminal's controlling process, or SIGHUP was
    ignored). No key can come any more; the app quits as `q` does, saving what it was saving."""


class EndingLinuxDriver(LinuxDriver):
    """Textual's Linux driver, telling the app of the end of the input (`TerminalClosed`)."""

    def run_input_thread(self) -> None:
        """Textual 8's input loop, but for an empty read. Textual takes one for piped input and
        reads on; at the end of the input every wait returns at once and reads nothing again,
        so a Dossier whose terminal had gone spun on half a core until killed (seen for hours,
        left over by benchmarks). Here the loop ends and the app is told to quit."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        parser = XTermParser(self._debug)
        feed, tick = parser.feed, parser.tick
        decode = getincrementaldecoder("utf-8")().decode
        ended = False

        def process(events: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            nonlocal ended
            for last, (_key, mask) in loop_last(events):
                if mask & selectors.EVENT_READ:
                    try:
                        data = os.read(fileno, 1024 * 4)
                    except OSError:  # EIO: a terminal hung up
                        data = b""
                    if not data:
                        ended = True
                        break
                    for event in feed(decode(data, final=final and last)):
                        self.process_message(event)
            for event in tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set() and not ended:
                process(selector.select(0.1))
            if ended:
                self.send_message(TerminalClosed())
            else:
                selector.unregister(self.fileno)
                process(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _event in feed(""):
                    pass
            except (EOFError, ParseError):
                pass


class CompactLinuxDriver(EndingLinuxDriver):
    """`EndingLinuxDriver`, every write passed through `compact` first."""

    def write(self, data: str) -> None:
        super().write(compact(data))
