"""Dates: absolute strings with python-dateutil, relative times against the retrieval time.

A date helper must never return a wrong instant: zone abbreviations ("05:38 BST") are
read from a table (:data:`NEWS_ZONES` or the caller's), an unknown one gives None and a
warning through the extractor's context, and "GMT+1" means UTC+01:00 as news sites mean it.

Relative texts are what news sites show for fresh articles ("30 分钟前", "3 小時前",
"2 hours ago"); they mean nothing without the moment the page was fetched, so
:func:`parse_relative` takes that moment explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from newsparse.page import Warns

__all__ = ["NEWS_ZONES", "ResolvedDate", "Warns", "parse_date", "parse_relative", "resolve_date"]

_UNITS: dict[str, timedelta] = {
    # Chinese, simplified and traditional
    "秒": timedelta(seconds=1),
    "秒钟": timedelta(seconds=1),
    "秒鐘": timedelta(seconds=1),
    "分钟": timedelta(minutes=1),
    "分鐘": timedelta(minutes=1),
    "分": timedelta(minutes=1),
    "小时": timedelta(hours=1),
    "小時": timedelta(hours=1),
    "个小时": timedelta(hours=1),
    "個小時": timedelta(hours=1),
    "天": timedelta(days=1),
    "日": timedelta(days=1),
    "周": timedelta(weeks=1),
    "週": timedelta(weeks=1),
    "星期": timedelta(weeks=1),
    # English
    "second": timedelta(seconds=1),
    "sec": timedelta(seconds=1),
    "minute": timedelta(minutes=1),
    "min": timedelta(minutes=1),
    "mins": timedelta(minutes=1),
    "hour": timedelta(hours=1),
    "hr": timedelta(hours=1),
    "hrs": timedelta(hours=1),
    "day": timedelta(days=1),
    "week": timedelta(weeks=1),
}
_CJK_NUMERALS = {
    "一": 1,
    "两": 2,
    "兩": 2,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "半": 0.5,
}

# Numbers of at most 6 digits, not inside a longer run: each search step then looks at a
# bounded stretch, so a text of 16,000 digits costs linear time, not quadratic.
_ZH_RELATIVE = re.compile(
    r"(?P<n>(?<!\d)\d{1,6}|[一两兩二三四五六七八九十半])\s*(?P<unit>秒钟|秒鐘|秒|分钟|分鐘|分|个小时|個小時|小时|小時|天|日|周|週|星期)\s*(?:之)?前"
)
_EN_RELATIVE = re.compile(
    r"(?P<n>(?<!\d)\d{1,6}|\ban?|\bone)\s*(?P<unit>seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago",
    re.IGNORECASE,
)
_JUST_NOW = re.compile(r"刚刚|剛剛|just now", re.IGNORECASE)
_EPOCH_MS = re.compile(r"\d{12,13}")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_DIGIT = re.compile(r"\d")
#: Longest text read as a date ("Wednesday, 15 December 2021, 17:43 GMT+08:00" is 45).
_MAX_DATE_TEXT = 200


def _number(raw: str) -> float:
    if raw.isdigit():
        return float(raw)
    lowered = raw.lower()
    if lowered in ("a", "an", "one"):
        return 1.0
    return float(_CJK_NUMERALS.get(raw, 0))


def parse_relative(text: str, retrieved_at: datetime) -> datetime | None:
    """Resolve a relative time ("30 分钟前", "2 小時前", "5 minutes ago", "刚刚") against
    ``retrieved_at`` (timezone-aware). Returns None when ``text`` is not relative."""
    if retrieved_at.tzinfo is None:
        raise ValueError("retrieved_at must be timezone-aware")
    offset = _relative_offset(text)
    if offset is None:
        return None
    try:
        return retrieved_at if offset is _NOW else retrieved_at - offset
    except OverflowError:  # "3 days ago" of a retrieval in year 1: no date, not a crash
        return None


_NOW = timedelta(0)


@lru_cache(maxsize=1024)
def _relative_offset(text: str) -> timedelta | None:
    """How long before the retrieval ``text`` says (``_NOW`` for "just now"), or None.

    Cached: extractors ask about the same time text more than once per page (is it
    relative? then resolve it), and pages repeat "1 小时前" and the like.
    """
    if len(text) > _MAX_DATE_TEXT:
        return None  # no relative time is written this long: the regexes see bounded text
    if _JUST_NOW.search(text):
        return _NOW
    match = _ZH_RELATIVE.search(text) or _EN_RELATIVE.search(text)
    if not match:
        return None
    unit = match.group("unit").lower()
    step = _UNITS.get(unit) or _UNITS.get(unit.rstrip("s"))
    if step is None:
        return None
    try:
        return step * _number(match.group("n"))
    except OverflowError:  # more weeks than a datetime can go back
        return None


def _zone(name: str, offset: timedelta) -> timezone:
    return timezone(offset, name)


def _hours(hours: float) -> timedelta:
    return timedelta(hours=hours)


#: Time-zone abbreviations common on news sites, each with the fixed UTC offset it names
#: (an abbreviation already says whether summer time applies: BST is always +01:00).
#: Ambiguous ones, resolved here as noted — override them with your own table:
#: ``IST`` is India Standard Time (+05:30), not Irish (+01:00) or Israel (+02:00) Standard
#: Time; ``CST``/``CDT`` are US Central (-06:00/-05:00), not China Standard Time (+08:00,
#: which Chinese-language sites rarely abbreviate); ``BST`` is British Summer Time.
NEWS_ZONES: Mapping[str, tzinfo] = MappingProxyType(
    {
        name: _zone(name, _hours(hours))
        for name, hours in (
            ("UTC", 0),
            ("UT", 0),
            ("GMT", 0),
            ("Z", 0),
            ("BST", 1),
            ("WET", 0),
            ("WEST", 1),
            ("CET", 1),
            ("CEST", 2),
            ("EET", 2),
            ("EEST", 3),
            ("MSK", 3),
            ("IST", 5.5),
            ("PKT", 5),
            ("ICT", 7),
            ("WIB", 7),
            ("SGT", 8),
            ("HKT", 8),
            ("AWST", 8),
            ("PHT", 8),
            ("JST", 9),
            ("KST", 9),
            ("ACST", 9.5),
            ("ACDT", 10.5),
            ("AEST", 10),
            ("AEDT", 11),
            ("NZST", 12),
            ("NZDT", 13),
            ("AST", -4),
            ("ADT", -3),
            ("EST", -5),
            ("EDT", -4),
            ("CST", -6),
            ("CDT", -5),
            ("MST", -7),
            ("MDT", -6),
            ("PST", -8),
            ("PDT", -7),
            ("AKST", -9),
            ("AKDT", -8),
            ("HST", -10),
        )
    }
)


# "GMT+1" / "UTC-05:00" as news sites mean them (UTC plus the offset). dateutil reads the
# POSIX convention instead, where "GMT+1" is one hour *behind* UTC, so these are rewritten
# to a plain offset before dateutil sees them.
_NAMED_OFFSET = re.compile(r"\b(?:GMT|UTC|UT)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\b")
# "05.38" as a time of day (UK style): a lone HH.MM token, not part of a dotted date
# such as 15.05.2023 (a digit or dot on either side rules it out).
_DOTTED_TIME = re.compile(r"(?<![\d.])([01]?\d|2[0-3])\.([0-5]\d)(?![\d.])")
_CLOCK = re.compile(r"\d:\d\d")


def _plain_offsets(text: str) -> str:
    def offset(match: re.Match[str]) -> str:
        return f"{match.group(1)}{int(match.group(2)):02d}:{match.group(3) or '00'}"

    return _NAMED_OFFSET.sub(offset, text)


def _colon_times(text: str) -> str:
    if _CLOCK.search(text):
        return text  # a colon time is there already: a dotted number is something else
    return _DOTTED_TIME.sub(r"\1:\2", text)


def parse_date(
    value: str | int | float | None,
    *,
    default_tz: tzinfo | None = None,
    zones: Mapping[str, tzinfo | timedelta] | None = None,
    dayfirst: bool = False,
    context: Warns | None = None,
) -> datetime | None:
    """Parse an absolute date: ISO 8601 or anything python-dateutil reads, or epoch
    seconds/milliseconds. Returns None when unparsable, never a guessed instant.

    - A value without a zone gets ``default_tz`` (None: the result is dropped, since a
      date without a zone cannot be placed).
    - A zone abbreviation ("05:38 BST") is looked up in ``zones`` (default
      :data:`NEWS_ZONES`; upper-case keys). An abbreviation not in the table gives None,
      with a warning through ``context`` when one is given: a date an hour or a day off
      would be worse than none. A numeric offset ("+0100", "GMT+1", "UTC-05:00") is
      always used as written, and wins over an abbreviation beside it.
    - Numeric dates are read month first ("03/04/2023" is 4 March), as dateutil does;
      pass ``dayfirst=True`` for sites that write day first. ISO 8601 ("2023-04-03") and
      dates with a month name are unambiguous either way.
    - A time written with a dot ("05.38", "5.38pm") is read as a time of day when the
      value has no colon time; a dotted date (15.05.2023) stays a date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:  # (a 312-digit int overflows the division to float, a huge float the timestamp)
            seconds = value / 1000 if abs(value) > 1e11 else value
            return datetime.fromtimestamp(seconds, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    if len(text) > _MAX_DATE_TEXT:
        return None  # no date is written this long; dateutil's cost grows with the length
    if _EPOCH_MS.fullmatch(text):
        return parse_date(int(text))
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        table = NEWS_ZONES if zones is None else zones
        unknown: list[str] = []

        def zone_of(name: str | None, offset: int | None) -> tzinfo | None:
            # dateutil asks this for every zone it finds (name, offset in seconds, or both);
            # None leaves the result naive.
            if offset is not None:
                return timezone(timedelta(seconds=offset))
            if name is None:
                return None
            found = table.get(name.upper())
            if found is None:
                unknown.append(name)
                return None
            return found if isinstance(found, tzinfo) else timezone(found, name.upper())

        try:
            # Imported on first need: most dates are ISO 8601, and dateutil's parser costs
            # about 20 ms to import, a tenth of `import newsparse`.
            from dateutil import parser as dateutil_parser

            parsed = dateutil_parser.parse(
                _colon_times(_plain_offsets(text)), tzinfos=zone_of, dayfirst=dayfirst
            )
        except (ValueError, OverflowError):
            return None
        if unknown:
            if context is not None:
                context.warn(
                    f"unknown time zone abbreviation {unknown[0]!r} in date {text[:80]!r}; "
                    "date not used (add the zone to the table passed as parse_date(zones=...))"
                )
            return None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        if default_tz is None:
            return None
        parsed = parsed.replace(tzinfo=default_tz)
    return parsed


def _near(instant: datetime, day: date, zone: tzinfo) -> bool:
    """``instant`` falls on ``day`` (or the day before or after) in ``zone``."""
    try:
        return abs((instant.astimezone(zone).date() - day).days) <= 1
    except OverflowError:  # year 1 or 9999 moved across a zone: not the same day
        return False


@attrs.frozen
class ResolvedDate:
    """A date resolved from a ``<time>`` element: the value and how sure it is.

    ``precision`` is ``"instant"`` (to the minute or better) or ``"day"`` (only the
    calendar day is known; ``value`` is then midnight UTC of that day).
    """

    value: datetime
    precision: str
    how: str


def resolve_date(
    attribute: str | None,
    text: str | None,
    retrieved_at: datetime | None,
    *,
    default_tz: tzinfo = timezone.utc,
    zones: Mapping[str, tzinfo | timedelta] | None = None,
    dayfirst: bool = False,
    context: Warns | None = None,
) -> ResolvedDate | None:
    """Combine a ``datetime`` attribute and the element's visible text into one date.

    Rules, in order:

    1. an attribute with a time of day is taken as is (naive ones in ``default_tz``);
    2. a relative text ("30 分钟前") resolved against ``retrieved_at`` is taken when it falls
       on the attribute's day (or the day before/after, for time zones); a contradiction
       falls back to the attribute's day;
    3. otherwise only the day is known: midnight of that day in ``default_tz``, precision
       ``"day"``.

    ``zones``, ``dayfirst`` and ``context`` are passed to :func:`parse_date` (zone
    abbreviations, numeric day order, the warning for an unknown abbreviation).
    """
    day: date | None = None
    if attribute:
        attribute = attribute.strip()
        if _ISO_DAY.fullmatch(attribute):
            day = date.fromisoformat(attribute)
        else:
            parsed = parse_date(
                attribute, default_tz=default_tz, zones=zones, dayfirst=dayfirst, context=context
            )
            if parsed is not None:
                return ResolvedDate(parsed, "instant", "datetime attribute")
    relative = parse_relative(text, retrieved_at) if text and retrieved_at is not None else None
    if relative is not None and (day is None or _near(relative, day, default_tz)):
        return ResolvedDate(relative, "instant", "relative text and retrieval time")
    if day is None and text:
        parsed = (
            parse_date(text, default_tz=default_tz, zones=zones, dayfirst=dayfirst, context=context)
            if _DIGIT.search(text)
            else None
        )
        if parsed is not None:
            return ResolvedDate(parsed, "instant", "visible text")
    if day is not None:
        return ResolvedDate(
            datetime(day.year, day.month, day.day, tzinfo=default_tz), "day", "datetime attribute (day only)"
        )
    return None
