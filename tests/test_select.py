"""Selection by CSS: compiled once, in document order, attribute tests read fast.

cssselect translates ``[role=main]`` into a predicate tested on every element, which
libxml2 evaluates slowly; ``css`` rewrites such union members to read the subtree's
``role`` attributes and go back to their elements. These tests check that the rewrite
applies to exactly those shapes and that it finds the very same elements, in the same
order, as cssselect's own translation on every page the project ships.
"""

from __future__ import annotations

from pathlib import Path

import lxml.etree
import pytest
from cssselect import GenericTranslator
from lxml.html import HtmlElement

from newsparse.page import Page
from newsparse.toolkit.select import css, first, select

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(
    [*ROOT.glob("fixtures/*/*.html"), *ROOT.glob("fixtures/*/*.txt"), *ROOT.glob("examples/**/*.html")]
)

REWRITTEN = [
    "[role=navigation]",
    "[role=main]",
    "[hidden]",
    "[aria-hidden=true]",
    "[aria-hidden]",
    "[data-e2e]",
    "[data-e2e=media-player]",
    '[data-e2e="image-placeholder"]',
    "[id^=google_ads]",
    "[class^=story]",
    "[href^=https]",
    "p[role=text]",
    "section[data-e2e]",
    "img[srcset]",
    "a[href^='/zhongwen']",
    "[srcSet]",
    "h1#content",
    "time[itemprop=datePublished], time[itemprop=dateModified], time[pubdate]",
    "article, main, [role=main]",
    "[data-playable], [data-media-meta], iframe, embed, video, audio",
    "p, [role=text], li",
]
AS_TRANSLATED = [
    "p",
    "script",
    "h1, h2",
    "main[role=main] p",
    "ul > li",
    ".bodytext",
    "div.story-body__inner",
    "[class~=story-body]",
    "[a^='']",
    "[lang|=zh]",
    "time[datetime]:first-child",
    '[data-e2e="it\'s"]',
    '[title="a | b"]',
    "[role=main], main p",
]


def translated(selector: str) -> lxml.etree.XPath:
    return lxml.etree.XPath(GenericTranslator().css_to_xpath(selector))


def elements(found: object) -> list[HtmlElement]:
    assert isinstance(found, list)
    return [el for el in found if isinstance(el, HtmlElement)]


@pytest.fixture(scope="module")
def trees() -> list[HtmlElement]:
    assert PAGES, "the repository ships fixture pages"
    return [Page.from_input(path.read_bytes()).tree for path in PAGES]


def test_rewrite_applies_to_exactly_the_attribute_shapes() -> None:
    for selector in REWRITTEN:
        assert css(selector).path != translated(selector).path, selector
    for selector in AS_TRANSLATED:
        assert css(selector).path == translated(selector).path, selector


@pytest.mark.parametrize("selector", REWRITTEN + AS_TRANSLATED)
def test_same_elements_in_the_same_order_on_every_shipped_page(
    trees: list[HtmlElement], selector: str
) -> None:
    reference = translated(selector)
    total = 0
    for tree in trees:
        for scope in (tree, *tree.iter("main", "body", "figure")):
            expected = elements(reference(scope))
            found = select(scope, selector)
            assert [id(el) for el in found] == [id(el) for el in expected], selector
            assert first(scope, selector) is (expected[0] if expected else None)
            total += len(found)
    if selector in ("[hidden]", "p[role=text]", "[data-e2e]", "[role=main]", "p, [role=text], li"):
        assert total > 0  # the pages do hold such elements, so the comparison means something


def test_the_scope_element_itself_can_match() -> None:
    tree = Page.from_input('<html><body><div role="main"><p role="x">a</p></div></body></html>').tree
    main = next(tree.iter("div"))
    assert select(main, "[role=main]") == [main]
    assert [el.tag for el in select(main, "[role]")] == ["div", "p"]
    assert [el.tag for el in select(main, "p, [role=main]")] == ["div", "p"]  # document order, once each


def test_invalid_selectors_still_raise() -> None:
    with pytest.raises(ValueError, match="invalid CSS selector"):
        select(Page.from_input("<p>x</p>").tree, "[unclosed")
