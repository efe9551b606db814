"""BBC Chinese layout ``simorgh-json``: the article read from ``window.SIMORGH_DATA``.

A Simorgh page embeds its data as ``<script>window.SIMORGH_DATA={"pageData": …}</script>``.
``pageData`` is BBC's article JSON in one of two shapes, both read here:

- **CPS assets** (stories ``STY``, photo galleries ``PGL``, video pages ``MAP``), as BBC's
  API serves them: ``content.blocks`` is a flat list of ``paragraph`` (``plain_text`` or
  ``candy_xml`` markup), ``crosshead``/``heading``/``subheading``, ``image``, ``list`` and
  ``media`` blocks; list items and paragraphs may hold ``<link>`` and ``<itemMeta>``
  (links to other assets, resolved from the block's ``meta``).
- **Optimo blocks** (``content.model.blocks``): newer ``/zhongwen/articles/<id>`` pages, and
  CPS assets after Simorgh's own conversion: nested ``text`` > ``paragraph`` >
  ``fragment``/``urlLink`` blocks, ``subheadline``, ``image`` (``rawImage``, ``caption``,
  ``altText``), ``video``/``version`` (``aresMedia``) and ``unorderedList``/``orderedList``.

URLs are rebuilt the way Simorgh renders them (see ``docs/bbc-world-service.md``): images on
``https://ichef.bbci.co.uk/news/{width}/{originCode}/{locator}``, media holding images with
the ``1024x576`` recipe, and the player at
``https://www.bbc.com/ws/av-embeds/cps/<assetUri>/<vpid>/<lang>``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, Literal

import attrs
import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from newsparse.extractor import Context
from newsparse.extractors.bbc.common import Site, av_embed_url, site_of, social_block
from newsparse.extractors.bbc.service import SERVICE_IDS, Service, service_by_id, service_of_url
from newsparse.model import (
    Article,
    Block,
    Figure,
    Heading,
    Image,
    ImageSource,
    Link,
    ListBlock,
    Media,
    Paragraph,
    RelatedLinks,
    Span,
)
from newsparse.page import Page
from newsparse.toolkit.dates import parse_date
from newsparse.toolkit.embeds import provider_of
from newsparse.toolkit.text import normalize, paragraph_from_spans
from newsparse.toolkit.urls import absolutize

__all__ = ["detect", "extract", "sniff"]

LAYOUT = "simorgh-json"

#: Where Simorgh's pages live; relative asset URIs resolve against it.
BBC_ORIGIN = "https://www.bbc.com"
#: ichef resizes CPS images to any width on this route.
ICHEF_NEWS = "https://ichef.bbci.co.uk/news"
#: The srcset widths Simorgh renders for body images (createSrcset, 2021).
SRCSET_WIDTHS = (240, 320, 480, 624, 800)
#: The recipe Simorgh puts into a media holding image's ``$recipe`` slot.
HOLDING_RECIPE = "1024x576"

_HEADING_TYPES = frozenset({"crosshead", "heading", "subheading", "subheadline"})
_MEDIA_TYPES = frozenset({"media", "video", "version", "aresMedia", "audio"})
# Blocks that carry page furniture or metadata read elsewhere, never body content.
_SILENT_TYPES = frozenset(
    {"headline", "timestamp", "byline", "mpu", "wsoj", "visuallyHiddenHeadline", "disclaimer"}
)
# Optimo nesting is a handful of levels deep; anything deeper is hostile input.
_MAX_DEPTH = 24


# --- small typed accessors over untyped JSON ---------------------------------------------


def _dict(value: Any) -> Mapping[str, Any]:
    if type(value) is dict:  # what json gives; isinstance(_, Mapping) is an ABC check, 10x slower
        return value
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _int(value: Any) -> int | None:
    """A positive pixel size; None for anything else (json reads ``Infinity`` and ``NaN``)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 0 < value < _MAX_SIZE:
        return value
    if isinstance(value, float) and 0 < value < _MAX_SIZE:  # (False for inf and NaN)
        return int(value)
    return None


_MAX_SIZE = 1_000_000_000


def _path(value: Any, *keys: str | int) -> Any:
    for key in keys:
        if isinstance(key, int):
            items = _list(value)
            value = items[key] if -len(items) <= key < len(items) else None
        else:
            value = _dict(value).get(key)
    return value


# --- detection --------------------------------------------------------------------------

#: The name of Simorgh's page data (``window.SIMORGH_DATA = {...}``).
DATA = "SIMORGH_DATA"


def _page_data(page: Page) -> Mapping[str, Any] | None:
    data = page.app_json(DATA)
    if not isinstance(data, Mapping):
        return None
    page_data = data.get("pageData")
    return page_data if isinstance(page_data, Mapping) else None


def _cps_blocks(page_data: Mapping[str, Any]) -> list[Any]:
    return _list(_path(page_data, "content", "blocks"))


def _optimo_blocks(page_data: Mapping[str, Any]) -> list[Any]:
    return _list(_path(page_data, "content", "model", "blocks"))


def detect(page: Page) -> bool:
    """True when ``SIMORGH_DATA.pageData`` holds an article block model.

    Broken JSON gives False, so the markup layouts run (the extractor reports what
    reading the data noticed, whichever layout reads the page).
    """
    page_data = _page_data(page)
    if page_data is None:
        return False
    return bool(_cps_blocks(page_data) or _optimo_blocks(page_data))


def _service_id(data: Mapping[str, Any]) -> str | None:
    """The site a Simorgh data object names: its ``service``, else the asset URI, the
    asset id (``urn:bbc:ares::asset:arabic/…``), the passport home or the creating
    system (``arabic-v6``) of its metadata."""
    service = _str(data.get("service"))
    if service_by_id(service) is not None:
        return service
    metadata = _dict(_path(data, "pageData", "metadata"))
    found = service_of_url(_str(_path(metadata, "locators", "assetUri")))
    if found is not None:
        return found.id
    match = re.search(r":([a-z]+)/", _str(metadata.get("id")) or "")
    home = (_str(_path(metadata, "passport", "home")) or "").rstrip("/").rsplit("/", 1)[-1]
    created_by = re.split(r"[^a-z]", (_str(metadata.get("createdBy")) or "").lower(), maxsplit=1)[0]
    for candidate in (match.group(1) if match else None, home.lower(), created_by):
        if service_by_id(candidate) is not None:
            return candidate
    return None


def sniff(page: Page, services: tuple[Service, ...] | None = None) -> bool:
    """A page without a URL belongs to a BBC site (one of ``services``, default all) when
    its Simorgh data says so."""
    data = page.app_json(DATA)
    if not isinstance(data, Mapping):
        return False
    found = _service_id(data)
    if found is None:
        return False
    return found in SERVICE_IDS if services is None else any(s.id == found for s in services)


# --- per-page reading state -------------------------------------------------------------

_SCHEMELESS_HOST = re.compile(r"[\w.-]+\.\w+/")


@attrs.define
class _Reader:
    """What every block needs to know about its page: URLs, player route, warnings."""

    context: Context
    base_url: str
    #: The player route of this page: ("cps", asset URI) or ("articles", Optimo id).
    embed_route: tuple[Literal["cps", "articles"], str] | None
    site: Site
    #: Onward links met inside the body (podcast promos), for Article.related.
    onward: list[Link] = attrs.field(factory=list)

    def url(self, value: Any) -> str | None:
        raw = _str(value)
        if raw is None:
            return None
        raw = html.unescape(raw.strip())
        if not raw.startswith(("http:", "https:", "/", "//")) and _SCHEMELESS_HOST.match(raw):
            raw = "https://" + raw  # scheme-less hosts such as "www.bbc.com/zhongwen/…"
        return absolutize(raw, self.base_url)

    def embed_url(self, vpid: str) -> str | None:
        if self.embed_route is None:
            return None
        kind, asset = self.embed_route
        return av_embed_url(kind, asset, vpid, language=self.site.embed_language)


# --- rich text: candy_xml, plain_text and Optimo fragments -------------------------------

# A tag: "<", an optional "/", a name, then anything up to ">" but no "<". Each repeat is
# atomic (a lookahead capture matched again by backreference: Python 3.10 has no
# possessive quantifiers), so the regex never backtracks: linear in the text. (The earlier
# form, nested quantifiers over spaces, took 30 s on "<a" and 2,000 spaces.)
_TAG = re.compile(r"<(/?)([A-Za-z](?=([\w:-]*))\3)(?=([^<>]*))\4>")
# An attribute, starting only where a name starts (not inside one).
_ATTR = re.compile(r"""(?<![\w:-])([A-Za-z][\w:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_BOLD_TAGS = frozenset({"bold", "strong", "b"})
_NOT_WORD = re.compile(r"[\W_]+")
_ITALIC_TAGS = frozenset({"italic", "em", "i"})


@attrs.define
class _RichText:
    """Spans of one text, and the links it holds (for list items)."""

    spans: list[Span] = attrs.field(factory=list)
    links: list[Link] = attrs.field(factory=list)


def _plain(text: str) -> str:
    """CPS plain_text encodes some characters as entities or %3C/%3E; undo that."""
    if "%3" not in text and "&" not in text:
        return text  # nothing encoded (most texts)
    return html.unescape(text.replace("%3C", "<").replace("%3E", ">").replace("%3c", "<").replace("%3e", ">"))


@attrs.define
class _CandyParser:
    """A forgiving reader for CPS candy_xml: bold/italic, <link> and <itemMeta>.

    A tokenizer rather than an XML parser: BBC's text is not always well-formed, and a
    stray tag must cost that tag, not the paragraph.
    """

    reader: _Reader
    meta: list[Any]
    out: _RichText = attrs.field(factory=_RichText)
    bold: int = 0
    italic: int = 0
    # Inside <link>: its caption spans wait for the <url> that may come after them.
    link_spans: list[Span] | None = None
    link_urls: list[tuple[str | None, str]] = attrs.field(factory=list)
    skip_depth: int = 0  # inside <altText>
    item_meta: list[str] | None = None
    # (id, item) of every ``meta`` entry, read on the first <itemMeta> of the text.
    meta_ids: list[tuple[str, Any]] | None = None

    def feed(self, text: str, *, bold: bool = False) -> _RichText:
        self.bold += int(bold)
        position = 0
        for match in _TAG.finditer(text):
            rest = match.group(4)
            if rest and not (rest[0].isspace() or rest[0] == "/"):
                continue  # "<a"x">": no tag (attributes follow the name after a space)
            self._text(text[position : match.start()])
            self._tag(match)
            position = match.end()
        self._text(text[position:])
        if self.link_spans is not None:  # an unclosed <link>: keep its text
            self._close_link()
        return self.out

    def _text(self, raw: str) -> None:
        if not raw:
            return
        value = html.unescape(raw)
        if self.item_meta is not None:
            self.item_meta.append(value)
        elif self.skip_depth:
            return
        elif self.link_spans is not None:
            self.link_spans.append(Span(text=value, bold=self.bold > 0, italic=self.italic > 0))
        else:
            self.out.spans.append(Span(text=value, bold=self.bold > 0, italic=self.italic > 0))

    def _tag(self, match: re.Match[str]) -> None:
        closing, name, _name, rest = match.groups()
        attributes = rest.rstrip()
        self_closing = attributes.endswith("/")
        attributes = attributes.removesuffix("/")
        name = name.lower()
        opening = not closing
        if name in _BOLD_TAGS and not self_closing:
            self.bold = self.bold + 1 if opening else max(0, self.bold - 1)
        elif name in _ITALIC_TAGS and not self_closing:
            self.italic = self.italic + 1 if opening else max(0, self.italic - 1)
        elif name == "alttext" and not self_closing:
            self.skip_depth = self.skip_depth + 1 if opening else max(0, self.skip_depth - 1)
        elif name == "link":
            if opening and not self_closing:
                self.link_spans, self.link_urls = [], []
            elif closing and self.link_spans is not None:
                self._close_link()
        elif name == "url" and opening:
            found = {m.group(1).lower(): m.group(2) or m.group(3) or "" for m in _ATTR.finditer(attributes)}
            if found.get("href"):
                self.link_urls.append((found.get("platform"), found["href"]))
        elif name == "itemmeta" and not self_closing:
            if opening:
                self.item_meta = []
            elif self.item_meta is not None:
                asset = normalize("".join(self.item_meta))
                self.item_meta = None
                self._item_meta(asset)

    def _close_link(self) -> None:
        spans, urls = self.link_spans or [], self.link_urls
        self.link_spans, self.link_urls = None, []
        chosen = next((href for platform, href in urls if platform == "highweb"), None)
        if chosen is None and urls:
            chosen = urls[0][1]
        href = self.reader.url(chosen)
        if not spans and href:
            spans = [Span(text=href, bold=self.bold > 0, italic=self.italic > 0)]
        self._emit_link(spans, href)

    def _item_meta(self, asset: str) -> None:
        """<itemMeta>zhongwen/simp/world-1</itemMeta>: a link to that asset, from ``meta``."""
        if self.meta_ids is None:
            self.meta_ids = [(_str(_dict(item).get("id")) or "", item) for item in self.meta]
        for item_id, item in self.meta_ids:
            if asset and item_id.endswith(asset):
                href = self.reader.url(_path(item, "locators", "href")) or self.reader.url(
                    _path(item, "locators", "assetUri")
                )
                text = _headline(_dict(item).get("headlines")) or href or asset
                self._emit_link([Span(text=text, bold=self.bold > 0, italic=self.italic > 0)], href)
                return
        self.reader.context.warn(f"simorgh-json: link to asset {asset!r} has no metadata; dropped")

    def _emit_link(self, spans: list[Span], href: str | None) -> None:
        linked = [Span(text=s.text, bold=s.bold, italic=s.italic, href=href) for s in spans]
        self.out.spans.extend(linked)
        text = normalize("".join(s.text for s in spans))
        if href and text:
            self.out.links.append(Link(url=href, text=text))


def _rich_cps(reader: _Reader, block: Mapping[str, Any]) -> _RichText:
    """Spans of a CPS text block, following Simorgh's rules: ``</link>`` in plain text
    means candy_xml, and an ``introduction`` paragraph is shown bold."""
    text = block.get("text")
    if not isinstance(text, str):
        return _RichText()
    bold = block.get("role") == "introduction"
    if block.get("markupType") == "candy_xml" or "</link>" in text or "</itemMeta>" in text:
        return _CandyParser(reader, _list(block.get("meta"))).feed(text, bold=bold)
    return _RichText(spans=[Span(text=_plain(text), bold=bold)])


def _rich_optimo(reader: _Reader, block: Any, depth: int = 0) -> _RichText:
    """Spans of an Optimo paragraph: ``fragment`` (attributes bold/italic) and
    ``urlLink``/``inlineLink`` (``locator``) blocks, nested."""
    out = _RichText()
    _optimo_spans(reader, block, out, href=None, depth=depth)
    return out


def _optimo_spans(reader: _Reader, block: Any, out: _RichText, *, href: str | None, depth: int) -> None:
    if depth > _MAX_DEPTH:
        return
    kind = _dict(block).get("type")
    model = _dict(_dict(block).get("model"))
    if kind == "fragment":
        text = model.get("text")
        attributes = {a for a in _list(model.get("attributes")) if isinstance(a, str)}
        if isinstance(text, str) and text:
            out.spans.append(
                Span(text=text, bold="bold" in attributes, italic="italic" in attributes, href=href)
            )
        return
    if kind in ("urlLink", "inlineLink"):
        link = reader.url(model.get("locator")) or href
        before = len(out.spans)
        for child in _list(model.get("blocks")):
            _optimo_spans(reader, child, out, href=link, depth=depth + 1)
        if len(out.spans) == before and isinstance(model.get("text"), str):
            out.spans.append(Span(text=model["text"], href=link))
        text = normalize("".join(s.text for s in out.spans[before:]))
        if link and text:
            out.links.append(Link(url=link, text=text))
        return
    children = _list(model.get("blocks"))
    if not children and isinstance(model.get("text"), str):
        out.spans.append(Span(text=model["text"], href=href))
        return
    for child in children:
        _optimo_spans(reader, child, out, href=href, depth=depth + 1)


def _optimo_text(block: Any, depth: int = 0) -> str:
    """All fragment text under an Optimo block, e.g. a caption or a subheadline."""
    if depth > _MAX_DEPTH:
        return ""
    model = _dict(_dict(block).get("model"))
    children = _list(model.get("blocks"))
    if not children:
        text = model.get("text")
        return text if isinstance(text, str) else ""
    parts = [_optimo_text(child, depth + 1) for child in children]
    if _dict(block).get("type") in ("text", "caption", "altText"):
        return " ".join(p for p in parts if p.strip())  # one line per paragraph
    return "".join(parts)


def _paragraph(reader: _Reader, rich: _RichText) -> Paragraph | None:
    paragraph = paragraph_from_spans(rich.spans)
    return None if paragraph is None or reader.site.is_fallback_text(paragraph.text) else paragraph


def _headline(headlines: Any) -> str | None:
    """A promo's headline as Simorgh shows it: overtyped, else headline, else short."""
    found = _dict(headlines)
    for key in ("overtyped", "headline", "shortHeadline", "seoHeadline"):
        text = normalize(_str(found.get(key)))
        if text:
            return text  # the Optimo promoHeadline is read only when none of these is set
    return normalize(_optimo_text(found.get("promoHeadline"))) or None


# --- images and media ---------------------------------------------------------------------


def _news_image(origin: str, locator: str, width: int | None, height: int | None, alt: str | None) -> Image:
    """A CPS image as Simorgh renders it: srcset widths up to the original width, and the
    original width itself as the best URL (ichef serves any width on this route)."""
    locator = locator.lstrip("/")
    if width is None:
        widths = list(SRCSET_WIDTHS)
    else:
        widths = [w for w in SRCSET_WIDTHS if w <= width]
        if width < SRCSET_WIDTHS[-1] and width not in widths:
            widths.append(width)
    sources = tuple(ImageSource(url=f"{ICHEF_NEWS}/{w}/{origin}/{locator}", width=w) for w in widths)
    best = width or SRCSET_WIDTHS[-1]
    return Image(
        url=f"{ICHEF_NEWS}/{best}/{origin}/{locator}", width=width, height=height, alt=alt, sources=sources
    )


def _pips_image(
    reader: _Reader, locator: Any, width: int | None = None, height: int | None = None, alt: str | None = None
) -> Image | None:
    """A media holding image: an ichef ``images/ic`` URL whose recipe slot Simorgh fills
    (``$recipe`` with 1024x576; ``$widthxn`` with a width, here the original one)."""
    raw = _str(locator)
    if raw is None:
        return None
    if "$recipe" in raw:
        raw = raw.replace("$recipe", HOLDING_RECIPE)
        width, height = 1024, 576
    elif "$widthxn" in raw:
        raw = raw.replace("$widthxn", f"{width or 1024}xn")
        width = width or 1024
    else:
        match = re.search(r"/(\d+)x(\d+)/", raw)
        if match:
            width, height = int(match.group(1)), int(match.group(2))
    url = reader.url(raw)
    if url is None:
        return None
    return Image(url=url, width=width, height=height, alt=alt)


def _cps_image(reader: _Reader, block: Mapping[str, Any]) -> Image | None:
    alt = normalize(_str(block.get("altText"))) or None
    width, height = _int(block.get("width")), _int(block.get("height"))
    path = _str(block.get("path"))
    if path:
        origin, _, locator = path.strip("/").partition("/")
        if origin and locator:
            return _news_image(origin, locator, width, height, alt)
    href = reader.url(block.get("href"))
    return Image(url=href, width=width, height=height, alt=alt) if href else None


def _raw_image(reader: _Reader, model: Mapping[str, Any], alt: str | None) -> Image | None:
    """An Optimo ``rawImage``: CPS origins on the ichef news route; ``pips``/``mpv``
    (media holding images) carry their ichef URL in ``locator``."""
    origin = _str(model.get("originCode"))
    locator = _str(model.get("locator"))
    width, height = _int(model.get("width")), _int(model.get("height"))
    if locator is None:
        return None
    if origin and origin not in ("pips", "mpv") and "://" not in locator:
        return _news_image(origin, locator, width, height, alt)
    return _pips_image(reader, locator, width, height, alt)


def _media_from_metadata(
    reader: _Reader, meta: Mapping[str, Any], poster: Image | None, caption: str | None
) -> Media | None:
    vpid = (
        _str(_path(meta, "versions", 0, "versionId")) or _str(meta.get("externalId")) or _str(meta.get("id"))
    )
    if vpid is None:
        return None
    fmt = (_str(meta.get("format")) or "").lower()
    title = _str(meta.get("title"))
    return Media(
        kind="audio" if fmt == "audio" else "video",
        provider="bbc",
        media_id=vpid,
        embed_url=reader.embed_url(vpid),
        poster=poster,
        caption=reader.site.clean_media_caption(caption),
        title=None if reader.site.is_fallback_text(title) else normalize(title) or None,
    )


def _cps_media(reader: _Reader, block: Mapping[str, Any]) -> Media | None:
    """A CPS ``media`` block (clip with versions) or ``version`` block (live stream)."""
    if block.get("type") == "version":
        image = _dict(block.get("image"))
        meta = {**block, "versions": [{"versionId": block.get("externalId")}]}
        return _media_from_metadata(reader, meta, _pips_image(reader, image.get("href")), None)
    poster = _pips_image(reader, block.get("imageUrl"))
    return _media_from_metadata(reader, block, poster, _str(block.get("caption")))


def _optimo_media(reader: _Reader, block: Mapping[str, Any]) -> Media | None:
    """An Optimo ``video``/``version`` block: ``aresMedia`` holds the metadata, the
    holding image and (after Simorgh's CPS conversion) the caption."""
    meta: Mapping[str, Any] = {}
    poster: Image | None = None
    caption: str | None = None
    for child in _walk_children(block, depth=0):
        kind = child.get("type")
        model = _dict(child.get("model"))
        if kind == "aresMediaMetadata" and not meta:
            meta = model
        elif kind == "rawImage" and poster is None:
            poster = _raw_image(reader, model, None)
        elif kind == "caption" and caption is None:
            caption = _optimo_text(child)
    if poster is None and meta.get("imageUrl"):
        poster = _pips_image(reader, meta.get("imageUrl"))
    return _media_from_metadata(reader, meta, poster, caption)


def _walk_children(block: Mapping[str, Any], depth: int) -> Iterator[Mapping[str, Any]]:
    """Every nested block under ``block`` (depth-first, in order), depth-limited."""
    if depth > _MAX_DEPTH:
        return
    for child in _list(_dict(block.get("model")).get("blocks")):
        if isinstance(child, Mapping):
            yield child
            yield from _walk_children(child, depth + 1)


def _optimo_image(reader: _Reader, block: Mapping[str, Any]) -> Figure | None:
    model: Mapping[str, Any] = {}
    caption = alt = None
    for child in _list(_dict(block.get("model")).get("blocks")):
        kind = _dict(child).get("type")
        if kind == "rawImage":
            model = _dict(child.get("model"))
        elif kind == "caption":
            caption = reader.site.clean_caption(_optimo_text(child))
        elif kind == "altText":
            alt = normalize(_optimo_text(child)) or None
    image = _raw_image(reader, model, alt)
    if image is None:
        return None
    return Figure(
        image=image, caption=caption, credit=reader.site.clean_credit(_str(model.get("copyrightHolder")))
    )


# --- lists ------------------------------------------------------------------------------


def _list_blocks(reader: _Reader, items: Iterable[_RichText], ordered: bool) -> list[Block]:
    """One list becomes runs: items with links make a ``related_links`` block, items
    without make a ``list`` block, in their order, so no item is lost."""
    blocks: list[Block] = []
    links: list[Link] = []
    plain: list[str] = []

    def flush() -> None:
        if links:
            blocks.append(RelatedLinks(links=tuple(links)))
            links.clear()
        if plain:
            blocks.append(ListBlock(ordered=ordered, items=tuple(plain)))
            plain.clear()

    for item in items:
        text = normalize("".join(s.text for s in item.spans))
        if item.links:
            if plain:
                flush()
            links.extend(item.links)
            rest = normalize("".join(s.text for s in item.spans if s.href is None))
            if _NOT_WORD.sub("", rest):
                reader.context.warn(f"simorgh-json: list item text outside its links dropped: {rest[:40]!r}")
        elif text and not reader.site.is_fallback_text(text):
            if links:
                flush()
            plain.append(text)
    flush()
    return blocks


# --- the block walkers --------------------------------------------------------------------


def _source(reader: _Reader, where: str, *texts: str | None) -> None:
    """Record the texts a block of the data holds, for the drift measure (the body has no
    content root: coverage is the share of these that reached the Article)."""
    for text in texts:
        if text:
            reader.context.source_text(text, where)


def _spans_text(rich: _RichText) -> str:
    return normalize("".join(s.text for s in rich.spans))


def _cps_body(reader: _Reader, blocks: list[Any]) -> list[Block]:
    body: list[Block] = []
    for index, raw in enumerate(blocks):
        block = _dict(raw)
        kind = block.get("type")
        # A text block's spans are read once, for the body and for the drift measure.
        rich = _cps_rich_parts(reader, block)
        _cps_source(reader, f"content.blocks[{index}] ({kind})", block, rich)
        if kind == "paragraph":
            paragraph = _paragraph(reader, rich[0])
            if paragraph is not None:
                body.append(paragraph)
        elif kind in _HEADING_TYPES:
            text = _spans_text(rich[0])
            if text:
                body.append(Heading(level=2, text=text))
        elif kind == "image":
            image = _cps_image(reader, block)
            if image is not None:
                body.append(
                    Figure(
                        image=image,
                        caption=reader.site.clean_caption(_plain(_str(block.get("caption")) or "")),
                        credit=reader.site.clean_credit(_str(block.get("copyrightHolder"))),
                    )
                )
        elif kind == "list":
            body.extend(_list_blocks(reader, rich, ordered=block.get("numbered") is True))
        elif kind in ("media", "version"):
            media = _cps_media(reader, block)
            if media is not None:
                body.append(media)
            else:
                reader.context.warn(f"simorgh-json: {kind} block without a media id skipped")
        elif kind == "external_vpid":
            # Simorgh shows "content no longer available" for these: there is no player.
            reader.context.warn("simorgh-json: unavailable media (external_vpid) skipped")
        elif kind == "social_embed":
            social = _social_embed(reader, _str(block.get("source")), _str(block.get("href")), block)
            if social is not None:
                body.append(social)
        elif kind not in _SILENT_TYPES:
            _not_extracted(reader, kind, block)
    return body


def _cps_rich_parts(reader: _Reader, block: Mapping[str, Any]) -> list[_RichText]:
    """The rich text of a CPS text block: one part for a paragraph or heading, one per
    item for a list, none for other blocks."""
    kind = block.get("type")
    if kind == "paragraph" or kind in _HEADING_TYPES:
        return [_rich_cps(reader, block)]
    if kind == "list":
        return [_rich_cps(reader, _dict(item)) for item in _list(block.get("items"))]
    return []


def _cps_source(reader: _Reader, where: str, block: Mapping[str, Any], rich: list[_RichText]) -> None:
    """The text Simorgh shows of a CPS block (``rich``: its text parts, see
    :func:`_cps_rich_parts`): paragraph and heading text, list items, image and player
    captions and credits, an include's title, any other block's ``text``. A player
    fallback paragraph is left out on purpose and not recorded."""
    kind = block.get("type")
    if kind == "paragraph" or kind in _HEADING_TYPES:
        text = _spans_text(rich[0])
        _source(reader, where, None if reader.site.is_fallback_text(text) else text)
    elif kind == "list":
        for part in rich:
            _source(reader, where, _spans_text(part))
    elif kind == "image":
        _source(reader, where, _plain(_str(block.get("caption")) or ""), _str(block.get("copyrightHolder")))
    elif kind == "media":
        _source(reader, where, _str(block.get("caption")))
    elif kind == "include":
        _source(reader, where, _str(block.get("title")))
    elif kind not in _SILENT_TYPES and kind not in ("version", "external_vpid", "social_embed"):
        _source(reader, where, _str(block.get("text")))


def _not_extracted(reader: _Reader, kind: Any, block: Mapping[str, Any]) -> None:
    """Say what a block Simorgh shows but this layout cannot read holds."""
    if kind == "include":
        # Interactive content (BBC Visual Journalism) that loads with JavaScript.
        what = _str(block.get("title")) or _str(block.get("href")) or "(untitled)"
        reader.context.warn(f"simorgh-json: interactive include not extracted: {what}")
    elif kind == "legacyMedia":
        what = _str(block.get("href")) or _str(block.get("id")) or "(no id)"
        reader.context.warn(f"simorgh-json: legacy media player (EMP) not extracted: {what}")
    else:
        reader.context.warn(f"simorgh-json: unsupported block type {kind!r} skipped")


def _social_embed(
    reader: _Reader, source: str | None, href: str | None, block: Mapping[str, Any]
) -> Block | None:
    """A social embed (CPS ``social_embed``, Optimo ``social``): a YouTube video is a media
    block (its id, player and thumbnail from the oEmbed data); another network's post is
    an embed block with the post's words from the oEmbed ``html`` blockquote."""
    oembed = _dict(_path(block, "embed", "oembed"))
    url = reader.url(href) or reader.url(oembed.get("url"))
    thumbnail = reader.url(oembed.get("thumbnail_url"))
    poster = (
        Image(
            url=thumbnail,
            width=_int(oembed.get("thumbnail_width")),
            height=_int(oembed.get("thumbnail_height")),
        )
        if thumbnail
        else None
    )
    social = social_block(
        source,
        url,
        blockquote=_blockquote(_str(oembed.get("html"))),
        title=normalize(_str(oembed.get("title"))) or None,
        video_id=_str(block.get("id")),
        poster=poster,
    )
    if social is None:
        reader.context.warn(f"simorgh-json: social embed not extracted: {href or source}")
    return social


def _blockquote(html: str | None) -> HtmlElement | None:
    """The blockquote of an oEmbed ``html`` snippet (the post as the embed code holds it)."""
    if not html or "<blockquote" not in html:
        return None
    try:
        fragments = lxml.html.fragments_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None
    for fragment in fragments:
        if isinstance(fragment, HtmlElement):
            found = next(fragment.iter("blockquote"), None)
            if found is not None:
                return found
    return None


def _links_within(reader: _Reader, block: Any, depth: int = 0) -> list[Link]:
    """Every link a nested Optimo block holds: ``urlLink``s (their text) and promos
    (``locators`` and ``headlines``, or ``url``/``href`` with a title), in order."""
    links: list[Link] = []
    if depth > _MAX_DEPTH:
        return links
    item = _dict(block)
    model = _dict(item.get("model"))
    if item.get("type") in ("urlLink", "inlineLink"):
        rich = _rich_optimo(reader, item, depth)
        return list(rich.links)
    locators = _dict(model.get("locators") or item.get("locators"))
    url = reader.url(
        locators.get("canonicalUrl") or locators.get("assetUri") or model.get("url") or item.get("href")
    )
    text = _headline(model.get("headlines") or item.get("headlines")) or normalize(
        _str(model.get("title")) or _str(item.get("title"))
    )
    if url and text:
        return [Link(url=url, text=text)]
    for child in _list(model.get("blocks")):
        links.extend(_links_within(reader, child, depth + 1))
    return links


def _title_within(block: Mapping[str, Any]) -> str | None:
    """The title a block of links shows (a ``title`` or ``headline`` child), if any."""
    for child in _list(_dict(block.get("model")).get("blocks")):
        if _dict(child).get("type") in ("title", "headline", "heading"):
            return normalize(_optimo_text(child)) or None
    return normalize(_str(_dict(block.get("model")).get("title"))) or None


def _unique_links(links: Iterable[Link]) -> tuple[Link, ...]:
    return tuple({link.url: link for link in reversed(list(links))}.values())[::-1]


def _optimo_body(reader: _Reader, blocks: list[Any], depth: int = 0) -> list[Block]:
    body: list[Block] = []
    if depth > _MAX_DEPTH:
        reader.context.warn("simorgh-json: block nesting too deep; the rest was skipped")
        return body
    for index, raw in enumerate(blocks):
        block = _dict(raw)
        kind = block.get("type")
        model = _dict(block.get("model"))
        _optimo_source(reader, f"blocks[{depth}:{index}] ({kind})", block)
        if kind == "text":
            body.extend(_optimo_body(reader, _list(model.get("blocks")), depth + 1))
        elif kind == "paragraph":
            paragraph = _paragraph(reader, _rich_optimo(reader, block))
            if paragraph is not None:
                body.append(paragraph)
        elif kind in _HEADING_TYPES:
            text = normalize(_optimo_text(block))
            if text:
                body.append(Heading(level=2, text=text))
        elif kind == "image":
            figure = _optimo_image(reader, block)
            if figure is not None:
                body.append(figure)
        elif kind in _MEDIA_TYPES:
            media = _optimo_media(reader, block)
            if media is not None:
                body.append(media)
            else:
                reader.context.warn(f"simorgh-json: {kind} block without a media id skipped")
        elif kind in ("unorderedList", "orderedList"):
            items = (
                _rich_optimo(reader, item, depth + 1)
                for item in _list(model.get("blocks"))
                if _dict(item).get("type") == "listItem"
            )
            body.extend(_list_blocks(reader, items, ordered=kind == "orderedList"))
        elif kind in ("links", "relatedContent"):
            # "More on this story" inside the article: related links, titled.
            links = _unique_links(_links_within(reader, {"model": model}, depth + 1))
            if links:
                body.append(RelatedLinks(title=_title_within(block), links=links))
        elif kind == "social":
            # The oEmbed sits in renditions > aresOEmbed; the post's URL is the source.
            rendition = _dict(_path(model, "blocks", 0, "model", "blocks", 0, "model"))
            source = _str(model.get("source"))
            social = _social_embed(reader, provider_of(source), source, {"embed": rendition})
            if social is not None:
                body.append(social)
        elif kind == "podcastPromo":
            reader.onward.extend(_links_within(reader, {"model": model}, depth + 1))
        elif kind not in _SILENT_TYPES:
            _not_extracted(reader, kind, block)
    return body


def _optimo_source(reader: _Reader, where: str, block: Mapping[str, Any]) -> None:
    """The text Simorgh shows of an Optimo block: paragraph and heading text, list items,
    image and player captions and credits, any other block's text (``text`` containers
    are recorded through their paragraphs; links and promos through their output)."""
    kind = block.get("type")
    model = _dict(block.get("model"))
    if kind == "paragraph":
        text = _optimo_text(block)
        _source(reader, where, None if reader.site.is_fallback_text(normalize(text)) else text)
    elif kind in _HEADING_TYPES:
        _source(reader, where, _optimo_text(block))
    elif kind in ("unorderedList", "orderedList"):
        for item in _list(model.get("blocks")):
            _source(reader, where, _optimo_text(item))
    elif kind == "image" or kind in _MEDIA_TYPES:
        for child in _walk_children(block, depth=0):
            if child.get("type") == "caption":
                _source(reader, where, _optimo_text(child))
            elif child.get("type") == "rawImage" and kind == "image":
                _source(reader, where, _str(_dict(child.get("model")).get("copyrightHolder")))
    elif kind not in _SILENT_TYPES and kind not in (
        "text", "links", "relatedContent", "podcastPromo", "social"
    ):
        _source(reader, where, _optimo_text(block))


# --- article metadata -----------------------------------------------------------------------


def _optimo_id(metadata: Mapping[str, Any]) -> str | None:
    for value in (_path(metadata, "locators", "optimoUrn"), metadata.get("id")):
        text = _str(value)
        if text:
            match = re.search(r"[:/]([0-9a-z]{8,})$", text)
            if match:
                return match.group(1)
    return None


def _site(page: Page, data: Mapping[str, Any], metadata: Mapping[str, Any]) -> Site:
    """The page's site and variant: from its URL, the asset URI, then the data's own
    ``service``/``variant`` and the asset's language."""
    return site_of(
        (page.url, _str(_path(metadata, "locators", "assetUri"))),
        service_id=_service_id(data),
        variant_name=_str(data.get("variant")),
        languages=(_str(metadata.get("language")), page.lang),
    )


def _epoch(value: Any) -> datetime | None:
    """An epoch timestamp (BBC uses milliseconds; some gallery assets use seconds)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    return parse_date(value)


def _timestamps(page_data: Mapping[str, Any]) -> tuple[datetime | None, datetime | None]:
    metadata = _dict(page_data.get("metadata"))
    first, last = metadata.get("firstPublished"), metadata.get("lastPublished")
    for block in _optimo_blocks(page_data):
        if _dict(block).get("type") == "timestamp":
            model = _dict(_dict(block).get("model"))
            first = first or model.get("firstPublished")
            last = last or model.get("lastPublished")
    published, modified = _epoch(first), _epoch(last)
    # Simorgh shows "最近更新" only for a later publication; an equal one is no update.
    if modified is not None and published is not None and modified <= published:
        modified = None
    return published, modified


def _title(page: Page, page_data: Mapping[str, Any]) -> str | None:
    for block in _optimo_blocks(page_data):
        if _dict(block).get("type") == "headline":
            text = normalize(_optimo_text(block))
            if text:
                return text
    headlines = _dict(_path(page_data, "promo", "headlines"))
    for key in ("headline", "seoHeadline", "shortHeadline"):
        text = normalize(_str(headlines.get(key)))
        if text:
            return text
    return normalize(page.meta_first("og:title")) or page.title_hint or None


def _summary(page: Page, page_data: Mapping[str, Any]) -> str | None:
    summary = _path(page_data, "promo", "summary")
    if isinstance(summary, str):
        text = normalize(_plain(summary))
    else:
        text = normalize(" ".join(_optimo_text(b) for b in _list(_dict(summary).get("blocks"))))
    return text or normalize(page.meta_first("description", "og:description")) or None


def _topics(metadata: Mapping[str, Any]) -> tuple[str, ...]:
    labels: list[str] = []
    for group in ("about", "mentions"):
        for thing in _list(_path(metadata, "tags", group)):
            label = normalize(_str(_dict(thing).get("thingLabel")))
            if label and label not in labels:
                labels.append(label)
    return tuple(labels)


def _authors(page_data: Mapping[str, Any]) -> tuple[str, ...]:
    """The byline: Optimo ``byline`` blocks (a ``name`` per ``contributor``), else the CPS
    promo's ``byline`` (its ``persons``, else its ``name``)."""
    names: list[str] = []
    for block in _optimo_blocks(page_data):
        if _dict(block).get("type") == "byline":
            names.extend(
                _optimo_text(child)
                for child in _walk_children(_dict(block), depth=0)
                if child.get("type") == "name"
            )
    byline = _dict(_path(page_data, "promo", "byline"))
    if not names and byline:
        persons = [_str(_dict(person).get("name")) for person in _list(byline.get("persons"))]
        names.extend(name for name in persons if name)
        if not names and _str(byline.get("name")):
            names.append(byline["name"])
    cleaned = (normalize(name) for name in names)
    return tuple(dict.fromkeys(name for name in cleaned if name))


def _promos(data: Mapping[str, Any], page_data: Mapping[str, Any]) -> Iterator[Any]:
    """Onward promos in page order: related content, top stories and features of the
    secondary column, recommendations, then most read (Simorgh merges the secondary column
    and most read into its data)."""
    for group in _list(_path(page_data, "relatedContent", "groups")):
        yield from _list(_dict(group).get("promos"))
    for source in (page_data, data):
        yield from _list(_path(source, "secondaryColumn", "topStories"))
        yield from _list(_path(source, "secondaryColumn", "features"))
    yield from _list(page_data.get("recommendations"))
    for source in (page_data, data):
        yield from _most_read(_dict(source.get("mostRead")))


def _most_read(most_read: Mapping[str, Any]) -> Iterator[Any]:
    """Most-read promos in either shape: ``records[].promo`` (CPS era) or ``items[]``
    holding ``title`` and ``href`` (the newer feed)."""
    yield from (_dict(record).get("promo") for record in _list(most_read.get("records")))
    for item in _list(most_read.get("items")):
        found = _dict(item)
        yield {"locators": {"canonicalUrl": found.get("href")}, "headlines": {"headline": found.get("title")}}


def _related(reader: _Reader, data: Mapping[str, Any], page_data: Mapping[str, Any]) -> tuple[Link, ...]:
    """Onward promos as links outside the body, de-duplicated by URL."""
    links: list[Link] = []
    seen: set[str] = set()
    for raw in _promos(data, page_data):
        promo = _dict(raw)
        locators = _dict(promo.get("locators"))
        url = reader.url(
            locators.get("assetUri") or locators.get("canonicalUrl") or promo.get("uri") or promo.get("href")
        )
        text = _headline(promo.get("headlines")) or normalize(_str(promo.get("name") or promo.get("title")))
        if url and text and url not in seen:
            seen.add(url)
            links.append(Link(url=url, text=text))
    for link in reader.onward:  # podcast promos inside the article
        if link.url not in seen:
            seen.add(link.url)
            links.append(link)
    return tuple(links)


def _lead_image(reader: _Reader, page_data: Mapping[str, Any], body: list[Block]) -> Image | None:
    index_image = _dict(_path(page_data, "promo", "indexImage"))
    if index_image:
        image = _cps_image(reader, index_image)
        if image is not None:
            return image
    return next((b.image for b in body if isinstance(b, Figure)), None)


def _canonical(page: Page, metadata: Mapping[str, Any], site: Site) -> str | None:
    if page.canonical_url:
        return absolutize(page.canonical_url, page.url)
    asset_uri = _str(_path(metadata, "locators", "assetUri"))
    if asset_uri:
        return BBC_ORIGIN + "/" + asset_uri.lstrip("/")
    optimo = _optimo_id(metadata)
    if optimo and site.service is not None:
        if len(site.service.variants) == 1:
            return f"{BBC_ORIGIN}/{site.service.id}/articles/{optimo}"
        if site.variant is not None:
            return f"{BBC_ORIGIN}/{site.service.id}/articles/{optimo}/{site.variant.name}"
    return None


def _embed_route(metadata: Mapping[str, Any]) -> tuple[Literal["cps", "articles"], str] | None:
    asset_uri = _str(_path(metadata, "locators", "assetUri"))
    if asset_uri:
        return ("cps", asset_uri)
    optimo = _optimo_id(metadata)
    return ("articles", optimo) if optimo else None


def _leads_with_media(reader: _Reader, page_data: Mapping[str, Any], body: list[Block]) -> list[Block]:
    """A video page (MAP) leads with its player: when the blocks hold none, use the
    promo's media (the page's own clip)."""
    if any(isinstance(b, Media) for b in body):
        return body
    promo_media = _dict(_path(page_data, "promo", "media"))
    media = _cps_media(reader, promo_media) if promo_media.get("type") in ("media", "version") else None
    return [media, *body] if media is not None else body


def _gallery_lead(page_data: Mapping[str, Any], body: list[Block]) -> list[Block]:
    """A photo gallery (PGL) page shows its summary under the headline, before the
    pictures, as the gallery's lead paragraph: the markup's first paragraph too."""
    summary = _path(page_data, "promo", "summary")
    text = normalize(_plain(summary)) if isinstance(summary, str) else ""
    if not text or (body and isinstance(body[0], Paragraph) and body[0].text == text):
        return body
    return [Paragraph(text=text), *body]


def extract(page: Page, context: Context) -> Article:
    """Read the article from ``SIMORGH_DATA.pageData`` (call only when :func:`detect` is True)."""
    data = _dict(page.app_json(DATA))
    page_data = _dict(data.get("pageData"))
    metadata = _dict(page_data.get("metadata"))
    site = _site(page, data, metadata)
    canonical = _canonical(page, metadata, site)
    reader = _Reader(
        context=context,
        base_url=page.base_url or canonical or BBC_ORIGIN + "/",
        embed_route=_embed_route(metadata),
        site=site,
    )
    asset_type = _str(metadata.get("type")) or "unknown"
    cps_blocks = _cps_blocks(page_data)
    if cps_blocks:
        context.decide("content", f"SIMORGH_DATA pageData content.blocks ({asset_type}, {len(cps_blocks)})")
        body = _cps_body(reader, cps_blocks)
    else:
        optimo_blocks = _optimo_blocks(page_data)
        context.decide("content", f"SIMORGH_DATA pageData content.model.blocks ({asset_type})")
        body = _optimo_body(reader, optimo_blocks)
    if asset_type == "MAP":
        body = _leads_with_media(reader, page_data, body)
    elif asset_type == "PGL":
        body = _gallery_lead(page_data, body)
    published, modified = _timestamps(page_data)
    section = normalize(_str(_path(page_data, "relatedContent", "section", "name"))) or None
    return Article(
        canonical_url=canonical,
        title=_title(page, page_data),
        language=site.language,
        published=published,
        modified=modified,
        authors=_authors(page_data),
        section=section,
        topics=_topics(metadata),
        summary=_summary(page, page_data),
        lead_image=_lead_image(reader, page_data, body),
        body=tuple(body),
        related=_related(reader, data, page_data),
        layout=LAYOUT,
    )
