"""A page in none of an extractor's declared layouts is read by the generic extractor
(with a warning) when the extractor was chosen by URL or sniffing, and is an
UnknownLayoutError when the caller asked for that extractor by name."""

from __future__ import annotations

import pickle

import pytest

import newsparse
from newsparse import UnknownLayoutError

# A bbc.com/zhongwen URL routes to bbc-zhongwen, but this markup is in none of its designs:
# no SIMORGH_DATA, no Simorgh hooks, no legacy .bodytext.
PAGE = (
    "<html lang='zh'><head><title>一个全新设计的页面</title></head><body>"
    "<article><h1>一个全新设计的页面</h1>"
    "<p>这是一段虚构的正文，用来检验新版面无法识别时的处理方式。</p>"
    "<p>第二段虚构的正文同样应当被保留下来，而不是丢失。</p></article></body></html>"
)
URL = "https://www.bbc.com/zhongwen/simp/world-00000001"


def test_url_routed_page_in_no_known_layout_is_read_by_the_generic_extractor() -> None:
    article = newsparse.parse(PAGE, url=URL)
    assert article.extractor == "generic"
    assert [p.text for p in article.paragraphs] == [
        "这是一段虚构的正文，用来检验新版面无法识别时的处理方式。",
        "第二段虚构的正文同样应当被保留下来，而不是丢失。",
    ]
    assert any(
        "bbc-zhongwen" in w and "none of its layouts recognised the page" in w and "generic" in w
        for w in article.warnings
    )


def test_explain_records_why_the_generic_extractor_read_it() -> None:
    extraction = newsparse.extract(PAGE, url=URL)
    assert extraction.selection.reason == "fallback-unknown-layout"
    layouts = [d.detail for d in extraction.context.decisions if d.what == "extractor"]
    assert layouts == ["generic: fallback unknown layout"]


def test_asked_for_by_name_the_unknown_layout_is_an_error_naming_the_layouts_tried() -> None:
    with pytest.raises(UnknownLayoutError) as caught:
        newsparse.parse(PAGE, url=URL, extractor="bbc-zhongwen")
    error = caught.value
    assert error.extractor == "bbc-zhongwen"
    assert "simorgh-json, simorgh-dom, legacy" in str(error)
    assert isinstance(error, newsparse.ExtractionError)
    restored = pickle.loads(pickle.dumps(error))
    assert (type(restored), restored.extractor, str(restored)) == (
        UnknownLayoutError,
        error.extractor,
        str(error),
    )


def test_no_content_error_says_what_the_page_noticed() -> None:
    # Nothing but control characters: the error carries the page's own warning about them
    # instead of a bare "no content".
    with pytest.raises(newsparse.NoContentError) as caught:
        newsparse.parse("<html><body><div>\x00\x01</div></body></html>")
    assert "no title and no body" in str(caught.value)
    assert "control character" in str(caught.value)
