"""`newsparse check DIR`: drift check over a folder of fresh pages.

Each page (``*.html``, ``*.htm``, ``*.xhtml``, a capture ``*.txt`` — the rule of
:func:`newsparse.samples.is_page_file` — searched recursively, with an optional
``<page>.input.json`` giving its URL and retrieval time) is extracted as ``newsparse parse``
would, then judged by :func:`newsparse.diagnostics.check_page`: the share of the content
root's visible text that reached the Article, and the required fields. One line a page;
exit status 1 when any page is flagged or fails, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from newsparse.diagnostics import format_share
from newsparse.errors import NewsparseError

if TYPE_CHECKING:
    from newsparse.diagnostics import Verdict

__all__ = ["add_parser", "run"]

_DEFAULT_REQUIRED = "title,published,body"

_DESCRIPTION = """\
Run the extractors over a folder of fresh pages and flag the pages whose coverage (the
share of the content root's visible text that ended up in the article) or required
fields fall below the thresholds: the early warning that a site's layout has drifted.
A page's URL and retrieval time come from its capture envelope or from a
<page>.input.json beside it ({"url": ..., "retrieved_at": ...})."""

_EPILOG = """\
exit status: 0 when no page is flagged, 1 when some page is flagged or fails, 2 on a
usage error.

output: one line per page: OK or FLAG (or ERROR), coverage, extractor/layout, the page,
then what was flagged and the largest run of lost text. Use --format jsonl for machines,
and `newsparse parse PAGE --explain` to see everything about one page."""


def add_parser(subparsers: Any) -> None:
    """Register ``check`` and its options."""
    parser = subparsers.add_parser(
        "check",
        help="flag pages whose coverage or required fields fall below thresholds (drift check)",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("directory", metavar="DIR", type=Path, help="folder of pages (searched recursively)")
    parser.add_argument(
        "--min-coverage",
        type=float,
        default=0.9,
        metavar="SHARE",
        help="flag pages whose coverage is below SHARE, from 0 to 1 (default: 0.9)",
    )
    parser.add_argument(
        "--require",
        default=_DEFAULT_REQUIRED,
        metavar="FIELDS",
        help=f"comma-separated Article fields that must be non-empty (default: {_DEFAULT_REQUIRED}; "
        "'' for none)",
    )
    parser.add_argument("-e", "--extractor", metavar="NAME", help="use this extractor for every page")
    parser.add_argument(
        "-f", "--format", choices=("text", "jsonl"), default="text", help="output format (default: text)"
    )


def _usage_error(message: str) -> int:
    print(f"newsparse check: error: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    """Check every page under ``args.directory``; return the exit status."""
    from newsparse import api, diagnostics, registry
    from newsparse.samples import find_pages, read_inputs

    directory: Path = args.directory
    if not directory.is_dir():
        return _usage_error(f"{directory} is not a directory")
    if not 0.0 <= args.min_coverage <= 1.0:
        return _usage_error(f"--min-coverage must be between 0 and 1, got {args.min_coverage}")
    required = [name.strip() for name in args.require.split(",") if name.strip()]
    unknown = [name for name in required if name not in diagnostics.ARTICLE_FIELDS]
    if unknown:
        return _usage_error(
            f"unknown field(s) in --require: {', '.join(unknown)} "
            f"(choose from {', '.join(diagnostics.ARTICLE_FIELDS)})"
        )
    if args.extractor:
        try:
            registry.get(args.extractor)
        except NewsparseError as exc:
            return _usage_error(str(exc))
    pages = list(find_pages(directory))
    if not pages:
        return _usage_error(f"no pages (*.html, *.htm, *.xhtml, capture *.txt) under {directory}")

    out: TextIO = sys.stdout
    flagged = failed = 0
    for path in pages:
        shown = path.relative_to(directory).as_posix()
        try:
            saved = read_inputs(path)
            extraction = api.extract(
                saved.read(),
                url=saved.url,
                retrieved_at=saved.retrieved_at,
                encoding=saved.encoding,
                extractor=args.extractor,
                source=shown,
            )
        except NewsparseError as exc:
            failed += 1
            _emit_error(out, args.format, shown, exc)
            continue
        verdict = diagnostics.check_page(extraction, min_coverage=args.min_coverage, required=required)
        flagged += verdict.flagged
        _emit(out, args.format, shown, extraction.article.extractor, extraction.article.layout, verdict)
    total = len(pages)
    summary = f"{total} page{'s' if total != 1 else ''}: {total - flagged - failed} ok, {flagged} flagged"
    summary += f", {failed} failed" if failed else ""
    print(summary, file=sys.stderr if args.format == "jsonl" else out)
    return 1 if flagged or failed else 0


def _emit_error(out: TextIO, fmt: str, shown: str, exc: NewsparseError) -> None:
    if fmt == "jsonl":
        record = {"page": shown, "status": "error", "error": str(exc)}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        out.write(f"ERROR  {'':>6}  {'':<32}  {shown}  {exc}\n")


def _emit(out: TextIO, fmt: str, shown: str, extractor: str, layout: str, verdict: Verdict) -> None:
    coverage = verdict.report.get("coverage")
    lost = coverage["lost"][0] if coverage and coverage["lost"] else None
    if fmt == "jsonl":
        record = {
            "page": shown,
            "status": "flag" if verdict.flagged else "ok",
            "extractor": extractor,
            "layout": layout,
            "coverage": verdict.coverage,
            "missing": list(verdict.missing),
            "flags": list(verdict.flags),
            "lost": coverage["lost"] if coverage else None,
            "root": coverage["root"] if coverage else None,
            "root_decision": _root_decision(verdict),
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    status = "FLAG" if verdict.flagged else "OK"
    shown_coverage = "n/a" if verdict.coverage is None else format_share(verdict.coverage)
    line = f"{status:<5}  {shown_coverage:>6}  {extractor + '/' + layout:<32}  {shown}"
    if verdict.flagged:
        line += "  " + "; ".join(verdict.flags)
        if lost is not None:
            line += f"; lost e.g. {lost['element']} {json.dumps(lost['text'][:60], ensure_ascii=False)}"
        decision = _root_decision(verdict)
        if decision:
            line += f"; root: {decision}"
    out.write(line + "\n")


def _root_decision(verdict: Verdict) -> str | None:
    """The extractor's last word on its content root (where and why), if it gave one."""
    details = [d["detail"] for d in verdict.report.get("decisions", ()) if d["what"] == "content_root"]
    return details[-1] if details else None
