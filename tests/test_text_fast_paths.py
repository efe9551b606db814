"""The toolkit's quick paths give exactly what the general ones give.

``text_of`` reads leaves and one-leaf elements directly instead of XPath's ``string()``;
``normalize_spans`` collapses whitespace with split/join instead of ``re.sub(r"\\s+")``.
Both are checked against the general definition: on every element of every page the
project ships, and on generated text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsparse.page import Page
from newsparse.toolkit.select import text_of
from newsparse.toolkit.text import _collapse, normalize

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([*ROOT.glob("fixtures/*/*.html"), *ROOT.glob("fixtures/*/*.txt")])

WHITESPACE_AND_FRIENDS = st.text(
    alphabet=st.sampled_from(
        ["a", "中", " ", "\n", "\t", "\r", "\f", "\v", "\u00a0", "\u3000", "\u2028", "\x1c", "\x85", "\u200b"]
    ),
    max_size=12,
)


@given(WHITESPACE_AND_FRIENDS)
def test_collapse_is_the_regex_substitution(text: str) -> None:
    assert _collapse(text) == re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_text_of_equals_normalised_text_content_on_every_element(path: Path) -> None:
    tree = Page.from_input(path.read_bytes()).tree
    checked = 0
    for element in tree.iter():
        assert text_of(element) == normalize(element.text_content())
        checked += 1
    assert checked > 10


def test_text_of_one_leaf_child_with_text_around_it() -> None:
    tree = Page.from_input(
        "<html><body><li> a <a href='/x'>b</a> c </li><p>d<!-- x -->e</p></body></html>"
    ).tree
    li = next(tree.iter("li"))
    assert text_of(li) == "a b c"
    p = next(tree.iter("p"))  # the parser drops comments: "d" and "e" join
    assert text_of(p) == normalize(p.text_content()) == "de"
    assert text_of(None) == ""
