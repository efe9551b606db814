"""One item of a batch: its options, its result, parsing it, and its time limit.

The layer :mod:`newsparse.batch` (which streams items) and :mod:`newsparse.workers`
(the processes that parse them) both build on; it imports neither.
"""

from __future__ import annotations

import importlib
import traceback
import warnings
from collections.abc import Callable
from typing import Any

import attrs

from newsparse import api, timelimit
from newsparse.errors import NewsparseError, TimeLimitError
from newsparse.input_types import BrokenInput, Input, SkippedInput
from newsparse.model import Article
from newsparse.page import DEFAULT_LIMITS, Limits
from newsparse.registry import PluginWarning

__all__ = ["Options", "Result", "Worker", "crashed", "load_explain", "parse_item", "run_timed", "timed_out"]


Explain = Callable[[api.Extraction], dict[str, Any]]


@attrs.frozen(kw_only=True)
class Result:
    """The outcome for one input: exactly one of ``article``, ``error`` and ``skipped`` is set.

    ``source`` names the input (a path, ``path@offset`` for a WARC record, the URL of a
    ``(content, url)`` pair or ``<item N>``). ``explain`` holds the diagnostics report
    when asked for. ``traceback`` is the formatted traceback of an error, for debugging.
    """

    source: str
    url: str | None = None
    article: Article | None = None
    error: NewsparseError | None = None
    skipped: str | None = None
    explain: dict[str, Any] | None = None
    traceback: str | None = attrs.field(default=None, repr=False)

    def __attrs_post_init__(self) -> None:
        outcomes = (self.article is not None) + (self.error is not None) + (self.skipped is not None)
        if outcomes != 1:
            raise ValueError("a Result holds exactly one of article, error and skipped")

    @property
    def ok(self) -> bool:
        """True when the input gave an article."""
        return self.article is not None

    @property
    def status(self) -> str:
        """``"parsed"``, ``"failed"`` or ``"skipped"``."""
        if self.article is not None:
            return "parsed"
        return "failed" if self.error is not None else "skipped"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: status, source, url, and the article (contract dict), the
        error (type, message and its structured fields) or the skip reason."""
        error: dict[str, Any] | None = None
        if self.error is not None:
            fields = {k: v for k, v in vars(self.error).items() if k not in ("message", "source")}
            error = {"type": type(self.error).__name__, "message": self.error.message, **fields}
        return {
            "status": self.status,
            "source": self.source,
            "url": self.url,
            "article": self.article.to_dict() if self.article is not None else None,
            "error": error,
            "skipped": self.skipped,
        }


@attrs.frozen(kw_only=True)
class Options:
    """Parse settings shared by every item of a batch (sent once per chunk to workers):
    ``extractor``, ``encoding``, ``fallback`` and ``limits`` as for :func:`newsparse.parse`,
    ``explain`` to add the diagnostics report, ``timeout`` seconds per page (None: no limit)."""

    extractor: str | None = None
    encoding: str | None = None
    fallback: bool = False
    limits: Limits = DEFAULT_LIMITS
    explain: bool = False
    timeout: float | None = None


def load_explain() -> Explain | None:
    """``newsparse.diagnostics.explain`` if this installation has it, else None."""
    try:
        # Imported by name: the diagnostics module is optional to this one (and heavier).
        diagnostics = importlib.import_module("newsparse.diagnostics")
    except ImportError:
        return None
    function = getattr(diagnostics, "explain", None)
    return function if callable(function) else None


def _explain(extraction: api.Extraction) -> dict[str, Any] | None:
    explain = load_explain()
    if explain is None:
        return None
    try:
        return explain(extraction)
    except Exception as exc:  # a diagnostics bug must not cost the user the article
        return {"error": f"diagnostics failed: {type(exc).__name__}: {exc}"}


def parse_item(item: Input, options: Options | None = None) -> Result:
    """Parse one input into a :class:`Result`; never raises for problems of the input."""
    options = options or Options()
    if isinstance(item, SkippedInput):
        return Result(source=item.source, skipped=item.reason)
    if isinstance(item, BrokenInput):
        return Result(source=item.source, error=item.error)
    try:
        extraction = api.extract(
            item.read(options.limits.max_bytes),
            url=item.url,
            retrieved_at=item.retrieved_at,
            extractor=options.extractor,
            encoding=options.encoding or item.encoding,
            limits=options.limits,
            fallback=options.fallback,
            source=item.source,
        )
    except NewsparseError as exc:
        if exc.source is None:
            exc.source = item.source
        return Result(source=item.source, url=item.url, error=exc, traceback=traceback.format_exc())
    except Exception as exc:  # a core bug must fail one page, never the whole batch
        error = NewsparseError(f"unexpected {type(exc).__name__}: {exc}", source=item.source)
        return Result(source=item.source, url=item.url, error=error, traceback=traceback.format_exc())
    article = extraction.article
    return Result(
        source=item.source,
        url=article.url or item.url,
        article=article,
        explain=_explain(extraction) if options.explain else None,
    )


Worker = Callable[[list[Input], Options], list[Result]]


def parse_chunk(chunk: list[Input], options: Options) -> list[Result]:
    """Worker entry point: one chunk of inputs, results in the same order."""
    with warnings.catch_warnings():
        # The parent process reported broken plugins once (batch._parallel); every worker
        # repeating it would only be noise.
        warnings.simplefilter("ignore", PluginWarning)
        return [parse_item(item, options) for item in chunk]


def parse_here(chunk: list[Input], options: Options) -> list[Result]:
    """One chunk of inputs parsed in this process (warnings as the caller set them)."""
    return [parse_item(item, options) for item in chunk]


def run_timed(item: Input, options: Options, work: Worker) -> list[Result]:
    """``work([item], options)`` under the time limit ``options.timeout``, when there is one
    and this thread can keep it (see :mod:`newsparse.timelimit`); a page over the limit
    becomes a :class:`TimeLimitError` result whose traceback shows where it was stopped."""
    seconds = options.timeout
    if seconds is None or not timelimit.available():
        return work([item], options)
    try:
        return timelimit.call_with_time_limit(lambda: work([item], options), seconds)
    except timelimit.Expired:
        return [timed_out(item, seconds, traceback.format_exc())]


def timed_out(item: Input, seconds: float, trace: str | None = None) -> Result:
    """The result of an input that ran over the time limit."""
    error = TimeLimitError(seconds, source=item.source)
    return Result(source=item.source, url=getattr(item, "url", None), error=error, traceback=trace)


def crashed(item: Input) -> Result:
    """The result of an input whose worker process died, twice, while parsing it."""
    error = NewsparseError(
        "the worker process parsing this input died (a crash in a C library or the system "
        "killing it for memory)",
        source=item.source,
    )
    return Result(source=item.source, url=getattr(item, "url", None), error=error)


