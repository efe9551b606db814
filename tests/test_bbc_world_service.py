"""bbc-world-service: the sites as data, selection, every site's strings, and the golden
pages of fixtures/bbc-world-service (the project's own text in Simorgh's markup shapes,
for Arabic, Persian, Russian, Hindi, Mundo, Pidgin and Serbian)."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

import newsparse
from conftest import FIXTURES as ALL_FIXTURES
from newsparse import registry
from newsparse.cli import main as cli_main
from newsparse.extractor import Context
from newsparse.extractors.bbc import BBCWorldServiceExtractor
from newsparse.extractors.bbc.common import normalize_language, site_of, strip_site_suffix
from newsparse.extractors.bbc.relative import relative_offset
from newsparse.extractors.bbc.service import SERVICES, service_by_id, strings_for
from newsparse.model import Article, Figure, ListBlock, Media, Paragraph, RelatedLinks
from newsparse.testing import GoldenCase, check_golden, golden_cases

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "bbc-world-service"


def _parse_fixture(name: str) -> Article:
    inputs = json.loads((FIXTURES / f"{name}.input.json").read_text(encoding="utf-8"))
    return newsparse.parse_file(
        FIXTURES / f"{name}.html",
        url=inputs["url"],
        retrieved_at=datetime.fromisoformat(inputs["retrieved_at"]),
    )


# --- the records ------------------------------------------------------------------------------


def test_every_site_has_a_complete_record() -> None:
    assert len({s.id for s in SERVICES}) == len(SERVICES) >= 50
    for service in SERVICES:
        assert service.variants, service.id
        for variant in service.variants:
            assert normalize_language(variant.lang), (service.id, variant.lang)
            assert variant.direction in ("ltr", "rtl")
            assert variant.brand.startswith("BBC") or "BBC" in variant.brand
            for prefix in (
                variant.image_caption_prefix,
                variant.image_credit_prefix,
                variant.video_caption_prefix,
            ):
                assert prefix.strip(), (service.id, variant.name)
        assert strings_for(service.id).fallbacks, service.id  # its own or Simorgh's English ones


@pytest.mark.parametrize(
    ("service", "direction", "languages"),
    [
        ("arabic", "rtl", ["ar"]),
        ("persian", "rtl", ["fa"]),
        ("urdu", "rtl", ["ur"]),
        ("russian", "ltr", ["ru"]),
        ("hindi", "ltr", ["hi"]),
        ("zhongwen", "ltr", ["zh-Hans", "zh-Hant"]),
        ("serbian", "ltr", ["sr-Latn", "sr-Cyrl"]),
        ("uzbek", "ltr", ["uz-Cyrl", "uz-Latn"]),
        ("ukchina", "ltr", ["zh-Hans", "zh-Hant"]),
    ],
)
def test_variants_and_their_bcp47_languages(service: str, direction: str, languages: list[str]) -> None:
    record = service_by_id(service)
    assert record is not None
    assert [normalize_language(v.lang) for v in record.variants] == languages
    assert {v.direction for v in record.variants} == {direction}


def test_strings_of_one_site_add_simorghs_english_defaults() -> None:
    arabic = strings_for("arabic")
    assert "التعليق على الصورة، " in arabic.caption_prefixes and "Image caption, " in arabic.caption_prefixes
    assert "Author" in arabic.author_labels  # the Arabic config sets no byline labels
    assert "البودكاست" in arabic.podcast_titles
    assert "图像加注文字，" not in arabic.caption_prefixes
    everyone = strings_for(None)
    assert "图像加注文字，" in everyone.caption_prefixes and "صدر الصورة، " in everyone.credit_prefixes


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        ("https://www.bbc.com/persian/x", "توضیح تصویر، سه کودک"),
        ("https://www.bbc.com/persian/x", "توضیح\u200c تصویر، سه کودک"),  # a ZWNJ the config lacks
        ("https://www.bbc.com/arabic/x", "التعليق على الصورة، سه کودک"),
        ("https://www.bbc.com/hindi/x", "इमेज कैप्शन, सه کودک"),
    ],
)
def test_hidden_caption_prefixes_match_modulo_zero_width_characters(url: str, clean: str) -> None:
    site = site_of([url])
    assert site.clean_caption(clean) is not None
    assert site.clean_caption(clean).endswith("کودک")  # type: ignore[union-attr]
    assert "،" not in (site.clean_caption(clean) or "")[:3]


def test_title_brand_suffixes_of_every_site() -> None:
    assert strip_site_suffix("عنوان الخبر - BBC News عربي") == "عنوان الخبر"
    assert strip_site_suffix("Заголовок - BBC News Русская служба") == "Заголовок"
    assert strip_site_suffix("标题 - BBC News 中文") == "标题"
    assert strip_site_suffix("Title - BBC News") == "Title"
    assert strip_site_suffix("A - B") == "A - B"


# --- relative times in each site's words ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "locale", "hours"),
    [
        ("منذ ساعتين", "ar", 2),
        ("منذ ٣ ساعات", "ar", 3),
        ("منذ ساعة واحدة", "ar", 1),
        ("۲ ساعت پیش", "fa", 2),
        ("2 часа назад", "ru", 2),
        ("час назад", "ru", 1),
        ("२ घंटे पहले", "hi", 2),
        ("hace 3 horas", "es", 3),
        ("há 5 horas", "pt-br", 5),
        ("3 saat önce", "tr", 3),
        ("4 години тому", "uk", 4),
    ],
)
def test_relative_times_in_the_sites_words(text: str, locale: str, hours: int) -> None:
    assert relative_offset(text, locale) == timedelta(hours=hours)


@pytest.mark.parametrize(("text", "locale"), [("5 مارس 2024", "ar"), ("hace", "es"), ("2 часа назад", "xx")])
def test_absolute_or_unknown_texts_are_not_relative(text: str, locale: str) -> None:
    assert relative_offset(text, locale) is None


def test_a_relative_update_time_in_arabic_resolves_against_the_crawl() -> None:
    site = site_of(["https://www.bbc.com/arabic/world-1"])
    crawled = datetime(2024, 3, 5, 13, 0, tzinfo=timezone.utc)
    context = Context()
    value = site.resolve_time(
        "2024-03-05", "آخر تحديث منذ ساعتين", crawled, field="modified", context=context
    )
    assert value == datetime(2024, 3, 5, 11, 0, tzinfo=timezone.utc)
    assert site.is_updated_text("آخر تحديث منذ ساعتين")
    assert not context.warnings


# --- selection ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://www.bbc.com/arabic/middleeast-58677609", "bbc-world-service"),
        ("https://www.bbc.com/arabic/articles/c69dvq19k63o", "bbc-world-service"),
        ("https://www.bbc.co.uk/persian/magazine-57679929", "bbc-world-service"),
        ("https://www.bbc.com/pidgin/58228654", "bbc-world-service"),
        ("https://www.bbc.com/serbian/articles/c4d5e6f7g8so/cyr", "bbc-world-service"),
        ("https://www.bbc.com/uzbek/lat/uzbekistan-12345678", "bbc-world-service"),
        ("https://www.bbc.com/hindi/india/2012/05/120501_story.shtml", "bbc-world-service"),
        ("https://www.bbc.com/zhongwen/simp/world-59666831", "bbc-zhongwen"),
        ("https://www.bbc.com/zhongwen/articles/c3xd4x9prgyo/trad", "bbc-zhongwen"),
        ("https://www.bbc.com/arabic", "generic"),  # a front page
        ("https://www.bbc.com/news/world-us-canada-52241221", "generic"),  # not a World Service site
        ("https://www.example.com/arabic/world-1", "generic"),
    ],
)
def test_url_rules_of_every_site(url: str, name: str) -> None:
    assert registry.select(None, url=url).extractor.name == name


def test_url_rules_are_declared_for_every_claimed_site() -> None:
    declared = {rule.path.split("/")[1] for rule in BBCWorldServiceExtractor.url_rules}
    assert declared == {s.id for s in SERVICES if s.claims_urls}
    assert "news" not in declared and "arabic" in declared
    ex = registry.get("bbc-world-service")
    for rule in ex.url_rules:  # the site lookup answers as the declared rules do
        sample = "https://www.bbc.com" + rule.path.split("(")[0] + "world-12345678"
        if rule.matches_path(sample.removeprefix("https://www.bbc.com")):
            assert ex.matches_url(sample) is not None


def test_sniffing_a_page_without_url_by_its_simorgh_data() -> None:
    html = (
        "<html lang='fa'><body><main role='main'><p>متن.</p></main><script>window.SIMORGH_DATA="
        '{"service":"persian","pageData":{"metadata":{"type":"STY"},"content":{"blocks":'
        '[{"type":"paragraph","text":"متن خبر."}]}}}</script></body></html>'
    )
    extraction = newsparse.extract(html)
    assert (extraction.selection.reason, extraction.article.extractor) == ("sniff", "bbc-world-service")
    assert extraction.article.language == "fa"


def test_sniffing_by_site_name_and_by_links_to_a_site() -> None:
    by_name = newsparse.extract(
        '<html><head><meta property="og:site_name" content="BBC News Русская служба"></head>'
        '<body><main role="main"><p>Текст.</p></main></body></html>'
    )
    assert by_name.article.extractor == "bbc-world-service"
    by_links = newsparse.extract(
        '<main role="main"><div><p>Texto de la nota.</p></div>'
        '<ul role="list"><li role="listitem"><a href="https://www.bbc.com/mundo/noticias-1">Otra</a></li></ul></main>'
    )
    assert by_links.article.extractor == "bbc-world-service"
    assert by_links.article.language == "es"


def test_bbc_zhongwen_keeps_working_by_name_for_any_site() -> None:
    # The narrowed extractor reads what the family reads; only its own selection is narrow.
    article = _parse_fixture("russian-json-story")
    by_name = newsparse.parse_file(
        FIXTURES / "russian-json-story.html",
        url="https://www.bbc.com/russian/features-70000101",
        extractor="bbc-zhongwen",
    )
    assert by_name.extractor == "bbc-zhongwen"
    assert by_name.body == article.body


# --- the golden pages ---------------------------------------------------------------------------


def _shape(article: Article) -> list[tuple[str, Any]]:
    """What a reader sees of the body, without URLs and ids (which the markup may lack)."""
    out: list[tuple[str, Any]] = []
    for block in article.body:
        if isinstance(block, Figure):
            out.append(("figure", (block.caption, block.credit, block.image.alt)))
        elif isinstance(block, Media):
            out.append(("media", (block.kind, block.caption)))
        elif isinstance(block, RelatedLinks):
            out.append(("related_links", (block.title, [(link.text, link.url) for link in block.links])))
        elif isinstance(block, ListBlock):
            out.append(("list", block.items))
        else:
            out.append((block.type, getattr(block, "text", None)))
    return out


@pytest.mark.parametrize(
    ("json_case", "dom_case"),
    [
        ("arabic-json-article", "arabic-dom-article"),
        ("russian-json-story", "russian-dom-story"),
        ("hindi-json-gallery", "hindi-dom-gallery"),
        ("mundo-json-video", "mundo-dom-video"),
    ],
)
def test_the_page_data_and_the_markup_give_the_same_body(json_case: str, dom_case: str) -> None:
    from_json, from_dom = _parse_fixture(json_case), _parse_fixture(dom_case)
    assert (from_json.layout, from_dom.layout) == ("simorgh-json", "simorgh-dom")
    assert _shape(from_json) == _shape(from_dom)
    assert (from_json.title, from_json.language, from_json.published) == (
        from_dom.title,
        from_dom.language,
        from_dom.published,
    )


def test_todays_article_markup() -> None:
    """Byline section as metadata, media-loader player, labelled links, podcast promo."""
    article = _parse_fixture("arabic-dom-article")
    assert article.authors == ("سلمى الراشد",)
    assert "مراسلة بي بي سي" not in json.dumps(article.to_dict(), ensure_ascii=False)  # the role
    (media,) = article.media
    assert (media.provider, media.title, media.caption) == (
        "bbc",
        "جولة داخل الحافلة",
        "جولة مصورة داخل المكتبة المتنقلة",
    )
    (links,) = article.related_links
    assert links.title == "المزيد حول هذه القصة" and len(links.links) == 2
    assert "https://www.bbc.com/arabic/podcasts/p0xyz1b2" in [link.url for link in article.related]
    assert not any("التعليق" in (f.caption or "") or "صدر" in (f.credit or "") for f in article.figures)
    # The visible time gives only a day; the page's metadata gives the instants, no warning.
    assert article.published == datetime(2024, 3, 5, 8, 30, tzinfo=timezone.utc)
    assert article.warnings == (
        "media player without a media id in the markup (its clip loads with JavaScript)",
    )


def test_relative_times_resolve_in_the_sites_words() -> None:
    persian = _parse_fixture("persian-dom-story")  # "به روز شده در ۲ ساعت پیش", crawled 10:00
    assert persian.modified == datetime(2023, 6, 12, 8, 0, tzinfo=timezone.utc)
    russian = _parse_fixture("russian-dom-story")  # "2 часа назад", crawled 12:00
    assert russian.published == datetime(2023, 1, 15, 10, 0, tzinfo=timezone.utc)
    pidgin = _parse_fixture("pidgin-dom-article")  # "3 hours ago" in the byline, crawled 15:00
    assert pidgin.published == datetime(2024, 6, 20, 12, 0, tzinfo=timezone.utc)
    assert pidgin.related[0].text == "How to save light bill for hot season"


def test_the_responsive_template_before_simorgh() -> None:
    article = _parse_fixture("russian-legacy-2018")
    figure, *_ = article.figures
    assert (
        figure.image.url
        == "https://ichef.bbci.co.uk/news/976/cpsprodpb/1A2B/production/_104000001_bridge.jpg"
    )
    assert (figure.image.width, figure.caption, figure.credit) == (
        976,
        "Мост длиной четыреста метров соединил два берега",
        "Getty Images",
    )
    (media,) = article.media
    assert (media.media_id, media.title) == ("p06nq2r4", "Первые пешеходы на мосту")
    assert media.poster is not None and media.poster.url.endswith("1024x576/p06nq2r6.jpg")
    assert len(article.figures) == 1  # the player is a media block, not a figure of its poster
    assert not any("unsupported" in p.text for p in article.paragraphs)


def test_a_variant_names_the_language_and_the_canonical_url() -> None:
    article = _parse_fixture("serbian-json-article-cyr")
    assert article.language == "sr-Cyrl"
    assert article.canonical_url == "https://www.bbc.com/serbian/articles/c4d5e6f7g8so/cyr"
    assert isinstance(article.body[0], Paragraph) and article.body[0].spans[0].bold


def test_no_hidden_label_leaks_into_any_golden_page() -> None:
    labels = [
        p for s in SERVICES for v in s.variants for p in (v.image_caption_prefix, v.image_credit_prefix)
    ]
    labels = [re.sub(r"[\s,،，]+$", "", label) for label in labels if label.strip()]
    for case in golden_cases(FIXTURES):
        dumped = case.golden.read_text(encoding="utf-8")
        assert not any(f'"{label}' in dumped for label in labels), case.name


@pytest.mark.parametrize("case", golden_cases(FIXTURES), ids=str)
def test_golden(case: GoldenCase, update_goldens: bool) -> None:
    check_golden(case, update=update_goldens)


# --- the responsive template on a real page (corpus) ---------------------------------------


@pytest.mark.corpus
def test_real_2020_responsive_page_lazy_images_and_players(corpus: Path) -> None:
    """BBC News 2020 (the template World Service shared): every lazily loaded image is a
    figure at its data-width, every player a media block with the vpid of its data."""
    raw = (corpus / "pages" / "en_trafilatura_2020_news-world-us-canada-52241221.html").read_text(
        encoding="utf-8"
    )
    article = newsparse.parse(
        raw, url="https://www.bbc.com/news/world-us-canada-52241221", extractor="bbc-world-service"
    )
    body_html = raw[raw.index('class="story-body__inner"') :]
    vpids = re.findall(
        r'media-with-caption">.*?&quot;vpid&quot;:&quot;(\w+)|media-with-caption">.*?"vpid":"(\w+)"',
        body_html,
        re.S,
    )
    expected_vpids = [a or b for a, b in vpids]
    lazy = re.findall(
        r'class="js-delayed-image-load" data-alt="[^"]*" data-src="([^"]+)" data-width="(\d+)"', body_html
    )
    assert [m.media_id for m in article.media] == expected_vpids and expected_vpids
    lazy_urls = [re.sub(r"/news/\d+/", f"/news/{width}/", src) for src, width in lazy]
    figure_urls = [f.image.url for f in article.figures]
    assert all(url in figure_urls for url in lazy_urls)
    assert not any("p0896" in url or "$recipe" in url for url in figure_urls)  # no poster figures


@pytest.mark.parametrize("folder", ["bbc-zhongwen", "bbc-world-service"])
def test_the_built_in_extractors_pass_their_own_drift_check(
    folder: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Every layout, the JSON one included (coverage over its data's text blocks).
    assert cli_main(["check", str(ALL_FIXTURES / folder)]) == 0
    out = capsys.readouterr().out
    assert "simorgh-json" in out and "FLAG" not in out and "n/a" not in out
