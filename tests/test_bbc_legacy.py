"""The ``legacy`` layout of bbc-zhongwen: BBC Chinese before Simorgh.

The corpus test reads the real 2012 page from goose3's test suite and checks it against
goose3's expected output. The other tests use pages written for the project (invented
text in the 2005-2016 and 2017-2019 template shapes).
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pytest

import newsparse
from newsparse.extractors.bbc import legacy, simorgh_dom
from newsparse.model import Article, Figure, Heading, Paragraph, RelatedLinks
from newsparse.page import Page
from newsparse.testing import GoldenCase, check_golden, golden_cases

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "bbc-zhongwen"
LEGACY_PAGE = "pages/zh_legacy_2012_121210_hongkong_politics.goose3.html"
LEGACY_TRUTH = "groundtruth/zh_legacy_2012_121210_hongkong_politics.goose3/test_bbc_chinese.json"


def char_f1(expected: str, got: str) -> float:
    """Character F1: the overlap of the two texts' character multisets, whitespace ignored."""
    a, b = Counter(re.sub(r"\s", "", expected)), Counter(re.sub(r"\s", "", got))
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(b.values()), overlap / sum(a.values())
    return 2 * precision * recall / (precision + recall)


def aligned_char_f1(expected_paragraphs: list[str], ours: list[str]) -> float:
    """Character F1 of goose3's paragraphs against the paragraphs of ours they belong to.

    goose3's expected text is not the whole article: its own test compares only the
    beginning (``result[:len(expected)]``), and goose3 leaves out short paragraphs. So each
    expected paragraph is paired with the paragraph of ours it matches best (the last,
    truncated one with the same-length beginning of ours), and F1 is taken over the pairs.
    """
    pairs: list[tuple[str, str]] = []
    for index, paragraph in enumerate(expected_paragraphs):
        last = index == len(expected_paragraphs) - 1
        candidates = [o[: len(paragraph)] if last else o for o in ours]
        pairs.append((paragraph, max(candidates, key=lambda o: char_f1(paragraph, o))))
    return char_f1("".join(e for e, _ in pairs), "".join(o for _, o in pairs))


@pytest.fixture(scope="module")
def corpus_article(corpus: Path) -> tuple[Article, dict[str, object]]:
    truth = json.loads((corpus / LEGACY_TRUTH).read_text(encoding="utf-8"))
    article = newsparse.parse((corpus / LEGACY_PAGE).read_bytes(), url=truth["url"])
    return article, truth["expected"]


@pytest.mark.corpus
def test_legacy_corpus_page_text_against_goose3(corpus_article: tuple[Article, dict[str, object]]) -> None:
    article, expected = corpus_article
    assert article.layout == "legacy"
    goose_text = str(expected["cleaned_text"])
    goose_paragraphs = [p for p in goose_text.split("\n\n") if p.strip()]
    ours = [b.text for b in article.body if isinstance(b, (Paragraph, Heading))]
    assert aligned_char_f1(goose_paragraphs, ours) >= 0.95
    # Every character goose3 expects is in our text, in order (recall 1.0).
    whole = re.sub(r"\s", "", article.text)
    wanted = re.sub(r"\s", "", goose_text)
    matcher = difflib.SequenceMatcher(None, whole, wanted, autojunk=False)
    assert sum(block.size for block in matcher.get_matching_blocks()) == len(wanted)
    # The two short paragraphs goose3 drops between its first three are article text; we keep them.
    assert ours[1] == "梁振英此前承认早在去年参选行政长官之前就已知悉其住宅的违建问题，引发诚信危机。"
    assert ours[3] == "不过泛民主派议员们普遍指责梁振英“撒谎”，要求他马上辞职下台。"
    assert article.summary == expected["meta_description"]


@pytest.mark.corpus
def test_legacy_corpus_page_fields(corpus_article: tuple[Article, dict[str, object]]) -> None:
    article, _expected = corpus_article
    assert article.title == "港特首梁振英就住宅违建事件道歉"
    assert article.published == datetime(2012, 12, 10, 9, 24, 1, tzinfo=timezone.utc)
    assert article.modified == datetime(2012, 12, 10, 10, 41, 47, tzinfo=timezone.utc)
    assert article.language == "zh-Hans"
    assert article.section == "两岸三地"
    assert article.topics == ("香港",)
    assert len(article.paragraphs) == 14
    assert [h.text for h in article.headings] == ["“郑重道歉”"]
    first, second = article.figures
    assert first.caption == "梁振英同时遭到泛民主派和亲北京阵营议员质问。"
    assert second.image.url.endswith("/121127090440_cy_leung_house_afp_cr304.jpg")
    assert [link.text for link in article.related][:2] == [
        "梁振英定下出席违建事件质询日期",
        "港屋宇署确认梁振英大宅更多违建",
    ]
    assert len(article.related) == 8  # six related stories, two external links
    assert article.related[4].text == "音频：刘锐绍评港人为何不信梁振英"  # without "收听 05:02"
    text = article.to_text()
    for noise in ("Facebook", "打印文稿", "页首", "非本网站内容BBC概不负责"):
        assert noise not in text


@pytest.mark.corpus
def test_responsive_template_on_a_real_2018_world_service_page(corpus: Path) -> None:
    """The 2017-2019 template was shared by every World Service language; BBC Burmese's
    page (with newspaper4k's expected text) stands in for BBC Chinese of that period."""
    html = (corpus / "pages/my_legacy_2018_burma-45989453.newspaper4k.html").read_bytes()
    article = newsparse.parse(
        html, url="https://www.bbc.com/burmese/burma-45989453", extractor="bbc-zhongwen"
    )
    expected = (corpus / "groundtruth/newspaper4k/burmese_article.txt").read_text(encoding="utf-8")
    assert article.layout == "legacy"
    assert char_f1(expected, article.text) >= 0.95
    assert article.published == datetime(2018, 10, 26, 7, 39, 22, tzinfo=timezone.utc)
    assert [f.credit for f in article.figures] == [
        "Khin Mg Win (Shwe Inn Thar)",
        "Khin Maung Win (Shwe Inn Thar)",
        "Khin Mg Win (Shwe Inn Thar)",
    ]
    assert all(f.image.url.startswith("https://ichef.bbci.co.uk/news/320/") for f in article.figures)


# --- invented pages ------------------------------------------------------------------------

RESPONSIVE = """<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8">
<meta property="og:site_name" content="BBC News 中文">
<meta property="article:section" content="中国">
<title>示例：高铁新线开通 - BBC News 中文</title></head>
<body><div class="story-body">
<h1 class="story-body__h1">示例：高铁新线开通</h1>
<ul class="mini-info-list"><li class="mini-info-list__item">
<div class="date date--v2" data-seconds="1514800800" data-datetime="2018年1月1日">2018年1月1日</div></li></ul>
<div class="story-body__inner" property="articleBody">
<figure class="media-landscape has-caption full-width"><span class="image-and-copyright-container">
<img class="js-image-replace" alt="新线列车（示例）" src="./saved_files/_100000501_train.jpg"
 datasrc="https://ichef.bbci.co.uk/news/320/cpsprodpb/9A8B/production/_100000501_train.jpg"
 width="976" height="549">
<span class="off-screen">图像版权</span><span class="story-image-copyright">示例图片社</span></span>
<figcaption class="media-caption"><span class="off-screen">Image caption</span>
<span class="media-caption__text">新线全长三百公里。</span></figcaption></figure>
<p class="story-body__introduction">一条示例高铁新线周一开通。</p>
<div id="bbccom_mpu_1" class="bbccom_slot mpu-ad" aria-hidden="true">
<div class="bbccom_advert">广告</div></div>
<p>沿线城市之间的旅行时间缩短了一半。</p>
<h2 class="story-body__crosshead">票价</h2>
<p>二等座票价为示例价格。</p>
</div></div></body></html>"""


def test_responsive_template_2017_2019() -> None:
    article = newsparse.parse(RESPONSIVE, url="https://www.bbc.com/zhongwen/simp/chinese-news-10000501")
    assert article.layout == "legacy"
    assert article.title == "示例：高铁新线开通"
    assert article.published == datetime(2018, 1, 1, 10, 0, tzinfo=timezone.utc)  # data-seconds
    assert article.section == "中国"
    (figure,) = article.figures
    # The lazy-loading original, not the saved page's local copy.
    assert (
        figure.image.url == "https://ichef.bbci.co.uk/news/320/cpsprodpb/9A8B/production/_100000501_train.jpg"
    )
    assert (figure.caption, figure.credit) == ("新线全长三百公里。", "示例图片社")
    assert [b.text for b in article.body if isinstance(b, (Paragraph, Heading))] == [
        "一条示例高铁新线周一开通。",
        "沿线城市之间的旅行时间缩短了一半。",
        "票价",
        "二等座票价为示例价格。",
    ]
    assert "广告" not in article.to_text() and "Image caption" not in json.dumps(article.to_dict())


def test_visible_datestamp_is_the_fallback_date() -> None:
    html = (
        '<html><head><title>示例 - BBC中文网 - 国际</title></head><body><div id="blq-content"><h1>示例</h1>'
        '<div class="datestamp"><span class="lastupdated">更新时间</span>'
        " 2011年3月2日, 格林尼治标准时间14:05</div>"
        '<div class="story-body"><div class="bodytext"><p>正文。</p></div></div></div></body></html>'
    )
    article = newsparse.parse(
        html, url="http://www.bbc.co.uk/zhongwen/simp/world/2011/03/110302_example.shtml"
    )
    assert article.modified == datetime(2011, 3, 2, 14, 5, tzinfo=timezone.utc)
    assert article.section == "国际"
    assert "no publication date found" in article.warnings


def test_legacy_page_without_url_is_sniffed() -> None:
    html = (FIXTURES / "legacy-2013-trad.html").read_text(encoding="utf-8")
    extraction = newsparse.extract(html)
    assert extraction.selection.reason == "sniff"
    assert extraction.article.layout == "legacy"
    assert extraction.article.language == "zh-Hant"


def test_layouts_do_not_claim_each_other() -> None:
    old = Page.from_input((FIXTURES / "legacy-2013-trad.html").read_bytes())
    new = Page.from_input((FIXTURES / "dom-story-simp.html").read_bytes())
    assert legacy.detect(old) and not simorgh_dom.detect(old)
    assert simorgh_dom.detect(new) and not legacy.detect(new)


def test_invented_legacy_page_rules() -> None:
    article = newsparse.parse_file(
        FIXTURES / "legacy-2013-trad.html",
        url="http://www.bbc.co.uk/zhongwen/trad/uk/2013/05/130520_example_tea_house.shtml",
    )
    box = next(b for b in article.body if isinstance(b, RelatedLinks))
    assert box.title == "延伸閱讀" and len(box.links) == 2
    assert (
        isinstance(article.body[0], Figure)
        and article.body[0].caption == "茶館的招牌是上世紀二十年代的原物。"
    )
    assert article.topics == ("英國", "文化")
    assert "legacy embedded player not extracted (div.emp)" in article.warnings


@pytest.mark.parametrize("case", [c for c in golden_cases(FIXTURES) if c.name.startswith("legacy-")], ids=str)
def test_golden(case: GoldenCase, update_goldens: bool) -> None:
    check_golden(case, update=update_goldens)
