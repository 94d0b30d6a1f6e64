"""`dossier serve`: the reader in a web browser (textual-serve), for people who cannot SSH in.

An optional extra: `pip install 'dossier[serve]'`. It listens on loopback unless told otherwise.
"""

from __future__ import annotations

import argparse
import errno
import shlex
import sys

from tui.commands.common import CommandError, add_paths, corpus_paths


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("serve", help="serve the reader to a web browser (optional extra)")
    add_paths(p)
    p.add_argument("--port", type=_port, default=8000, help="port (default: 8000)")
    p.add_argument(
        "--max-sessions",
        type=_sessions,
        default=4,
        metavar="N",
        help="browser sessions at once, each a process (default: 4)",
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a port (1 to 65535)")
    return port


def _sessions(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= count <= 64:
        raise argparse.ArgumentTypeError(f"{text} is not between 1 and 64")
    return count


def serve_command(paths: list[str], data_dir: str | None) -> str:
    """The command textual-serve runs for each browser session."""
    parts = [sys.executable, "-m", "tui"]
    if data_dir:
        parts += ["--data-dir", data_dir]
    parts += paths
    return shlex.join(parts)


def run(args: argparse.Namespace) -> int:
    try:
        import textual_serve  # noqa: F401  (the extra; the guard below wraps it)

        from tui.commands.serve_guard import GuardedServer, is_loopback
    except ImportError:
        raise CommandError(
            "serving needs the optional extra: pip install 'dossier[serve]' (textual-serve)"
        ) from None
    import os

    paths = [os.path.abspath(p) for p in corpus_paths(args)]
    for p in paths:
        if not os.path.exists(p):
            raise CommandError(f"no such file or folder: {p}")
    command = serve_command(paths, os.environ.get("DOSSIER_DATA_DIR"))
    server = GuardedServer(command, args.host, args.port, max_sessions=args.max_sessions)
    if not is_loopback(args.host):
        sys.stderr.write(
            f"dossier: warning: --host {args.host} lets other machines reach the reader;"
            " anyone holding the URL below can read the corpus\n"
        )
    sys.stderr.write(f"dossier: serving on {server.url} (ctrl+c stops)\n")
    try:
        server.serve()
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise CommandError(f"port {args.port} is in use: try another --port") from None
        raise CommandError(
            f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}"
        ) from None
    return 0
