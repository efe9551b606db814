"""The ``newsparse`` command. Each subcommand lives in ``newsparse.commands.<name>``
and exposes ``add_parser(subparsers)`` and ``run(args) -> int``.

Exit status: 0 success, 1 some inputs failed (or an error), 2 usage error, 130 interrupted.
No traceback reaches the user unless ``--debug`` is given.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import warnings
from collections.abc import Iterator, Sequence
from typing import TextIO

from newsparse._version import __version__
from newsparse.errors import NewsparseError

__all__ = ["main"]

#: Subcommand name -> module under newsparse.commands.
COMMANDS: dict[str, str] = {
    "parse": "parse",
    "extractors": "extractors",
    "new-plugin": "new_plugin",
    "check": "check",
}

_DEBUG_HELP = "show Python tracebacks on errors"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsparse", description="Turn news web pages into a clean, typed document model."
    )
    parser.add_argument("--version", action="version", version=f"newsparse {__version__}")
    parser.add_argument("--debug", action="store_true", help=_DEBUG_HELP)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMANDS.values():
        module = importlib.import_module(f"newsparse.commands.{module_name}")
        module.add_parser(subparsers)
    # Accept --debug after the subcommand too (`newsparse parse x --debug`). SUPPRESS keeps
    # a subcommand's default from overwriting a --debug given before the subcommand.
    for subparser in subparsers.choices.values():
        with contextlib.suppress(argparse.ArgumentError):  # unless it defines its own --debug
            subparser.add_argument(
                "--debug", action="store_true", default=argparse.SUPPRESS, help=_DEBUG_HELP
            )
    return parser


def _parse_args(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse, letting input paths follow options (`parse a.html --url U b.html`).

    argparse stops filling a ``nargs="+"`` positional at the first option; paths after it
    come back as extras and are appended to the command's ``inputs`` when it has them.
    """
    args, extras = parser.parse_known_args(argv)
    inputs = getattr(args, "inputs", None)
    stray = [x for x in extras if x.startswith("-") and x != "-"]
    if stray or (extras and not isinstance(inputs, list)):
        parser.error(f"unrecognized arguments: {' '.join(stray or extras)}")
    if extras and isinstance(inputs, list):
        inputs.extend(extras)
    return args


def _exit_code(exc: SystemExit) -> int:
    if exc.code is None:
        return 0
    return exc.code if isinstance(exc.code, int) else 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 some inputs failed, 2 usage)."""
    parser = build_parser()
    try:
        args = _parse_args(parser, argv)
    except SystemExit as exc:  # argparse exits on --help, --version and usage errors
        return _exit_code(exc)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    debug = bool(args.debug)
    module = importlib.import_module(f"newsparse.commands.{COMMANDS[args.command]}")
    try:
        with _plain_warnings():
            code: int = module.run(args)
    except KeyboardInterrupt:
        print("newsparse: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`newsparse parse dir | head`): stop quietly, and keep Python
        # from complaining again when it flushes stdout at exit.
        _silence_stdout()
        return 141
    except NewsparseError as exc:
        if debug:
            raise
        print(f"newsparse: error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        if debug:
            raise
        print(
            f"newsparse: internal error: {type(exc).__name__}: {exc}\n"
            "(run again with --debug for the traceback, and please report it)",
            file=sys.stderr,
        )
        return 1
    return code


@contextlib.contextmanager
def _plain_warnings() -> Iterator[None]:
    """Show warnings (a skipped broken plugin …) as one readable line, not as Python's
    ``file:line: Category: message`` followed by a source line."""
    original = warnings.showwarning

    def show(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        print(f"newsparse: warning: {message}", file=file or sys.stderr)

    warnings.showwarning = show
    try:
        yield
    finally:
        warnings.showwarning = original


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # stdout is not a real file (e.g. captured in tests): nothing will flush to it


if __name__ == "__main__":
    sys.exit(main())
