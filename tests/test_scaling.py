"""Every rule runs in time linear in its input (issue 14): one scaling test per known hot
spot. Each doubles a hostile input and checks that the *work* doubles, by counting (calls,
characters a regex is given, element visits), never by timing, so the tests hold on any
machine and under any load.

A regex's own work is not observable from Python, so a regex hot spot is checked in two
parts: the characters it is given grow linearly (or are bounded), and the regex cannot
backtrack over them (no unbounded repeat outside an atomic lookahead), or it is only ever
given a bounded text.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest

import newsparse
from newsparse.extractors.bbc import common, simorgh_dom, simorgh_json
from newsparse.toolkit import dates

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "fixtures" / "bbc-zhongwen" / "seed-world-59666831.txt").read_text(encoding="utf-8")
SEED_URL = "https://www.bbc.com/zhongwen/simp/world-59666831"
JSON_STORY = (ROOT / "fixtures" / "bbc-zhongwen" / "json-story.html").read_text(encoding="utf-8")
JSON_STORY_URL = "https://www.bbc.com/zhongwen/simp/chinese-news-60000001"


def linear(small: float, large: float, slack: float = 0.1, constant: float = 50) -> bool:
    """``large`` (the work on twice the input) is at most twice ``small``, give or take."""
    return large <= 2 * small * (1 + slack) + constant


class Probe:
    """Stands in for a compiled regex: counts its calls and the characters each is given."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self._regex = pattern
        self.calls = 0
        self.chars = 0
        self.longest = 0

    def _seen(self, string: str) -> None:
        self.calls += 1
        self.chars += len(string)
        self.longest = max(self.longest, len(string))

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._regex, name)
        if not callable(method) or name not in (
            "search",
            "match",
            "fullmatch",
            "finditer",
            "findall",
            "sub",
            "subn",
        ):
            return method

        def probed(*args: Any, **kwargs: Any) -> Any:
            string = args[1] if name in ("sub", "subn") else args[0]
            self._seen(string)
            return method(*args, **kwargs)

        return probed


def probe(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> Probe:
    found = Probe(getattr(module, name))
    monkeypatch.setattr(module, name, found)
    return found


def _repeats_outside_lookaheads(pattern: str) -> list[str]:
    """The unbounded repeats of ``pattern`` that are not inside a lookahead (which, captured
    and matched again by backreference, makes them atomic: they never backtrack)."""
    parser = __import__("re._parser" if sys.version_info >= (3, 11) else "sre_parse", fromlist=["parse"])
    constants = __import__(
        "re._constants" if sys.version_info >= (3, 11) else "sre_constants", fromlist=["x"]
    )
    found: list[str] = []

    def walk(items: Any, in_lookahead: bool) -> None:
        for op, value in items:
            if op in (constants.MAX_REPEAT, constants.MIN_REPEAT):
                _low, high, body = value
                if high == constants.MAXREPEAT and not in_lookahead:
                    found.append(str(body))
                walk(body, in_lookahead)
            elif op == constants.ASSERT:
                walk(value[1], True)
            elif op == constants.SUBPATTERN:
                walk(value[-1], in_lookahead)
            elif op == constants.BRANCH:
                for branch in value[1]:
                    walk(branch, in_lookahead)

    walk(parser.parse(pattern), False)
    return found


# --- SIMORGH_DATA candy_xml tags --------------------------------------------------------------


def _candy(spaces: int) -> str:
    anchor = '"text": "本市交通部门'
    assert anchor in JSON_STORY
    return JSON_STORY.replace(anchor, anchor[:9] + ("</link><a" + " " * spaces) * 4 + anchor[9:], 1)


def test_the_candy_xml_tag_regex_cannot_backtrack() -> None:
    # "<a" and 2,000 spaces took 30 s with nested quantifiers over the spaces (cubic).
    assert _repeats_outside_lookaheads(simorgh_json._TAG.pattern) == []


def test_candy_xml_with_long_unclosed_tags_scales_linearly(monkeypatch: pytest.MonkeyPatch) -> None:
    tags = probe(monkeypatch, simorgh_json, "_TAG")
    work = []
    for spaces in (20_000, 40_000):
        tags.chars = 0
        article = newsparse.parse(_candy(spaces), url=JSON_STORY_URL)
        assert article.layout == "simorgh-json" and len(article.paragraphs) == 5
        work.append(tags.chars)
    assert linear(*work)


# --- dates: long digit runs --------------------------------------------------------------------


@pytest.mark.parametrize("digits", [16_000, 32_000])
def test_a_time_of_thousands_of_digits_reaches_no_date_regex_whole(
    monkeypatch: pytest.MonkeyPatch, digits: int
) -> None:
    # 16,000 digits in a <time> took 30 s in the relative-date regexes (\d+ backtracking).
    dates._relative_offset.cache_clear()
    probes = [probe(monkeypatch, dates, name) for name in ("_ZH_RELATIVE", "_EN_RELATIVE", "_JUST_NOW")]
    article = newsparse.parse(SEED.replace("30 分钟前", "1" * digits, 1), url=SEED_URL)
    assert len(article.paragraphs) == 31
    assert max(p.longest for p in probes) <= dates._MAX_DATE_TEXT


def test_the_relative_date_regexes_read_bounded_digit_runs() -> None:
    # Besides the length bound: a number is at most 6 digits and never starts inside a longer
    # run, so each search position is left after a bounded look.
    for pattern, unit in ((dates._ZH_RELATIVE, " 分钟前"), (dates._EN_RELATIVE, " minutes ago")):
        assert r"(?<!\d)\d{1,6}" in pattern.pattern
        assert pattern.search("9" * 50 + unit) is None
        assert pattern.search("9" * 50 + " 5" + unit) is not None


# --- many sibling <time> elements ----------------------------------------------------------------


@pytest.fixture
def text_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Characters returned by every ``text_content()`` call (reading text is the work)."""
    seen: list[int] = []
    original: Callable[..., str] = lxml.html.HtmlMixin.text_content

    def counted(self: Any) -> str:
        text = original(self)
        seen.append(len(text))
        return text

    monkeypatch.setattr(lxml.html.HtmlMixin, "text_content", counted)
    yield seen


def test_many_sibling_times_in_the_seed_scale_linearly(text_reads: list[int]) -> None:
    time = '<time dateTime="2021-12-15">30 分钟前</time>'
    work = []
    for count in (2_000, 4_000):
        text_reads.clear()
        article = newsparse.parse(SEED.replace(time, time * count, 1), url=SEED_URL)
        assert len(article.paragraphs) == 31
        work.append(sum(text_reads) + len(text_reads))
    assert linear(*work)


class _CountingList(list):  # type: ignore[type-arg]
    """A list that counts the items each membership test or iteration looks at."""

    looked = 0

    def __contains__(self, item: object) -> bool:
        _CountingList.looked += len(self)
        return list.__contains__(self, item)

    def __iter__(self) -> Iterator[Any]:
        _CountingList.looked += len(self)
        return list.__iter__(self)


def test_text_outside_skipped_times_scales_linearly() -> None:
    # A media placeholder's title is its text without its <time>s: with the skipped
    # elements in a list, every element visited was compared with all of them.
    work = []
    for count in (2_000, 4_000):
        node = lxml.html.fromstring("<div>" + "<span>a</span><time>1:00</time>" * count + "</div>")
        skip = _CountingList(node.iter("time"))
        _CountingList.looked = 0
        assert simorgh_dom._text_outside(node, skip) == " ".join(["a"] * count).replace(" ", "")
        work.append(_CountingList.looked)
    assert linear(*work)


# --- AV-embed URLs with repeated path segments ---------------------------------------------------


def test_an_av_embed_url_repeating_its_path_scales_linearly(monkeypatch: pytest.MonkeyPatch) -> None:
    pids = probe(monkeypatch, common, "_PID")
    paths = probe(monkeypatch, common, "_AV_EMBED_PATH")
    anchor = "<div><p>中俄两国"
    work = []
    for repeats in (8_000, 16_000):
        pids.calls = pids.chars = paths.chars = 0
        iframe = (
            '<div><iframe src="https://www.bbc.com/'
            + "ws/av-embeds/" * repeats
            + 'p0b4g7w8/zh-hans"></iframe></div>'
        )
        article = newsparse.parse(SEED.replace(anchor, iframe + anchor, 1), url=SEED_URL)
        assert len(article.paragraphs) >= 31
        work.append(pids.chars + pids.calls + paths.chars)
    assert linear(*work)
    assert pids.longest <= 20  # a pid is matched segment by segment, never on the whole URL
    assert _repeats_outside_lookaheads(common._AV_EMBED_PATH.pattern) == []
