"""`newsparse extractors` (being written)."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(subparsers: Any) -> None:
    subparsers.add_parser("extractors", help="(being written)")


def run(args: argparse.Namespace) -> int:
    return 2
