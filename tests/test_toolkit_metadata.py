"""toolkit.metadata: the page-metadata readers a plugin falls back to, per field."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import newsparse
from newsparse import Context, Page
from newsparse.extractors.generic import metadata as generic_metadata
from newsparse.model import Image
from newsparse.toolkit import metadata

LD = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "WebSite", "name": "Harbour Gazette"},
        {
            "@type": "NewsArticle",
            "headline": "Ferry fares frozen",
            "datePublished": "2025-02-10T07:30:00+01:00",
            "author": [
                {"@type": "Person", "name": "Ines Parra"},
                {"@type": "Organization", "name": "Gazette"},
            ],
            "keywords": "ferries, fares",
            "articleSection": "Local",
            "image": {"url": "https://img.example/ferry.jpg", "width": "1200"},
        },
    ],
}
HEAD = (
    f'<script type="application/ld+json">{json.dumps(LD)}</script>'
    '<meta property="og:description" content="Fares stay at 2024 prices.">'
    '<meta property="article:modified_time" content="2025-02-10T09:00:00">'
    "<title>Ferry fares frozen | Harbour Gazette</title>"
)


def _page() -> Page:
    return Page.from_input(
        f"<html lang='en-gb'><head>{HEAD}</head><body><h1>Ferry fares frozen</h1></body></html>"
    )


def test_each_field_falls_back_to_page_metadata_without_reading_json_ld_yourself() -> None:
    page = _page()
    context = Context()
    assert metadata.page_title(page, context=context) == "Ferry fares frozen"
    assert metadata.page_authors(page) == ("Ines Parra", "Gazette")
    assert metadata.page_section(page) == "Local"
    assert metadata.page_topics(page) == ("ferries", "fares")
    assert metadata.page_summary(page) == "Fares stay at 2024 prices."
    assert metadata.page_language(page) == "en-GB"
    assert metadata.page_lead_image(page) == Image(url="https://img.example/ferry.jpg", width=1200)
    published, modified = metadata.page_dates(page, context=context)
    assert published == datetime(2025, 2, 10, 6, 30, tzinfo=timezone.utc)
    # The modification forgot its offset: it takes the page's other dates' zone, with a warning.
    assert modified is not None and modified.utcoffset() == published.utcoffset()
    assert any("no time zone" in w for w in context.warnings)
    assert ("title", "json-ld headline, confirmed by <title>") in [
        (d.what, d.detail) for d in context.decisions
    ]


def test_json_ld_helpers() -> None:
    article = metadata.article_object(_page())
    assert article is not None and article["headline"] == "Ferry fares frozen"
    assert list(metadata.ld_names(article["author"], types=("Person",))) == ["Ines Parra"]
    assert metadata.ld_text([" ", {"@list": ["  first  "]}]) == "first"
    assert metadata.ld_id({"@id": "https://x.example/#a"}) == "https://x.example/#a"
    assert metadata.article_object(_page(), types=("LiveBlogPosting",)) is None


def test_page_dates_can_leave_visible_times_to_the_caller() -> None:
    page = Page.from_input("<article><time datetime='2025-02-10T07:30:00Z'>10 Feb</time></article>")
    assert metadata.page_dates(page)[0] == datetime(2025, 2, 10, 7, 30, tzinfo=timezone.utc)
    assert metadata.page_dates(page, visible=False) == (None, None)


def test_the_generic_extractor_reads_through_the_same_readers() -> None:
    # One copy: the generic extractor's module re-exports the toolkit's readers.
    assert generic_metadata.read_metadata is metadata.read_metadata
    article = newsparse.parse(f"<html><head>{HEAD}</head><body><article><p>x</p></article></body></html>")
    assert (article.title, article.section, article.topics) == (
        "Ferry fares frozen",
        "Local",
        ("ferries", "fares"),
    )
