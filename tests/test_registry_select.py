"""URL selection's per-host plan gives the answers of the plain rule.

:meth:`Registry.select` does not call :meth:`Extractor.matches_url` for extractors that
keep the default one: per host it keeps the rules naming the host, narrowest first, and
tests only their path patterns. These tests hold that to the plain rule (ask every
candidate's ``matches_url``, then narrowest rule, highest priority, first name) on
generated rule sets and URLs, and check that a plugin's own ``matches_url`` is still
asked, and isolated when it raises.
"""

from __future__ import annotations

import random
import warnings
from typing import Any, ClassVar

import pytest

from newsparse import Article, Extractor, Paragraph, UrlRule
from newsparse.extractor import url_host_path
from newsparse.registry import GENERIC, PluginWarning, Registry, _by_url, _host_plan

HOSTS = ("example.com", "www.example.com", "news.example.com", "a.news.example.com", "example.org")
RULE_HOSTS = ("*.example.com", "example.com", "www.example.com", "*.news.example.com", "*.example.org")
PATHS = ("", "/news/", "/news/[0-9]+", "/sport", "/(?:news|sport)/", "/a$")
URL_PATHS = ("/", "/news/", "/news/12", "/news/x", "/sport/1", "/a", "/ab", "")


class _Base(Extractor):
    def extract_article(self, page: Any, context: Any) -> Article:
        return Article(title=self.name, body=[Paragraph(text="body")])


def _extractor(name: str, rules: tuple[UrlRule, ...], priority: int = 0) -> Extractor:
    cls = type(name, (_Base,), {"name": name, "url_rules": rules, "priority": priority})
    return cls()  # type: ignore[no-any-return]


def _plain_choice(candidates: list[Extractor], url: str) -> tuple[Extractor, UrlRule] | None:
    """What selection chose before the per-host plan: every candidate's matches_url."""
    matches = [(ex, rule) for ex in candidates if (rule := ex.matches_url(url)) is not None]
    if not matches:
        return None
    return min(matches, key=lambda m: (tuple(-v for v in m[1].specificity), -m[0].priority, m[0].name))


def test_the_host_plan_chooses_what_every_matches_url_would() -> None:
    rng = random.Random(20240515)
    compared = chosen = 0
    for trial in range(150):
        candidates = [
            _extractor(
                f"x{trial}-{k}",
                tuple(
                    UrlRule(rng.choice(RULE_HOSTS), rng.choice(PATHS)) for _ in range(rng.randrange(0, 5))
                ),
                priority=rng.choice((0, 0, 1, 5)),
            )
            for k in range(rng.randrange(1, 5))
        ]
        for _ in range(12):
            host = rng.choice(HOSTS)
            host = host.upper() if rng.random() < 0.1 else host
            host = host + "." if rng.random() < 0.1 else host
            url = f"{rng.choice(('http', 'https'))}://{host}{rng.choice(URL_PATHS)}"
            where = url_host_path(url)
            assert where is not None
            expected = _plain_choice(candidates, url)
            got = _by_url(_host_plan(candidates, where[0]), url, where[1])
            assert got == expected, (url, [ex.url_rules for ex in candidates])
            compared += 1
            chosen += got is not None
    # Both outcomes were exercised, many times.
    assert chosen > 300 and compared - chosen > 300


def test_equally_narrow_rules_give_the_first_declared_like_matches_url() -> None:
    first, second = UrlRule("*.example.com", "/news/"), UrlRule("*.example.com", "/sport")
    ex = _extractor("pair", (UrlRule("*.example.org"), first, second))
    assert first.specificity[:2] == second.specificity[:2]
    url = "https://www.example.com/news/"
    assert _by_url(_host_plan([ex], "www.example.com"), url, "/news/") == (ex, ex.matches_url(url))


class _OwnMatching(_Base):
    """Declares no rule naming the host, and claims it in its own matches_url."""

    name = "own"
    url_rules = (UrlRule("elsewhere.net"),)
    seen: ClassVar[list[str]] = []

    def matches_url(self, url: str) -> UrlRule | None:
        self.seen.append(url)
        return self.url_rules[0] if "/own/" in url else None


class _Raising(_Base):
    name = "raising"
    url_rules = (UrlRule("*.example.com"),)

    def matches_url(self, url: str) -> UrlRule | None:
        raise RuntimeError("matcher bug")


class _Generic(_Base):
    name = GENERIC


class _Site(_Base):
    name = "site"
    url_rules = (UrlRule("*.example.com"),)


def _registry(*classes: type[Extractor]) -> Registry:
    registry = Registry(discover=lambda: [])
    for cls in classes:
        registry.register(cls)
    return registry


def test_a_plugins_own_matches_url_is_asked_on_every_host() -> None:
    registry = _registry(_Generic, _Site, _OwnMatching)
    _OwnMatching.seen.clear()
    chosen = registry.select(None, url="https://www.example.com/own/1")
    assert (chosen.extractor.name, chosen.reason) == ("own", "url")  # "elsewhere.net" beats the wildcard
    assert registry.select(None, url="https://www.example.com/other").extractor.name == "site"
    assert _OwnMatching.seen == ["https://www.example.com/own/1", "https://www.example.com/other"]


def test_an_instance_level_matches_url_is_asked_too() -> None:
    registry = _registry(_Generic, _Site)
    site = registry.get("site")
    site.matches_url = lambda url: None  # type: ignore[method-assign]
    assert registry.select(None, url="https://www.example.com/x").reason == "fallback"


def test_a_raising_matches_url_counts_as_no_and_warns_each_time() -> None:
    registry = _registry(_Generic, _Site, _Raising)
    for _ in range(2):
        warned = r"'raising': matches_url\(\) raised RuntimeError: matcher bug"
        with pytest.warns(PluginWarning, match=warned):
            chosen = registry.select(None, url="https://www.example.com/x")
        assert chosen.extractor.name == "site"


def test_the_plan_follows_register_and_unregister() -> None:
    registry = _registry(_Generic, _Site)
    url = "https://www.example.com/own/1"
    assert registry.select(None, url=url).extractor.name == "site"
    registry.register(_OwnMatching)
    assert registry.select(None, url=url).extractor.name == "own"
    registry.unregister("own")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert registry.select(None, url=url).extractor.name == "site"
