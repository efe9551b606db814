"""Golden tests and the contract check for the example extractor, with newsparse's own kit.

Run from this folder after ``pip install -e .[test]``::

    pytest                    # compare every fixture with its golden JSON
    pytest --update-goldens   # rewrite the goldens from the current output (then review them)
"""

from __future__ import annotations

from pathlib import Path

import pytest

import newsparse
from newsparse.testing import GoldenCase, assert_contract, check_golden, golden_cases

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.mark.parametrize("case", golden_cases(FIXTURES), ids=str)
def test_golden(case: GoldenCase, update_goldens: bool) -> None:
    check_golden(case, update=update_goldens)


def test_contract() -> None:
    assert_contract(["example-gazette"], fixtures=FIXTURES)


def test_pages_without_url_are_sniffed() -> None:
    extraction = newsparse.extract((FIXTURES / "example-gazette" / "library-hours.html").read_bytes())
    assert extraction.selection.reason == "sniff"
    assert extraction.article.extractor == "example-gazette"


def test_other_sites_are_not_claimed() -> None:
    html = "<html><head><title>x</title></head><body><h1>Other</h1><p>Other site.</p></body></html>"
    assert newsparse.parse(html, url="https://news.example.org/stories/1").extractor == "generic"
