"""Finding, loading and choosing extractors.

Three phases, each small: *find* reads entry-point metadata of the group
``newsparse.extractors`` (nothing imported), *load* imports one extractor on demand and
wraps every failure in :class:`ExtractorLoadError`, *select* picks one extractor for a page:

    explicit name  >  URL rules (most specific rule, then priority, then name)
                   >  content sniffing (pages without a URL)  >  "generic"

A plugin that fails to load is skipped with a :class:`PluginWarning` during selection and
listed as broken by ``newsparse extractors``; asking for it by name raises.
"""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Callable, Iterator
from importlib import metadata
from typing import TYPE_CHECKING

import attrs

from newsparse.errors import ExtractorLoadError, ExtractorNotFoundError
from newsparse.extractor import Extractor, UrlRule, url_host_path

if TYPE_CHECKING:
    from newsparse.page import Page

__all__ = [
    "ENTRY_POINT_GROUP",
    "GENERIC",
    "Entry",
    "PluginWarning",
    "Selection",
    "entries",
    "get",
    "register",
    "select",
    "unregister",
]

ENTRY_POINT_GROUP = "newsparse.extractors"
GENERIC = "generic"
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


class PluginWarning(UserWarning):
    """A plugin was skipped because it failed to load or is malformed."""


@attrs.frozen
class Entry:
    """A known extractor, loaded or not: its name, where it comes from, how to load it."""

    name: str
    #: ``dist-name version`` for entry points, ``runtime`` for :func:`register`.
    origin: str
    #: ``module:attribute`` for entry points, the class's qualified name otherwise.
    target: str
    loader: Callable[[], object] = attrs.field(repr=False, eq=False)


@attrs.frozen
class Selection:
    """The chosen extractor and why it was chosen (``explicit``, ``url``, ``sniff``, ``fallback``)."""

    extractor: Extractor
    reason: str
    rule: UrlRule | None = None


class _Registry:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._found: dict[str, Entry] | None = None
        self._runtime: dict[str, Entry] = {}
        self._loaded: dict[str, Extractor] = {}
        self._broken: dict[str, ExtractorLoadError] = {}

    # --- find ------------------------------------------------------------------------------
    def _find(self) -> dict[str, Entry]:
        if self._found is None:
            found: dict[str, Entry] = {}
            points = sorted(
                metadata.entry_points(group=ENTRY_POINT_GROUP),
                key=lambda ep: (ep.name, _dist_name(ep)),
            )
            for ep in points:
                origin = _origin(ep)
                if ep.name in found:
                    warnings.warn(
                        f"extractor {ep.name!r} is registered twice ({found[ep.name].origin} and "
                        f"{origin}); using the one from {found[ep.name].origin}",
                        PluginWarning,
                        stacklevel=2,
                    )
                    continue
                found[ep.name] = Entry(ep.name, origin, ep.value, ep.load)
            self._found = found
        return self._found

    def entries(self) -> list[Entry]:
        with self._lock:
            merged = {**self._find(), **self._runtime}
            return [merged[name] for name in sorted(merged)]

    # --- load ------------------------------------------------------------------------------
    def get(self, name: str) -> Extractor:
        with self._lock:
            if name in self._loaded:
                return self._loaded[name]
            if name in self._broken:
                raise self._broken[name]
            entry = self._runtime.get(name) or self._find().get(name)
            if entry is None:
                raise ExtractorNotFoundError(name, available=tuple(e.name for e in self.entries()))
            try:
                extractor = _instantiate(entry)
            except ExtractorLoadError as exc:
                self._broken[name] = exc
                raise
            self._loaded[name] = extractor
            return extractor

    def loadable(self) -> Iterator[Extractor]:
        """Every extractor that loads; broken ones are skipped with a warning."""
        for entry in self.entries():
            try:
                yield self.get(entry.name)
            except ExtractorLoadError as exc:
                warnings.warn(f"skipping broken plugin: {exc}", PluginWarning, stacklevel=3)

    def broken(self) -> dict[str, ExtractorLoadError]:
        with self._lock:
            return dict(self._broken)

    # --- runtime registration --------------------------------------------------------------
    def register(self, extractor: type[Extractor], *, replace: bool = False) -> None:
        entry = Entry(
            extractor.name, "runtime", f"{extractor.__module__}.{extractor.__qualname__}", lambda: extractor
        )
        instance = _instantiate(entry)
        with self._lock:
            exists = entry.name in self._runtime or entry.name in self._find()
            if exists and not replace:
                raise ValueError(
                    f"an extractor named {entry.name!r} is already registered; pass replace=True"
                )
            self._runtime[entry.name] = entry
            self._loaded[entry.name] = instance
            self._broken.pop(entry.name, None)

    def unregister(self, name: str) -> None:
        with self._lock:
            if name not in self._runtime:
                raise ExtractorNotFoundError(name, available=tuple(sorted(self._runtime)))
            del self._runtime[name]
            self._loaded.pop(name, None)

    def reset(self) -> None:
        """Forget everything found and loaded (tests; after installing a plugin at run time)."""
        with self._lock:
            self._found = None
            self._runtime.clear()
            self._loaded.clear()
            self._broken.clear()

    # --- select ----------------------------------------------------------------------------
    def select(self, page: Page | None, *, name: str | None = None, url: str | None = None) -> Selection:
        if name:
            return Selection(self.get(name), "explicit")
        url = url or (page.base_url if page is not None else None)
        candidates = [ex for ex in self.loadable() if ex.name != GENERIC]
        if url:
            best: tuple[tuple[tuple[int, int], int, str], Extractor, UrlRule] | None = None
            for ex in candidates:
                rule = ex.matches_url(url)
                if rule is None:
                    continue
                # Higher specificity and priority win; among equals the alphabetically first
                # name wins, so the choice never depends on installation order.
                key = (rule.specificity, ex.priority, _invert(ex.name))
                if best is None or key > best[0]:
                    best = (key, ex, rule)
            if best is not None:
                return Selection(best[1], "url", best[2])
        if page is not None and (url is None or url_host_path(url) is None):
            for ex in sorted(candidates, key=lambda e: (-e.priority, e.name)):
                if ex.sniff(page):
                    return Selection(ex, "sniff")
        return Selection(self.get(GENERIC), "fallback")


def _invert(name: str) -> str:
    # Map a name to a key whose ascending order is the name's descending order.
    return "".join(chr(0x10FFFF - ord(c)) for c in name)


def _dist_name(ep: metadata.EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    return dist.metadata["Name"] if dist is not None else "?"


def _origin(ep: metadata.EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    if dist is None:
        return "unknown distribution"
    return f"{dist.metadata['Name']} {dist.version}"


def validate(cls: object, *, name: str, origin: str) -> type[Extractor]:
    """Check that ``cls`` is a well-formed extractor class; raise ExtractorLoadError if not."""

    def bad(reason: str) -> ExtractorLoadError:
        return ExtractorLoadError(name, origin=origin, reason=reason)

    if not (isinstance(cls, type) and issubclass(cls, Extractor)):
        raise bad(f"{cls!r} is not a subclass of newsparse.Extractor")
    if not cls.name or not NAME_RE.match(cls.name):
        raise bad(f"invalid extractor name {cls.name!r} (lower-case letters, digits, '-', '_', '.')")
    if cls.name != name:
        raise bad(f"class declares name {cls.name!r} but is registered as {name!r}")
    for rule in cls.url_rules:
        if not isinstance(rule, UrlRule):
            raise bad(f"url_rules must hold UrlRule objects, got {rule!r}")
    if not isinstance(cls.priority, int):
        raise bad("priority must be an int")
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


_REGISTRY = _Registry()

entries = _REGISTRY.entries
get = _REGISTRY.get
loadable = _REGISTRY.loadable
broken = _REGISTRY.broken
register = _REGISTRY.register
unregister = _REGISTRY.unregister
select = _REGISTRY.select
reset = _REGISTRY.reset
