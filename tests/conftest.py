"""Shared test fixtures. The reference corpus is found through one setting:
NEWSPARSE_CORPUS (default: ../shared/corpus from the project root)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "bbc-zhongwen" / "seed-world-59666831.txt"


def corpus_dir() -> Path:
    """Where the third-party reference corpus lives (it is never committed)."""
    return Path(os.environ.get("NEWSPARSE_CORPUS", ROOT.parent / "shared" / "corpus")).resolve()


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The corpus folder; tests that need it are skipped, with the reason, where it is absent."""
    path = corpus_dir()
    if not (path / "README.md").is_file():
        pytest.skip(f"reference corpus not found at {path} (set NEWSPARSE_CORPUS to run corpus tests)")
    return path
