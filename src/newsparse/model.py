"""The document model: an Article and the blocks of its body.

Every class is frozen, slotted and keyword-only, so articles are immutable, hashable
values that compare by content. Sequences are stored as tuples (any iterable given to a
constructor is converted; a bare string is refused, because ``authors="Ann"`` would
otherwise become ``("A", "n", "n")``). Construction checks the invariants the JSON
contract relies on:

- datetimes carry a time zone (a naive one is a guess nobody downstream can check);
- text fields hold plain ``str`` (lxml's "smart strings" are copied, so no parsed tree is
  kept alive inside an Article);
- a paragraph's spans, when present, join to exactly the paragraph's text;
- URLs of images and links are non-empty; widths, heights and levels are sane integers.

The wire format lives in :mod:`newsparse.serialize` and the renderings in
:mod:`newsparse.render`; these classes only hold data and offer read-only views.

The rules are declared on the attrs fields (``converter=``, ``validator=``), where attrs'
own ``__init__``, the JSON Schema generator and ``attrs.validate`` read them. Adding a field
means declaring it here (plus the schema, the serializer and the docs).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeAlias, TypeVar

import attrs

from newsparse.urlform import browser_form

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "BLOCK_TYPES",
    "Article",
    "Block",
    "Embed",
    "Figure",
    "Heading",
    "Image",
    "ImageSource",
    "Link",
    "ListBlock",
    "Media",
    "Paragraph",
    "Quote",
    "RelatedLinks",
    "Span",
]

_T = TypeVar("_T")


# --- converters: plain str in, tuples out --------------------------------------------------


def _text(value: str) -> str:
    """A required text field: a plain ``str`` (a str subclass such as lxml's is copied)."""
    if type(value) is str:
        return value  # already right: nothing to check or copy (most values)
    if not isinstance(value, str):
        raise TypeError(f"expected str, got {type(value).__name__}: {value!r}")
    return str(value)


def _opt_text(value: str | None) -> str | None:
    """An optional text field: None or a plain ``str``."""
    return value if value is None or type(value) is str else _text(value)


def _url(value: str) -> str:
    """A URL field: plain ``str`` in the one-line form a browser reads (see :mod:`newsparse.urlform`),
    valid Unicode (browser_form replaces lone surrogates too)."""
    if not isinstance(value, str):
        raise TypeError(f"expected str, got {type(value).__name__}: {value!r}")
    return browser_form(value if type(value) is str else str(value))


def _opt_url(value: str | None) -> str | None:
    return None if value is None else _url(value)


def _tuple_of(items: Iterable[_T], kind: type[_T] | tuple[type, ...], what: str) -> tuple[_T, ...]:
    if type(items) is tuple:
        result: tuple[_T, ...] = items
    elif isinstance(items, (str, bytes)):
        raise TypeError(f"expected {what}, got a single {type(items).__name__}: {items!r}")
    else:
        result = tuple(items)
    for item in result:
        if not isinstance(item, kind):
            raise TypeError(f"expected {what}, got an item of type {type(item).__name__}: {item!r}")
    return result


# One converter per element type, so type checkers see real parameter types.


def _strs(items: Iterable[str]) -> tuple[str, ...]:
    result = _tuple_of(items, str, "a sequence of str")
    if all(type(item) is str for item in result):
        return result
    return tuple(_text(item) for item in result)


# --- validators ----------------------------------------------------------------------------


def _aware(_instance: object, attribute: attrs.Attribute[Any], value: datetime | None) -> None:
    """Refuse naive datetimes: a news date without a zone is a guess nobody can check."""
    if value is None:
        return
    if not isinstance(value, datetime):
        raise TypeError(f"{attribute.name} must be a datetime, got {type(value).__name__}: {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{attribute.name} must be timezone-aware, got naive {value.isoformat()}")


def _non_empty(_instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value:
        raise ValueError(f"{attribute.name} must not be empty")


def _size(_instance: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    """Pixel sizes: None or a non-negative int (``True`` is not a width)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{attribute.name} must be an int or None, got {value!r}")
    if value < 0:
        raise ValueError(f"{attribute.name} must not be negative, got {value}")


def _level(_instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 6:
        raise ValueError(f"{attribute.name} must be an int from 1 to 6, got {value!r}")


def _flag(_instance: object, attribute: attrs.Attribute[Any], value: bool) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{attribute.name} must be a bool, got {value!r}")


# --- inline and leaf values ----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Span:
    """A run of paragraph text with one formatting; ``href`` is set inside a link."""

    #: The run's text, whitespace included as it joins its neighbours.
    text: str = attrs.field(converter=_text)
    #: Inside ``<b>``/``<strong>`` (or the site's equivalent).
    bold: bool = attrs.field(default=False, validator=_flag)
    #: Inside ``<i>``/``<em>``/``<cite>``.
    italic: bool = attrs.field(default=False, validator=_flag)
    #: The absolute URL of the enclosing link, or None outside links.
    href: str | None = attrs.field(default=None, converter=_opt_url)


def _spans(items: Iterable[Span]) -> tuple[Span, ...]:
    return _tuple_of(items, Span, "a sequence of Span")


@attrs.frozen(kw_only=True)
class Link:
    """A hyperlink: absolute ``url`` and its visible ``text``."""

    url: str = attrs.field(converter=_url, validator=_non_empty)
    text: str = attrs.field(converter=_text)


def _links(items: Iterable[Link]) -> tuple[Link, ...]:
    return _tuple_of(items, Link, "a sequence of Link")


@attrs.frozen(kw_only=True)
class ImageSource:
    """One candidate of an image's srcset; ``width`` is the ``w`` descriptor when given."""

    url: str = attrs.field(converter=_url, validator=_non_empty)
    width: int | None = attrs.field(default=None, validator=_size)


def _sources(items: Iterable[ImageSource]) -> tuple[ImageSource, ...]:
    return _tuple_of(items, ImageSource, "a sequence of ImageSource")


@attrs.frozen(kw_only=True)
class Image:
    """An image. ``url`` is the best (largest) real URL, unwrapped from image proxies."""

    url: str = attrs.field(converter=_url, validator=_non_empty)
    #: Intrinsic width in pixels when the page or the chosen candidate tells it.
    width: int | None = attrs.field(default=None, validator=_size)
    height: int | None = attrs.field(default=None, validator=_size)
    #: The alternative text, normalised; None when the page gives none.
    alt: str | None = attrs.field(default=None, converter=_opt_text)
    #: Every srcset candidate, in the page's order.
    sources: tuple[ImageSource, ...] = attrs.field(default=(), converter=_sources)


# --- body blocks ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Paragraph:
    """A paragraph. When ``spans`` is non-empty their texts joined equal ``text``.

    A paragraph without formatting may leave ``spans`` empty; ``text`` is always the
    plain text.
    """

    type: ClassVar[Literal["paragraph"]] = "paragraph"
    text: str = attrs.field(converter=_text)
    spans: tuple[Span, ...] = attrs.field(default=(), converter=_spans)

    @spans.validator
    def _spans_cover_text(self, _attribute: attrs.Attribute[Any], value: tuple[Span, ...]) -> None:
        # Validators run after every field is set, so self.text is available here.
        if not value:
            return
        joined = "".join(span.text for span in value)
        if joined != self.text:
            raise ValueError(
                f"paragraph spans must join to exactly the paragraph text: {joined!r} != {self.text!r}"
            )


@attrs.frozen(kw_only=True)
class Heading:
    """A heading inside the body (the article title is ``Article.title``, not a block)."""

    type: ClassVar[Literal["heading"]] = "heading"
    #: 1 to 6, as in HTML; sites usually use 2 for crossheads.
    level: int = attrs.field(validator=_level)
    text: str = attrs.field(converter=_text)


@attrs.frozen(kw_only=True)
class Figure:
    """An image with its caption and its credit (copyright holder), each hidden-prefix free."""

    type: ClassVar[Literal["figure"]] = "figure"
    image: Image = attrs.field(validator=attrs.validators.instance_of(Image))
    caption: str | None = attrs.field(default=None, converter=_opt_text)
    credit: str | None = attrs.field(default=None, converter=_opt_text)


@attrs.frozen(kw_only=True)
class Media:
    """An embedded player: ``media_id`` is the provider's id (a BBC vpid, a YouTube id …)."""

    type: ClassVar[Literal["media"]] = "media"
    kind: Literal["video", "audio"] = attrs.field(validator=attrs.validators.in_(("video", "audio")))
    #: Who serves the player (``bbc``, ``youtube`` …), lower-case.
    provider: str | None = attrs.field(default=None, converter=_opt_text)
    media_id: str | None = attrs.field(default=None, converter=_opt_text)
    #: The absolute URL of the player page or iframe.
    embed_url: str | None = attrs.field(default=None, converter=_opt_url)
    poster: Image | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Image))
    )
    caption: str | None = attrs.field(default=None, converter=_opt_text)
    title: str | None = attrs.field(default=None, converter=_opt_text)


@attrs.frozen(kw_only=True)
class RelatedLinks:
    """An in-body list of links, kept at its place in the reading order."""

    type: ClassVar[Literal["related_links"]] = "related_links"
    title: str | None = attrs.field(default=None, converter=_opt_text)
    links: tuple[Link, ...] = attrs.field(default=(), converter=_links)


@attrs.frozen(kw_only=True)
class ListBlock:
    """A list whose items are plain text (a list of links is :class:`RelatedLinks`)."""

    type: ClassVar[Literal["list"]] = "list"
    ordered: bool = attrs.field(default=False, validator=_flag)
    items: tuple[str, ...] = attrs.field(default=(), converter=_strs)


@attrs.frozen(kw_only=True)
class Quote:
    """A block quotation and, when given, who or what it cites."""

    type: ClassVar[Literal["quote"]] = "quote"
    text: str = attrs.field(converter=_text)
    cite: str | None = attrs.field(default=None, converter=_opt_url)


@attrs.frozen(kw_only=True)
class Embed:
    """Third-party content that is neither an image nor a player: a social post (a tweet,
    an Instagram, TikTok or Facebook post …), an interactive graphic, a map.

    ``text`` is the post's own words when the page carries them (the blockquote a social
    embed falls back to); an interactive without a text leaves it None.
    """

    type: ClassVar[Literal["embed"]] = "embed"
    #: Who serves it, lower-case: ``twitter``, ``instagram``, ``tiktok``, ``facebook``,
    #: ``google-maps``, ``datawrapper`` … (the site's own interactives: the site's name).
    provider: str | None = attrs.field(default=None, converter=_opt_text)
    #: The absolute URL of the post or of the graphic (its page or iframe).
    url: str | None = attrs.field(default=None, converter=_opt_text)
    title: str | None = attrs.field(default=None, converter=_opt_text)
    caption: str | None = attrs.field(default=None, converter=_opt_text)
    #: The post's own words, when the page shows them.
    text: str | None = attrs.field(default=None, converter=_opt_text)


Block: TypeAlias = Paragraph | Heading | Figure | Media | RelatedLinks | ListBlock | Quote | Embed
"""Any body block; ``block.type`` names it as in the JSON contract."""

#: Every block class, in the order the contract lists them.
BLOCK_TYPES: tuple[type[Block], ...] = (
    Paragraph,
    Heading,
    Figure,
    Media,
    RelatedLinks,
    ListBlock,
    Quote,
    Embed,
)


def _blocks(items: Iterable[Block]) -> tuple[Block, ...]:
    return _tuple_of(items, BLOCK_TYPES, "a sequence of body blocks")


# --- the article ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Article:
    """One extracted article. Every field is always present; unknown values are None or ().

    Build one with keyword arguments; change one with ``attrs.evolve(article, title=...)``.
    """

    #: The page's URL (the caller's, or the capture envelope's).
    url: str | None = attrs.field(default=None, converter=_opt_url)
    #: ``<link rel=canonical>`` or the site's own canonical URL, absolute.
    canonical_url: str | None = attrs.field(default=None, converter=_opt_url)
    title: str | None = attrs.field(default=None, converter=_opt_text)
    #: BCP 47 tag: ``zh-Hans``, ``zh-Hant``, ``en`` …
    language: str | None = attrs.field(default=None, converter=_opt_text)
    published: datetime | None = attrs.field(default=None, validator=_aware)
    modified: datetime | None = attrs.field(default=None, validator=_aware)
    #: When the page was fetched (the caller's ``retrieved_at`` or the envelope's).
    retrieved: datetime | None = attrs.field(default=None, validator=_aware)
    authors: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    section: str | None = attrs.field(default=None, converter=_opt_text)
    topics: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    summary: str | None = attrs.field(default=None, converter=_opt_text)
    lead_image: Image | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Image))
    )
    #: The body blocks in reading order.
    body: tuple[Block, ...] = attrs.field(default=(), converter=_blocks)
    #: Onward links outside the body (the "related stories" box).
    related: tuple[Link, ...] = attrs.field(default=(), converter=_links)
    #: Name of the extractor that produced this article (set by :func:`newsparse.parse`).
    extractor: str = attrs.field(default="", converter=_text)
    #: Which of the extractor's layouts (site designs) was used.
    layout: str = attrs.field(default="", converter=_text)
    #: What the extractor noticed and skipped, for a human to read.
    warnings: tuple[str, ...] = attrs.field(default=(), converter=_strs)

    # --- views ---------------------------------------------------------------------------

    @property
    def text(self) -> str:
        """Plain text of the body in reading order, one block per line.

        Paragraphs, headings and quotes give their text, lists one line per item.
        Figures, media and link lists carry no running text and are left out (their
        captions are in :attr:`figures` and :attr:`media`; see :meth:`to_text` for a
        rendering that includes them).
        """
        lines: list[str] = []
        for block in self.body:
            if isinstance(block, (Paragraph, Heading, Quote)):
                lines.append(block.text)
            elif isinstance(block, ListBlock):
                lines.extend(block.items)
        return "\n".join(lines)

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """The paragraph blocks, in order."""
        return self._blocks_of(Paragraph)

    @property
    def headings(self) -> tuple[Heading, ...]:
        """The heading blocks, in order."""
        return self._blocks_of(Heading)

    @property
    def figures(self) -> tuple[Figure, ...]:
        """The figure blocks, in order."""
        return self._blocks_of(Figure)

    @property
    def media(self) -> tuple[Media, ...]:
        """The media (video/audio player) blocks, in order."""
        return self._blocks_of(Media)

    @property
    def embeds(self) -> tuple[Embed, ...]:
        """The embed blocks (social posts, interactives, maps), in order."""
        return self._blocks_of(Embed)

    @property
    def related_links(self) -> tuple[RelatedLinks, ...]:
        """The in-body related-link lists, in order (onward links are :attr:`related`)."""
        return self._blocks_of(RelatedLinks)

    @property
    def images(self) -> tuple[Image, ...]:
        """Every image once, by URL: the lead image, then figures and media posters in order."""
        found: dict[str, Image] = {}
        candidates: list[Image | None] = [self.lead_image]
        for block in self.body:
            if isinstance(block, Figure):
                candidates.append(block.image)
            elif isinstance(block, Media):
                candidates.append(block.poster)
        for image in candidates:
            if image is not None and image.url not in found:
                found[image.url] = image
        return tuple(found.values())

    def _blocks_of(self, kind: type[_T]) -> tuple[_T, ...]:
        return tuple(block for block in self.body if isinstance(block, kind))

    # --- wire format and renderings (implemented in serialize/render) ---------------------

    def to_dict(self) -> dict[str, Any]:
        """The article as the JSON contract's dict (every key present, contract order)."""
        from newsparse.serialize import article_to_dict

        return article_to_dict(self)

    def to_json(self, *, indent: int | None = 2, sort_keys: bool = False) -> str:
        """The article as contract JSON; non-ASCII text stays readable.

        ``indent=None`` gives one line, as used for JSON Lines.
        """
        from newsparse.serialize import article_to_json

        return article_to_json(self, indent=indent, sort_keys=sort_keys)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Article:
        """Rebuild an article from :meth:`to_dict` output (or contract JSON loaded).

        Raises :class:`ValueError` (or :class:`TypeError`) naming the offending key when
        ``data`` does not follow the contract.
        """
        from newsparse.serialize import article_from_dict

        return article_from_dict(data)

    @classmethod
    def from_json(cls, text: str | bytes) -> Article:
        """Rebuild an article from contract JSON text."""
        from newsparse.serialize import article_from_json

        return article_from_json(text)

    def to_markdown(self) -> str:
        """The article rendered as Markdown (see :func:`newsparse.render.to_markdown`)."""
        from newsparse.render import to_markdown

        return to_markdown(self)

    def to_text(self) -> str:
        """The article rendered as plain text: title, dates, then the body."""
        from newsparse.render import to_text

        return to_text(self)
