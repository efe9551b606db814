"""BBC Chinese layout ``legacy``: the templates served before Simorgh.

Two generations share this layout:

- the 2005-2016 World Service template (``www.bbc.co.uk/zhongwen/simp/<section>/<yyyy>/<mm>/
  <name>.shtml``): Dublin Core ``<meta>`` (``dcterms.created``/``dcterms.modified``), the
  story in ``.story-body .bodytext``, images in ``.image`` modules with a ``p.caption``,
  and the related-links, related-topics and external-links lists in ``.contextual-links``;
- the 2017-2019 responsive template: the story in ``.story-body__inner``, ``figure``
  elements with ``.story-image-copyright`` and ``.media-caption__text``, the date in
  ``.date[data-seconds]``, visually hidden labels in ``.off-screen``.

See docs/bbc-world-service.md for the field rules and what is not extracted.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

import lxml.etree
from lxml.html import HtmlElement

from newsparse.extractors.bbc.common import (
    Site,
    first_text,
    looks_like_bbc,
    section_of_title,
    site_of_page,
    strip_site_suffix,
)
from newsparse.extractors.bbc.service import Service, strings_for
from newsparse.model import (
    Article,
    Block,
    Figure,
    Heading,
    Image,
    Link,
    ListBlock,
    Media,
    Quote,
    RelatedLinks,
)
from newsparse.toolkit import (
    absolutize,
    build_image,
    normalize,
    paragraph_from_spans,
    select,
    spans_of,
    text_of,
    unwrap_proxy,
)
from newsparse.toolkit.metadata import page_dates, page_section, page_summary, page_topics

if TYPE_CHECKING:
    from newsparse.extractor import Context
    from newsparse.page import Page

__all__ = ["detect", "extract", "sniff"]


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


#: The story body's class names: ``.bodytext`` (2005-2016), ``.story-body__inner`` (2014-2019).
_BODY_CLASSES = frozenset({"bodytext", "story-body__inner"})

# Inside the body: never content.
_NOISE = (
    ".off-screen, .bbccom_slot, .mpu-ad, .bbccom_advert, .share-tools, .document-tools, "
    ".tools-container, .story-feature.related, script, style, noscript, form, button"
)
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_CAPTIONS = "figcaption .media-caption__text, figcaption, .caption, .media-caption"
_CREDITS = ".story-image-copyright, .copyright, .credit"
# Title tails: "港特首梁振英就住宅违建事件道歉 - BBC中文网 - 两岸三地" names the section last.


def _first(expression: lxml.etree.XPath, node: HtmlElement) -> HtmlElement | None:
    found = expression(node)
    if isinstance(found, list):
        for el in found:
            if isinstance(el, HtmlElement):
                return el
    return None


def _body(tree: HtmlElement) -> HtmlElement | None:
    """The first ``div.bodytext`` or ``div.story-body__inner`` in document order.

    A loop over the divs that stops at the body (an XPath would read the whole tree: 2-5
    times slower on a legacy page, no faster on any other).
    """
    for div in tree.iter("div"):
        names = div.get("class")
        if names and not _BODY_CLASSES.isdisjoint(names.split()):
            return div
    return None


def detect(page: Page) -> bool:
    """The pre-Simorgh story body: ``.bodytext`` (2005-2016) or ``.story-body__inner`` (2014-2019)."""
    return _body(page.tree) is not None


def sniff(page: Page, services: tuple[Service, ...] | None = None) -> bool:
    """A legacy page of a BBC site (one of ``services``, default all) without a URL: its
    story body plus the site's metadata (Dublin Core identifier, site name) or its brand
    in the title."""
    if not detect(page):
        return False
    if looks_like_bbc(page, services):
        return True
    title = text_of(page.tree.find(".//title"))
    chosen = services if services is not None else tuple(s for s in _all_services() if s.claims_urls)
    return any(brand in title for s in chosen for brand in strings_for(s.id).brands if brand != "BBC News")


def _all_services() -> tuple[Service, ...]:
    from newsparse.extractors.bbc.service import SERVICES

    return SERVICES


# --- body -----------------------------------------------------------------------------------


def _image(img: HtmlElement, base_url: str | None) -> Image | None:
    """The real image: ``datasrc``/``data-src`` (the ichef original before lazy loading
    replaced it; saved pages point ``src`` at a local copy), else ``src``."""
    lazy = img.get("datasrc") or img.get("data-src")
    image = build_image(img, base_url=base_url)
    if lazy:
        url = absolutize(lazy, base_url)
        if url:
            alt = normalize(img.get("alt")) or None
            width = image.width if image is not None else None
            height = image.height if image is not None else None
            return Image(url=unwrap_proxy(url), width=width, height=height, alt=alt)
    return image


def _lazy_image(div: HtmlElement, base_url: str | None) -> Image | None:
    """The 2014-2019 responsive template's lazily loaded image: a
    ``div.js-delayed-image-load`` whose ``data-src`` is an ichef URL at a small width
    (ichef serves any width on its ``/news/<width>/`` route, so the original width is asked
    for) with ``data-width``/``data-height``/``data-alt``."""
    url = absolutize(div.get("data-src"), base_url)
    if not url:
        return None
    width, height = _dimension(div.get("data-width")), _dimension(div.get("data-height"))
    if width:
        url = _ICHEF_WIDTH.sub(rf"\g<1>{width}/", url, count=1)
    return Image(
        url=unwrap_proxy(url), width=width, height=height, alt=normalize(div.get("data-alt")) or None
    )


_ICHEF_WIDTH = re.compile(r"(//ichef\.bbci\.co\.uk/news/)\d+/")


def _dimension(value: str | None) -> int | None:
    # (at most 9 digits: a longer number is no size, and int() refuses 4300 and more)
    return int(value) if value and value.isdigit() and len(value) <= 9 and int(value) > 0 else None


def _is_lazy_image(el: HtmlElement) -> bool:
    return (
        el.tag == "div"
        and bool(el.get("data-src"))
        and "js-delayed-image-load" in (el.get("class") or "").split()
    )


def _figure(unit: HtmlElement, img: HtmlElement, site: Site, base_url: str | None) -> Figure | None:
    image = _lazy_image(img, base_url) if img.tag == "div" else _image(img, base_url)
    if image is None:
        return None
    caption_el = next(iter(select(unit, _CAPTIONS)), None)
    credit_el = next(iter(select(unit, _CREDITS)), None)
    return Figure(
        image=image,
        caption=site.clean_caption(text_of(caption_el)),
        credit=site.clean_credit(text_of(credit_el)),
    )


def _playable(figure: HtmlElement, site: Site, context: Context) -> Media | None:
    """A responsive-template player (``figure.media-with-caption``): its ``data-playable``
    JSON names the clip (``items[].vpid``), title, holding image and embed URL; the
    caption is the figure's ``figcaption``."""
    player = next((el for el in figure.iter() if el.get("data-playable")), None)
    settings = _json_object(player.get("data-playable") if player is not None else None)
    playlist = _obj(_obj(settings.get("settings")).get("playlistObject"))
    items = playlist.get("items")
    first = _obj(items[0]) if isinstance(items, list) and items else {}
    raw_vpid = first.get("vpid")
    vpid = raw_vpid if isinstance(raw_vpid, str) and raw_vpid else None
    if vpid is None:
        context.warn("legacy media player without a media id skipped")
        context.skip(figure, "legacy media player without id")
        return None
    embed = _obj(settings.get("settings")).get("externalEmbedUrl")
    holding = playlist.get("holdingImageURL")
    poster = None
    if isinstance(holding, str) and holding:
        poster = Image(url=holding.replace("$recipe", "1024x576"), width=1024, height=576)
    figcaption = next(figure.iter("figcaption"), None)
    for child in figure:
        # Everything but the caption is the player: its placeholder message ("Media
        # playback is unsupported on your device") shows only where it cannot play.
        if child is not figcaption and normalize(child.text_content()):
            context.skip(child, "player placeholder")
    caption = text_of(figcaption)
    title = playlist.get("title")
    return Media(
        kind="audio" if first.get("kind") == "radioProgramme" else "video",
        provider="bbc",
        media_id=vpid,
        embed_url=embed if isinstance(embed, str) and embed else None,
        poster=poster,
        caption=site.clean_media_caption(caption),
        title=normalize(title) if isinstance(title, str) and normalize(title) else None,
    )


def _json_object(raw: str | None) -> dict[str, object]:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _obj(value: object) -> dict[str, object]:
    return value if isinstance(value, dict) else {}


def _list(el: HtmlElement, base_url: str | None) -> Block | None:
    items = [li for li in el if li.tag == "li"]
    texts = [text_of(li) for li in items]
    if not any(texts):
        return None
    anchors = [[a for a in li.iter("a") if a.get("href")] for li in items]
    if all(len(found) == 1 and text_of(found[0]) == text for found, text in zip(anchors, texts, strict=True)):
        links = [
            Link(url=url, text=text)
            for found, text in zip(anchors, texts, strict=True)
            if (url := absolutize(found[0].get("href"), base_url)) and text
        ]
        return RelatedLinks(links=links)
    return ListBlock(ordered=el.tag == "ol", items=[t for t in texts if t])


def _titled_list(box: HtmlElement, out: list[Block], base_url: str | None) -> bool:
    """A ``.list`` box (``h3.title`` + ``ul``), the template's in-body "延伸阅读" links:
    one related-links block titled by its heading. False when the box is not that shape."""
    lists = list(box.iter("ul", "ol"))
    headings = [h for h in box.iter() if h.tag in _HEADINGS]
    if len(lists) != 1 or len(headings) > 1:
        return False
    block = _list(lists[0], base_url)
    if block is None:
        return False
    if isinstance(block, RelatedLinks) and headings:
        block = RelatedLinks(title=text_of(headings[0]) or None, links=block.links)
    elif headings:
        out.append(Heading(level=int(headings[0].tag[1]), text=text_of(headings[0])))
    out.append(block)
    return True


def _walk(
    node: HtmlElement,
    out: list[Block],
    authors: list[str],
    site: Site,
    base_url: str | None,
    context: Context,
) -> None:
    for child in node:
        if not isinstance(child.tag, str) or child.get("aria-hidden") == "true":
            continue
        classes = (child.get("class") or "").split()
        tag = child.tag
        if tag == "p":
            if "byline" in classes or "author" in classes:
                name = normalize(child.text_content())
                if name:
                    authors.append(name)
                continue
            if "caption" in classes:
                context.skip(child, "caption outside an image module")
                continue
            paragraph = paragraph_from_spans(spans_of(child, base_url=base_url))
            if paragraph is not None and not site.is_fallback_text(paragraph.text):
                out.append(paragraph)
        elif tag in _HEADINGS:
            text = text_of(child)
            if text:
                out.append(Heading(level=int(tag[1]), text=text))
        elif tag in ("ul", "ol"):
            block = _list(child, base_url)
            if block is not None:
                out.append(block)
        elif tag == "blockquote":
            text = text_of(child)
            if text:
                out.append(Quote(text=text))
        elif "list" in classes and _titled_list(child, out, base_url):
            continue
        elif tag == "figure" and "media-with-caption" in classes:
            media = _playable(child, site, context)
            if media is not None:
                out.append(media)
        elif tag in ("object", "embed", "iframe", "video", "audio") or "emp" in classes:
            context.warn(f"legacy embedded player not extracted ({tag}{'.emp' if 'emp' in classes else ''})")
            context.skip(child, "legacy embedded player")
        else:
            imgs = [el for el in child.iter("img", "div") if el.tag == "img" or _is_lazy_image(el)]
            has_text = any(
                p.tag in ("p",) and "caption" not in (p.get("class") or "") for p in child.iter("p")
            )
            if len(imgs) == 1 and not has_text and not any(h.tag in _HEADINGS for h in child.iter()):
                figure = _figure(child, imgs[0], site, base_url)
                if figure is not None:
                    out.append(figure)
                else:
                    context.warn("image without a URL skipped")
            else:
                _walk(child, out, authors, site, base_url, context)


# --- page-level fields ----------------------------------------------------------------------


def _dates(page: Page, site: Site, context: Context) -> tuple[datetime | None, datetime | None]:
    """Dublin Core ``dcterms.created``/``dcterms.modified``; else the 2017-2019
    ``data-seconds`` epoch; else the visible ``.datestamp`` in the site's own date form
    (BBC Chinese: "更新时间 … 格林尼治标准时间10:41", GMT)."""
    published, modified = page_dates(page, None, context, visible=False)
    if published is None:
        stamp = page.tree.find(".//*[@data-seconds]")
        seconds = stamp.get("data-seconds") if stamp is not None else None
        if seconds and seconds.isdigit():
            published = datetime.fromtimestamp(int(seconds), tz=timezone.utc)
            context.decide("date", "published from data-seconds")
    if published is None and modified is None:
        stamp_text = text_of(next(iter(select(page.tree, ".datestamp")), None))
        match = next((m for p in site.strings.datestamps if (m := re.search(p, stamp_text))), None)
        if match:
            parts = {k: int(v) for k, v in match.groupdict().items()}
            modified = datetime(parts["y"], parts["m"], parts["d"], tzinfo=timezone.utc) + timedelta(
                hours=parts["H"], minutes=parts["M"]
            )
            context.decide("date", "modified from the visible datestamp (GMT)")
    if published is None:
        context.warn("no publication date found")
    return published, modified


def _title_and_section(page: Page, context: Context) -> tuple[str | None, str | None]:
    h1 = next(iter(select(page.tree, "h1.story-body__h1, #blq-content h1, h1")), None)
    raw_title = text_of(page.tree.find(".//title"))
    section = first_text([page_section(page), section_of_title(raw_title)])
    for where, value in (
        ("h1", text_of(h1)),
        ("og:title", page.meta_first("og:title")),
        ("<title>", raw_title),
    ):
        title = strip_site_suffix(value)
        if title:
            context.decide("title", f"from {where}")
            return title, section
    return page.title_hint, section


def _contextual(page: Page, base_url: str | None) -> tuple[list[Link], list[str]]:
    """Related links (BBC's and external ones) and related topics of the contextual box."""
    links: list[Link] = []
    topics: list[str] = []
    seen: set[str] = set()
    for box in select(page.tree, ".contextual-links"):
        for anchor in box.iter("a"):
            classes = (anchor.get("class") or "").split()
            text = normalize(" ".join(t for t in anchor.xpath("text()") if isinstance(t, str))) or text_of(
                anchor
            )
            if "topic" in classes:
                if text and text not in topics and _in_class(anchor, "li-relatedtopics"):
                    topics.append(text)
                continue
            url = absolutize(anchor.get("href"), base_url)
            if url and text and url not in seen:
                seen.add(url)
                links.append(Link(url=url, text=text))
    return links, topics


def _in_class(el: HtmlElement, name: str) -> bool:
    return any(name in (a.get("class") or "").split() for a in el.iterancestors())


def _lead_image(page: Page, body: list[Block], base_url: str | None) -> Image | None:
    """og:image, else the image of the first figure."""
    og = absolutize(page.meta_first("og:image"), base_url)
    if og:
        return Image(url=unwrap_proxy(og))
    return next((block.image for block in body if isinstance(block, Figure)), None)


def extract(page: Page, context: Context) -> Article:
    """Read the article from the legacy template (call only when :func:`detect` is True)."""
    root = _body(page.tree)
    if root is None:  # detect() said yes; keep the contract anyway
        root = page.tree
    base_url = page.base_url or page.meta_first("dc.identifier", "og:url")
    context.content_root = root
    context.decide("content-root", f"<div class={root.get('class', '').strip()!r}>")
    for element in select(root, _NOISE):
        if element.getparent() is not None:
            if element.tag not in ("script", "style"):
                context.skip(element, "boilerplate (ads, share tools, hidden labels)")
            element.drop_tree()
    body: list[Block] = []
    authors: list[str] = []
    site = site_of_page(page)
    _walk(root, body, authors, site, base_url, context)
    if not authors:  # the responsive template names the author above the story body
        authors = [name for name in (text_of(el) for el in select(page.tree, ".byline__name")) if name]
    title, section = _title_and_section(page, context)
    published, modified = _dates(page, site, context)
    related, topics = _contextual(page, base_url)
    if not topics:
        topics = list(page_topics(page))
    return Article(
        url=page.url,
        canonical_url=absolutize(page.canonical_url, base_url) if page.canonical_url else None,
        title=title,
        language=site.language,
        published=published,
        modified=modified,
        retrieved=page.retrieved_at,
        authors=authors,
        section=section,
        topics=topics,
        summary=first_text([page_summary(page)]),
        lead_image=_lead_image(page, body, base_url),
        body=body,
        related=related,
        layout="legacy",
    )
