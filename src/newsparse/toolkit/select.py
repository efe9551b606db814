"""CSS and XPath selection with selectors compiled once and cached.

CSS is translated to XPath by cssselect the first time an expression is seen; the
compiled :class:`lxml.etree.XPath` is cached for the life of the process, so selectors
written inline in an extractor cost nothing after the first page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import lxml.etree
from lxml.html import HtmlElement

from newsparse.toolkit.text import normalize

__all__ = ["css", "first", "holders", "select", "text_of", "xpath"]


@lru_cache(maxsize=1024)
def css(expression: str) -> lxml.etree.XPath:
    """Compile a CSS selector to an XPath object (cached). Raises ValueError if invalid."""
    # cssselect is imported when the first selector is compiled, not with newsparse (a
    # twentieth of the import time); compiled selectors are cached, so later calls skip it.
    from cssselect import GenericTranslator, SelectorError

    try:
        return lxml.etree.XPath(_quicker(GenericTranslator().css_to_xpath(expression)))
    except SelectorError as exc:
        raise ValueError(f"invalid CSS selector {expression!r}: {exc}") from exc


# cssselect writes an attribute selector as a predicate on every element
# (``descendant-or-self::*[@role = 'main']``), which libxml2 evaluates slowly: it looks
# the attribute up on each element of the subtree. Reading the attribute nodes of the
# subtree and going back to their elements (``descendant-or-self::*/@role[. = 'main']/..``)
# selects the same elements in the same order 3-5 times faster on a page of a few thousand
# elements. Only whole union members of exactly these shapes are rewritten.
_NAME = r"[A-Za-z_][\w.-]*"
_ATTRIBUTE_TEST = re.compile(
    rf"(descendant-or-self::(?:\*|{_NAME}))\[@({_NAME})(?:| = ('[^']*')| and starts-with\(@\2, ('[^']+')\))\]"
)
_TAG_TEST = re.compile(rf"descendant-or-self::{_NAME}")


def _quicker(path: str) -> str:
    """``path`` (cssselect's translation) with its attribute tests read from attribute nodes."""
    members = path.split(" | ")
    rewritten = []
    for member in members:
        test = _ATTRIBUTE_TEST.fullmatch(member)
        if test is not None:
            axis, name, equal, prefix = test.groups()
            if equal is not None:
                rewritten.append(f"{axis}/@{name}[. = {equal}]/..")
            elif prefix is not None:
                rewritten.append(f"{axis}/@{name}[starts-with(., {prefix})]/..")
            else:
                rewritten.append(f"{axis}/@{name}/..")
        elif _TAG_TEST.fullmatch(member):
            rewritten.append(member)
        else:
            return path  # anything else (a literal holding " | " included): as translated
    return " | ".join(rewritten)


@lru_cache(maxsize=1024)
def xpath(expression: str) -> lxml.etree.XPath:
    """Compile an XPath expression (cached). Raises ValueError if invalid."""
    try:
        return lxml.etree.XPath(expression)
    except lxml.etree.XPathSyntaxError as exc:
        raise ValueError(f"invalid XPath {expression!r}: {exc}") from exc


def select(element: HtmlElement, selector: str) -> list[HtmlElement]:
    """All elements under ``element`` matching the CSS ``selector``, in document order.

    Attribute names are matched as written: lxml's HTML parser lower-cases them, so write
    ``[srcset]`` even when the source says ``srcSet``.
    """
    found = css(selector)(element)
    return [el for el in found if isinstance(el, HtmlElement)] if isinstance(found, list) else []


def first(element: HtmlElement, selector: str) -> HtmlElement | None:
    """The first element matching the CSS ``selector``, or None."""
    found = select(element, selector)
    return found[0] if found else None


def text_of(element: HtmlElement | None) -> str:
    """The normalised visible text of ``element`` ("" for None)."""
    if element is None:
        return ""
    return normalize(element.text_content())


def holders(root: HtmlElement, elements: Iterable[HtmlElement]) -> set[HtmlElement]:
    """Every element from ``root`` down that holds one of ``elements`` (their ancestors up to
    ``root``), in one pass: each ancestor is marked once, walking up from each element only
    until an ancestor marked already."""
    marked: set[HtmlElement] = set()
    for element in elements:
        for ancestor in element.iterancestors():
            if ancestor in marked:
                break
            marked.add(ancestor)
            if ancestor is root:
                break
    return marked
