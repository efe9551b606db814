"""The image helpers' shortcuts give exactly what the plain rules give.

``parse_srcset`` takes a plain absolute candidate URL as written, without asking
``absolutize`` and ``unwrap_proxy``, when the attribute is ASCII and names no proxy host;
``build_image`` reads ``src`` only when no srcset candidate has a width. Here both are
compared with the plain rules (every candidate absolutized and proxy-unwrapped, ``src``
always read) on every ``<img>`` of the fixtures and the corpus, and on generated
attributes full of the cases the shortcuts must not change: proxy hosts in any case,
in the base URL or in a query, dot segments, relative and scheme-relative URLs, odd
whitespace, non-ASCII letters whose lower case is longer or context-dependent.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml.html import HtmlElement

from conftest import FIXTURES
from newsparse.model import Image, ImageSource
from newsparse.toolkit import images
from newsparse.toolkit.images import best_candidate, build_image, parse_srcset
from newsparse.toolkit.text import normalize
from newsparse.toolkit.urls import PROXY_PARAMS, absolutize, mentions_proxy_host, unwrap_proxy

BASES = [
    None,
    "https://www.bbc.com/zhongwen/simp/world-1",
    "http://example.com/a/b/",
    "https://i0.wp.com/example.com/dir/",
    "https://images.weserv.nl/?url=example.com/dir/",
]


def plain_parse_srcset(srcset: str | None, base_url: str | None) -> tuple[ImageSource, ...]:
    """parse_srcset by its documented rules, every candidate through absolutize and unwrap_proxy."""
    if not srcset:
        return ()
    sources = []
    for candidate in images._CANDIDATE_END.split(srcset.strip()):
        parts = candidate.strip().rstrip(",").split()
        if not parts:
            continue
        url = absolutize(parts[0], base_url)
        if not url:
            continue
        width = None
        if len(parts) > 1:
            match = images._DESCRIPTOR.match(parts[1])
            if match and match.group(2) == "w":
                width = int(float(match.group(1)))
        sources.append(ImageSource(url=unwrap_proxy(url), width=width))
    return tuple(sources)


def plain_build_image(img: HtmlElement, base_url: str | None) -> Image | None:
    """build_image by its documented rules, ``src`` read first, whatever the srcset holds."""
    sources = plain_parse_srcset(img.get("srcset") or img.get("data-srcset"), base_url)
    src = None
    for attr in ("src", "data-src", "data-original"):
        value = img.get(attr)
        if value and not value.startswith("data:"):
            src = absolutize(value, base_url)
            if src:
                break
    declared_width, declared_height = images._int(img.get("width")), images._int(img.get("height"))
    width, height = declared_width, declared_height
    best = best_candidate(sources)
    if best is not None and best.width is not None:
        url, width = best.url, best.width
        height = (
            round(declared_height * best.width / declared_width)
            if declared_width and declared_height
            else None
        )
    elif src:
        url = unwrap_proxy(src)
    elif best is not None:
        url = best.url
    else:
        return None
    return Image(url=url, width=width, height=height, alt=normalize(img.get("alt")) or None, sources=sources)


def _images_in(paths: Iterator[Path]) -> list[HtmlElement]:
    found = []
    for path in paths:
        root = lxml.html.fromstring(path.read_bytes())
        found += [img for img in root.iter("img") if img.get("srcset") or img.get("src")]
    return found


def _pages(folder: Path) -> Iterator[Path]:
    return (p for p in sorted(folder.rglob("*")) if p.suffix in (".html", ".txt") and p.is_file())


FIXTURE_IMAGES = _images_in(_pages(FIXTURES))


def test_the_fixtures_have_srcsets_to_compare() -> None:
    assert sum(1 for img in FIXTURE_IMAGES if img.get("srcset")) >= 5


@pytest.mark.parametrize("base_url", BASES)
def test_fixture_images_match_the_plain_rules(base_url: str | None) -> None:
    for img in FIXTURE_IMAGES:
        assert parse_srcset(img.get("srcset"), base_url=base_url) == plain_parse_srcset(
            img.get("srcset"), base_url
        )
        assert build_image(img, base_url=base_url) == plain_build_image(img, base_url)


def test_corpus_images_match_the_plain_rules(corpus: Path) -> None:
    found = _images_in(_pages(corpus))
    assert found
    for img in found:
        for base_url in BASES[:3]:
            assert build_image(img, base_url=base_url) == plain_build_image(img, base_url)


# Generated srcsets: URLs assembled from pieces that matter to the shortcuts.
_SCHEMES = st.sampled_from(["https://", "http://", "HTTPS://", "//", "", "/", "ftp://", "data:", "#"])
_HOSTS = st.sampled_from(
    [
        "ichef.bbci.co.uk",
        "www.bbc.com",
        "",
        *PROXY_PARAMS,
        "IMAGES.WESERV.NL",
        "I0.Wp.Com",
        "İ0.wp.com",  # lower-cases to two characters
        "wsrv.nl:443",
        "user@i0.wp.com",
    ]
)
_PATHS = st.sampled_from(
    [
        "/news/640/x.jpg",
        "/a/./b.jpg",
        "/a/../b.jpg",
        "/?url=ichef.bbci.co.uk/x.jpg",
        "/?url=",
        "/example.com/y.png",
        "/ΣΑΣ.jpg",
        "/K.jpg",  # Kelvin sign
        "/x,y.jpg",
        "",
    ]
)
_URLS = st.builds(lambda a, b, c: a + b + c, _SCHEMES, _HOSTS, _PATHS)
_DESCRIPTORS = st.sampled_from(["", " 640w", " 1.5x", " 2x", " 320.7w", " w", " ٣w", " 10w,"])
_SEPARATORS = st.sampled_from([", ", ",  ", ",\t", ",\n", ", ,", ",", " , ", ",\u3000"])


@st.composite
def srcsets(draw: st.DrawFn) -> str:
    candidates = draw(st.lists(st.builds(lambda u, d: u + d, _URLS, _DESCRIPTORS), min_size=1, max_size=4))
    text = candidates[0]
    for candidate in candidates[1:]:
        text += draw(_SEPARATORS) + candidate
    return draw(st.sampled_from(["", " ", "\n"])) + text + draw(st.sampled_from(["", " ", ","]))


@settings(max_examples=600, deadline=None)
@given(srcset=srcsets(), base_url=st.sampled_from(BASES))
def test_generated_srcsets_match_the_plain_rules(srcset: str, base_url: str | None) -> None:
    assert parse_srcset(srcset, base_url=base_url) == plain_parse_srcset(srcset, base_url)


@settings(max_examples=300, deadline=None)
@given(
    srcset=st.none() | srcsets(),
    src=st.none() | _URLS,
    data_src=st.none() | _URLS,
    size=st.sampled_from([{}, {"width": "640", "height": "360"}, {"width": "0", "height": "5"}]),
    base_url=st.sampled_from(BASES),
)
def test_generated_images_match_the_plain_rules(
    srcset: str | None, src: str | None, data_src: str | None, size: dict[str, str], base_url: str | None
) -> None:
    img = lxml.html.fragment_fromstring("<img>")
    for name, value in {"srcset": srcset, "src": src, "data-src": data_src, **size}.items():
        if value is not None and "\x00" not in value:
            img.set(name, value)
    assert build_image(img, base_url=base_url) == plain_build_image(img, base_url)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://ichef.bbci.co.uk/news/640/x.jpg 640w", False),
        ("https://IMAGES.weserv.NL/?url=x.jpg 640w", True),
        ("x.jpg 1x, https://i0.wp.com/example.com/y.jpg 2x", True),
        ("https://example.com/?via=external-content.duckduckgo.com", True),
    ],
)
def test_mentions_proxy_host_is_case_blind_and_looks_everywhere(text: str, expected: bool) -> None:
    assert mentions_proxy_host(text) is expected


def test_a_callers_own_proxy_table_may_be_any_mapping() -> None:
    # A read-only table (not a dict) is accepted as declared, in the pure and in the compiled
    # build (which checks arguments against their annotations).
    own = MappingProxyType({"img.example.net": "src"})
    wrapped = "https://img.example.net/fetch?src=cdn.example.org/a.jpg"
    assert mentions_proxy_host(wrapped, own)
    assert not mentions_proxy_host("https://images.weserv.nl/?url=x.jpg", own)
    assert unwrap_proxy(wrapped, proxies=own) == "https://cdn.example.org/a.jpg"
    assert unwrap_proxy("https://images.weserv.nl/?url=x.org/b.jpg", proxies=own) == (
        "https://images.weserv.nl/?url=x.org/b.jpg"  # only the caller's proxies are unwrapped
    )


def test_the_shortcut_keeps_proxy_unwrapping() -> None:
    srcset = "https://images.weserv.nl/?url=ichef.bbci.co.uk/a.jpg 640w, https://i0.wp.com/b.com/c.jpg 800w"
    assert [s.url for s in parse_srcset(srcset)] == ["https://ichef.bbci.co.uk/a.jpg", "https://b.com/c.jpg"]


@given(
    st.lists(st.sampled_from(["1", "0", "9", "٣", "²", " ", "\t", "x", "-", ".", "px"]), max_size=6).map(
        "".join
    )
)
def test_size_attribute_read_without_the_pattern_is_the_same(value: str) -> None:
    # _int reads an all-digits value with int() directly; anything else goes to the pattern.
    match = images._LEADING_INT.match(value)
    assert images._int(value) == (int(match.group(1)) if match else None)
