"""Build Simorgh pages for tests: an article JSON placed where a real page carries it.

A real BBC Chinese page embeds its data as ``<script>window.SIMORGH_DATA={...}</script>``
with the article JSON under ``pageData``, plus one JSON-LD ``@graph``. The corpus holds
only the JSON (BBC's own test data), so corpus tests build the page around it at test
time; nothing from the corpus is written into the repository.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

__all__ = ["jsonld_of", "script_json", "simorgh_page"]


def script_json(value: Any) -> str:
    """JSON safe inside a ``<script>``: ``</`` is escaped as Simorgh's serializer does."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def _iso(epoch: Any) -> str | None:
    if not isinstance(epoch, (int, float)) or isinstance(epoch, bool):
        return None
    seconds = epoch / 1000 if epoch > 1e11 else epoch
    return datetime.fromtimestamp(seconds, tz=timezone.utc).isoformat()


def _headline(asset: Mapping[str, Any]) -> str:
    headlines = asset.get("promo", {}).get("headlines", {})
    return str(headlines.get("headline") or headlines.get("seoHeadline") or "BBC News 中文")


def jsonld_of(asset: Mapping[str, Any], url: str) -> dict[str, Any]:
    """The JSON-LD ``@graph`` Simorgh prints for an article, built from its JSON."""
    metadata = asset.get("metadata", {})
    article: dict[str, Any] = {
        "@type": "ReportageNewsArticle",
        "url": url,
        "headline": _headline(asset),
        "publisher": {"@type": "NewsMediaOrganization", "name": "BBC News 中文"},
        "author": {"@type": "NewsMediaOrganization", "name": "BBC News 中文"},
        "mainEntityOfPage": {"@type": "WebPage", "@id": url, "name": _headline(asset)},
    }
    published, modified = _iso(metadata.get("firstPublished")), _iso(metadata.get("lastPublished"))
    if published:
        article["datePublished"] = published
    if modified:
        article["dateModified"] = modified
    return {"@context": "http://schema.org", "@graph": [article]}


def simorgh_page(
    asset: Mapping[str, Any] | None,
    *,
    url: str,
    lang: str = "zh-hans",
    main: str = "",
    raw_data: str | None = None,
    service: str | None = None,
    variant: str | None = None,
) -> str:
    """A Simorgh page whose ``SIMORGH_DATA.pageData`` is ``asset``.

    ``main`` is markup placed in ``<main role="main">`` (real pages carry the rendered
    article there too). ``raw_data`` replaces the whole script payload, e.g. with broken
    JSON.
    """
    data: dict[str, Any] = {"pageData": asset}
    if service:
        data["service"] = service
    if variant:
        data["variant"] = variant
    payload = raw_data if raw_data is not None else script_json(data)
    ld = script_json(jsonld_of(asset or {}, url))
    title = html.escape(_headline(asset or {}))
    return (
        f'<!DOCTYPE html><html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
        f"<title>{title} - BBC News 中文</title>"
        f'<script type="application/ld+json">{ld}</script></head>'
        f'<body><div id="root"><main role="main">{main}</main></div>'
        f"<script>window.SIMORGH_DATA={payload}</script></body></html>"
    )
