"""toolkit.parse_date and zone abbreviations: a known abbreviation gives the instant it
names, an unknown one gives None with a warning (never a guess, never dateutil's
UnknownTimezoneWarning), and the day-order and dotted-time rules the docs promise."""

from __future__ import annotations

import warnings
from datetime import datetime, timedelta, timezone

import pytest

from newsparse import Context
from newsparse.toolkit import NEWS_ZONES, parse_date, resolve_date

UTC = timezone.utc


def _at(text: str, hours: float) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone(timedelta(hours=hours)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon 15 May 2023 05:38 BST", _at("2023-05-15T05:38", 1)),
        ("15 May 2023 05:38 CEST", _at("2023-05-15T05:38", 2)),
        ("May 15, 2023 5:38 a.m. EDT", _at("2023-05-15T05:38", -4)),
        ("15 May 2023 17:00 PST", _at("2023-05-15T17:00", -8)),
        ("15 May 2023 17:00 IST", _at("2023-05-15T17:00", 5.5)),
        ("15 May 2023 17:00 JST", _at("2023-05-15T17:00", 9)),
        ("15 May 2023 17:00 HKT", _at("2023-05-15T17:00", 8)),
        ("15 May 2023 17:00 AEST", _at("2023-05-15T17:00", 10)),
        ("15 May 2023 17:00 GMT", _at("2023-05-15T17:00", 0)),
    ],
)
def test_zone_abbreviations_give_the_instant_they_name(text: str, expected: datetime) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the scaffold's pytest configuration does the same
        parsed = parse_date(text, default_tz=UTC)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() == expected.utcoffset()


def test_the_shipped_table_covers_the_common_news_zones() -> None:
    wanted = [
        "BST",
        "GMT",
        "UTC",
        "CET",
        "CEST",
        "EET",
        "EEST",
        "WET",
        "WEST",
        "EST",
        "EDT",
        "CST",
        "CDT",
        "MST",
        "MDT",
        "PST",
        "PDT",
        "IST",
        "JST",
        "KST",
        "HKT",
        "SGT",
        "AEST",
        "AEDT",
        "AWST",
        "NZST",
        "NZDT",
        "MSK",
    ]
    assert set(wanted) <= set(NEWS_ZONES)
    with pytest.raises(TypeError):
        NEWS_ZONES["XYZ"] = UTC  # type: ignore[index]  # shared: read-only


def test_an_unknown_abbreviation_is_no_date_and_says_so() -> None:
    context = Context()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # dateutil's UnknownTimezoneWarning must not escape
        assert parse_date("Mon 15 May 2023 05:38 XYZT", default_tz=UTC, context=context) is None
        assert parse_date("Mon 15 May 2023 05:38 XYZT", default_tz=UTC) is None
    (message,) = context.warnings
    assert "unknown time zone abbreviation 'XYZT'" in message and "zones=" in message


def test_the_caller_s_table_wins() -> None:
    irish = {**NEWS_ZONES, "IST": timezone(timedelta(hours=1))}
    assert parse_date("15 May 2023 17:00 IST", zones=irish) == _at("2023-05-15T17:00", 1)
    # A timedelta is accepted as well as a tzinfo.
    assert parse_date("15 May 2023 17:00 XYZT", zones={"XYZT": timedelta(hours=3)}) == _at(
        "2023-05-15T17:00", 3
    )
    # Only the given table is used: without BST in it, BST is unknown.
    assert parse_date("15 May 2023 17:00 BST", zones={}, default_tz=UTC) is None


def test_numeric_offsets_are_read_as_news_sites_mean_them() -> None:
    # dateutil alone reads "GMT+1" the POSIX way, one hour *behind* UTC.
    assert parse_date("15 May 2023 05:38 GMT+1") == _at("2023-05-15T05:38", 1)
    assert parse_date("15 May 2023 05:38 UTC-05:30") == _at("2023-05-15T05:38", -5.5)
    # An explicit offset beside an abbreviation wins.
    assert parse_date("Mon, 15 May 2023 05:38:00 +0100 (BST)") == _at("2023-05-15T05:38", 1)


def test_dotted_times_and_day_order() -> None:
    assert parse_date("15 May 2023 05.38 BST") == _at("2023-05-15T05:38", 1)
    assert parse_date("15 May 2023 5.38pm BST") == _at("2023-05-15T17:38", 1)
    # A dotted date is a date, not a time.
    assert parse_date("15.05.2023", default_tz=UTC) == _at("2023-05-15T00:00", 0)
    # Month first unless told otherwise; a day > 12 can only be a day.
    assert parse_date("03/04/2023 10:00", default_tz=UTC) == _at("2023-03-04T10:00", 0)
    assert parse_date("03/04/2023 10:00", default_tz=UTC, dayfirst=True) == _at("2023-04-03T10:00", 0)
    assert parse_date("15/05/2023 10:00", default_tz=UTC) == _at("2023-05-15T10:00", 0)


def test_existing_behaviour_is_kept() -> None:
    assert parse_date("2023-05-15T05:38:00Z") == _at("2023-05-15T05:38", 0)
    assert parse_date("15 May 2023 05:38") is None  # no zone and no default: not placed
    assert parse_date("15 May 2023 05:38", default_tz=UTC) == _at("2023-05-15T05:38", 0)
    assert parse_date(1684129080) == _at("2023-05-15T05:38", 0)
    assert parse_date("not a date") is None


def test_resolve_date_passes_the_table_and_the_context_on() -> None:
    context = Context()
    resolved = resolve_date(None, "Mon 15 May 2023 05:38 BST", None)
    assert resolved is not None and resolved.value == _at("2023-05-15T05:38", 1)
    assert resolve_date(None, "15 May 2023 05:38 XYZT", None, context=context) is None
    assert context.warnings and "XYZT" in context.warnings[0]
