"""``import newsparse`` is cheap: the public names are imported on first use (PEP 562).

Every name of ``__all__`` must still be importable and be the very object its home module
defines, ``from newsparse import *`` must work, submodules must stay reachable as
attributes, and a bare ``import newsparse`` must not pull in the parsing stack.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import newsparse


@pytest.mark.parametrize("name", newsparse.__all__)
def test_every_public_name_is_the_object_of_its_home_module(name: str) -> None:
    value = getattr(newsparse, name)
    home = newsparse._HOMES.get(name)
    if home is not None:
        assert value is getattr(importlib.import_module(home), name)
    assert name in dir(newsparse)


def test_star_import_and_submodule_attributes() -> None:
    namespace: dict[str, object] = {}
    exec("from newsparse import *", namespace)
    assert set(newsparse.__all__) <= set(namespace)
    assert newsparse.toolkit.text_of is importlib.import_module("newsparse.toolkit.select").text_of
    with pytest.raises(AttributeError, match="no attribute 'no_such_thing'"):
        _ = newsparse.no_such_thing
    with pytest.raises(AttributeError):
        _ = newsparse._private_missing


def test_bare_import_loads_only_the_errors_and_the_version() -> None:
    code = (
        "import sys, newsparse\n"
        "print(sorted(m for m in sys.modules if m.startswith(('newsparse', 'lxml', 'attr'))))\n"
        "newsparse.parse('<p>x</p>')\n"
        "print('newsparse.api' in sys.modules, 'lxml.etree' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after = result.stdout.splitlines()
    assert before == "['newsparse', 'newsparse._version', 'newsparse.errors']"
    assert after == "True True"
