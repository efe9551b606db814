"""``parse``'s finishing step builds the same Article that ``attrs.evolve`` would.

``api._finish`` writes the Article constructor call out (attrs.evolve walks every field
generically, on every page). These tests keep the two in step: an Article with every
field set comes out of ``_finish`` exactly as evolve would make it, and a plugin's
subclass of Article keeps its class.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import pytest

from newsparse import api
from newsparse.extractor import Context
from newsparse.model import Article, Heading, Image, Link, Paragraph
from newsparse.page import Page

WHEN = datetime(2021, 12, 15, 17, 43, tzinfo=timezone.utc)

#: A non-default value for every field of Article (a new field must be added here).
FULL: dict[str, Any] = {
    "url": "https://www.bbc.com/zhongwen/simp/world-1",
    "canonical_url": "https://www.bbc.com/zhongwen/simp/world-1?c",
    "title": "标题",
    "language": "zh-Hans",
    "published": WHEN,
    "modified": WHEN + timedelta(hours=1),
    "retrieved": WHEN + timedelta(hours=2),
    "authors": ("甲", "乙"),
    "section": "国际",
    "topics": ("中俄关系",),
    "summary": "摘要",
    "lead_image": Image(url="https://ichef.bbci.co.uk/news/640/x.jpg", width=640),
    "body": (Paragraph(text="正文"), Heading(level=2, text="小标题")),
    "related": (Link(url="https://www.bbc.com/zhongwen/simp/world-2", text="相关"),),
    "extractor": "someone",
    "layout": "simorgh-dom",
    "warnings": ("from the article", "twice", "twice"),
}

PAGE = (
    "<!--1639590787000-->\n[Envelope title](https://www.bbc.com/zhongwen/simp/world-9)\n------\n"
    '<html><head><link rel="canonical" href="/zhongwen/simp/world-9"></head><body><p>x</p></body></html>'
)


def test_full_covers_every_field() -> None:
    assert sorted(FULL) == sorted(field.name for field in attrs.fields(Article))


def evolved(article: Article, page: Page, context: Context, name: str) -> Article:
    """_finish's rules through attrs.evolve, the generic way."""
    warnings: list[str] = []
    for message in (*page.warnings, *context.warnings, *article.warnings):
        if message not in warnings:
            warnings.append(message)
    return attrs.evolve(
        article,
        url=article.url or page.url,
        canonical_url=article.canonical_url or api.absolutize(page.canonical_url, page.url),
        title=article.title or page.title_hint,
        retrieved=article.retrieved or page.retrieved_at,
        extractor=name,
        layout=article.layout or "default",
        warnings=tuple(warnings),
    )


@pytest.mark.parametrize("empty", [None, *FULL])
def test_finish_equals_evolve_with_each_field_left_at_its_default(empty: str | None) -> None:
    values = {k: v for k, v in FULL.items() if k != empty}
    article = Article(**values)
    page = Page.from_input(PAGE)
    context = Context()
    context.warn("from the context")
    context.warn("twice")
    finished = api._finish(article, page, context, "bbc-zhongwen")
    expected = evolved(article, page, context, "bbc-zhongwen")
    assert finished == expected
    for field in attrs.fields(Article):
        assert type(getattr(finished, field.name)) is type(getattr(expected, field.name)), field.name


@attrs.frozen(kw_only=True, init=False)
class _PluginArticle(Article):
    pass


def test_a_subclass_of_article_keeps_its_class() -> None:
    article = _PluginArticle(title="t", body=[Paragraph(text="p")])
    finished = api._finish(article, Page.from_input(PAGE), Context(), "plugin")
    assert type(finished) is _PluginArticle
    assert finished.extractor == "plugin" and finished.layout == "default"
    assert finished.url == "https://www.bbc.com/zhongwen/simp/world-9"
