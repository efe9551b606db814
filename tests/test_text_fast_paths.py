"""The toolkit's quick paths give exactly what the general ones give.

``text_of`` reads leaves and one-leaf elements directly instead of XPath's ``string()``;
``normalize_spans`` collapses whitespace with split/join instead of ``re.sub(r"\\s+")``;
``normalize`` skips its character filters for printable text.
Both are checked against the general definition: on every element of every page the
project ships, and on generated text.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsparse.errors import LimitExceededError
from newsparse.page import Page, _few_separators, _uncrowded_run
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


def _normalize_by_definition(text: str) -> str:
    """The definition ``normalize`` implements, written plainly."""
    text = re.sub("[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", text)
    text = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", " ", text)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


# Printable text (the quick path) and everything that makes text unprintable: controls,
# invisible and other format characters, Unicode spaces, combining marks NFC composes.
NORMALIZE_ALPHABET = st.sampled_from(
    ["a", "中", " ", "e\u0301", "\u212b", "\n", "\t", "\x00", "\x7f", "\u00a0", "\u3000", "\u200b",
     "\u00ad", "\ufeff", "\u200e", "\u2028", "\x85", "，"]
)  # fmt: skip


@given(st.lists(NORMALIZE_ALPHABET, max_size=16).map("".join))
def test_normalize_follows_its_definition(text: str) -> None:
    assert normalize(text) == _normalize_by_definition(text)


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


# --- the attribute-limit check skips pages with few separators -----------------------------

TAG_SOUP = st.lists(
    st.sampled_from(
        [
            *"<>/=\"' \t\n\r\fabX1",
            *(sep + "a" for sep in " \t\n\r\f/"),
            '="v"',
            "='v'",
            "a=1",
            "<x ",
            '="a>b"',
        ]
    ),
    max_size=40,
).map("".join)


# One attribute as the tokenizer may meet it: an optional separator, a name, and no value,
# an unquoted one or a quoted one (which the next attribute may follow directly).
ATTRIBUTE = st.tuples(
    st.sampled_from(["", " ", "\t", "\n", "\r", "\f", "/", "  "]),
    st.sampled_from(["a", "b1", "data-x", 'q"', "'q", "<a"]),
    st.sampled_from(["", "=1", "=", '="v"', "='v'", '=""', "=''", ' = "v"', '="a>b"', "=x'y"]),
).map("".join)
TAGS = st.lists(
    st.tuples(st.sampled_from(["<x", "<div", "<a"]), st.lists(ATTRIBUTE, max_size=9)).map(
        lambda tag: tag[0] + "".join(tag[1]) + ">text"
    ),
    min_size=1,
    max_size=3,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(TAG_SOUP | TAGS, st.integers(min_value=1, max_value=6))
def test_few_separators_means_no_tag_over_the_attribute_limit(html: str, limit: int) -> None:
    """The shortcut in Page._check_attributes is sound: whenever it says "no tag can be too
    crowded", the exact tag-by-tag scan finds none either."""
    if _few_separators(html, limit):
        end = _uncrowded_run(limit).match(html)
        assert end is not None and end.end() == len(html)


@pytest.mark.parametrize(
    "attributes",
    [
        " a b c d",  # whitespace before each name
        "\ta\tb\tc\td",
        "\na\nb\nc\nd",
        "\ra\rb\rc\rd",
        "\fa\fb\fc\fd",
        " a/b/c/d",  # "/" between names
        ' a="1"b="2"c="3"d="4"',  # a closing quote and the next name at once
        " a='1'b='2'c='3'd='4'",
    ],
)
def test_each_kind_of_separator_is_counted(attributes: str) -> None:
    html = f"<x{attributes}>text"
    limit = 3
    end = _uncrowded_run(limit).match(html)
    assert end is not None and end.end() == 0  # the exact scan stops at this crowded tag
    assert not _few_separators(html, limit)
    assert not _few_separators("中" * 100 + html, limit)  # beyond the first few KB too


def test_a_crowded_tag_in_a_page_without_spaces_is_still_refused() -> None:
    crowded = "<div " + " ".join(f"a{i}" for i in range(1001)) + ">中文</div>"
    with pytest.raises(LimitExceededError, match="max_attributes"):
        Page.from_input("<html><body>" + "中文" * 5000 + crowded + "</body></html>")
    quoted = "<div " + "".join(f'a{i}="x"' for i in range(1001)) + ">中文</div>"  # no spaces at all
    with pytest.raises(LimitExceededError, match="max_attributes"):
        Page.from_input("<html><body>" + "中文" * 5000 + quoted + "</body></html>")
