"""BBC Chinese (bbc.com/zhongwen, simplified and traditional).

Three layouts, tried in this order (see ``docs/bbc-zhongwen.md``):

1. ``simorgh-json`` — a Simorgh page carrying ``window.SIMORGH_DATA``: the article is read
   from BBC's own block model.
2. ``simorgh-dom`` — Simorgh markup without usable JSON: full pages and captured fragments
   (the user's sample), keyed on Simorgh's stable hooks, not its hashed class names.
3. ``legacy`` — the pre-Simorgh templates: ``.story-body .bodytext`` with Dublin Core meta
   (to 2016) and the responsive ``.story-body__inner`` (2017-2019).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from newsparse.extractor import Extractor, Layout, UrlRule
from newsparse.extractors.bbc import legacy, simorgh_dom, simorgh_json

if TYPE_CHECKING:
    from collections.abc import Sequence

    from newsparse.page import Page

__all__ = ["BBCZhongwenExtractor"]

_HOSTS = ("*.bbc.com", "*.bbc.co.uk")
_PATHS = (
    r"/zhongwen/(?:simp|trad)(?:/|$)",  # /zhongwen/simp/world-59666831 and legacy .shtml pages
    r"/zhongwen/articles/[0-9a-z]+/(?:simp|trad)(?:/|$)",  # newer "Optimo" articles
)


class BBCZhongwenExtractor(Extractor):
    """BBC News 中文: stories, photo galleries and video pages, in every layout served."""

    name: ClassVar[str] = "bbc-zhongwen"
    description: ClassVar[str] = "BBC News 中文 (simplified and traditional), Simorgh and legacy pages"
    url_rules: ClassVar[Sequence[UrlRule]] = tuple(UrlRule(h, p) for h in _HOSTS for p in _PATHS)
    priority: ClassVar[int] = 10
    layouts: ClassVar[Sequence[Layout]] = (
        Layout(
            name="simorgh-json",
            detect=simorgh_json.detect,
            extract=simorgh_json.extract,
            description="Simorgh page with window.SIMORGH_DATA (BBC's own article JSON)",
            valid_from=date(2019, 1, 1),
        ),
        Layout(
            name="simorgh-dom",
            detect=simorgh_dom.detect,
            extract=simorgh_dom.extract,
            description="Simorgh markup without the JSON: full pages and captured fragments",
            valid_from=date(2019, 1, 1),
        ),
        Layout(
            name="legacy",
            detect=legacy.detect,
            extract=legacy.extract,
            description="pre-Simorgh templates: .bodytext (to 2016) and .story-body__inner (2017-2019)",
            valid_until=date(2020, 1, 1),
        ),
    )

    def sniff(self, page: Page) -> bool:
        """Pages without a URL: BBC Chinese markup or metadata."""
        return simorgh_json.sniff(page) or simorgh_dom.sniff(page) or legacy.sniff(page)
