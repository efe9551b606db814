"""Output rules every Article obeys, whatever extractor made it.

:func:`sanitize_article` runs in :func:`newsparse.parse` after every extractor, so no
plugin can let these through:

* Links (paragraph spans, related links, ``Article.related``) never carry a script-capable,
  inline or local scheme: ``javascript:``, ``vbscript:``, ``data:``, ``file:``, ``blob:`` …
  The link is removed; its text stays where it is content.
* Images (figures, the lead image, posters, srcset candidates), players (``Media.embed_url``)
  and embeds (``Embed.url``) are only ``http:``/``https:`` (or relative). Anything else is
  dropped: a figure whose every candidate is unsafe is removed, a media block without
  embed and id too, an embed without URL and without the post's text too.
* ``Article.url`` and ``canonical_url`` are only ``http:``/``https:`` (or relative).
* A quotation's ``cite`` that is an unsafe URL is dropped.
* No URL is longer than :data:`MAX_URL_LENGTH` characters (64 KiB): longer ones are dropped
  like unsafe ones (a 5 MB ``src`` attribute is an attack on whoever stores the output).

The scheme is read the way a browser or a Markdown renderer would read it: first the
browser's own steps (leading and trailing C0 controls and spaces stripped, tab/LF/CR removed;
the model stores every URL in that one-line form, see :mod:`newsparse.urlform`), then, to be
safe against any reader that decodes more, HTML character references (``&#106;``,
``&colon;``) and percent escapes decoded, ASCII whitespace, control characters and
backslashes anywhere removed (``java\\tscript:``, ``javascript\\:`` which Markdown unescapes
to ``javascript:``), case and full-width forms folded (``ＪａｖａＳｃｒｉｐｔ:``). Each removal
adds one warning naming the scheme and what it was on, never the URL itself.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from urllib.parse import unquote

import attrs

from newsparse.model import (
    Article,
    Block,
    Embed,
    Figure,
    Image,
    Link,
    Media,
    Paragraph,
    Quote,
    RelatedLinks,
    Span,
)

__all__ = [
    "BLOCKED_SCHEMES",
    "MAX_URL_LENGTH",
    "is_safe_media_url",
    "is_safe_url",
    "sanitize_article",
    "url_scheme",
]

#: Schemes never emitted anywhere: they run script, inline content or point at local data.
BLOCKED_SCHEMES = frozenset(
    {
        "javascript",
        "vbscript",
        "livescript",
        "mocha",
        "data",
        "file",
        "blob",
        "filesystem",
        "jar",
        "view-source",
    }
)
_MEDIA_SCHEMES = frozenset({"", "http", "https"})
#: Longest URL emitted; browsers themselves stop at 2 MB and most servers at 8 KB.
MAX_URL_LENGTH = 65536

# What browsers drop from a URL before reading its scheme: C0 controls, space, DEL; plus
# the invisible format characters (zero-width space/joiners, BOM, soft hyphen) some
# renderers drop.
_INVISIBLE = re.compile("[\x00-\x20\x7f\\\\\u00ad\u200b-\u200f\u2028\u2029\u2060-\u2064\ufeff]")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


def url_scheme(url: str) -> str:
    """The scheme of ``url`` as a browser would see it, lower-case ("" when relative)."""
    # Fast path for the URLs extractors emit: nothing can hide another scheme behind these.
    # (No browser_form here: the model stores URLs in that form, and the slow path below
    # removes every control character and space anywhere, a superset of the browser's steps.)
    if url.startswith("https://"):
        return "https"
    if url.startswith("http://"):
        return "http"
    if url.startswith(("/", "?", "#")):
        return ""
    text = url
    for _ in range(3):  # references and escapes can be nested ("&amp;#106;", "%2526")
        unfolded = unquote(html.unescape(text))
        if unfolded == text:
            break
        text = unfolded
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).lower()
    text = _INVISIBLE.sub("", text)
    match = _SCHEME.match(text)
    return match.group(1) if match else ""


def is_safe_url(url: str | None) -> bool:
    """True when ``url`` may be emitted as a link: its scheme is not in :data:`BLOCKED_SCHEMES`
    and it is not longer than :data:`MAX_URL_LENGTH`.

    Obfuscated schemes (``java\\tscript:``, ``JaVaScRiPt:``, `` javascript:``,
    ``&#106;avascript:``) are caught too. An empty URL is not safe.
    """
    if not url or len(url) > MAX_URL_LENGTH:
        return False
    return url_scheme(url) not in BLOCKED_SCHEMES


def is_safe_media_url(url: str | None) -> bool:
    """True when ``url`` may be emitted as an image or embed: ``http(s):`` or relative."""
    if not url or len(url) > MAX_URL_LENGTH:
        return False
    return url_scheme(url) in _MEDIA_SCHEMES


class _Dropped:
    """Counts what was removed, for one warning per (scheme, place)."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()

    def add(self, url: str, where: str) -> None:
        if len(url) > MAX_URL_LENGTH:
            self.counts[("oversized", where)] += 1
        else:
            self.counts[(f"unsafe {url_scheme(url) or 'relative'}:", where)] += 1

    def warnings(self) -> list[str]:
        return [f"dropped {count} {what} URL(s) from {where}" for (what, where), count in self.counts.items()]


def _image(image: Image | None, dropped: _Dropped, where: str) -> Image | None:
    if image is None:
        return None
    sources = image.sources
    if not all(is_safe_media_url(source.url) for source in sources):
        for source in sources:
            if not is_safe_media_url(source.url):
                dropped.add(source.url, f"{where} srcset")
        sources = tuple(source for source in sources if is_safe_media_url(source.url))
    if not is_safe_media_url(image.url):
        dropped.add(image.url, where)
        if not sources:
            return None
        best = max(sources, key=lambda s: s.width or 0)
        return attrs.evolve(image, url=best.url, width=best.width, height=None, sources=sources)
    return image if sources is image.sources else attrs.evolve(image, sources=sources)


def _paragraph(block: Paragraph, dropped: _Dropped) -> Paragraph:
    for span in block.spans:
        if span.href is not None and not is_safe_url(span.href):
            break
    else:
        return block
    spans: list[Span] = []
    for span in block.spans:
        if span.href is not None and not is_safe_url(span.href):
            dropped.add(span.href, "links")
            span = attrs.evolve(span, href=None)
        spans.append(span)
    return attrs.evolve(block, spans=tuple(spans))


def _block(block: Block, dropped: _Dropped) -> Block | None:
    if isinstance(block, Paragraph):
        return _paragraph(block, dropped)
    if isinstance(block, Figure):
        image = _image(block.image, dropped, "images")
        if image is None:
            return None
        return block if image is block.image else attrs.evolve(block, image=image)
    if isinstance(block, Media):
        embed = block.embed_url
        if embed is not None and not is_safe_media_url(embed):
            dropped.add(embed, "embeds")
            embed = None
        poster = _image(block.poster, dropped, "posters")
        if embed is None and block.media_id is None:
            return None
        if embed is block.embed_url and poster is block.poster:
            return block
        return attrs.evolve(block, embed_url=embed, poster=poster)
    if isinstance(block, RelatedLinks):
        links = _links(block.links, dropped)
        if not links:
            return None
        return block if len(links) == len(block.links) else attrs.evolve(block, links=links)
    if isinstance(block, Embed) and block.url is not None and not is_safe_media_url(block.url):
        dropped.add(block.url, "embeds")
        return attrs.evolve(block, url=None) if block.text else None
    if isinstance(block, Quote) and block.cite and not is_safe_url(block.cite):
        dropped.add(block.cite, "quotation cites")
        return attrs.evolve(block, cite=None)
    return block


def _links(links: tuple[Link, ...], dropped: _Dropped) -> tuple[Link, ...]:
    kept = []
    for link in links:
        if is_safe_url(link.url):
            kept.append(link)
        else:
            dropped.add(link.url, "links")
    return tuple(kept)


def _page_url(url: str | None, dropped: _Dropped, where: str) -> str | None:
    if url is None or is_safe_media_url(url):
        return url
    dropped.add(url, where)
    return None


def sanitize_article(article: Article) -> Article:
    """``article`` with every unsafe URL removed (see the module docs), and a warning for each kind."""
    dropped = _Dropped()
    body: list[Block] = []
    for block in article.body:
        kept = _block(block, dropped)
        if kept is not None:
            body.append(kept)
    related = _links(article.related, dropped)
    lead = _image(article.lead_image, dropped, "the lead image")
    url = _page_url(article.url, dropped, "the article URL")
    canonical = _page_url(article.canonical_url, dropped, "the canonical URL")
    if not dropped.counts:
        return article
    warnings = list(article.warnings)
    warnings += [w for w in dropped.warnings() if w not in warnings]
    return attrs.evolve(
        article,
        body=tuple(body),
        related=related,
        lead_image=lead,
        url=url,
        canonical_url=canonical,
        warnings=tuple(warnings),
    )
