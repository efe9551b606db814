"""The wire format: Article <-> dict <-> JSON. The only module that knows the contract's keys.

The contract is fixed (``docs/model.md``; :mod:`newsparse.schema` states it as a JSON Schema):
every key is always present, unknown values are ``null`` or ``[]``, datetimes are ISO 8601
with an offset, non-ASCII text is written as is.

Writing is exact. Reading (:func:`article_from_dict`) accepts what writing produces and,
for hand-written input, lets optional keys be missing (they take their empty value). It
refuses what would lose or invent data: unknown keys, unknown block types, wrong types,
naive datetimes. It raises :class:`ContractError` (a :class:`ValueError`) whose message
starts with the path of the bad value (``body[3].image.url: ...``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from newsparse.model import (
    Article,
    Block,
    Embed,
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

__all__ = [
    "ContractError",
    "article_from_dict",
    "article_from_json",
    "article_to_dict",
    "article_to_json",
    "block_from_dict",
    "block_to_dict",
    "image_from_dict",
    "image_to_dict",
]

JsonDict = dict[str, Any]
_M = TypeVar("_M")

# --- writing -------------------------------------------------------------------------------


def _dt(value: datetime | None) -> str | None:
    # The model guarantees an offset, so isoformat() always ends in one (+00:00 for UTC).
    return value.isoformat() if value is not None else None


def image_to_dict(image: Image) -> JsonDict:
    """An image as its contract dict."""
    return {
        "url": image.url,
        "width": image.width,
        "height": image.height,
        "alt": image.alt,
        "sources": [{"url": s.url, "width": s.width} for s in image.sources],
    }


def _opt_image(image: Image | None) -> JsonDict | None:
    return image_to_dict(image) if image is not None else None


def _link(link: Link) -> JsonDict:
    return {"url": link.url, "text": link.text}


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
            "poster": _opt_image(block.poster),
            "caption": block.caption,
            "title": block.title,
        }
    if isinstance(block, RelatedLinks):
        return {"type": block.type, "title": block.title, "links": [_link(x) for x in block.links]}
    if isinstance(block, ListBlock):
        return {"type": block.type, "ordered": block.ordered, "items": list(block.items)}
    if isinstance(block, Quote):
        return {"type": block.type, "text": block.text, "cite": block.cite}
    if isinstance(block, Embed):
        return {
            "type": block.type,
            "provider": block.provider,
            "url": block.url,
            "title": block.title,
            "caption": block.caption,
            "text": block.text,
        }
    raise TypeError(f"not a body block: {block!r}")


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
        "lead_image": _opt_image(article.lead_image),
        "body": [block_to_dict(b) for b in article.body],
        "related": [_link(x) for x in article.related],
        "extractor": article.extractor,
        "layout": article.layout,
        "warnings": list(article.warnings),
    }


def article_to_json(article: Article, *, indent: int | None = 2, sort_keys: bool = False) -> str:
    """Contract JSON; non-ASCII text stays readable (no ``\\u`` escapes).

    ``indent=None`` gives a single line (newlines inside strings are escaped), fit for
    JSON Lines.
    """
    return json.dumps(article_to_dict(article), ensure_ascii=False, indent=indent, sort_keys=sort_keys)


# --- reading -------------------------------------------------------------------------------


class ContractError(ValueError):
    """A dict or JSON document does not follow the output contract; ``path`` names the value."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path or 'article'}: {problem}")
        self.path = path
        self.problem = problem


class _Reader:
    """Reads one JSON object at ``path``; every error names the path of the bad value."""

    def __init__(self, data: object, path: str, keys: tuple[str, ...]) -> None:
        if not isinstance(data, Mapping):
            raise ContractError(path, f"expected an object, got {type(data).__name__}")
        unknown = sorted(str(k) for k in data if k not in keys)
        if unknown:
            raise ContractError(path, f"unknown key(s) {', '.join(map(repr, unknown))}")
        self.data = data
        self.path = path

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def required(self, key: str) -> Any:
        if key not in self.data:
            raise ContractError(self.at(key), "required key is missing")
        return self.data[key]

    def text(self, key: str) -> str:
        value = self.required(key)
        if not isinstance(value, str):
            raise ContractError(self.at(key), f"expected a string, got {value!r}")
        return value

    def opt_text(self, key: str) -> str | None:
        return None if self.data.get(key) is None else self.text(key)

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise ContractError(self.at(key), f"expected true or false, got {value!r}")
        return value

    def opt_int(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ContractError(self.at(key), f"expected an integer, got {value!r}")
        return value

    def items(self, key: str) -> list[Any]:
        value = self.data.get(key, [])
        if not isinstance(value, (list, tuple)):
            raise ContractError(self.at(key), f"expected an array, got {type(value).__name__}")
        return list(value)

    def strs(self, key: str) -> tuple[str, ...]:
        values = self.items(key)
        for i, value in enumerate(values):
            if not isinstance(value, str):
                raise ContractError(f"{self.at(key)}[{i}]", f"expected a string, got {value!r}")
        return tuple(values)

    def datetime(self, key: str) -> datetime | None:
        value = self.opt_text(key)
        if value is None:
            return None
        text = value[:-1] + "+00:00" if value[-1:] in ("Z", "z") else value  # 3.10 lacks "Z"
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise ContractError(self.at(key), f"not an ISO 8601 datetime: {value!r}") from None
        if parsed.utcoffset() is None:
            raise ContractError(self.at(key), f"datetime has no UTC offset: {value!r}")
        return parsed


def _build(path: str, make: Callable[[], _M]) -> _M:
    """Run a model constructor; a validator's complaint becomes a ContractError at ``path``."""
    try:
        return make()
    except ContractError:
        raise
    except (TypeError, ValueError) as exc:
        raise ContractError(path, str(exc)) from exc


def image_from_dict(data: Mapping[str, Any], path: str = "image") -> Image:
    """Rebuild an :class:`Image` from its contract dict."""
    r = _Reader(data, path, ("url", "width", "height", "alt", "sources"))
    sources = tuple(
        _source_from(item, f"{r.at('sources')}[{i}]") for i, item in enumerate(r.items("sources"))
    )
    url, width, height, alt = r.text("url"), r.opt_int("width"), r.opt_int("height"), r.opt_text("alt")
    return _build(path, lambda: Image(url=url, width=width, height=height, alt=alt, sources=sources))


def _source_from(data: object, path: str) -> ImageSource:
    r = _Reader(data, path, ("url", "width"))
    url, width = r.text("url"), r.opt_int("width")
    return _build(path, lambda: ImageSource(url=url, width=width))


def _opt_image_from(r: _Reader, key: str) -> Image | None:
    value = r.data.get(key)
    return None if value is None else image_from_dict(value, r.at(key))


def _link_from(data: object, path: str) -> Link:
    r = _Reader(data, path, ("url", "text"))
    url, text = r.text("url"), r.text("text")
    return _build(path, lambda: Link(url=url, text=text))


def _links_from(r: _Reader, key: str) -> tuple[Link, ...]:
    return tuple(_link_from(item, f"{r.at(key)}[{i}]") for i, item in enumerate(r.items(key)))


def _span_from(data: object, path: str) -> Span:
    r = _Reader(data, path, ("text", "bold", "italic", "href"))
    text, bold, italic, href = r.text("text"), r.flag("bold"), r.flag("italic"), r.opt_text("href")
    return _build(path, lambda: Span(text=text, bold=bold, italic=italic, href=href))


def _paragraph(r: _Reader) -> Paragraph:
    spans = tuple(_span_from(item, f"{r.at('spans')}[{i}]") for i, item in enumerate(r.items("spans")))
    text = r.text("text")
    return _build(r.path, lambda: Paragraph(text=text, spans=spans))


def _heading(r: _Reader) -> Heading:
    level, text = r.required("level"), r.text("text")
    return _build(r.path, lambda: Heading(level=level, text=text))


def _figure(r: _Reader) -> Figure:
    image = image_from_dict(r.required("image"), r.at("image"))
    caption, credit = r.opt_text("caption"), r.opt_text("credit")
    return _build(r.path, lambda: Figure(image=image, caption=caption, credit=credit))


def _media(r: _Reader) -> Media:
    kind = r.required("kind")
    poster = _opt_image_from(r, "poster")
    texts = {key: r.opt_text(key) for key in ("provider", "media_id", "embed_url", "caption", "title")}
    return _build(r.path, lambda: Media(kind=kind, poster=poster, **texts))


def _related_links(r: _Reader) -> RelatedLinks:
    title, links = r.opt_text("title"), _links_from(r, "links")
    return _build(r.path, lambda: RelatedLinks(title=title, links=links))


def _list(r: _Reader) -> ListBlock:
    ordered, items = r.flag("ordered"), r.strs("items")
    return _build(r.path, lambda: ListBlock(ordered=ordered, items=items))


def _quote(r: _Reader) -> Quote:
    text, cite = r.text("text"), r.opt_text("cite")
    return _build(r.path, lambda: Quote(text=text, cite=cite))


def _embed(r: _Reader) -> Embed:
    texts = {key: r.opt_text(key) for key in _EMBED_KEYS}
    return _build(r.path, lambda: Embed(**texts))


_EMBED_KEYS = ("provider", "url", "title", "caption", "text")

#: Block type -> (its keys besides "type", its reader).
_BLOCK_READERS: dict[str, tuple[tuple[str, ...], Callable[[_Reader], Block]]] = {
    "paragraph": (("text", "spans"), _paragraph),
    "heading": (("level", "text"), _heading),
    "figure": (("image", "caption", "credit"), _figure),
    "media": (("kind", "provider", "media_id", "embed_url", "poster", "caption", "title"), _media),
    "related_links": (("title", "links"), _related_links),
    "list": (("ordered", "items"), _list),
    "quote": (("text", "cite"), _quote),
    "embed": (_EMBED_KEYS, _embed),
}


def block_from_dict(data: Mapping[str, Any], path: str = "block") -> Block:
    """Rebuild one block from its contract dict."""
    if not isinstance(data, Mapping):
        raise ContractError(path, f"expected an object, got {type(data).__name__}")
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in _BLOCK_READERS:
        raise ContractError(f"{path}.type", f"unknown block type {kind!r}")
    keys, reader = _BLOCK_READERS[kind]
    return reader(_Reader(data, path, ("type", *keys)))


_ARTICLE_KEYS = (
    "url",
    "canonical_url",
    "title",
    "language",
    "published",
    "modified",
    "retrieved",
    "authors",
    "section",
    "topics",
    "summary",
    "lead_image",
    "body",
    "related",
    "extractor",
    "layout",
    "warnings",
)


def article_from_dict(data: Mapping[str, Any]) -> Article:
    """Rebuild an article from the contract dict (see the module docstring for the rules)."""
    r = _Reader(data, "", _ARTICLE_KEYS)
    return _build(
        "",
        lambda: Article(
            url=r.opt_text("url"),
            canonical_url=r.opt_text("canonical_url"),
            title=r.opt_text("title"),
            language=r.opt_text("language"),
            published=r.datetime("published"),
            modified=r.datetime("modified"),
            retrieved=r.datetime("retrieved"),
            authors=r.strs("authors"),
            section=r.opt_text("section"),
            topics=r.strs("topics"),
            summary=r.opt_text("summary"),
            lead_image=_opt_image_from(r, "lead_image"),
            body=tuple(block_from_dict(b, f"body[{i}]") for i, b in enumerate(r.items("body"))),
            related=_links_from(r, "related"),
            extractor=r.opt_text("extractor") or "",
            layout=r.opt_text("layout") or "",
            warnings=r.strs("warnings"),
        ),
    )


def article_from_json(text: str | bytes) -> Article:
    """Rebuild an article from contract JSON text (one document or one JSON Lines line)."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ContractError("", f"not JSON: {exc}") from exc
    return article_from_dict(data)
