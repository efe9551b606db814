"""Every golden file under fixtures/ is a test: the page, parsed as a user would, must give
exactly the reviewed JSON. Refresh one with: pytest --update-goldens -k "<extractor>/<case>"."""

from __future__ import annotations

import pytest

from conftest import FIXTURES
from newsparse.testing import GoldenCase, check_golden, golden_cases

CASES = golden_cases(FIXTURES)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_golden(case: GoldenCase, update_goldens: bool) -> None:
    check_golden(case, update=update_goldens)


def test_the_user_sample_is_a_golden_case() -> None:
    assert "bbc-zhongwen/seed-world-59666831" in {case.id for case in CASES}
