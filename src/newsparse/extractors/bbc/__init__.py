"""BBC World Service: the sites BBC publishes in about 40 languages (bbc.com/arabic,
/persian, /russian, /hindi, /mundo, /zhongwen, ...), all rendered by BBC's app Simorgh.

One extractor reads every site; each site is a record of data (:mod:`.services_data`:
path, variants and languages, direction, the strings its pages show). Three layouts, tried
in this order (see ``docs/bbc-world-service.md``):

1. ``simorgh-json`` — a Simorgh page carrying ``window.SIMORGH_DATA``: the article is read
   from BBC's own block model.
2. ``simorgh-dom`` — Simorgh markup without usable JSON: full pages and captured fragments
   (the user's sample), keyed on Simorgh's stable hooks, not its hashed class names.
3. ``legacy`` — the pre-Simorgh templates: ``.story-body .bodytext`` with Dublin Core meta
   (to 2016) and the responsive ``.story-body__inner`` (2014-2019).

``bbc-zhongwen`` is the same extractor narrowed to BBC Chinese: its URL rules and sniffing
take only that site, at a higher priority, so BBC Chinese pages keep the extractor name
existing users select and compare (``--extractor bbc-zhongwen``).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from newsparse.extractor import Extractor, Layout, UrlRule, url_host_path
from newsparse.extractors.bbc import legacy, simorgh_dom, simorgh_json
from newsparse.extractors.bbc.service import SERVICES, Service, service_by_id

if TYPE_CHECKING:
    from collections.abc import Sequence

    from newsparse.extractor import Context
    from newsparse.model import Article
    from newsparse.page import Page

__all__ = ["BBCWorldServiceExtractor", "BBCZhongwenExtractor", "describe_site", "url_rules_for"]

_HOSTS = ("*.bbc.com", "*.bbc.co.uk")


def _paths(service: Service) -> tuple[str, ...]:
    """Path patterns of one site's article URLs.

    Sites with script variants name the variant in every article URL
    (``/zhongwen/simp/world-59666831``, ``/serbian/articles/c1/cyr``, legacy
    ``/zhongwen/trad/…/….shtml``); single-variant sites have CPS slugs ending in the asset
    number (``/arabic/middleeast-58677609``, ``/pidgin/58228654``), Optimo articles
    (``/arabic/articles/c69dvq19k63o``) and legacy ``.shtml`` pages.
    """
    prefix = f"/{service.id}/"
    named = [v.name for v in service.variants if v.name != "default"]
    paths: list[str] = []
    if named:
        names = "|".join(named)
        paths += [rf"{prefix}(?:{names})(?:/|$)", rf"{prefix}articles/[0-9a-z]+/(?:{names})(?:/|$)"]
    if len(named) < len(service.variants):  # a variant without a URL segment
        paths += [
            rf"{prefix}(?:[a-z][a-z0-9_]*-)*\d+(?:/|$)",
            rf"{prefix}articles/[0-9a-z]+/?$",
            rf"{prefix}(?:[\w-]+/)+[\w-]+\.s?html?$",
        ]
    return tuple(paths)


def describe_site(service: Service) -> str:
    """One line about a site: ``/arabic/  ar rtl  BBC News عربي`` (variants named)."""
    variants = ", ".join(
        f"{v.lang} {v.direction}" if v.name == "default" else f"{v.name}: {v.lang} {v.direction}"
        for v in service.variants
    )
    return f"/{service.id}/  {variants}  {service.default.brand}"


def url_rules_for(services: Sequence[Service]) -> tuple[UrlRule, ...]:
    """The URL rules of some sites, on bbc.com and bbc.co.uk."""
    return tuple(UrlRule(host, path) for service in services for path in _paths(service) for host in _HOSTS)


_LAYOUTS: tuple[Layout, ...] = (
    Layout(
        name="simorgh-json",
        detect=simorgh_json.detect,
        extract=simorgh_json.extract,
        description="Simorgh page with window.SIMORGH_DATA (BBC's own article JSON)",
        valid_from=date(2019, 1, 1),
    ),
    Layout(
        name="simorgh-dom",
        detect=simorgh_dom.detect,
        extract=simorgh_dom.extract,
        description="Simorgh markup without the JSON: full pages and captured fragments",
        valid_from=date(2019, 1, 1),
    ),
    Layout(
        name="legacy",
        detect=legacy.detect,
        extract=legacy.extract,
        description="pre-Simorgh templates: .bodytext (to 2016) and .story-body__inner (2014-2019)",
        valid_until=date(2020, 1, 1),
    ),
)


class BBCWorldServiceExtractor(Extractor):
    """BBC World Service sites: stories, photo galleries, video pages and articles, in
    every layout served, for every site in :data:`services`."""

    name: ClassVar[str] = "bbc-world-service"
    description: ClassVar[str] = (
        f"BBC World Service, {sum(s.claims_urls for s in SERVICES)} language sites (bbc.com/arabic, "
        "/persian, /russian, /hindi, /mundo, /zhongwen, ...): Simorgh and legacy pages"
    )
    #: The sites this extractor takes by URL and by sniffing.
    services: ClassVar[tuple[Service, ...]] = tuple(s for s in SERVICES if s.claims_urls)
    url_rules: ClassVar[Sequence[UrlRule]] = url_rules_for(services)
    #: The sites, as ``newsparse extractors`` lists them.
    sites: ClassVar[tuple[str, ...]] = tuple(describe_site(s) for s in services)
    priority: ClassVar[int] = 10
    layouts: ClassVar[Sequence[Layout]] = _LAYOUTS

    def matches_url(self, url: str) -> UrlRule | None:
        """The most specific rule matching ``url`` among its site's rules only: the site is
        the first path segment, so one dictionary lookup replaces trying every site's rules
        (the same answer as the base class gives from ``url_rules``)."""
        where = url_host_path(url)
        if where is None:
            return None
        host, path = where
        rules = _rules_by_site(type(self)).get(path.split("/", 2)[1] if path.count("/") >= 2 else "", ())
        matching = [rule for rule in rules if rule.matches(host, path)]
        return max(matching, key=lambda r: r.specificity) if matching else None

    def extract_article(self, page: Page, context: Context) -> Article:
        """The first layout that recognises the page reads it. What reading the page's
        Simorgh data noticed is reported first: broken data is why the JSON layout steps
        aside for the markup ones, and repaired data is what the JSON layout reads."""
        page.app_json(simorgh_json.DATA, context=context)
        return super().extract_article(page, context)

    def sniff(self, page: Page) -> bool:
        """Pages without a URL: a BBC site's Simorgh data, markup or metadata."""
        chosen = None if type(self) is BBCWorldServiceExtractor else self.services
        return (
            simorgh_json.sniff(page, chosen) or simorgh_dom.sniff(page, chosen) or legacy.sniff(page, chosen)
        )


_BY_SITE: dict[str, dict[str, tuple[UrlRule, ...]]] = {}


def _rules_by_site(cls: type[BBCWorldServiceExtractor]) -> dict[str, tuple[UrlRule, ...]]:
    """An extractor class's URL rules grouped by the site (first path segment) they name,
    grouped once per extractor name."""
    found = _BY_SITE.get(cls.name)
    if found is None:
        grouped: dict[str, list[UrlRule]] = {}
        for rule in cls.url_rules:
            grouped.setdefault(rule.path.split("/", 2)[1], []).append(rule)
        found = _BY_SITE[cls.name] = {site: tuple(rules) for site, rules in grouped.items()}
    return found


def _zhongwen() -> tuple[Service, ...]:
    found = service_by_id("zhongwen")
    return (found,) if found is not None else ()


class BBCZhongwenExtractor(BBCWorldServiceExtractor):
    """BBC News 中文 (simplified and traditional): the World Service extractor narrowed to
    one site, kept under its own name for existing users."""

    name: ClassVar[str] = "bbc-zhongwen"
    description: ClassVar[str] = (
        "BBC News 中文 (simplified and traditional): bbc-world-service narrowed to BBC Chinese"
    )
    services: ClassVar[tuple[Service, ...]] = _zhongwen()
    url_rules: ClassVar[Sequence[UrlRule]] = url_rules_for(services)
    sites: ClassVar[tuple[str, ...]] = tuple(describe_site(s) for s in services)
    priority: ClassVar[int] = 20
