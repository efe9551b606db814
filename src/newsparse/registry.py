"""Finding, loading and choosing extractors.

Three phases, each small:

*find*
    reads the entry points of the group ``newsparse.extractors`` — metadata only, nothing
    is imported. Names are unique: when two distributions declare the same name, newsparse's
    own wins, then the alphabetically first distribution, and a :class:`PluginWarning`
    says which one was ignored.
*load*
    imports one extractor when it is needed, checks its declaration (:func:`validate`) and
    instantiates it. Every failure — import error, not an Extractor, name mismatch,
    constructor raising — becomes one :class:`~newsparse.errors.ExtractorLoadError` naming
    the plugin and its distribution; it is remembered, so a broken plugin is tried once.
*select*
    picks one extractor for a page::

        explicit name  >  URL rules  >  content sniffing  >  "generic"

    URL rules are tried on the page URL, then on its canonical URL, or (for a page
    without a canonical link) on its OpenGraph ``og:url``. Among matching
    extractors the most specific rule wins (:attr:`UrlRule.specificity
    <newsparse.extractor.UrlRule.specificity>`), then the higher ``priority``, then the
    alphabetically first name, so the choice never depends on installation order.
    Sniffing is only for pages that come without a usable URL; sniffers are asked in
    priority order, then by name.

Laziness: ``import newsparse`` imports no extractor (nor ``importlib.metadata``). Parsing
with an explicit extractor imports only that one; automatic selection imports each
installed extractor once (their URL rules are class attributes), and later calls reuse
them. The extractors selection chooses among (those that load) are kept until
:func:`register`, :func:`unregister` or :func:`reset`.

A broken plugin never breaks the others: when scanning (automatic selection,
:func:`extractors`) it is skipped with one :class:`PluginWarning`, :func:`broken` lists
it, and asking for it by name raises its :class:`~newsparse.errors.ExtractorLoadError`.
"""

from __future__ import annotations

import contextlib
import re
import threading
import warnings
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING, TypeVar

import attrs

from newsparse.errors import ExtractorLoadError, ExtractorNotFoundError
from newsparse.extractor import Extractor, Layout, UrlRule, url_host_path

if TYPE_CHECKING:
    from importlib import metadata

    from newsparse.page import Page

__all__ = [
    "ENTRY_POINT_GROUP",
    "GENERIC",
    "Entry",
    "PluginWarning",
    "Registry",
    "Selection",
    "broken",
    "default_registry",
    "entries",
    "extractors",
    "get",
    "register",
    "reset",
    "select",
    "unregister",
    "validate",
]

#: The entry-point group every extractor (built-in or third-party) is registered under.
ENTRY_POINT_GROUP = "newsparse.extractors"
#: Name of the fallback extractor.
GENERIC = "generic"
#: What an extractor name may look like: lower-case letters, digits, ``-``, ``_``, ``.``.
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
#: The distribution whose extractors win name clashes.
_OWN_DISTRIBUTION = "newsparse"

_E = TypeVar("_E", bound=type[Extractor])


class PluginWarning(UserWarning):
    """A plugin was skipped (failed to load, malformed, misbehaved) or shadowed by another."""


@attrs.frozen
class Entry:
    """A known extractor, loaded or not: its name, where it comes from, how to load it."""

    name: str
    #: ``"<distribution> <version>"`` for entry points, ``"runtime"`` for :func:`register`.
    origin: str
    #: ``module:attribute`` for entry points, ``module.QualName`` for runtime registrations.
    target: str
    loader: Callable[[], object] = attrs.field(repr=False, eq=False)
    #: The distribution's name, or None for runtime registrations and unknown origins.
    distribution: str | None = None


@attrs.frozen
class Selection:
    """The chosen extractor and why: ``explicit``, ``url``, ``sniff`` or ``fallback``.

    ``rule`` is the URL rule that matched (reason ``url``) and ``url`` the URL it matched.
    """

    extractor: Extractor
    reason: str
    rule: UrlRule | None = None
    url: str | None = None


def _discover_entry_points() -> Iterable[metadata.EntryPoint]:
    # importlib.metadata is imported here, on the first selection, not with newsparse: it
    # is a fifth of ``import newsparse`` and a program that never parses never needs it.
    from importlib import metadata

    return metadata.entry_points(group=ENTRY_POINT_GROUP)


class Registry:
    """A set of extractors: those found through entry points plus runtime registrations.

    newsparse uses one default instance (see the module functions). Tests and embedders may
    build their own, passing ``discover`` to replace the entry-point scan.
    """

    def __init__(
        self, discover: Callable[[], Iterable[metadata.EntryPoint]] = _discover_entry_points
    ) -> None:
        self._discover = discover
        self._lock = threading.RLock()
        self._found: dict[str, Entry] | None = None
        self._runtime: dict[str, Entry] = {}
        self._loaded: dict[str, Extractor] = {}
        self._broken: dict[str, ExtractorLoadError] = {}
        # Selection runs on every page: the extractors that load (the fallback left out) are
        # kept until register/unregister/reset.
        self._selectable: tuple[Extractor, ...] | None = None

    # --- find ------------------------------------------------------------------------------

    def _find(self) -> dict[str, Entry]:
        if self._found is None:
            found: dict[str, Entry] = {}
            points = [_entry_of(ep) for ep in self._discover()]
            # Deterministic whatever the order of sys.path: by name, newsparse's own first,
            # then by distribution name and target.
            points.sort(key=lambda e: (e.name, e.distribution != _OWN_DISTRIBUTION, e.origin, e.target))
            for entry in points:
                kept = found.get(entry.name)
                if kept is None:
                    found[entry.name] = entry
                elif (kept.origin, kept.target) != (entry.origin, entry.target):
                    warnings.warn(
                        f"extractor {entry.name!r} is declared twice ({kept.origin}: {kept.target} and "
                        f"{entry.origin}: {entry.target}); using the one from {kept.origin}",
                        PluginWarning,
                        stacklevel=4,
                    )
            self._found = found
        return self._found

    def entries(self) -> list[Entry]:
        """Every known extractor, by name (runtime registrations shadow entry points)."""
        with self._lock:
            merged = {**self._find(), **self._runtime}
            return [merged[name] for name in sorted(merged)]

    def _entry(self, name: str) -> Entry | None:
        return self._runtime.get(name) or self._find().get(name)

    # --- load ------------------------------------------------------------------------------

    def get(self, name: str) -> Extractor:
        """The extractor called ``name``, loaded on first use.

        Raises :class:`ExtractorNotFoundError` for an unknown name and
        :class:`ExtractorLoadError` for a plugin that cannot be loaded.
        """
        with self._lock:
            if name in self._loaded:
                return self._loaded[name]
            if name in self._broken:
                raise self._broken[name]
            entry = self._entry(name)
            if entry is None:
                raise ExtractorNotFoundError(name, available=tuple(e.name for e in self.entries()))
            try:
                extractor = _instantiate(entry)
            except ExtractorLoadError as exc:
                self._broken[name] = exc
                raise
            self._loaded[name] = extractor
            return extractor

    def extractors(self) -> list[Extractor]:
        """Every extractor that loads, by name; each broken one is skipped with one warning."""
        loaded: list[Extractor] = []
        for entry in self.entries():
            with self._lock:
                already_broken = entry.name in self._broken
            try:
                loaded.append(self.get(entry.name))
            except ExtractorLoadError as exc:
                if not already_broken:  # warn once per plugin, not on every page
                    warnings.warn(f"skipping broken plugin: {exc}", PluginWarning, stacklevel=3)
        return loaded

    def broken(self) -> dict[str, ExtractorLoadError]:
        """Every extractor that fails to load, by name, with its error (loads all, no warning)."""
        for entry in self.entries():
            with contextlib.suppress(ExtractorLoadError):
                self.get(entry.name)
        with self._lock:
            return {name: self._broken[name] for name in sorted(self._broken)}

    # --- runtime registration --------------------------------------------------------------

    def register(self, extractor: _E, *, replace: bool = False) -> _E:
        """Add an extractor class at run time; returns it, so it works as a decorator.

        The class is checked and instantiated at once (a malformed one raises
        :class:`ExtractorLoadError`). A name already known raises :class:`ValueError`
        unless ``replace=True``; a replaced entry-point extractor comes back after
        :func:`unregister`.
        """
        name = getattr(extractor, "name", "")
        target = (
            f"{getattr(extractor, '__module__', '?')}.{getattr(extractor, '__qualname__', repr(extractor))}"
        )
        entry = Entry(str(name), "runtime", target, lambda: extractor)
        instance = _instantiate(entry)
        with self._lock:
            if self._entry(entry.name) is not None and not replace:
                raise ValueError(
                    f"an extractor named {entry.name!r} is already registered; pass replace=True"
                )
            self._runtime[entry.name] = entry
            self._loaded[entry.name] = instance
            self._broken.pop(entry.name, None)
            self._forget_selection()
        return extractor

    def unregister(self, name: str) -> None:
        """Remove an extractor added with :func:`register` (entry-point ones cannot be removed)."""
        with self._lock:
            if name not in self._runtime:
                raise ExtractorNotFoundError(name, available=tuple(sorted(self._runtime)))
            del self._runtime[name]
            self._loaded.pop(name, None)
            self._broken.pop(name, None)
            self._forget_selection()

    def reset(self) -> None:
        """Forget everything found, loaded and registered (tests; after installing a plugin)."""
        with self._lock:
            self._found = None
            self._runtime.clear()
            self._loaded.clear()
            self._broken.clear()
            self._forget_selection()

    def _forget_selection(self) -> None:
        self._selectable = None

    # --- select ----------------------------------------------------------------------------

    def select(self, page: Page | None, *, name: str | None = None, url: str | None = None) -> Selection:
        """Choose the extractor for ``page`` (see the module docstring for the order).

        ``url`` overrides the page's URL for selection. With ``page=None`` only the
        explicit name and URL rules apply before the fallback.
        """
        if name:
            return Selection(self.get(name), "explicit")
        candidates = self._candidates()
        usable = False
        tried: set[str] = set()
        for candidate_url in _selection_urls(page, url):
            if url_host_path(candidate_url) is None or candidate_url in tried:
                continue
            tried.add(candidate_url)
            usable = True
            chosen = _by_url(candidates, candidate_url)
            if chosen is not None:
                return Selection(chosen[0], "url", chosen[1], candidate_url)
        if page is not None and not usable:
            for ex in sorted(candidates, key=lambda e: (-e.priority, e.name)):
                if _guarded(ex, "sniff", partial(ex.sniff, page), default=False):
                    return Selection(ex, "sniff")
        return Selection(self.get(GENERIC), "fallback")

    def _candidates(self) -> tuple[Extractor, ...]:
        """The extractors selection chooses among (every one that loads but the fallback)."""
        selectable = self._selectable
        if selectable is None:
            selectable = tuple(ex for ex in self.extractors() if ex.name != GENERIC)
            with self._lock:
                self._selectable = selectable
        return selectable


def _selection_urls(page: Page | None, url: str | None) -> Iterable[str]:
    """The URLs selection tries, in order; the canonical link (else ``og:url``) is read
    only when needed."""
    if url:
        yield url
    if page is not None:
        if page.url:
            yield page.url
        if page.canonical_url:
            yield page.canonical_url
        elif page.og_url:
            yield page.og_url


def _by_url(candidates: Sequence[Extractor], url: str) -> tuple[Extractor, UrlRule] | None:
    """The extractor and rule chosen for ``url``: each candidate's :meth:`Extractor.matches_url`
    is asked; the narrowest rule wins, then the highest priority, then the first name."""
    matches: list[tuple[Extractor, UrlRule]] = []
    for ex in candidates:
        rule = _guarded(ex, "matches_url", partial(ex.matches_url, url), default=None)
        if rule is not None:
            matches.append((ex, rule))
    if not matches:
        return None
    return min(matches, key=lambda m: (_negated(m[1].specificity), -m[0].priority, m[0].name))


def _negated(values: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(-v for v in values)


_T = TypeVar("_T")


def _guarded(ex: Extractor, what: str, call: Callable[[], _T], *, default: _T) -> _T:
    """Run a plugin's selection hook; a hook that raises counts as "no" (with a warning)."""
    try:
        return call()
    except Exception as exc:  # third-party code must not break selection for everyone
        warnings.warn(
            f"extractor {ex.name!r}: {what}() raised {type(exc).__name__}: {exc}; treated as no match",
            PluginWarning,
            stacklevel=4,
        )
        return default


def _entry_of(ep: metadata.EntryPoint) -> Entry:
    dist = getattr(ep, "dist", None)
    if dist is None:
        return Entry(ep.name, "unknown distribution", ep.value, ep.load)
    dist_name = str(dist.metadata["Name"])
    return Entry(ep.name, f"{dist_name} {dist.version}", ep.value, ep.load, dist_name)


def validate(cls: object, *, name: str, origin: str) -> type[Extractor]:
    """Check that ``cls`` is a well-formed extractor class; raise ExtractorLoadError if not."""

    def bad(reason: str) -> ExtractorLoadError:
        return ExtractorLoadError(name, origin=origin, reason=reason)

    if not (isinstance(cls, type) and issubclass(cls, Extractor)):
        raise bad(f"{cls!r} is not a subclass of newsparse.Extractor")
    if not isinstance(cls.name, str) or not NAME_RE.match(cls.name):
        raise bad(f"invalid extractor name {cls.name!r} (lower-case letters, digits, '-', '_', '.')")
    if cls.name != name:
        raise bad(f"class declares name {cls.name!r} but is registered as {name!r}")
    if isinstance(cls.url_rules, (str, bytes)) or not isinstance(cls.url_rules, Sequence):
        raise bad(f"url_rules must be a sequence of UrlRule, got {cls.url_rules!r}")
    for rule in cls.url_rules:
        if not isinstance(rule, UrlRule):
            raise bad(f"url_rules must hold UrlRule objects, got {rule!r}")
    if isinstance(cls.priority, bool) or not isinstance(cls.priority, int):
        raise bad(f"priority must be an int, got {cls.priority!r}")
    if isinstance(cls.layouts, (str, bytes)) or not isinstance(cls.layouts, Sequence):
        raise bad(f"layouts must be a sequence of Layout, got {cls.layouts!r}")
    for layout in cls.layouts:
        if not isinstance(layout, Layout):
            raise bad(f"layouts must hold Layout objects, got {layout!r}")
    if not cls.layouts and cls.extract_article is Extractor.extract_article:
        raise bad("declares no layouts and does not override extract_article")
    return cls


def _instantiate(entry: Entry) -> Extractor:
    try:
        loaded = entry.loader()
    except Exception as exc:  # any import-time failure of third-party code
        raise ExtractorLoadError(
            entry.name, origin=entry.origin, reason=f"{type(exc).__name__}: {exc}"
        ) from exc
    cls = validate(loaded, name=entry.name, origin=entry.origin)
    try:
        return cls()
    except Exception as exc:
        raise ExtractorLoadError(
            entry.name, origin=entry.origin, reason=f"constructor raised {type(exc).__name__}: {exc}"
        ) from exc


# --- the default registry and its module-level API ------------------------------------------

_REGISTRY = Registry()


def default_registry() -> Registry:
    """The registry :func:`newsparse.parse` uses."""
    return _REGISTRY


def entries() -> list[Entry]:
    """Every known extractor of the default registry, loaded or not, by name."""
    return _REGISTRY.entries()


def get(name: str) -> Extractor:
    """The extractor called ``name`` (see :meth:`Registry.get`)."""
    return _REGISTRY.get(name)


def extractors() -> list[Extractor]:
    """Every extractor that loads (see :meth:`Registry.extractors`)."""
    return _REGISTRY.extractors()


def broken() -> dict[str, ExtractorLoadError]:
    """Every extractor that fails to load, with its error (see :meth:`Registry.broken`)."""
    return _REGISTRY.broken()


def register(extractor: _E, *, replace: bool = False) -> _E:
    """Add an extractor class at run time (see :meth:`Registry.register`); usable as a decorator."""
    return _REGISTRY.register(extractor, replace=replace)


def unregister(name: str) -> None:
    """Remove an extractor added with :func:`register`."""
    _REGISTRY.unregister(name)


def reset() -> None:
    """Forget everything found, loaded and registered in the default registry."""
    _REGISTRY.reset()


def select(page: Page | None, *, name: str | None = None, url: str | None = None) -> Selection:
    """Choose the extractor for ``page`` with the default registry (see :meth:`Registry.select`)."""
    return _REGISTRY.select(page, name=name, url=url)
