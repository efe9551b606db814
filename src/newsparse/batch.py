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
"""

from __future__ import annotations

import importlib
import multiprocessing
import traceback
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

import attrs

from newsparse import api, registry
from newsparse.errors import NewsparseError
from newsparse.inputs import BrokenInput, Input, InputItem, SkippedInput, expand
from newsparse.model import Article
from newsparse.page import DEFAULT_LIMITS, Limits
from newsparse.registry import PluginWarning

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

__all__ = ["InputItem", "Result", "parse_many"]

#: Chunks in flight per worker: enough to keep workers busy, few enough to bound memory.
_CHUNKS_PER_WORKER = 4
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


def _parse_chunk(chunk: list[Input], options: _Options) -> list[Result]:
    """Worker entry point: one chunk of inputs, results in the same order."""
    with warnings.catch_warnings():
        # The parent process reported broken plugins once (see _parallel); every worker
        # repeating it would only be noise.
        warnings.simplefilter("ignore", PluginWarning)
        return [parse_item(item, options) for item in chunk]


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
) -> Iterator[Result]:
    """Parse many inputs, yielding one :class:`Result` per page; never raises per item.

    ``items`` may mix paths (files, directories — searched recursively for ``*.html``,
    ``*.htm``, ``*.txt``, ``*.warc``, ``*.warc.gz`` —, glob patterns, WARC files),
    ``(content, url)`` pairs (content as bytes or str, url may be None) and
    :class:`~newsparse.inputs.InputItem` objects. It is consumed lazily.

    ``jobs`` worker processes parse in parallel (1: in this process). Results come in
    input order unless ``ordered=False``, which yields each chunk as soon as it is done.
    ``extractor``, ``encoding``, ``fallback`` and ``limits`` are those of
    :func:`newsparse.parse` (``encoding`` overrides a WARC record's HTTP charset).
    ``explain`` adds the diagnostics report to each parsed result. ``chunksize`` inputs
    travel to a worker together (larger: less overhead; smaller: smoother progress).
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    if chunksize < 1:
        raise ValueError(f"chunksize must be at least 1, got {chunksize}")
    options = _Options(
        extractor=extractor, encoding=encoding, fallback=fallback, limits=limits, explain=explain
    )
    inputs = expand(items, limits=limits)
    if jobs == 1:
        return (parse_item(item, options) for item in inputs)
    return _parallel(inputs, options, jobs=jobs, ordered=ordered, chunksize=chunksize)


def _chunks(inputs: Iterator[Input], size: int) -> Iterator[list[Input]]:
    while chunk := list(islice(inputs, size)):
        yield chunk


def _new_pool(workers: int) -> ProcessPoolExecutor:
    from concurrent.futures import ProcessPoolExecutor

    # fork would copy the parent's locks and threads mid-state; forkserver forks from a
    # clean single-threaded server, spawn starts fresh interpreters.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method))


def _crashed(item: Input) -> Result:
    error = NewsparseError(
        "the worker process parsing this input died (a crash in a C library or the system "
        "killing it for memory)",
        source=item.source,
    )
    return Result(source=item.source, url=getattr(item, "url", None), error=error)


Worker = Callable[[list[Input], _Options], list[Result]]


def _isolate(chunks: Iterable[list[Input]], options: _Options, worker: Worker) -> Iterator[Result]:
    """Re-run inputs whose worker died, one at a time in a fresh process, so exactly the
    input that kills a worker is reported and the innocent ones in flight are parsed."""
    from concurrent.futures.process import BrokenProcessPool

    pool: ProcessPoolExecutor | None = None
    try:
        for chunk in chunks:
            for item in chunk:
                pool = pool or _new_pool(1)
                try:
                    yield from pool.submit(worker, [item], options).result()
                except BrokenProcessPool:
                    pool.shutdown(wait=True)
                    pool = None
                    yield _crashed(item)
    finally:
        if pool is not None:
            pool.shutdown(wait=True)


def _parallel(
    inputs: Iterator[Input],
    options: _Options,
    *,
    jobs: int,
    ordered: bool,
    chunksize: int,
    worker: Worker = _parse_chunk,
) -> Iterator[Result]:
    """Parse in ``jobs`` processes with a bounded window of chunks in flight."""
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    # Load the plugins here once, so a broken one is reported once, under the caller's
    # warning settings, and not by every worker.
    registry.extractors()
    window = jobs * _CHUNKS_PER_WORKER
    pending: deque[tuple[Future[list[Result]], list[Input]]] = deque()
    pool = _new_pool(jobs)

    def ready(block: bool) -> list[tuple[Future[list[Result]], list[Input]]]:
        """Finished entries to hand out now; with ``block`` wait for at least one."""
        if ordered:
            if block and pending:
                wait([pending[0][0]])
            done = []
            while pending and pending[0][0].done():
                done.append(pending.popleft())
            return done
        futures = [future for future, _chunk in pending]
        finished, _ = wait(futures, timeout=None if block else 0, return_when=FIRST_COMPLETED)
        done = [entry for entry in pending if entry[0] in finished]
        for entry in done:
            pending.remove(entry)
        return done

    def recover(lost: list[list[Input]]) -> Iterator[Result]:
        # Every future of a broken pool fails: re-run the lost chunks one input at a time,
        # then go on with a fresh pool.
        nonlocal pool
        pending.clear()
        pool.shutdown(wait=True)
        yield from _isolate(lost, options, worker)
        pool = _new_pool(jobs)

    def hand_out(block: bool) -> Iterator[Result]:
        finished = ready(block)
        for index, (future, _chunk) in enumerate(finished):
            try:
                results = future.result()
            except BrokenProcessPool:
                yield from recover([c for _f, c in finished[index:]] + [c for _f, c in pending])
                return
            yield from results

    try:
        for chunk in _chunks(inputs, chunksize):
            try:
                pending.append((pool.submit(worker, chunk, options), chunk))
            except BrokenProcessPool:  # the pool died since the last look
                yield from recover([*(c for _f, c in pending), chunk])
                continue
            yield from hand_out(block=len(pending) >= window)
        while pending:
            yield from hand_out(block=True)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
