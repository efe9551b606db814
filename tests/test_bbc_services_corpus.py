"""Every BBC World Service site's own article data in the corpus (``simorgh/<site>-data``),
put into a Simorgh page at test time and read by ``bbc-world-service``, checked block for
block against an independent reading of the JSON (tests/bbc_expected.py): paragraphs,
headings, images with caption and credit, media ids, lists and their links.

The assets are found by listing the folders, so a new site's data is tested as soon as
it is in the corpus; the tests skip (with a reason) where the corpus is absent.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

import newsparse
from bbc_expected import actual_blocks, expected_cps, expected_optimo
from bbc_pages import simorgh_page
from newsparse.extractors.bbc.service import service_by_id
from newsparse.model import Article
from newsparse.toolkit.text import normalize

pytestmark = pytest.mark.corpus

SIMORGH = Path(os.environ.get("NEWSPARSE_CORPUS", "../shared/corpus")) / "simorgh"
#: Article types: story, photo gallery, media page (CPS) and Optimo articles.
ARTICLE_TYPES = ("STY", "PGL", "MAP", "article")


def _assets() -> list[str]:
    """``<site>/<relative path>`` of every article asset in the corpus's site folders."""
    found = []
    for folder in sorted(SIMORGH.glob("*-data")):
        for path in sorted(folder.rglob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("metadata", {}).get("type") in ARTICLE_TYPES:
                found.append(f"{folder.name[: -len('-data')]}/{path.relative_to(folder).as_posix()}")
    return found


ASSETS = _assets() if SIMORGH.is_dir() else []


def _url(service: str, relative: str, asset: dict[str, Any]) -> str:
    uri = asset["metadata"].get("locators", {}).get("assetUri")
    if uri:
        return f"https://www.bbc.com{uri}"
    # articles/<id>.json, or articles/<id>/<variant>.json for sites with variants
    return f"https://www.bbc.com/{service}/{relative.removesuffix('.json')}"


def _read(name: str) -> tuple[dict[str, Any], str, Article]:
    service, relative = name.split("/", 1)
    asset = json.loads((SIMORGH / f"{service}-data" / relative).read_text(encoding="utf-8"))
    url = _url(service, relative, asset)
    return asset, url, newsparse.parse(simorgh_page(asset, url=url), url=url)


def _epoch(value: int) -> datetime:
    return datetime.fromtimestamp(value / 1000 if value > 1e11 else value, tz=timezone.utc)


def _expected_warnings(asset: dict[str, Any]) -> list[str]:
    """The warnings true of the page: what the data holds that no reader can extract."""
    blocks = asset["content"].get("blocks") or []
    out = []
    for block in blocks:
        if block["type"] == "include":
            out.append(f"simorgh-json: interactive include not extracted: {block['title']}")
        elif block["type"] == "legacyMedia":
            out.append(f"simorgh-json: legacy media player (EMP) not extracted: {block['href']}")
    return out


def test_the_corpus_has_article_data_of_several_sites() -> None:
    if not SIMORGH.is_dir():
        pytest.skip(f"corpus not found at {SIMORGH} (set NEWSPARSE_CORPUS)")
    sites = {name.split("/")[0] for name in ASSETS}
    assert sites >= {"arabic", "persian", "russian", "hindi", "mundo", "pidgin"}


@pytest.mark.parametrize("name", ASSETS)
def test_asset_body_matches_bbcs_blocks(name: str) -> None:
    asset, url, article = _read(name)
    service = service_by_id(name.split("/")[0])
    assert service is not None

    assert article.extractor in ("bbc-world-service", "bbc-zhongwen")
    assert article.layout == "simorgh-json"
    assert list(article.warnings) == _expected_warnings(asset)
    content = asset["content"]
    if "blocks" in content:
        expected = expected_cps(content["blocks"])
        promo_media = asset.get("promo", {}).get("media", {})
        # A video page leads with its own clip when the blocks hold no player.
        has_player = any(kind == "media" for kind, _ in expected)
        if asset["metadata"]["type"] == "MAP" and promo_media.get("versions") and not has_player:
            expected.insert(0, ("media", promo_media["versions"][0]["versionId"]))
        summary = asset.get("promo", {}).get("summary")
        if asset["metadata"]["type"] == "PGL" and summary:
            expected.insert(0, ("paragraph", normalize(summary)))  # Simorgh shows it under the headline
    else:
        expected = expected_optimo(content["model"]["blocks"])
    assert actual_blocks(article) == expected

    # The language is the site variant's (BCP 47), the time BBC's own.
    lang = asset["metadata"].get("language", "")
    variants = [v for v in service.variants if v.name in url.split("/")] or [service.default]
    assert article.language is not None
    assert article.language.lower() == variants[0].lang.lower()
    assert lang.lower().split("-")[0] == article.language.lower().split("-")[0]
    first = asset["metadata"].get("firstPublished")
    if first:
        assert article.published == _epoch(first)


@pytest.mark.parametrize("name", [n for n in ASSETS if "cpsAssets" in n])
def test_media_players_point_at_the_sites_embed_route(name: str) -> None:
    asset, _url, article = _read(name)
    service = service_by_id(name.split("/")[0])
    assert service is not None
    uri = asset["metadata"]["locators"]["assetUri"]
    for media in article.media:
        if media.provider != "bbc":
            continue
        lang = re.search(r"/([^/]+)$", media.embed_url or "")
        assert media.embed_url is not None and media.embed_url.startswith(
            f"https://www.bbc.com/ws/av-embeds/cps{uri}/"
        )
        assert lang is not None and lang.group(1) in {v.lang.lower() for v in service.variants}


@pytest.mark.parametrize("name", [n for n in ASSETS if "cpsAssets" in n])
def test_captions_and_credits_carry_no_hidden_prefix(name: str) -> None:
    _asset, _url, article = _read(name)
    service = service_by_id(name.split("/")[0])
    assert service is not None
    hidden = [p for v in service.variants for p in (v.image_caption_prefix, v.image_credit_prefix)]
    prefixes = [p.strip(" ,،，") for p in hidden]
    for figure in article.figures:
        for text in (figure.caption or "", figure.credit or ""):
            assert not any(p and text.startswith(p) for p in prefixes)


# Sites whose data in the corpus has a most-read feed (BBC's zhongwen fixtures have none).
SITES = {n.split("/")[0] for n in ASSETS}
FEED_SITES = sorted(s for s in SITES if (SIMORGH / f"{s}-data" / "mostRead" / "index.json").is_file())


@pytest.mark.parametrize("service", FEED_SITES)
def test_most_read_feed_gives_related_links(service: str) -> None:
    feed_path = SIMORGH / f"{service}-data" / "mostRead" / "index.json"
    feed = json.loads(feed_path.read_text(encoding="utf-8"))
    name = next(n for n in ASSETS if n.startswith(f"{service}/") and "cpsAssets" in n)
    asset, url, _article = _read(name)
    asset = {**asset, "mostRead": feed}
    article = newsparse.parse(simorgh_page(asset, url=url), url=url)
    uris = [r["promo"]["locators"]["assetUri"] for r in feed["records"]]
    related = [link.url for link in article.related]
    assert all(f"https://www.bbc.com{uri}" in related for uri in uris)
    # The newer feed shape (items with title and href) gives the same links.
    items = [
        {"title": r["promo"]["headlines"].get("headline"), "href": r["promo"]["locators"]["assetUri"]}
        for r in feed["records"]
    ]
    newer = newsparse.parse(simorgh_page({**asset, "mostRead": {"items": items}}, url=url), url=url)
    assert [link.url for link in newer.related] == related
