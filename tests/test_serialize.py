"""The wire format: exact contract keys, ISO datetimes, JSON text, strict reading, round trips."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsparse import (
    Article,
    ContractError,
    Embed,
    Figure,
    Heading,
    Image,
    ImageSource,
    Link,
    ListBlock,
    Media,
    Paragraph,
    Quote,
    RelatedLinks,
    Span,
)
from newsparse.model import Block
from newsparse.schema import schema_errors
from newsparse.serialize import article_from_dict, block_from_dict, block_to_dict
from newsparse.urlform import browser_form

# The contract of ARCHITECTURE.md, written out independently of the serializer.
ARTICLE_KEYS = [
    "url",
    "canonical_url",
    "title",
    "language",
    "published",
    "modified",
    "retrieved",
    "authors",
    "section",
    "topics",
    "summary",
    "lead_image",
    "body",
    "related",
    "extractor",
    "layout",
    "warnings",
]
BLOCK_KEYS = {
    "paragraph": ["type", "text", "spans"],
    "heading": ["type", "level", "text"],
    "figure": ["type", "image", "caption", "credit"],
    "media": ["type", "kind", "provider", "media_id", "embed_url", "poster", "caption", "title"],
    "related_links": ["type", "title", "links"],
    "list": ["type", "ordered", "items"],
    "quote": ["type", "text", "cite"],
    "embed": ["type", "provider", "url", "title", "caption", "text"],
}
SPAN_KEYS = {"text", "bold", "italic", "href"}
IMAGE_KEYS = {"url", "width", "height", "alt", "sources"}
SOURCE_KEYS = {"url", "width"}
LINK_KEYS = {"url", "text"}
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}:\d{2}$")

IMG = Image(
    url="https://i.example/a.jpg",
    width=640,
    height=360,
    alt="alt",
    sources=[ImageSource(url="https://i.example/a.jpg", width=640)],
)
ONE_OF_EACH: list[Block] = [
    Paragraph(
        text="ab", spans=[Span(text="a", bold=True), Span(text="b", italic=True, href="https://l.example/")]
    ),
    Heading(level=3, text="h"),
    Figure(image=IMG, caption="c", credit="cr"),
    Media(kind="audio", provider="bbc", media_id="p1", embed_url="https://e.example/", poster=IMG),
    RelatedLinks(title="t", links=[Link(url="https://l.example/", text="l")]),
    ListBlock(ordered=True, items=["x"]),
    Quote(text="q", cite="c"),
    Embed(provider="twitter", url="https://twitter.com/a/status/1", title="t", caption="c", text="post"),
]


# --- exact keys ----------------------------------------------------------------------------


def test_empty_article_has_every_key_with_null_or_empty_values() -> None:
    data = Article().to_dict()
    assert list(data) == ARTICLE_KEYS
    for key in ("url", "canonical_url", "title", "language", "published", "modified", "retrieved"):
        assert data[key] is None
    for key in ("section", "summary", "lead_image"):
        assert data[key] is None
    for key in ("authors", "topics", "body", "related", "warnings"):
        assert data[key] == []
    assert data["extractor"] == "" and data["layout"] == ""


@pytest.mark.parametrize("block", ONE_OF_EACH, ids=lambda b: b.type)
def test_each_block_has_exactly_its_contract_keys(block: Block) -> None:
    data = block_to_dict(block)
    assert list(data) == BLOCK_KEYS[data["type"]]
    assert data["type"] == block.type


def test_nested_values_have_exactly_their_keys() -> None:
    article = Article(lead_image=IMG, body=ONE_OF_EACH, related=[Link(url="https://r.example/", text="r")])
    data = article.to_dict()
    assert set(data["lead_image"]) == IMAGE_KEYS
    assert all(set(s) == SOURCE_KEYS for s in data["lead_image"]["sources"])
    assert all(set(link) == LINK_KEYS for link in data["related"])
    paragraph, _, figure, media, related_links = data["body"][:5]
    assert all(set(s) == SPAN_KEYS for s in paragraph["spans"])
    assert set(figure["image"]) == IMAGE_KEYS and set(media["poster"]) == IMAGE_KEYS
    assert all(set(link) == LINK_KEYS for link in related_links["links"])
    # The dict is pure JSON data: it survives json.dumps unchanged.
    assert json.loads(json.dumps(data)) == data


def test_media_without_poster_writes_null() -> None:
    assert block_to_dict(Media(kind="video"))["poster"] is None


@pytest.mark.parametrize(
    ("offset", "suffix"),
    [(timedelta(0), "+00:00"), (timedelta(hours=8), "+08:00"), (timedelta(hours=-3, minutes=-30), "-03:30")],
)
def test_datetimes_are_iso_8601_with_offset(offset: timedelta, suffix: str) -> None:
    when = datetime(2021, 12, 15, 9, 30, 5, tzinfo=timezone(offset))
    data = Article(published=when, modified=when, retrieved=when).to_dict()
    for key in ("published", "modified", "retrieved"):
        assert data[key] == "2021-12-15T09:30:05" + suffix
        assert ISO_WITH_OFFSET.match(data[key])


def test_json_keeps_non_ascii_readable() -> None:
    text = Article(title="中文标题 — “引号”").to_json()
    assert "中文标题 — “引号”" in text and "\\u" not in text


def test_json_without_indent_is_one_line_even_with_newlines_in_text() -> None:
    line = Article(title="two\nlines", warnings=["a\u2028b"]).to_json(indent=None)
    assert "\n" not in line
    assert Article.from_json(line).title == "two\nlines"


def test_json_sort_keys_gives_the_golden_layout() -> None:
    article = Article(title="t", body=ONE_OF_EACH)
    golden = json.dumps(article.to_dict(), ensure_ascii=False, sort_keys=True, indent=2)
    assert article.to_json(sort_keys=True) == golden


# --- reading -------------------------------------------------------------------------------


def test_reading_accepts_z_and_missing_optional_keys() -> None:
    article = article_from_dict({"title": "t", "published": "2021-12-15T01:30:00Z"})
    assert article.published == datetime(2021, 12, 15, 1, 30, tzinfo=timezone.utc)
    assert article.body == () and article.extractor == ""


def _full() -> dict[str, Any]:
    return Article(title="t", lead_image=IMG, body=ONE_OF_EACH).to_dict()


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d.update(colour="red"), "article: unknown key(s) 'colour'"),
        (lambda d: d["body"][0].update(extra=1), "body[0]: unknown key(s) 'extra'"),
        (lambda d: d["body"].append({"type": "table"}), "body[8].type: unknown block type 'table'"),
        (lambda d: d["body"][1].pop("level"), "body[1].level: required key is missing"),
        (lambda d: d["body"][2]["image"].update(url=""), "body[2].image: url must not be empty"),
        (
            lambda d: d["lead_image"]["sources"][0].update(width="640"),
            "lead_image.sources[0].width: expected an integer",
        ),
        (lambda d: d.update(published="2021-12-15T09:30:00"), "published: datetime has no UTC offset"),
        (lambda d: d.update(published="yesterday"), "published: not an ISO 8601 datetime"),
        (lambda d: d.update(authors="Ann"), "authors: expected an array"),
        (lambda d: d.update(topics=["ok", 3]), "topics[1]: expected a string"),
        (lambda d: d["body"][0]["spans"][0].update(text="zzz"), "body[0]: paragraph spans must join"),
        (
            lambda d: d["body"][0]["spans"][0].update(bold="yes"),
            "body[0].spans[0].bold: expected true or false",
        ),
        (lambda d: d["body"][3].update(kind="film"), "body[3]:"),
        (
            lambda d: d.update(related=[{"url": "https://x.example/"}]),
            "related[0].text: required key is missing",
        ),
        (lambda d: d.update(body={"type": "paragraph"}), "body: expected an array"),
    ],
)
def test_reading_refuses_contract_violations_naming_the_path(mutate: Any, path: str) -> None:
    data = _full()
    mutate(data)
    with pytest.raises(ContractError) as caught:
        Article.from_dict(data)
    assert str(caught.value).startswith(path), str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_reading_refuses_non_objects_and_bad_json() -> None:
    with pytest.raises(ContractError, match="expected an object"):
        Article.from_dict(["not", "an", "object"])  # type: ignore[arg-type]
    with pytest.raises(ContractError, match="not JSON"):
        Article.from_json("{broken")
    with pytest.raises(ContractError, match="block: expected an object"):
        block_from_dict("paragraph")  # type: ignore[arg-type]


def test_writing_refuses_non_blocks() -> None:
    with pytest.raises(TypeError):
        block_to_dict("paragraph")  # type: ignore[arg-type]


# --- round trips (Hypothesis) ----------------------------------------------------------------

texts = st.text(max_size=20)
opt_texts = st.none() | texts
urls = st.builds(
    lambda host, path: f"https://{host}.example/{path}", st.text("abcxyz0189-", min_size=1, max_size=8), texts
) | st.text(min_size=1, max_size=20).filter(browser_form)  # (all controls and spaces: empty to a browser)
sizes = st.none() | st.integers(min_value=0, max_value=100_000)
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
aware = st.none() | st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1), timezones=offsets
)

spans = st.builds(Span, text=texts, bold=st.booleans(), italic=st.booleans(), href=st.none() | urls)
images = st.builds(
    Image,
    url=urls,
    width=sizes,
    height=sizes,
    alt=opt_texts,
    sources=st.lists(st.builds(ImageSource, url=urls, width=sizes), max_size=3),
)
links = st.builds(Link, url=urls, text=texts)
paragraphs = st.one_of(
    st.lists(spans, min_size=1, max_size=4).map(
        lambda ss: Paragraph(text="".join(s.text for s in ss), spans=ss)
    ),
    st.builds(Paragraph, text=texts),
)
blocks: st.SearchStrategy[Block] = st.one_of(
    paragraphs,
    st.builds(Heading, level=st.integers(1, 6), text=texts),
    st.builds(Figure, image=images, caption=opt_texts, credit=opt_texts),
    st.builds(
        Media,
        kind=st.sampled_from(["video", "audio"]),
        provider=opt_texts,
        media_id=opt_texts,
        embed_url=st.none() | urls,
        poster=st.none() | images,
        caption=opt_texts,
        title=opt_texts,
    ),
    st.builds(RelatedLinks, title=opt_texts, links=st.lists(links, max_size=3)),
    st.builds(ListBlock, ordered=st.booleans(), items=st.lists(texts, max_size=3)),
    st.builds(Quote, text=texts, cite=opt_texts),
)
articles = st.builds(
    Article,
    url=st.none() | urls,
    canonical_url=st.none() | urls,
    title=opt_texts,
    language=st.none() | st.sampled_from(["zh-Hans", "zh-Hant", "en", "en-GB"]),
    published=aware,
    modified=aware,
    retrieved=aware,
    authors=st.lists(texts, max_size=3),
    section=opt_texts,
    topics=st.lists(texts, max_size=3),
    summary=opt_texts,
    lead_image=st.none() | images,
    body=st.lists(blocks, max_size=8),
    related=st.lists(links, max_size=3),
    extractor=texts,
    layout=texts,
    warnings=st.lists(texts, max_size=2),
)


def _offsets(article: Article) -> list[timedelta | None]:
    return [d.utcoffset() if d else None for d in (article.published, article.modified, article.retrieved)]


@settings(max_examples=150, deadline=None)
@given(articles)
def test_round_trip_through_dict(article: Article) -> None:
    data = article.to_dict()
    again = Article.from_dict(data)
    assert again == article
    assert _offsets(again) == _offsets(article)  # == on datetimes compares instants only
    assert list(data) == ARTICLE_KEYS
    assert schema_errors(data) == []  # the shipped JSON Schema accepts every valid article


@settings(max_examples=150, deadline=None)
@given(articles, st.sampled_from([None, 2]))
def test_round_trip_through_json_text(article: Article, indent: int | None) -> None:
    text = article.to_json(indent=indent)
    again = Article.from_json(text)
    assert again == article
    assert _offsets(again) == _offsets(article)
    assert Article.from_json(text.encode("utf-8")) == article


@settings(max_examples=60, deadline=None)
@given(articles)
def test_written_datetimes_always_carry_an_offset(article: Article) -> None:
    data = article.to_dict()
    for key in ("published", "modified", "retrieved"):
        assert data[key] is None or ISO_WITH_OFFSET.match(data[key]), data[key]


# --- the documented example ------------------------------------------------------------------


def test_the_example_in_docs_model_md_is_a_valid_contract_document() -> None:
    text = (Path(__file__).resolve().parent.parent / "docs" / "model.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"```json\n(.*?)```", text, flags=re.DOTALL)
    data = json.loads(example)
    assert list(data) == ARTICLE_KEYS
    assert Article.from_dict(data).to_dict() == data  # exactly what the serializer writes
    assert {block["type"] for block in data["body"]} == set(BLOCK_KEYS)
    assert schema_errors(data) == []
