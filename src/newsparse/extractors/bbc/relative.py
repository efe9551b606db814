"""Relative times in the words of each BBC site ("منذ ساعتين", "2 часа назад", "hace 3 horas").

Simorgh shows an article's time relative to now for its first hours, formatted by
moment.js in the site's ``datetime_locale``. These are those locales' words for the past
("{} ago") and its units, as data; Chinese and English are read by the toolkit's
``parse_relative``. Digits may be Arabic-Indic, Persian or Devanagari.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta
from functools import lru_cache

import attrs

__all__ = ["RelativeWords", "relative_offset"]

_MINUTE, _HOUR, _DAY = 60, 3600, 86400


@attrs.frozen
class RelativeWords:
    """One locale's relative past: where the amount sits, unit words and words for "a"."""

    #: A regular expression whose group 1 is the amount and unit ("منذ (.+)", "(.+) назад").
    past: str
    #: (unit word pattern, seconds): a word may carry an amount of its own (Arabic duals).
    units: tuple[tuple[str, int], ...]
    #: Words standing for one or "a few" of a unit ("un", "una", "یک", "несколько").
    one: tuple[str, ...] = ()


#: moment.js ``relativeTime`` of the locales Simorgh's sites use, keyed by language subtag.
WORDS: dict[str, RelativeWords] = {
    "ar": RelativeWords(
        r"منذ\s+(.+)",
        (
            (r"ثانيتان|ثانيتين", 2), (r"دقيقتان|دقيقتين", 2 * _MINUTE), (r"ساعتان|ساعتين", 2 * _HOUR),
            (r"يومان|يومين", 2 * _DAY), (r"ثوان|ثانية", 1), (r"دقائق|دقيقة", _MINUTE),
            (r"ساعات|ساعة", _HOUR), (r"أيام|يومًا|يوما|يوم", _DAY),
        ),
        ("واحدة", "واحد", "أقل من"),
    ),
    "fa": RelativeWords(
        r"(.+?)\s*پیش",
        ((r"ثانیه", 1), (r"دقیقه", _MINUTE), (r"ساعت", _HOUR), (r"روز", _DAY)),
        ("یک", "چند"),
    ),
    "ps": RelativeWords(
        r"(.+?)\s*مخکې",
        ((r"ثانیې|ثانیه", 1), (r"دقیقې|دقیقه", _MINUTE), (r"ساعته|ساعت", _HOUR), (r"ورځې|ورځ", _DAY)),
        ("یو", "څو"),
    ),
    "ur": RelativeWords(
        r"(.+?)\s*قبل",
        ((r"سیکنڈ", 1), (r"منٹ", _MINUTE), (r"گھنٹے|گھنٹہ", _HOUR), (r"دن", _DAY)),
        ("ایک", "چند"),
    ),
    "ru": RelativeWords(
        r"(.+?)\s+назад",
        ((r"секунд", 1), (r"минут", _MINUTE), (r"час", _HOUR), (r"день|дня|дней", _DAY)),
        ("несколько",),
    ),
    "uk": RelativeWords(
        r"(.+?)\s+тому",
        ((r"секунд", 1), (r"хвилин", _MINUTE), (r"годин", _HOUR), (r"день|дні|днів", _DAY)),
        ("кілька",),
    ),
    "hi": RelativeWords(
        r"(.+?)\s*पहले",
        ((r"क्षण|सेकंड", 1), (r"मिनट", _MINUTE), (r"घंट", _HOUR), (r"दिन", _DAY)),
        ("एक", "कुछ ही", "कुछ"),
    ),
    "es": RelativeWords(
        r"hace\s+(.+)",
        ((r"segundo", 1), (r"minuto", _MINUTE), (r"hora", _HOUR), (r"día|dia", _DAY)),
        ("un", "una", "unos"),
    ),
    "pt": RelativeWords(
        r"há\s+(.+)",
        ((r"segundo", 1), (r"minuto", _MINUTE), (r"hora", _HOUR), (r"dia", _DAY)),
        ("um", "uma", "alguns", "poucos"),
    ),
    "fr": RelativeWords(
        r"il y a\s+(.+)",
        ((r"seconde", 1), (r"minute", _MINUTE), (r"heure", _HOUR), (r"jour", _DAY)),
        ("un", "une", "quelques"),
    ),
    "tr": RelativeWords(
        r"(.+?)\s+önce",
        ((r"saniye", 1), (r"dakika", _MINUTE), (r"saat", _HOUR), (r"gün", _DAY)),
        ("bir", "birkaç", "birkac"),
    ),
    "id": RelativeWords(
        r"(.+?)\s+(?:yang\s+)?lalu",
        ((r"semenit", _MINUTE), (r"sejam", _HOUR), (r"sehari", _DAY), (r"detik", 1),
         (r"menit", _MINUTE), (r"jam", _HOUR), (r"hari", _DAY)),
        ("beberapa",),
    ),
}  # fmt: skip

_MAX_TEXT = 200
_FOLD = re.compile("[\u200b-\u200f\u2060\ufeff]")


@lru_cache(maxsize=512)
def _compiled(language: str) -> tuple[re.Pattern[str], tuple[tuple[re.Pattern[str], int], ...]] | None:
    words = WORDS.get(language)
    if words is None:
        return None
    one = "|".join(re.escape(w) for w in sorted(words.one, key=len, reverse=True)) or "(?!)"
    units = tuple(
        (re.compile(rf"^(?:(?P<n>\d+(?:[.,]\d+)?)|(?:{one}))?\s*(?:{pattern})\S*(?:\s+(?:{one}))?$"), seconds)
        for pattern, seconds in words.units
    )
    return re.compile(words.past, re.IGNORECASE), units


def _ascii_digits(text: str) -> str:
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


@lru_cache(maxsize=1024)
def relative_offset(text: str, locale: str) -> timedelta | None:
    """How long before "now" ``text`` says in ``locale`` (a moment.js locale such as
    ``ar``, ``pt-br``), or None when it is not a relative time in that locale's words."""
    compiled = _compiled(locale.lower().split("-")[0])
    if compiled is None or not text or len(text) > _MAX_TEXT:
        return None  # (no relative time is this long: the regexes see bounded text)
    past, units = compiled
    cleaned = " ".join(_ascii_digits(_FOLD.sub("", unicodedata.normalize("NFC", text))).split())
    match = past.search(cleaned)
    if match is None:
        return None
    amount = match.group(1).strip().lower()
    for pattern, seconds in units:
        found = pattern.match(amount)
        if found:
            number = found.group("n")
            count = float(number.replace(",", ".")) if number else 1.0
            try:
                return timedelta(seconds=seconds * count)
            except OverflowError:  # more than a datetime can go back: no date
                return None
    return None
