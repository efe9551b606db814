"""Parsing many pages: a streaming, optionally parallel batch API that never raises per item.

>>> from newsparse.batch import parse_many
>>> for result in parse_many(["pages/", "crawl.warc.gz"], jobs=2):
...     if result.article is not None:
...         store(result.source, result.article)
...     elif result.error is not None:
...         log(result.source, result.error)

Each input yields exactly one :class:`Result` (a WARC file or a directory yields one per
page in it): the article, the :class:`~newsparse.errors.NewsparseError` that stopped it,
or the reason it was skipped. Results stream: nothing is kept after it is yielded, and at
most a few chunks per worker are in flight, so memory stays flat however long the input.

With ``jobs > 1`` pages are parsed in worker processes (``forkserver`` where the platform
has it, else ``spawn``; never ``fork``, which is unsafe in threaded programs). Workers see
the extractors installed as plugins (entry points), not ones added at run time with
:func:`newsparse.register`.

With ``timeout=SECONDS`` a page that takes longer fails with
:class:`~newsparse.errors.TimeLimitError` and the batch goes on: in this process a
SIGALRM timer interrupts the page (:mod:`newsparse.timelimit`); in worker processes the
worker also kills an overrunning one (:mod:`newsparse.workers`).
"""

from __future__ import annotations

import importlib
import traceback
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from newsparse import api, registry, timelimit
from newsparse.errors import NewsparseError, TimeLimitError
from newsparse.inputs import BrokenInput, Input, InputItem, SkippedInput, expand
from newsparse.model import Article
from newsparse.page import DEFAULT_LIMITS, Limits
from newsparse.registry import PluginWarning

__all__ = ["InputItem", "Result", "parse_many"]

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
class _Options:
    """Parse settings shared by every item of a batch (sent once per chunk to workers)."""

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


def parse_item(item: Input, options: _Options | None = None) -> Result:
    """Parse one input into a :class:`Result`; never raises for problems of the input."""
    options = options or _Options()
    if isinstance(item, SkippedInput):
        return Result(source=item.source, skipped=item.reason)
    if isinstance(item, BrokenInput):
        return Result(source=item.source, error=item.error)
    try:
        extraction = api.extract(
            item.read(),
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


Worker = Callable[[list[Input], _Options], list[Result]]


def _parse_chunk(chunk: list[Input], options: _Options) -> list[Result]:
    """Worker entry point: one chunk of inputs, results in the same order."""
    with warnings.catch_warnings():
        # The parent process reported broken plugins once (see _parallel); every worker
        # repeating it would only be noise.
        warnings.simplefilter("ignore", PluginWarning)
        return [parse_item(item, options) for item in chunk]


def _parse_here(chunk: list[Input], options: _Options) -> list[Result]:
    return [parse_item(item, options) for item in chunk]


def run_timed(item: Input, options: _Options, work: Worker) -> list[Result]:
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


def parse_many(
    items: Iterable[object],
    *,
    jobs: int = 1,
    ordered: bool = True,
    extractor: str | None = None,
    encoding: str | None = None,
    fallback: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    explain: bool = False,
    chunksize: int = 8,
    timeout: float | None = None,
) -> Iterator[Result]:
    """Parse many inputs, yielding one :class:`Result` per page; never raises per item.

    ``items`` may mix paths (files, directories — searched recursively for ``*.html``,
    ``*.htm``, ``*.txt``, ``*.warc``, ``*.warc.gz`` —, glob patterns, WARC files),
    ``(content, url)`` pairs (content as bytes or str, url may be None) and
    :class:`~newsparse.inputs.InputItem` objects. It is consumed lazily.

    ``jobs`` worker processes parse in parallel (1: in this process). Results come in
    input order unless ``ordered=False``, which yields each result as soon as it is ready.
    ``extractor``, ``encoding``, ``fallback`` and ``limits`` are those of
    :func:`newsparse.parse` (``encoding`` overrides a WARC record's HTTP charset).
    ``explain`` adds the diagnostics report to each parsed result. ``chunksize`` inputs
    travel to a worker together (larger: less overhead; smaller: smoother progress).

    ``timeout`` (seconds, None for no limit) bounds each page: reading it, parsing it and
    extracting the article. A page over it fails with :class:`TimeLimitError` and the next
    one is parsed. With ``jobs=1`` the page is interrupted by a SIGALRM timer when this is
    the main thread of a POSIX process; elsewhere (another thread, Windows) the batch runs
    in one worker process instead, which can be killed (so, as with ``jobs > 1``, only
    installed plugins are used).
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    if chunksize < 1:
        raise ValueError(f"chunksize must be at least 1, got {chunksize}")
    if timeout is not None and not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds or None, got {timeout}")
    options = _Options(
        extractor=extractor,
        encoding=encoding,
        fallback=fallback,
        limits=limits,
        explain=explain,
        timeout=timeout,
    )
    inputs = expand(items, limits=limits)
    if jobs == 1:
        return _one_process(inputs, options, chunksize=chunksize)
    return _parallel(inputs, options, jobs=jobs, ordered=ordered, chunksize=chunksize)


def _one_process(inputs: Iterator[Input], options: _Options, *, chunksize: int) -> Iterator[Result]:
    """``jobs=1``: parse here, unless a time limit is asked for that this thread cannot keep.

    Decided when iteration starts, in the thread that iterates."""
    if options.timeout is None:
        yield from (parse_item(item, options) for item in inputs)
        return
    if not timelimit.available():
        yield from _parallel(inputs, options, jobs=1, ordered=True, chunksize=chunksize)
        return
    # Plugins are loaded before any clock runs, so that an import is never interrupted.
    registry.extractors()
    for item in inputs:
        yield from run_timed(item, options, _parse_here)


#: Chunks in flight per worker: enough to keep workers busy, few enough to bound memory.
_CHUNKS_PER_WORKER = 4


def _parallel(
    inputs: Iterator[Input],
    options: _Options,
    *,
    jobs: int,
    ordered: bool,
    chunksize: int,
    worker: Worker = _parse_chunk,
) -> Iterator[Result]:
    """Parse in ``jobs`` processes with a bounded window of inputs in flight."""
    from newsparse.workers import Pool

    # Load the plugins here once, so a broken one is reported once, under the caller's
    # warning settings, and not by every worker.
    registry.extractors()
    pool = Pool(jobs, worker, options)
    try:
        yield from pool.results(
            inputs, ordered=ordered, chunksize=chunksize, window=jobs * _CHUNKS_PER_WORKER * chunksize
        )
    finally:
        pool.close()
