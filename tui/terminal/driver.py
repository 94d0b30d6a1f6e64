"""The terminal driver Dossier uses on Linux and macOS: Textual's, writing compacted frames.

See `tui/terminal/termout.py`. `DOSSIER_COMPACT_OUTPUT=0` turns the compaction off (to compare
bytes, or to rule it out when a terminal draws something wrongly).
"""

from __future__ import annotations

from textual.drivers.linux_driver import LinuxDriver

from tui.terminal.termout import compact


class CompactLinuxDriver(LinuxDriver):
    """Textual's Linux driver; every write is passed through `compact` first."""

    def write(self, data: str) -> None:
        super().write(compact(data))
