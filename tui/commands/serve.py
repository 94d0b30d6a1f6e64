"""`dossier serve`: the reader in a web browser (textual-serve), for people who cannot SSH in.

An optional extra: `pip install 'dossier[serve]'`. It listens on loopback unless told otherwise.
"""

from __future__ import annotations

import argparse
import shlex
import sys

from tui.commands.common import CommandError, add_paths, corpus_paths


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("serve", help="serve the reader to a web browser (optional extra)")
    add_paths(p)
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )


def serve_command(paths: list[str], data_dir: str | None) -> str:
    """The command textual-serve runs for each browser session."""
    parts = [sys.executable, "-m", "tui"]
    if data_dir:
        parts += ["--data-dir", data_dir]
    parts += paths
    return shlex.join(parts)


def run(args: argparse.Namespace) -> int:
    try:
        from textual_serve.server import Server
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
    sys.stderr.write(f"dossier: serving on http://{args.host}:{args.port} (ctrl+c stops)\n")
    Server(command, host=args.host, port=args.port, title="Dossier").serve()
    return 0
