"""BBC Chinese helpers shared by the layouts.

What every layout needs the same way, whatever it reads (BBC's JSON, Simorgh markup or the
legacy template): the script variant and language of a page, BBC's AV-embed URLs and media
ids, hidden-prefix cleaning of captions and credits, the player fallback texts, the site
suffix of titles, the paragraph rule for spans, and the date rules (relative texts,
day-only dates). Site knowledge stays here and in :mod:`.service`; generic mechanics come
from :mod:`newsparse.toolkit`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from newsparse.extractors.bbc.service import (
    CAPTION_PREFIXES,
    CREDIT_PREFIXES,
    MEDIA_CAPTION_PREFIXES,
    MEDIA_FALLBACK_TEXTS,
    language_of,
    variant_of,
)
from newsparse.toolkit import normalize, parse_relative, resolve_date, strip_prefixes

if TYPE_CHECKING:
    from newsparse.extractor import Context
    from newsparse.page import Page

__all__ = [
    "AV_EMBED_HOST",
    "MODIFIED_PREFIXES",
    "av_embed_url",
    "clean_caption",
    "clean_credit",
    "clean_media_caption",
    "embed_language",
    "first_text",
    "is_av_embed",
    "is_fallback_text",
    "is_relative_text",
    "language_of_page",
    "looks_like_bbc_chinese",
    "media_kind",
    "normalize_language",
    "resolve_time",
    "strip_site_suffix",
    "variant_of_page",
    "vpid_of",
]

#: Where BBC serves its embeddable players (``/ws/av-embeds/…``).
AV_EMBED_HOST = "https://www.bbc.com"

#: Visible text before a modification time ("最近更新：3 小时前"); legacy pages say 更新时间.
MODIFIED_PREFIXES: tuple[str, ...] = ("最近更新：", "最近更新:", "最後更新：", "更新时间", "更新時間")

# Titles in <title>/og:title carry the brand after the headline.
_SITE_SUFFIX = re.compile(
    r"\s*[-–—|]\s*(?:BBC\s*News\s*中文|BBC\s*中文网|BBC\s*中文網|BBC\s*Chinese)(?:\s*[-–—|].*)?$",
    re.IGNORECASE,
)

# BBC programme/version ids (vpids) use digits and consonants only, 8 to 15 characters
# (p0b4g7w8, w172xf3r5x8hw4v). Optimo article ids contain an "o", so never match.
_PID = re.compile(r"^[b-df-hj-np-tv-z][0-9b-df-hj-np-tv-z]{7,14}$")
_AV_EMBED_PATH = re.compile(r"/ws/av-embeds/")
_LANGUAGE_SUBTAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")

_FALLBACKS = frozenset(f.rstrip("。.") for f in MEDIA_FALLBACK_TEXTS)
_LONGEST_FALLBACK = 2 * max(len(f) for f in MEDIA_FALLBACK_TEXTS)  # room for spaces around it

# Any fixed moment serves to ask "is this text relative?": only a match matters.
_PROBE = datetime(2000, 1, 1, tzinfo=timezone.utc)


# --- language and variant -------------------------------------------------------------------


def normalize_language(tag: str | None) -> str | None:
    """A language tag in BCP 47 casing: ``zh-hans`` -> ``zh-Hans``, ``zh_cn`` -> ``zh-CN``."""
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


def _variant_of_language(tag: str | None) -> str | None:
    lowered = (tag or "").lower()
    if lowered.startswith("zh-hans") or lowered in ("zh-cn", "zh-sg"):
        return "simp"
    if lowered.startswith("zh-hant") or lowered in ("zh-tw", "zh-hk", "zh-mo"):
        return "trad"
    return None


def variant_of_page(page: Page) -> str | None:
    """``"simp"`` or ``"trad"``: from the URL, else the canonical/og URL, else the declared
    language, else the player and link URLs inside the page (a capture without a URL)."""
    for url in (page.url, page.canonical_url, page.meta_first("og:url", "dc.identifier")):
        variant = variant_of(url)
        if variant:
            return variant
    for tag in (page.lang, page.meta_first("dc.language", "content-language")):
        variant = _variant_of_language(tag)
        if variant:
            return variant
    counts = {"simp": 0, "trad": 0}
    for element in page.tree.iter("iframe", "a"):
        variant = variant_of(element.get("src") or element.get("href"))
        if variant:
            counts[variant] += 1
    if counts["simp"] != counts["trad"]:
        return max(counts, key=lambda v: counts[v])
    return None


def language_of_page(page: Page, variant: str | None) -> str | None:
    """BCP 47 language: from the variant (zh-Hans/zh-Hant), else as the page declares it."""
    language = language_of(variant)
    if language:
        return language
    return normalize_language(page.lang or page.meta_first("dc.language", "content-language"))


_BBC_CHINESE_URL = re.compile(r"^https?://(?:[\w-]+\.)*bbc\.(?:com|co\.uk)/zhongwen/", re.IGNORECASE)


def looks_like_bbc_chinese(page: Page) -> bool:
    """Cheap metadata test for a BBC Chinese page that came without a URL: the site name
    (og:site_name, application-name, twitter:site) or a canonical/og/Dublin Core URL."""
    names = " ".join(
        value
        for value in (
            page.meta_first("og:site_name"),
            page.meta_first("twitter:site"),
            page.meta_first("application-name"),
        )
        if value
    )
    lowered = names.lower()
    if "bbc" in lowered and ("中文" in names or "chinese" in lowered):
        return True
    urls = (page.canonical_url, page.meta_first("og:url"), page.meta_first("dc.identifier"))
    return any(url and _BBC_CHINESE_URL.match(url.strip()) for url in urls)


# --- media ----------------------------------------------------------------------------------


def embed_language(variant: str | None) -> str:
    """The language segment BBC puts at the end of its embed URLs (``zh-hans``)."""
    return "zh-hant" if variant == "trad" else "zh-hans"


def av_embed_url(
    kind: Literal["cps", "articles"], asset: str, vpid: str, *, variant: str | None, host: str = AV_EMBED_HOST
) -> str:
    """The player URL BBC builds for a media block.

    ``kind`` ``"cps"`` takes the asset URI (``/zhongwen/simp/world-59666831``), ``"articles"``
    the Optimo article id (``c3xd4x9prgyo``)::

        https://www.bbc.com/ws/av-embeds/cps/zhongwen/simp/world-59666831/p0b4g7w8/zh-hans
        https://www.bbc.com/ws/av-embeds/articles/c3xd4x9prgyo/p0b4g7w8/zh-hans
    """
    return f"{host.rstrip('/')}/ws/av-embeds/{kind}/{asset.strip('/')}/{vpid}/{embed_language(variant)}"


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


def media_kind(*hints: str | None) -> Literal["video", "audio"]:
    """``"audio"`` when a hint (player title, caption prefix, type label) says audio, else video.

    The traditional-script service labels video captions 音頻加註文字 (a config quirk), so
    that prefix alone is not taken as audio; only the simplified 音频 forms and explicit
    player names are.
    """
    for hint in hints:
        text = (hint or "").lower()
        if any(word in text for word in ("音频", "音頻播放器", "audio")):
            return "audio"
    return "video"


# --- text -----------------------------------------------------------------------------------


def clean_caption(text: str | None) -> str | None:
    """An image caption without its hidden prefix (图像加注文字，/圖像加註文字，…); None if empty."""
    return strip_prefixes(text or "", CAPTION_PREFIXES) or None


def clean_credit(text: str | None) -> str | None:
    """An image credit without its hidden prefix (图像来源，/圖像來源，…); None if empty."""
    return strip_prefixes(text or "", CREDIT_PREFIXES) or None


def clean_media_caption(text: str | None) -> str | None:
    """A player caption without its hidden prefix (视频加注文字，…) or fallback text; None if empty."""
    cleaned = strip_prefixes(text or "", MEDIA_CAPTION_PREFIXES)
    for fallback in MEDIA_FALLBACK_TEXTS:
        cleaned = cleaned.replace(fallback, "")
    cleaned = normalize(cleaned)
    return cleaned if cleaned.strip("。 ") else None


def is_fallback_text(text: str | None) -> bool:
    """True when ``text`` is (only) a player's fallback message, never content."""
    if not text or len(text) > _LONGEST_FALLBACK:
        return False
    return normalize(text).rstrip("。.") in _FALLBACKS


def strip_site_suffix(title: str | None) -> str | None:
    """A headline without the brand after it ("… - BBC News 中文"); None if empty."""
    cleaned = normalize(title)
    return _SITE_SUFFIX.sub("", cleaned).strip() or None


def first_text(values: Iterable[str | None]) -> str | None:
    """The first value that is non-empty once normalised."""
    for value in values:
        cleaned = normalize(value)
        if cleaned:
            return cleaned
    return None


# --- dates ----------------------------------------------------------------------------------


def is_relative_text(text: str | None) -> bool:
    """True for a relative time text ("30 分钟前", "3 小時前", "刚刚")."""
    return bool(text) and parse_relative(text or "", _PROBE) is not None


def resolve_time(
    attribute: str | None,
    text: str | None,
    retrieved_at: datetime | None,
    *,
    field: str,
    context: Context,
) -> datetime | None:
    """Resolve a ``<time datetime>`` and its visible text into one tz-aware datetime.

    BBC's rules (see docs/bbc-zhongwen.md): a full timestamp is taken as is; a relative
    text is resolved against ``retrieved_at`` and accepted when it falls within a day of
    the attribute's date; otherwise only the day is known, the value is midnight UTC of
    that day (BBC Chinese dates its pages in GMT) and a warning says so.
    """
    shown = strip_prefixes(text or "", MODIFIED_PREFIXES)
    relative = is_relative_text(shown)
    resolved = resolve_date(attribute, shown or None, retrieved_at, default_tz=timezone.utc)
    if relative and retrieved_at is None:
        context.warn(f"{field}: relative time {shown!r} cannot be resolved without the retrieval time")
    if resolved is None:
        return None
    if resolved.precision == "day":
        if relative and retrieved_at is not None:
            context.warn(f"{field}: relative time {shown!r} does not fall on the datetime attribute's day")
        day = resolved.value.date().isoformat()
        context.warn(f"{field}: only the day is known ({day}); set to 00:00 UTC")
    context.decide("date", f"{field} = {resolved.value.isoformat()} ({resolved.how})")
    return resolved.value
