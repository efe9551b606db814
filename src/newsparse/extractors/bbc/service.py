"""Questions about BBC World Service sites, answered from their records.

Which site and variant a URL, a Simorgh data object or a language tag names; the strings
to strip or recognise on a site's pages (hidden prefixes, player fallbacks, "updated"
prefixes, byline labels, section titles); the brand suffix of titles. The records are
data (:mod:`.services_data`); nothing here names a site except the older-string overlay
below, which is data too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import attrs

from newsparse.extractors.bbc.records import Service, Variant
from newsparse.extractors.bbc.services_data import SERVICES
from newsparse.toolkit import normalize

__all__ = [
    "SERVICES",
    "SERVICE_IDS",
    "Service",
    "Strings",
    "Variant",
    "fold",
    "service_by_id",
    "service_of_url",
    "strings_for",
    "variant_in_url",
    "variant_of_language",
]

SERVICE_IDS: tuple[str, ...] = tuple(s.id for s in SERVICES)
_BY_ID = {s.id: s for s in SERVICES}

#: Strings BBC used before the configs the records come from (older captures and the
#: pre-Simorgh templates), per site: kept so such pages read as before.
_OLDER: dict[str, dict[str, tuple[str, ...]]] = {
    "zhongwen": {
        "caption": ("图片说明，", "圖片說明，"),
        "credit": ("图片来源，", "圖片來源，"),
        "fallback": ("有关内容看来暂时不能显示",),
        "updated": ("最近更新:", "最後更新：", "更新时间", "更新時間"),
        "brand": ("BBC 中文网", "BBC 中文網", "BBC Chinese"),
        "name_prefix": ("作者：", "記者：", "记者："),
        # The 2005-2016 template's visible date: "更新时间 2012年12月10日, 格林尼治标准时间10:41" (GMT).
        "datestamp": (r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日\D*?(?P<H>\d{1,2}):(?P<M>\d{2})",),
    },
}
#: Simorgh's English byline labels, shown where a config sets none.
_ENGLISH_BYLINE = ("Author", "Role", "Reporting from", "Published", "Article information")
#: The English site whose strings Simorgh falls back to where a config sets none.
_ENGLISH = "news"

# Zero-width characters: the configs' strings and pages differ in them (ZWNJ/ZWJ in
# Persian, Urdu and Indic text; marks in RTL text), so strings are compared without.
_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
_ZERO_WIDTH = re.compile(f"[{_ZERO_WIDTH_CHARS}]")


def fold(text: str) -> str:
    """``text`` without zero-width characters, for comparing with the configs' strings."""
    return _ZERO_WIDTH.sub("", text) if text and not text.isascii() else text


def unfolded_index(text: str, index: int) -> int:
    """Where position ``index`` of ``fold(text)`` is in ``text``: a cut found by comparing
    folded strings is made in the text itself, which keeps its ZWNJ/ZWJ (they are spelling)."""
    if text.isascii():
        return index
    seen = 0
    for position, char in enumerate(text):
        if seen == index:
            return position
        if not _ZERO_WIDTH.match(char):
            seen += 1
    return len(text)


def service_by_id(service_id: str | None) -> Service | None:
    return _BY_ID.get((service_id or "").lower())


_URL = re.compile(
    r"^(?:https?://(?:[\w-]+\.)*bbc\.(?:com|co\.uk)(?::\d+)?)?/+(?P<id>[a-z]+)(?=[/?#]|$)", re.I
)


def service_of_url(url: str | None) -> Service | None:
    """The site of a BBC URL, asset path or player URL (``/arabic/world-1``,
    ``https://www.bbc.com/hindi/…``, ``…/ws/av-embeds/cps/zhongwen/trad/…``)."""
    if not url:
        return None
    url = url.strip()
    if "/av-embeds/cps/" in url:  # a player: /ws/av-embeds/cps/<asset URI>/<vpid>/<lang>
        url = "/" + url.split("/av-embeds/cps/", 1)[1]
    match = _URL.match(url)
    return service_by_id(match.group("id")) if match else None


def variant_in_url(service: Service, url: str | None) -> Variant | None:
    """The variant a URL names by a path segment (``/zhongwen/trad/…``,
    ``/serbian/articles/<id>/cyr``); None when it names none."""
    if not url or len(service.variants) < 2:
        return None
    path = re.split(r"[?#]", url.strip(), maxsplit=1)[0]
    _, _, rest = path.partition(service.path_prefix)
    for segment in rest.split("/")[:3]:
        found = service.variant(segment)
        if found is not None:
            return found
    return None


def variant_of_language(service: Service, tag: str | None) -> Variant | None:
    """The variant whose language a tag names (``zh-Hant`` -> trad, ``sr-Cyrl`` -> cyr,
    ``zh-TW`` -> trad by region)."""
    lowered = (tag or "").lower().replace("_", "-")
    if not lowered:
        return None
    for variant in service.variants:
        if lowered == variant.lang.lower() or lowered.startswith(variant.lang.lower() + "-"):
            return variant
    script = _SCRIPT_OF_REGION.get(lowered)
    if script:
        return next((v for v in service.variants if v.lang.lower().endswith(script)), None)
    return None


#: Regional Chinese tags that imply a script.
_SCRIPT_OF_REGION = {"zh-cn": "hans", "zh-sg": "hans", "zh-tw": "hant", "zh-hk": "hant", "zh-mo": "hant"}


@attrs.frozen(eq=False)
class Strings:
    """What pages of one site (or of any site) show around their content."""

    caption_prefixes: tuple[str, ...]
    credit_prefixes: tuple[str, ...]
    media_caption_prefixes: tuple[str, ...]
    fallbacks: tuple[str, ...]
    updated_prefixes: tuple[str, ...]
    byline_labels: tuple[str, ...]
    author_labels: tuple[str, ...]
    podcast_titles: tuple[str, ...]
    media_labels: tuple[str, ...]
    #: What a byline may put before a name ("By ", "记者：").
    name_prefixes: tuple[str, ...]
    brands: tuple[str, ...]
    #: Regular expressions (groups y, m, d, H, M) for a legacy page's visible GMT datestamp.
    datestamps: tuple[str, ...]
    locales: tuple[str, ...]
    #: The fallbacks folded and without final stops, and how long a text can be and still
    #: be one (with room for spaces): :meth:`Site.is_fallback_text` asks per paragraph.
    fallback_set: frozenset[str]
    longest_fallback: int
    #: The first characters of the fallbacks, and the zero-width ones :func:`fold` drops:
    #: a text starting with any other character is none of them.
    fallback_starts: frozenset[str]
    #: The fallbacks folded, in order (removed from player captions).
    folded_fallbacks: tuple[str, ...]
    #: The "updated" prefixes folded, without their final colon (how a visible time starts).
    updated_starts: tuple[str, ...]


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v and v.strip()))


def _strings(services: Iterable[Service]) -> Strings:
    chosen = list(services)
    english = _BY_ID[_ENGLISH]
    if english not in chosen:
        chosen.append(english)
    variants = [v for s in chosen for v in s.variants]
    older = [_OLDER.get(s.id, {}) for s in chosen]

    def extra(key: str) -> list[str]:
        return [value for table in older for value in table.get(key, ())]

    fallbacks = _unique([f for v in variants for f in v.media_fallbacks] + extra("fallback"))
    updated = _unique([v.updated_prefix for v in variants] + extra("updated"))
    return Strings(
        caption_prefixes=_unique(
            [v.image_caption_prefix for v in variants]
            + [v.default_caption_prefix for v in variants]
            + extra("caption")
        ),
        credit_prefixes=_unique([v.image_credit_prefix for v in variants] + extra("credit")),
        media_caption_prefixes=_unique(
            [v.video_caption_prefix for v in variants]
            + [v.audio_caption_prefix for v in variants]
            + [v.default_caption_prefix for v in variants]
            + ["Media caption, "]
        ),
        fallbacks=fallbacks,
        updated_prefixes=updated,
        byline_labels=_unique([label for v in variants for label in v.byline_labels] + list(_ENGLISH_BYLINE)),
        author_labels=_unique([v.author_label for v in variants] + ["Author"]),
        podcast_titles=_unique(title for v in variants for title in v.podcast_titles),
        media_labels=_unique(label for v in variants for label in v.media_labels),
        name_prefixes=_unique(["By ", *extra("name_prefix")]),
        brands=_unique([v.brand for v in variants] + extra("brand")),
        datestamps=_unique(extra("datestamp")),
        locales=_unique(v.datetime_locale for v in variants),
        fallback_set=frozenset(fold(normalize(f)).rstrip("。.") for f in fallbacks),
        longest_fallback=2 * max((len(f) for f in fallbacks), default=0),
        fallback_starts=frozenset(fold(normalize(f))[:1] for f in fallbacks) | set(_ZERO_WIDTH_CHARS),
        folded_fallbacks=tuple(fold(f) for f in fallbacks),
        updated_starts=tuple(fold(p).rstrip("：: ") for p in updated if p.rstrip("：: ")),
    )


@cache
def strings_for(service_id: str | None) -> Strings:
    """The strings of one site (all its variants, plus Simorgh's English defaults), or of
    every site when ``service_id`` is None or unknown (a page whose site is not known)."""
    service = service_by_id(service_id)
    return _strings([service] if service is not None else SERVICES)
