"""Embeds: social posts, interactive graphics and maps as :class:`~newsparse.model.Embed`.

Sites place third-party content the same few ways, whatever the site: the provider's
embed code, a ``<blockquote>`` holding the post (its words in ``<p>`` elements, a
permalink) that the provider's script later replaces — ``blockquote.twitter-tweet``,
``blockquote.instagram-media``, ``blockquote.tiktok-embed``, Facebook's
``blockquote.fb-xfbml-parse-ignore`` — or an ``<iframe>`` (maps, charts, interactives).
These helpers read those shapes; which element is an embed is the extractor's call.

A video player (YouTube, Vimeo …) is a :class:`~newsparse.model.Media` block, not an
embed: :func:`provider_of` names the provider either way.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml.html import HtmlElement

from newsparse.model import Embed
from newsparse.toolkit.text import normalize
from newsparse.toolkit.urls import absolutize

__all__ = ["EMBED_CLASSES", "embed_from_blockquote", "post_text", "provider_of", "without_tracking"]

#: Class names of the blockquotes providers' embed codes use, and who they name.
EMBED_CLASSES: dict[str, str] = {
    "twitter-tweet": "twitter",
    "twitter-video": "twitter",
    "instagram-media": "instagram",
    "tiktok-embed": "tiktok",
    "fb-xfbml-parse-ignore": "facebook",
    "reddit-embed-bq": "reddit",
    "bluesky-embed": "bluesky",
    "text-post-media": "threads",
}

# Host (or a parent domain of it) -> provider, for URLs of posts, players and graphics.
_HOSTS: dict[str, str] = {
    "twitter.com": "twitter",
    "x.com": "twitter",
    "t.co": "twitter",
    "instagram.com": "instagram",
    "tiktok.com": "tiktok",
    "facebook.com": "facebook",
    "fb.watch": "facebook",
    "threads.net": "threads",
    "bsky.app": "bluesky",
    "reddit.com": "reddit",
    "youtube.com": "youtube",
    "youtube-nocookie.com": "youtube",
    "youtu.be": "youtube",
    "vimeo.com": "vimeo",
    "soundcloud.com": "soundcloud",
    "spotify.com": "spotify",
    "datawrapper.dwcdn.net": "datawrapper",
    "datawrapper.de": "datawrapper",
    "flourish.studio": "flourish",
    "infogram.com": "infogram",
    "e.infogram.com": "infogram",
    "arcgis.com": "arcgis",
    "openstreetmap.org": "openstreetmap",
    "umap.openstreetmap.fr": "umap",
}
_GOOGLE_MAPS = re.compile(r"^(maps\.)?google\.[a-z.]+$")

# Query parameters that only say where a link was shared from.
_TRACKING = re.compile(r"^(utm_\w+|ref_src|ref_url|ig_rid|igsh\w*|refer|embed_from)$", re.IGNORECASE)


def provider_of(url: str | None) -> str | None:
    """Who serves ``url``, lower-case (``twitter``, ``instagram``, ``youtube``,
    ``google-maps``, ``datawrapper`` …), from its host; None when unknown."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    if _GOOGLE_MAPS.match(host) and (host.startswith("maps.") or parts.path.startswith("/maps")):
        return "google-maps"
    labels = host.split(".")
    for start in range(len(labels) - 1):
        provider = _HOSTS.get(".".join(labels[start:]))
        if provider is not None:
            return provider
    return None


def without_tracking(url: str) -> str:
    """``url`` without the share-tracking query parameters (``utm_*``, ``ref_src``,
    ``igsh``, ``ig_rid`` …) that embed codes add to permalinks."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.query:
        return url
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    return urlunsplit(parts._replace(query=urlencode(kept)))


def post_text(blockquote: HtmlElement, provider: str | None = None) -> str | None:
    """The post's own words in an embed-code blockquote: its paragraphs' text, joined.

    A paragraph that is nothing but one link naming the provider ("View this post on
    Instagram", "© 2020 Instagram") is the provider's permalink line and is left out (a
    link-only caption, as Instagram writes them, stays); a blockquote without paragraphs
    gives its text up to the attribution ("— Name (@handle) date"). None when nothing is
    left (the page carries only a placeholder). ``provider`` defaults to the one the
    blockquote's class names.
    """
    provider = provider or _named_provider(blockquote)
    paragraphs = list(blockquote.iter("p"))
    words = [_paragraph_words(p, provider) for p in paragraphs]
    text = normalize(" ".join(w for w in words if w))
    if not text and not paragraphs:
        text = normalize((blockquote.text or "").split("—")[0])
    return text or None


def _named_provider(blockquote: HtmlElement) -> str | None:
    classes = (blockquote.get("class") or "").split()
    return next((EMBED_CLASSES[c] for c in classes if c in EMBED_CLASSES), None)


def _paragraph_words(paragraph: HtmlElement, provider: str | None) -> str:
    text = normalize(paragraph.text_content())
    links = list(paragraph.iter("a"))
    permalink_line = len(links) == 1 and normalize(links[0].text_content()) == text
    return "" if provider and permalink_line and provider in text.lower() else text


def _permalink(blockquote: HtmlElement) -> str | None:
    """The post's URL as the embed code states it: ``cite``, Instagram's permalink
    attribute, else the last link (Twitter's date link)."""
    for name in ("cite", "data-instgrm-permalink", "data-href"):
        value = blockquote.get(name)
        if value:
            return str(value)
    links = [str(a.get("href")) for a in blockquote.iter("a") if a.get("href")]
    return links[-1] if links else None


def embed_from_blockquote(
    blockquote: HtmlElement,
    *,
    base_url: str | None = None,
    provider: str | None = None,
    url: str | None = None,
    caption: str | None = None,
) -> Embed:
    """An :class:`~newsparse.model.Embed` from a provider's embed-code blockquote.

    ``provider`` defaults to the one its class names (:data:`EMBED_CLASSES`), else the
    one its permalink's host names; ``url`` to its permalink (``cite``, Instagram's
    ``data-instgrm-permalink``, else the last link), made absolute and freed of
    share-tracking parameters; ``text`` is :func:`post_text`.
    """
    permalink = absolutize(url or _permalink(blockquote), base_url)
    if permalink is not None:
        permalink = without_tracking(permalink)
    provider = provider or _named_provider(blockquote) or provider_of(permalink)
    return Embed(provider=provider, url=permalink, caption=caption, text=post_text(blockquote, provider))
