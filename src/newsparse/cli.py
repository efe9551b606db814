"""The ``newsparse`` command. Each subcommand lives in ``newsparse.commands.<name>``
and exposes ``add_parser(subparsers)`` and ``run(args) -> int``."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from newsparse._version import __version__

__all__ = ["main"]

#: Subcommand name -> module under newsparse.commands.
COMMANDS: dict[str, str] = {
    "parse": "parse",
    "extractors": "extractors",
    "new-plugin": "new_plugin",
    "check": "check",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsparse", description="Turn news web pages into a clean, typed document model."
    )
    parser.add_argument("--version", action="version", version=f"newsparse {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMANDS.values():
        module = importlib.import_module(f"newsparse.commands.{module_name}")
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 some inputs failed, 2 usage)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    module = importlib.import_module(f"newsparse.commands.{COMMANDS[args.command]}")
    try:
        code: int = module.run(args)
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
