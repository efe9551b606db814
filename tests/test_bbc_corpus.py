"""BBC's own article JSON (the corpus's ``simorgh/zhongwen-data``), put into a Simorgh page
at test time and extracted by the ``simorgh-json`` layout, checked block for block against
the JSON itself.

The expected blocks come from an independent reading of the JSON written here with
regular expressions (not the extractor's code): paragraph texts, crossheads, image
captions and copyright holders, media vpids and list links, in order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

import newsparse
from bbc_expected import actual_blocks, expected_cps
from bbc_pages import simorgh_page
from newsparse.model import Article, Media, Paragraph
from newsparse.toolkit.text import normalize

pytestmark = pytest.mark.corpus

DATA = Path("simorgh") / "zhongwen-data"
# Every story (STY), photo gallery (PGL) and video page (MAP) the corpus holds; the
# test_every_cps_article_asset_is_covered test fails when the corpus gains one.
CPS_ASSETS = (
    "simp/chinese-news-49065935",
    "simp/chinese-news-49631219",
    "simp/uk-23283128",
    "simp/world-54113945",
    "trad/chinese-news-49065935",
    "trad/chinese-news-49631219",
    "trad/chinese-news-57526233",
    "trad/uk-23283128",
    "trad/world-54113945",
)
OPTIMO_ARTICLES = ("c3xd4x9prgyo/simp", "c3xd4x9prgyo/trad")
LANGUAGE = {"simp": "zh-Hans", "trad": "zh-Hant"}
EMBED_LANGUAGE = {"simp": "zh-hans", "trad": "zh-hant"}


def _load(corpus: Path, relative: str) -> dict[str, Any]:
    data = json.loads((corpus / relative).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _parse(asset: Mapping[str, Any], url: str | None, variant: str) -> Article:
    lang = EMBED_LANGUAGE[variant]
    return newsparse.parse(simorgh_page(asset, url=url or "https://www.bbc.com/", lang=lang), url=url)


# --- the independent reading of CPS JSON -----------------------------------------------------


def _epoch(value: int) -> datetime:
    return datetime.fromtimestamp(value / 1000 if value > 1e11 else value, tz=timezone.utc)


# --- tests -----------------------------------------------------------------------------------


def test_every_cps_article_asset_is_covered(corpus: Path) -> None:
    found = set()
    for path in (corpus / DATA / "cpsAssets").glob("*/*.json"):
        if json.loads(path.read_text(encoding="utf-8"))["metadata"]["type"] in ("STY", "PGL", "MAP"):
            found.add(f"{path.parent.name}/{path.stem}")
    assert found == set(CPS_ASSETS)


@pytest.mark.parametrize("name", CPS_ASSETS)
def test_cps_asset_block_for_block(corpus: Path, name: str) -> None:
    asset = _load(corpus, str(DATA / "cpsAssets" / f"{name}.json"))
    variant = name.split("/")[0]
    url = f"https://www.bbc.com/zhongwen/{name}"
    article = _parse(asset, url, variant)

    assert article.extractor == "bbc-zhongwen"
    assert article.layout == "simorgh-json"
    assert article.language == LANGUAGE[variant]
    assert article.warnings == ()
    expected = expected_cps(asset["content"]["blocks"])
    if asset["metadata"]["type"] == "PGL":  # Simorgh shows a gallery's summary as its lead paragraph
        expected.insert(0, ("paragraph", normalize(asset["promo"]["summary"])))
    assert actual_blocks(article) == expected
    metadata = asset["metadata"]
    assert article.published == _epoch(metadata["firstPublished"])
    assert article.published is not None and article.published.utcoffset() is not None
    assert article.title == normalize(asset["promo"]["headlines"]["headline"])

    media_blocks = [b for b in asset["content"]["blocks"] if b["type"] == "media"]
    for media, block in zip(article.media, media_blocks, strict=True):
        vpid = block["versions"][0]["versionId"]
        assert media.provider == "bbc"
        assert media.kind == ("audio" if block["format"] == "audio" else "video")
        assert media.embed_url == (
            f"https://www.bbc.com/ws/av-embeds/cps{metadata['locators']['assetUri']}/{vpid}/{EMBED_LANGUAGE[variant]}"
        )
        pid = re.search(r"/(\w+)\.jpg$", block["imageUrl"])
        assert media.poster is not None and pid is not None and media.poster.url.endswith(pid.group(0))
        assert media.caption == normalize(block["caption"])

    image_blocks = [b for b in asset["content"]["blocks"] if b["type"] == "image"]
    for figure, block in zip(article.figures, image_blocks, strict=True):
        assert figure.image.url.startswith("https://ichef.bbci.co.uk/news/")
        assert figure.image.url.endswith(block["path"])
        assert (figure.image.width, figure.image.height) == (block["width"], block["height"])
        assert figure.image.alt == normalize(block["altText"])
        assert figure.image.sources and all(s.url.endswith(block["path"]) for s in figure.image.sources)

    # Onward promos go to Article.related (the body matched the blocks exactly above).
    related = [p["locators"]["assetUri"] for g in asset["relatedContent"]["groups"] for p in g["promos"]]
    expected_related = [f"https://www.bbc.com{uri}" for uri in dict.fromkeys(related)]
    assert [link.url for link in article.related] == expected_related


@pytest.mark.parametrize("name", [n for n in CPS_ASSETS if "49631219" in n or "uk-23283128" in n])
def test_video_page_leads_with_its_player(corpus: Path, name: str) -> None:
    asset = _load(corpus, str(DATA / "cpsAssets" / f"{name}.json"))
    assert asset["metadata"]["type"] == "MAP"
    article = _parse(asset, f"https://www.bbc.com/zhongwen/{name}", name.split("/")[0])
    assert isinstance(article.body[0], Media)
    assert article.body[0].media_id == asset["promo"]["media"]["versions"][0]["versionId"]


@pytest.mark.parametrize("variant", ["simp", "trad"])
def test_photo_gallery_is_a_run_of_captioned_figures(corpus: Path, variant: str) -> None:
    asset = _load(corpus, str(DATA / "cpsAssets" / variant / "chinese-news-49065935.json"))
    assert asset["metadata"]["type"] == "PGL"
    article = _parse(asset, f"https://www.bbc.com/zhongwen/{variant}/chinese-news-49065935", variant)
    # Simorgh shows the summary under the headline: the gallery's lead paragraph.
    assert article.body[0] == Paragraph(text=normalize(asset["promo"]["summary"]))
    assert len(article.figures) == len(asset["content"]["blocks"]) == len(article.body) - 1
    assert all(figure.caption and figure.credit for figure in article.figures)
    # Gallery timestamps are epoch seconds, not milliseconds.
    assert article.published == datetime.fromtimestamp(asset["metadata"]["firstPublished"], tz=timezone.utc)
    assert article.modified is not None and article.modified > article.published


@pytest.mark.parametrize("name", OPTIMO_ARTICLES)
def test_optimo_article_paragraph_for_paragraph(corpus: Path, name: str) -> None:
    asset = _load(corpus, str(DATA / "articles" / f"{name}.json"))
    article_id, variant = name.split("/")
    article = _parse(asset, f"https://www.bbc.com/zhongwen/articles/{article_id}/{variant}", variant)

    headline: list[str] = []
    paragraphs: list[str] = []
    for block in asset["content"]["model"]["blocks"]:
        texts = [p["model"]["text"] for t in block["model"]["blocks"] for p in t["model"]["blocks"]]
        if block["type"] == "headline":
            headline.extend(texts)
        else:
            assert block["type"] == "text"
            paragraphs.extend(texts)
    assert article.layout == "simorgh-json"
    assert article.language == LANGUAGE[variant]
    assert article.title == normalize(headline[0])
    assert [b.text for b in article.paragraphs] == [normalize(t) for t in paragraphs]
    assert len(article.body) == len(paragraphs)
    assert article.published == _epoch(asset["metadata"]["firstPublished"])
    assert article.canonical_url == f"https://www.bbc.com/zhongwen/articles/{article_id}/{variant}"


@pytest.mark.parametrize("relative", [f"cpsAssets/{CPS_ASSETS[3]}", f"articles/{OPTIMO_ARTICLES[1]}"])
def test_page_without_url_is_recognised_by_its_data(corpus: Path, relative: str) -> None:
    asset = _load(corpus, str(DATA / f"{relative}.json"))
    article = newsparse.parse(simorgh_page(asset, url="https://www.bbc.com/"), url=None)
    variant = "trad" if "trad" in relative else "simp"
    assert article.extractor == "bbc-zhongwen"
    assert article.layout == "simorgh-json"
    assert article.language == LANGUAGE[variant]
    assert article.paragraphs
