"""The record of one BBC World Service site: what Simorgh's service config says about it.

Plain frozen data. ``services_data.SERVICES`` holds one :class:`Service` per site (generated
from BBC's configs, see tools/gen_bbc_services.py); :mod:`.service` answers questions about
them. Adding a site is adding a record: no layout code names a service.
"""

from __future__ import annotations

import attrs

__all__ = ["Service", "Variant"]


@attrs.frozen
class Variant:
    """One script or language variant of a site (most sites have one, ``default``).

    Each string is the one BBC's page shows; an empty string means the config does not
    set it (Simorgh then shows its English default, which :mod:`.service` adds).
    """

    #: The URL segment of the variant (``simp``/``trad``, ``lat``/``cyr``, ``ru-UA``),
    #: ``default`` for sites with one variant.
    name: str
    #: Simorgh's ``lang``: the page's ``<html lang>`` and the last segment of its
    #: ``/ws/av-embeds/`` player URLs (``zh-hans``, ``ar``, ``sr-latn``).
    lang: str
    #: The moment.js locale Simorgh formats dates with (relative times included).
    datetime_locale: str
    #: ``ltr`` or ``rtl``.
    direction: str
    #: The brand after headlines in ``<title>`` ("BBC News عربي").
    brand: str
    #: The visible prefix of an update time ("آخر تحديث", "最近更新：").
    updated_prefix: str
    #: Visually hidden prefixes Simorgh puts before captions and credits.
    image_caption_prefix: str
    image_credit_prefix: str
    video_caption_prefix: str
    audio_caption_prefix: str
    default_caption_prefix: str
    #: What a player shows instead of media (no JavaScript, expired, not yet available).
    media_fallbacks: tuple[str, ...]
    #: Hidden type labels of promos and players ("فيديو", "视频", "Video").
    media_labels: tuple[str, ...]
    #: Words that name audio in player titles and labels ("音频", "مشغل ملف صوتي").
    audio_labels: tuple[str, ...]
    #: The hidden word before a promo's duration ("المدة", "节目全长").
    duration_label: str
    #: The hidden label before an author's name in the byline section ("Author, ").
    author_label: str
    #: Labels of the byline section (author, role, reporting from, published, ...).
    byline_labels: tuple[str, ...]
    #: Titles of onward sections (related content, top stories, most read ...).
    section_titles: tuple[str, ...]
    #: Titles of the podcast promo (its heading and the podcast's brand).
    podcast_titles: tuple[str, ...]
    #: The most-read list's "last updated" label.
    last_updated_label: str


@attrs.frozen
class Service:
    """One Simorgh site: ``www.bbc.com/<id>/``."""

    id: str
    #: Whether the World Service extractor claims this site's URLs (not the English BBC
    #: News/Sport sites, whose article URLs other BBC apps serve).
    claims_urls: bool
    #: The first one is the site's default.
    variants: tuple[Variant, ...]

    @property
    def path_prefix(self) -> str:
        return f"/{self.id}/"

    @property
    def default(self) -> Variant:
        return self.variants[0]

    def variant(self, name: str | None) -> Variant | None:
        """The variant named ``name`` (case-insensitive), else None."""
        lowered = (name or "").lower()
        return next((v for v in self.variants if v.name.lower() == lowered), None)
