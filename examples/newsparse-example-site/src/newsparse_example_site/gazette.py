"""The Example Gazette (an invented site at gazette.example): its one page design.

Everything this module knows is site knowledge — which element means what. The shared
work (text clean-up, inline formatting, srcset, absolute URLs, dates) is done by
:mod:`newsparse.toolkit`, so the extractor stays short.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import ClassVar

from lxml.html import HtmlElement

from newsparse import (
    Article,
    Block,
    Context,
    Extractor,
    Figure,
    Heading,
    Image,
    Layout,
    Link,
    ListBlock,
    Media,
    Page,
    Paragraph,
    Quote,
    RelatedLinks,
    UrlRule,
)
from newsparse.toolkit import absolutize, build_image, first, normalize, parse_date, select, spans_of, text_of

__all__ = ["GazetteExtractor"]

#: The credit line inside a caption starts with one of these words.
CREDIT_PREFIXES = ("Photo:", "Picture:", "Image:")


def detect_story(page: Page) -> bool:
    """The 2024 story template: ``<article class="gz-story">``."""
    return first(page.tree, "article.gz-story") is not None


def extract_story(page: Page, context: Context) -> Article:
    """Read a story page of the 2024 template."""
    story = first(page.tree, "article.gz-story")
    assert story is not None  # detect_story said so
    base = page.base_url
    body_root = first(story, "div.gz-body")
    if body_root is None:
        context.warn("story has no div.gz-body; the body is empty")
    else:
        context.content_root = body_root
    lead = page.meta_first("og:image")
    return Article(
        title=text_of(first(story, "h1.gz-headline")) or None,
        language=page.lang,
        published=_date(story, "time.gz-published"),
        modified=_date(story, "time.gz-updated"),
        authors=[text_of(a) for a in select(story, ".gz-byline a[rel=author]")],
        section=text_of(_last(select(story, "nav.gz-breadcrumb a"))) or None,
        topics=[text_of(a) for a in select(story, "ul.gz-tags a")],
        summary=text_of(first(story, "p.gz-standfirst")) or page.meta_first("description"),
        lead_image=Image(url=absolutize(lead, base) or lead) if lead else None,
        body=list(_blocks(body_root, base, context)) if body_root is not None else [],
        related=_links(select(page.tree, "section.gz-more a[href]"), base),
    )


def _date(root: HtmlElement, selector: str) -> datetime | None:
    element = first(root, selector)
    return parse_date(element.get("datetime")) if element is not None else None


def _last(elements: Sequence[HtmlElement]) -> HtmlElement | None:
    return elements[-1] if elements else None


def _links(anchors: Sequence[HtmlElement], base: str | None) -> list[Link]:
    links = []
    for anchor in anchors:
        url = absolutize(anchor.get("href"), base)
        if url:
            links.append(Link(url=url, text=text_of(anchor)))
    return links


def _blocks(root: HtmlElement, base: str | None, context: Context) -> Iterator[Block]:
    """The body's children in reading order, one block each; what is left out is recorded."""
    for element in root:
        tag = element.tag if isinstance(element.tag, str) else ""
        classes = set((element.get("class") or "").split())
        if tag == "p":
            paragraph = _paragraph(element, base)
            if paragraph is not None:
                yield paragraph
        elif tag in ("h2", "h3", "h4"):
            yield Heading(level=int(tag[1]), text=text_of(element))
        elif tag == "figure":
            figure = _figure(element, base)
            if figure is None:
                context.warn("a figure without a usable image was skipped")
            else:
                yield figure
        elif tag == "blockquote":
            cite = first(element, "cite")
            quote = " ".join(text_of(p) for p in select(element, "p")) or text_of(element)
            yield Quote(text=quote, cite=text_of(cite) or None)
        elif tag in ("ul", "ol"):
            yield ListBlock(ordered=tag == "ol", items=[text_of(li) for li in select(element, "li")])
        elif "gz-video" in classes:
            yield _video(element, base)
        elif tag == "aside" and "gz-inline-related" in classes:
            yield RelatedLinks(
                title=text_of(first(element, "h3")) or None, links=_links(select(element, "a[href]"), base)
            )
        elif "gz-ad" in classes:
            context.skip(element, "advertisement")
        elif normalize(element.text_content()):
            # Unknown markup with text: say so instead of losing it silently.
            context.skip(element, "unknown body element")
            context.warn(f"skipped an unknown <{tag}> element in the body")


def _paragraph(element: HtmlElement, base: str | None) -> Paragraph | None:
    spans = spans_of(element, base_url=base)
    text = "".join(span.text for span in spans)
    if not text:
        return None
    formatted = any(span.bold or span.italic or span.href for span in spans)
    return Paragraph(text=text, spans=spans if formatted else ())


def _figure(element: HtmlElement, base: str | None) -> Figure | None:
    img = first(element, "img")
    image = build_image(img, base_url=base) if img is not None else None
    if image is None:
        return None
    caption_element = first(element, "figcaption")
    credit_element = first(element, ".gz-credit")
    credit = text_of(credit_element)
    for prefix in CREDIT_PREFIXES:
        if credit.startswith(prefix):
            credit = credit[len(prefix) :].strip()
    caption = text_of(caption_element)
    if credit_element is not None and caption_element is not None:
        caption = normalize(caption.replace(text_of(credit_element), ""))
    return Figure(image=image, caption=caption or None, credit=credit or None)


def _video(element: HtmlElement, base: str | None) -> Media:
    iframe = first(element, "iframe")
    poster = first(element, "img")
    return Media(
        kind="video",
        provider="gazette",
        media_id=element.get("data-video-id"),
        embed_url=absolutize(iframe.get("src"), base) if iframe is not None else None,
        poster=build_image(poster, base_url=base) if poster is not None else None,
        title=(iframe.get("title") if iframe is not None else None) or None,
        caption=text_of(first(element, "p.gz-video-caption")) or None,
    )


class GazetteExtractor(Extractor):
    """The Example Gazette: news stories from gazette.example."""

    #: Unique name; equals the entry-point name in pyproject.toml.
    name: ClassVar[str] = "example-gazette"
    description: ClassVar[str] = "The Example Gazette (invented example site), story pages"
    #: Stories live under /stories/ on every host of gazette.example.
    url_rules: ClassVar[Sequence[UrlRule]] = (UrlRule("*.gazette.example", r"/stories/"),)
    priority: ClassVar[int] = 0
    layouts: ClassVar[Sequence[Layout]] = (
        Layout(
            name="story-2024",
            detect=detect_story,
            extract=extract_story,
            description="story template introduced in 2024 (article.gz-story)",
            valid_from=date(2024, 1, 1),
        ),
    )

    def sniff(self, page: Page) -> bool:
        """Pages without a URL: the Gazette's CMS names itself in a generator meta tag."""
        generator = page.meta_first("generator") or ""
        return generator.startswith("Gazette CMS")
