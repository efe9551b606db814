"""The extractor contract, checked over newsparse's own extractors and their fixtures."""

from __future__ import annotations

import pytest

from conftest import FIXTURES
from newsparse import registry
from newsparse.testing import check_contract

BUILT_IN = sorted(entry.name for entry in registry.entries() if entry.distribution == "newsparse")


def test_built_ins_are_registered_through_entry_points() -> None:
    assert {"bbc-zhongwen", "generic"} <= set(BUILT_IN)


@pytest.mark.parametrize("name", BUILT_IN)
def test_built_in_extractor_keeps_the_contract(name: str) -> None:
    problems = check_contract([name], fixtures=FIXTURES)
    assert not problems, "\n".join(map(str, problems))


def test_every_fixture_folder_belongs_to_a_registered_extractor() -> None:
    known = {entry.name for entry in registry.entries()}
    folders = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
    assert [name for name in folders if name not in known] == []
