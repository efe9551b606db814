"""The user's sample page (fixtures/bbc-zhongwen/seed-world-59666831.txt), field by field.

The sample is a capture of https://www.bbc.com/zhongwen/simp/world-59666831 made on
2021-12-15: only ``<main>``, ``<figure>``/``<figcaption>`` turned into ``<div>``, hidden
prefix spans removed, camel-cased attributes, proxied ``img src`` and an empty ``<h1>``.
The numbers below were counted in the file itself (34 ``<p>``: 31 paragraphs, one image
credit ``p[role=text]``, one image caption, one video caption).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

import newsparse
from newsparse.extractors.bbc.service import strings_for
from newsparse.model import Article
from newsparse.testing import GoldenCase, check_golden, golden_cases

MEDIA_FALLBACK_TEXTS = strings_for("zhongwen").fallbacks

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "bbc-zhongwen" / "seed-world-59666831.txt"
URL = "https://www.bbc.com/zhongwen/simp/world-59666831"
TITLE = "习近平普京视频峰会三大看点：中俄相互“打气”联手应对西方"
ICHEF = (
    "https://ichef.bbci.co.uk/news/{w}/cpsprodpb/12748/production/"
    "_122229557_37e86007-eb5f-4d26-a4cd-0605e79d2fbc.jpg"
)
CAPTION = (
    "中俄两国领导人在2021年年底举行视频会谈。"
    "习近平说会谈是“全面总结今年双边关系发展新成果，对各领域合作作出新规划”。"
)
HEADINGS = ["“协调与配合”", "共同面对西方压力", "经贸与能源合作", "西方国家看法"]
# The reading order, one letter per block: P paragraph, H heading, F figure, M media, R related links.
ORDER = "FPPPPPRHPPPPMPHPPPPRPPPPPPPHPPPPPPHPPPP"


@pytest.fixture(scope="module")
def article() -> Article:
    return newsparse.parse(SEED.read_bytes())


def _letters(article: Article) -> str:
    kinds = {"paragraph": "P", "heading": "H", "figure": "F", "media": "M", "related_links": "R"}
    return "".join(kinds[block.type] for block in article.body)


def test_seed_metadata(article: Article) -> None:
    assert article.title == TITLE  # from the capture's title: the page's <h1> is empty
    assert article.url == URL
    assert article.language == "zh-Hans"
    assert article.extractor == "bbc-zhongwen"
    assert article.layout == "simorgh-dom"
    assert article.warnings == ()


def test_seed_dates(article: Article) -> None:
    # <!--1639591987000--> is the crawl time; the page shows "30 分钟前" on <time dateTime="2021-12-15">.
    retrieved = datetime(2021, 12, 15, 18, 13, 7, tzinfo=timezone.utc)
    assert article.retrieved == retrieved
    assert article.published == retrieved - timedelta(minutes=30)
    assert article.published is not None and article.published.date() == date(2021, 12, 15)
    assert article.modified is None


def test_seed_body_order_and_counts(article: Article) -> None:
    assert _letters(article) == ORDER
    assert len(article.paragraphs) == 31
    assert [h.text for h in article.headings] == HEADINGS
    assert all(h.level == 2 for h in article.headings)
    first, last = article.paragraphs[0], article.paragraphs[-1]
    assert first.text.startswith("在中国、俄罗斯分别因台湾和乌克兰问题与西方国家关系紧张之际")
    assert [s.bold for s in first.spans] == [True]  # the intro is bold
    assert last.text.startswith("希尔还认为，中俄合作仍然存在诸多局限。")
    assert last.text.endswith("考虑过度依赖中国这个东方邻国的风险。")


def test_seed_figure(article: Article) -> None:
    (figure,) = article.figures
    image = figure.image
    assert image.url == ICHEF.format(w=800)  # the largest srcset candidate, not the proxied src
    assert [(s.url, s.width) for s in image.sources] == [
        (ICHEF.format(w=w), w) for w in (240, 320, 480, 624, 800)
    ]
    # The size of the image at image.url (the 800w candidate), scaled from the <img>'s 976x549.
    assert (image.width, image.height) == (800, 450)
    assert image.alt == "2021年12月15日，普京与习近平举行视频会谈"
    assert figure.credit == "EPA"
    assert figure.caption == CAPTION
    assert article.lead_image == image


def test_seed_related_links(article: Article) -> None:
    first, second = article.related_links
    assert len(first.links) == 5
    assert len(second.links) == 4
    assert first.links[0].url == "https://www.bbc.com/zhongwen/simp/chinese-news-48540647"
    assert first.links[0].text == "中俄关系70年沧桑：从兄弟、仇敌到好朋友背后的美国因素"
    assert first.links[2].text == "中俄战略安全合作 应对“世纪疫情”和“百年变局”"  # double space collapsed
    assert second.links[-1].url == "https://www.bbc.com/zhongwen/simp/chinese-news-56346151"
    assert second.links[-1].text == "中国俄罗斯合建月球科研站：太空联手的四大看点"
    assert all(
        link.url.startswith("https://www.bbc.com/zhongwen/simp/") for b in (first, second) for link in b.links
    )
    assert article.related == ()  # the capture holds no onward sections


def test_seed_video(article: Article) -> None:
    (video,) = article.media
    assert video.kind == "video"
    assert video.provider == "bbc"
    assert video.media_id == "p0b4g7w8"
    assert (
        video.embed_url
        == "https://www.bbc.com/ws/av-embeds/cps/zhongwen/simp/world-59666831/p0b4g7w8/zh-hans"
    )
    assert video.poster is not None
    assert video.poster.url == "https://ichef.bbci.co.uk/images/ic/1024x576/p0b4gbtc.jpg"
    assert video.caption == "习近平主席同美国总统拜登首次视频会晤"
    assert video.title is None  # the iframe's title is the generic "多媒体播放器"


def test_seed_no_boilerplate_anywhere(article: Article) -> None:
    dumped = json.dumps(article.to_dict(), ensure_ascii=False)
    for fallback in MEDIA_FALLBACK_TEXTS:
        assert fallback not in dumped
    assert "广告" not in dumped
    texts = [p.text for p in article.paragraphs]
    assert CAPTION not in texts and "EPA" not in texts
    assert not any("习近平主席同美国总统拜登首次视频会晤" in t for t in texts)


def test_seed_hidden_prefixes_present_give_the_same_result(article: Article) -> None:
    """The served page has the hidden prefix spans the capture removed: same output."""
    html = SEED.read_text(encoding="utf-8")
    html = html.replace("<div><p>中俄两国领导人", "<div><span>图像加注文字，</span><p>中俄两国领导人", 1)
    html = html.replace(
        "<p>习近平主席同美国总统拜登", "<span>视频加注文字，</span><p>习近平主席同美国总统拜登", 1
    )
    assert html.count("加注文字，") == 2
    again = newsparse.parse(html)
    assert again.figures[0].caption == CAPTION
    assert again.media[0].caption == "习近平主席同美国总统拜登首次视频会晤"
    assert again.body == article.body


def test_seed_without_url_is_recognised_by_content() -> None:
    """A saved copy without the capture envelope: no URL, no retrieval time."""
    html = SEED.read_text(encoding="utf-8").split("------\n", 1)[1]
    extraction = newsparse.extract(html)
    article = extraction.article
    assert extraction.selection.reason == "sniff"
    assert article.extractor == "bbc-zhongwen"
    assert article.language == "zh-Hans"  # from the player and link URLs
    assert len(article.paragraphs) == 31
    # Without the crawl time "30 分钟前" cannot be placed: the day only, with warnings.
    assert article.published == datetime(2021, 12, 15, tzinfo=timezone.utc)
    assert any("cannot be resolved without the retrieval time" in w for w in article.warnings)
    assert any("only the day is known" in w for w in article.warnings)


@pytest.mark.parametrize(
    "case",
    [c for c in golden_cases(SEED.parent) if c.name.startswith("seed-")],
    ids=str,
)
def test_seed_golden(case: GoldenCase, update_goldens: bool) -> None:
    check_golden(case, update=update_goldens)
