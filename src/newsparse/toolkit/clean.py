"""Boilerplate removal by selector, on the page's own tree (no copy, no re-parse)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from lxml.html import HtmlElement

from newsparse.toolkit.select import select

if TYPE_CHECKING:
    from newsparse.extractor import Context

__all__ = ["drop", "is_inside"]


def drop(
    root: HtmlElement, selectors: Iterable[str], *, context: Context | None = None, reason: str = ""
) -> int:
    """Remove every element under ``root`` matching any of ``selectors``; return how many.

    The element's tail text is kept. With a ``context`` each removal is recorded with
    ``reason`` (or the selector) so ``--explain`` can show it. This changes the page's
    tree: extractors own their page for the duration of one extraction.
    """
    removed = 0
    for selector in selectors:
        for element in select(root, selector):
            if element.getparent() is None:
                continue
            if context is not None:
                context.skip(element, reason or f"boilerplate: {selector}")
            element.drop_tree()
            removed += 1
    return removed


def is_inside(element: HtmlElement, tags: Iterable[str]) -> bool:
    """True when ``element`` has an ancestor whose tag is one of ``tags``."""
    wanted = frozenset(tags)
    parent = element.getparent()
    while parent is not None:
        if parent.tag in wanted:
            return True
        parent = parent.getparent()
    return False
