"""`newsparse check` (being written)."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(subparsers: Any) -> None:
    subparsers.add_parser("check", help="(being written)")


def run(args: argparse.Namespace) -> int:
    return 2
