"""Hypothesis fuzzing of newsparse.parse: whatever the input, the result is either an Article
that validates against the JSON schema (and survives a round trip through it), or a
NewsparseError. Never another exception.

Inputs: arbitrary text and bytes, tag soup built from HTML's most troublesome pieces, and
mutations of every fixture page (nodes deleted, duplicated and reordered on the lxml tree
and re-serialised; bytes cut, flipped and spliced), and hostile values put into the places
of a fixture page where values go (issue 14: long digit runs, repeated path segments, many
siblings, lone surrogates, control characters, huge numbers, odd charset labels), where the
article must also keep its body and be writable as UTF-8 in every format.

Example counts are kept modest so the suite stays fast (the whole file runs in about 30 s:
300 hostile-value examples, under 100 ms each); raise them locally with
NEWSPARSE_FUZZ_EXAMPLES=3000 (every test then runs 3,000 examples).
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsparse
from newsparse.errors import NewsparseError
from newsparse.model import Article
from newsparse.schema import schema_errors

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".html", ".txt"))
SCALE = int(os.environ.get("NEWSPARSE_FUZZ_EXAMPLES", "0")) or None


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=SCALE or examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def check(data: str | bytes, **kwargs: Any) -> Article | None:
    """Parse ``data``; a NewsparseError is a fine answer, anything else fails the test."""
    try:
        article = newsparse.parse(data, **kwargs)
    except NewsparseError as error:
        assert str(error)  # every error says something
        return None
    as_dict = article.to_dict()
    assert schema_errors(as_dict) == []
    assert Article.from_dict(json.loads(json.dumps(as_dict))) == article
    assert article.title or article.body
    return article


def sidecar(page: Path) -> dict[str, Any]:
    path = page.with_name(page.stem + ".input.json")
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {"url": data.get("url")}


def test_there_are_fixtures_to_mutate() -> None:
    assert len(PAGES) >= 10
    for page in PAGES:
        assert check(page.read_bytes(), **sidecar(page)) is not None, page.name


# --- arbitrary input ----------------------------------------------------------------------------------


@fuzz_settings(80)
@given(st.text(max_size=2000))
def test_arbitrary_text(text: str) -> None:
    check(text)


@fuzz_settings(80)
@given(st.binary(max_size=4000))
def test_arbitrary_bytes(data: bytes) -> None:
    check(data)


PIECES = [
    "<html>",
    "<head>",
    "<body>",
    "</body>",
    "<article>",
    "</article>",
    "<main role=main>",
    "<p>",
    "</p>",
    "<h1>",
    "</h1>",
    "<h2 id=x tabindex=-1>",
    "<div>",
    "</div>",
    "<figure>",
    "<figcaption>",
    "<img src=",
    "<img srcset='a.jpg 100w, b.jpg 2x'>",
    "<a href=",
    "</a>",
    "javascript:alert(1)",
    "data:,x",
    "//cdn/x",
    "<iframe src='https://www.bbc.com/ws/av-embeds/x'>",
    "<time datetime=",
    "2021-12-15T10:00:00Z",
    "30 分钟前",
    "<ul role=list>",
    "<li role=listitem>",
    "<blockquote>",
    "<script>",
    "</script>",
    "<script type='application/ld+json'>",
    '{"@type": "NewsArticle", "headline": ',
    '"@graph": [',
    "window.SIMORGH_DATA=",
    '{"pageData": {',
    "<meta charset=gbk>",
    "<meta property=og:title content=",
    "<!--1639591987000-->\n",
    "[标题](https://www.bbc.com/zhongwen/simp/world-1)\n",
    "------\n",
    "<!DOCTYPE html [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>",
    "&x;",
    "&amp;",
    "&#0;",
    "&#xD800;",
    "<?xml version='1.0' encoding='utf-8'?>",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<svg><title>t</title>",
    "\x00",
    "\ufeff",
    "\u200b",
    "中文",
    "圖像來源，",
    "<b>",
    "<i>",
    "<br>",
    "<table><tr><td>",
    '"',
    "'",
    "<",
    ">",
]


@fuzz_settings(100)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=80))
def test_tag_soup(pieces: list[str]) -> None:
    html = "".join(pieces)
    check(html)
    check(html, url="https://www.bbc.com/zhongwen/simp/world-59666831")


# --- mutations of the fixture pages ------------------------------------------------------------------

OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["delete", "duplicate", "move", "unwrap"]),
        st.integers(0, 10**6),
        st.integers(0, 10**6),
    ),
    min_size=1,
    max_size=8,
)


def _split_envelope(text: str) -> tuple[str, str]:
    if text.startswith("<!--") and "\n------\n" in text[:2000]:
        head, _, html = text.partition("\n------\n")
        return head + "\n------\n", html
    return "", text


def mutate_tree(text: str, operations: list[tuple[str, int, int]]) -> str:
    envelope, html = _split_envelope(text)
    root = lxml.html.document_fromstring(html)
    for operation, first, second in operations:
        elements = [e for e in root.iter() if isinstance(e, lxml.html.HtmlElement) and e is not root]
        if len(elements) < 2:
            break
        element = elements[first % len(elements)]
        other = elements[second % len(elements)]
        parent = element.getparent()
        if parent is None:
            continue
        if operation == "delete":
            element.drop_tree()
        elif operation == "duplicate":
            parent.insert(parent.index(element), copy.deepcopy(element))
        elif operation == "unwrap":
            element.drop_tag()
        elif other is not element and element not in other.iterancestors():
            target = other.getparent()
            if target is not None:  # move: take element out and put it before other
                element.drop_tree()
                target.insert(target.index(other), element)
    return envelope + str(lxml.html.tostring(root, encoding="unicode"))


@fuzz_settings(100)
@given(st.sampled_from(PAGES), OPERATIONS)
def test_fixture_tree_mutations(page: Path, operations: list[tuple[str, int, int]]) -> None:
    mutated = mutate_tree(page.read_text(encoding="utf-8"), operations)
    check(mutated, **sidecar(page))


@fuzz_settings(60)
@given(
    st.sampled_from(PAGES),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 400), st.binary(max_size=8)), max_size=6),
)
def test_fixture_byte_mutations(page: Path, edits: list[tuple[int, int, bytes]]) -> None:
    data = bytearray(page.read_bytes())
    for position, length, replacement in edits:
        start = position % (len(data) + 1)
        data[start : start + length] = replacement  # cut, overwrite or splice
    check(bytes(data), **sidecar(page))


def test_mutation_helper_really_mutates() -> None:
    page = next(p for p in PAGES if p.suffix == ".html")
    text = page.read_text(encoding="utf-8")
    original = lxml.html.tostring(lxml.html.document_fromstring(text), encoding="unicode")
    assert mutate_tree(text, [("duplicate", 5, 0)]) != original
    assert len(mutate_tree(text, [("delete", 5, 0)])) < len(original)
    assert isinstance(lxml.html.document_fromstring(mutate_tree(text, [("move", 3, 9)])), lxml.etree._Element)


# --- hostile values in the places of a real page (issue 14) -----------------------------------

SEED = ROOT / "fixtures" / "bbc-zhongwen" / "seed-world-59666831.txt"
JSON_STORY = ROOT / "fixtures" / "bbc-zhongwen" / "json-story.html"
GENERIC = sorted((ROOT / "fixtures" / "generic").glob("*.html"))

digit_runs = st.integers(1, 6000).map(lambda n: "9" * n)
huge_numbers = st.sampled_from(["1e400", "-1e400", "Infinity", "NaN", "1" + "0" * 5000, "-0", "1.5e308"])
surrogates = st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=4)
controls = st.text(
    st.characters(max_codepoint=0x1F) | st.sampled_from("\x7f\x85\u2028\u2029\ufffe\uffff"), min_size=1
)
repeated_paths = st.tuples(
    st.sampled_from(["ws/av-embeds/", "a/", "embed/", "%2F", "../"]), st.integers(1, 5000)
).map(lambda pair: pair[0] * pair[1])
odd_labels = st.sampled_from(
    ["base64", "rot13", "hex", "zlib", "bz2", "uu", "quopri", "punycode", "undefined", "idna", "utf-7",
     "utf-16", "utf-32", "unicode_escape", "x-user-defined", "replacement", "", " ", "\x00", "utf-8\n"]
) | st.text(max_size=20)  # fmt: skip
suffixes = st.sampled_from(["w", "x", "px", " 分钟前", " days ago", "+99:99", "Z"])
hostile_values = st.one_of(
    digit_runs, huge_numbers, surrogates, controls, repeated_paths, odd_labels,
    st.tuples(digit_runs, suffixes).map("".join),
)  # fmt: skip

# Where a value goes in each page: (text to find, a format with {} for the value).
PLACES = {
    SEED: [
        ('width="976"', 'width="{}"'),
        ('height="549"', 'height="{}"'),
        (" 240w,", " {}w,"),
        (" 320w,", " {},"),
        ('dateTime="2021-12-15"', 'dateTime="{}"'),
        ("30 分钟前", "{}"),
        ("<main", '<meta charset="{}"><main'),
        ("<main", '<link rel="canonical" href="{}"><main'),
        ("<main", '<iframe src="https://www.bbc.com/{}"></iframe><main'),
        ("<div><p>中俄两国", '<div><a href="{}">x</a></div><div><p>中俄两国'),
        ("中俄两国领导人", "{}中俄两国领导人"),
    ],
    JSON_STORY: [
        ('"width": 976', '"width": {}'),
        ('"height": 549', '"height": {}'),
        ('"firstPublished": 1639560600000', '"firstPublished": {}'),
        ('"text": "本市交通部门', '"text": "{}本市交通部门'),
    ],
}


def _json_safe(value: str) -> str:
    """``value`` as it can sit inside a JSON string (surrogates as escapes, as json writes them)."""
    return json.dumps(value)[1:-1]


@fuzz_settings(300)
@given(st.data(), hostile_values)
def test_a_hostile_value_in_a_real_page_keeps_the_article(data: st.DataObject, value: str) -> None:
    page = data.draw(st.sampled_from(sorted(PLACES)))
    find, template = data.draw(st.sampled_from(PLACES[page]))
    text = page.read_text(encoding="utf-8")
    if page == JSON_STORY:
        placed = _json_safe(value)
    else:
        placed = value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    hostile = text.replace(find, template.format(placed), 1)
    url = "https://www.bbc.com/zhongwen/simp/world-59666831" if page == SEED else sidecar(page).get("url")
    for form in (hostile, hostile.encode("utf-8", "surrogatepass")):  # (as text, and as bytes)
        article = check(form, url=url)
        assert article is not None and article.body, (find, value[:80])
        for rendered in (article.to_json(), article.to_markdown(), article.to_text()):
            rendered.encode("utf-8")


@fuzz_settings(40)
@given(
    st.sampled_from(["<time datetime='2021-12-15'>1 小时前</time>", "<noscript><img src='/a.jpg'></noscript>",
                     "<p>x</p>", "<a href='/x'>y</a>", "<br>", "<span>a</span>"]),
    st.integers(100, 1500),
)  # fmt: skip
def test_many_siblings_in_a_real_page_keep_the_article(element: str, count: int) -> None:
    for page, url in (
        (SEED, "https://www.bbc.com/zhongwen/simp/world-59666831"),
        *((g, None) for g in GENERIC[:1]),
    ):
        text = page.read_text(encoding="utf-8")
        anchor = "<div><p>中俄两国" if page == SEED else "<p>"
        if anchor not in text:
            continue
        article = check(text.replace(anchor, "<div>" + element * count + "</div>" + anchor, 1), url=url)
        assert article is not None and article.body
