"""The wire format: Article <-> dict <-> JSON. The only module that knows the contract's keys.

The contract is fixed (see ``docs/model.md``): every key is always present, unknown values
are ``null`` or ``[]``, datetimes are ISO 8601 with an offset.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

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
    Quote,
    RelatedLinks,
    Span,
)

__all__ = ["article_from_dict", "article_to_dict", "article_to_json", "block_from_dict", "block_to_dict"]

JsonDict = dict[str, Any]


def _dt(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None


def image_to_dict(image: Image) -> JsonDict:
    return {
        "url": image.url,
        "width": image.width,
        "height": image.height,
        "alt": image.alt,
        "sources": [{"url": s.url, "width": s.width} for s in image.sources],
    }


def _image_from(data: Mapping[str, Any] | None) -> Image | None:
    if data is None:
        return None
    return Image(
        url=data["url"],
        width=data.get("width"),
        height=data.get("height"),
        alt=data.get("alt"),
        sources=tuple(ImageSource(url=s["url"], width=s.get("width")) for s in data.get("sources", ())),
    )


def _link(link: Link) -> JsonDict:
    return {"url": link.url, "text": link.text}


def _link_from(data: Mapping[str, Any]) -> Link:
    return Link(url=data["url"], text=data["text"])


def block_to_dict(block: Block) -> JsonDict:
    """One body block as its contract dict, ``type`` first."""
    if isinstance(block, Paragraph):
        spans = [{"text": s.text, "bold": s.bold, "italic": s.italic, "href": s.href} for s in block.spans]
        return {"type": block.type, "text": block.text, "spans": spans}
    if isinstance(block, Heading):
        return {"type": block.type, "level": block.level, "text": block.text}
    if isinstance(block, Figure):
        return {
            "type": block.type,
            "image": image_to_dict(block.image),
            "caption": block.caption,
            "credit": block.credit,
        }
    if isinstance(block, Media):
        return {
            "type": block.type,
            "kind": block.kind,
            "provider": block.provider,
            "media_id": block.media_id,
            "embed_url": block.embed_url,
            "poster": image_to_dict(block.poster) if block.poster else None,
            "caption": block.caption,
            "title": block.title,
        }
    if isinstance(block, RelatedLinks):
        return {"type": block.type, "title": block.title, "links": [_link(x) for x in block.links]}
    if isinstance(block, ListBlock):
        return {"type": block.type, "ordered": block.ordered, "items": list(block.items)}
    if isinstance(block, Quote):
        return {"type": block.type, "text": block.text, "cite": block.cite}
    raise TypeError(f"not a body block: {block!r}")


def _paragraph(d: Mapping[str, Any]) -> Paragraph:
    spans = tuple(
        Span(text=s["text"], bold=s.get("bold", False), italic=s.get("italic", False), href=s.get("href"))
        for s in d.get("spans", ())
    )
    return Paragraph(text=d["text"], spans=spans)


def _figure(d: Mapping[str, Any]) -> Figure:
    image = _image_from(d["image"])
    if image is None:
        raise ValueError("a figure needs an image")
    return Figure(image=image, caption=d.get("caption"), credit=d.get("credit"))


_BLOCK_READERS: dict[str, Callable[[Mapping[str, Any]], Block]] = {
    "paragraph": _paragraph,
    "heading": lambda d: Heading(level=d["level"], text=d["text"]),
    "figure": _figure,
    "media": lambda d: Media(
        kind=d["kind"],
        provider=d.get("provider"),
        media_id=d.get("media_id"),
        embed_url=d.get("embed_url"),
        poster=_image_from(d.get("poster")),
        caption=d.get("caption"),
        title=d.get("title"),
    ),
    "related_links": lambda d: RelatedLinks(
        title=d.get("title"), links=tuple(_link_from(x) for x in d.get("links", ()))
    ),
    "list": lambda d: ListBlock(ordered=d.get("ordered", False), items=tuple(d.get("items", ()))),
    "quote": lambda d: Quote(text=d["text"], cite=d.get("cite")),
}


def block_from_dict(data: Mapping[str, Any]) -> Block:
    """Rebuild one block from its contract dict."""
    try:
        reader = _BLOCK_READERS[data["type"]]
    except KeyError:
        raise ValueError(f"unknown block type {data.get('type')!r}") from None
    return reader(data)


def article_to_dict(article: Article) -> JsonDict:
    """The article as the contract dict, keys in contract order."""
    return {
        "url": article.url,
        "canonical_url": article.canonical_url,
        "title": article.title,
        "language": article.language,
        "published": _dt(article.published),
        "modified": _dt(article.modified),
        "retrieved": _dt(article.retrieved),
        "authors": list(article.authors),
        "section": article.section,
        "topics": list(article.topics),
        "summary": article.summary,
        "lead_image": image_to_dict(article.lead_image) if article.lead_image else None,
        "body": [block_to_dict(b) for b in article.body],
        "related": [_link(x) for x in article.related],
        "extractor": article.extractor,
        "layout": article.layout,
        "warnings": list(article.warnings),
    }


def article_from_dict(data: Mapping[str, Any]) -> Article:
    """Rebuild an article from the contract dict."""
    return Article(
        url=data.get("url"),
        canonical_url=data.get("canonical_url"),
        title=data.get("title"),
        language=data.get("language"),
        published=_parse_dt(data.get("published")),
        modified=_parse_dt(data.get("modified")),
        retrieved=_parse_dt(data.get("retrieved")),
        authors=tuple(data.get("authors", ())),
        section=data.get("section"),
        topics=tuple(data.get("topics", ())),
        summary=data.get("summary"),
        lead_image=_image_from(data.get("lead_image")),
        body=tuple(block_from_dict(b) for b in data.get("body", ())),
        related=tuple(_link_from(x) for x in data.get("related", ())),
        extractor=data.get("extractor", ""),
        layout=data.get("layout", ""),
        warnings=tuple(data.get("warnings", ())),
    )


def article_to_json(article: Article, *, indent: int | None = 2, sort_keys: bool = False) -> str:
    """Contract JSON; non-ASCII text stays readable (no ``\\u`` escapes)."""
    return json.dumps(article_to_dict(article), ensure_ascii=False, indent=indent, sort_keys=sort_keys)
