"""Output rules every Article obeys, whatever extractor made it.

No URL with a script-capable or inline scheme (``javascript:``, ``vbscript:``, ``data:``)
ever leaves newsparse as a link, image or embed: such links are dropped (their text kept
where it is content), such images and embeds removed, each with a warning.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import attrs

from newsparse.model import (
    Article,
    Block,
    Figure,
    Image,
    Link,
    Media,
    Paragraph,
    RelatedLinks,
    Span,
)

__all__ = ["is_safe_url", "sanitize_article"]

_UNSAFE_SCHEMES = frozenset({"javascript", "vbscript", "data", "file", "livescript", "mocha"})


def is_safe_url(url: str | None) -> bool:
    """True for URLs that may be emitted: not ``javascript:``/``vbscript:``/``data:``/``file:``.

    Control characters and whitespace inside the scheme (``java\\tscript:``) are ignored the
    way browsers ignore them, so obfuscated schemes are caught too.
    """
    if not url:
        return False
    squeezed = "".join(ch for ch in url if ch > " " and ch != "\x7f")
    try:
        scheme = urlsplit(squeezed).scheme.lower()
    except ValueError:
        return False
    return scheme not in _UNSAFE_SCHEMES


def _image(image: Image | None, dropped: list[str]) -> Image | None:
    if image is None:
        return None
    sources = tuple(s for s in image.sources if is_safe_url(s.url))
    if not is_safe_url(image.url):
        if not sources:
            dropped.append(image.url)
            return None
        best = max(sources, key=lambda s: s.width or 0)
        return attrs.evolve(image, url=best.url, sources=sources)
    return attrs.evolve(image, sources=sources) if len(sources) != len(image.sources) else image


def _block(block: Block, dropped: list[str]) -> Block | None:
    if isinstance(block, Paragraph) and any(s.href and not is_safe_url(s.href) for s in block.spans):
        spans = tuple(
            Span(text=s.text, bold=s.bold, italic=s.italic, href=None)
            if s.href and not is_safe_url(s.href)
            else s
            for s in block.spans
        )
        dropped.extend(s.href or "" for s in block.spans if s.href and not is_safe_url(s.href))
        return attrs.evolve(block, spans=spans)
    if isinstance(block, Figure):
        image = _image(block.image, dropped)
        return attrs.evolve(block, image=image) if image is not None else None
    if isinstance(block, Media):
        embed = block.embed_url
        if embed is not None and not is_safe_url(embed):
            dropped.append(embed)
            embed = None
        poster = _image(block.poster, dropped)
        if embed is None and block.media_id is None:
            return None
        return attrs.evolve(block, embed_url=embed, poster=poster)
    if isinstance(block, RelatedLinks):
        links = _links(block.links, dropped)
        return attrs.evolve(block, links=links) if links else None
    return block


def _links(links: tuple[Link, ...], dropped: list[str]) -> tuple[Link, ...]:
    kept = tuple(link for link in links if is_safe_url(link.url))
    dropped.extend(link.url for link in links if not is_safe_url(link.url))
    return kept


def sanitize_article(article: Article) -> Article:
    """Drop unsafe URLs from every link, image and embed of ``article`` (with warnings)."""
    dropped: list[str] = []
    body = tuple(b for b in (_block(b, dropped) for b in article.body) if b is not None)
    related = _links(article.related, dropped)
    lead = _image(article.lead_image, dropped)
    url = article.url if is_safe_url(article.url) else None
    canonical = article.canonical_url if is_safe_url(article.canonical_url) else None
    if not dropped and url == article.url and canonical == article.canonical_url:
        return article
    warnings = list(article.warnings)
    for bad in dropped:
        warnings.append(f"dropped unsafe URL {bad[:60]!r}")
    return attrs.evolve(
        article,
        body=body,
        related=related,
        lead_image=lead,
        url=url,
        canonical_url=canonical,
        warnings=tuple(dict.fromkeys(warnings)),
    )
