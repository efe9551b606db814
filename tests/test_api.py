"""The public entry points: parse (str and bytes), parse_file, extract; errors; what the core fills."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest

import newsparse
from conftest import SEED
from newsparse import (
    Article,
    Context,
    ExtractionError,
    Extractor,
    ExtractorNotFoundError,
    InputError,
    Layout,
    NewsparseError,
    NoContentError,
    Page,
    Paragraph,
    UrlRule,
)

HOST = "api.example.test"
URL = f"https://{HOST}/story"


def _paragraphs(page: Page) -> list[Paragraph]:
    return [Paragraph(text=p.text_content().strip()) for p in page.tree.iter("p") if p.text_content().strip()]


class Echo(Extractor):
    """Returns the page's paragraphs, no title and no layout: the core must fill those."""

    name: ClassVar[str] = "api-echo"
    url_rules = (UrlRule(HOST),)

    def extract_article(self, page: Page, context: Context) -> Article:
        context.warn("echo noticed something")
        return Article(body=_paragraphs(page), warnings=["echo noticed something", "article warning"])


class Layered(Extractor):
    """Two layouts; the article records the one that matched."""

    name: ClassVar[str] = "api-layered"
    layouts = (
        Layout(name="old-design", detect=lambda page: page.tree.find(".//div[@class='old']") is not None,
               extract=lambda page, context: Article(title="old", body=_paragraphs(page))),
        Layout(name="new-design", detect=lambda page: True,
               extract=lambda page, context: Article(title="new", body=_paragraphs(page))),
    )  # fmt: skip


class Failing(Extractor):
    name: ClassVar[str] = "api-failing"

    def extract_article(self, page: Page, context: Context) -> Article:
        raise KeyError("expected node missing")


class Empty(Extractor):
    name: ClassVar[str] = "api-empty"

    def extract_article(self, page: Page, context: Context) -> Article:
        return Article()


class NotAnArticle(Extractor):
    name: ClassVar[str] = "api-dict"

    def extract_article(self, page: Page, context: Context) -> Any:
        return {"title": "a dict"}


class RaisesOwnError(Extractor):
    name: ClassVar[str] = "api-own-error"

    def extract_article(self, page: Page, context: Context) -> Article:
        raise NoContentError("this page is a live blog shell", source=page.source)


class CutsThenFails(Extractor):
    """A plugin bug: drops the second half of the body (and skips the first half), then raises."""

    name: ClassVar[str] = "api-cuts-then-fails"

    def extract_article(self, page: Page, context: Context) -> Article:
        body = page.tree.body
        children = list(body)
        for child in children[: len(children) // 2]:
            context.skip(child, "first half")
        for child in children[len(children) // 2 :]:
            child.drop_tree()
        for child in children[: len(children) // 2]:
            child.text = "overwritten"
        raise RuntimeError("plugin bug after cutting the page")


@attrs.frozen(kw_only=True)
class PluginArticle(Article):
    """A plugin's own Article subclass with one extra field."""

    mood: str = "calm"


class OwnArticle(Extractor):
    name: ClassVar[str] = "api-own-article"

    def extract_article(self, page: Page, context: Context) -> Article:
        return PluginArticle(title="t", body=_paragraphs(page), mood="sunny")


TEST_EXTRACTORS = (Echo, Layered, Failing, Empty, NotAnArticle, RaisesOwnError, CutsThenFails, OwnArticle)


@pytest.fixture(autouse=True)
def registered() -> Iterator[None]:
    for cls in TEST_EXTRACTORS:
        newsparse.register(cls)
    yield
    for cls in TEST_EXTRACTORS:
        newsparse.unregister(cls.name)


HTML = "<html><head><title>t</title></head><body><p>第一段：中文。</p><p>Second paragraph.</p></body></html>"


# --- str and bytes ---------------------------------------------------------------------------


def test_parse_str_and_bytes_give_the_same_article() -> None:
    from_str = newsparse.parse(HTML, url=URL)
    from_bytes = newsparse.parse(HTML.encode("utf-8"), url=URL)
    declared_gb = HTML.replace("<head>", '<head><meta charset="gb18030">').encode("gb18030")
    from_gb = newsparse.parse(declared_gb, url=URL)
    assert [p.text for p in from_str.paragraphs] == ["第一段：中文。", "Second paragraph."]
    assert from_bytes == from_str
    assert from_gb.body == from_str.body


def test_article_records_extractor_default_layout_and_input_url() -> None:
    article = newsparse.parse(HTML, url=URL)
    assert article.extractor == "api-echo"
    assert article.layout == "default"  # the extractor named none
    assert article.url == URL
    # Warnings of context and article are merged without duplicates, in order.
    assert article.warnings == ("echo noticed something", "article warning")


@pytest.mark.parametrize(
    ("marker", "layout", "title"),
    [('<div class="old"></div>', "old-design", "old"), ("", "new-design", "new")],
)
def test_article_records_the_layout_that_matched(marker: str, layout: str, title: str) -> None:
    extraction = newsparse.extract(HTML.replace("<body>", "<body>" + marker), extractor="api-layered")
    assert (extraction.article.layout, extraction.article.title) == (layout, title)
    assert extraction.article.extractor == "api-layered"
    assert extraction.selection.reason == "explicit"
    assert ("layout", f"{layout}: detected") in [(d.what, d.detail) for d in extraction.context.decisions]


def test_canonical_link_is_made_absolute() -> None:
    html = HTML.replace("<head>", '<head><link rel="canonical" href="/canonical/1">')
    assert newsparse.parse(html, url=URL).canonical_url == f"https://{HOST}/canonical/1"


def test_retrieved_at_is_recorded_and_must_be_aware() -> None:
    when = datetime(2024, 5, 1, 12, 0, tzinfo=timezone(timedelta(hours=-4)))
    assert newsparse.parse(HTML, url=URL, retrieved_at=when).retrieved == when
    with pytest.raises(InputError, match="timezone-aware"):
        newsparse.parse(HTML, url=URL, retrieved_at=datetime(2024, 5, 1, 12, 0))


# --- the capture envelope ----------------------------------------------------------------------

ENVELOPE = f"<!--1639526400000-->\n[Envelope title]({URL})\n------\n\n<main><p>Hello</p></main>"


def test_envelope_supplies_url_title_hint_and_retrieved_at() -> None:
    article = newsparse.parse(ENVELOPE)
    assert article.url == URL
    assert article.extractor == "api-echo"  # the envelope's URL routed it
    assert article.title == "Envelope title"  # the extractor found none: the hint fills it
    assert article.retrieved == datetime(2021, 12, 15, tzinfo=timezone.utc)
    assert [p.text for p in article.paragraphs] == ["Hello"]  # the envelope is not body text


def test_caller_values_win_over_the_envelope() -> None:
    when = datetime(2022, 1, 1, tzinfo=timezone.utc)
    article = newsparse.parse(
        ENVELOPE, url="https://elsewhere.example/x", retrieved_at=when, extractor="api-echo"
    )
    assert article.url == "https://elsewhere.example/x" and article.retrieved == when


def test_an_extractor_title_wins_over_the_hint() -> None:
    assert newsparse.parse(ENVELOPE, extractor="api-layered").title == "new"


def test_envelope_title_alone_is_enough_content() -> None:
    article = newsparse.parse(ENVELOPE, extractor="api-empty")
    assert article.title == "Envelope title" and article.body == ()


def test_parse_file_reads_the_seed_envelope() -> None:
    first, second = SEED.read_text(encoding="utf-8").splitlines()[:2]
    millis = int(re.fullmatch(r"<!--(\d+)-->", first).group(1))  # type: ignore[union-attr]
    title, url = re.fullmatch(r"\[(.*)\]\((.*)\)", second).groups()  # type: ignore[union-attr]
    article = newsparse.parse_file(SEED, extractor="api-echo")
    assert article.url == url == "https://www.bbc.com/zhongwen/simp/world-59666831"
    assert article.retrieved == datetime.fromtimestamp(millis / 1000, tz=timezone.utc)
    assert article.title == title
    assert len(article.paragraphs) > 5


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", ["", "   \n\t ", b"", b"\n\n"])
def test_empty_input_is_an_error(data: str | bytes) -> None:
    with pytest.raises(InputError, match="empty"):
        newsparse.parse(data, url=URL)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        b"\x00\x01\x02\x03binary\x00",
    ],
)
def test_binary_input_is_an_error(data: bytes) -> None:
    with pytest.raises(InputError, match="binary"):
        newsparse.parse(data, url=URL)


def test_no_content_is_an_error_not_an_empty_article() -> None:
    with pytest.raises(NoContentError) as caught:
        newsparse.parse(HTML, url=URL, extractor="api-empty")
    assert caught.value.source == URL


def test_a_failing_extractor_raises_extraction_error_with_fields() -> None:
    with pytest.raises(ExtractionError) as caught:
        newsparse.parse(HTML, url=URL, extractor="api-failing")
    error = caught.value
    assert error.extractor == "api-failing" and error.source == URL
    assert "KeyError" in str(error) and isinstance(error.__cause__, KeyError)


def test_fallback_replaces_a_failing_extractor_with_generic() -> None:
    article = newsparse.parse(HTML, url=URL, extractor="api-failing", fallback=True)
    assert article.extractor == "generic"
    assert any("api-failing" in w and "fell back to the generic extractor" in w for w in article.warnings)


def test_the_fallback_reads_the_page_as_it_came_in_after_a_plugin_cut_it() -> None:
    paragraphs = "".join(f"<p>Paragraph number {n} of the story.</p>" for n in range(8))
    html = f"<html><head><title>Story</title></head><body>{paragraphs}</body></html>"
    untouched = newsparse.parse(html, url=URL, extractor="generic")
    extraction = newsparse.extract(html, url=URL, extractor="api-cuts-then-fails", fallback=True)
    article = extraction.article
    assert article.extractor == "generic"
    assert [p.text for p in article.paragraphs] == [p.text for p in untouched.paragraphs]
    assert len(article.paragraphs) == 8
    # The failed plugin's notes are not the fallback's: nothing it skipped is reported.
    assert extraction.context.skipped == []


def test_a_subclass_of_article_keeps_its_class_and_fields() -> None:
    article = newsparse.parse(HTML, url=URL, extractor="api-own-article")
    assert type(article) is PluginArticle and article.mood == "sunny"
    assert article.extractor == "api-own-article" and article.layout == "default" and article.url == URL


def test_a_non_article_result_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError, match="returned dict, not an Article"):
        newsparse.parse(HTML, url=URL, extractor="api-dict")


def test_an_extractor_newsparse_error_passes_unchanged() -> None:
    with pytest.raises(NoContentError, match="live blog shell"):
        newsparse.parse(HTML, url=URL, extractor="api-own-error")


def test_unknown_extractor_name() -> None:
    with pytest.raises(ExtractorNotFoundError) as caught:
        newsparse.parse(HTML, extractor="no-such-site")
    assert "api-echo" in caught.value.available


def test_every_error_is_a_newsparse_error() -> None:
    for cls in (
        InputError,
        NoContentError,
        ExtractionError,
        ExtractorNotFoundError,
        newsparse.ExtractorLoadError,
    ):
        assert issubclass(cls, NewsparseError)
    assert issubclass(newsparse.LimitExceededError, InputError)


# --- parse_file ----------------------------------------------------------------------------------


def test_parse_file_matches_parse(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(HTML.encode("utf-8"))
    assert newsparse.parse_file(path, url=URL) == newsparse.parse(HTML, url=URL)
    assert newsparse.parse_file(str(path), url=URL).extractor == "api-echo"


def _write(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.html"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "binary":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    elif kind == "directory":
        path.mkdir()
    elif kind == "failing":
        path.write_text(HTML, encoding="utf-8")
    return path  # "missing": never created


@pytest.mark.parametrize(
    ("kind", "error", "message"),
    [
        ("missing", InputError, "cannot read file"),
        ("directory", InputError, "cannot read file"),
        ("empty", InputError, "input is empty"),
        ("binary", InputError, "binary"),
        ("failing", ExtractionError, "api-failing"),
    ],
)
def test_parse_file_errors_name_the_path(
    tmp_path: Path, kind: str, error: type[NewsparseError], message: str
) -> None:
    path = _write(tmp_path, kind)
    extractor = "api-failing" if kind == "failing" else None
    with pytest.raises(error) as caught:
        newsparse.parse_file(path, extractor=extractor)
    assert caught.value.source == str(path)
    assert str(caught.value).startswith(f"{path}: ") and message in str(caught.value)
