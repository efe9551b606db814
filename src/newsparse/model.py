"""The document model: an Article and the blocks of its body.

All classes are frozen, slotted and keyword-only; sequences are tuples (lists given to a
constructor are converted). Datetimes must carry a time zone. The wire format lives in
:mod:`newsparse.serialize`; these classes only hold data and offer read-only views.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, ClassVar, Literal, TypeAlias, TypeVar

import attrs

__all__ = [
    "Article",
    "Block",
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


def _aware(_instance: object, attribute: attrs.Attribute[Any], value: datetime | None) -> None:
    """Refuse naive datetimes: a news date without a zone is a guess nobody can check."""
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{attribute.name} must be timezone-aware, got naive {value.isoformat()}")


# Typed converters, one per element type so type checkers see real parameter types:
# constructors accept any iterable and store a tuple.


def _strs(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


@attrs.frozen(kw_only=True)
class Span:
    """A run of paragraph text with one formatting; ``href`` is set inside a link."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


def _spans(items: Iterable[Span]) -> tuple[Span, ...]:
    return tuple(items)


@attrs.frozen(kw_only=True)
class Link:
    """A hyperlink: absolute ``url`` and its visible ``text``."""

    url: str
    text: str


def _links(items: Iterable[Link]) -> tuple[Link, ...]:
    return tuple(items)


@attrs.frozen(kw_only=True)
class ImageSource:
    """One candidate of an image's srcset; ``width`` is the ``w`` descriptor when given."""

    url: str
    width: int | None = None


def _sources(items: Iterable[ImageSource]) -> tuple[ImageSource, ...]:
    return tuple(items)


@attrs.frozen(kw_only=True)
class Image:
    """An image. ``url`` is the best (largest) real URL, unwrapped from image proxies."""

    url: str
    width: int | None = None
    height: int | None = None
    alt: str | None = None
    sources: tuple[ImageSource, ...] = attrs.field(default=(), converter=_sources)


@attrs.frozen(kw_only=True)
class Paragraph:
    """A paragraph. When ``spans`` is non-empty their texts joined equal ``text``."""

    type: ClassVar[str] = "paragraph"
    text: str
    spans: tuple[Span, ...] = attrs.field(default=(), converter=_spans)

    @spans.validator
    def _spans_cover_text(self, _attribute: attrs.Attribute[Any], value: tuple[Span, ...]) -> None:
        if value and "".join(span.text for span in value) != self.text:
            raise ValueError("paragraph spans must join to exactly the paragraph text")


@attrs.frozen(kw_only=True)
class Heading:
    """A heading inside the body (the article title is ``Article.title``, not a block)."""

    type: ClassVar[str] = "heading"
    level: int = attrs.field(validator=attrs.validators.in_(range(1, 7)))
    text: str


@attrs.frozen(kw_only=True)
class Figure:
    """An image with its caption and its credit (copyright holder), each hidden-prefix free."""

    type: ClassVar[str] = "figure"
    image: Image
    caption: str | None = None
    credit: str | None = None


@attrs.frozen(kw_only=True)
class Media:
    """An embedded player: ``media_id`` is the provider's id (a BBC vpid, a YouTube id …)."""

    type: ClassVar[str] = "media"
    kind: Literal["video", "audio"] = attrs.field(validator=attrs.validators.in_(("video", "audio")))
    provider: str | None = None
    media_id: str | None = None
    embed_url: str | None = None
    poster: Image | None = None
    caption: str | None = None
    title: str | None = None


@attrs.frozen(kw_only=True)
class RelatedLinks:
    """An in-body list of links, kept at its place in the reading order."""

    type: ClassVar[str] = "related_links"
    title: str | None = None
    links: tuple[Link, ...] = attrs.field(default=(), converter=_links)


@attrs.frozen(kw_only=True)
class ListBlock:
    """A list whose items are plain text (a list of links is :class:`RelatedLinks`)."""

    type: ClassVar[str] = "list"
    ordered: bool = False
    items: tuple[str, ...] = attrs.field(default=(), converter=_strs)


@attrs.frozen(kw_only=True)
class Quote:
    """A block quotation and, when given, who or what it cites."""

    type: ClassVar[str] = "quote"
    text: str
    cite: str | None = None


Block: TypeAlias = Paragraph | Heading | Figure | Media | RelatedLinks | ListBlock | Quote
"""Any body block; ``block.type`` names it as in the JSON contract."""


def _blocks(items: Iterable[Block]) -> tuple[Block, ...]:
    return tuple(items)


BLOCK_TYPES: tuple[type[Block], ...] = (
    Paragraph,
    Heading,
    Figure,
    Media,
    RelatedLinks,
    ListBlock,
    Quote,
)


@attrs.frozen(kw_only=True)
class Article:
    """One extracted article. Every field is always present; unknown values are None or ()."""

    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    language: str | None = None
    published: datetime | None = attrs.field(default=None, validator=_aware)
    modified: datetime | None = attrs.field(default=None, validator=_aware)
    retrieved: datetime | None = attrs.field(default=None, validator=_aware)
    authors: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    section: str | None = None
    topics: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    summary: str | None = None
    lead_image: Image | None = None
    body: tuple[Block, ...] = attrs.field(default=(), converter=_blocks)
    related: tuple[Link, ...] = attrs.field(default=(), converter=_links)
    extractor: str = ""
    layout: str = ""
    warnings: tuple[str, ...] = attrs.field(default=(), converter=_strs)

    @property
    def text(self) -> str:
        """Plain text of the body in reading order: headings and paragraphs, one per line."""
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
    def related_links(self) -> tuple[RelatedLinks, ...]:
        """The in-body related-link lists, in order (onward links are ``related``)."""
        return self._blocks_of(RelatedLinks)

    def _blocks_of(self, kind: type[_T]) -> tuple[_T, ...]:
        return tuple(block for block in self.body if isinstance(block, kind))

    def to_dict(self) -> dict[str, Any]:
        """The article as the JSON contract's dict (every key present)."""
        from newsparse.serialize import article_to_dict

        return article_to_dict(self)

    def to_json(self, *, indent: int | None = 2, sort_keys: bool = False) -> str:
        """The article as contract JSON, UTF-8 text with non-ASCII kept readable."""
        from newsparse.serialize import article_to_json

        return article_to_json(self, indent=indent, sort_keys=sort_keys)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an article from :meth:`to_dict` output (or contract JSON loaded)."""
        from newsparse.serialize import article_from_dict

        return article_from_dict(data)

    def to_markdown(self) -> str:
        """The article rendered as Markdown."""
        from newsparse.render import to_markdown

        return to_markdown(self)

    def to_text(self) -> str:
        """The article rendered as plain text: title, dates, then the body."""
        from newsparse.render import to_text

        return to_text(self)
