"""CLI subcommands. Each module has `add_parser(subparsers)` and `run(args) -> int`."""

COMMANDS = ("list", "search", "index", "entities", "related", "bookmarks", "doctor", "serve")
