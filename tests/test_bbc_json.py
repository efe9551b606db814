"""The ``simorgh-json`` layout of bbc-zhongwen on small invented Simorgh pages.

Every page here is written for the test (invented Chinese text) in the shapes of BBC's
article JSON: CPS assets (``content.blocks``) and Optimo articles (``content.model.blocks``).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

import newsparse
from bbc_pages import simorgh_page
from newsparse.diagnostics import explain
from newsparse.extractors.bbc.service import service_by_id, strings_for
from newsparse.model import Article, Embed, Figure, Heading, ListBlock, Media, Paragraph, RelatedLinks, Span
from newsparse.testing import GoldenCase, check_golden, golden_cases, run_case

MEDIA_FALLBACK_TEXTS = strings_for("zhongwen").fallbacks

URL = "https://www.bbc.com/zhongwen/simp/chinese-news-61000001"
TRAD_URL = "https://www.bbc.com/zhongwen/trad/chinese-news-61000001"
ASSET_URI = "/zhongwen/simp/chinese-news-61000001"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "bbc-zhongwen"

MPV_LOCATOR = "ichef.bbci.co.uk/images/ic/$widthxn/p0c1d2q2.jpg"
# 2022-03-01T08:00:00Z and two hours later, in epoch milliseconds.
FIRST = 1646121600000
LATER = FIRST + 2 * 3600 * 1000


def cps_asset(blocks: list[dict[str, Any]], **overrides: Any) -> dict[str, Any]:
    """A CPS story (STY) around ``blocks``."""
    asset: dict[str, Any] = {
        "metadata": {
            "id": "urn:bbc:ares::asset:zhongwen/simp/chinese-news-61000001",
            "locators": {"assetUri": ASSET_URI, "assetId": "61000001"},
            "type": "STY",
            "language": "zh-Hans",
            "firstPublished": FIRST,
            "lastPublished": FIRST,
            "tags": {},
        },
        "content": {"blocks": blocks},
        "promo": {
            "headlines": {"headline": "山区小学的第一间图书室", "shortHeadline": "山区图书室"},
            "summary": "一所山区小学用募集来的旧书建起了图书室。",
        },
        "relatedContent": {"groups": []},
    }
    for key, value in overrides.items():
        asset[key] = value
    return asset


def paragraph(text: str, markup: str = "plain_text", **extra: Any) -> dict[str, Any]:
    return {"type": "paragraph", "markupType": markup, "text": text, **extra}


def link(caption: str, href: str) -> str:
    return (
        f"<link><caption>{caption}</caption><altText>{caption}</altText>"
        f'<url href="{href}" platform="highweb"/><url href="{href}" platform="enhancedmobile"/></link>'
    )


def media_block(**overrides: Any) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "media",
        "id": "p0c1d2f3",
        "subType": "clip",
        "format": "video",
        "title": "孩子们第一次走进图书室",
        "imageUrl": "ichef.bbci.co.uk/images/ic/$recipe/p0c1d2g4.jpg",
        "caption": "图书室开放第一天",
        "versions": [{"versionId": "p0c1d2h5", "duration": 61}],
    }
    block.update(overrides)
    return block


def parse(asset: dict[str, Any] | None, url: str | None = URL, **page: Any) -> Article:
    return newsparse.parse(simorgh_page(asset, url=url or "https://www.bbc.com/", **page), url=url)


# --- paragraphs and spans -------------------------------------------------------------------


def test_candy_xml_paragraph_keeps_bold_italic_and_links_as_spans() -> None:
    text = "校长说，<bold>第一批书</bold>来自<italic>城里的志愿者</italic>，" + link(
        "此前报道", "/zhongwen/simp/chinese-news-60000009"
    )
    article = parse(cps_asset([paragraph(text, "candy_xml")]))

    (block,) = article.body
    assert isinstance(block, Paragraph)
    assert block.spans == (
        Span(text="校长说，"),
        Span(text="第一批书", bold=True),
        Span(text="来自"),
        Span(text="城里的志愿者", italic=True),
        Span(text="，"),
        Span(text="此前报道", href="https://www.bbc.com/zhongwen/simp/chinese-news-60000009"),
    )
    assert (
        block.text
        == "".join(span.text for span in block.spans)
        == "校长说，第一批书来自城里的志愿者，此前报道"
    )
    assert article.layout == "simorgh-json"
    assert article.extractor == "bbc-zhongwen"


def test_introduction_is_bold_and_plain_text_entities_are_decoded() -> None:
    article = parse(
        cps_asset(
            [
                paragraph("山区的孩子终于有了&quot;自己的&quot;图书室。", role="introduction"),
                paragraph("老师说&quot;读书&amp;写字&quot;同样重要。"),
            ]
        )
    )
    intro, plain = article.paragraphs
    assert intro.text == '山区的孩子终于有了"自己的"图书室。'
    assert intro.spans == (Span(text=intro.text, bold=True),)
    assert plain.text == '老师说"读书&写字"同样重要。'
    assert plain.spans == ()  # plain text carries no spans (the rule of every BBC layout)


def test_item_meta_becomes_a_link_with_the_overtyped_headline() -> None:
    meta = [
        {
            "id": "urn:bbc:ares::asset:zhongwen/simp/chinese-news-60000010",
            "headlines": {"headline": "长标题：乡村阅读计划", "overtyped": "乡村阅读计划"},
            "locators": {"href": "https://www.bbc.com/zhongwen/simp/chinese-news-60000010"},
        }
    ]
    text = "相关报道：<itemMeta>zhongwen/simp/chinese-news-60000010</itemMeta>"
    article = parse(cps_asset([paragraph(text, "candy_xml", meta=meta)]))
    assert article.paragraphs[0].spans[-1] == Span(
        text="乡村阅读计划", href="https://www.bbc.com/zhongwen/simp/chinese-news-60000010"
    )


def test_crosshead_heading_and_subheading_are_level_two_headings() -> None:
    blocks = [
        {"type": "crosshead", "markupType": "plain_text", "text": "书从哪里来"},
        {"type": "subheading", "markupType": "plain_text", "text": "谁来管理"},
    ]
    assert parse(cps_asset(blocks)).body == (
        Heading(level=2, text="书从哪里来"),
        Heading(level=2, text="谁来管理"),
    )


# --- figures --------------------------------------------------------------------------------


def test_image_is_a_figure_with_ichef_sources_caption_and_credit() -> None:
    image = {
        "type": "image",
        "path": "/cpsprodpb/3C4D/production/_123000001_library.jpg",
        "width": 976,
        "height": 549,
        "altText": "孩子们在书架前挑书",
        "caption": "图书室里最受欢迎的是连环画。",
        "copyrightHolder": "BBC",
    }
    figure = parse(cps_asset([image])).body[0]
    assert isinstance(figure, Figure)
    locator = "cpsprodpb/3C4D/production/_123000001_library.jpg"
    assert figure.image.url == f"https://ichef.bbci.co.uk/news/976/{locator}"
    assert [(s.width, s.url) for s in figure.image.sources] == [
        (w, f"https://ichef.bbci.co.uk/news/{w}/{locator}") for w in (240, 320, 480, 624, 800)
    ]
    assert (figure.image.width, figure.image.height, figure.image.alt) == (976, 549, "孩子们在书架前挑书")
    assert figure.caption == "图书室里最受欢迎的是连环画。"
    assert figure.credit == "BBC"


def test_small_image_gets_its_own_width_as_the_last_candidate() -> None:
    image = {"type": "image", "path": "/cpsprodpb/1/production/_2_small.png", "width": 640, "height": 360}
    figure = parse(cps_asset([image])).figures[0]
    assert [s.width for s in figure.image.sources] == [240, 320, 480, 624, 640]
    assert figure.image.url.endswith("/news/640/cpsprodpb/1/production/_2_small.png")
    assert figure.caption is None and figure.credit is None


# --- lists ----------------------------------------------------------------------------------


def test_list_with_links_is_related_links_list_without_is_a_list() -> None:
    linked = {
        "type": "list",
        "items": [
            {"type": "listItem", "markupType": "candy_xml", "text": link("捐书指南", "/zhongwen/simp/a-1")},
            {
                "type": "listItem",
                "markupType": "candy_xml",
                "text": link("志愿者招募", "https://example.org/v"),
            },
        ],
    }
    plain = {
        "type": "list",
        "numbered": True,
        "items": [
            {"type": "listItem", "markupType": "plain_text", "text": "第一步：登记书目"},
            {"type": "listItem", "markupType": "plain_text", "text": "第二步：上架"},
        ],
    }
    body = parse(cps_asset([linked, plain])).body
    assert body == (
        RelatedLinks(
            links=(
                newsparse.Link(url="https://www.bbc.com/zhongwen/simp/a-1", text="捐书指南"),
                newsparse.Link(url="https://example.org/v", text="志愿者招募"),
            )
        ),
        ListBlock(ordered=True, items=("第一步：登记书目", "第二步：上架")),
    )


def test_mixed_list_keeps_every_item_in_order() -> None:
    items = [
        {"type": "listItem", "markupType": "plain_text", "text": "阅读角开放时间"},
        {"type": "listItem", "markupType": "candy_xml", "text": link("报名表", "/zhongwen/simp/form")},
        {"type": "listItem", "markupType": "plain_text", "text": "周末不开放"},
    ]
    body = parse(cps_asset([{"type": "list", "items": items}])).body
    assert [block.type for block in body] == ["list", "related_links", "list"]
    assert isinstance(body[1], RelatedLinks) and body[1].links[0].text == "报名表"


# --- media ----------------------------------------------------------------------------------


def test_media_block_builds_the_av_embed_url_and_poster() -> None:
    media = parse(cps_asset([media_block()])).body[0]
    assert media == Media(
        kind="video",
        provider="bbc",
        media_id="p0c1d2h5",
        embed_url=f"https://www.bbc.com/ws/av-embeds/cps{ASSET_URI}/p0c1d2h5/zh-hans",
        poster=newsparse.Image(
            url="https://ichef.bbci.co.uk/images/ic/1024x576/p0c1d2g4.jpg", width=1024, height=576
        ),
        caption="图书室开放第一天",
        title="孩子们第一次走进图书室",
    )


def test_audio_clip_in_traditional_script() -> None:
    asset = cps_asset([media_block(format="audio")])
    asset["metadata"]["locators"]["assetUri"] = "/zhongwen/trad/chinese-news-61000001"
    media = parse(asset, url=TRAD_URL).media[0]
    assert media.kind == "audio"
    assert (
        media.embed_url
        == "https://www.bbc.com/ws/av-embeds/cps/zhongwen/trad/chinese-news-61000001/p0c1d2h5/zh-hant"
    )


def test_live_stream_version_block_uses_its_external_id() -> None:
    block = {
        "type": "version",
        "id": "p0c1d2j6",
        "externalId": "bbc_cantonese_radio",
        "format": "audio",
        "title": "粤语广播",
        "image": {"href": "ichef.bbci.co.uk/images/ic/$recipe/p0c1d2k7.jpg", "copyrightHolder": "BBC"},
    }
    media = parse(cps_asset([block])).media[0]
    assert (media.kind, media.media_id, media.title) == ("audio", "bbc_cantonese_radio", "粤语广播")
    assert media.poster is not None and media.poster.url.endswith("/1024x576/p0c1d2k7.jpg")


def test_video_page_without_a_media_block_leads_with_the_promo_clip() -> None:
    asset = cps_asset([paragraph("校长带记者参观了图书室。")])
    asset["metadata"]["type"] = "MAP"
    asset["promo"]["media"] = media_block()
    body = parse(asset).body
    assert [block.type for block in body] == ["media", "paragraph"]
    assert isinstance(body[0], Media) and body[0].media_id == "p0c1d2h5"


def test_player_fallback_text_never_appears() -> None:
    fallback = MEDIA_FALLBACK_TEXTS[0]
    # A real page also carries the rendered player, whose noscript holds the fallback text.
    main = (
        '<div data-e2e="media-player"><iframe src="https://www.bbc.com/ws/av-embeds/cps/x/p0c1d2h5/zh-hans">'
        f"</iframe><noscript><div><strong>{fallback}</strong></div></noscript></div>"
    )
    asset = cps_asset([media_block(caption=fallback), paragraph(fallback), paragraph("图书室每天下午开放。")])
    article = parse(asset, main=main)
    dumped = article.to_json()
    assert all(text not in dumped for text in MEDIA_FALLBACK_TEXTS)
    assert [b.text for b in article.paragraphs] == ["图书室每天下午开放。"]
    assert article.media[0].caption is None


def test_unavailable_and_unknown_blocks_are_skipped_with_a_warning() -> None:
    blocks = [
        {"type": "external_vpid", "externalId": "p0c1d2m8", "format": "video"},
        {"type": "include", "href": "/include/vjasia/quiz"},
        paragraph("志愿者每周来两次。"),
    ]
    article = parse(cps_asset(blocks))
    assert [b.type for b in article.body] == ["paragraph"]
    assert any("external_vpid" in w for w in article.warnings)
    assert "simorgh-json: interactive include not extracted: /include/vjasia/quiz" in article.warnings


def _oembed_block(source: str, href: str, html: str, **oembed: Any) -> dict[str, Any]:
    """A CPS ``social_embed`` block as BBC's data holds it."""
    return {
        "type": "social_embed",
        "source": source,
        "href": href,
        "id": href.rstrip("/").rsplit("/", 1)[-1],
        "embed": {"oembed": {"html": html, "url": href, **oembed}},
    }


def test_cps_social_embeds_are_embed_blocks_and_youtube_a_media_block() -> None:
    tweet = _oembed_block(
        "twitter",
        "https://twitter.com/harbour/status/42",
        '<blockquote class="twitter-tweet"><p lang="zh">渡轮今晚停航。</p>&mdash; 港务局 (@harbour) '
        '<a href="https://twitter.com/harbour/status/42?ref_src=twsrc%5Etfw">2021年12月15日</a></blockquote>\n',
    )
    tiktok = _oembed_block(
        "tiktok",
        "https://www.tiktok.com/@harbour/video/7086167423639997701",
        '<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@harbour/video/7086167423639997701">'
        '<section><a href="https://www.tiktok.com/@harbour">@harbour</a> <p>夜市开张 '
        '<a href="https://www.tiktok.com/tag/night">#night</a></p></section></blockquote>'
        '<script async src="https://www.tiktok.com/embed.js"></script>',
        title="夜市开张 #night",
    )
    youtube = {
        "type": "social_embed",
        "source": "youtube",
        "href": "https://www.youtube.com/watch?v=S5Lkm_l-47M",
        "id": "S5Lkm_l-47M",
        "embed": {"oembed": {"title": "夜市", "thumbnail_url": "https://i.ytimg.com/vi/S5Lkm_l-47M/hqdefault.jpg"}},
    }
    article = parse(cps_asset([paragraph("第一段。"), tweet, tiktok, youtube]))
    assert [b.type for b in article.body] == ["paragraph", "embed", "embed", "media"]
    assert article.embeds == (
        Embed(provider="twitter", url="https://twitter.com/harbour/status/42", text="渡轮今晚停航。"),
        Embed(
            provider="tiktok",
            url="https://www.tiktok.com/@harbour/video/7086167423639997701",
            title="夜市开张 #night",
            text="夜市开张 #night",
        ),
    )
    assert (article.media[0].provider, article.media[0].media_id) == ("youtube", "S5Lkm_l-47M")
    assert not any("social embed" in w for w in article.warnings)


def test_optimo_social_block_is_an_embed() -> None:
    post = {
        "type": "social",
        "model": {
            "source": "https://www.instagram.com/p/CgNAEjOK46_",
            "blocks": [
                {
                    "type": "renditions",
                    "model": {
                        "blocks": [
                            {
                                "type": "aresOEmbed",
                                "model": {
                                    "oembed": {
                                        "provider_name": "Instagram",
                                        "html": '<blockquote class="instagram-media"><p>'
                                        '<a href="https://www.instagram.com/p/CgNAEjOK46_">'
                                        "A post shared by BBC</a> 港口的早晨</p></blockquote>",
                                    }
                                },
                            }
                        ]
                    },
                }
            ],
        },
    }
    article = parse(optimo_asset([_text(_para(_frag("第一段。"))), post]))
    assert article.embeds == (
        Embed(
            provider="instagram",
            url="https://www.instagram.com/p/CgNAEjOK46_",
            text="A post shared by BBC 港口的早晨",
        ),
    )


def test_coverage_is_the_share_of_the_datas_text_blocks_that_reached_the_article() -> None:
    blocks = [
        paragraph("志愿者每周来两次。"),
        {"type": "include", "title": "互动地图", "href": "/include/vjasia/map"},
        {"type": "table", "text": "一张表格的文字"},
    ]
    extraction = newsparse.extract(simorgh_page(cps_asset(blocks), url=URL), url=URL)
    coverage = explain(extraction)["coverage"]
    assert coverage["root"] == "source texts (3)"
    assert coverage["visible_chars"] == len("志愿者每周来两次。互动地图一张表格的文字")
    assert coverage["kept_chars"] == len("志愿者每周来两次。")
    assert {(x["element"], x["text"]) for x in coverage["lost"]} == {
        ("content.blocks[1] (include)", "互动地图"),
        ("content.blocks[2] (table)", "一张表格的文字"),
    }


def test_optimo_coverage_counts_captions_and_list_items() -> None:
    lost_item = {"type": "listItem", "model": {"blocks": [_para(_frag("第三项"))]}}
    article_blocks = [
        _text(_para(_frag("第一段。"))),
        {"type": "unorderedList", "model": {"blocks": [lost_item]}},
        {"type": "quiz", "model": {"blocks": [_para(_frag("一道测验题"))]}},
    ]
    extraction = newsparse.extract(simorgh_page(optimo_asset(article_blocks), url=URL), url=URL)
    coverage = explain(extraction)["coverage"]
    assert [x["text"] for x in coverage["lost"]] == ["一道测验题"]
    assert coverage["visible_chars"] == len("第一段。第三项一道测验题")


# --- metadata -------------------------------------------------------------------------------


def test_metadata_from_the_page_data() -> None:
    asset = cps_asset([paragraph("图书室由村民一起粉刷。")])
    asset["metadata"]["lastPublished"] = LATER
    asset["metadata"]["tags"] = {"about": [{"thingLabel": "教育"}], "mentions": [{"thingLabel": "乡村"}]}
    asset["promo"]["indexImage"] = {
        "path": "/cpsprodpb/5E6F/production/_123000002_index.jpg",
        "width": 1024,
        "height": 576,
        "altText": "图书室外景",
    }
    asset["relatedContent"] = {
        "section": {"name": "中国新闻", "uri": "/zhongwen/simp/chinese-news"},
        "groups": [
            {
                "type": "see-alsos",
                "promos": [
                    {
                        "headlines": {"headline": "乡村教师的一天"},
                        "locators": {"assetUri": "/zhongwen/simp/c-1"},
                    },
                    {
                        "headlines": {"overtyped": "城里的旧书去哪了"},
                        "locators": {"assetUri": "/zhongwen/simp/c-2"},
                    },
                ],
            }
        ],
    }
    article = parse(asset)
    assert article.title == "山区小学的第一间图书室"
    assert article.summary == "一所山区小学用募集来的旧书建起了图书室。"
    assert article.section == "中国新闻"
    assert article.topics == ("教育", "乡村")
    assert article.language == "zh-Hans"
    assert article.canonical_url == URL
    assert article.published == datetime(2022, 3, 1, 8, tzinfo=timezone.utc)
    assert article.modified == datetime(2022, 3, 1, 10, tzinfo=timezone.utc)
    assert article.lead_image is not None
    assert (
        article.lead_image.url
        == "https://ichef.bbci.co.uk/news/1024/cpsprodpb/5E6F/production/_123000002_index.jpg"
    )
    assert [(link.url, link.text) for link in article.related] == [
        ("https://www.bbc.com/zhongwen/simp/c-1", "乡村教师的一天"),
        ("https://www.bbc.com/zhongwen/simp/c-2", "城里的旧书去哪了"),
    ]
    assert "乡村教师的一天" not in article.text


def test_cps_byline_and_onward_sections_outside_the_body() -> None:
    asset = cps_asset([paragraph("图书室由村民一起粉刷。")])
    asset["promo"]["byline"] = {"name": "事实核查组", "persons": [{"name": "周明"}, {"name": "陈静"}]}
    asset["secondaryColumn"] = {
        "topStories": [
            {"headlines": {"headline": "头条新闻"}, "locators": {"assetUri": "/zhongwen/simp/t-1"}}
        ],
        "features": [{"headlines": {"headline": "专题报道"}, "locators": {"assetUri": "/zhongwen/simp/f-1"}}],
    }
    asset["mostRead"] = {
        "records": [
            {"promo": {"headlines": {"headline": "头条新闻"}, "locators": {"assetUri": "/zhongwen/simp/t-1"}}}
        ]
    }
    article = parse(asset)
    assert article.authors == ("周明", "陈静")
    assert [link.text for link in article.related] == ["头条新闻", "专题报道"]
    assert [block.type for block in article.body] == ["paragraph"]


def test_same_first_and_last_publication_is_no_modification() -> None:
    article = parse(cps_asset([paragraph("书架是木匠捐的。")]))
    assert article.published is not None and article.published.utcoffset() is not None
    assert article.modified is None


def test_language_follows_the_url_variant() -> None:
    assert parse(cps_asset([paragraph("圖書室開放了。")]), url=TRAD_URL).language == "zh-Hant"


# --- Optimo articles --------------------------------------------------------------------------


def _text(*paragraphs: dict[str, Any]) -> dict[str, Any]:
    return {"type": "text", "model": {"blocks": list(paragraphs)}}


def _para(*fragments: dict[str, Any]) -> dict[str, Any]:
    return {"type": "paragraph", "model": {"text": "", "blocks": list(fragments)}}


def _frag(text: str, *attributes: str) -> dict[str, Any]:
    return {"type": "fragment", "model": {"text": text, "attributes": list(attributes)}}


def optimo_asset(blocks: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "metadata": {
            "id": "urn:bbc:ares::article:c9zz8yy7xxwo",
            "locators": {"optimoUrn": "urn:bbc:optimo:asset:c9zz8yy7xxwo"},
            "type": "article",
            "language": "zh-hant",
            "createdBy": "Zhongwen",
            "firstPublished": FIRST,
            "lastPublished": LATER,
        },
        "content": {"model": {"blocks": blocks}},
        "promo": {"headlines": {"seoHeadline": "山區圖書室"}},
        "relatedContent": {"groups": []},
    }


def test_optimo_article_blocks() -> None:
    link_block = {
        "type": "urlLink",
        "model": {"locator": "https://www.bbc.com/zhongwen/trad/a-2", "blocks": [_frag("相關報道")]},
    }
    blocks = [
        {"type": "headline", "model": {"blocks": [_text(_para(_frag("山區小學的第一間圖書室")))]}},
        {"type": "timestamp", "model": {"firstPublished": FIRST, "lastPublished": LATER}},
        {
            "type": "byline",
            "model": {
                "blocks": [
                    {
                        "type": "contributor",
                        "model": {
                            "blocks": [{"type": "name", "model": {"blocks": [_text(_para(_frag("林小雨")))]}}]
                        },
                    }
                ]
            },
        },
        _text(
            _para(_frag("校長說，"), _frag("第一批書", "bold"), _frag("來自城裡。", "italic")),
            _para(_frag("見"), link_block),
        ),
        {"type": "subheadline", "model": {"blocks": [_text(_para(_frag("書從哪裡來")))]}},
        {
            "type": "image",
            "model": {
                "blocks": [
                    {"type": "altText", "model": {"blocks": [_text(_para(_frag("書架")))]}},
                    {
                        "type": "rawImage",
                        "model": {
                            "width": 800,
                            "height": 450,
                            "locator": "7A8B/live/abc.jpg",
                            "originCode": "cpsprodpb",
                            "copyrightHolder": "BBC",
                        },
                    },
                    {"type": "caption", "model": {"blocks": [_text(_para(_frag("新書架")))]}},
                ]
            },
        },
        {
            "type": "video",
            "model": {
                "blocks": [
                    {"type": "caption", "model": {"blocks": [_text(_para(_frag("開放第一天")))]}},
                    {
                        "type": "aresMedia",
                        "model": {
                            "blocks": [
                                {
                                    "type": "aresMediaMetadata",
                                    "model": {
                                        "id": "p0c1d2n9",
                                        "format": "audio_video",
                                        "title": "走進圖書室",
                                        "versions": [{"versionId": "p0c1d2p1"}],
                                    },
                                },
                                {
                                    "type": "image",
                                    "model": {
                                        "blocks": [
                                            {
                                                "type": "rawImage",
                                                "model": {
                                                    "width": 1920,
                                                    "height": 1080,
                                                    "locator": MPV_LOCATOR,
                                                    "originCode": "mpv",
                                                },
                                            }
                                        ]
                                    },
                                },
                            ]
                        },
                    },
                ]
            },
        },
        _text(
            {
                "type": "unorderedList",
                "model": {"blocks": [{"type": "listItem", "model": {"blocks": [_para(link_block)]}}]},
            }
        ),
    ]
    url = "https://www.bbc.com/zhongwen/articles/c9zz8yy7xxwo/trad"
    article = parse(optimo_asset(blocks), url=url, lang="zh-hant")

    assert article.title == "山區小學的第一間圖書室"
    assert article.authors == ("林小雨",)
    assert article.language == "zh-Hant"
    assert article.published == datetime(2022, 3, 1, 8, tzinfo=timezone.utc)
    assert [b.type for b in article.body] == [
        "paragraph",
        "paragraph",
        "heading",
        "figure",
        "media",
        "related_links",
    ]
    first, second = article.paragraphs
    assert first.spans == (
        Span(text="校長說，"),
        Span(text="第一批書", bold=True),
        Span(text="來自城裡。", italic=True),
    )
    assert second.spans[-1] == Span(text="相關報道", href="https://www.bbc.com/zhongwen/trad/a-2")
    figure = article.figures[0]
    assert figure.image.url == "https://ichef.bbci.co.uk/news/800/cpsprodpb/7A8B/live/abc.jpg"
    assert (figure.caption, figure.credit, figure.image.alt) == ("新書架", "BBC", "書架")
    media = article.media[0]
    assert media.media_id == "p0c1d2p1"
    assert media.embed_url == "https://www.bbc.com/ws/av-embeds/articles/c9zz8yy7xxwo/p0c1d2p1/zh-hant"
    assert media.caption == "開放第一天" and media.title == "走進圖書室"
    assert (
        media.poster is not None
        and media.poster.url == "https://ichef.bbci.co.uk/images/ic/1920xn/p0c1d2q2.jpg"
    )
    assert article.canonical_url == url


# --- detection, sniffing and fallback ---------------------------------------------------------


def test_broken_json_falls_back_to_the_markup_with_a_warning() -> None:
    main = (
        '<h1 id="content" tabindex="-1">山区小学的第一间图书室</h1>'
        "<div><p>图书室由村民一起粉刷。</p></div><div><p>书架是木匠捐的。</p></div>"
    )
    html = simorgh_page(None, url=URL, main=main, raw_data='{"pageData": {"content": {"blocks": [}}')
    article = newsparse.parse(html, url=URL)
    assert article.layout == "simorgh-dom"
    assert any("SIMORGH_DATA" in warning and "broken" in warning for warning in article.warnings)
    assert [p.text for p in article.paragraphs] == ["图书室由村民一起粉刷。", "书架是木匠捐的。"]


def test_page_data_without_an_article_is_not_this_layout() -> None:
    from newsparse.extractors.bbc import simorgh_json
    from newsparse.page import Page

    front_page = {"metadata": {"type": "IDX"}, "content": {"groups": []}}
    assert not simorgh_json.detect(Page.from_input(simorgh_page(front_page, url=URL), url=URL))
    assert simorgh_json.detect(
        Page.from_input(simorgh_page(cps_asset([paragraph("有书了。")]), url=URL), url=URL)
    )


@pytest.mark.parametrize(("service", "ours"), [("zhongwen", True), ("pidgin", False)])
def test_page_without_url_is_sniffed_by_its_service(service: str, ours: bool) -> None:
    from newsparse.extractors.bbc import simorgh_json
    from newsparse.page import Page

    asset = cps_asset([paragraph("图书室开放了。")])
    asset["metadata"] = {"type": "STY", "firstPublished": FIRST}  # nothing else names the site
    html = simorgh_page(asset, url="https://example.org/", service=service)
    page = Page.from_input(html)
    assert simorgh_json.sniff(page, (service_by_id("zhongwen"),)) is ours  # bbc-zhongwen's question
    assert simorgh_json.sniff(page) is True  # bbc-world-service takes every site
    if ours:
        article = newsparse.parse(html)
        assert (article.extractor, article.layout) == ("bbc-zhongwen", "simorgh-json")


def test_hostile_page_data_does_not_break_extraction() -> None:
    deep: dict[str, Any] = _text(_para(_frag("最里层")))
    for _ in range(200):
        deep = {"type": "text", "model": {"blocks": [deep]}}
    blocks: list[Any] = [
        "not a block",
        {"type": "paragraph", "text": 12345},
        {"type": "image", "path": None, "width": "wide"},
        {"type": "media", "versions": "none"},
        paragraph("正常的一段。"),
    ]
    article = parse(cps_asset(blocks))
    assert [p.text for p in article.paragraphs] == ["正常的一段。"]
    nested = parse(optimo_asset([deep, _text(_para(_frag("正常的一段。")))]))
    assert [p.text for p in nested.paragraphs] == ["正常的一段。"]
    assert any("too deep" in warning for warning in nested.warnings)


# --- golden fixtures ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", [c for c in golden_cases(FIXTURES) if c.name.startswith("json-")], ids=str)
def test_golden_fixture(case: GoldenCase, update_goldens: bool) -> None:
    check_golden(case, update=update_goldens)
    assert run_case(case).article.layout == "simorgh-json"
