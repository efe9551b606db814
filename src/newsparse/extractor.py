"""The extractor contract: what a site plugin declares and the one method it implements.

An extractor is a class. It declares *what it is* with class attributes (``name``,
``url_rules``, ``priority``, optionally ``layouts``) and implements extraction either by
overriding :meth:`Extractor.extract_article` or by declaring :class:`Layout` objects, one
per site design, each with its own detection test. Selection among extractors is done by
:mod:`newsparse.registry` from these declarations alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlsplit

import attrs

from newsparse.errors import UnknownLayoutError
from newsparse.model import Article

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from newsparse.page import Page

__all__ = ["Context", "Decision", "Extractor", "Layout", "Skipped", "SourceText", "UrlRule"]


_HOST_PATTERN = re.compile(r"^(\*\.)?[a-z0-9_-]+(\.[a-z0-9_-]+)*$")


def _check_host(_instance: object, _attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _HOST_PATTERN.match(value):
        raise ValueError(
            "UrlRule host must be a lower-case host name or '*.domain' "
            f"(no scheme, port or path), got {value!r}"
        )


@attrs.frozen
class UrlRule:
    """Which URLs an extractor handles: a host pattern and a path regular expression.

    ``host`` is an exact host (``www.bbc.com``) or a wildcard for a domain and all its
    subdomains (``*.bbc.com``), lower-case. ``path`` is a regular expression matched at
    the start of the URL path (``re.match``); the default matches every path. A bad
    pattern fails when the rule is built, that is when the plugin is imported.
    """

    host: str = attrs.field(validator=_check_host)
    path: str = ""
    _compiled: re.Pattern[str] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        try:
            compiled = re.compile(self.path)
        except re.error as exc:
            raise ValueError(f"UrlRule path {self.path!r} is not a valid regular expression: {exc}") from exc
        object.__setattr__(self, "_compiled", compiled)

    def matches(self, host: str, path: str) -> bool:
        """True when ``host`` and ``path`` (of one URL) fall under this rule."""
        return self.matches_host(host) and self.matches_path(path)

    def matches_path(self, path: str) -> bool:
        """True when ``path`` falls under this rule's path pattern (the host not considered)."""
        return self._compiled.match(path) is not None

    def matches_host(self, host: str) -> bool:
        """True when URLs on ``host`` can fall under this rule (the path not considered)."""
        host = host.lower().rstrip(".")
        if self.host.startswith("*."):
            domain = self.host[2:]
            return host == domain or host.endswith("." + domain)
        return host == self.host

    @property
    def specificity(self) -> tuple[int, int, int]:
        """How narrow the rule is, compared as a tuple (bigger is narrower).

        An exact host beats any wildcard; among wildcards the longer domain wins
        (``*.news.example.com`` over ``*.example.com``); then the longer path pattern.
        """
        return (0 if self.host.startswith("*.") else 1, self.host.count("."), len(self.path))


@lru_cache(maxsize=256)
def url_host_path(url: str) -> tuple[str, str] | None:
    """The (host, path) of an absolute http(s) URL, or None."""
    # Cached: selection asks about the same URL once itself and once per extractor rule set.
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts.hostname, parts.path or "/"


@attrs.frozen
class Decision:
    """One decision an extractor made (a layout chosen, a content root picked …)."""

    what: str
    detail: str


@attrs.frozen
class Skipped:
    """An element (or, with ``part``, a piece of an element's text) the extractor left out
    on purpose, and why.

    ``text`` is the whole text left out, whitespace-normalised, at any length (the
    diagnostics shorten it for display only).
    """

    element: str
    reason: str
    text: str
    #: True for :meth:`Context.skip_text`: only ``text`` was left out, the rest of the
    #: element was read.
    part: bool = False


@attrs.frozen
class SourceText:
    """One piece of text of the data an extractor read the body from (a JSON text block).

    Recorded with :meth:`Context.source_text`; coverage is measured over these when the
    body was not read from an element (no ``content_root``).
    """

    where: str
    text: str


@attrs.define
class Context:
    """What an extraction noticed, beside the Article itself.

    Extractors call :meth:`warn` for what a user should see in ``Article.warnings``,
    :meth:`decide` for each choice they make, :meth:`skip` for elements they drop on
    purpose, and set :attr:`content_root` to the element the body came from. The
    diagnostics (``newsparse parse --explain``, ``newsparse check``) are built from this.
    """

    warnings: list[str] = attrs.field(factory=list)
    decisions: list[Decision] = attrs.field(factory=list)
    skipped: list[Skipped] = attrs.field(factory=list)
    content_root: HtmlElement | None = None
    source_texts: list[SourceText] = attrs.field(factory=list)

    def warn(self, message: str) -> None:
        """Record a warning that ends up in ``Article.warnings`` (duplicates collapse)."""
        if message not in self.warnings:
            self.warnings.append(message)

    def decide(self, what: str, detail: str) -> None:
        """Record a decision, e.g. ``decide("layout", "simorgh-json: SIMORGH_DATA found")``."""
        self.decisions.append(Decision(what, detail))

    def skip(self, element: HtmlElement, reason: str) -> None:
        """Record an element dropped on purpose (an ad, the player fallback …).

        The record describes the element (tag, ``id``, ``class``, ``data-e2e``, ``role``) and
        keeps its whole whitespace-normalised text as it is now (an extractor may go on to
        remove parts of it, e.g. a nested match of the same drop selector); all of it counts
        as accounted for in the drift measure.
        """
        text = " ".join(element.text_content().split())
        self.skipped.append(Skipped(_describe(element), reason, text))

    def skip_text(self, element: HtmlElement, text: str, reason: str) -> None:
        """Record that ``text``, a part of ``element``'s text, was left out on purpose.

        For a label inside an element whose content was read: ``"Photograph:"`` before a
        credit, the ``"— "`` before a quote's source. The drift measure counts that part
        of the element's text as accounted for and still checks the rest of it (where
        :meth:`skip` would account for the whole element).
        """
        part = " ".join(text.split())
        if part:
            self.skipped.append(Skipped(_describe(element), reason, part, part=True))

    def source_text(self, text: str, where: str = "") -> None:
        """Record a piece of text of the data the body is read from, when that is not an
        element of the page (a JSON block of the page's state: a paragraph, a caption, a
        list item, also a block the extractor cannot read).

        Without a :attr:`content_root`, coverage is the share of these texts that reached
        the Article (or were skipped); ``where`` names the piece in ``--explain``'s lost
        list (``"blocks[3] (paragraph)"``). Record every text-bearing block met, not only
        those read, so a new block type shows up as lost text.
        """
        normal = " ".join(text.split())
        if normal:
            self.source_texts.append(SourceText(where, normal))


def _describe(element: HtmlElement) -> str:
    tag = element.tag if isinstance(element.tag, str) else "#node"
    attrs_ = [f"{k}={v!r}" for k, v in element.attrib.items() if k in ("id", "class", "data-e2e", "role")]
    return f"<{tag}{' ' if attrs_ else ''}{' '.join(attrs_)}>"


LayoutExtract = Callable[["Page", Context], Article]
LayoutDetect = Callable[["Page"], bool]


@attrs.frozen(kw_only=True)
class Layout:
    """One design of a site, for extractors that must handle redesigns.

    Layouts are tried in the order declared; the first whose ``detect`` returns True is
    used (and its ``name`` lands in ``Article.layout``). ``valid_from``/``valid_until``
    document the period the design was served; they are informational and shown by
    ``newsparse extractors``, never used to reject a page (archives hold old designs).
    """

    name: str
    detect: LayoutDetect
    extract: LayoutExtract
    description: str = ""
    valid_from: date | None = None
    valid_until: date | None = None


class Extractor:
    """Base class of every extractor (site plugin).

    Subclasses set the class attributes below and either declare ``layouts`` or override
    :meth:`extract_article`. One instance may serve many pages: keep no per-page state on
    ``self``.
    """

    #: Unique name, lower-case with dashes (``bbc-zhongwen``); used by ``--extractor``.
    name: ClassVar[str] = ""
    #: One-line description shown by ``newsparse extractors``.
    description: ClassVar[str] = ""
    #: URLs this extractor handles. An empty tuple means "only by name or sniffing".
    url_rules: ClassVar[Sequence[UrlRule]] = ()
    #: Breaks ties between extractors whose URL rules match equally well; higher wins.
    priority: ClassVar[int] = 0
    #: Site designs, tried in order. Leave empty and override extract_article instead.
    layouts: ClassVar[Sequence[Layout]] = ()

    def sniff(self, page: Page) -> bool:
        """For pages that come without a URL: does the content look like this site's?

        Must be cheap (look at a few elements or meta tags); the default says no.
        """
        return False

    def extract_article(self, page: Page, context: Context) -> Article:
        """Turn a page into an Article. The default picks the first matching layout."""
        for layout in self.layouts:
            if layout.detect(page):
                context.decide("layout", f"{layout.name}: detected")
                article = layout.extract(page, context)
                if not article.layout:
                    article = attrs.evolve(article, layout=layout.name)
                return article
            context.decide("layout", f"{layout.name}: not detected")
        tried = ", ".join(layout.name for layout in self.layouts) or "none declared"
        raise UnknownLayoutError(
            f"none of its layouts recognised the page (tried: {tried})",
            extractor=self.name,
            source=page.source,
        )

    def matches_url(self, url: str) -> UrlRule | None:
        """The most specific of this extractor's URL rules matching ``url``, if any."""
        where = url_host_path(url)
        if where is None:
            return None
        matching = [rule for rule in self.url_rules if rule.matches(*where)]
        return max(matching, key=lambda r: r.specificity) if matching else None
