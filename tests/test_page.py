"""Page: limits, the capture envelope (whole and damaged), clean-up before parsing, lazy metadata."""

from __future__ import annotations

import json
import pickle
import time
from datetime import datetime, timezone

import lxml.etree
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsparse
from conftest import FIXTURES
from newsparse.errors import InputError, LimitExceededError
from newsparse.extractor import Context
from newsparse.page import (
    DEFAULT_LIMITS,
    PARSER_DEPTH,
    PARSER_MAX_DEPTH,
    Limits,
    Page,
    _few_separators,
    _strip_doctype_subset,
    _uncrowded_run,
    read_envelope,
    script_body,
)

URL = "https://news.example.org/world/story-1"
BODY = "<h1>A headline</h1><p>" + "A sentence of the article body. " * 8 + "</p>"


def doc(body: str = BODY, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def depth_of(root: lxml.etree._Element) -> int:
    deepest, stack = 0, [(root, 1)]
    while stack:
        element, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in element)
    return deepest


# --- Limits ---------------------------------------------------------------------------------------


def test_default_limits_are_safe_and_documented() -> None:
    assert (
        Limits(max_bytes=20 * 1024 * 1024, max_depth=256, max_nodes=1_000_000, max_attributes=1000)
        == DEFAULT_LIMITS
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_bytes": 0},
        {"max_bytes": -1},
        {"max_nodes": True},
        {"max_depth": 0},
        {"max_depth": 2049},
        {"max_attributes": 1.5},
    ],
)
def test_nonsense_limits_are_refused(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="Limits"):
        Limits(**kwargs)


@pytest.mark.parametrize("data", [doc().encode("utf-8"), doc()])
def test_max_bytes_names_the_limit(data: str | bytes) -> None:
    size = len(doc().encode("utf-8"))
    with pytest.raises(LimitExceededError) as caught:
        newsparse.parse(data, url=URL, limits=Limits(max_bytes=size - 1))
    assert (caught.value.limit, caught.value.value) == ("max_bytes", size - 1)
    assert "max_bytes" in str(caught.value)
    assert newsparse.parse(data, url=URL, limits=Limits(max_bytes=size)).title == "A headline"


def test_text_input_is_measured_in_utf8_bytes() -> None:
    text = doc("<h1>标题</h1><p>" + "中文" * 100 + "</p>")
    utf8 = len(text.encode("utf-8"))
    assert utf8 > len(text)
    with pytest.raises(LimitExceededError):
        Page.from_input(text, limits=Limits(max_bytes=utf8 - 1))
    Page.from_input(text, limits=Limits(max_bytes=utf8))


def test_max_nodes_names_the_limit() -> None:
    html = doc(BODY + "<br>" * 500)
    with pytest.raises(LimitExceededError) as caught:
        Page.from_input(html, limits=Limits(max_nodes=300))
    assert caught.value.limit == "max_nodes" and caught.value.value == 300
    assert "more than 300 start tags" in str(caught.value)
    assert len(Page.from_input(html, limits=Limits(max_nodes=None)).tree.xpath("//br")) == 500
    assert len(Page.from_input(html, limits=Limits(max_nodes=510)).tree.xpath("//br")) == 500


def test_max_nodes_counts_tags_not_every_angle_bracket() -> None:
    script = "<script>if (a < b && c <= d) {}</script>" * 100  # 100 start tags, 300 "<"
    html = doc(script + "<p>" + "1 < 2 and 3 <3 " * 100 + "</p>")
    page = Page.from_input(html, limits=Limits(max_nodes=110))
    assert len(page.tree.xpath("//script")) == 100


def test_a_million_tiny_tags_are_refused_before_the_tree_is_built() -> None:
    start = time.perf_counter()
    with pytest.raises(LimitExceededError, match="max_nodes"):
        Page.from_input("<a x=1 y=2 z=3>" * 1_200_000)  # 18 MB; would build a 1 GB tree
    assert time.perf_counter() - start < 3.0


def test_limit_errors_survive_pickling() -> None:
    with pytest.raises(LimitExceededError) as caught:
        Page.from_input(doc(), limits=Limits(max_bytes=10), source="a.html")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (copy.limit, copy.value, copy.source, str(copy)) == ("max_bytes", 10, "a.html", str(caught.value))


def nested(levels: int, inner: str = "<p>deep text</p>") -> str:
    return "<div>" * levels + inner + "</div>" * levels


def test_content_deeper_than_max_depth_is_cut_and_the_rest_kept() -> None:
    html = doc("<h1>Top</h1><p>before</p>" + nested(60) + "<p>after</p>")
    page = Page.from_input(html, limits=Limits(max_depth=40))
    assert depth_of(page.tree) == 40
    text = page.tree.text_content()
    assert "before" in text and "after" in text and "deep text" not in text
    assert list(page.warnings) == [
        "content nested deeper than 40 levels (max_depth) was cut: 1 element(s) holding 9 characters of text"
    ]


def test_the_tail_of_a_cut_element_is_kept() -> None:
    html = doc("<div><div><span>cut</span>kept tail</div></div>")
    page = Page.from_input(html, limits=Limits(max_depth=4))  # html > body > div > div
    assert page.tree.text_content() == "kept tail"


def test_a_legit_200_deep_page_is_untouched() -> None:
    deep = "A sentence two hundred levels down. " * 8
    html = doc("<h1>Deep but fine</h1>" + nested(200, f"<p>{deep}</p>") + "<p>after</p>")
    page = Page.from_input(html)
    assert page.warnings == ()
    assert depth_of(page.tree) == 2 + 200 + 1  # html, body, 200 divs, p
    assert page.tree.text_content().endswith("after")
    article = newsparse.parse(html, url=URL)
    assert deep.strip() in [p.text for p in article.paragraphs]
    assert not any("deeper" in w for w in article.warnings)


def test_at_the_default_depth_libxml2_stops_and_the_rest_is_lost_and_said() -> None:
    html = doc("<h1>Top</h1><p>before</p>" + nested(300) + "<p>after</p>")
    page = Page.from_input(html)
    text = page.tree.text_content()
    assert "before" in text and "deep text" not in text and "after" not in text
    assert depth_of(page.tree) == PARSER_DEPTH
    assert len(page.warnings) == 1
    assert page.warnings[0].startswith("the page nests deeper than 256 levels at line 1, column ")
    assert page.warnings[0].endswith("where the HTML parser stops; the rest of the page was not read")


def test_a_deeper_max_depth_cuts_instead_and_keeps_the_rest() -> None:
    html = doc("<h1>Top</h1><p>before</p>" + nested(600) + "<p>after</p>")
    page = Page.from_input(html, limits=Limits(max_depth=500))
    text = page.tree.text_content()
    assert "before" in text and "deep text" not in text and "after" in text
    assert depth_of(page.tree) == 500
    assert list(page.warnings) == [
        "content nested deeper than 500 levels (max_depth) was cut: 1 element(s) holding 9 characters of text"
    ]


def test_max_depth_none_keeps_everything_the_parser_can_build() -> None:
    page = Page.from_input(doc(nested(1000)), limits=Limits(max_depth=None))
    assert depth_of(page.tree) == 1003 and page.warnings == ()


def test_past_the_parsers_hard_stop_the_rest_is_lost_and_said() -> None:
    html = doc("<h1>Top</h1><p>before</p>" + nested(PARSER_MAX_DEPTH + 100) + "<p>after</p>")
    page = Page.from_input(html, limits=Limits(max_depth=None))
    text = page.tree.text_content()
    assert "before" in text and "after" not in text
    assert any(f"deeper than {PARSER_MAX_DEPTH} levels" in w and "not read" in w for w in page.warnings)


def test_nothing_but_nesting_is_a_depth_limit_error() -> None:
    with pytest.raises(LimitExceededError) as caught:
        Page.from_input("<div>" * 5000)
    assert caught.value.limit == "max_depth" and caught.value.value == PARSER_DEPTH
    with pytest.raises(LimitExceededError) as caught:
        Page.from_input("<div>" * 5000, limits=Limits(max_depth=1000))
    assert caught.value.value == PARSER_MAX_DEPTH


def test_a_run_of_over_10_mb_stops_the_default_parser_and_is_said() -> None:
    mib = 1024 * 1024
    html = doc(f'<p title="{"z" * 5 * mib}">first</p><img src="{"q" * 5 * mib}"><p>after</p>')
    page = Page.from_input(html)
    assert "first" in page.tree.text_content() and "after" not in page.tree.text_content()
    assert any("the HTML parser gave up at line 1" in w and "max_depth=None" in w for w in page.warnings)
    lifted = Page.from_input(html, limits=Limits(max_depth=None))  # huge_tree mode
    assert lifted.tree.text_content().endswith("after") and lifted.warnings == ()


# --- the capture envelope -----------------------------------------------------------------------

STAMP = "<!--1639591987000-->"
WHEN = datetime(2021, 12, 15, 18, 13, 7, tzinfo=timezone.utc)


def test_a_complete_envelope() -> None:
    text = f"{STAMP}\n[The title]({URL})\n------\n\n<main><p>x</p></main>"
    envelope = read_envelope(text)
    assert envelope is not None
    assert (envelope.url, envelope.title, envelope.retrieved_at, envelope.warnings) == (
        URL,
        "The title",
        WHEN,
        (),
    )
    assert text[envelope.end :].lstrip().startswith("<main>")


def test_windows_line_ends_and_a_seconds_stamp() -> None:
    envelope = read_envelope(f"<!--1639591987-->\r\n[T]({URL})\r\n---\r\n<p>x</p>")
    assert envelope is not None
    assert (envelope.url, envelope.retrieved_at, envelope.warnings) == (URL, WHEN, ())


@pytest.mark.parametrize(
    ("text", "url", "title", "when", "warning"),
    [
        (f"{STAMP}\n------\n<p>x</p>", None, None, WHEN, "no [title](url) line"),
        (f"{STAMP}\n[The title]({URL}\n------\n<p>x</p>", URL, "The title", WHEN, "title line is malformed"),
        (f"{STAMP}\nThe title {URL}\n<p>x</p>", None, None, WHEN, "no [title](url) line"),
        (f"<!--99999999999999-->\n[T]({URL})\n<p>x</p>", URL, "T", None, "not a plausible date"),
        (f"{STAMP}\n[T](javascript:alert(1))\n<p>x</p>", None, "T", WHEN, "not an absolute http(s) URL"),
        (f"{STAMP}\n[T](/relative/path)\n<p>x</p>", None, "T", WHEN, "not an absolute http(s) URL"),
        (f"[T]({URL})\n------\n<p>x</p>", URL, "T", None, None),
    ],
    ids=[
        "no-title-line",
        "unclosed-link",
        "plain-title",
        "bad-stamp",
        "script-url",
        "relative-url",
        "no-stamp",
    ],
)
def test_a_damaged_envelope_gives_what_it_can_with_warnings(
    text: str, url: str | None, title: str | None, when: datetime | None, warning: str | None
) -> None:
    page = Page.from_input(text)
    assert (page.url, page.title_hint, page.retrieved_at) == (url, title, when)
    assert page.tree.text_content() == "x"  # no envelope line leaks into the page
    if warning:
        assert any(warning in w for w in page.warnings), page.warnings
    else:
        assert page.warnings == ()


def test_text_that_merely_starts_with_a_bracket_is_not_an_envelope() -> None:
    assert read_envelope("[1] a footnote first\n<p>x</p>") is None
    assert read_envelope("<p>no envelope</p>") is None


def test_a_huge_first_line_is_no_envelope_and_costs_nothing() -> None:
    start = time.perf_counter()
    assert read_envelope("[" + "](x" * 1_000_000) is None
    envelope = read_envelope(f"{STAMP}\n[" + "](x" * 1_000_000 + "\n<p>x</p>")
    assert envelope is not None and envelope.url is None
    assert time.perf_counter() - start < 1.0


def test_an_envelope_without_html_is_an_input_error() -> None:
    with pytest.raises(InputError, match="capture envelope but no HTML"):
        newsparse.parse(f"{STAMP}\n[T]({URL})\n------\n\n")


def test_a_broken_envelope_reaches_the_article_warnings() -> None:
    article = newsparse.parse(f"{STAMP}\n[The title]({URL}\n------\n" + doc())
    assert article.url == URL and article.retrieved == WHEN
    assert any("title line is malformed" in w for w in article.warnings)


# --- clean-up before parsing --------------------------------------------------------------------


def test_control_characters_are_removed_with_a_warning() -> None:
    page = Page.from_input(doc("<p>a\x00b\x01c\x0bd\x1fe\x7ff\tg</p>"))
    assert page.tree.text_content() == "abcdef\tg"
    assert list(page.warnings) == ["removed 1 NUL and 4 other control character(s) from the input"]


def test_lone_surrogates_in_text_input_become_replacement_characters() -> None:
    page = Page.from_input(doc("<p>a\ud800b</p>"))
    assert page.tree.text_content() == "a\ufffdb"
    assert list(page.warnings) == ["replaced 1 lone surrogate code point(s) by U+FFFD"]


def test_an_xml_declaration_in_text_input_is_accepted() -> None:
    page = Page.from_input('<?xml version="1.0" encoding="utf-8"?>\n' + doc())
    assert page.tree.findtext(".//h1") == "A headline"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("just some words", "no HTML markup"),
        ("<!-- only a comment -->", "no HTML elements"),
        ('{"title": "<b>JSON</b>", "body": []}', "JSON document"),
        ("[1, 2, 3]", "no HTML markup"),
        (b"\x00\x00", "binary"),
    ],
)
def test_input_that_is_not_a_page_is_an_input_error(data: str | bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        Page.from_input(data)


def test_wrong_input_types_are_input_errors() -> None:
    with pytest.raises(InputError, match="expected str or bytes, got int"):
        Page.from_input(42)  # type: ignore[arg-type]
    from_bytearray = Page.from_input(bytearray(doc().encode()))  # type: ignore[arg-type]
    assert from_bytearray.tree.findtext(".//h1") == "A headline"


def test_a_naive_retrieved_at_is_refused() -> None:
    with pytest.raises(InputError, match="timezone-aware"):
        Page.from_input(doc(), retrieved_at=datetime(2024, 1, 1))


# --- metadata -------------------------------------------------------------------------------------


def ld(payload: str) -> str:
    return f'<script type="application/ld+json">{payload}</script>'


def test_jsonld_graphs_are_flattened_and_broken_blocks_warned_once() -> None:
    head = (
        ld('{"@graph": [{"@type": "NewsArticle", "headline": "H"}, [{"@type": "Person"}]]}')
        + ld("{broken")
        + ld('{"also": broken}')
        + ld("[" * 5000 + "]" * 5000)
    )
    page = Page.from_input(doc(head=head))
    assert [o["@type"] for o in page.jsonld] == ["NewsArticle", "Person"]
    assert len(page.warnings) == 1
    assert page.warnings[0].startswith("skipped 3 broken JSON-LD block(s); the page's markup was used")


def test_jsonld_types_of_any_shape_are_tolerated() -> None:
    head = ld('[{"@type": [{"x": 1}, "NewsArticle"]}, {"@type": 5}, {"@type": null}]')
    page = Page.from_input(doc(head=head))
    assert len(list(page.jsonld_of_type("NewsArticle"))) == 1


def test_jsonld_nesting_is_bounded() -> None:
    page = Page.from_input(doc(head=ld("[" * 40 + '{"@type": "NewsArticle"}' + "]" * 40)))
    assert page.jsonld == ()  # buried 40 lists deep: not metadata, and no recursion error


def test_app_json_by_assignment_and_by_id_and_broken() -> None:
    head = (
        '<script>window.SIMORGH_DATA = {"pageData": {"id": 1}};</script>'
        '<script id="__NEXT_DATA__" type="application/json">{"props": [1]}</script>'
        "<script>window.BROKEN_DATA = {oops</script>"
    )
    page = Page.from_input(doc(head=head))
    assert page.app_json("SIMORGH_DATA") == {"pageData": {"id": 1}}
    assert page.app_json("__NEXT_DATA__") == {"props": [1]}
    assert page.app_json("BROKEN_DATA") is None
    assert page.app_json("ABSENT") is None
    # A broken blob is reported to the reader's context, not added to the page's warnings.
    context = Context()
    assert page.app_json("BROKEN_DATA", context=context) is None
    assert [w.split(" (")[0] for w in context.warnings] == ["embedded JSON BROKEN_DATA is broken"]
    assert page.warnings == ()


def test_meta_lang_and_canonical() -> None:
    head = (
        '<meta property="og:title" content=" OG "><meta name="OG:title" content="second">'
        '<link rel="Canonical alternate" href=" https://x.example/c ">'
    )
    page = Page.from_input(f'<html lang=" zh-Hans "><head>{head}</head><body><p>x</p></body></html>')
    assert page.lang == "zh-Hans"
    assert page.meta["og:title"] == ("OG", "second")
    assert page.meta_first("nothing", "OG:TITLE") == "OG"
    assert page.canonical_url == "https://x.example/c" == page.base_url


# --- metadata: read at build, or on first use without touching the page's warnings ----


def test_the_page_warnings_are_settled_when_it_is_built() -> None:
    """Every warning about the input is known once the page exists: JSON-LD is read then,
    and later lookups (metadata, embedded JSON, repaired or broken) leave the warnings as
    they were, so which getters an extractor happened to call cannot change them."""
    big = "9" * 5000
    html = (
        "<html><head><script type='application/ld+json'>{broken</script>"
        f'<script id="BIG" type="application/json">{{"n": {big}}}</script>'
        '<script>window.LONE = {"s": "\\ud800"};</script>'
        "<script>window.BROKEN = {oops</script></head><body><p>text</p></body></html>"
    )
    page = Page.from_input(html)
    settled = page.warnings
    assert [w.split(";")[0] for w in settled] == ["skipped 1 broken JSON-LD block(s)"]
    context = Context()
    assert page.app_json("BIG", context=context) == {"n": None}
    assert page.app_json("LONE", context=context) == {"s": "\ufffd"}
    assert page.app_json("BROKEN", context=context) is None
    page.meta, page.jsonld, page.canonical_url  # noqa: B018 (the lazy getters, all run)
    assert page.warnings == settled
    assert [w.split(" (")[0].split(" in ")[0] for w in context.warnings] == [
        "read numbers of more than 4300 digits",
        "replaced 1 lone surrogate(s)",
        "embedded JSON BROKEN is broken",
    ]
    # A second read of the same blob reports the same notes and reads it from the cache.
    again = Context()
    assert page.app_json("BIG", context=again) is page.app_json("BIG")
    assert again.warnings == [context.warnings[0]]


def test_a_broken_jsonld_warning_is_recorded_once() -> None:
    html = (
        "<html><head><script type='application/ld+json'>{broken</script>"
        "<script type='application/ld+json'>{\"@type\": \"NewsArticle\"}</script></head>"
        "<body><p>text</p></body></html>"
    )
    read = Page.from_input(html)
    assert [obj["@type"] for obj in read.jsonld] == ["NewsArticle"]
    assert len(list(read.jsonld_of_type("NewsArticle"))) == 1
    assert sum("broken JSON-LD" in warning for warning in read.warnings) == 1


def test_app_json_is_found_once_and_cached() -> None:
    html = '<html><body><script>window.SIMORGH_DATA = {"a": 1}</script><p>x</p></body></html>'
    read = Page.from_input(html)
    assert read.app_json("SIMORGH_DATA") == {"a": 1}
    assert read.app_json("SIMORGH_DATA") is read.app_json("SIMORGH_DATA")
    assert read.app_json("__NEXT_DATA__") is None


# --- the DOCTYPE internal subset ------------------------------------------------------


def test_doctype_subset_after_many_comments_is_still_dropped() -> None:
    html = "<!-- c -->" * 30 + '<!DOCTYPE html [<!ENTITY x "y">]><p>text</p>'
    cleaned, notes = _strip_doctype_subset(html)
    assert "ENTITY" not in cleaned and notes


# --- the attribute limit: pages with few separators ------------------------------------


TAG_SOUP = st.lists(
    st.sampled_from(
        [
            *"<>/=\"' \t\n\r\fabX1",
            *(sep + "a" for sep in " \t\n\r\f/"),
            '="v"',
            "='v'",
            "a=1",
            "<x ",
            '="a>b"',
        ]
    ),
    max_size=40,
).map("".join)


# One attribute as the tokenizer may meet it: an optional separator, a name, and no value,
# an unquoted one or a quoted one (which the next attribute may follow directly).
ATTRIBUTE = st.tuples(
    st.sampled_from(["", " ", "\t", "\n", "\r", "\f", "/", "  "]),
    st.sampled_from(["a", "b1", "data-x", 'q"', "'q", "<a"]),
    st.sampled_from(["", "=1", "=", '="v"', "='v'", '=""', "=''", ' = "v"', '="a>b"', "=x'y"]),
).map("".join)
TAGS = st.lists(
    st.tuples(st.sampled_from(["<x", "<div", "<a"]), st.lists(ATTRIBUTE, max_size=9)).map(
        lambda tag: tag[0] + "".join(tag[1]) + ">text"
    ),
    min_size=1,
    max_size=3,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(TAG_SOUP | TAGS, st.integers(min_value=1, max_value=6))
def test_few_separators_means_no_tag_over_the_attribute_limit(html: str, limit: int) -> None:
    """The shortcut in Page._check_attributes is sound: whenever it says "no tag can be too
    crowded", the exact tag-by-tag scan finds none either."""
    if _few_separators(html.encode(), limit):
        end = _uncrowded_run(limit).match(html)
        assert end is not None and end.end() == len(html)


@pytest.mark.parametrize(
    "attributes",
    [
        " a b c d",  # whitespace before each name
        "\ta\tb\tc\td",
        "\na\nb\nc\nd",
        "\ra\rb\rc\rd",
        "\fa\fb\fc\fd",
        " a/b/c/d",  # "/" between names
        ' a="1"b="2"c="3"d="4"',  # a closing quote and the next name at once
        " a='1'b='2'c='3'd='4'",
    ],
)
def test_each_kind_of_separator_is_counted(attributes: str) -> None:
    html = f"<x{attributes}>text"
    limit = 3
    end = _uncrowded_run(limit).match(html)
    assert end is not None and end.end() == 0  # the exact scan stops at this crowded tag
    assert not _few_separators(html.encode(), limit)
    assert not _few_separators(("中" * 100 + html).encode(), limit)  # beyond the first few KB too


def test_a_crowded_tag_in_a_page_without_spaces_is_still_refused() -> None:
    crowded = "<div " + " ".join(f"a{i}" for i in range(1001)) + ">中文</div>"
    with pytest.raises(LimitExceededError, match="max_attributes"):
        Page.from_input("<html><body>" + "中文" * 5000 + crowded + "</body></html>")
    quoted = "<div " + "".join(f'a{i}="x"' for i in range(1001)) + ">中文</div>"  # no spaces at all
    with pytest.raises(LimitExceededError, match="max_attributes"):
        Page.from_input("<html><body>" + "中文" * 5000 + quoted + "</body></html>")


# --- scripts wrapped for XHTML or old parsers ---------------------------------------------

JSONLD = '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Wrapped"}'


@pytest.mark.parametrize(
    "wrapped",
    [
        f"<![CDATA[{JSONLD}]]>",
        f"//<![CDATA[\n{JSONLD}\n//]]>",
        f"/*<![CDATA[*/ {JSONLD} /*]]>*/",
        f"<!--\n{JSONLD}\n-->",
        f"  <!-- {JSONLD} //-->  ",
    ],
)
def test_jsonld_and_app_json_are_read_inside_cdata_and_comment_wrappers(wrapped: str) -> None:
    html = (
        f'<html><head><script type="application/ld+json">{wrapped}</script>'
        f'<script id="__APP__" type="application/json">{wrapped}</script>'
        f"<script>//<![CDATA[\nwindow.APP_STATE = {JSONLD};\n//]]></script></head><body></body></html>"
    )
    page = Page.from_input(html)
    assert [obj["headline"] for obj in page.jsonld] == ["Wrapped"]
    assert page.app_json("__APP__")["headline"] == "Wrapped"
    assert page.app_json("APP_STATE")["headline"] == "Wrapped"
    assert page.warnings == ()


def test_a_script_that_only_mentions_cdata_is_left_as_it_is() -> None:
    assert script_body(' {"a": "<![CDATA[x]]>"} ') == '{"a": "<![CDATA[x]]>"}'
    assert script_body(None) == ""


def test_the_bbc_and_generic_extractors_read_json_saved_inside_cdata() -> None:
    page = (FIXTURES / "bbc-world-service" / "russian-json-story.html").read_text(encoding="utf-8")
    sidecar = json.loads((FIXTURES / "bbc-world-service" / "russian-json-story.input.json").read_text())
    plain = newsparse.parse(page, url=sidecar.get("url"))
    start = page.index("window.SIMORGH_DATA")
    end = page.index("</script>", start)
    wrapped_page = page[:start] + "//<![CDATA[\n" + page[start:end] + "\n//]]>" + page[end:]
    wrapped = newsparse.parse(wrapped_page, url=sidecar.get("url"))
    assert wrapped.layout == plain.layout == "simorgh-json"
    assert wrapped.to_json() == plain.to_json()

    generic = newsparse.parse(
        f'<html><head><script type="application/ld+json">//<![CDATA[\n{JSONLD}\n//]]></script></head>'
        "<body><article><p>" + "Words of the story. " * 20 + "</p></article></body></html>",
        url="https://news.example/story",
    )
    assert generic.title == "Wrapped"
