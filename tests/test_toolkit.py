"""Toolkit helpers plugins build on: selection, text, URLs and images."""

from __future__ import annotations

from types import MappingProxyType

import lxml.html

from newsparse.model import Span
from newsparse.page import Page
from newsparse.toolkit.images import parse_srcset
from newsparse.toolkit.select import holders, text_of
from newsparse.toolkit.text import normalize, normalize_spans
from newsparse.toolkit.urls import unwrap_proxy


def test_text_of_is_the_normalised_text_of_the_whole_element() -> None:
    html = "<html><body><li> a <a href='x'>b\u00a0c</a> d<br>e </li><p></p></body></html>"
    tree = Page.from_input(html).tree
    assert text_of(next(tree.iter("li"))) == "a b c de"
    assert text_of(next(tree.iter("p"))) == "" and text_of(None) == ""


def test_normalize_removes_invisible_and_control_characters_and_collapses_whitespace() -> None:
    assert normalize("  a\u200b\u00adb\x07c\u3000\u00a0d\n") == "ab c d"
    assert normalize("e\u0301") == "\u00e9"  # NFC
    assert normalize(None) == "" and normalize("") == ""


def test_normalize_spans_collapses_across_span_edges() -> None:
    spans = normalize_spans([Span(text=" a "), Span(text=" b", bold=True), Span(text="\u3000c\t")])
    assert "".join(span.text for span in spans) == normalize(" a  b\u3000c\t") == "a b c"


def test_a_callers_own_proxy_table_may_be_any_mapping() -> None:
    own = MappingProxyType({"img.example.net": "src"})
    wrapped = "https://img.example.net/fetch?src=cdn.example.org/a.jpg"
    assert unwrap_proxy(wrapped, proxies=own) == "https://cdn.example.org/a.jpg"
    assert unwrap_proxy("https://images.weserv.nl/?url=x.org/b.jpg", proxies=own) == (
        "https://images.weserv.nl/?url=x.org/b.jpg"  # only the caller's proxies are unwrapped
    )


def test_proxy_hosts_are_matched_case_blind() -> None:
    assert unwrap_proxy("https://Images.Weserv.NL/?url=ichef.bbci.co.uk/a.jpg") == "https://ichef.bbci.co.uk/a.jpg"


def test_srcset_candidates_are_unwrapped_and_read_with_their_widths() -> None:
    srcset = (
        "https://images.weserv.nl/?url=ichef.bbci.co.uk/a.jpg 640w, "
        "https://i0.wp.com/b.com/c.jpg 800.5w, /d.jpg 2x"
    )
    sources = parse_srcset(srcset, base_url="https://www.bbc.com/news/")
    assert [(s.url, s.width) for s in sources] == [
        ("https://ichef.bbci.co.uk/a.jpg", 640),
        ("https://b.com/c.jpg", 800),
        ("https://www.bbc.com/d.jpg", None),
    ]


def test_collapse_is_the_whitespace_substitution_with_or_without_the_ends() -> None:
    import re

    from newsparse.toolkit.text import _collapse

    texts = ["", " ", "  ", "a", " a", "a ", " a b  c ", "\u3000x\xa0y\n", "\n\n", "a\nb", "\na", "a\t\t"]
    for text in texts:
        assert _collapse(text, trim=False) == re.sub(r"\s+", " ", text)
        assert _collapse(text, trim=True) == re.sub(r"\s+", " ", text).strip(" ")
        assert normalize(text) == " ".join(text.split())


def test_normalize_spans_keeps_a_clean_span_as_it_is() -> None:
    clean = Span(text="bold words", bold=True)
    assert normalize_spans([clean])[0] is clean
    assert normalize_spans([Span(text=" bold  words ", bold=True)]) == (clean,)


def test_holders_are_the_ancestors_up_to_the_root_of_the_given_elements() -> None:
    root = lxml.html.fromstring(
        "<div id='r'><section id='s'><div id='a'><table id='t'></table></div>"
        "<div id='b'><table></table></div></section><p id='p'>x</p></div>"
    )
    body = root.find(".//section")
    assert body is not None
    found = holders(body, body.iter("table"))
    assert sorted(el.get("id") for el in found) == ["a", "b", "s"]  # root included, nothing above it
    assert holders(root, []) == set()
