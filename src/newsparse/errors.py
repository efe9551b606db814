"""The exceptions newsparse raises.

Every error a caller can see derives from :class:`NewsparseError`::

    NewsparseError
    ├── InputError                 the input cannot be read as a web page
    │   └── LimitExceededError     the input is over a limit (max_bytes, max_nodes, max_depth)
    │       └── TimeLimitError     parsing the page took longer than the time limit (timeout)
    ├── NoContentError             the page was read but holds nothing to extract
    ├── ExtractorNotFoundError     no extractor of that name is registered
    ├── ExtractorLoadError         a plugin failed to import or is malformed
    └── ExtractionError            an extractor raised while reading a page
        └── UnknownLayoutError     none of the extractor's layouts recognised the page

Each carries structured fields (``source``, ``extractor``, ``limit`` …) so a batch job can
report failures without parsing messages.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ExtractionError",
    "ExtractorLoadError",
    "ExtractorNotFoundError",
    "InputError",
    "LimitExceededError",
    "NewsparseError",
    "NoContentError",
    "TimeLimitError",
    "UnknownLayoutError",
]


class NewsparseError(Exception):
    """Root of every error newsparse raises on purpose.

    ``source`` names the input (a path, a URL, ``<stdin>``) when it is known.
    """

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        if self.source:
            return f"{self.source}: {self.message}"
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Default exception pickling calls ``cls(*self.args)``, which cannot restore the
        # keyword-only fields of the subclasses. Errors must cross process boundaries intact
        # (``--jobs``, multiprocessing, Dask), so restore the fields directly.
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(cls: type[NewsparseError], args: tuple[Any, ...], state: dict[str, Any]) -> NewsparseError:
    error = cls.__new__(cls, *args)
    error.__dict__.update(state)
    return error


class InputError(NewsparseError):
    """The input is empty, binary, undecodable or otherwise not a web page."""


class LimitExceededError(InputError):
    """The input is over a limit: ``limit`` names it (a :class:`newsparse.Limits` field), ``value``
    is the limit's value.

    ``max_bytes`` and ``max_nodes`` are checked for every page. Depth is normally not an
    error (content deeper than ``max_depth`` is cut with a warning); it is raised with
    ``limit="max_depth"`` only when a page nests past the parser's hard stop (2048 levels)
    before holding any text at all.
    """

    def __init__(self, message: str, *, limit: str, value: float, source: str | None = None) -> None:
        super().__init__(message, source=source)
        self.limit = limit
        self.value = value


class TimeLimitError(LimitExceededError):
    """Parsing the page took longer than ``seconds`` and was stopped (``limit="timeout"``,
    ``value`` = ``seconds``).

    :func:`newsparse.parse` has no time limit; the batch API
    (:func:`newsparse.batch.parse_many` with ``timeout=``, ``newsparse parse --timeout``)
    reports a page that runs over its time as a failed result holding this error. The cause
    may be the input (a pathological page) or the extractor (a plugin that loops forever).
    """

    def __init__(self, seconds: float, *, source: str | None = None) -> None:
        super().__init__(
            f"parsing took longer than the time limit of {seconds:g} s (timeout) and was stopped",
            limit="timeout",
            value=seconds,
            source=source,
        )


class NoContentError(NewsparseError):
    """The page parsed, but nothing usable (no title and no body) could be extracted."""


class ExtractorNotFoundError(NewsparseError):
    """No extractor is registered under ``name``."""

    def __init__(self, name: str, *, available: tuple[str, ...] = ()) -> None:
        known = ", ".join(available) if available else "none"
        super().__init__(f"no extractor named {name!r} (available: {known})")
        self.name = name
        self.available = available


class ExtractorLoadError(NewsparseError):
    """A plugin could not be imported, or what it registered is not an extractor."""

    def __init__(self, name: str, *, origin: str, reason: str) -> None:
        super().__init__(f"extractor {name!r} from {origin} could not be loaded: {reason}")
        self.name = name
        self.origin = origin
        self.reason = reason


class ExtractionError(NewsparseError):
    """The extractor ``extractor`` raised while reading the page."""

    def __init__(self, message: str, *, extractor: str, source: str | None = None) -> None:
        super().__init__(f"extractor {extractor!r} failed: {message}", source=source)
        self.extractor = extractor


class UnknownLayoutError(ExtractionError):
    """None of the extractor's declared layouts recognised the page (a redesign, or a page
    of the site that is not an article). Chosen by URL or sniffing, such a page is read by
    the generic extractor instead, with a warning; asked for by name, this is raised."""
