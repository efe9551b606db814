"""Helpers every BBC World Service layout shares.

What each layout needs the same way, whatever it reads (BBC's JSON, Simorgh markup or
the pre-Simorgh templates): which site and variant a page belongs to (:class:`Site`) and,
through it, that site's strings for hidden-prefix cleaning, player fallbacks and dates;
BBC's AV-embed URLs and media ids; the brand suffix of titles. Site knowledge is data in
:mod:`.services_data`; generic mechanics come from :mod:`newsparse.toolkit`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timezone
from functools import cache
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

import attrs

from newsparse.extractors.bbc.relative import relative_offset
from newsparse.extractors.bbc.service import (
    SERVICES,
    Service,
    Strings,
    Variant,
    fold,
    service_by_id,
    service_of_url,
    strings_for,
    unfolded_index,
    variant_in_url,
    variant_of_language,
)
from newsparse.model import Embed, Image, Media
from newsparse.toolkit import normalize, parse_relative, resolve_date, strip_prefixes
from newsparse.toolkit.embeds import embed_from_blockquote, provider_of

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from newsparse.extractor import Context
    from newsparse.page import Page

__all__ = [
    "AV_EMBED_HOST",
    "Site",
    "av_embed_url",
    "first_text",
    "is_av_embed",
    "looks_like_bbc",
    "normalize_language",
    "section_of_title",
    "site_of_page",
    "social_block",
    "strip_site_suffix",
    "vpid_of",
]

#: Where BBC serves its embeddable players (``/ws/av-embeds/…``).
AV_EMBED_HOST = "https://www.bbc.com"

# BBC programme/version ids (vpids) use digits and consonants only, 8 to 15 characters
# (p0b4g7w8, w172xf3r5x8hw4v). Optimo article ids contain an "o", so never match.
_PID = re.compile(r"^[b-df-hj-np-tv-z][0-9b-df-hj-np-tv-z]{7,14}$")
_AV_EMBED_PATH = re.compile(r"/ws/av-embeds/")
_LANGUAGE_SUBTAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")

# Any fixed moment serves to ask "is this text relative?": only a match matters.
_PROBE = datetime(2000, 1, 1, tzinfo=timezone.utc)


def normalize_language(tag: str | None) -> str | None:
    """A language tag in BCP 47 casing: ``zh-hans`` -> ``zh-Hans``, ``sr-latn`` -> ``sr-Latn``."""
    if not tag or not _LANGUAGE_SUBTAG.match(tag.strip()):
        return None
    parts = tag.strip().replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


# --- the site of a page ---------------------------------------------------------------------


@attrs.frozen
class Site:
    """The BBC site and variant of one page, and the strings its pages show.

    ``service`` is None for a page whose site is unknown (a capture without URL or
    links): the strings are then those of every site.
    """

    service: Service | None
    variant: Variant | None
    declared_language: str | None = None
    #: The site's strings, looked up once: the walks ask about them for every paragraph.
    strings: Strings = attrs.field(init=False, eq=False, repr=False)

    @strings.default
    def _strings_of_site(self) -> Strings:
        return strings_for(self.service.id if self.service is not None else None)

    @property
    def language(self) -> str | None:
        """BCP 47: the variant's language, else the one the page declares."""
        if self.variant is not None:
            return normalize_language(self.variant.lang)
        return normalize_language(self.declared_language)

    @property
    def embed_language(self) -> str:
        """The language segment BBC ends its embed URLs with (``zh-hans``, ``ar``)."""
        if self.variant is not None:
            return self.variant.lang.lower()
        if self.service is not None:
            return self.service.default.lang.lower()
        return (self.declared_language or "en-gb").lower()

    # --- text -------------------------------------------------------------------------------

    def clean_caption(self, text: str | None) -> str | None:
        """An image caption without its hidden prefix; None if empty."""
        return _without_prefix(text, self.strings.caption_prefixes) or None

    def clean_credit(self, text: str | None) -> str | None:
        """An image credit without its hidden prefix; None if empty."""
        return _without_prefix(text, self.strings.credit_prefixes) or None

    def clean_media_caption(self, text: str | None) -> str | None:
        """A player caption without its hidden prefix or fallback text; None if empty."""
        cleaned = _without_prefix(text, self.strings.media_caption_prefixes)
        for fallback in self.strings.folded_fallbacks:
            if fallback in fold(cleaned):  # (folding loses ZWNJ only where a fallback is cut)
                cleaned = fold(cleaned).replace(fallback, "")
        cleaned = normalize(cleaned)
        return cleaned if cleaned.strip("。. ") else None

    def is_fallback_text(self, text: str | None) -> bool:
        """True when ``text`` is (only) a player's fallback message, never content."""
        strings = self.strings
        if not text or len(text) > strings.longest_fallback:
            return False
        if text.lstrip()[:1] not in strings.fallback_starts:
            return False  # (most texts: decided by their first character)
        return fold(normalize(text)).rstrip("。.") in strings.fallback_set

    def strip_updated_prefix(self, text: str) -> str:
        return strip_prefixes(fold(text), self.strings.updated_prefixes)

    def is_updated_text(self, text: str) -> bool:
        """True when a visible time starts with the site's "updated" prefix."""
        return fold(normalize(text)).startswith(self.strings.updated_starts)

    def media_kind(self, *hints: str | None) -> Literal["video", "audio"]:
        """``"audio"`` when a hint (player title, caption prefix, type label) says audio.

        A hint that is one of the site's video caption prefixes says video even when it
        reads like audio (BBC Chinese's traditional config labels video captions 音頻加註文字).
        """
        video_prefixes, audio_words = _media_words(self.service.id if self.service is not None else None)
        for hint in hints:
            text = fold(normalize(hint)).lower()
            if not text or text.strip(" ,，،") in video_prefixes:
                continue
            if "audio" in text or any(word in text for word in audio_words):
                return "audio"
        return "video"

    # --- dates ------------------------------------------------------------------------------

    def relative_instant(self, text: str, retrieved_at: datetime) -> datetime | None:
        """A relative time in the site's words (or Chinese/English) resolved against
        ``retrieved_at``, else None."""
        found = parse_relative(text, retrieved_at)
        if found is not None:
            return found
        for locale in self.strings.locales if self.service is not None else ():
            offset = relative_offset(text, locale)
            if offset is not None:
                try:
                    return retrieved_at - offset
                except OverflowError:  # before year 1: no date
                    return None
        return None

    def is_relative_text(self, text: str | None) -> bool:
        return bool(text) and self.relative_instant(text or "", _PROBE) is not None

    def resolve_time(
        self,
        attribute: str | None,
        text: str | None,
        retrieved_at: datetime | None,
        *,
        field: str,
        context: Context,
    ) -> datetime | None:
        """Resolve a ``<time datetime>`` and its visible text into one tz-aware datetime.

        A full timestamp is taken as is; a relative text (in the site's words) is resolved
        against ``retrieved_at`` and accepted when it falls within a day of the attribute's
        date; otherwise only the day is known: midnight UTC of that day (BBC dates its
        pages in GMT) and a warning says so.
        """
        shown = self.strip_updated_prefix(text or "")
        relative = self.is_relative_text(shown)
        if relative and retrieved_at is None:
            context.warn(f"{field}: relative time {shown!r} cannot be resolved without the retrieval time")
        if relative and retrieved_at is not None and parse_relative(shown, retrieved_at) is None:
            # The site's own words (not the toolkit's Chinese/English): resolved here.
            instant = self.relative_instant(shown, retrieved_at)
            day = _day_of(attribute)
            if instant is not None and (day is None or abs((instant.date() - day).days) <= 1):
                context.decide("date", f"{field} = {instant.isoformat()} (relative text and retrieval time)")
                return instant
        resolved = resolve_date(attribute, shown or None, retrieved_at, default_tz=timezone.utc)
        if resolved is None:
            return None
        if resolved.precision == "day":
            if relative and retrieved_at is not None:
                context.warn(
                    f"{field}: relative time {shown!r} does not fall on the datetime attribute's day"
                )
            day_text = resolved.value.date().isoformat()
            context.warn(f"{field}: only the day is known ({day_text}); set to 00:00 UTC")
        context.decide("date", f"{field} = {resolved.value.isoformat()} ({resolved.how})")
        return resolved.value


@cache
def _media_words(service_id: str | None) -> tuple[frozenset[str], tuple[str, ...]]:
    """A site's video caption prefixes and audio words, folded, made once per site
    (:meth:`Site.media_kind` asks about them for every player)."""
    service = service_by_id(service_id)
    variants = service.variants if service is not None else ()
    video_prefixes = frozenset(fold(v.video_caption_prefix).strip(" ,，،") for v in variants)
    labels = (w for v in variants for w in (*v.audio_labels, v.audio_caption_prefix))
    audio_words = (fold(w).lower().strip(" ,，،") for w in labels)
    return video_prefixes, tuple(word for word in audio_words if word)


def _day_of(attribute: str | None) -> date | None:
    text = (attribute or "").strip()[:10]
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def site_of(
    urls: Iterable[str | None],
    *,
    service_id: str | None = None,
    variant_name: str | None = None,
    languages: Iterable[str | None] = (),
    links: Iterable[str | None] = (),
) -> Site:
    """The site of a page from what it says, strongest first: its URLs, a site id (from
    ``SIMORGH_DATA``), then the URLs its players and links point at; the variant from a
    URL segment, a variant name, a declared language, then the links' variants."""
    url_list = [u for u in urls if u]
    language_list = [normalize(t) for t in languages if t and normalize(t)]
    service = next((s for s in map(service_of_url, url_list) if s is not None), None)
    if service is None:
        service = service_by_id(service_id)
    link_list: list[str] | None = None
    if service is None:
        link_list = [u for u in links if u]
        counts = Counter(s.id for s in map(service_of_url, link_list) if s is not None and s.claims_urls)
        if counts:
            service = service_by_id(counts.most_common(1)[0][0])
    declared = language_list[0] if language_list else None
    if service is None:
        return Site(None, None, declared)
    variant = next((v for v in (variant_in_url(service, u) for u in url_list) if v is not None), None)
    if variant is None and variant_name:
        variant = service.variant(variant_name)
    if variant is None:
        variant = next((v for v in (variant_of_language(service, t) for t in language_list) if v), None)
    if variant is None and len(service.variants) > 1:
        in_links = Counter(
            v.name
            for v in (
                variant_in_url(service, u) for u in (link_list if link_list is not None else links) if u
            )
            if v
        ).most_common(2)
        if in_links and (len(in_links) == 1 or in_links[0][1] != in_links[1][1]):
            variant = service.variant(in_links[0][0])
    if variant is None and len(service.variants) == 1:
        variant = service.default
    return Site(service, variant, declared)


def site_of_page(page: Page, *, service_id: str | None = None, variant_name: str | None = None) -> Site:
    """:func:`site_of` for a page: its URL, canonical/og/Dublin Core URLs, its declared
    language, and the players and links inside it (a capture without URL)."""
    return site_of(
        (page.url, page.canonical_url, page.meta_first("og:url", "dc.identifier")),
        service_id=service_id,
        variant_name=variant_name,
        languages=(page.lang, page.meta_first("dc.language", "content-language")),
        links=(el.get("src") or el.get("href") for el in page.tree.iter("iframe", "a")),
    )


_BBC_URL = re.compile(r"^https?://(?:[\w-]+\.)*bbc\.(?:com|co\.uk)/(?P<id>[a-z]+)/", re.IGNORECASE)


def looks_like_bbc(page: Page, services: Iterable[Service] | None = None) -> bool:
    """Cheap metadata test for a page of a BBC site that came without a URL: its site
    name (og:site_name, application-name, twitter:site) is a site's brand, or a
    canonical/og/Dublin Core URL is under a site's path."""
    chosen = tuple(services) if services is not None else tuple(s for s in SERVICES if s.claims_urls)
    names = [
        fold(normalize(value)).lower()
        for value in (
            page.meta_first("og:site_name"),
            page.meta_first("twitter:site"),
            page.meta_first("application-name"),
        )
        if value
    ]
    if names:
        brands = {fold(normalize(b)).lower() for s in chosen for b in strings_for(s.id).brands}
        english = service_by_id("news")  # Simorgh's English brand is in every site's strings
        if english is not None and english not in chosen:
            brands -= {fold(normalize(v.brand)).lower() for v in english.variants}
        if any(name in brands for name in names):
            return True
    ids = {s.id for s in chosen}
    for url in (page.canonical_url, page.meta_first("og:url"), page.meta_first("dc.identifier")):
        match = _BBC_URL.match((url or "").strip())
        if match and match.group("id").lower() in ids:
            return True
    return False


# --- media ----------------------------------------------------------------------------------


def av_embed_url(
    kind: Literal["cps", "articles"], asset: str, vpid: str, *, language: str, host: str = AV_EMBED_HOST
) -> str:
    """The player URL BBC builds for a media block.

    ``kind`` ``"cps"`` takes the asset URI (``/zhongwen/simp/world-59666831``), ``"articles"``
    the Optimo article id (``c3xd4x9prgyo``)::

        https://www.bbc.com/ws/av-embeds/cps/zhongwen/simp/world-59666831/p0b4g7w8/zh-hans
        https://www.bbc.com/ws/av-embeds/articles/c3xd4x9prgyo/p0b4g7w8/zh-hans
    """
    return f"{host.rstrip('/')}/ws/av-embeds/{kind}/{asset.strip('/')}/{vpid}/{language}"


def is_av_embed(url: str | None) -> bool:
    """True for a BBC AV-embed player URL (``…/ws/av-embeds/…``)."""
    return bool(url) and _AV_EMBED_PATH.search(url or "") is not None


def vpid_of(url: str | None) -> str | None:
    """The media id (vpid) in an AV-embed URL: its last path segment shaped like a BBC pid."""
    if not is_av_embed(url):
        return None
    try:
        path = urlsplit(url or "").path
    except ValueError:
        return None
    segments = [s for s in path.split("/av-embeds/", 1)[-1].split("/") if s]
    for segment in reversed(segments[1:]):
        if _PID.match(segment.lower()):
            return segment
    return None


# --- titles ---------------------------------------------------------------------------------


def _brand_pattern(brand: str) -> str:
    return r"\s*".join(re.escape(part) for part in fold(brand).split())


# Titles in <title>/og:title carry a site's brand after the headline, sometimes followed
# by a section ("… - BBC 中文网 - 两岸三地").
_SITE_SUFFIX = re.compile(
    r"\s*[-–—|]\s*(?:"
    + "|".join(sorted({_brand_pattern(b) for b in strings_for(None).brands}, key=len, reverse=True))
    + r")(?:\s*[-–—|]\s*(?P<section>[^-–—|]*))?$",
    re.IGNORECASE,
)


def _without_prefix(text: str | None, prefixes: Iterable[str]) -> str:
    """Normalised ``text`` without one hidden prefix, compared folded (the configs and the
    pages differ in zero-width characters) but cut in the text, which keeps its ZWNJ/ZWJ."""
    text = normalize(text)
    folded = fold(text)
    rest = strip_prefixes(folded, prefixes)
    if len(rest) == len(folded):
        return text
    return normalize(text[unfolded_index(text, len(folded) - len(rest)) :])


def section_of_title(title: str | None) -> str | None:
    """The section a title names after the brand ("… - BBC中文网 - 两岸三地"), if any."""
    text = normalize(title)
    match = _SITE_SUFFIX.search(fold(text))
    if match is None or match.group("section") is None:
        return None
    start, end = match.span("section")
    return normalize(text[unfolded_index(text, start) : unfolded_index(text, end)]) or None


def strip_site_suffix(title: str | None) -> str | None:
    """A headline without the brand after it ("… - BBC News عربي"); None if empty."""
    text = normalize(title)
    match = _SITE_SUFFIX.search(fold(text))
    if match is not None:
        text = text[: unfolded_index(text, match.start())]
    return text.strip() or None


def first_text(values: Iterable[str | None]) -> str | None:
    """The first value that is non-empty once normalised."""
    for value in values:
        cleaned = normalize(value)
        if cleaned:
            return cleaned
    return None


# --- social embeds (Simorgh's ``<provider>-embed-<href>`` blocks, in markup and in JSON) ----

_YOUTUBE_ID = re.compile(r"^[\w-]{6,20}$")
_YOUTUBE_IN_URL = re.compile(r"(?:[?&]v=|youtu\.be/|/embed/|/shorts/)([\w-]{6,20})")


def social_block(
    provider: str | None,
    url: str | None,
    *,
    blockquote: HtmlElement | None = None,
    title: str | None = None,
    video_id: str | None = None,
    poster: Image | None = None,
) -> Media | Embed | None:
    """The block of one Simorgh social embed.

    A YouTube video is a player: a media block (its id from ``video_id`` or the URL, the
    player URL, the oEmbed thumbnail as ``poster``). Any other provider's post (Twitter,
    Instagram, TikTok, Facebook …) is an embed block whose text is the post's words from
    the embed code's ``blockquote`` when the page carries it. None when nothing is left
    to point to (no URL, no id, no text).
    """
    provider = (provider or "").lower() or provider_of(url)
    if provider == "youtube":
        found = _YOUTUBE_IN_URL.search(url or "")
        vid = video_id if video_id and _YOUTUBE_ID.match(video_id) else (found.group(1) if found else None)
        if vid is None:
            return None
        return Media(
            kind="video",
            provider="youtube",
            media_id=vid,
            embed_url=f"https://www.youtube.com/embed/{vid}",
            poster=poster,
            title=title,
        )
    if blockquote is not None:
        embed = embed_from_blockquote(blockquote, url=url, provider=provider)
    else:
        embed = Embed(provider=provider, url=url)
    if embed.url is None and embed.text is None:
        return None
    return attrs.evolve(embed, title=title) if title else embed
