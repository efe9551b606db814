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

from collections.abc import Iterable, Iterator

from newsparse import registry, timelimit
from newsparse.inputs import Input, InputItem, expand
from newsparse.item import (
    Options,
    Result,
    Worker,
    load_explain,
    parse_chunk,
    parse_here,
    parse_item,
    run_timed,
)
from newsparse.page import DEFAULT_LIMITS, Limits

__all__ = ["InputItem", "Options", "Result", "load_explain", "parse_many"]


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
    options = Options(
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


def _one_process(inputs: Iterator[Input], options: Options, *, chunksize: int) -> Iterator[Result]:
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
        yield from run_timed(item, options, parse_here)


#: Chunks in flight per worker: enough to keep workers busy, few enough to bound memory.
_CHUNKS_PER_WORKER = 4


def _parallel(
    inputs: Iterator[Input],
    options: Options,
    *,
    jobs: int,
    ordered: bool,
    chunksize: int,
    worker: Worker = parse_chunk,
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
