"""The sanitiser's fast path decides exactly what its full pass decides.

``sanitize_article`` first asks whether any URL of the article would be dropped, without
copying anything, and returns the article itself when none would. These tests generate
articles whose URLs mix safe, unsafe, obfuscated, relative and oversized ones, in every
place a URL can sit, and check the quick answer against the full pass.
"""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsparse
from conftest import SEED
from newsparse.model import (
    Article,
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
from newsparse.sanitize import (
    MAX_URL_LENGTH,
    _all_plain_http,
    _is_clean,
    _is_clean_exact,
    _sanitized,
    sanitize_article,
)

SAFE = [
    "https://www.bbc.com/zhongwen/simp/world-1",
    "http://example.com/a.jpg",
    "/relative/path",
    "?q=1",
    "#top",
    "page.html",
    "//cdn.example.com/x.png",
]
UNSAFE_SOMEWHERE = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "data:image/png;base64,AAAA",
    "vbscript:x",
    "ftp://example.com/file",  # a fine link, never an image or embed
    "mailto:someone@example.com",
    "ｊａｖａｓｃｒｉｐｔ:x",
    "https://x.example/" + "a" * MAX_URL_LENGTH,
    "HTTPS://x.example/",  # safe, but not for the quick test
    "https://x.example/\njavascript:x",
    "http:/x.example",
]
# Mostly safe URLs, so that articles with nothing to drop, or a single thing, are common.
URLS = st.sampled_from(SAFE * 12 + UNSAFE_SOMEWHERE)

images = st.builds(
    Image,
    url=URLS,
    width=st.none() | st.integers(0, 2000),
    sources=st.lists(st.builds(ImageSource, url=URLS, width=st.none() | st.integers(1, 2000)), max_size=3),
)


@st.composite
def paragraphs(draw: st.DrawFn) -> Paragraph:
    spans = draw(
        st.lists(st.builds(Span, text=st.sampled_from(["a", "b c"]), href=st.none() | URLS), max_size=3)
    )
    return Paragraph(text="".join(s.text for s in spans), spans=spans)


blocks = st.one_of(
    paragraphs(),
    st.builds(Heading, level=st.just(2), text=st.just("h")),
    st.builds(Figure, image=images),
    st.builds(
        Media,
        kind=st.just("video"),
        media_id=st.none() | st.just("p0b4g7w8"),
        embed_url=st.none() | URLS,
        poster=st.none() | images,
    ),
    st.builds(RelatedLinks, links=st.lists(st.builds(Link, url=URLS, text=st.just("t")), max_size=3)),
    st.builds(ListBlock, items=st.just(("x",))),
    st.builds(Quote, text=st.just("q"), cite=st.none() | URLS),
)

articles = st.builds(
    Article,
    url=st.none() | URLS,
    canonical_url=st.none() | URLS,
    title=st.just("t"),
    lead_image=st.none() | images,
    body=st.lists(blocks, max_size=5),
    related=st.lists(st.builds(Link, url=URLS, text=st.just("r")), max_size=3),
)


@settings(max_examples=400, deadline=None)
@given(articles)
def test_quick_answer_matches_the_full_pass(article: Article) -> None:
    full = _sanitized(article)
    assert _is_clean(article) == (full is article)
    assert sanitize_article(article) == full


def test_a_clean_article_is_returned_as_is() -> None:
    article = Article(
        url="https://www.bbc.com/zhongwen/simp/world-1",
        body=[Paragraph(text="x", spans=[Span(text="x", href="https://www.bbc.com/a")])],
        related=[Link(url="/relative", text="r")],
    )
    assert sanitize_article(article) is article


def test_one_unsafe_url_anywhere_takes_the_full_pass() -> None:
    safe = Link(url="https://x.example/", text="ok")
    article = Article(body=[RelatedLinks(links=[safe, Link(url="javascript:x", text="bad")])])
    cleaned = sanitize_article(article)
    assert cleaned is not article
    assert cleaned.body == (RelatedLinks(links=[safe]),)
    assert cleaned.warnings == ("dropped 1 unsafe javascript: URL(s) from links",)


PLACES = {
    "span": lambda u: Article(body=[Paragraph(text="x", spans=[Span(text="x", href=u)])]),
    "figure": lambda u: Article(body=[Figure(image=Image(url=u))]),
    "srcset": lambda u: Article(
        body=[Figure(image=Image(url="https://x.example/", sources=[ImageSource(url=u)]))]
    ),
    "embed": lambda u: Article(body=[Media(kind="video", media_id="p0b4g7w8", embed_url=u)]),
    "poster": lambda u: Article(body=[Media(kind="video", media_id="p0b4g7w8", poster=Image(url=u))]),
    "related_links": lambda u: Article(body=[RelatedLinks(links=[Link(url=u, text="t")])]),
    "cite": lambda u: Article(body=[Quote(text="q", cite=u)]),
    "related": lambda u: Article(related=[Link(url=u, text="t")]),
    "lead_image": lambda u: Article(lead_image=Image(url=u)),
    "url": lambda u: Article(url=u),
    "canonical_url": lambda u: Article(canonical_url=u),
}


@pytest.mark.parametrize("url", SAFE + UNSAFE_SOMEWHERE)
@pytest.mark.parametrize("place", sorted(PLACES))
def test_every_place_and_kind_of_url(place: str, url: str) -> None:
    article = PLACES[place](url)
    assert _is_clean(article) == (_sanitized(article) is article)


@settings(max_examples=400, deadline=None)
@given(articles)
def test_the_quick_test_passes_only_articles_with_nothing_to_drop(article: Article) -> None:
    full = _sanitized(article)
    assert _is_clean_exact(article) == (full is article)
    if _all_plain_http(article):
        assert full is article


@attrs.frozen(kw_only=True, init=False)
class _OwnParagraph(Paragraph):
    pass


def test_subclassed_blocks_get_the_exact_test() -> None:
    article = Article(body=[_OwnParagraph(text="x", spans=[Span(text="x", href="javascript:x")])])
    assert not _all_plain_http(article)
    assert not _is_clean(article)


def test_the_seed_article_is_passed_by_the_quick_test() -> None:
    article = newsparse.parse(SEED.read_bytes())
    assert article.body and article.lead_image and _all_plain_http(article)


def test_an_empty_link_is_never_passed_by_the_quick_test() -> None:
    article = Article(body=[Paragraph(text="x", spans=[Span(text="x", href="")])])
    assert not _all_plain_http(article)
    assert not _is_clean(article)
