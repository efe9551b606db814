"""BBC Chinese layout ``simorgh-dom``: Simorgh markup read through its stable hooks.

Used for Simorgh pages whose ``SIMORGH_DATA`` is missing or broken: full pages (story,
photo gallery, media asset and the newer article pages) and captured fragments such as
the user's sample, where ``<figure>``/``<figcaption>`` became ``<div>``, hidden prefixes
may be gone and image ``src`` points at a proxy.

Class names are hashed per release, so nothing here keys on them. The body is read by one
walk over ``main``: text containers become paragraphs, ``h2``-``h6`` headings, lists
related-link lists or plain lists, and every image or player together with the text that
belongs to it (its caption and credit) becomes one figure or media block. Onward sections
go to ``Article.related``; ads, hidden elements and the player's fallback text are dropped.
See docs/bbc-zhongwen.md for the rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import NamedTuple

import attrs
import lxml.etree
from lxml.html import HtmlElement

# (Context and Page are imported at run time, not only for type checking, so that the
# module compiles with mypyc, which needs the classes its annotations name.)
from newsparse.extractor import Context
from newsparse.extractors.bbc.common import (
    MODIFIED_PREFIXES,
    clean_caption,
    clean_credit,
    clean_media_caption,
    first_text,
    is_av_embed,
    is_fallback_text,
    language_of_page,
    looks_like_bbc_chinese,
    media_kind,
    resolve_time,
    strip_site_suffix,
    variant_of_page,
    vpid_of,
)
from newsparse.extractors.bbc.service import ONWARD_SECTIONS
from newsparse.model import (
    Article,
    Block,
    Figure,
    Heading,
    Image,
    Link,
    ListBlock,
    Media,
    Paragraph,
    Quote,
    RelatedLinks,
    Span,
)
from newsparse.page import Page
from newsparse.toolkit import (
    absolutize,
    best_candidate,
    build_image,
    normalize,
    paragraph_from_spans,
    parse_date,
    parse_srcset,
    spans_of,
    text_of,
    unwrap_proxy,
    xpath,
)

__all__ = ["detect", "extract", "sniff"]

_SIMORGH_E2E = frozenset({"image-placeholder", "media-player", "advertisement", "media-loader__container"})
# (``*/@data-e2e/..`` reads the subtree's data-e2e attributes: the same elements as
# ``*[@data-e2e]``, without testing every element.)
_HOOKED = xpath("descendant-or-self::*/@data-e2e/..")
# The elements whose hook may mark an image or a player (_is_player decides the media-loader).
_VISUAL_HOOKS = xpath(
    "descendant-or-self::*/@data-e2e[. = 'image-placeholder' or . = 'media-player'"
    " or . = 'media-loader__container']/.."
)
# Class names of the legacy templates' story body (matched as substrings, like XPath's
# contains(@class, ...)).
_LEGACY_BODY_CLASSES = ("bodytext", "story-body__inner")
_DIV_CLASSES = lxml.etree.XPath("//div/@class", smart_strings=False)
# Cheap signs that a Simorgh page (or a capture of one) is BBC Chinese.
_ZHONGWEN_SIGNS = xpath(
    "(//a[contains(@href, '/zhongwen/')] | //iframe[contains(@src, '/zhongwen/')]"
    " | //img[contains(@src, 'ichef.bbci.co.uk') or contains(@srcset, 'ichef.bbci.co.uk')])[1]"
)

_ONWARD = frozenset(ONWARD_SECTIONS)

# Never content, never walked into.
_SILENT = frozenset({"script", "style", "template", "svg", "button", "form", "input", "link", "meta"})
# Elements that break a run of inline text into separate blocks.
_BLOCKISH = frozenset(
    {
        "address", "article", "aside", "blockquote", "div", "dl", "figcaption", "figure", "footer",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "iframe", "img", "li", "main", "nav",
        "noscript", "ol", "p", "picture", "section", "table", "time", "ul",
    }
)  # fmt: skip
_STRUCTURE = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "table"})

# Block containers that _handle just walks into when they carry no attribute and hold no
# image or player.
_WRAPPERS = _BLOCKISH - {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "blockquote", "time", "iframe",
    "noscript", "img", "picture", "figcaption", *_SILENT,
}  # fmt: skip

# Containers whose own tag adds no formatting to their text.
_PLAIN = frozenset({"p", "div", "span", "section", "li"})

#: How many images or players an element holds, and the one when it holds exactly one.
_Visuals = tuple[int, "HtmlElement | None"]


def _elements(expression: lxml.etree.XPath, node: HtmlElement) -> list[HtmlElement]:
    """The elements a compiled XPath finds under ``node``."""
    found = expression(node)
    return [el for el in found if isinstance(el, HtmlElement)] if isinstance(found, list) else []


# --- detection ------------------------------------------------------------------------------


def detect(page: Page) -> bool:
    """Simorgh markup: ``main[role=main]``, ``h1#content`` or Simorgh's ``data-e2e`` hooks,
    and not the legacy template."""
    tree = page.tree
    # The class values come from one XPath call (a quarter of reading every <div>'s class
    # in Python); the loops below visit the few elements of each kind (lxml filters by tag
    # in C) and cost a third of the equivalent XPath expressions.
    found = _DIV_CLASSES(tree)
    if isinstance(found, list) and found:
        # One substring search over all the values, joined by a character no needle holds
        # (so no match can span two values): the same answer as testing each value.
        classes = "\n".join([value for value in found if isinstance(value, str)])
        if any(name in classes for name in _LEGACY_BODY_CLASSES):
            return False
    if any(main.get("role") == "main" for main in tree.iter("main")):
        return True
    if any(h1.get("id") == "content" for h1 in tree.iter("h1")):
        return True
    return any(el.get("data-e2e") in _SIMORGH_E2E for el in _elements(_HOOKED, tree))


def sniff(page: Page) -> bool:
    """A BBC Chinese Simorgh page without a URL: BBC metadata, or Simorgh hooks together
    with BBC Chinese links, players or ichef images and Chinese text."""
    if looks_like_bbc_chinese(page):
        return True
    if not detect(page) or not _ZHONGWEN_SIGNS(page.tree):
        return False
    for count, element in enumerate(_content_root(page).iter("p", "h1", "h2")):
        if any("\u4e00" <= ch <= "\u9fff" for ch in element.text_content()[:200]):
            return True
        if count >= 20:  # a few paragraphs tell; no need to read a long page
            break
    return False


# --- the walk -------------------------------------------------------------------------------


class _Walk:
    """State of one walk over the content root.

    A plain class, not attrs: mypyc compiles it to a native class (attrs fields it cannot).
    """

    def __init__(
        self,
        *,
        page: Page,
        context: Context,
        title: str | None,
        base_url: str | None,
        visuals: dict[HtmlElement, _Visuals],
    ) -> None:
        self.page = page
        self.context = context
        self.title = title
        self.base_url = base_url
        self.visuals = visuals
        self.body: list[Block] = []
        self.authors: list[str] = []
        self.times: list[HtmlElement] = []
        self.text_seen = False

    def emit(self, block: Block | None) -> None:
        if block is None:
            return
        if type(block) in _TEXT_BLOCKS:
            self.text_seen = True
        self.body.append(block)


#: Blocks that hold text of the article (a byline list only counts before any of them).
_TEXT_BLOCKS = frozenset({Paragraph, Heading, Quote, ListBlock, RelatedLinks})


def _walk(node: HtmlElement, walk: _Walk) -> None:
    """Walk the children of a container; loose inline runs between blocks are paragraphs."""
    run: list[HtmlElement | str] = []
    visuals = walk.visuals
    text = node.text
    if text and text.strip():
        run.append(text)
    for child in node:
        tag = child.tag
        if tag in _BLOCKISH or child in visuals:  # (the tag of a comment is a function: never in)
            if run:
                _flush(run, walk)
                run = []
            if child.keys():
                _handle(child, tag, walk)
            # Without attributes, paragraphs and Simorgh's many wrapper <div>s need none of
            # _handle's tests (a shortcut taken for most elements of a page):
            elif tag == "p":
                if len(child) == 0:
                    _plain_paragraph(child, walk)
                else:
                    _flush([child], walk)
            elif tag in _WRAPPERS and child not in visuals:
                # Most of a Simorgh body is <div><p>text</p></div>: read such a wrapper's
                # paragraph here instead of walking into it (same result, a third the cost).
                p = child[0] if len(child) == 1 and not child.text else None
                if (
                    p is not None
                    and p.tag == "p"
                    and len(p) == 0
                    and not p.keys()
                    and not (p.tail and p.tail.strip())
                ):
                    _plain_paragraph(p, walk)
                else:
                    _walk(child, walk)
            else:
                _handle(child, tag, walk)
        elif type(tag) is str and tag not in _SILENT and child.get("aria-hidden") != "true":
            run.append(child)  # inline content (comments and processing instructions are not)
        tail = child.tail
        if tail and (run or tail.strip()):  # whitespace only matters between inline parts
            run.append(tail)
    if run:
        _flush(run, walk)


def _flush(run: list[HtmlElement | str], walk: _Walk) -> None:
    """A run of inline content (text and inline elements) as one paragraph."""
    if not run or all(isinstance(item, str) and not item.strip() for item in run):
        return
    paragraph: Paragraph | None
    if len(run) == 1 and not isinstance(run[0], str) and len(run[0]) == 0 and run[0].tag in _PLAIN:
        text = normalize(run[0].text)  # the common case: a <p> of plain text
        paragraph = Paragraph(text=text) if text else None
    else:
        spans: list[Span] = []
        for item in run:
            if isinstance(item, str):
                spans.append(Span(text=item))
            else:
                spans.extend(spans_of(item, base_url=walk.base_url))
        paragraph = paragraph_from_spans(spans)
    if paragraph is not None:
        _keep(paragraph, run, walk)


def _plain_paragraph(p: HtmlElement, walk: _Walk) -> None:
    """A ``<p>`` without child elements: ``_flush([p])`` without building spans."""
    text = normalize(p.text)
    if not text:
        return
    if text != walk.title and not is_fallback_text(text):
        walk.text_seen = True  # _keep's common case, inlined: it runs for every paragraph
        walk.body.append(Paragraph(text=text))
        return
    _keep(Paragraph(text=text), [p], walk)


def _keep(paragraph: Paragraph, run: list[HtmlElement | str], walk: _Walk) -> None:
    """Emit ``paragraph`` unless it is the player's fallback text or the headline again."""
    reason = None
    if is_fallback_text(paragraph.text):
        reason = "player fallback text"
    elif walk.title and paragraph.text == walk.title:
        reason = "the headline repeated in the body"  # media and article pages, under the player
    if reason is None:
        walk.text_seen = True  # emit(), inlined: it runs for every paragraph
        walk.body.append(paragraph)
        return
    walk.context.decide("dropped", f"{reason}: {paragraph.text!r}")
    for item in run:
        if not isinstance(item, str):
            walk.context.skip(item, reason)


def _handle(el: HtmlElement, tag: str, walk: _Walk) -> None:
    """One block-level element (``tag`` is its tag): decide what it is by Simorgh's stable hooks."""
    if tag in _SILENT:
        return
    if el.keys():  # most of Simorgh's wrappers carry no attribute at all
        if el.get("aria-hidden") == "true":
            walk.context.skip(el, "hidden from readers (aria-hidden)")
            return
        e2e = el.get("data-e2e") or ""
        if e2e.endswith("-embed") or "-embed-" in e2e:
            # Social embeds (twitter-embed-<url>) load with JavaScript; their text is not in the page.
            walk.context.warn(f"social embed not extracted: {e2e.split('-embed-', 1)[-1]}")
            walk.context.skip(el, "social embed")
            return
    if tag == "h1":
        return  # the title
    if tag in ("h2", "h3", "h4", "h5", "h6"):
        text = text_of(el)
        if text:
            walk.emit(Heading(level=int(tag[1]), text=text))
        return
    if tag == "p":
        if el.get("role") == "text":
            walk.context.skip(el, "image credit outside a figure")
        elif len(el) == 0:
            _plain_paragraph(el, walk)
        else:
            _flush([el], walk)
        return
    if tag in ("ul", "ol"):
        _list(el, walk)
        return
    if tag == "blockquote":
        text = text_of(el)
        if text:
            walk.emit(Quote(text=text))
        return
    if tag == "time":
        walk.times.append(el)
        return
    count, visual = walk.visuals.get(el, (0, None))
    if count == 1 and visual is not None:
        parts = _parts(el)
        if tag == "figure" or _is_unit(el, visual, parts):
            walk.emit(_unit(el, visual, parts, walk))
            return
    if tag == "iframe":
        walk.context.warn(f"embedded frame not extracted: {el.get('src') or '(no src)'}")
        walk.context.skip(el, "embedded frame")
        return
    if tag in ("noscript", "img", "picture", "figcaption"):
        walk.context.skip(el, f"{tag} outside a figure")
        return
    _walk(el, walk)


# --- figures and players ------------------------------------------------------------------


def _is_player(el: HtmlElement) -> bool:
    e2e = el.get("data-e2e")
    if e2e == "media-player" or (e2e == "media-loader__container" and el.tag == "figure"):
        return True
    return el.tag == "iframe" and is_av_embed(el.get("src"))


def _index_visuals(root: HtmlElement) -> dict[HtmlElement, _Visuals]:
    """For every element under ``root`` that holds images or players: how many, and the
    one when it holds exactly one, so the walk can ask about any element for free.

    A player (``media-player`` div, ``media-loader`` figure, av-embeds iframe) or an
    ``image-placeholder`` counts once with everything inside it (the poster, the
    ``<noscript>`` copy); else each ``<img>`` counts. A ``<noscript>`` image counts only
    when nothing beside the ``<noscript>`` shows an image (lazy-loaded figures).
    """
    # The candidates as a set: lxml finds each kind in C (no document-order merge needed,
    # as nothing below depends on the order).
    candidates = set(root.iter("img"))
    candidates.update(frame for frame in root.iter("iframe") if is_av_embed(frame.get("src")))
    for element in _elements(_VISUAL_HOOKS, root):
        if element.get("data-e2e") == "image-placeholder" or _is_player(element):
            candidates.add(element)
    # Each candidate's ancestors are read once and serve every question below.
    ancestry = {v: list(v.iterancestors()) for v in candidates}
    visuals = [v for v in candidates if not any(a in candidates for a in ancestry[v])]
    noscripts = {v: next((a for a in ancestry[v] if a.tag == "noscript"), None) for v in visuals}
    shown = [v for v in visuals if noscripts[v] is None]
    index: dict[HtmlElement, _Visuals] = {}
    for visual in visuals:
        noscript = noscripts[visual]
        holder = noscript.getparent() if noscript is not None else None
        if holder is not None and any(other is holder or holder in ancestry[other] for other in shown):
            continue  # a no-JavaScript copy of an image that is also shown
        for element in (visual, *ancestry[visual]):
            count = index[element][0] + 1 if element in index else 1
            index[element] = (count, visual if count == 1 else None)
            if element is root:
                break
    return index


class _Parts(NamedTuple):
    """What the unit questions ask about an element holding one image or player, found in
    one pass over it (the element itself included, as ``iter`` includes it)."""

    figcaption: HtmlElement | None  # the first
    credits: list[HtmlElement]  # p[role=text]: Simorgh's image credits (copyright holders)
    paragraphs: list[HtmlElement]  # the other <p>s
    structure: list[HtmlElement]  # headings, lists, quotes, tables


def _parts(node: HtmlElement) -> _Parts:
    figcaption = None
    credits: list[HtmlElement] = []
    paragraphs: list[HtmlElement] = []
    structure: list[HtmlElement] = []
    for element in node.iter():
        tag = element.tag
        if tag == "p":
            (credits if element.get("role") == "text" else paragraphs).append(element)
        elif tag in _STRUCTURE:
            structure.append(element)
        elif tag == "figcaption" and figcaption is None:
            figcaption = element
    return _Parts(figcaption, credits, paragraphs, structure)


def _is_unit(node: HtmlElement, visual: HtmlElement, parts: _Parts) -> bool:
    """Whether ``node``, holding exactly one image or player, holds nothing else but its
    caption and credit: no headings or lists, and at most one run of caption paragraphs."""
    if node is visual:
        return True
    if any(not _within(e, visual) for e in parts.structure):
        return False
    texts = [p for p in parts.paragraphs if not _within(p, visual) and not _in_tag(p, "figcaption", node)]
    return len({p.getparent() for p in texts}) <= 1


def _within(el: HtmlElement, ancestor: HtmlElement) -> bool:
    return el is ancestor or any(a is ancestor for a in el.iterancestors())


def _in_tag(el: HtmlElement, tag: str, stop: HtmlElement) -> bool:
    for ancestor in el.iterancestors():
        if ancestor.tag == tag:
            return True
        if ancestor is stop:
            return False
    return False


def _unit(unit: HtmlElement, visual: HtmlElement, parts: _Parts, walk: _Walk) -> Block | None:
    if _is_player(visual):
        return _media(unit, visual, parts, walk)
    return _figure(unit, visual, parts, walk)


def _text_outside(node: HtmlElement, skip: list[HtmlElement]) -> str:
    """The visible text of ``node`` without the ``skip`` subtrees, noscript, scripts and
    hidden elements, paragraphs joined by a space."""
    parts: list[str] = []

    def gather(el: HtmlElement) -> None:
        tag = el.tag
        if el in skip or tag in _SILENT or tag == "noscript" or el.get("aria-hidden") == "true":
            return
        text = el.text
        if text:
            parts.append(text)
        for child in el:
            if isinstance(child.tag, str):
                gather(child)
            tail = child.tail
            if tail:
                parts.append(tail)
        if tag in _BLOCKISH:
            parts.append(" ")

    gather(node)
    return normalize("".join(parts))


def _hidden_prefix(container: HtmlElement, context: Context) -> HtmlElement | None:
    """Simorgh's visually hidden prefix: a first ``<span>`` followed by the real content
    (recorded as skipped, so diagnostics account for its text)."""
    children = [c for c in container if isinstance(c.tag, str)]
    if (
        children
        and children[0].tag == "span"
        and not normalize(container.text)
        and (len(children) > 1 or normalize(children[0].tail))
    ):
        context.skip(children[0], "visually hidden prefix")
        return children[0]
    return None


def _caption(
    unit: HtmlElement, skip: list[HtmlElement], parts: _Parts, context: Context
) -> tuple[str, str | None]:
    """(caption text, hidden prefix text) of a figure or player unit."""
    figcaption = parts.figcaption
    holder = figcaption if figcaption is not None else unit
    prefix = _hidden_prefix(figcaption, context) if figcaption is not None else None
    text = _text_outside(holder, [*skip, *parts.credits, *([prefix] if prefix is not None else [])])
    return text, (text_of(prefix) if prefix is not None else None)


def _credit(parts: _Parts, context: Context) -> str | None:
    """The first image credit of a unit, without its hidden prefix."""
    if not parts.credits:
        return None
    holder = parts.credits[0]
    prefix = _hidden_prefix(holder, context)
    return clean_credit(_text_outside(holder, [prefix] if prefix is not None else []))


def _image(img: HtmlElement, base_url: str | None) -> Image | None:
    """An Image from an ``<img>``; without its own srcset, the non-WebP ``<source>`` of its
    ``<picture>`` gives the candidates (Simorgh lists WebP and JPEG copies)."""
    if img.get("srcset") or img.get("data-srcset"):
        return build_image(img, base_url=base_url)
    picture = img.getparent()
    if picture is not None and picture.tag == "picture":
        candidates = [s for s in picture.iter("source") if s.get("srcset")]
        plain = [
            s
            for s in candidates
            if "webp" not in (s.get("type") or "") and ".webp" not in s.get("srcset", "")
        ]
        chosen = (plain or candidates)[:1]
        if chosen:
            sources = parse_srcset(chosen[0].get("srcset"), base_url=base_url)
            best = best_candidate(sources)
            fallback = build_image(img, base_url=base_url)
            if best is not None and fallback is not None:
                return attrs.evolve(fallback, url=best.url if best.width else fallback.url, sources=sources)
    return build_image(img, base_url=base_url)


def _pick_img(node: HtmlElement) -> HtmlElement | None:
    """The shown ``<img>`` of a node, else its ``<noscript>`` copy (lazy-loaded images)."""
    imgs = list(node.iter("img")) if node.tag != "img" else [node]
    shown = [i for i in imgs if next(i.iterancestors("noscript"), None) is None]
    return (shown or imgs or [None])[0]


def _figure(unit: HtmlElement, visual: HtmlElement, parts: _Parts, walk: _Walk) -> Figure | None:
    img = _pick_img(visual)
    image = _image(img, walk.base_url) if img is not None else None
    caption, _prefix = _caption(unit, [visual], parts, walk.context)
    if image is None:
        walk.context.warn(f"image without a URL skipped (caption: {caption[:40]!r})")
        walk.context.skip(unit, "image without a URL")
        return None
    return Figure(image=image, caption=clean_caption(caption), credit=_credit(parts, walk.context))


def _media(unit: HtmlElement, player: HtmlElement, parts: _Parts, walk: _Walk) -> Media | None:
    iframe = (
        player
        if player.tag == "iframe"
        else next((f for f in player.iter("iframe") if f.get("src") is not None), None)
    )
    embed = absolutize(iframe.get("src"), walk.base_url) if iframe is not None else None
    vpid = vpid_of(embed)
    img = _pick_img(player)
    if img is None:
        img = _pick_img(unit)
    poster = _image(img, walk.base_url) if img is not None else None
    caption, prefix = _caption(unit, [player], parts, walk.context)
    title = None
    placeholder = next(
        (e for e in player.iter(lxml.etree.Element) if e.get("data-e2e") == "media-loader__placeholder"),
        None,
    )
    if placeholder is not None:
        title = _text_outside(placeholder, list(placeholder.iter("time"))) or None
    if embed is None and vpid is None:
        walk.context.warn("media player without a media id or embed URL (it loads with JavaScript)")
        walk.context.skip(unit, "media player without id")
        return None
    kind = media_kind(iframe.get("title") if iframe is not None else None, prefix, player.get("data-e2e"))
    return Media(
        kind=kind,
        provider="bbc" if is_av_embed(embed) or vpid else None,
        media_id=vpid,
        embed_url=embed,
        poster=poster,
        caption=clean_media_caption(caption),
        title=normalize(title) or None,
    )


# --- lists, onward links --------------------------------------------------------------------


def _item(li: HtmlElement) -> tuple[str, str | None, bool]:
    """A list item's text, the ``href`` of its link when that one link is the whole item
    (else None), and whether it holds any link."""
    if len(li) == 1:
        a = li[0]
        if a.tag == "a" and len(a) == 0:  # <li><a href>text</a></li>, most items: read directly
            href = a.get("href")
            if li.text or a.tail:
                text = text_of(li)
                alone = normalize(a.text) == text
            else:  # text_of(li) is then the link's text: normalised once, no more proxies
                text = normalize(a.text)
                alone = True
            if not href:
                return text, None, False
            return text, href if alone else None, True
    text = text_of(li)
    found = [(a, href) for a in li.iter("a") if (href := a.get("href"))]
    if len(found) == 1 and text_of(found[0][0]) == text:
        return text, found[0][1], True
    return text, None, bool(found)


def _list(el: HtmlElement, walk: _Walk) -> None:
    items = [_item(li) for li in el if li.tag == "li"]
    if not any(text for text, _href, _linked in items):
        return
    if all(href is not None for _text, href, _linked in items):
        links = []
        for text, href, _linked in items:
            url = absolutize(href, walk.base_url)
            if url and text:
                links.append(Link(url=url, text=text))
        walk.emit(RelatedLinks(links=links))
        return
    texts = [text for text, _href, _linked in items]
    if not any(linked for _text, _href, linked in items) and not walk.text_seen and not walk.authors:
        # The story byline: contributor name, then their role.
        name = normalize(texts[0])
        for prefix in ("By ", "作者：", "記者：", "记者："):
            name = name.removeprefix(prefix)
        walk.authors.append(name.strip())
        walk.context.decide("authors", f"byline list: {' / '.join(t for t in texts if t)}")
        walk.context.skip(el, "byline (the contributor's name is in authors, then their role)")
        return
    walk.emit(ListBlock(ordered=el.tag == "ol", items=[t for t in texts if t]))


def _promo_text(anchor: HtmlElement) -> str:
    """A promo link's visible headline, without the hidden type and duration labels
    ("视频, " … ", 节目全长 1,07") Simorgh puts around it."""
    labelled = next((s for s in anchor.iter("span") if s.get("role") == "text"), None)
    if labelled is not None:
        parts = [text_of(s) for s in labelled if s.tag == "span"]
        shown = [p for p in parts if p and not p.endswith((",", "，")) and not p.startswith((",", "，"))]
        if shown:
            return normalize(" ".join(shown))
    return text_of(anchor)


def _onward(page: Page, context: Context, base_url: str | None) -> list[Link]:
    """Links of the onward sections (related content, top stories, features, most read),
    which are then removed so the body walk never sees them."""
    links: list[Link] = []
    seen: set[str] = set()
    sections = [s for s in page.tree.iter("section") if s.get("data-e2e") in _ONWARD]
    for section in sections:
        for anchor in section.iter("a"):
            url = absolutize(anchor.get("href"), base_url)
            text = _promo_text(anchor)
            if url and text and url not in seen:
                seen.add(url)
                links.append(Link(url=url, text=text))
    for section in sections:
        context.skip(section, "onward section (to Article.related)")
        section.drop_tree()
    return links


# --- page-level fields ----------------------------------------------------------------------


def _content_root(page: Page) -> HtmlElement:
    """``main[role=main]``, else the first ``main``, else ``body``, else the whole tree."""
    mains = list(page.tree.iter("main"))
    for main in mains:
        if main.get("role") == "main":
            return main
    if mains:
        return mains[0]
    body = next(page.tree.iter("body"), None)
    return body if body is not None else page.tree


def _article_jsonld(page: Page) -> dict[str, object]:
    for obj in page.jsonld_of_type("ReportageNewsArticle", "NewsArticle", "Article", "MediaObject"):
        return dict(obj)
    return {}


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _h1_content(node: HtmlElement) -> HtmlElement | None:
    return next((h1 for h1 in node.iter("h1") if h1.get("id") == "content"), None)


def _title_candidates(
    page: Page, root: HtmlElement, jsonld: dict[str, object]
) -> Iterator[tuple[str, str | None]]:
    """Where a title may come from, best first; each is read only when the ones before fail."""
    headings = list(root.iter("h1"))  # read once for the first and the last question
    h1 = next((h for h in headings if h.get("id") == "content"), None)
    if h1 is None:
        h1 = _h1_content(page.tree)
    if h1 is None and headings:
        h1 = headings[0]
    yield "h1", text_of(h1)
    yield "capture title", page.title_hint
    yield "JSON-LD headline", _str(jsonld.get("headline"))
    yield "og:title", page.meta_first("og:title")
    yield "<title>", text_of(next(page.tree.iter("title"), None))


def _title(page: Page, root: HtmlElement, jsonld: dict[str, object], context: Context) -> str | None:
    for where, value in _title_candidates(page, root, jsonld):
        title = strip_site_suffix(value)
        if title:
            context.decide("title", f"from {where}")
            return title
    return None


def _dates(walk: _Walk, jsonld: dict[str, object]) -> tuple[datetime | None, datetime | None]:
    """published/modified: JSON-LD when present, else the article's ``<time>`` elements
    (the first is the publication; one whose text starts "最近更新：", or a later one, the
    modification)."""
    published = modified = None
    retrieved = walk.page.retrieved_at
    for el in walk.times:
        text = text_of(el)
        is_update = any(text.startswith(p.rstrip("：:")) for p in MODIFIED_PREFIXES)
        field = "modified" if is_update or published is not None else "published"
        value = resolve_time(el.get("datetime"), text, retrieved, field=field, context=walk.context)
        if field == "published":
            published = value
        elif modified is None:
            modified = value
    from_ld = {key: parse_date(_str(jsonld.get(key))) for key in ("datePublished", "dateModified")}
    if from_ld["datePublished"] is not None:
        walk.context.decide("date", "published from JSON-LD datePublished")
        published = from_ld["datePublished"]
    if from_ld["dateModified"] is not None:
        walk.context.decide("date", "modified from JSON-LD dateModified")
        modified = from_ld["dateModified"]
    return published, modified


def _authors(walk: _Walk, jsonld: dict[str, object]) -> tuple[str, ...]:
    names = list(walk.authors)
    author = jsonld.get("author")
    for person in author if isinstance(author, list) else [author]:
        if (
            isinstance(person, dict)
            and person.get("@type") == "Person"
            and isinstance(person.get("name"), str)
        ):
            name = normalize(person["name"])
            if name and name not in names:
                names.append(name)
    return tuple(n for n in names if n)


def _lead_image(page: Page, body: list[Block], base_url: str | None) -> Image | None:
    """og:image, else the image of the first figure, else the poster of the first player
    (a video page's picture)."""
    og = absolutize(page.meta_first("og:image"), base_url)
    if og:
        return Image(url=unwrap_proxy(og), alt=normalize(page.meta_first("og:image:alt")) or None)
    figure = next((block.image for block in body if isinstance(block, Figure)), None)
    return figure or next((block.poster for block in body if isinstance(block, Media) and block.poster), None)


def extract(page: Page, context: Context) -> Article:
    """Read the article from Simorgh markup (call only when :func:`detect` is True)."""
    # lxml makes a new Python proxy each time Python reaches an element none is alive for;
    # the walk reaches most elements several times (index, unit questions, walk). Holding
    # every proxy for the extraction makes each later touch a lookup: ~12 us less on the seed
    # than the ~40 us these proxies cost when made one by one.
    _proxies = list(page.tree.iter())  # alive until extract returns
    base_url = page.base_url
    related = _onward(page, context, base_url)
    root = _content_root(page)
    context.content_root = root
    context.decide("content-root", f"<{root.tag}{' role=main' if root.get('role') == 'main' else ''}>")
    for ad in [s for s in root.iter("section") if s.get("data-e2e") == "advertisement"]:
        context.skip(ad, "advertisement")
        ad.drop_tree()
    variant = variant_of_page(page)
    jsonld = _article_jsonld(page)
    title = _title(page, root, jsonld, context)
    walk = _Walk(page=page, context=context, title=title, base_url=base_url, visuals=_index_visuals(root))
    _walk(root, walk)
    published, modified = _dates(walk, jsonld)
    if not walk.times and published is None:
        context.warn("no publication date found")
    summary = first_text([page.meta_first("description", "og:description")])
    section = first_text([page.meta_first("article:section")])
    return Article(
        url=page.url,
        canonical_url=absolutize(page.canonical_url, base_url) if page.canonical_url else None,
        title=title,
        language=language_of_page(page, variant),
        published=published,
        modified=modified,
        retrieved=page.retrieved_at,
        authors=_authors(walk, jsonld),
        section=section,
        summary=summary,
        lead_image=_lead_image(page, walk.body, base_url),
        body=walk.body,
        related=related,
        layout="simorgh-dom",
    )
