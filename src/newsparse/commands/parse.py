"""`newsparse parse`: pages (files, directories, globs, WARC files, stdin) to articles.

One page gives pretty contract JSON; several give JSON Lines, one article a line, streamed
in input order. Failures are reported on stderr, one line each, and processing goes on.
Exit status: 0 all inputs parsed, 1 some failed, 2 usage error. Each page gets at most
``--timeout`` seconds (default 60); a page over it fails like any other.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import attrs

from newsparse.batch import Result, load_explain, parse_many
from newsparse.decoding import codec_name
from newsparse.errors import ExtractorLoadError, ExtractorNotFoundError, LimitExceededError, NewsparseError
from newsparse.input_types import BrokenInput, read_limited
from newsparse.inputs import STDIN, Input, InputItem, count_documents, expand, has_glob, is_warc
from newsparse.page import DEFAULT_LIMITS

__all__ = ["add_parser", "run"]

FORMATS = ("json", "jsonl", "markdown", "text")
#: Seconds a page may take by default: hundreds of times what a real page needs (the slowest
#: known hostile input takes a few seconds), yet a hung plugin costs a batch only a minute.
DEFAULT_TIMEOUT = 60.0

_DESCRIPTION = """\
Parse news pages into articles. PATH is a file, a directory (searched recursively for
*.html, *.htm, *.txt, *.warc, *.warc.gz), a glob pattern, a WARC file, or - for standard
input. One page prints pretty JSON; several print JSON Lines (one article a line)."""

_EPILOG = """\
exit status: 0 when every input parsed, 1 when some failed (one line per failure on
stderr), 2 on a usage error.

examples:
  newsparse parse page.html --url https://www.bbc.com/zhongwen/simp/world-59666831
  newsparse parse pages/ --jobs 4 -o articles.jsonl
  curl -s URL | newsparse parse - --url URL --format markdown
  newsparse parse crawl.warc.gz --jobs 2 > articles.jsonl
  newsparse parse pages/ --timeout 10    # give up on a page after 10 s"""


def add_parser(subparsers: Any) -> None:
    """Register ``parse`` and its options."""
    parser = subparsers.add_parser(
        "parse",
        help="parse pages into articles (JSON, JSON Lines, Markdown or text)",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", nargs="+", metavar="PATH", help="file, directory, glob, WARC file or -")
    page = parser.add_argument_group("page hints (one input only for --url)")
    page.add_argument("--url", help="the page's URL: picks the extractor and resolves relative links")
    page.add_argument(
        "--retrieved-at",
        metavar="ISO-8601",
        help="when the pages were fetched, with a UTC offset (anchors relative dates)",
    )
    page.add_argument("--encoding", help="decode input bytes with this encoding (overrides declarations)")
    extraction = parser.add_argument_group("extraction")
    extraction.add_argument("-e", "--extractor", metavar="NAME", help="use this extractor for every page")
    extraction.add_argument(
        "--fallback",
        action="store_true",
        help="when an extractor raises, retry the page with the generic extractor",
    )
    extraction.add_argument(
        "--explain",
        action="store_true",
        help='add the diagnostics report: JSON becomes {"article": ..., "explain": ...}',
    )
    output = parser.add_argument_group("output")
    output.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        help="json (default for one page; several pages give one JSON object a line), "
        "jsonl (default for several), markdown, text",
    )
    output.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    batch = parser.add_argument_group("batches")
    batch.add_argument(
        "-j", "--jobs", type=int, default=1, metavar="N", help="parse in N processes (0: one per CPU)"
    )
    batch.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up on a page after this long; it is reported as failed (default: "
        f"{DEFAULT_TIMEOUT:g}; 0: no limit)",
    )
    batch.add_argument(
        "--unordered", action="store_true", help="write results as they finish, not in input order"
    )
    batch.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )
    batch.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary line")
    batch.add_argument("-v", "--verbose", action="store_true", help="also name each skipped input")


class UsageError(Exception):
    """A bad combination of arguments (exit status 2)."""


@attrs.frozen
class Plan:
    """What a run will do, settled from the arguments before any page is read."""

    batch: bool
    fmt: str
    jobs: int
    retrieved_at: datetime | None
    timeout: float | None = None


def run(args: argparse.Namespace) -> int:
    """Run ``newsparse parse``; returns the exit status."""
    try:
        plan = _plan(args)
    except UsageError as exc:
        print(f"newsparse parse: error: {exc}", file=sys.stderr)
        return 2
    if args.extractor:
        try:
            _check_extractor(args.extractor)
        except ExtractorNotFoundError as exc:
            print(f"newsparse parse: error: {exc}", file=sys.stderr)
            return 2
        except ExtractorLoadError as exc:
            print(f"newsparse: {exc}", file=sys.stderr)
            return 1
    if args.explain and load_explain() is None:
        print(
            "newsparse: --explain needs newsparse.diagnostics.explain, which this installation "
            'lacks; "explain" will be null',
            file=sys.stderr,
        )
    try:
        sink = _open_output(args.output)
    except OSError as exc:
        print(f"newsparse parse: error: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    try:
        return _process(args, plan, sink)
    finally:
        _close_output(sink, args.output)


def _check_extractor(name: str) -> None:
    from newsparse import registry

    registry.get(name)


def _plan(args: argparse.Namespace) -> Plan:
    inputs: list[str] = args.inputs
    if inputs.count("-") > 1:
        raise UsageError("standard input (-) can be given only once")
    single = len(inputs) == 1 and (inputs[0] == "-" or _is_page_file(inputs[0]))
    if args.url and not single:
        raise UsageError("--url needs exactly one page input (a file or -), not a directory, glob or WARC")
    if args.jobs < 0:
        raise UsageError(f"--jobs must be 0 (one per CPU) or more, got {args.jobs}")
    if args.encoding and codec_name(args.encoding) is None:  # the one rule for what a charset is
        raise UsageError(f"unknown encoding {args.encoding!r} (not a charset text can be decoded with)")
    if not (math.isfinite(args.timeout) and args.timeout >= 0):
        raise UsageError(f"--timeout must be 0 (no limit) or a number of seconds, got {args.timeout}")
    retrieved_at = _parse_retrieved_at(args.retrieved_at) if args.retrieved_at else None
    jobs = args.jobs or os.cpu_count() or 1
    fmt = args.format or ("json" if single else "jsonl")
    timeout = args.timeout or None
    return Plan(batch=not single, fmt=fmt, jobs=jobs, retrieved_at=retrieved_at, timeout=timeout)


def _is_page_file(argument: str) -> bool:
    """True for one page: a file that is not a WARC (or a missing path, which then fails
    as that one page), not a directory or a glob pattern."""
    path = Path(argument)
    if path.is_dir() or is_warc(path):
        return False
    return path.exists() or not has_glob(argument)


def _parse_retrieved_at(value: str) -> datetime:
    from dateutil.parser import isoparse

    try:
        parsed = isoparse(value)
    except ValueError:
        raise UsageError(f"--retrieved-at {value!r} is not an ISO 8601 date-time") from None
    if parsed.tzinfo is None:
        raise UsageError(f"--retrieved-at {value!r} needs a UTC offset, e.g. {value}+08:00 or {value}Z")
    return parsed


# --- output -----------------------------------------------------------------------------


def _open_output(path: str | None) -> IO[str]:
    if path is not None:
        return Path(path).open("w", encoding="utf-8", newline="\n")
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("_", "-")
    buffer = getattr(sys.stdout, "buffer", None)
    if encoding in ("utf-8", "utf8") or buffer is None:
        return sys.stdout
    # Articles hold non-ASCII text; a C/POSIX locale must not turn that into an error.
    sys.stdout.flush()
    return io.TextIOWrapper(buffer, encoding="utf-8", newline="\n", write_through=True)


def _close_output(sink: IO[str], path: str | None) -> None:
    if path is not None:
        sink.close()
    elif isinstance(sink, io.TextIOWrapper) and sink is not sys.stdout:
        sink.flush()
        sink.detach()  # leave the real stdout's buffer open
    else:
        sink.flush()


class Writer:
    """Renders results in one output format, separating articles as the format needs."""

    def __init__(self, sink: IO[str], fmt: str, *, batch: bool, explain: bool) -> None:
        self.sink = sink
        self.fmt = fmt
        self.batch = batch
        self.explain = explain
        self.written = 0

    def write(self, result: Result) -> None:
        """Write one article, as one ``write`` call: an article that cannot be rendered or
        encoded raises before anything of it reaches the sink (its caller fails that page)."""
        self.sink.write(self._render(result))
        self.written += 1
        self.sink.flush()

    def _render(self, result: Result) -> str:
        article = result.article
        assert article is not None
        parts: list[str] = []
        if self.fmt in ("json", "jsonl"):
            one_line = self.batch or self.fmt == "jsonl"
            indent = None if one_line else 2
            if self.explain:
                text = json.dumps(
                    {"article": article.to_dict(), "explain": result.explain},
                    ensure_ascii=False,
                    indent=indent,
                )
            else:
                text = article.to_json(indent=indent)
            parts.append(text + "\n")
        else:
            if self.written:
                parts.append("\n---\n\n" if self.fmt == "markdown" else "\n" + "=" * 72 + "\n\n")
            parts.append(article.to_markdown() if self.fmt == "markdown" else article.to_text())
            if self.explain:
                report = json.dumps(result.explain, ensure_ascii=False, indent=2)
                fence = ("\n```json\n", "\n```\n") if self.fmt == "markdown" else ("\nDiagnostics:\n", "\n")
                parts.append(fence[0] + report + fence[1])
        return "".join(parts)


# --- progress and summary -------------------------------------------------------------


@attrs.define
class Tally:
    """Counts of a run, for the progress bar and the summary line."""

    parsed: int = 0
    failed: int = 0
    skipped: int = 0
    started: float = attrs.field(factory=time.monotonic)

    def add(self, result: Result) -> None:
        if result.article is not None:
            self.parsed += 1
        elif result.error is not None:
            self.failed += 1
        else:
            self.skipped += 1

    @property
    def done(self) -> int:
        return self.parsed + self.failed + self.skipped

    def rate(self) -> float:
        elapsed = self.elapsed()
        return (self.parsed + self.failed) / elapsed if elapsed > 0 else 0.0

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def summary(self) -> str:
        return (
            f"newsparse: {self.parsed} parsed, {self.failed} failed, {self.skipped} skipped "
            f"in {self.elapsed():.2f} s ({self.rate():.1f} pages/s)"
        )


class ProgressBar:
    """A one-line progress bar redrawn in place on a terminal, at most ten times a second."""

    WIDTH = 28
    INTERVAL = 0.1

    def __init__(self, stream: IO[str], total: int | None) -> None:
        self.stream = stream
        self.total = total
        self.shown = 0  # length of the line on screen, 0 when cleared
        self.last = 0.0

    def update(self, tally: Tally, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < self.INTERVAL:
            return
        self.last = now
        counts = f"{tally.parsed} parsed, {tally.failed} failed  {tally.rate():.1f} pages/s"
        if self.total:
            share = min(tally.done / self.total, 1.0)
            filled = int(share * self.WIDTH)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            line = f"[{bar}] {tally.done}/{self.total} {share:4.0%}  {counts}"
        else:
            line = f"{tally.done} done  {counts}"
        # Pad with spaces over a longer previous line instead of relying on ANSI codes.
        self.stream.write("\r" + line.ljust(self.shown))
        self.stream.flush()
        self.shown = len(line)

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
            self.shown = 0


# --- the run --------------------------------------------------------------------------


def _inputs(args: argparse.Namespace, plan: Plan) -> Iterator[Input]:
    """The argument list as inputs, with the page hints applied."""
    for argument in args.inputs:
        if argument == "-":
            try:
                data = _read_stdin()
            except LimitExceededError as exc:
                yield BrokenInput(STDIN, exc)
                continue
            yield InputItem(source=STDIN, data=data, url=args.url, retrieved_at=plan.retrieved_at)
            continue
        if args.url:
            path = Path(argument)
            yield InputItem(source=argument, path=path, url=args.url, retrieved_at=plan.retrieved_at)
            continue
        for item in expand([argument]):
            if isinstance(item, InputItem) and plan.retrieved_at and item.retrieved_at is None:
                item = attrs.evolve(item, retrieved_at=plan.retrieved_at)
            yield item


def _read_stdin() -> bytes | str:
    """Standard input, read no further than one byte past the page size limit."""
    buffer: IO[bytes] | None = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return read_limited(buffer, DEFAULT_LIMITS.max_bytes, STDIN)
    text: str = read_limited(sys.stdin, DEFAULT_LIMITS.max_bytes, STDIN)  # a text stream (tests)
    return text


def _preload_for_workers() -> None:
    """Have the fork server import newsparse and the extractor plugins once, so each worker
    starts with them loaded instead of importing them itself.

    Done here and not in the batch API: the fork server is process-wide, and this command
    owns its process, while a library must not change its caller's settings."""
    import multiprocessing

    from newsparse import registry

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return
    modules = ["newsparse.batch", "newsparse.workers"]
    broken = registry.broken()
    for entry in registry.entries():
        module = entry.target.partition(":")[0]
        if entry.name not in broken and entry.origin != "runtime" and module not in modules:
            modules.append(module)
    multiprocessing.get_context("forkserver").set_forkserver_preload(modules)


def _show_progress(args: argparse.Namespace, plan: Plan) -> bool:
    if args.quiet or not plan.batch:
        return False
    if args.progress is not None:
        return bool(args.progress)
    return sys.stderr.isatty()


def _failure_line(result: Result) -> str:
    error = result.error
    assert error is not None
    where = result.source
    if result.url and result.url != result.source:
        where += f" <{result.url}>"
    return f"{where}: {error.message}"


def _process(args: argparse.Namespace, plan: Plan, sink: IO[str]) -> int:
    writer = Writer(sink, plan.fmt, batch=plan.batch, explain=args.explain)
    tally = Tally()
    progress = None
    if _show_progress(args, plan):
        progress = ProgressBar(sys.stderr, count_documents(a for a in args.inputs if a != "-"))
    debug = bool(getattr(args, "debug", False))
    if plan.jobs > 1:
        _preload_for_workers()
    results = parse_many(
        _inputs(args, plan),
        jobs=plan.jobs,
        ordered=not args.unordered,
        extractor=args.extractor,
        encoding=args.encoding,
        fallback=args.fallback,
        explain=args.explain,
        timeout=plan.timeout,
    )
    to_terminal = sink is sys.stdout and sys.stdout.isatty()
    for result in results:
        if result.article is not None:
            if progress is not None and to_terminal:
                progress.clear()
            try:
                writer.write(result)
            except (UnicodeError, ValueError, TypeError, RecursionError) as exc:
                # One article that cannot be written fails alone, named; the batch goes on.
                error = NewsparseError(f"cannot write the article: {type(exc).__name__}: {exc}")
                result = Result(source=result.source, url=result.url, error=error)
        tally.add(result)
        if result.error is not None:
            if progress is not None:
                progress.clear()
            print(_failure_line(result), file=sys.stderr)
            if debug and result.traceback:
                print(result.traceback.rstrip(), file=sys.stderr)
        elif result.skipped is not None and args.verbose:
            if progress is not None:
                progress.clear()
            print(f"{result.source}: skipped: {result.skipped}", file=sys.stderr)
        if progress is not None:
            progress.update(tally)
    if progress is not None:
        progress.update(tally, force=True)
        progress.clear()
    if plan.batch and not args.quiet:
        print(tally.summary(), file=sys.stderr)
    return 1 if tally.failed else 0
