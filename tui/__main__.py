"""`python -m tui`."""

from tui.cli import console

console()
