"""BBC World Service layout ``simorgh-dom``: Simorgh markup read through its stable hooks.

Used for Simorgh pages whose ``SIMORGH_DATA`` is missing or broken: full pages (story,
photo gallery, media asset and the newer article pages) and captured fragments such as
the user's sample, where ``<figure>``/``<figcaption>`` became ``<div>``, hidden prefixes
may be gone and image ``src`` points at a proxy. The same rules serve every site; the
site's strings (hidden prefixes, player fallbacks, byline labels) come from its record.

Class names are hashed per release, so nothing here keys on them. The body is read by one
walk over ``main``: text containers become paragraphs, ``h2``-``h6`` headings, lists
related-link lists or plain lists, and every image or player together with the text that
belongs to it (its caption and credit) becomes one figure or media block. The byline
section is metadata; labelled sections of links are related links; onward sections and
podcast promos go to ``Article.related``; ads, hidden elements and the player's fallback
text are dropped. See docs/bbc-world-service.md for the rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from functools import cache
from itertools import chain
from typing import Any, NamedTuple

import attrs
import lxml.etree
from lxml.html import HtmlElement

from newsparse.extractor import Context
from newsparse.extractors.bbc import legacy
from newsparse.extractors.bbc.common import (
    Site,
    first_text,
    is_av_embed,
    looks_like_bbc,
    site_of_page,
    social_block,
    strip_site_suffix,
    vpid_of,
)
from newsparse.extractors.bbc.service import Service, Strings, fold
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
    parse_srcset,
    spans_of,
    text_of,
    unwrap_proxy,
    xpath,
)
from newsparse.toolkit.metadata import (
    article_object,
    ld_names,
    ld_text,
    page_dates,
    page_section,
    page_summary,
)

__all__ = ["detect", "extract", "sniff"]

_SIMORGH_E2E = frozenset({"image-placeholder", "media-player", "advertisement", "media-loader__container"})

# Elements with a data-e2e hook.
_HOOKED = xpath(".//*[@data-e2e]")

#: data-e2e values of the onward sections outside the article.
_ONWARD = frozenset(
    {
        "related-content-heading",
        "top-stories-heading",
        "features-analysis-heading",
        "recommendations-heading",
        "most-read",
    }
)

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

# Containers whose own tag adds no formatting to their text.
_PLAIN = frozenset({"p", "div", "span", "section", "li"})

#: How many images or players an element holds, and the one when it holds exactly one.
_Visuals = tuple[int, "HtmlElement | None"]


# --- detection ------------------------------------------------------------------------------


def detect(page: Page) -> bool:
    """Simorgh markup: ``main[role=main]``, ``h1#content`` or Simorgh's ``data-e2e`` hooks,
    and not the legacy template."""
    tree = page.tree
    if legacy.detect(page):  # the pre-Simorgh story body: the legacy layout's page
        return False
    if any(main.get("role") == "main" for main in tree.iter("main")):
        return True
    if any(h1.get("id") == "content" for h1 in tree.iter("h1")):
        return True
    return any(el.get("data-e2e") in _SIMORGH_E2E for el in _elements(_HOOKED, tree))


def _bbc_media(page: Page) -> bool:
    """A BBC player or ichef image in the page (the capture's own signs of a BBC page)."""
    for el in page.tree.iter("iframe", "img"):
        if is_av_embed(el.get("src")) or "ichef.bbci.co.uk" in (el.get("src") or "") + (
            el.get("srcset") or ""
        ):
            return True
    return False


def sniff(page: Page, services: tuple[Service, ...] | None = None) -> bool:
    """A Simorgh page of a BBC site (one of ``services``, default all) without a URL: its
    metadata names the site, or Simorgh hooks go with links and players of the site."""
    if looks_like_bbc(page, services):
        return True
    if not detect(page):
        return False
    site = site_of_page(page)
    if site.service is not None:
        return services is None or site.service in services
    return services is None and _bbc_media(page)


# --- the walk -------------------------------------------------------------------------------


@attrs.define
class _Walk:
    """State of one walk over the content root."""

    page: Page
    context: Context
    site: Site
    title: str | None
    base_url: str | None
    visuals: dict[HtmlElement, _Visuals]
    body: list[Block] = attrs.field(factory=list)
    authors: list[str] = attrs.field(factory=list)
    times: list[HtmlElement] = attrs.field(factory=list)
    #: Onward links found inside the article (podcast promos).
    related: list[Link] = attrs.field(factory=list)
    text_seen: bool = False

    def emit(self, block: Block | None) -> None:
        if block is None:
            return
        if isinstance(block, (Paragraph, Heading, Quote, ListBlock, RelatedLinks)):
            self.text_seen = True  # a byline list only counts before any text of the article
        self.body.append(block)


def _walk(node: HtmlElement, walk: _Walk) -> None:
    """Read the children of a container in order: each block-level child is decided here by
    Simorgh's stable hooks (a wrapper is walked in turn), and the loose inline runs between
    them are paragraphs.

    The decision is made in this loop rather than in a function per element: most of a
    page is wrappers and paragraphs, read at one call each.
    """
    visuals = walk.visuals
    context = walk.context
    run: list[HtmlElement | str] = []
    text = node.text
    if text and text.strip():
        run.append(text)
    for el in node:
        tag = el.tag
        if tag in _BLOCKISH or el in visuals:  # (the tag of a comment is a function: never in)
            if run:
                _flush(run, walk)
                run = []
            if tag in _SILENT:
                pass  # (an element holding an image is here whatever its tag)
            elif el.keys() and _marked(el, tag, walk):  # (most of Simorgh's wrappers carry no attribute)
                pass
            elif tag == "p":
                if el.get("role") == "text":
                    context.skip(el, "image credit outside a figure")
                else:
                    _flush([el], walk)
            elif tag == "div" and el not in visuals:
                _walk(el, walk)  # a wrapper: most block elements of a page
            elif tag == "h1":
                pass  # the title
            elif tag in ("h2", "h3", "h4", "h5", "h6"):
                heading = text_of(el)
                if heading:
                    walk.emit(Heading(level=int(tag[1]), text=heading))
            elif tag in ("ul", "ol"):
                _list(el, walk)
            elif tag == "blockquote":
                quote = text_of(el)
                if quote:
                    walk.emit(Quote(text=quote))
            elif tag == "time":
                walk.times.append(el)
            elif _visual_unit(el, tag, walk):
                pass
            elif tag == "iframe":
                context.warn(f"embedded frame not extracted: {el.get('src') or '(no src)'}")
                context.skip(el, "embedded frame")
            elif tag in ("noscript", "img", "picture", "figcaption"):
                context.skip(el, f"{tag} outside a figure")
            else:
                _walk(el, walk)
        elif isinstance(tag, str) and tag not in _SILENT and el.get("aria-hidden") != "true":
            run.append(el)  # inline content (comments and processing instructions are not)
        tail = el.tail
        if tail and (run or tail.strip()):  # whitespace only matters between inline parts
            run.append(tail)
    if run:
        _flush(run, walk)


def _flush(run: list[HtmlElement | str], walk: _Walk) -> None:
    """A run of inline content (text and inline elements) as one paragraph, emitted unless
    it is the player's fallback text or the headline again."""
    paragraph: Paragraph | None
    first = run[0]
    if len(run) == 1 and not isinstance(first, str) and len(first) == 0 and first.tag in _PLAIN:
        text = normalize(first.text)  # a container of plain text: no spans to build
        paragraph = Paragraph(text=text) if text else None
    elif all(isinstance(item, str) and not item.strip() for item in run):
        return
    else:
        spans: list[Span] = []
        for item in run:
            if isinstance(item, str):
                spans.append(Span(text=item))
            else:
                spans.extend(spans_of(item, base_url=walk.base_url))
        paragraph = paragraph_from_spans(spans)
    if paragraph is None:
        return
    if walk.site.is_fallback_text(paragraph.text):
        reason = "player fallback text"
    elif walk.title and paragraph.text == walk.title:
        reason = "the headline repeated in the body"  # media and article pages, under the player
    else:
        walk.emit(paragraph)
        return
    walk.context.decide("dropped", f"{reason}: {paragraph.text!r}")
    for item in run:
        if not isinstance(item, str):
            walk.context.skip(item, reason)


def _visual_unit(el: HtmlElement, tag: str, walk: _Walk) -> bool:
    """Emit ``el`` as one figure or media block when it holds exactly one image or player
    and is a unit with it (a ``<figure>``, or nothing but caption and credit beside it)."""
    count, visual = walk.visuals.get(el, (0, None))
    if count != 1 or visual is None:
        return False
    parts = _parts(el)
    if tag == "figure" or _is_unit(el, visual, parts):
        walk.emit(_unit(el, visual, parts, walk))
        return True
    return False


def _marked(el: HtmlElement, tag: str, walk: _Walk) -> bool:
    """Elements whose attributes settle what they are: hidden ones, social embeds, and
    labelled sections (:func:`_section`). True when handled."""
    if el.get("aria-hidden") == "true":
        walk.context.skip(el, "hidden from readers (aria-hidden)")
        return True
    e2e = el.get("data-e2e") or ""
    if e2e.endswith("-embed") or "-embed-" in e2e:
        # A social embed (twitter-embed-<url>): the embed code's blockquote holds the post
        # when the page was rendered with it; skip links, consent banner and fallback are
        # furniture, so the whole element is accounted for once the block is made.
        provider, _, href = e2e.partition("-embed")
        url = absolutize(href.removeprefix("-") or None, walk.base_url)
        block = social_block(provider, url, blockquote=next(el.iter("blockquote"), None))
        if block is None:
            walk.context.warn(f"social embed not extracted: {href.removeprefix('-') or provider}")
        walk.emit(block)
        walk.context.skip(el, "social embed (read as an embed block)" if block else "social embed")
        return True
    return tag == "section" and _section(el, walk)


# --- labelled sections: byline, podcast promos, related links -------------------------------


def _label_of(section: HtmlElement) -> str:
    """A section's accessible name: ``aria-label``, else the text of the element its
    ``aria-labelledby`` names, else its first heading."""
    label = section.get("aria-label")
    if label:
        return normalize(label)
    labelled_by = section.get("aria-labelledby")
    if labelled_by:
        for el in section.iter(lxml.etree.Element):
            if el.get("id") == labelled_by:
                return text_of(el)
    heading = next(section.iter("h2", "h3", "h4", "strong"), None)
    return text_of(heading) if heading is not None else ""


class _Labels(NamedTuple):
    """A site's byline and podcast labels in the forms the walk compares them in, made once
    per site (the walk asks about them for every labelled section)."""

    byline: frozenset[str]  # folded: a section's accessible name
    podcast: frozenset[str]
    byline_keys: frozenset[str]  # as :func:`_label_key`: a byline item's hidden label
    author_keys: frozenset[str]


def _label_key(text: str) -> str:
    """A byline label as compared: folded, without its punctuation, lower-case."""
    return fold(text).strip(" ,،:").lower()


@cache
def _labels(strings: Strings) -> _Labels:
    return _Labels(
        byline=frozenset(fold(x) for x in strings.byline_labels),
        podcast=frozenset(fold(x) for x in strings.podcast_titles),
        byline_keys=frozenset(_label_key(x) for x in strings.byline_labels),
        author_keys=frozenset(_label_key(x) for x in strings.author_labels),
    )


def _names(section: HtmlElement) -> str:
    """The hooks a section names itself by (test id, labelled-by id), lower-case."""
    return " ".join(v for v in (section.get("data-testid"), section.get("aria-labelledby")) if v).lower()


def _section(el: HtmlElement, walk: _Walk) -> bool:
    """A labelled ``<section>`` inside the article: the byline (metadata), a podcast promo
    (an onward link) or a section of links ("more on this story": related links). False
    for any other section, which is walked as a container."""
    names = _names(el)
    label = fold(_label_of(el))
    labels = _labels(walk.site.strings)
    if "byline" in names or (label and label in labels.byline):
        _byline(el, walk)
        return True
    if not (el.get("aria-label") or el.get("aria-labelledby")):
        return False
    links = _links_of(el, walk)
    if "podcast" in names or (label and label in labels.podcast):
        walk.related.extend(links)
        walk.context.decide("related", f"podcast promo {label!r}: {len(links)} link(s)")
        walk.context.skip(el, "podcast promo (to Article.related)")
        return True
    if links and not _text_outside_links(el, label):
        walk.emit(RelatedLinks(title=label or None, links=links))
        walk.context.skip(el, "section of links (a related-links block)")
        return True
    return False


def _links_of(el: HtmlElement, walk: _Walk) -> list[Link]:
    links: list[Link] = []
    seen: set[str] = set()
    for anchor in el.iter("a"):
        url = absolutize(anchor.get("href"), walk.base_url)
        text = _promo_text(anchor, walk.site)
        if url and text and url not in seen:
            seen.add(url)
            links.append(Link(url=url, text=text))
    return links


def _text_outside_links(el: HtmlElement, label: str) -> bool:
    """Whether a section shows text besides its links and its label (then it is content)."""
    rest = _text_outside(el, [*el.iter("a", "h2", "h3", "h4", "strong")])
    return bool(normalize(rest)) and fold(normalize(rest)) != label


def _byline(el: HtmlElement, walk: _Walk) -> None:
    """The byline section: each item a hidden label ("Author, ") and a value; the author
    items are names, the ``<time>`` is the publication; roles and places are not kept."""
    labels = _labels(walk.site.strings)
    names: list[str] = []
    items = list(el.iter("li")) or [el]
    for li in items:
        walk.times.extend(li.iter("time"))
        if next(li.iter("time"), None) is not None:
            continue
        spans = [s for s in li if s.tag == "span"]
        label = _label_key(text_of(spans[0])) if len(spans) > 1 else ""
        value = text_of(spans[-1]) if len(spans) > 1 else text_of(li)
        first_unlabelled = not label and not names and _label_key(value) not in labels.byline_keys
        if value and (label in labels.author_keys or first_unlabelled):
            names.append(value)
    walk.authors.extend(n for n in names if n not in walk.authors)
    walk.context.decide("authors", f"byline section: {' / '.join(names) or '(no name)'}")
    walk.context.skip(el, "byline (authors and time are metadata)")


# --- figures and players ------------------------------------------------------------------


def _is_player(el: HtmlElement) -> bool:
    e2e = el.get("data-e2e")
    if e2e == "media-player" or (e2e == "media-loader__container" and el.tag == "figure"):
        return True
    return el.tag == "iframe" and is_av_embed(el.get("src"))


def _elements(expression: lxml.etree.XPath, node: HtmlElement) -> list[HtmlElement]:
    """The elements a compiled XPath finds under ``node``."""
    found = expression(node)
    return [el for el in found if isinstance(el, HtmlElement)] if isinstance(found, list) else []


def _is_visual(el: HtmlElement) -> bool:
    """An image, a player, or Simorgh's image placeholder (which holds the image)."""
    if el.tag == "img":
        return True
    return el.get("data-e2e") == "image-placeholder" or _is_player(el)


def _index_visuals(root: HtmlElement) -> dict[HtmlElement, _Visuals]:
    """For every element under ``root`` that holds images or players: how many, and the
    one when it holds exactly one, so the walk can ask about any element for free.

    A player (``media-player`` div, ``media-loader`` figure, av-embeds iframe) or an
    ``image-placeholder`` counts once with everything inside it (the poster, the
    ``<noscript>`` copy); else each ``<img>`` counts. A ``<noscript>`` image counts only
    when nothing beside the ``<noscript>`` shows an image (lazy-loaded figures).
    """
    # Images and frames by tag; the players and placeholders by their hook, which the XPath
    # finds in C (a page has many <div>s and few hooked ones).
    hooked = (el for el in _elements(_HOOKED, root) if el.tag in ("div", "figure"))
    candidates = {el for el in chain(root.iter("img", "iframe"), hooked) if _is_visual(el)}
    # Each candidate's ancestors are read once and serve every question below.
    ancestry = {v: list(v.iterancestors()) for v in candidates}
    visuals = [v for v in candidates if candidates.isdisjoint(ancestry[v])]  # the outermost
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
    skipped = set(skip)  # (a list would make the walk quadratic: 16,000 <time>s in a node)

    def gather(el: HtmlElement) -> None:
        tag = el.tag
        if el in skipped or tag in _SILENT or tag == "noscript" or el.get("aria-hidden") == "true":
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


def _credit(parts: _Parts, walk: _Walk) -> str | None:
    """The first image credit of a unit, without its hidden prefix."""
    if not parts.credits:
        return None
    holder = parts.credits[0]
    prefix = _hidden_prefix(holder, walk.context)
    return walk.site.clean_credit(_text_outside(holder, [prefix] if prefix is not None else []))


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
    return Figure(image=image, caption=walk.site.clean_caption(caption), credit=_credit(parts, walk))


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
        title = _text_outside(placeholder, list(placeholder.iter("time"))) or _play_button_title(placeholder)
    if embed is None and vpid is None:
        if player.get("data-e2e") != "media-loader__container":
            walk.context.warn("media player without a media id or embed URL (it loads with JavaScript)")
            walk.context.skip(unit, "media player without id")
            return None
        # Simorgh's own player (2023+) names its clip only in the page data: the block keeps
        # what the markup shows (poster, caption, title) and says the id is missing.
        walk.context.warn("media player without a media id in the markup (its clip loads with JavaScript)")
    kind = walk.site.media_kind(
        iframe.get("title") if iframe is not None else None, prefix, player.get("data-e2e")
    )
    return Media(
        kind=kind,
        provider="bbc"
        if is_av_embed(embed) or vpid or player.get("data-e2e") == "media-loader__container"
        else None,
        media_id=vpid,
        embed_url=embed,
        poster=poster,
        caption=walk.site.clean_media_caption(caption),
        title=normalize(title) or None,
    )


_QUOTED = re.compile(r"[\"“«„]([^\"”»“]+)[\"”»“]")


def _play_button_title(placeholder: HtmlElement) -> str | None:
    """The clip title inside the play button's hidden label ("Play video, "<title>",
    Duration 0,54"), in whatever language: the quoted part."""
    for button in placeholder.iter("button"):
        match = _QUOTED.search(text_of(button))
        if match:
            return normalize(match.group(1)) or None
    return None


# --- lists, onward links --------------------------------------------------------------------


def _item(li: HtmlElement) -> tuple[str, str | None, bool]:
    """A list item's text, the ``href`` of its link when that one link is the whole item
    (else None), and whether it holds any link."""
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
        for prefix in walk.site.strings.name_prefixes:
            name = name.removeprefix(prefix)
        walk.authors.append(name.strip())
        walk.context.decide("authors", f"byline list: {' / '.join(t for t in texts if t)}")
        walk.context.skip(el, "byline (the contributor's name is in authors, then their role)")
        return
    walk.emit(ListBlock(ordered=el.tag == "ol", items=[t for t in texts if t]))


_COMMAS = (",", "，", "،")


def _promo_text(anchor: HtmlElement, site: Site) -> str:
    """A promo link's visible headline, without the hidden type and duration labels
    ("视频, " … ", 节目全长 1,07") Simorgh puts around it."""
    labelled = next((s for s in anchor.iter("span") if s.get("role") == "text"), None)
    if labelled is not None:
        parts = [text_of(s) for s in labelled if s.tag == "span"]
        shown = [p for p in parts if p and not p.endswith(_COMMAS) and not p.startswith(_COMMAS)]
        if shown:
            return normalize(" ".join(shown))
    return text_of(anchor)


def _onward(page: Page, context: Context, site: Site, base_url: str | None) -> list[Link]:
    """Links of the onward sections (related content, top stories, features, most read),
    which are then removed so the body walk never sees them."""
    links: list[Link] = []
    seen: set[str] = set()
    sections = [s for s in page.tree.iter("section") if s.get("data-e2e") in _ONWARD]
    for section in sections:
        for anchor in section.iter("a"):
            url = absolutize(anchor.get("href"), base_url)
            text = _promo_text(anchor, site)
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


#: The JSON-LD ``@type`` of Simorgh's article object (a media asset page's is MediaObject).
_JSONLD_KINDS = ("ReportageNewsArticle", "NewsArticle", "Article", "MediaObject")


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _h1_content(node: HtmlElement) -> HtmlElement | None:
    return next((h1 for h1 in node.iter("h1") if h1.get("id") == "content"), None)


def _title_candidates(
    page: Page, root: HtmlElement, jsonld: Mapping[str, Any] | None
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
    yield "JSON-LD headline", ld_text(jsonld.get("headline")) if jsonld else None
    yield "og:title", page.meta_first("og:title")
    yield "<title>", text_of(next(page.tree.iter("title"), None))


def _title(
    page: Page, root: HtmlElement, jsonld: Mapping[str, Any] | None, context: Context
) -> str | None:
    for where, value in _title_candidates(page, root, jsonld):
        title = strip_site_suffix(value)
        if title:
            context.decide("title", f"from {where}")
            return title
    return None


def _dates(walk: _Walk, jsonld: Mapping[str, Any] | None) -> tuple[datetime | None, datetime | None]:
    """published/modified: the page's metadata (JSON-LD, ``article:published_time``/
    ``modified_time`` …, read by ``toolkit.metadata.page_dates``) when it gives them, as
    their instants are exact; else the article's ``<time>`` elements (the first is the
    publication; one whose text starts with the site's "updated" prefix, or a later one,
    the modification). Visible times often give only a day, or a relative time to
    resolve against the crawl."""
    page = walk.page
    meta_published, meta_modified = page_dates(page, jsonld, walk.context, visible=False)
    found = {
        field: value
        for field, value in (("published", meta_published), ("modified", meta_modified))
        if value is not None
    }
    shown: dict[str, datetime | None] = {}
    for el in walk.times:
        text = text_of(el)
        field = "modified" if walk.site.is_updated_text(text) or "published" in shown else "published"
        if field in shown:
            continue
        if field in found:
            shown[field] = found[field]  # the metadata's instant: no need to read the visible time
            continue
        shown[field] = walk.site.resolve_time(
            el.get("datetime"), text, page.retrieved_at, field=field, context=walk.context
        )
    published = found.get("published") or shown.get("published")
    modified = found.get("modified") or shown.get("modified")
    if published is not None and modified is not None and modified <= published:
        modified = None  # as Simorgh: a modification no later than the publication is none
    return published, modified


def _authors(walk: _Walk, jsonld: Mapping[str, Any] | None) -> tuple[str, ...]:
    """The byline's names, then the JSON-LD authors that are people (Simorgh names the
    service itself as an organisation author)."""
    names = list(walk.authors)
    for name in ld_names(jsonld.get("author") if jsonld else None, types=("Person",)):
        if name not in names:
            names.append(name)
    return tuple(n for n in names if n)


def _merged(*groups: list[Link]) -> list[Link]:
    """Links of several groups, each URL once, in order."""
    seen: set[str] = set()
    out: list[Link] = []
    for link in (link for group in groups for link in group):
        if link.url not in seen:
            seen.add(link.url)
            out.append(link)
    return out


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
    base_url = page.base_url
    site = site_of_page(page)
    related = _onward(page, context, site, base_url)
    root = _content_root(page)
    context.content_root = root
    context.decide("content-root", f"<{root.tag}{' role=main' if root.get('role') == 'main' else ''}>")
    for ad in [s for s in root.iter("section") if s.get("data-e2e") == "advertisement"]:
        context.skip(ad, "advertisement")
        ad.drop_tree()
    jsonld = article_object(page, _JSONLD_KINDS)
    title = _title(page, root, jsonld, context)
    walk = _Walk(
        page=page, context=context, site=site, title=title, base_url=base_url, visuals=_index_visuals(root)
    )
    _walk(root, walk)
    published, modified = _dates(walk, jsonld)
    if not walk.times and published is None:
        context.warn("no publication date found")
    summary = first_text([page_summary(page, jsonld)])
    section = first_text([page_section(page, jsonld)])
    return Article(
        url=page.url,
        canonical_url=absolutize(page.canonical_url, base_url) if page.canonical_url else None,
        title=title,
        language=site.language,
        published=published,
        modified=modified,
        retrieved=page.retrieved_at,
        authors=_authors(walk, jsonld),
        section=section,
        summary=summary,
        lead_image=_lead_image(page, walk.body, base_url),
        body=walk.body,
        related=_merged(related, walk.related),
        layout="simorgh-dom",
    )
