"""`dossier doctor`: what the terminal, the clipboard path and the data directories look like.

Run it when colours look wrong over SSH, a copy does not reach the clipboard, or a key does
nothing: it says what Dossier sees and what to change. `--keys` echoes each key as received.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sqlite3
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tui.commands.common import add_json, emit_json
from tui.terminal.capabilities import describe_colors, osc52, tmux_set_clipboard
from tui.terminal.termout import compaction_enabled


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "doctor",
        help="check the terminal, clipboard and data directories",
        description="Print what Dossier sees of the terminal (TERM, colours, OSC 52 clipboard) "
        "and the health of its data and config directories.",
    )
    parser.add_argument(
        "--keys", action="store_true", help="interactive key test: echo each key until q"
    )
    add_json(parser)


# -- directories -----------------------------------------------------------------------------


def _writable(path: Path) -> bool:
    """Whether `path` (or, when it does not exist yet, its nearest existing parent) is writable."""
    probe = path
    while not probe.exists():
        if probe.parent == probe:
            return False
        probe = probe.parent
    return os.access(probe, os.W_OK | os.X_OK)


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2)


def store_health(path: Path) -> dict[str, Any]:
    from tui.core.store import SCHEMA_VERSION

    info: dict[str, Any] = {"path": str(path), "exists": path.is_file(), "expected": SCHEMA_VERSION}
    if not path.is_file():
        info["state"] = "not created yet (made at the first bookmark or reading position)"
        return info
    info["bytes"] = path.stat().st_size
    try:
        conn = _read_only(path)
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            bookmarks = None
            with contextlib.suppress(sqlite3.Error):
                bookmarks = int(conn.execute("SELECT count(*) FROM bookmarks").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error as exc:
        info["state"] = f"unreadable: {exc}"
        return info
    info["version"] = version
    info["bookmarks"] = bookmarks
    if version == SCHEMA_VERSION:
        info["state"] = "ok"
    elif version < SCHEMA_VERSION:
        info["state"] = f"older schema {version}: upgraded when Dossier next opens it"
    else:
        info["state"] = f"newer schema {version}: written by a newer Dossier, opened read-only"
    return info


def index_health(folder: Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.sqlite")):
        size = sum(
            p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists()
        )  # the WAL holds writes not yet checkpointed
        entry: dict[str, Any] = {"path": str(path), "bytes": size}
        try:
            conn = _read_only(path)
            try:
                meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
                entry["schema"] = meta.get("schema")
                entry["documents"] = int(conn.execute("SELECT count(*) FROM docs").fetchone()[0])
            finally:
                conn.close()
            entry["state"] = "ok"
        except sqlite3.Error as exc:
            entry["state"] = f"unreadable: {exc}"
        out.append(entry)
    return out


def directories() -> dict[str, Any]:
    from tui.core.config import load_config
    from tui.core.paths import config_dir, data_dir
    from tui.core.store import DB_NAME

    data = data_dir()
    conf = config_dir()
    config = load_config()
    return {
        "data": {
            "path": str(data),
            "exists": data.is_dir(),
            "writable": _writable(data),
            "store": store_health(data / DB_NAME),
            "indexes": index_health(data / "index"),
        },
        "config": {
            "path": str(conf),
            "exists": conf.is_dir(),
            "writable": _writable(conf),
            "file": str(conf / "config.toml"),
            "file_exists": (conf / "config.toml").is_file(),
            "errors": list(config.errors),
            "theme": config.theme,
            "colors": config.colors,
        },
    }


def collect(
    env: Mapping[str, str] | None = None, tmux_clipboard: str | None = None
) -> dict[str, Any]:
    """Everything doctor reports, as plain data (what --json prints)."""
    environ = dict(os.environ if env is None else env)
    if environ.get("TMUX") and tmux_clipboard is None and env is None:
        tmux_clipboard = tmux_set_clipboard()
    return {
        "terminal": {
            "TERM": environ.get("TERM"),
            "COLORTERM": environ.get("COLORTERM"),
            "NO_COLOR": environ.get("NO_COLOR"),
            "TERM_PROGRAM": environ.get("TERM_PROGRAM"),
            "TMUX": bool(environ.get("TMUX")),
            "SSH": bool(environ.get("SSH_TTY") or environ.get("SSH_CONNECTION")),
            "size": list(shutil.get_terminal_size((0, 0))),
            "compact_output": compaction_enabled(environ),
        },
        "colors": describe_colors(environ),
        "osc52": osc52(environ, tmux_clipboard),
        **directories(),
    }


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} B"


def format_report(report: dict[str, Any]) -> str:
    t = report["terminal"]
    c = report["colors"]
    o = report["osc52"]
    d = report["data"]
    k = report["config"]
    lines = ["Terminal"]
    for name in ("TERM", "COLORTERM", "NO_COLOR", "TERM_PROGRAM"):
        value = t[name]
        lines.append(f"  {name:<13}{value if value is not None else '(not set)'}")
    lines.append(f"  {'tmux':<13}{'yes' if t['TMUX'] else 'no'}")
    lines.append(f"  {'ssh':<13}{'yes' if t['SSH'] else 'no'}")
    lines.append(f"  {'colours':<13}{c['summary']}")
    compact = (
        "on: only style changes are sent (DOSSIER_COMPACT_OUTPUT=0 turns it off)"
        if t["compact_output"]
        else "off (DOSSIER_COMPACT_OUTPUT=0): Textual's output as it is"
    )
    lines.append(f"  {'output':<13}{compact}")
    lines.append(f"  {'override':<13}{c['override']}")
    lines += [f"  hint: {h}" for h in c["hints"]]
    lines.append("")
    lines.append(f"Clipboard (OSC 52): {o['verdict']}")
    lines += [f"  - {r}" for r in o["reasons"]]
    lines.append("")

    def yes(flag: bool) -> str:
        return "yes" if flag else "no"

    lines.append(f"Data directory: {d['path']}")
    lines.append(f"  exists {yes(d['exists'])}, writable {yes(d['writable'])}")
    s = d["store"]
    if s["exists"]:
        version = s.get("version")
        marks = s.get("bookmarks")
        lines.append(
            f"  store   {s['path']} ({_size(s['bytes'])}), schema {version} of "
            f"{s['expected']}: {s['state']}" + (f", {marks} bookmarks" if marks is not None else "")
        )
    else:
        lines.append(f"  store   {s['path']}: {s['state']}")
    if d["indexes"]:
        for entry in d["indexes"]:
            docs = entry.get("documents")
            lines.append(
                f"  index   {Path(entry['path']).name} ({_size(entry['bytes'])})"
                + (f", {docs} documents" if docs is not None else "")
                + f": {entry['state']}"
            )
    else:
        lines.append("  index   none yet (built the first time you search a corpus)")
    lines.append("")
    lines.append(f"Config directory: {k['path']}")
    lines.append(f"  exists {yes(k['exists'])}, writable {yes(k['writable'])}")
    if k["file_exists"]:
        lines.append(
            f"  config  {k['file']}: theme {k['theme'] or '(default)'}, colors {k['colors']}"
        )
    else:
        lines.append(f"  config  {k['file']}: none (defaults)")
    lines += [f"  error   {e}" for e in k["errors"]]
    lines.append("")
    lines.append("Key test: dossier doctor --keys")
    return "\n".join(lines)


# -- interactive key test --------------------------------------------------------------------


def make_key_app() -> Any:
    """A tiny Textual app that echoes each key it receives, with its name, until q or ctrl+c.

    It has no bindings of its own, so tab, ctrl+p and the rest arrive as keys too."""
    from rich.text import Text
    from textual import events
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import RichLog, Static

    class KeyScreen(Screen[None]):
        INHERIT_BINDINGS = False
        BINDINGS = []

        def compose(self) -> ComposeResult:
            yield Static(
                Text(
                    "Press keys to see what Dossier receives (q or ctrl+c to quit). "
                    "A key that shows nothing never reached the program: your terminal, "
                    "tmux or SSH client took it."
                ),
                id="keys-help",
            )
            yield RichLog(id="keys-log", wrap=True, markup=False, highlight=False)

        def on_mount(self) -> None:
            self.query_one(RichLog).can_focus = False
            self.set_focus(None)

        async def on_key(self, event: events.Key) -> None:
            event.stop()
            event.prevent_default()
            app = self.app
            assert isinstance(app, KeyApp)
            app.received.append(event.key)
            char = repr(event.character) if event.character is not None else "-"
            aliases = ",".join(event.aliases)
            self.query_one(RichLog).write(
                Text(f"key={event.key}  name={event.name}  character={char}  aliases={aliases}")
            )
            if event.key in ("q", "ctrl+c", "ctrl+q"):
                app.exit()

    class KeyApp(App[None]):
        TITLE = "Dossier key test"
        INHERIT_BINDINGS = False
        BINDINGS = []
        ENABLE_COMMAND_PALETTE = False

        def __init__(self) -> None:
            super().__init__()
            self.received: list[str] = []

        def get_default_screen(self) -> Screen[None]:
            return KeyScreen()

    return KeyApp()


def run(args: argparse.Namespace) -> int:
    if args.keys:
        if not sys.stdin.isatty() or not sys.stdout.isatty():
            sys.stderr.write("dossier: the key test needs a terminal\n")
            return 2
        app = make_key_app()
        app.run()
        if app.received:
            print("Keys received: " + " ".join(app.received))
        return 0
    report = collect()
    if args.json:
        emit_json(report)
    else:
        print(format_report(report))
    return 0
