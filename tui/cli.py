"""Command line: parses arguments, builds core objects, imports the app lazily."""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from tui import __version__
from tui.commands import COMMANDS

if TYPE_CHECKING:
    import sqlite3


class OneLineParser(argparse.ArgumentParser):
    """Argument errors as one line on stderr and status 2, not a usage block."""

    def error(self, message: str) -> NoReturn:
        hint = ""
        if self.prog.endswith(" search") and ("QUERY" in message or "unrecognized" in message):
            hint = "; a query that starts with '-' goes after '--': dossier search -- -word"
        self.exit(2, f"{self.prog}: {message}{hint} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="dossier",
        description="A keyboard-driven terminal reader for corpora of documents.",
        epilog="Run without a command to open the reader on PATHs (default: the bundled seeds).",
    )
    parser.add_argument("--version", action="version", version=f"dossier {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where bookmarks, positions and caches live (also DOSSIER_DATA_DIR)",
    )
    return parser


def _command_parser(names: Sequence[str] = COMMANDS) -> argparse.ArgumentParser:
    """The parser of the commands `names` (importing a command's module costs start-up time:
    a known command word needs only its own)."""
    parser = build_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in names:
        try:
            module = importlib.import_module(f"tui.commands.{name}")
        except ModuleNotFoundError:
            continue
        module.add_parser(sub)
    for command in sub.choices.values():
        _accept_data_dir(command)
    return parser


def _accept_data_dir(parser: argparse.ArgumentParser) -> None:
    """`--data-dir` after the command word too (`dossier bookmarks list --data-dir D`)."""
    parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="as above")
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _accept_data_dir(child)


def _unknown_command(args: list[str]) -> str | None:
    """The first word when it is neither a command nor an existing path (a typo, not a file)."""
    from pathlib import Path

    words = [
        a for i, a in enumerate(args) if not a.startswith("-") and args[i - 1 : i] != ["--data-dir"]
    ]
    if not words or words[0] in COMMANDS or "--" in args[: args.index(words[0])]:
        return None
    word = words[0]
    if Path(word).expanduser().exists() or "/" in word or "." in word:
        return None
    return word


def _app_parser() -> argparse.ArgumentParser:
    parser = build_parser()
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders to read (default: the seeds)"
    )
    parser.add_argument(
        "--theme", metavar="NAME", help="dossier-dark, dossier-light, dossier-high-contrast, …"
    )
    parser.add_argument(
        "--colors",
        choices=["auto", "truecolor", "256", "16", "mono"],
        help="override the terminal's colour detection (mono: no colour at all)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in args_list if not a.startswith("-")), None)
    # `--data-dir DIR` takes a value: skip it when looking for the command word.
    if first is not None:
        i = args_list.index(first)
        if i > 0 and args_list[i - 1] == "--data-dir":
            rest = args_list[i + 1 :]
            first = next((a for a in rest if not a.startswith("-")), None)
    if first in COMMANDS or (first is None and any(a in ("-h", "--help") for a in args_list)):
        return _run_command(args_list, first if first in COMMANDS else None)
    unknown = _unknown_command(args_list)
    if unknown is not None:
        sys.stderr.write(
            f"dossier: no command or file {unknown!r} (commands: {', '.join(COMMANDS)};"
            f" to open a file of that name: dossier ./{unknown})\n"
        )
        return 2
    args = _app_parser().parse_args(args_list)
    return run_app(args.paths, args.data_dir, theme=args.theme, colors=args.colors)


def _run_command(args_list: list[str], command: str | None = None) -> int:
    from tui.commands.safe_stream import safe_streams

    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = safe_streams(sys.stdout, sys.stderr)
    try:
        parser = _command_parser([command] if command is not None else COMMANDS)
        args = parser.parse_args(args_list)
        if args.command is None:
            parser.print_help()
            return 0
        if args.data_dir:
            os.environ["DOSSIER_DATA_DIR"] = args.data_dir
        import sqlite3  # the commands' (the reader's start goes without it)

        from tui.commands.common import CommandError

        module = importlib.import_module(f"tui.commands.{args.command}")
        try:
            return int(module.run(args))
        except CommandError as exc:
            sys.stderr.write(f"dossier: {exc}\n")
            return 2
        except BrokenPipeError:
            return 0
        except KeyboardInterrupt:
            return 130
        except (OSError, sqlite3.OperationalError) as exc:
            # A read-only or full data directory: what failed, in one line, not a traceback.
            sys.stderr.write(f"dossier: {_failure(exc)}\n")
            return 1
    except SystemExit as exc:  # argparse: --help, --version, an argument error
        return exc.code if isinstance(exc.code, int) else 2
    finally:
        sys.stdout, sys.stderr = saved


def _failure(exc: OSError | sqlite3.OperationalError) -> str:
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return f"nothing saved: the data directory is read-only{where}"
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return f"nothing saved: the disk is full{where}"
        return f"{exc.strerror or exc}{where}"
    if "disk is full" in str(exc):
        return "nothing saved: the disk is full"
    return f"the database failed: {exc}"


# Seconds a thread holds the interpreter before another may take it, while the app runs.
UI_SWITCH_INTERVAL = 0.001


def run_app(
    paths: list[str], data_dir: str | None, theme: str | None = None, colors: str | None = None
) -> int:
    from tui.core.memory import pause_collection, resume_collection

    # No collector pass over the modules being imported and the first screen: the main screen
    # turns the collector back on after its first frame (see `tui.core.memory`).
    pause_collection()
    try:
        return _run_app(paths, data_dir, theme, colors)
    finally:
        resume_collection()


def _run_app(paths: list[str], data_dir: str | None, theme: str | None, colors: str | None) -> int:
    from pathlib import Path

    from tui.core.config import color_env, load_config
    from tui.core.paths import seeds_dir

    if data_dir:
        os.environ["DOSSIER_DATA_DIR"] = data_dir
    config = load_config()
    # Textual reads the colour settings when it is imported: set them first.
    os.environ.update(color_env(colors or config.colors))
    paths = paths or config.paths or [str(seeds_dir())]
    for p in paths:
        if not Path(p).expanduser().exists():
            sys.stderr.write(f"dossier: no such file or folder: {p}\n")
            return 2
    from tui.app import make_app

    app = make_app(paths, theme=theme, config=config)
    # Our own loop: asyncio.run() would wait, after the app has closed, for every worker
    # thread still computing (the index, entities: seconds on a large corpus) before
    # returning. `console` then leaves without waiting for them (see there).
    import asyncio

    loop = asyncio.new_event_loop()
    # The UI's thread shares the interpreter with the workers (index, entities, related): each
    # time it waits for it, a busy worker keeps it up to the switch interval (5 ms by default),
    # and drawing a frame waits many times. 1 ms: the longest frame gap of a cold start of
    # bbc-news 258 -> 135 ms (medians of 7 runs, bench/frames.py; README), the build no slower.
    switch = sys.getswitchinterval()
    sys.setswitchinterval(UI_SWITCH_INTERVAL)
    try:
        app.run(loop=loop)
    finally:
        sys.setswitchinterval(switch)
        loop.close()
    global _LEAVE_AT_ONCE
    _LEAVE_AT_ONCE = True
    return app.return_code or 0


# Set once the app has run: its unfinished background threads are not waited for at exit.
_LEAVE_AT_ONCE = False


def console(argv: list[str] | None = None) -> NoReturn:
    """The `dossier` command. After the app, exit without joining worker threads: quitting
    waited for the writes of what the user did and closed the store; what is left is indexing
    or extraction, cancelled, that resumes from its caches next time. The shell is back at
    once instead of after seconds of blank screen."""
    code = main(argv)
    if _LEAVE_AT_ONCE:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)
