"""The ``simorgh-dom`` layout of bbc-zhongwen: one test per rule, then the golden pages.

Pages here are small invented pieces in the markup shapes of BBC's rendered Simorgh
snapshots (2021-12-14) and of the user's capture; the golden pages are in
fixtures/bbc-zhongwen/dom-*.html.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import newsparse
from newsparse import registry
from newsparse.diagnostics import explain
from newsparse.extractors.bbc.common import (
    av_embed_url,
    normalize_language,
    site_of,
    site_of_page,
    strip_site_suffix,
    vpid_of,
)
from newsparse.extractors.bbc.service import strings_for
from newsparse.model import Article, Embed, Figure, ListBlock, Media, Paragraph, RelatedLinks
from newsparse.page import Page
from newsparse.testing import GoldenCase, check_golden, golden_cases

MEDIA_FALLBACK_TEXTS = strings_for("zhongwen").fallbacks

# BBC Chinese's site record, as a page under /zhongwen/ gets it.
ZH = site_of(["https://www.bbc.com/zhongwen/simp/world-1"])
clean_caption, clean_credit, clean_media_caption = ZH.clean_caption, ZH.clean_credit, ZH.clean_media_caption
is_fallback_text = ZH.is_fallback_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "bbc-zhongwen"
URL = "https://www.bbc.com/zhongwen/simp/chinese-news-10009999"
TRAD_URL = "https://www.bbc.com/zhongwen/trad/chinese-news-10009999"
RETRIEVED = datetime(2022, 5, 4, 12, 0, tzinfo=timezone.utc)
EMBED = "https://www.bbc.com/ws/av-embeds/cps/zhongwen/simp/chinese-news-10009999"
ICHEF = "https://ichef.bbci.co.uk/news/{w}/cpsprodpb/ABCD/production/_100009999_demo.jpg"


def page(main: str, *, head: str = "", after: str = "", lang: str = "zh-hans") -> str:
    """A Simorgh-shaped page around ``main`` (no SIMORGH_DATA, so simorgh-dom reads it)."""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head>'
        f'<body><div id="root"><main role="main">'
        f'<div><h1 id="content" tabindex="-1">示例标题：测试页面</h1></div>{main}</main>{after}</div>'
        "</body></html>"
    )


def parse(html: str, url: str | None = URL, retrieved_at: datetime | None = RETRIEVED) -> Article:
    return newsparse.parse(html, url=url, retrieved_at=retrieved_at)


def para(text: str) -> str:
    return f'<div class="bbc-19j92fr"><p class="bbc-1sy09mr">{text}</p></div>'


FIGURE = (
    '<div><figure class="bbc-1qn0xuy"><div><div><div data-e2e="image-placeholder">'
    '<img alt="示例图片" src="{src}" srcset="{srcset}" width="976" height="549"/>'
    '<p role="text"><span class="bbc-m04vo2">{credit_prefix}</span><span>{credit}</span></p>'
    '</div></div><div><figcaption><span class="bbc-m04vo2">{caption_prefix}</span>'
    "<p>{caption}</p></figcaption></div></div></figure></div>"
)


def figure_html(
    *,
    caption: str = "示例说明文字。",
    credit: str = "示例通讯社",
    caption_prefix: str = "图像加注文字，",
    credit_prefix: str = "图像来源，",
    src: str = ICHEF.format(w=640),
    srcset: str = f"{ICHEF.format(w=240)} 240w, {ICHEF.format(w=800)} 800w",
) -> str:
    return FIGURE.format(
        caption=caption,
        credit=credit,
        caption_prefix=caption_prefix,
        credit_prefix=credit_prefix,
        src=src,
        srcset=srcset,
    )


def player_html(
    vpid: str = "p0c9d8f7",
    *,
    caption: str = "示例视频说明",
    prefix: str = "视频加注文字，",
    title: str = "多媒体播放器",
    fallback: str = "你的器材不支持播放多媒体材料",
) -> str:
    return (
        '<div><figure><div data-e2e="media-player">'
        f'<iframe src="{EMBED}/{vpid}/zh-hans" '
        f'title="{title}" allowfullscreen=""></iframe>'
        '<noscript><div><img src="https://ichef.bbci.co.uk/images/ic/1024x576/p0c9d8g9.jpg" alt=""/>'
        f"<div><strong>{fallback}</strong></div></div></noscript></div>"
        f"<figcaption><span>{prefix}</span><p>{caption}</p></figcaption></figure></div>"
    )


def dumped(article: Article) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False)


# --- hidden prefixes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clean", "raw", "expected"),
    [
        (clean_caption, "图像加注文字，市场里的人群", "市场里的人群"),
        (clean_caption, "圖像加註文字，市場裡的人群", "市場裡的人群"),
        (clean_caption, "说明文字，一段说明", "一段说明"),
        (clean_credit, "图像来源，Getty Images", "Getty Images"),
        (clean_credit, "圖像來源，Reuters", "Reuters"),
        (clean_media_caption, "视频加注文字，记者现场报道", "记者现场报道"),
        (clean_media_caption, "音頻加註文字，記者現場報道", "記者現場報道"),
        (clean_media_caption, "你的器材不支持播放多媒体材料", None),
        (clean_caption, "  ", None),
    ],
)
def test_hidden_prefixes_are_stripped_in_both_scripts(clean: object, raw: str, expected: str | None) -> None:
    assert clean(raw) == expected  # type: ignore[operator]


@pytest.mark.parametrize(
    ("caption_prefix", "credit_prefix", "lang", "url"),
    [
        ("图像加注文字，", "图像来源，", "zh-hans", URL),
        ("圖像加註文字，", "圖像來源，", "zh-hant", TRAD_URL),
        ("", "", "zh-hans", URL),  # a capture that removed the hidden spans
    ],
)
def test_figure_caption_and_credit_without_prefixes(
    caption_prefix: str, credit_prefix: str, lang: str, url: str
) -> None:
    html = page(
        figure_html(caption="示例：码头上的工人。", credit="示例摄影", caption_prefix=caption_prefix).replace(
            "图像来源，", credit_prefix
        )
        + para("正文第一段。"),
        lang=lang,
    )
    article = parse(html, url=url)
    (figure,) = article.figures
    assert figure.caption == "示例：码头上的工人。"
    assert figure.credit == "示例摄影"
    assert [p.text for p in article.paragraphs] == ["正文第一段。"]  # caption and credit stay out


def test_figure_image_is_the_largest_srcset_candidate_with_all_sources() -> None:
    article = parse(page(figure_html()))
    image = article.figures[0].image
    assert image.url == ICHEF.format(w=800)
    assert [(s.url, s.width) for s in image.sources] == [
        (ICHEF.format(w=240), 240),
        (ICHEF.format(w=800), 800),
    ]
    # width/height describe the chosen 800w candidate, scaled by the declared 976x549.
    assert (image.width, image.height, image.alt) == (800, 450, "示例图片")


def test_proxied_src_is_unwrapped_and_scheme_restored() -> None:
    proxied = "https://images.weserv.nl/?url=ichef.bbci.co.uk/news/640/cpsprodpb/ABCD/production/_1_demo.jpg"
    article = parse(page(figure_html(src=proxied, srcset="")))
    assert (
        article.figures[0].image.url
        == "https://ichef.bbci.co.uk/news/640/cpsprodpb/ABCD/production/_1_demo.jpg"
    )


def test_camel_cased_attributes_of_a_capture_are_read() -> None:
    html = page(
        '<div><time dateTime="2022-05-04">2 小时前</time></div>'
        '<div><div data-e2e="image-placeholder">'
        f'<img srcSet="{ICHEF.format(w=320)} 320w, {ICHEF.format(w=624)} 624w" src="x.jpg"/></div>'
        "<div><p>说明</p></div></div>"
    )
    article = parse(html)
    assert article.figures[0].image.url == ICHEF.format(w=624)
    assert article.published == RETRIEVED - timedelta(hours=2)


def test_picture_sources_give_the_jpeg_candidates_not_webp() -> None:
    html = page(
        '<div><figure><div data-e2e="image-placeholder"><picture>'
        f'<source srcset="{ICHEF.format(w=240)}.webp 240w, {ICHEF.format(w=800)}.webp 800w" '
        'type="image/webp"/>'
        f'<source srcset="{ICHEF.format(w=240)} 240w, {ICHEF.format(w=800)} 800w" type="image/jpeg"/>'
        f'<img src="{ICHEF.format(w=640)}" alt="示例"/></picture></div></figure></div>'
    )
    image = parse(html).figures[0].image
    assert image.url == ICHEF.format(w=800)
    assert [s.width for s in image.sources] == [240, 800]
    assert not any(s.url.endswith(".webp") for s in image.sources)


def test_lazy_figure_takes_the_noscript_image() -> None:
    html = page(
        '<div><figure><div><div class="lazyload-wrapper"><div class="lazyload-placeholder"></div></div>'
        f'<noscript><img src="{ICHEF.format(w=640)}" alt="懒加载"/></noscript></div>'
        "<figcaption><span>图像加注文字，</span><p>懒加载的图片</p></figcaption></figure></div>"
    )
    (figure,) = parse(html).figures
    assert figure.image.url == ICHEF.format(w=640)
    assert figure.caption == "懒加载的图片"


def test_figure_without_any_image_url_is_skipped_with_a_warning() -> None:
    html = page(
        '<div><figure><div data-e2e="image-placeholder"><noscript></noscript></div>'
        "<figcaption><span>图像加注文字，</span><p>没有地址的图片</p></figcaption></figure></div>"
        + para("正文。")
    )
    article = parse(html)
    assert article.figures == ()
    assert any("image without a URL" in w and "没有地址的图片" in w for w in article.warnings)
    assert [p.text for p in article.paragraphs] == ["正文。"]


# --- media ----------------------------------------------------------------------------------


def test_media_block_fields() -> None:
    (media,) = parse(page(player_html())).media
    assert media.kind == "video"
    assert media.provider == "bbc"
    assert media.media_id == "p0c9d8f7"
    assert (
        media.embed_url
        == "https://www.bbc.com/ws/av-embeds/cps/zhongwen/simp/chinese-news-10009999/p0c9d8f7/zh-hans"
    )
    assert (
        media.poster is not None
        and media.poster.url == "https://ichef.bbci.co.uk/images/ic/1024x576/p0c9d8g9.jpg"
    )
    assert media.caption == "示例视频说明"


@pytest.mark.parametrize("fallback", MEDIA_FALLBACK_TEXTS)
def test_player_fallback_text_never_appears(fallback: str) -> None:
    article = parse(page(player_html(fallback=fallback) + para(fallback) + para("正文。")))
    assert fallback not in dumped(article)
    assert [p.text for p in article.paragraphs] == ["正文。"]
    assert len(article.media) == 1


def test_audio_player_is_audio() -> None:
    (media,) = parse(page(player_html(title="音频播放器", prefix="音频加注文字，"))).media
    assert media.kind == "audio"


def test_trad_video_caption_prefix_does_not_make_it_audio() -> None:
    # The traditional-script service labels video captions 音頻加註文字 (its config says so).
    (media,) = parse(page(player_html(prefix="音頻加註文字，"), lang="zh-hant"), url=TRAD_URL).media
    assert media.kind == "video"
    assert media.caption == "示例视频说明"


def test_media_loader_without_a_media_id_keeps_its_poster_and_caption_with_a_warning() -> None:
    html = page(
        '<div><figure data-e2e="media-loader__container"><div data-e2e="media-loader__placeholder">'
        '<button type="button"><span>播放视频, "一段视频的标题", 节目全长 0,54</span>'
        '<time datetime="PT54S">00:54</time></button>'
        '<img src="https://ichef.bbci.co.uk/images/ic/1024x576/p0c9d8g9.jpg" alt=""/></div>'
        "<figcaption><span>视频加注文字，</span>一段视频</figcaption></figure></div>" + para("正文。")
    )
    article = parse(html)
    (media,) = article.media
    assert (media.media_id, media.caption, media.title) == (None, "一段视频", "一段视频的标题")
    assert media.poster is not None and media.poster.url.endswith("p0c9d8g9.jpg")
    assert any("media player without a media id in the markup" in w for w in article.warnings)
    assert "一段视频" not in [p.text for p in article.paragraphs]
    assert not any("PT54S" in w for w in article.warnings)  # the duration <time> is no date


def test_video_page_leads_with_its_player_and_drops_the_repeated_headline() -> None:
    html = page(
        player_html(caption="")
        + "<div><strong>示例标题：测试页面</strong></div>"
        + '<div><time datetime="2022-05-04">1 小时前</time></div>'
        + para("视频说明正文。")
    )
    article = parse(html)
    assert isinstance(article.body[0], Media)
    assert [p.text for p in article.paragraphs] == ["视频说明正文。"]
    assert article.media[0].caption is None


# --- boilerplate ----------------------------------------------------------------------------


def test_ads_are_dropped_even_when_not_aria_hidden() -> None:
    ad = (
        '<section aria-label="广告" role="region" data-e2e="advertisement">'
        "<div><span>广告</span></div></section>"
    )
    article = parse(page(para("第一段。") + ad + para("第二段。")))
    assert [p.text for p in article.paragraphs] == ["第一段。", "第二段。"]
    assert "广告" not in dumped(article)


def test_hidden_elements_and_social_embed_furniture_are_not_body() -> None:
    html = page(
        para("第一段。")
        + '<div aria-hidden="true"><p>隐藏的文字</p></div>'
        + '<div data-e2e="twitter-embed-https://twitter.com/example/status/1"><div>推文</div></div>'
    )
    article = parse(html)
    assert [p.text for p in article.paragraphs] == ["第一段。"]
    # The page holds no post (the script never ran): an embed pointing to it, no text.
    assert article.embeds == (Embed(provider="twitter", url="https://twitter.com/example/status/1"),)
    assert "推文" not in dumped(article)


def _social(provider: str, href: str, code: str) -> str:
    """A Simorgh social embed as rendered: skip link, the embed code, the end marker."""
    return (
        f'<div data-e2e="{provider}-embed-{href}"><div>'
        f'<a href="#end-of-{provider}-content-1"><span>跳过 {provider} 帖子, 1</span></a>'
        f"<div>{code}</div>"
        f'<p id="end-of-{provider}-content-1" tabindex="-1">{provider} 帖子结束, 1</p>'
        "</div></div>"
    )


def test_social_embeds_become_embed_blocks_with_the_posts_words() -> None:
    tweet = _social(
        "twitter",
        "https://twitter.com/harbour/status/42",
        '<blockquote class="twitter-tweet"><p lang="zh">渡轮今晚停航。</p>&mdash; 港务局 (@harbour) '
        '<a href="https://twitter.com/harbour/status/42?ref_src=twsrc%5Etfw">2021年12月15日</a></blockquote>',
    )
    instagram = _social(
        "instagram",
        "https://www.instagram.com/p/Cx1/",
        '<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/Cx1/">'
        '<p><a href="https://www.instagram.com/p/Cx1/">© 2021 Instagram</a></p></blockquote>',
    )
    extraction = newsparse.extract(page(para("第一段。") + tweet + instagram + para("第二段。")), url=URL)
    article = extraction.article
    assert [b.type for b in article.body] == ["paragraph", "embed", "embed", "paragraph"]
    assert article.embeds == (
        Embed(provider="twitter", url="https://twitter.com/harbour/status/42", text="渡轮今晚停航。"),
        Embed(provider="instagram", url="https://www.instagram.com/p/Cx1/"),
    )
    assert not any("social embed" in w for w in article.warnings)
    # The skip link, end marker and attribution are furniture: coverage stays full.
    assert explain(extraction)["coverage"]["coverage"] == 1.0


def test_youtube_social_embed_in_markup_is_a_media_block() -> None:
    video = _social(
        "youtube",
        "https://www.youtube.com/watch?v=S5Lkm_l-47M",
        '<iframe src="https://www.youtube-nocookie.com/embed/S5Lkm_l-47M?feature=oembed"></iframe>',
    )
    (media,) = parse(page(para("第一段。") + video)).media
    assert (media.provider, media.media_id, media.embed_url) == (
        "youtube",
        "S5Lkm_l-47M",
        "https://www.youtube.com/embed/S5Lkm_l-47M",
    )


def test_inline_formatting_and_links_become_spans() -> None:
    html = page(para('<b>粗体</b>普通<i>斜体</i><a href="/zhongwen/simp/world-1">链接</a>。'))
    (paragraph,) = parse(html).paragraphs
    assert paragraph.text == "粗体普通斜体链接。"
    assert [(s.text, s.bold, s.italic, s.href) for s in paragraph.spans] == [
        ("粗体", True, False, None),
        ("普通", False, False, None),
        ("斜体", False, True, None),
        ("链接", False, False, "https://www.bbc.com/zhongwen/simp/world-1"),
        ("。", False, False, None),
    ]


def test_plain_paragraph_has_no_spans() -> None:
    (paragraph,) = parse(page(para("只有文字。"))).paragraphs
    assert paragraph == Paragraph(text="只有文字。")


# --- lists ----------------------------------------------------------------------------------


def ul(*items: str) -> str:
    return '<div><ul role="list">' + "".join(f'<li role="listitem">{i}</li>' for i in items) + "</ul></div>"


def test_list_of_links_is_related_links_with_absolute_urls() -> None:
    html = page(
        para("相关报道：")
        + ul(
            '<a href="/zhongwen/simp/world-1">第一篇</a>',
            '<a href="https://www.bbc.com/zhongwen/simp/world-2">第二篇</a>',
        )
        + para("正文。")
    )
    article = parse(html)
    assert isinstance(article.body[1], RelatedLinks)
    assert [(x.url, x.text) for x in article.related_links[0].links] == [
        ("https://www.bbc.com/zhongwen/simp/world-1", "第一篇"),
        ("https://www.bbc.com/zhongwen/simp/world-2", "第二篇"),
    ]


def test_list_without_links_is_a_list_block() -> None:
    article = parse(page(para("三点：") + ul("第一点", "第<b>二</b>点", "第三点")))
    assert article.body[-1] == ListBlock(ordered=False, items=("第一点", "第二点", "第三点"))
    assert article.related_links == ()


def test_mixed_list_is_a_list_block() -> None:
    article = parse(page(para("说明：") + ul("纯文字", '<a href="/zhongwen/simp/world-1">链接</a>')))
    assert isinstance(article.body[-1], ListBlock)


def test_ordered_list() -> None:
    html = page(para("步骤：") + '<div><ol role="list"><li>一</li><li>二</li></ol></div>')
    assert parse(html).body[-1] == ListBlock(ordered=True, items=("一", "二"))


def test_byline_list_at_the_top_becomes_authors() -> None:
    html = page(
        ul("张示例", "BBC中文记者")
        + '<div><time datetime="2022-05-04">3 小时前</time></div>'
        + para("正文。")
    )
    article = parse(html)
    assert article.authors == ("张示例",)
    assert [b.type for b in article.body] == ["paragraph"]


def test_onward_sections_go_to_related_never_the_body() -> None:
    onward = (
        '<section data-e2e="related-content-heading" role="region"><h2>更多相关内容</h2><ul role="list">'
        '<li><div data-e2e="story-promo"><h3><a href="/zhongwen/simp/world-7"><span role="text">'
        "<span>视频, </span><span>相关视频</span><span>, 节目全长 1,07</span></span></a></h3>"
        '<time datetime="2022-05-01">2022年5月1日</time></div></li></ul></section>'
        '<section data-e2e="most-read" role="region"><h2>热读</h2><ol role="list"><li role="listitem">'
        '<span>1</span><a href="/zhongwen/simp/world-8">热读文章</a></li></ol></section>'
    )
    article = parse(page(para("正文。"), after=onward))
    assert [(x.url, x.text) for x in article.related] == [
        ("https://www.bbc.com/zhongwen/simp/world-7", "相关视频"),
        ("https://www.bbc.com/zhongwen/simp/world-8", "热读文章"),
    ]
    assert [b.type for b in article.body] == ["paragraph"]
    assert "更多相关内容" not in dumped(article)


# --- dates ----------------------------------------------------------------------------------


def test_relative_time_in_traditional_script() -> None:
    html = page('<div><time datetime="2022-05-04">3 小時前</time></div>' + para("正文。"), lang="zh-hant")
    article = parse(html, url=TRAD_URL)
    assert article.published == RETRIEVED - timedelta(hours=3)
    assert article.language == "zh-Hant"


def test_updated_time_marks_modification() -> None:
    html = page(
        '<div><time datetime="2022-05-03">2022年5月3日</time></div>'
        '<div><time datetime="2022-05-04">最近更新：20 分钟前</time></div>' + para("正文。")
    )
    article = parse(html)
    assert article.modified == RETRIEVED - timedelta(minutes=20)
    assert article.published == datetime(2022, 5, 3, tzinfo=timezone.utc)
    assert "published: only the day is known (2022-05-03); set to 00:00 UTC" in article.warnings


def test_relative_time_contradicting_the_attribute_falls_back_to_the_day() -> None:
    html = page('<div><time datetime="2022-04-20">30 分钟前</time></div>' + para("正文。"))
    article = parse(html)
    assert article.published == datetime(2022, 4, 20, tzinfo=timezone.utc)
    assert any("does not fall on the datetime attribute's day" in w for w in article.warnings)


def test_jsonld_dates_win_over_the_visible_time() -> None:
    ld = (
        '<script type="application/ld+json">{"@context": "http://schema.org", "@graph": [{"@type": '
        '"ReportageNewsArticle", "datePublished": "2022-05-04T08:01:00+00:00", '
        '"dateModified": "2022-05-04T09:30:00+00:00"}]}</script>'
    )
    html = page('<div><time datetime="2022-05-04">4 小时前</time></div>' + para("正文。"), head=ld)
    article = parse(html)
    assert article.published == datetime(2022, 5, 4, 8, 1, tzinfo=timezone.utc)
    assert article.modified == datetime(2022, 5, 4, 9, 30, tzinfo=timezone.utc)


# --- routing, detection, sniffing -----------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://www.bbc.com/zhongwen/simp/world-59666831",
        "https://www.bbc.com/zhongwen/trad/world-59666831",
        "https://www.bbc.co.uk/zhongwen/simp/world-59666831",
        "https://www.bbc.co.uk/zhongwen/trad/chinese-news-57526233",
        "https://bbc.com/zhongwen/simp/world-59666831?at_medium=RSS",
        "https://www.bbc.com/zhongwen/articles/c3xd4x9prgyo/simp",
        "https://www.bbc.com/zhongwen/articles/c3xd4x9prgyo/trad",
        "http://www.bbc.co.uk/zhongwen/simp/chinese_news/2012/12/121210_hongkong_politics.shtml",
        "http://www.bbc.co.uk/zhongwen/trad/uk/2013/05/130520_example_tea_house.shtml",
    ],
)
def test_url_forms_route_to_bbc_zhongwen(url: str) -> None:
    selection = registry.select(None, url=url)
    assert selection.extractor.name == "bbc-zhongwen"
    assert selection.reason == "url"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.bbc.com/news/world-59666831",
        "https://www.bbc.com/ukchina/simp/uk-59666831",
        "https://www.bbc.com/zhongwenx/simp/world-1",
        "https://www.example.com/zhongwen/simp/world-59666831",
    ],
)
def test_other_urls_do_not_route_to_bbc_zhongwen(url: str) -> None:
    assert registry.select(None, url=url).extractor.name != "bbc-zhongwen"


@pytest.mark.parametrize(
    ("url", "language"),
    [
        ("https://www.bbc.com/zhongwen/simp/world-1", "zh-Hans"),
        ("https://www.bbc.co.uk/zhongwen/trad/world-1", "zh-Hant"),
        ("https://www.bbc.com/zhongwen/articles/c3xd4x9prgyo/trad", "zh-Hant"),
    ],
)
def test_language_comes_from_the_url_variant(url: str, language: str) -> None:
    assert parse(page(para("正文。"), lang="en-GB"), url=url).language == language


def test_sniffing_without_url_by_site_name() -> None:
    html = page(para("没有网址的页面。"), head='<meta property="og:site_name" content="BBC News 中文">')
    extraction = newsparse.extract(html)
    assert (extraction.selection.reason, extraction.article.extractor) == ("sniff", "bbc-zhongwen")


def test_sniffing_without_url_by_capture_content() -> None:
    html = (
        '<main role="main"><div><p>一段中文正文。</p></div>'
        '<div><ul role="list"><li role="listitem"><a href="https://www.bbc.com/zhongwen/trad/world-1">連結</a>'
        "</li></ul></div></main>"
    )
    extraction = newsparse.extract(html)
    assert extraction.article.extractor == "bbc-zhongwen"
    assert extraction.article.language == "zh-Hant"


def test_sniffing_refuses_other_simorgh_services() -> None:
    html = page(para("Dis na pidgin tori."), lang="pcm").replace("示例标题：测试页面", "Pidgin headline")
    html = html.replace("<body>", '<body><a href="https://www.bbc.com/pidgin/tori-1">tori</a>')
    assert newsparse.extract(html).article.extractor != "bbc-zhongwen"


def test_broken_simorgh_data_falls_back_to_the_markup_with_a_warning() -> None:
    html = page(para("正文。")).replace(
        "</body>", '<script>window.SIMORGH_DATA={"pageData": {</script></body>'
    )
    article = parse(html)
    assert article.layout == "simorgh-dom"
    assert [p.text for p in article.paragraphs] == ["正文。"]
    assert any("SIMORGH_DATA" in w and "broken" in w for w in article.warnings)


def test_diagnostics_name_the_content_root_and_what_was_skipped() -> None:
    ad = '<section role="region" data-e2e="advertisement"><span>广告</span></section>'
    extraction = newsparse.extract(page(para("正文。") + ad), url=URL, retrieved_at=RETRIEVED)
    context = extraction.context
    assert context.content_root is not None and context.content_root.tag == "main"
    assert ("layout", "simorgh-dom: detected") in [(d.what, d.detail) for d in context.decisions]
    assert [s.reason for s in context.skipped] == ["advertisement"]


def test_title_falls_back_from_an_empty_h1_to_the_page_title() -> None:
    html = page(para("正文。"), head="<title>示例页面标题 - BBC News 中文</title>").replace(
        "示例标题：测试页面", ""
    )
    assert parse(html).title == "示例页面标题"


# --- common helpers -------------------------------------------------------------------------


def test_vpid_and_embed_url_helpers() -> None:
    cps = av_embed_url("cps", "/zhongwen/simp/world-59666831", "p0b4g7w8", language="zh-hans")
    assert cps == "https://www.bbc.com/ws/av-embeds/cps/zhongwen/simp/world-59666831/p0b4g7w8/zh-hans"
    optimo = av_embed_url("articles", "c3xd4x9prgyo", "p0b4g7w8", language="zh-hant")
    assert optimo == "https://www.bbc.com/ws/av-embeds/articles/c3xd4x9prgyo/p0b4g7w8/zh-hant"
    assert vpid_of(cps) == vpid_of(optimo) == "p0b4g7w8"
    assert (
        vpid_of("https://www.bbc.com/ws/av-embeds/media/bbc_cantonese_radio/w172xf3r5x8hw4v/zh")
        == "w172xf3r5x8hw4v"
    )
    assert vpid_of("https://www.youtube.com/embed/p0b4g7w8") is None


def test_small_helpers() -> None:
    assert normalize_language("zh-hans") == "zh-Hans"
    assert normalize_language("zh_tw") == "zh-TW"
    assert normalize_language("not a tag!") is None
    assert strip_site_suffix("标题 - BBC News 中文") == "标题"
    assert strip_site_suffix("港特首道歉 - BBC中文网 - 两岸三地") == "港特首道歉"
    assert is_fallback_text(" 你的器材不支持播放多媒体材料 ")
    assert not is_fallback_text("你的器材不支持播放多媒体材料，但正文继续")


def test_page_helpers_without_url() -> None:
    seed_like = Page.from_input(
        '<main role="main"><iframe src="https://www.bbc.com/ws/av-embeds/cps/zhongwen/trad/x/p0b4g7w8/zh-hant"></iframe></main>'
    )
    site = site_of_page(seed_like)
    assert site.variant is not None and site.variant.name == "trad"
    assert site.language == "zh-Hant"


# --- golden pages ---------------------------------------------------------------------------


def test_golden_pages_hold_what_their_rules_promise() -> None:
    """Spot checks on the golden pages, independent of the golden files."""
    story = newsparse.parse_file(FIXTURES / "dom-story-simp.html", **_inputs("dom-story-simp"))
    assert story.authors == ("林小雨",)
    assert story.modified == datetime(2021, 12, 14, 7, 30, tzinfo=timezone.utc)  # 最近更新：2 小时前
    assert [len(b.links) for b in story.related_links] == [3]
    assert len(story.related) == 5 and "广告" not in dumped(story)
    gallery = newsparse.parse_file(FIXTURES / "dom-gallery.html", **_inputs("dom-gallery"))
    assert all(isinstance(b, Figure) for b in gallery.body[1:]) and len(gallery.figures) == 3
    video = newsparse.parse_file(FIXTURES / "dom-video.html", **_inputs("dom-video"))
    assert isinstance(video.body[0], Media) and video.media[0].media_id == "p0f7g8h9"


def _inputs(name: str) -> dict[str, object]:
    data = json.loads((FIXTURES / f"{name}.input.json").read_text(encoding="utf-8"))
    return {"url": data["url"], "retrieved_at": datetime.fromisoformat(data["retrieved_at"])}


@pytest.mark.parametrize("case", [c for c in golden_cases(FIXTURES) if c.name.startswith("dom-")], ids=str)
def test_golden(case: GoldenCase, update_goldens: bool) -> None:
    check_golden(case, update=update_goldens)
