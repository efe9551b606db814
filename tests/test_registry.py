"""Plugin discovery, loading and selection, with fake entry points over real plugin modules.

Each test writes small plugin modules into a fresh package on ``sys.path`` and hands a
:class:`~newsparse.registry.Registry` fake ``importlib.metadata.EntryPoint`` objects, so
broken, missing and duplicate plugins are tested without installing anything.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import uuid
import warnings
from collections.abc import Callable, Iterator
from importlib.metadata import EntryPoint
from pathlib import Path
from types import SimpleNamespace
from typing import Any, ClassVar

import pytest

import newsparse
from newsparse import Article, Extractor, ExtractorLoadError, ExtractorNotFoundError, Page, Paragraph, UrlRule
from newsparse.registry import ENTRY_POINT_GROUP, GENERIC, PluginWarning, Registry

HEADER = """
from newsparse import Article, Extractor, Paragraph, UrlRule

class Base(Extractor):
    def extract_article(self, page, context):
        return Article(title=self.name, body=[Paragraph(text="body")])
"""

#: module name -> source after HEADER. One extractor per module, to observe lazy imports.
PLUGINS: dict[str, str] = {
    "generic_fake": 'class Generic(Base):\n    name = "generic"',
    "site": 'class Site(Base):\n    name = "site"\n    url_rules = (UrlRule("*.example.com"),)',
    "site_copy": 'class SiteCopy(Base):\n    name = "site"',
    "site_news": (
        'class SiteNews(Base):\n    name = "site-news"\n'
        '    url_rules = (UrlRule("*.example.com", r"/news/"),)'
    ),
    "exact": 'class Exact(Base):\n    name = "exact"\n    url_rules = (UrlRule("www.example.com"),)',
    "deep": 'class Deep(Base):\n    name = "deep"\n    url_rules = (UrlRule("*.sub.example.com"),)',
    "low": 'class Low(Base):\n    name = "low"\n    url_rules = (UrlRule("tie.example.org"),)',
    "high": (
        'class High(Base):\n    name = "zz-high"\n    priority = 5\n'
        '    url_rules = (UrlRule("tie.example.org"),)'
    ),
    "tie_a": 'class TieA(Base):\n    name = "tie"\n    url_rules = (UrlRule("same.example.net"),)',
    "tie_b": 'class TieB(Base):\n    name = "tie-b"\n    url_rules = (UrlRule("same.example.net"),)',
    "sniffer": (
        'class Sniffer(Base):\n    name = "sniffer"\n'
        "    def sniff(self, page):\n"
        '        return page.meta_first("generator") == "fake-cms"'
    ),
    "sniffer_high": (
        'class SnifferHigh(Base):\n    name = "sniffer-high"\n    priority = 3\n'
        "    def sniff(self, page):\n"
        '        return page.meta_first("generator") == "fake-cms"'
    ),
    "sniff_raises": (
        'class SniffRaises(Base):\n    name = "sniff-raises"\n    priority = 9\n'
        "    def sniff(self, page):\n"
        '        raise RuntimeError("sniffer bug")'
    ),
    "plain": 'class Plain(Base):\n    name = "plain"',
    # Broken in every way a plugin can be broken.
    "raises_on_import": 'raise ImportError("needs a missing dependency")',
    "syntax_error": "class Broken(:\n    pass",
    "not_extractor": 'class NotAnExtractor:\n    name = "not-extractor"\nCONSTANT = 42',
    "exploding": (
        'class Exploding(Base):\n    name = "exploding"\n'
        "    def __init__(self):\n"
        '        raise RuntimeError("boom in constructor")'
    ),
    "bad_rules": 'class BadRules(Base):\n    name = "bad-rules"\n    url_rules = ("*.example.com",)',
    "no_method": 'class NoMethod(Extractor):\n    name = "no-method"',
}


class Plugins:
    """A package of plugin modules on sys.path, and fake entry points into it."""

    def __init__(self, package: str) -> None:
        self.package = package

    def ep(self, name: str, module: str, attr: str) -> EntryPoint:
        return EntryPoint(name, f"{self.package}.{module}:{attr}", ENTRY_POINT_GROUP)

    def registry(self, *points: Any) -> Registry:
        return Registry(discover=lambda: list(points))

    def imported(self) -> set[str]:
        prefix = self.package + "."
        return {name[len(prefix) :] for name in sys.modules if name.startswith(prefix)}


@pytest.fixture
def plugins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Plugins]:
    package = f"np_fake_{uuid.uuid4().hex[:12]}"
    root = tmp_path / package
    root.mkdir()
    (root / "__init__.py").write_text("")
    for module, source in PLUGINS.items():
        (root / f"{module}.py").write_text(HEADER + "\n" + textwrap.dedent(source) + "\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield Plugins(package)
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]


def standard(p: Plugins) -> list[EntryPoint]:
    return [
        p.ep("generic", "generic_fake", "Generic"),
        p.ep("site", "site", "Site"),
        p.ep("site-news", "site_news", "SiteNews"),
        p.ep("exact", "exact", "Exact"),
        p.ep("deep", "deep", "Deep"),
        p.ep("low", "low", "Low"),
        p.ep("zz-high", "high", "High"),
        p.ep("tie", "tie_a", "TieA"),
        p.ep("tie-b", "tie_b", "TieB"),
        p.ep("plain", "plain", "Plain"),
    ]


def page(url: str | None = None, head: str = "") -> Page:
    return Page.from_input(f"<html><head>{head}</head><body><p>text</p></body></html>", url=url)


# --- find: lazy, sorted, de-duplicated ---------------------------------------------------------


def test_discovery_imports_nothing_and_get_imports_only_what_is_asked(plugins: Plugins) -> None:
    registry = plugins.registry(*standard(plugins))
    names = [entry.name for entry in registry.entries()]
    assert names == sorted(names) and "site-news" in names
    assert plugins.imported() == set()
    registry.get("site-news")
    assert plugins.imported() == {"site_news"}


def test_entry_records_origin_and_target(plugins: Plugins) -> None:
    registry = plugins.registry(plugins.ep("site", "site", "Site"))
    (entry,) = registry.entries()
    assert entry.target == f"{plugins.package}.site:Site"
    assert entry.origin == "unknown distribution" and entry.distribution is None


def test_duplicate_names_warn_and_keep_one_deterministically(plugins: Plugins) -> None:
    first = plugins.ep("site", "site", "Site")
    second = plugins.ep("site", "site_copy", "SiteCopy")
    for order in ([first, second], [second, first]):
        registry = plugins.registry(*order)
        with pytest.warns(PluginWarning, match="'site' is declared twice"):
            entries = registry.entries()
        # Same distribution (here: unknown) on both: the first target in sort order is kept,
        # whatever the discovery order.
        assert [e.target for e in entries] == [first.value]
        assert type(registry.get("site")).__name__ == "Site"


def test_duplicate_names_prefer_newsparse_own_distribution(plugins: Plugins) -> None:
    def with_dist(ep: EntryPoint, dist: str) -> SimpleNamespace:
        meta = SimpleNamespace(metadata={"Name": dist}, version="1.0")
        return SimpleNamespace(name=ep.name, value=ep.value, group=ep.group, load=ep.load, dist=meta)

    own = with_dist(plugins.ep("generic", "generic_fake", "Generic"), "newsparse")
    hijack = with_dist(plugins.ep("generic", "plain", "Plain"), "aaa-hijack")
    registry = plugins.registry(hijack, own)
    with pytest.warns(PluginWarning, match="using the one from newsparse 1.0"):
        (entry,) = registry.entries()
    assert entry.distribution == "newsparse" and entry.origin == "newsparse 1.0"


# --- select ------------------------------------------------------------------------------------


def test_explicit_name_beats_url_rules(plugins: Plugins) -> None:
    registry = plugins.registry(*standard(plugins))
    selection = registry.select(page("https://www.example.com/news/1"), name="plain")
    assert (selection.extractor.name, selection.reason) == ("plain", "explicit")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://blog.example.com/", "site"),  # only the host-wide wildcard matches
        ("https://blog.example.com/news/1", "site-news"),  # a path rule is narrower
        ("https://www.example.com/news/1", "exact"),  # an exact host beats any wildcard
        ("https://a.sub.example.com/news/1", "deep"),  # a longer wildcard domain is narrower
        ("https://EXAMPLE.com./x", "site"),  # hosts compare case-insensitively, trailing dot ignored
    ],
)
def test_url_rules_most_specific_wins(plugins: Plugins, url: str, expected: str) -> None:
    selection = plugins.registry(*standard(plugins)).select(page(url))
    assert selection.extractor.name == expected
    assert selection.reason == "url" and selection.url == url and selection.rule is not None


def test_priority_breaks_ties_between_equal_rules(plugins: Plugins) -> None:
    selection = plugins.registry(*standard(plugins)).select(page("https://tie.example.org/"))
    assert selection.extractor.name == "zz-high"  # priority 5 beats 0 whatever the names


def test_equal_rules_and_priority_pick_the_first_name_whatever_the_order(plugins: Plugins) -> None:
    points = standard(plugins)
    for ordered in (points, points[::-1]):
        selection = plugins.registry(*ordered).select(page("https://same.example.net/x"))
        # "tie" is a prefix of "tie-b": the alphabetically first name must still win.
        assert selection.extractor.name == "tie"


def test_canonical_url_is_used_when_the_page_has_no_url(plugins: Plugins) -> None:
    head = '<link rel="canonical" href="https://blog.example.com/news/9">'
    selection = plugins.registry(*standard(plugins)).select(page(None, head))
    assert (selection.extractor.name, selection.reason) == ("site-news", "url")


def test_og_url_is_used_when_the_page_has_no_url_and_no_canonical_link(plugins: Plugins) -> None:
    head = '<meta property="og:url" content="https://blog.example.com/news/9">'
    selection = plugins.registry(*standard(plugins)).select(page(None, head))
    assert (selection.extractor.name, selection.reason) == ("site-news", "url")
    assert selection.url == "https://blog.example.com/news/9"


def test_canonical_link_wins_over_og_url(plugins: Plugins) -> None:
    head = (
        '<link rel="canonical" href="https://unknown.example.info/a">'
        '<meta property="og:url" content="https://blog.example.com/news/9">'
    )
    selection = plugins.registry(*standard(plugins)).select(page(None, head))
    assert (selection.extractor.name, selection.reason) == ("generic", "fallback")


def test_sniffing_for_pages_without_url_highest_priority_first(plugins: Plugins) -> None:
    registry = plugins.registry(
        *standard(plugins),
        plugins.ep("sniffer", "sniffer", "Sniffer"),
        plugins.ep("sniffer-high", "sniffer_high", "SnifferHigh"),
    )
    selection = registry.select(page(None, '<meta name="generator" content="fake-cms">'))
    assert (selection.extractor.name, selection.reason) == ("sniffer-high", "sniff")


def test_sniffing_is_not_used_when_a_url_is_given(plugins: Plugins) -> None:
    registry = plugins.registry(*standard(plugins), plugins.ep("sniffer", "sniffer", "Sniffer"))
    selection = registry.select(
        page("https://unknown.example.info/", '<meta name="generator" content="fake-cms">')
    )
    assert (selection.extractor.name, selection.reason) == ("generic", "fallback")


def test_fallback_to_generic(plugins: Plugins) -> None:
    registry = plugins.registry(*standard(plugins), plugins.ep("sniffer", "sniffer", "Sniffer"))
    assert registry.select(page(None)).extractor.name == "generic"
    assert registry.select(page("https://elsewhere.example.info/")).reason == "fallback"
    assert registry.select(None).extractor.name == "generic"


def test_a_raising_sniffer_is_skipped_with_a_warning(plugins: Plugins) -> None:
    registry = plugins.registry(
        *standard(plugins),
        plugins.ep("sniff-raises", "sniff_raises", "SniffRaises"),
        plugins.ep("sniffer", "sniffer", "Sniffer"),
    )
    with pytest.warns(PluginWarning, match=r"'sniff-raises': sniff\(\) raised RuntimeError"):
        selection = registry.select(page(None, '<meta name="generator" content="fake-cms">'))
    assert selection.extractor.name == "sniffer"


# --- broken plugins ----------------------------------------------------------------------------

BROKEN = [
    ("missing-module", "no_such_module", "X", "ModuleNotFoundError"),
    ("raises-on-import", "raises_on_import", "X", "ImportError: needs a missing dependency"),
    ("syntax-error", "syntax_error", "Broken", "SyntaxError"),
    ("missing-attr", "plain", "NoSuchClass", "AttributeError"),
    ("not-extractor", "not_extractor", "NotAnExtractor", "is not a subclass of newsparse.Extractor"),
    ("constant", "not_extractor", "CONSTANT", "42 is not a subclass of newsparse.Extractor"),
    ("alias", "site", "Site", "class declares name 'site' but is registered as 'alias'"),
    ("exploding", "exploding", "Exploding", "constructor raised RuntimeError: boom in constructor"),
    ("bad-rules", "bad_rules", "BadRules", "url_rules must hold UrlRule objects"),
    ("no-method", "no_method", "NoMethod", "declares no layouts and does not override extract_article"),
]


@pytest.mark.parametrize(("name", "module", "attr", "reason"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_plugin_is_skipped_listed_and_raises_by_name(
    plugins: Plugins, name: str, module: str, attr: str, reason: str
) -> None:
    registry = plugins.registry(*standard(plugins), plugins.ep(name, module, attr))
    with pytest.warns(PluginWarning, match=f"skipping broken plugin: extractor '{name}'"):
        loaded = [ex.name for ex in registry.extractors()]
    assert name not in loaded and {"site", "site-news", "generic"} <= set(loaded)
    # The others still work: selection is unaffected.
    assert registry.select(page("https://blog.example.com/news/1")).extractor.name == "site-news"
    # Listed as broken, with structured fields.
    error = registry.broken()[name]
    assert error.name == name and error.origin == "unknown distribution" and reason in error.reason
    # Asked for by name: a clear error, every time.
    for _ in range(2):
        with pytest.raises(ExtractorLoadError) as caught:
            registry.get(name)
        assert caught.value is error
    assert f"extractor {name!r} from unknown distribution could not be loaded" in str(caught.value)


def test_broken_plugin_warns_once_not_on_every_page(plugins: Plugins) -> None:
    registry = plugins.registry(*standard(plugins), plugins.ep("exploding", "exploding", "Exploding"))
    with pytest.warns(PluginWarning):
        registry.select(page("https://blog.example.com/"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert registry.select(page("https://blog.example.com/")).extractor.name == "site"


def test_broken_lists_everything_without_warning(plugins: Plugins) -> None:
    registry = plugins.registry(*standard(plugins), *(plugins.ep(n, m, a) for n, m, a, _ in BROKEN))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert list(registry.broken()) == sorted(n for n, *_ in BROKEN)


def test_unknown_name_lists_what_is_available(plugins: Plugins) -> None:
    registry = plugins.registry(plugins.ep("site", "site", "Site"), plugins.ep("plain", "plain", "Plain"))
    with pytest.raises(ExtractorNotFoundError) as caught:
        registry.get("nope")
    assert caught.value.name == "nope" and caught.value.available == ("plain", "site")
    assert "no extractor named 'nope' (available: plain, site)" in str(caught.value)


# --- runtime registration ----------------------------------------------------------------------


class Runtime(Extractor):
    name = "runtime-site"
    url_rules = (UrlRule("runtime.example.dev"),)

    def extract_article(self, page: Page, context: Any) -> Article:
        return Article(title="runtime", body=[Paragraph(text="x")])


def test_register_and_unregister_at_run_time(plugins: Plugins) -> None:
    registry = plugins.registry(*standard(plugins))
    url = "https://runtime.example.dev/a"
    assert registry.select(page(url)).extractor.name == "generic"
    assert registry.register(Runtime) is Runtime  # usable as a decorator
    assert registry.select(page(url)).extractor.name == "runtime-site"
    (entry,) = [e for e in registry.entries() if e.name == "runtime-site"]
    assert entry.origin == "runtime" and entry.target.endswith("Runtime")
    with pytest.raises(ValueError, match="already registered"):
        registry.register(Runtime)
    registry.unregister("runtime-site")
    assert registry.select(page(url)).extractor.name == "generic"
    with pytest.raises(ExtractorNotFoundError):
        registry.unregister("runtime-site")


def test_register_replace_shadows_an_entry_point_until_unregistered(plugins: Plugins) -> None:
    registry = plugins.registry(*standard(plugins))

    class Replacement(Runtime):
        name = "site"
        url_rules = (UrlRule("*.example.com"),)

    with pytest.raises(ValueError, match="already registered"):
        registry.register(Replacement)
    registry.register(Replacement, replace=True)
    assert isinstance(registry.get("site"), Replacement)
    registry.unregister("site")
    assert type(registry.get("site")).__name__ == "Site"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: type("Nameless", (Runtime,), {"name": ""}), "invalid extractor name"),
        (lambda: type("Upper", (Runtime,), {"name": "Upper Case"}), "invalid extractor name"),
        (lambda: type("BadPriority", (Runtime,), {"name": "bad-priority", "priority": "high"}), "priority"),
        (lambda: object, "not a subclass"),
    ],
)
def test_register_refuses_malformed_classes(plugins: Plugins, make: Callable[[], Any], reason: str) -> None:
    with pytest.raises(ExtractorLoadError, match=reason):
        plugins.registry().register(make())


def test_module_level_register_uses_the_default_registry() -> None:
    newsparse.register(Runtime)
    try:
        article = newsparse.parse("<html><body><p>x</p></body></html>", url="https://runtime.example.dev/a")
        assert article.extractor == "runtime-site"
    finally:
        newsparse.unregister("runtime-site")
    with pytest.raises(ExtractorNotFoundError):
        newsparse.parse("<p>x</p>", extractor="runtime-site")


# --- the real installation -------------------------------------------------------------------


def test_builtins_are_registered_through_the_entry_point_group() -> None:
    entries = {e.name: e for e in newsparse.registry.entries()}
    for name in ("generic", "bbc-zhongwen"):
        assert entries[name].distribution == "newsparse"
        assert entries[name].origin == f"newsparse {newsparse.__version__}"
        assert entries[name].target.startswith("newsparse.extractors.")


def test_importing_newsparse_imports_no_extractor() -> None:
    code = (
        "import sys, newsparse\n"
        "newsparse.registry.entries()\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('newsparse.extractors'))\n"
        "print(repr(loaded))\n"
        "newsparse.registry.get('generic')\n"
        "print('newsparse.extractors.bbc' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, bbc_after_generic = result.stdout.splitlines()
    assert before == "[]"
    assert bbc_after_generic == "False"  # loading one extractor by name loads only that one


# --- URL selection asks each extractor's matches_url -----------------------------------


class _Base(Extractor):
    def extract_article(self, page: Any, context: Any) -> Article:
        return Article(title=self.name, body=[Paragraph(text="body")])


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


def test_selection_follows_register_and_unregister() -> None:
    registry = _registry(_Generic, _Site)
    url = "https://www.example.com/own/1"
    assert registry.select(None, url=url).extractor.name == "site"
    registry.register(_OwnMatching)
    assert registry.select(None, url=url).extractor.name == "own"
    registry.unregister("own")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert registry.select(None, url=url).extractor.name == "site"
