"""`newsparse new-plugin NAME --domain DOMAIN [--path-pattern REGEX] [--dest DIR]`: scaffold
an extractor plugin.

Writes an installable package (see :mod:`newsparse.scaffold`) and prints the next steps.
Exit status 0 on success, 2 when the name, domain or destination is unusable.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["add_parser", "run"]

_DESCRIPTION = """\
Create an installable extractor plugin package for one site: pyproject with the
newsparse.extractors entry point, an extractor module built on newsparse.toolkit with
one layout, a sample page with its golden JSON, and tests run by newsparse's pytest
plugin. The package goes to DIR/newsparse-NAME/."""

_EPILOG = """\
example:
  newsparse new-plugin acme-news --domain www.acme-news.example --path-pattern /news/
  cd newsparse-acme-news && pip install -e ".[test]" && pytest

newsparse is not on PyPI yet: install it into the environment first (pip install
/path/to/newsparse, a checkout of its repository), or pip cannot install the plugin."""


def add_parser(subparsers: Any) -> None:
    """Register ``new-plugin`` and its options."""
    parser = subparsers.add_parser(
        "new-plugin",
        help="create an installable extractor plugin package for a site",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("name", metavar="NAME", help="extractor name: lower-case words joined by '-'")
    parser.add_argument("--domain", required=True, help="the site's host name, e.g. www.example.com")
    parser.add_argument(
        "--path-pattern",
        default="",
        metavar="REGEX",
        help="regular expression of the site's article paths, matched at the start of the URL path "
        "(e.g. /news/ or '/\\d{4}/\\d{2}/'); default: every path of the site",
    )
    parser.add_argument(
        "--dest", type=Path, default=Path(), metavar="DIR", help="where to create the package (default: .)"
    )


def run(args: argparse.Namespace) -> int:
    """Create the package; return the exit status."""
    from newsparse.scaffold import ScaffoldError, create_plugin, plugin_spec

    try:
        root = create_plugin(args.name, args.domain, args.dest, path_pattern=args.path_pattern)
    except ScaffoldError as exc:
        print(f"newsparse new-plugin: error: {exc}", file=sys.stderr)
        return 2
    spec = plugin_spec(args.name, args.domain, args.path_pattern)
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    print(f"created {root}")
    for name in files:
        print(f"  {name}")
    print(
        "\nnext steps (newsparse must already be installed in this environment: it is not on "
        "PyPI yet, so pip cannot fetch it for the plugin):\n"
        f"  cd {root}\n"
        '  pip install -e ".[test]"\n'
        f"  newsparse extractors          # lists {spec.name}\n"
        "  pytest                        # golden file, coverage and contract tests\n"
        f"then edit src/{spec.module}/extractor.py for the real site and add real pages to "
        f"fixtures/{spec.name}/"
    )
    return 0
