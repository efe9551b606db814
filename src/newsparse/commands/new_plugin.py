"""`newsparse new-plugin` (being written)."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(subparsers: Any) -> None:
    subparsers.add_parser("new-plugin", help="(being written)")


def run(args: argparse.Namespace) -> int:
    return 2
