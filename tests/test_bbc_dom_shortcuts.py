"""The simorgh-dom layout's quick paths give exactly what its plain rules give.

A list item read as one link (``<li><a href>text</a></li>``) takes its text from the link
once; the legacy-template test searches all ``<div>`` classes joined; the shown image of a
unit is found by asking each ``<img>`` for a ``<noscript>`` ancestor in C. Each is compared
here with the rule it shortcuts, on generated markup that does and does not take it.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml.html import HtmlElement

from newsparse.extractors.bbc import simorgh_dom
from newsparse.page import Page
from newsparse.toolkit import text_of

ROOT = Path(__file__).resolve().parent.parent

# Text pieces that matter to the rules: none, empty, whitespace only, words, spaced words.
PIECES = st.sampled_from([None, "", " ", "\n ", "中文", " 链接 ", "a  b", "\u3000x\u3000"])
HREFS = st.sampled_from([None, "", "/zhongwen/simp/x", "https://www.bbc.com/a"])


def plain_item(li: HtmlElement) -> tuple[str, str | None, bool]:
    """_item by its rule: the item's text, the href of a link that is the whole item, any link."""
    text = text_of(li)
    found = [(a, href) for a in li.iter("a") if (href := a.get("href"))]
    if len(found) == 1 and text_of(found[0][0]) == text:
        return text, found[0][1], True
    return text, None, bool(found)


def build_li(before: str | None, inner: str | None, after: str | None, href: str | None) -> HtmlElement:
    li = lxml.html.fragment_fromstring("<li><a></a></li>")
    a = li[0]
    li.text, a.text, a.tail = before, inner, after
    if href is not None:
        a.set("href", href)
    return li


@settings(max_examples=400, deadline=None)
@given(PIECES, PIECES, PIECES, HREFS)
def test_one_link_item_reads_as_the_rule_says(
    before: str | None, inner: str | None, after: str | None, href: str | None
) -> None:
    li = build_li(before, inner, after, href)
    assert simorgh_dom._item(li) == plain_item(li)


def test_item_with_more_than_one_child_takes_the_general_path() -> None:
    li = lxml.html.fragment_fromstring('<li><a href="/a">一</a><a href="/b">二</a></li>')
    assert simorgh_dom._item(li) == plain_item(li) == ("一二", None, True)


def page_with_div_classes(*classes: str) -> Page:
    divs = "".join(f'<div class="{c}"><p>文字</p></div>' for c in classes)
    return Page(html=f'<html><body><main role="main">{divs}</main></body></html>')


def plain_is_legacy(page: Page) -> bool:
    return any(
        name in (div.get("class") or "")
        for div in page.tree.iter("div")
        for name in simorgh_dom._LEGACY_BODY_CLASSES
    )


@given(
    st.lists(
        st.sampled_from(
            [
                "story",
                "body",
                "story-body",
                "__inner",
                "bodytext",
                "x bodytext y",
                "story-body__inner",
                "text",
                "body\ntext",
                "",
            ]
        ),
        max_size=5,
    )
)
def test_legacy_class_test_matches_each_value_alone(classes: list[str]) -> None:
    page = page_with_div_classes(*classes)
    # A Simorgh page (main[role=main]) unless a <div> class names the legacy story body;
    # a name split over two values ("story-body" + "__inner") names nothing.
    assert simorgh_dom.detect(page) is not plain_is_legacy(page)


def test_shown_image_is_preferred_to_the_noscript_copy() -> None:
    unit = lxml.html.fragment_fromstring(
        '<div><noscript><img src="https://a/no.jpg"></noscript><span><img src="https://a/yes.jpg"></span></div>'
    )
    picked = simorgh_dom._pick_img(unit)
    assert picked is not None and picked.get("src") == "https://a/yes.jpg"
    only_noscript = lxml.html.fragment_fromstring(
        '<div><noscript><b><img src="https://a/no.jpg"></b></noscript></div>'
    )
    picked = simorgh_dom._pick_img(only_noscript)
    assert picked is not None and picked.get("src") == "https://a/no.jpg"


def plain_visual_index(root: HtmlElement) -> dict[HtmlElement, tuple[int, HtmlElement | None]]:
    """_index_visuals by its documented rules, element by element, in document order."""

    def is_visual(el: HtmlElement) -> bool:
        return el.tag == "img" or el.get("data-e2e") == "image-placeholder" or simorgh_dom._is_player(el)

    candidates = [el for el in root.iter() if isinstance(el.tag, str) and is_visual(el)]
    # A visual inside another counts with it.
    visuals = [v for v in candidates if not any(is_visual(a) for a in v.iterancestors())]
    shown = [v for v in visuals if next(v.iterancestors("noscript"), None) is None]
    counted = []
    for v in visuals:
        noscript = next(v.iterancestors("noscript"), None)
        holder = noscript.getparent() if noscript is not None else None
        if holder is not None and any(o is holder or holder in list(o.iterancestors()) for o in shown):
            continue  # the no-JavaScript copy of an image shown beside it
        counted.append(v)
    index: dict[HtmlElement, tuple[int, HtmlElement | None]] = {}
    for el in root.iter():
        inside = [v for v in counted if v is el or el in list(v.iterancestors())]
        if inside:
            index[el] = (len(inside), inside[0] if len(inside) == 1 else None)
    return index


VISUAL_MARKUP = [
    '<div><div data-e2e="image-placeholder"><img src="https://a/1.jpg"><noscript><img src="https://a/1.jpg">'
    "</noscript></div><p>说明</p></div>",
    '<div><div><noscript><img src="https://a/lazy.jpg"></noscript></div><p role="text">图片</p></div>',
    '<div><figure data-e2e="media-loader__container"><img src="https://a/p.jpg"></figure>'
    '<div data-e2e="media-loader__container"><img src="https://a/q.jpg"></div>'
    '<iframe src="https://www.bbc.com/ws/av-embeds/cps/zhongwen/simp/x/p0b4g7w8/zh-cn"></iframe>'
    '<iframe src="https://example.com/other"></iframe></div>',
    '<section><div data-e2e="media-player"><img src="https://a/poster.jpg"></div><img src="https://a/2.jpg"></section>',
]


def test_visual_index_follows_its_rules() -> None:
    roots = [lxml.html.fragment_fromstring(markup) for markup in VISUAL_MARKUP]
    seed = ROOT / "fixtures" / "bbc-zhongwen" / "seed-world-59666831.txt"
    roots.append(simorgh_dom._content_root(Page.from_input(seed.read_bytes())))
    for root in roots:
        index = simorgh_dom._index_visuals(root)
        assert index == plain_visual_index(root)
    assert len(roots) == 5 and all(simorgh_dom._index_visuals(r) for r in roots)
