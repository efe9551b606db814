"""Output rules every Article obeys, whatever extractor made it.

:func:`sanitize_article` runs in :func:`newsparse.parse` after every extractor, so no
plugin can let these through:

* Links (paragraph spans, related links, ``Article.related``) never carry a script-capable,
  inline or local scheme: ``javascript:``, ``vbscript:``, ``data:``, ``file:``, ``blob:`` …
  The link is removed; its text stays where it is content.
* Images (figures, the lead image, posters, srcset candidates) and embeds (``Media.embed_url``)
  are only ``http:``/``https:`` (or relative). Anything else is dropped: a figure whose
  every candidate is unsafe is removed, a media block without embed and id too.
* ``Article.url`` and ``canonical_url`` are only ``http:``/``https:`` (or relative).
* A quotation's ``cite`` that is an unsafe URL is dropped.
* No URL is longer than :data:`MAX_URL_LENGTH` characters (64 KiB): longer ones are dropped
  like unsafe ones (a 5 MB ``src`` attribute is an attack on whoever stores the output).

The scheme is read the way a browser or a Markdown renderer would read it: HTML character
references (``&#106;``, ``&colon;``) and percent escapes decoded, ASCII whitespace and
control characters anywhere removed (``java\\tscript:``), case and full-width forms folded
(``ＪａｖａＳｃｒｉｐｔ:``). Each removal adds one warning naming the scheme and what it was
on, never the URL itself.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from functools import partial
from itertools import repeat
from operator import attrgetter, is_not
from urllib.parse import unquote

import attrs

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
_INVISIBLE = re.compile("[\x00-\x20\x7f\u00ad\u200b-\u200f\u2028\u2029\u2060-\u2064\ufeff]")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


def url_scheme(url: str) -> str:
    """The scheme of ``url`` as a browser would see it, lower-case ("" when relative)."""
    # Fast path for the URLs extractors emit: nothing can hide another scheme behind these.
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
    sources = tuple(s for s in image.sources if is_safe_media_url(s.url))
    for source in image.sources:
        if not is_safe_media_url(source.url):
            dropped.add(source.url, f"{where} srcset")
    if not is_safe_media_url(image.url):
        dropped.add(image.url, where)
        if not sources:
            return None
        best = max(sources, key=lambda s: s.width or 0)
        return attrs.evolve(image, url=best.url, width=best.width, height=None, sources=sources)
    return attrs.evolve(image, sources=sources) if len(sources) != len(image.sources) else image


def _paragraph(block: Paragraph, dropped: _Dropped) -> Paragraph:
    if all(s.href is None or is_safe_url(s.href) for s in block.spans):
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
        return attrs.evolve(block, image=image) if image is not None else None
    if isinstance(block, Media):
        embed = block.embed_url
        if embed is not None and not is_safe_media_url(embed):
            dropped.add(embed, "embeds")
            embed = None
        poster = _image(block.poster, dropped, "posters")
        if embed is None and block.media_id is None:
            return None
        return attrs.evolve(block, embed_url=embed, poster=poster)
    if isinstance(block, RelatedLinks):
        links = _links(block.links, dropped)
        return attrs.evolve(block, links=links) if links else None
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


def _safe_link(url: str) -> bool:
    # An http(s) URL of sane length needs no closer look (the common case).
    return (url.startswith(("https://", "http://")) and len(url) <= MAX_URL_LENGTH) or is_safe_url(url)


def _safe_media(url: str) -> bool:
    return (url.startswith(("https://", "http://")) and len(url) <= MAX_URL_LENGTH) or is_safe_media_url(url)


def _image_is_clean(image: Image | None) -> bool:
    if image is None:
        return True
    if not _safe_media(image.url):
        return False
    return all(_safe_media(source.url) for source in image.sources)


def _links_are_clean(links: tuple[Link, ...]) -> bool:
    return all(_safe_link(link.url) for link in links)


# For the quick test: C-level readers of the URLs.
_URL = attrgetter("url")
_HREF = attrgetter("href")
_NOT_NONE = partial(is_not, None)
_PLAIN_HTTP = ("https://", "http://")


def _all_plain_http(article: Article) -> bool:
    """True when every URL of ``article`` is ``http(s)://…`` of sane length: then nothing
    can be dropped. Gathers the URLs in one pass over the body and tests them together;
    False (ask :func:`_is_clean_exact`) for anything else, subclasses of blocks included."""
    urls: list[str] = []
    hrefs: list[str | None] = []
    figure_images: list[Image] = []
    append = urls.append
    for block in article.body:
        kind = type(block)
        if kind is Paragraph:
            if block.spans:  # type: ignore[union-attr]
                hrefs += map(_HREF, block.spans)  # type: ignore[union-attr]
        elif kind is Heading or kind is ListBlock:
            continue
        elif kind is Figure:
            image = block.image  # type: ignore[union-attr]
            append(image.url)
            urls += map(_URL, image.sources)
            figure_images.append(image)
        elif kind is RelatedLinks:
            urls += map(_URL, block.links)  # type: ignore[union-attr]
        elif kind is Media:
            if block.embed_url is not None:  # type: ignore[union-attr]
                append(block.embed_url)  # type: ignore[union-attr]
            poster = block.poster  # type: ignore[union-attr]
            if poster is not None:
                append(poster.url)
                urls += map(_URL, poster.sources)
        elif kind is Quote:
            if block.cite:  # type: ignore[union-attr]
                append(block.cite)  # type: ignore[union-attr]
        else:
            return False
    if hrefs:
        urls += filter(_NOT_NONE, hrefs)  # type: ignore[arg-type]
    urls += map(_URL, article.related)
    lead = article.lead_image
    # The lead image is usually the first figure's own object, already gathered.
    if lead is not None and not (figure_images and lead is figure_images[0]):
        append(lead.url)
        urls += map(_URL, lead.sources)
    if article.url is not None:
        append(article.url)
    if article.canonical_url is not None:
        append(article.canonical_url)
    return all(map(str.startswith, urls, repeat(_PLAIN_HTTP))) and (
        len("".join(urls)) <= MAX_URL_LENGTH or max(map(len, urls)) <= MAX_URL_LENGTH
    )


def _is_clean(article: Article) -> bool:
    """True when :func:`sanitize_article` would drop nothing (the common case), decided
    without building a single new object."""
    return _all_plain_http(article) or _is_clean_exact(article)


def _is_clean_exact(article: Article) -> bool:
    """:func:`_is_clean` by the same tests as the full pass, URL by URL."""
    for block in article.body:
        if type(block) is Paragraph:  # most blocks: a loop, no generator
            for span in block.spans:
                if span.href is not None and not _safe_link(span.href):
                    return False
        elif type(block) is Heading or type(block) is ListBlock:
            continue
        elif isinstance(block, Paragraph):
            if not all(span.href is None or _safe_link(span.href) for span in block.spans):
                return False
        elif isinstance(block, Figure):
            if not _image_is_clean(block.image):
                return False
        elif isinstance(block, Media):
            if block.embed_url is not None and not _safe_media(block.embed_url):
                return False
            if not _image_is_clean(block.poster):
                return False
        elif isinstance(block, RelatedLinks):
            if not _links_are_clean(block.links):
                return False
        elif isinstance(block, Quote) and block.cite and not is_safe_url(block.cite):
            return False
    if not (_links_are_clean(article.related) and _image_is_clean(article.lead_image)):
        return False
    return all(url is None or is_safe_media_url(url) for url in (article.url, article.canonical_url))


def sanitize_article(article: Article) -> Article:
    """``article`` with every unsafe URL removed (see the module docs), and a warning for each kind."""
    return article if _is_clean(article) else _sanitized(article)


def _sanitized(article: Article) -> Article:
    dropped = _Dropped()
    body = tuple(b for b in (_block(b, dropped) for b in article.body) if b is not None)
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
        body=body,
        related=related,
        lead_image=lead,
        url=url,
        canonical_url=canonical,
        warnings=tuple(warnings),
    )
