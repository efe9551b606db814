"""Recognising embedded players: which provider, which id, audio or video.

Three shapes are read:

- ``<iframe src>`` / ``<embed src>`` whose URL matches one of :data:`PROVIDERS`
  (YouTube, Vimeo, Dailymotion, BBC ``av-embeds`` and ``/av/embed/`` players,
  SoundCloud, Spotify);
- ``<video>`` / ``<audio>`` elements (``src`` or a ``<source>`` child; provider unknown);
- BBC's Standard Media Player placeholders, which carry the clip as JSON in
  ``data-playable`` (2016–2021 story pages) or ``data-media-meta`` (2014–2016): they are
  how the BBC pages this extractor is tested on carry their videos.

An iframe that matches no player but whose host names a provider of graphics, maps or
social posts (Datawrapper, Flourish, Infogram, ArcGIS, Google Maps, OpenStreetMap, a
social network's embed frame) is an :class:`~newsparse.model.Embed`
(:func:`embed_from_frame`); one that matches nothing (an ad frame) is neither: the caller
skips it and records why.

URLs longer than :data:`MAX_URL` are not matched against the patterns: no real player URL
is that long, and a pattern's work must stay bounded whatever a page puts in ``src``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

import attrs
from lxml.html import HtmlElement

from newsparse.model import Embed, Image, Media
from newsparse.toolkit import absolutize, holders, normalize, unwrap_proxy
from newsparse.toolkit.embeds import EMBED_CLASSES, provider_of

__all__ = [
    "MAX_URL",
    "PROVIDERS",
    "Provider",
    "embed_from_frame",
    "embed_holders",
    "is_embed_code",
    "media_from_element",
    "recognise_url",
]

Kind = Literal["video", "audio"]


@attrs.frozen
class Provider:
    """One embed provider: hosts it serves from and how to find the media id in a URL."""

    name: str
    kind: Kind
    #: Host suffixes (``youtube.com`` also matches ``www.youtube.com``).
    hosts: tuple[str, ...]
    #: Matched against the URL path; group ``id`` is the media id (absent: no id known).
    path: re.Pattern[str]
    #: A query parameter holding the id instead of the path (YouTube's ``watch?v=``).
    query: str | None = None


# BBC programme/version ids ("vpid"): a letter, a digit, then six more of [0-9a-z].
_BBC_PID = r"(?P<id>[a-z][0-9][0-9a-z]{6})"

#: Known players, tried in order; the first whose host and path match wins.
PROVIDERS: tuple[Provider, ...] = (
    Provider(
        "youtube",
        "video",
        ("youtube.com", "youtube-nocookie.com"),
        re.compile(r"/(?:embed|v|shorts)/(?P<id>[\w-]{6,})"),
    ),
    Provider("youtube", "video", ("youtube.com",), re.compile(r"/watch"), query="v"),
    Provider("youtube", "video", ("youtu.be",), re.compile(r"/(?P<id>[\w-]{6,})")),
    Provider("vimeo", "video", ("player.vimeo.com", "vimeo.com"), re.compile(r"/(?:video/)?(?P<id>\d+)")),
    Provider(
        "dailymotion", "video", ("dailymotion.com",), re.compile(r"/(?:embed/)?video/(?P<id>[0-9a-z]+)")
    ),
    Provider("dailymotion", "video", ("dai.ly",), re.compile(r"/(?P<id>[0-9a-z]+)")),
    # BBC player paths start at the root; anchored, each pattern is tried from one place
    # only (unanchored, ".*?" and "[a-z/]*" were retried from every "/" of a long path).
    Provider(
        "bbc", "video", ("bbc.com", "bbc.co.uk"), re.compile(r"^/ws/av-embeds/.*?/" + _BBC_PID + r"(?:/|$)")
    ),
    Provider("bbc", "video", ("bbc.com", "bbc.co.uk"), re.compile(r"^/[a-z/]*av/embed/" + _BBC_PID)),
    Provider("bbc", "video", ("bbc.com", "bbc.co.uk"), re.compile(r"/ws/av-embeds/")),
    Provider("soundcloud", "audio", ("w.soundcloud.com",), re.compile(r"/player"), query="url"),
    Provider(
        "spotify",
        "audio",
        ("open.spotify.com",),
        re.compile(r"/embed/(?:episode|track|show|playlist)/(?P<id>\w+)"),
    ),
)


#: Names of the providers above: a frame of theirs that names no clip is no embed either.
_PLAYER_PROVIDERS = frozenset(provider.name for provider in PROVIDERS)

#: Longer URLs are not matched by pattern (browsers stop near 2,000 characters).
MAX_URL = 2048


@attrs.frozen
class Recognised:
    """What a player URL says about its media."""

    provider: str
    kind: Kind
    media_id: str | None


def _host_matches(host: str, suffixes: tuple[str, ...]) -> bool:
    return any(host == s or host.endswith("." + s) for s in suffixes)


def recognise_url(url: str) -> Recognised | None:
    """The provider, kind and media id of a player URL, or None if no provider matches
    (or the URL is longer than :data:`MAX_URL`)."""
    if len(url) > MAX_URL:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    for provider in PROVIDERS:
        if not _host_matches(host, provider.hosts):
            continue
        match = provider.path.search(parts.path)
        if match is None:
            continue
        media_id = match.groupdict().get("id")
        if provider.query:
            values = parse_qs(parts.query).get(provider.query)
            media_id = values[0] if values else media_id
        return Recognised(provider.name, provider.kind, media_id)
    return None


def _poster(url: str | None, base_url: str | None) -> Image | None:
    absolute = absolutize(url, base_url) if url else None
    return Image(url=unwrap_proxy(absolute)) if absolute else None


def _json_attribute(element: HtmlElement, name: str) -> Mapping[str, Any] | None:
    try:
        data = json.loads(element.get(name) or "")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _from_playable(element: HtmlElement, base_url: str | None) -> Media | None:
    """BBC SMP ``data-playable``: settings.playlistObject holds the title, items and poster."""
    data = _json_attribute(element, "data-playable")
    if data is None:
        return None
    settings = _dict(data.get("settings"))
    playlist = _dict(settings.get("playlistObject"))
    items = playlist.get("items")
    first = _dict(items[0]) if isinstance(items, list) and items else {}
    item_kind = str(first.get("kind", "")).lower()
    kind: Kind = "audio" if "audio" in item_kind or "radio" in item_kind else "video"
    holding = _str(playlist.get("holdingImageURL"))
    # The holding image URL is a template: $recipe stands for a size such as 1024x576.
    poster = _poster(holding.replace("$recipe", "1024x576"), base_url) if holding else None
    title = normalize(_str(playlist.get("title"))).rstrip(".")
    media_id = _str(first.get("vpid"))
    embed = absolutize(_str(settings.get("externalEmbedUrl")), base_url)
    if media_id is None and embed is None:
        return None  # player data without a clip: nothing a reader could play
    return Media(
        kind=kind,
        provider="bbc",
        media_id=media_id,
        embed_url=embed,
        poster=attrs.evolve(poster, width=1024, height=576) if poster else None,
        title=title or None,
    )


def _from_media_meta(element: HtmlElement, base_url: str | None) -> Media | None:
    """BBC SMP ``data-media-meta`` (2014–2016 pages): externalId, caption, image."""
    data = _json_attribute(element, "data-media-meta")
    if data is None:
        return None
    image = _dict(data.get("image"))
    poster = _poster(_str(image.get("href")), base_url)
    if poster is not None:
        width, height = image.get("width"), image.get("height")
        poster = attrs.evolve(
            poster,
            width=width if isinstance(width, int) else None,
            height=height if isinstance(height, int) else None,
            alt=normalize(_str(image.get("altText"))) or None,
        )
    kind: Kind = "audio" if element.get("data-media-type") == "audio" else "video"
    caption = normalize(_str(data.get("caption")))
    if _str(data.get("externalId")) is None:
        return None
    return Media(
        kind=kind,
        provider="bbc",
        media_id=_str(data.get("externalId")),
        poster=poster,
        caption=caption or None,
    )


def _from_tag(element: HtmlElement, base_url: str | None) -> Media | None:
    """A ``<video>``/``<audio>`` element: its source URL, poster, and a provider if known."""
    src = element.get("src")
    if not src:
        for source in element.iter("source"):
            if source.get("src"):
                src = source.get("src")
                break
    url = absolutize(src, base_url) if src else None
    if url is None:
        return None
    kind: Kind = "audio" if element.tag == "audio" else "video"
    known = recognise_url(url)
    return Media(
        kind=known.kind if known else kind,
        provider=known.provider if known else None,
        media_id=known.media_id if known else None,
        embed_url=url,
        poster=_poster(element.get("poster"), base_url),
        title=normalize(element.get("title")) or None,
    )


def _from_frame(element: HtmlElement, base_url: str | None) -> Media | None:
    """An ``<iframe>``/``<embed>`` pointing at a known player."""
    url = _frame_url(element, base_url)
    if url is None:
        return None
    known = recognise_url(url)
    if known is None:
        return None
    return Media(
        kind=known.kind,
        provider=known.provider,
        media_id=known.media_id,
        embed_url=url,
        title=normalize(element.get("title")) or None,
    )


def _frame_url(element: HtmlElement, base_url: str | None) -> str | None:
    src = element.get("src") or element.get("data-src")
    return absolutize(src, base_url) if src and len(src) <= MAX_URL else None


def embed_from_frame(element: HtmlElement, base_url: str | None) -> Embed | None:
    """The :class:`~newsparse.model.Embed` an ``<iframe>``/``<embed>`` stands for when its
    host names a provider of graphics, maps or posts (:func:`~newsparse.toolkit.provider_of`)
    and it is not a player; None otherwise. A social network's plugin frame names the post
    in its ``href`` parameter (Facebook's ``plugins/post.php?href=…``): that is the URL."""
    url = _frame_url(element, base_url)
    provider = provider_of(url)
    if url is None or provider is None or provider in _PLAYER_PROVIDERS or recognise_url(url):
        return None
    named = parse_qs(urlsplit(url).query).get("href", [""])[0]
    post = named if provider_of(named) == provider else url
    return Embed(provider=provider, url=post, title=normalize(element.get("title")) or None)


#: Elements that may be players, as one XPath-able CSS selector.
PLAYER_SELECTOR = "[data-playable], [data-media-meta], iframe, embed, video, audio"


def media_from_element(element: HtmlElement, base_url: str | None) -> Media | None:
    """The :class:`Media` an element stands for, or None when it is not a known player."""
    if element.get("data-playable") is not None:
        return _from_playable(element, base_url)
    if element.get("data-media-meta") is not None:
        return _from_media_meta(element, base_url)
    if element.tag in ("video", "audio"):
        return _from_tag(element, base_url)
    if element.tag in ("iframe", "embed"):
        return _from_frame(element, base_url)
    return None


def embed_holders(root: HtmlElement) -> set[HtmlElement]:
    """The elements under ``root`` (and ``root``) holding an embed: a provider's embed-code
    blockquote or a frame :func:`embed_from_frame` reads."""
    embeds = root.iter("blockquote", "iframe", "embed")
    return holders(
        root,
        (e for e in embeds if is_embed_code(e) or (e.tag != "blockquote" and embed_from_frame(e, None))),
    )


def is_embed_code(element: HtmlElement) -> bool:
    """Is ``element`` a provider's embed-code blockquote (``blockquote.twitter-tweet``,
    ``.instagram-media``, ``.tiktok-embed``, Facebook's ``.fb-xfbml-parse-ignore`` …)?"""
    return element.tag == "blockquote" and any(
        word in EMBED_CLASSES for word in (element.get("class") or "").split()
    )
