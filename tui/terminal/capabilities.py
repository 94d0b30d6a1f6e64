"""What the terminal can do, as far as the environment tells: colours and the OSC 52 clipboard.

`dossier doctor` reports it; nothing here draws on the screen.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Mapping
from typing import Any

from tui.core.config import color_env

# Terminals known to honour OSC 52 writes (by TERM_PROGRAM, TERM or a variable they set).
OSC52_TERM_PROGRAMS = {
    "iTerm.app": "iTerm2 (allow 'Applications in terminal may access clipboard')",
    "WezTerm": "WezTerm",
    "ghostty": "Ghostty",
    "vscode": "VS Code's terminal",
    "Tabby": "Tabby",
    "rio": "Rio",
}
OSC52_TERMS = {
    "xterm-kitty": "kitty",
    "alacritty": "Alacritty",
    "foot": "foot",
    "xterm-ghostty": "Ghostty",
    "wezterm": "WezTerm",
    "contour": "Contour",
}
NO_OSC52_TERM_PROGRAMS = {"Apple_Terminal": "macOS Terminal.app ignores OSC 52"}

COLOR_NAMES = {"truecolor": "truecolor (16M)", "256": "256 colours", "standard": "16 colours"}


def color_system(env: Mapping[str, str]) -> str | None:
    """The colour system Textual will use under `env`: Rich's detection as Textual runs it
    (forced terminal, NO_COLOR removed, TEXTUAL_COLOR_SYSTEM honoured). None = no colour."""
    from rich.console import Console

    environ = dict(env)
    environ.pop("NO_COLOR", None)
    requested = environ.get("TEXTUAL_COLOR_SYSTEM", "auto") or "auto"
    try:
        console = Console(
            color_system=requested,  # type: ignore[arg-type]
            file=io.StringIO(),
            force_terminal=True,
            _environ=environ,
        )
    except (KeyError, ValueError):
        console = Console(
            color_system="auto", file=io.StringIO(), force_terminal=True, _environ=environ
        )
    return console.color_system


def describe_colors(env: Mapping[str, str]) -> dict[str, Any]:
    system = color_system(env)
    no_color = "NO_COLOR" in env
    if no_color:
        effective = "mono"
        summary = "monochrome (NO_COLOR is set: Textual removes every colour)"
    elif system is None:
        effective = "none"
        summary = "no colour (TERM is dumb or unknown)"
    else:
        effective = {"standard": "16"}.get(system, system)
        summary = COLOR_NAMES.get(system, system)
    hints = []
    if not no_color and system in ("256", "standard") and not env.get("COLORTERM"):
        hints.append(
            "COLORTERM is not set (OpenSSH does not forward it): if your terminal does "
            "truecolor, run with --colors truecolor or `SendEnv COLORTERM` / export "
            "COLORTERM=truecolor on the server"
        )
    return {
        "color_system": system,
        "effective": effective,
        "summary": summary,
        "override": "--colors auto|truecolor|256|16|mono (or colors = ... in config.toml); "
        + ", ".join(
            f"{level} sets " + " ".join(f"{k}={v}" for k, v in color_env(level).items())
            for level in ("truecolor", "256", "16", "mono")
        ),
        "hints": hints,
    }


def tmux_set_clipboard() -> str | None:
    """tmux's `set-clipboard` option (on/external/off), or None when it cannot be read."""
    if shutil.which("tmux") is None:
        return None
    try:
        result = subprocess.run(
            ["tmux", "show", "-gv", "set-clipboard"],
            capture_output=True,
            text=True,
            timeout=3,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    value = result.stdout.strip()
    return value if result.returncode == 0 and value else None


def osc52(env: Mapping[str, str], tmux_clipboard: str | None = None) -> dict[str, Any]:
    """Whether a copy (OSC 52) is likely to reach the clipboard: 'likely', 'unlikely' or
    'unknown', with the reasons. `tmux_clipboard` is tmux's set-clipboard when inside tmux."""
    reasons: list[str] = []
    verdict = "unknown"
    term = env.get("TERM", "")
    program = env.get("TERM_PROGRAM", "")
    if env.get("SSH_TTY") or env.get("SSH_CONNECTION"):
        reasons.append(
            "over SSH: OSC 52 travels with the output, so it works when the terminal on your "
            "machine accepts it"
        )
    known = (
        OSC52_TERM_PROGRAMS.get(program)
        or OSC52_TERMS.get(term)
        or ("Windows Terminal" if env.get("WT_SESSION") else None)
        or ("kitty" if env.get("KITTY_WINDOW_ID") else None)
        or ("WezTerm" if env.get("WEZTERM_PANE") else None)
    )
    if program in NO_OSC52_TERM_PROGRAMS:
        verdict = "unlikely"
        reasons.append(NO_OSC52_TERM_PROGRAMS[program])
    elif known:
        verdict = "likely"
        reasons.append(f"{known} accepts OSC 52")
    else:
        reasons.append(
            f"terminal not recognised (TERM={term or '-'}, TERM_PROGRAM={program or '-'}): "
            "kitty, WezTerm, iTerm2, Alacritty, foot, Ghostty, Windows Terminal accept OSC 52"
        )
    if env.get("TMUX"):
        if tmux_clipboard == "on":
            reasons.append("tmux: set-clipboard is on, tmux passes copies on")
            if verdict == "unknown":
                verdict = "likely"
        elif tmux_clipboard is None:
            reasons.append("tmux: could not read set-clipboard; `set -g set-clipboard on` needed")
        else:
            verdict = "unlikely"
            reasons.append(
                f"tmux: set-clipboard is {tmux_clipboard}: add `set -g set-clipboard on` to "
                "~/.tmux.conf (copies stay in tmux's buffer otherwise)"
            )
    if env.get("STY"):
        verdict = "unlikely" if verdict != "likely" else verdict
        reasons.append("GNU screen drops OSC 52 unless configured to pass it through")
    return {"verdict": verdict, "reasons": reasons}
